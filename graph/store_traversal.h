// Breadth-first traversals of the graph kept in a TripleStore, read through
// its edge indexes one node at a time (Match with the subject bound, then
// with the object bound) instead of loading a KnowledgeGraph: the cost is
// proportional to the edges of the nodes a traversal visits, never to the
// size of the store, so a query about one entity stays fast on a store of
// millions of edges.
//
// Edges are followed in either direction (reachability is undirected) but
// every step keeps the edge as stored, so callers can print its real
// direction. Statement nodes are nodes like any other: a path may go
// speaker -said-> statement -mentions-> entity.
//
// Every function returns the store's Status when a read fails and leaves its
// output unspecified then.
#ifndef ISNAD_GRAPH_STORE_TRAVERSAL_H_
#define ISNAD_GRAPH_STORE_TRAVERSAL_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "base/status.h"
#include "graph/knowledge_graph.h"
#include "store/triple_store.h"

namespace isnad {

// Which edges a traversal may follow.
struct TraversalFilter {
  // Only edges of this predicate term; unset: every relation.
  std::optional<TermId> predicate;
};

// One stored edge as seen from the node a traversal stands on.
struct Step {
  EdgeKey edge;
  uint32_t weight = 0;  // supporting mentions
  // True when the edge leaves the node stood on (it is the subject), false
  // when it arrives there (it is the object).
  bool forward = true;
  TermId from() const { return forward ? edge.subject : edge.object; }
  TermId to() const { return forward ? edge.object : edge.subject; }
};

// Calls `fn` for every edge that `filter` admits with `node` at either end:
// the edges leaving it, then those arriving, each in index order, until `fn`
// returns false. Two index prefix scans (or two with the predicate bound).
// A self-loop is seen twice, once each way.
Status ForEachIncidentEdge(const TripleStore& store, TermId node, const TraversalFilter& filter,
                           const std::function<bool(const Step&)>& fn);

// ---- Neighbourhood -----------------------------------------------------------

struct NeighborhoodOptions {
  uint32_t max_depth = 1;  // hops from the origin
  TraversalFilter filter;
  // Stop once this many nodes are reached; 0: no limit. Keeps a question
  // about a hub at depth 2 or 3 from walking the whole store.
  size_t max_nodes = 0;
};

struct ReachedNode {
  TermId node = 0;
  uint32_t distance = 0;  // hops from the origin, at least 1
  // The first edge found that reached the node, from a node at distance - 1
  // (step.from()) to this one (step.to() == node).
  Step via;
};

struct Neighborhood {
  // Every node within max_depth hops, the origin excluded, in breadth-first
  // order: by distance, then in the order the edges were met. Distances are
  // exact even when truncated: a node's distance is fixed when it is found.
  std::vector<ReachedNode> nodes;
  // True when max_nodes stopped the search with nodes left to find.
  bool truncated = false;
};

Status FindNeighborhood(const TripleStore& store, TermId origin, const NeighborhoodOptions& options,
                        Neighborhood* out);

// ---- Shortest paths ----------------------------------------------------------

struct PathOptions {
  uint32_t max_length = 4;  // hops; longer paths are not looked for
  TraversalFilter filter;
  // Paths spelled out in ShortestPaths::paths; all are counted regardless.
  size_t max_paths = 20;
};

// One shortest path: the nodes it passes and, between each two consecutive
// ones, every edge joining them that the filter admits (in either
// direction, each a Step from the earlier node). Parallel edges (two
// relations between the same pair, or both directions) make one path, not
// several: a path is a sequence of nodes.
struct NodePath {
  std::vector<TermId> nodes;            // from .. to
  std::vector<std::vector<Step>> hops;  // hops[i] joins nodes[i] and nodes[i + 1]
};

struct ShortestPaths {
  bool found = false;
  uint32_t length = 0;  // hops of every shortest path, when found
  // How many distinct shortest paths there are (saturates at UINT64_MAX).
  uint64_t count = 0;
  // The first max_paths of them, ordered by the term ids of their nodes
  // (deterministic for a given store).
  std::vector<NodePath> paths;
};

// Every shortest path between `from` and `to` of at most options.max_length
// hops, by bidirectional breadth-first search: each round expands whole the
// side with the smaller frontier, and the search stops at the first round
// whose new frontier touches the other side, which then holds every middle
// node of every shortest path. When from == to: one path of length 0.
// `found` is false when no path is that short.
Status FindShortestPaths(const TripleStore& store, TermId from, TermId to,
                         const PathOptions& options, ShortestPaths* out);

// ---- Reading what a traversal found ----------------------------------------

// Memoised reads of what traversal results are printed with: node records,
// predicate names and edges' first evidence. A node or edge named on many
// paths or in many groups is read once. Not thread-safe.
class StoreLookup {
 public:
  explicit StoreLookup(const TripleStore& store) : store_(store) {}

  // The node's record. One that cannot be read (a dangling id, which
  // TripleStore::Verify reports) comes back labelled "?" rather than
  // failing a whole listing.
  const NodeRecord& Node(TermId id);
  // The predicate's name; "?" when it cannot be read.
  const std::string& Relation(TermId predicate);
  // The text of a statement node (its label is a shortened form); the
  // label of any other node.
  const std::string& Text(TermId id);
  // Sets `*evidence` to the first supporting mention of `edge` with its
  // sentence, or to nullptr when the edge has none.
  Status FirstEvidence(const EdgeKey& edge, const Evidence** evidence);

 private:
  const TripleStore& store_;
  std::unordered_map<TermId, NodeRecord> nodes_;
  std::unordered_map<TermId, std::string> relations_;
  std::map<EdgeKey, std::optional<Evidence>> evidence_;
};

// ---- Documents ---------------------------------------------------------------

// The records (id, title, date, ...) of the documents named `doc_ids`, by
// id; ids the store does not hold are left out. One look-up each for a
// few, one scan of the document table for many: a look-up decodes the
// document's whole record, its graph contribution included, while the scan
// decodes only the header, so past a few hundred ids the scan is cheaper.
Status ReadDocuments(const TripleStore& store, const std::vector<std::string>& doc_ids,
                     std::unordered_map<std::string, DocumentRecord>* out);

// Orders article dates: ISO dates ascending, undated ("") last.
inline bool DateBefore(const std::string& a, const std::string& b) {
  if (a.empty() != b.empty()) return b.empty();
  return a < b;
}

}  // namespace isnad

#endif  // ISNAD_GRAPH_STORE_TRAVERSAL_H_
