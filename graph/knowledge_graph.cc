#include "graph/knowledge_graph.h"

#include "graph/graph_source.h"

namespace isnad {

Status KnowledgeGraph::Load(const TripleStore& store, const GraphOptions& options,
                            KnowledgeGraph* out) {
  // The streamed source is the one reading of the store; here it is kept.
  out->Clear();
  StoreGraphSource source(store, options);
  Status s = source.ForEachNode([&](const GraphNode& node, size_t) { out->AddNode(node); });
  if (!s.ok()) return s;
  return source.ForEachEdge([&](TermId from, TermId to, const GraphEdge& edge) {
    Vertex u, v;
    if (out->FindVertex(from, &u) && out->FindVertex(to, &v)) out->AddEdge(u, v, edge);
  });
}

bool KnowledgeGraph::FindVertex(TermId id, Vertex* v) const {
  auto it = vertex_of_.find(id);
  if (it == vertex_of_.end()) return false;
  *v = it->second;
  return true;
}

}  // namespace isnad
