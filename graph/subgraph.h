// Selecting part of a KnowledgeGraph: by node kind, relation, article,
// article date, edge weight and neighbourhood. Generic over the graph: it
// reads one KnowledgeGraph and builds another.
#ifndef ISNAD_GRAPH_SUBGRAPH_H_
#define ISNAD_GRAPH_SUBGRAPH_H_

#include <set>
#include <string>
#include <vector>

#include "graph/knowledge_graph.h"

namespace isnad {

struct SubgraphFilter {
  std::set<std::string> kinds;      // empty: every kind
  std::set<std::string> relations;  // empty: every relation
  std::string doc;                  // only what this article supports
  std::string since, until;         // ISO dates; only what articles in range support
  uint32_t min_weight = 0;          // only edges with at least this many mentions
  std::vector<TermId> around;       // only the ego network of these nodes...
  size_t depth = 1;                 // ...up to this many hops, either direction
  bool include_statements = true;

  // True when a filter applies to edges: nodes left without an edge are
  // then dropped too, since they were kept only for edges no longer there.
  bool FiltersEdges() const {
    return !relations.empty() || !doc.empty() || !since.empty() || !until.empty() || min_weight > 0;
  }
};

// Builds in `*out` the part of `in` that `filter` selects. `doc_dates` maps
// article ids to their dates (for since/until; undated articles are out of
// any date range).
void SelectSubgraph(const KnowledgeGraph& in, const SubgraphFilter& filter,
                    const std::unordered_map<std::string, std::string>& doc_dates,
                    KnowledgeGraph* out);

}  // namespace isnad

#endif  // ISNAD_GRAPH_SUBGRAPH_H_
