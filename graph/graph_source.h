// GraphSource is what the exporters read: nodes with their degree, then
// edges. Two sources: a KnowledgeGraph in memory (after a selection), and
// the store itself, streamed, so that exporting a million edges needs memory
// for the nodes only.
#ifndef ISNAD_GRAPH_GRAPH_SOURCE_H_
#define ISNAD_GRAPH_GRAPH_SOURCE_H_

#include <functional>
#include <memory>
#include <mutex>
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

// Reads the whole store in index order (see TripleStore::ScanNodes and
// ScanEdges), on a thread of its own while the caller's callback runs.
// Each pass may run on its own thread at the same time as the other.
class StoreGraphSource : public GraphSource {
 public:
  StoreGraphSource(const TripleStore& store, const GraphOptions& options);
  ~StoreGraphSource() override;
  Status ForEachNode(const NodeFn& fn) const override;
  Status ForEachEdge(const EdgeFn& fn) const override;

 private:
  struct DocInfo {
    std::string name, date;
  };
  // Reads, once for both passes, the documents' names and dates and the
  // nodes left out (statements, when GraphOptions excludes them).
  Status Prepare() const;
  const DocInfo* Doc(TermId term) const;
  bool Excluded(TermId term) const;
  // ForEachEdge in spo order, evidence read by batched look-ups.
  Status EdgesByIndex(const EdgeFn& fn) const;
  // ForEachEdge for one evidence sentence per edge, in sentence order.
  Status EdgesBySentence(const EdgeFn& fn) const;
  struct EdgeRows;
  void StartEdgeRows() const;
  Status ReadEdgeRows(EdgeRows* out) const;
  mutable std::unique_ptr<EdgeRows> edge_rows_;
  const TripleStore& store_;
  GraphOptions options_;
  mutable std::once_flag prepared_;
  mutable Status prepare_status_;
  // Documents by term id: doc_slot_[term] is 1 + the index in doc_info_,
  // 0 for terms that are no document.
  mutable std::vector<uint32_t> doc_slot_;
  mutable std::vector<DocInfo> doc_info_;
  mutable std::unordered_set<TermId> excluded_;
};

}  // namespace isnad

#endif  // ISNAD_GRAPH_GRAPH_SOURCE_H_
