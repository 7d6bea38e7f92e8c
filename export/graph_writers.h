// Writers that serialise a KnowledgeGraph. Each streams to an std::ostream
// and returns IOError when the stream fails (a full disk, a closed pipe).
#ifndef ISNAD_EXPORT_GRAPH_WRITERS_H_
#define ISNAD_EXPORT_GRAPH_WRITERS_H_

#include <ostream>

#include "base/status.h"
#include "graph/analytics.h"
#include "graph/graph_source.h"
#include "graph/knowledge_graph.h"

namespace isnad {

// GraphML for Gephi, NetworkX and igraph: a directed graph with node
// attributes label, kind, aliases ("|"-separated), docs (count), text and
// wikidata, and edge attributes relation, label (= relation, which Gephi
// shows), weight (supporting mentions), negated, evidence (one sentence) and
// doc (that sentence's document).
//
// With `metrics` (export --with-metrics), nodes also get the attributes
// pagerank (double), degree (int) and community (int) of their entry, so
// that Gephi can size and colour by them; a node without an entry gets none.
class GraphMlWriter {
 public:
  static Status Write(const GraphSource& graph, std::ostream& out,
                      const analytics::NodeMetricsById* metrics = nullptr);
  static Status Write(const KnowledgeGraph& graph, std::ostream& out,
                      const analytics::NodeMetricsById* metrics = nullptr) {
    return Write(InMemoryGraphSource(graph), out, metrics);
  }
};

// GEXF 1.3, Gephi's own format: the same attributes as GraphML, nodes
// coloured by kind (viz:color, palette.h) and sized by degree (viz:size),
// and nodes and edges given spells from their articles' dates so that
// Gephi's timeline plays the story. `metrics` as for GraphMlWriter.
class GexfWriter {
 public:
  static Status Write(const GraphSource& graph, std::ostream& out,
                      const analytics::NodeMetricsById* metrics = nullptr);
  static Status Write(const KnowledgeGraph& graph, std::ostream& out,
                      const analytics::NodeMetricsById* metrics = nullptr) {
    return Write(InMemoryGraphSource(graph), out, metrics);
  }
};

// The two files of `neo4j-admin database import`: nodes (":ID", ":LABEL" =
// the kind, typed properties) and relationships (":START_ID", ":END_ID",
// ":TYPE" = the relation). Arrays use ";" (neo4j-admin's default delimiter).
class Neo4jCsvWriter {
 public:
  static Status Write(const GraphSource& graph, std::ostream& nodes, std::ostream& relationships);
  static Status Write(const KnowledgeGraph& graph, std::ostream& nodes,
                      std::ostream& relationships) {
    return Write(InMemoryGraphSource(graph), nodes, relationships);
  }
};

// RDF N-Triples. IRIs: entities <https://isnad.dev/id/entity/KEY>,
// statements <https://isnad.dev/id/statement/KEY>, predicates and classes
// <https://isnad.dev/ontology#NAME>; Wikidata ids as owl:sameAs; each edge's
// provenance as a reified rdf:Statement naming document, sentence and text.
class NTriplesWriter {
 public:
  static Status Write(const GraphSource& graph, std::ostream& out);
  static Status Write(const KnowledgeGraph& graph, std::ostream& out) {
    return Write(InMemoryGraphSource(graph), out);
  }
};

// JSON Lines as ../shared/eval/SCHEMA.md specifies: one node or edge object
// a line, node ids "n<term id>", edges with their full provenance.
class JsonlWriter {
 public:
  static Status Write(const GraphSource& graph, std::ostream& out);
  static Status Write(const KnowledgeGraph& graph, std::ostream& out) {
    return Write(InMemoryGraphSource(graph), out);
  }
};

}  // namespace isnad

#endif  // ISNAD_EXPORT_GRAPH_WRITERS_H_
