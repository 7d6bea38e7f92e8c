#include "graph/subgraph.h"

#include <boost/graph/breadth_first_search.hpp>
#include <deque>

namespace isnad {

namespace {

bool InRange(const std::string& date, const SubgraphFilter& f) {
  if (f.since.empty() && f.until.empty()) return true;
  if (date.empty()) return false;
  // ISO dates compare as strings; a bare "2025-12" covers its whole month.
  if (!f.since.empty() && date < f.since) return false;
  if (!f.until.empty() && date.compare(0, f.until.size(), f.until) > 0) return false;
  return true;
}

}  // namespace

void SelectSubgraph(const KnowledgeGraph& in, const SubgraphFilter& f,
                    const std::unordered_map<std::string, std::string>& doc_dates,
                    KnowledgeGraph* out) {
  const Graph& g = in.graph();
  const size_t n = boost::num_vertices(g);
  auto doc_ok = [&](const std::string& doc) {
    if (!f.doc.empty() && doc != f.doc) return false;
    if (f.since.empty() && f.until.empty()) return true;
    auto it = doc_dates.find(doc);
    return it != doc_dates.end() && InRange(it->second, f);
  };
  std::vector<bool> keep_node(n, false);
  for (Vertex v : boost::make_iterator_range(boost::vertices(g))) {
    const GraphNode& node = g[v];
    bool ok = node.kind != "statement" || f.include_statements;
    if (!f.kinds.empty()) ok = ok && f.kinds.count(node.kind) > 0;
    if (ok && (!f.doc.empty() || !f.since.empty() || !f.until.empty())) {
      ok = std::any_of(node.docs.begin(), node.docs.end(), doc_ok);
    }
    keep_node[v] = ok;
  }
  // The ego network: breadth first from the centres, over edges of either
  // direction between kept nodes.
  if (!f.around.empty()) {
    std::vector<size_t> hops(n, SIZE_MAX);
    std::deque<Vertex> queue;
    for (TermId id : f.around) {
      Vertex v;
      if (in.FindVertex(id, &v) && hops[v] == SIZE_MAX) {
        hops[v] = 0;
        queue.push_back(v);
      }
    }
    while (!queue.empty()) {
      const Vertex v = queue.front();
      queue.pop_front();
      if (hops[v] >= f.depth) continue;
      auto visit = [&](Vertex w) {
        if (keep_node[w] && hops[w] == SIZE_MAX) {
          hops[w] = hops[v] + 1;
          queue.push_back(w);
        }
      };
      for (auto e : boost::make_iterator_range(boost::out_edges(v, g))) visit(boost::target(e, g));
      for (auto e : boost::make_iterator_range(boost::in_edges(v, g))) visit(boost::source(e, g));
    }
    for (size_t v = 0; v < n; ++v) keep_node[v] = keep_node[v] && hops[v] != SIZE_MAX;
  }
  // Edges between kept nodes that pass the edge filters.
  std::vector<std::pair<std::pair<Vertex, Vertex>, const GraphEdge*>> edges;
  std::vector<bool> has_edge(n, false);
  for (auto e : boost::make_iterator_range(boost::edges(g))) {
    const Vertex s = boost::source(e, g), t = boost::target(e, g);
    const GraphEdge& edge = g[e];
    if (!keep_node[s] || !keep_node[t]) continue;
    if (!f.relations.empty() && !f.relations.count(edge.relation)) continue;
    if (edge.weight < f.min_weight) continue;
    if (!f.doc.empty() || !f.since.empty() || !f.until.empty()) {
      // The evidence carries every supporting article when loaded whole.
      const bool supported = std::any_of(edge.evidence.begin(), edge.evidence.end(),
                                         [&](const Evidence& ev) { return doc_ok(ev.doc); });
      if (!supported) continue;
    }
    edges.push_back({{s, t}, &edge});
    has_edge[s] = has_edge[t] = true;
  }
  out->Clear();
  std::vector<Vertex> map(n);
  for (Vertex v : boost::make_iterator_range(boost::vertices(g))) {
    if (!keep_node[v] || (f.FiltersEdges() && !has_edge[v])) continue;
    map[v] = out->AddNode(g[v]);
  }
  for (const auto& [ends, edge] : edges) out->AddEdge(map[ends.first], map[ends.second], *edge);
}

}  // namespace isnad
