// Writers that serialise a KnowledgeGraph. Each streams to an std::ostream
// and returns IOError when the stream fails (a full disk, a closed pipe).
#ifndef ISNAD_EXPORT_GRAPH_WRITERS_H_
#define ISNAD_EXPORT_GRAPH_WRITERS_H_

#include <ostream>

#include "base/status.h"
#include "graph/knowledge_graph.h"

namespace isnad {

// GraphML for Gephi, NetworkX and igraph: a directed graph with node
// attributes label, kind, aliases ("|"-separated), docs (count), text and
// wikidata, and edge attributes relation, label (= relation, which Gephi
// shows), weight (supporting mentions), negated, evidence (one sentence) and
// doc (that sentence's document).
class GraphMlWriter {
 public:
  static Status Write(const KnowledgeGraph& graph, std::ostream& out);
};

// JSON Lines as ../shared/eval/SCHEMA.md specifies: one node or edge object
// a line, node ids "n<term id>", edges with their full provenance.
class JsonlWriter {
 public:
  static Status Write(const KnowledgeGraph& graph, std::ostream& out);
};

}  // namespace isnad

#endif  // ISNAD_EXPORT_GRAPH_WRITERS_H_
