// GraphSource is what the exporters read: nodes with their degree, then
// edges. Two sources: a KnowledgeGraph in memory (after a selection), and
// the store itself, streamed, so that exporting a million edges needs memory
// for the nodes only.
#ifndef ISNAD_GRAPH_GRAPH_SOURCE_H_
#define ISNAD_GRAPH_GRAPH_SOURCE_H_

#include <functional>
#include <unordered_set>

#include "base/status.h"
#include "graph/knowledge_graph.h"

namespace isnad {

class GraphSource {
 public:
  using NodeFn = std::function<void(const GraphNode& node, size_t degree)>;
  using EdgeFn = std::function<void(TermId source, TermId target, const GraphEdge& edge)>;
  virtual ~GraphSource() = default;
  // Every node, with its degree (in + out).
  virtual Status ForEachNode(const NodeFn& fn) const = 0;
  // Every edge between nodes that ForEachNode gives.
  virtual Status ForEachEdge(const EdgeFn& fn) const = 0;
};

class InMemoryGraphSource : public GraphSource {
 public:
  explicit InMemoryGraphSource(const KnowledgeGraph& graph) : graph_(graph) {}
  Status ForEachNode(const NodeFn& fn) const override;
  Status ForEachEdge(const EdgeFn& fn) const override;

 private:
  const KnowledgeGraph& graph_;
};

class StoreGraphSource : public GraphSource {
 public:
  StoreGraphSource(const TripleStore& store, const GraphOptions& options)
      : store_(store), options_(options) {}
  Status ForEachNode(const NodeFn& fn) const override;
  Status ForEachEdge(const EdgeFn& fn) const override;

 private:
  Status LoadDocDates() const;
  // The nodes left out (statements, when GraphOptions excludes them), read
  // once for both passes.
  Status LoadExcluded() const;
  const TripleStore& store_;
  GraphOptions options_;
  mutable std::unordered_map<std::string, std::string> doc_dates_;
  mutable bool dates_loaded_ = false;
  mutable std::unordered_set<TermId> excluded_;
  mutable bool excluded_loaded_ = false;
};

}  // namespace isnad

#endif  // ISNAD_GRAPH_GRAPH_SOURCE_H_
