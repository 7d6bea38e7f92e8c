// KnowledgeGraph is the in-memory graph built from a TripleStore: a
// Boost.Graph adjacency list whose vertices are entities and statements and
// whose edges are the store's edges with their weight and evidence. The
// exporters and the analytics work on it, never on the store directly.
#ifndef ISNAD_GRAPH_KNOWLEDGE_GRAPH_H_
#define ISNAD_GRAPH_KNOWLEDGE_GRAPH_H_

#include <boost/graph/adjacency_list.hpp>
#include <string>
#include <unordered_map>
#include <vector>

#include "base/status.h"
#include "store/triple_store.h"

namespace isnad {

struct GraphNode {
  TermId id = 0;
  std::string key;
  std::string kind;
  std::string label;
  std::string text;  // statements only
  std::string wikidata;
  std::vector<std::string> aliases;
  std::vector<std::string> docs;
  // Earliest and latest date of the articles naming it; empty when no
  // article has a date.
  std::string first_seen, last_seen;
};

// One supporting mention as the store keeps it, with its sentence's text.
struct Evidence : Provenance {
  std::string text;  // the sentence
};

struct GraphEdge {
  std::string relation;
  bool negated = false;
  uint32_t weight = 0;                // supporting mentions
  uint32_t docs = 0;                  // distinct supporting articles
  std::string first_seen, last_seen;  // dates of those articles, when known
  std::vector<Evidence> evidence;     // up to GraphOptions::max_evidence
};

using Graph =
    boost::adjacency_list<boost::vecS, boost::vecS, boost::bidirectionalS, GraphNode, GraphEdge>;
using Vertex = boost::graph_traits<Graph>::vertex_descriptor;

struct GraphOptions {
  bool include_statements = true;
  // Evidence sentences kept per edge; 0 keeps them all.
  size_t max_evidence = 0;
  // False: edges come without evidence (weights, documents and dates still
  // come), and no sentence is read: for analytics, which need structure only.
  bool with_evidence = true;
};

class KnowledgeGraph {
 public:
  // Builds the whole graph from `store`.
  static Status Load(const TripleStore& store, const GraphOptions& options, KnowledgeGraph* out);

  const Graph& graph() const { return graph_; }
  Graph& graph() { return graph_; }
  // Sets `*v` to the vertex of store term `id`; false when it is not in the graph.
  bool FindVertex(TermId id, Vertex* v) const;

  // Building a graph by hand (subgraphs, tests).
  void Clear() {
    graph_.clear();
    vertex_of_.clear();
  }
  Vertex AddNode(GraphNode node) {
    const TermId id = node.id;
    const Vertex v = boost::add_vertex(std::move(node), graph_);
    vertex_of_[id] = v;
    return v;
  }
  void AddEdge(Vertex source, Vertex target, GraphEdge edge) {
    boost::add_edge(source, target, std::move(edge), graph_);
  }

 private:
  Graph graph_;
  std::unordered_map<TermId, Vertex> vertex_of_;
};

}  // namespace isnad

#endif  // ISNAD_GRAPH_KNOWLEDGE_GRAPH_H_
