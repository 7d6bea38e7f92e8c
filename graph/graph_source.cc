#include "graph/graph_source.h"

#include <algorithm>
#include <thread>

#include "base/bounded_queue.h"

namespace isnad {

namespace {

void Widen(const std::string& date, std::string* first, std::string* last) {
  if (date.empty()) return;
  if (first->empty() || date < *first) *first = date;
  if (last->empty() || date > *last) *last = date;
}

// The store is read on a thread of its own, a batch at a time, while the
// caller's thread formats what was read: an export keeps both cores busy.
// A batch of edges also gets its evidence sentences in one batched read.
constexpr size_t kBatch = 1024;
constexpr size_t kBatchesInFlight = 4;

// Batches go from the producer to the consumer and, once consumed, back:
// their items, and the strings inside them, are reused, not allocated anew
// for every node and edge.
template <typename Item>
class BatchPipe {
 public:
  struct Batch {
    std::vector<Item> items;
    size_t size = 0;  // items in use; those past it are spare
  };

  // Producer: the next item of the batch being filled, a reused object
  // whose every field the caller must set.
  Item& Next() {
    if (filling_.size == filling_.items.size()) filling_.items.emplace_back();
    return filling_.items[filling_.size++];
  }
  size_t filled() const { return filling_.size; }
  Batch& filling() { return filling_; }
  // Producer: hands the batch over; false once the consumer has gone.
  bool Ship() {
    if (filling_.size == 0) return true;
    if (!full_.Push(std::move(filling_))) return false;
    if (!spare_.TryPop(&filling_)) filling_ = Batch();
    filling_.size = 0;
    return true;
  }
  // Producer: no more batches.
  void Finish() { full_.Close(); }

  // Consumer: the next batch; false when the producer has finished.
  bool Take(Batch* batch) { return full_.Pop(batch); }
  void Return(Batch&& batch) { spare_.Push(std::move(batch)); }

 private:
  Batch filling_;
  BoundedQueue<Batch> full_{kBatchesInFlight};
  // Every batch ever made fits: in flight, being filled, being consumed.
  BoundedQueue<Batch> spare_{kBatchesInFlight + 2};
};

// Runs `produce(pipe)` on a thread and `consume(item)` on this one.
template <typename Item, typename Produce, typename Consume>
Status Pipeline(Produce produce, Consume consume) {
  BatchPipe<Item> pipe;
  Status produced;
  std::thread producer([&] {
    produced = produce(pipe);
    pipe.Finish();
  });
  typename BatchPipe<Item>::Batch batch;
  while (pipe.Take(&batch)) {
    for (size_t i = 0; i < batch.size; ++i) consume(batch.items[i]);
    pipe.Return(std::move(batch));
  }
  producer.join();
  return produced;
}

// The distinct documents of `mentions`, ascending.
void DistinctDocs(const std::vector<MentionRef>& mentions, std::vector<TermId>* docs) {
  docs->clear();
  for (const MentionRef& m : mentions) docs->push_back(m.doc);
  std::sort(docs->begin(), docs->end());
  docs->erase(std::unique(docs->begin(), docs->end()), docs->end());
}

// Sets `*out` to name(0) … name(n-1) without freeing the strings it holds.
template <typename Name>
void AssignReusing(std::vector<std::string>* out, size_t n, Name name) {
  if (out->size() > n) out->resize(n);
  for (size_t i = 0; i < n; ++i) {
    if (i < out->size()) {
      (*out)[i].assign(name(i));
    } else {
      out->push_back(name(i));
    }
  }
}

}  // namespace

Status InMemoryGraphSource::ForEachNode(const NodeFn& fn) const {
  const Graph& g = graph_.graph();
  for (Vertex v : boost::make_iterator_range(boost::vertices(g))) {
    fn(g[v], boost::in_degree(v, g) + boost::out_degree(v, g));
  }
  return Status::OK();
}

Status InMemoryGraphSource::ForEachEdge(const EdgeFn& fn) const {
  const Graph& g = graph_.graph();
  for (auto e : boost::make_iterator_range(boost::edges(g))) {
    fn(g[boost::source(e, g)].id, g[boost::target(e, g)].id, g[e]);
  }
  return Status::OK();
}

Status StoreGraphSource::Prepare() const {
  std::call_once(prepared_, [this] {
    prepare_status_ = store_.ForEachDocument([&](const DocumentRecord& d) {
      if (d.term >= doc_slot_.size()) doc_slot_.resize(d.term + 1, 0);
      doc_info_.push_back(DocInfo{d.id, d.date});
      doc_slot_[d.term] = static_cast<uint32_t>(doc_info_.size());
      return true;
    });
    if (!prepare_status_.ok() || options_.include_statements) return;
    prepare_status_ = store_.ForEachNode([&](const NodeRecord& n) {
      if (n.kind == "statement") excluded_.insert(n.id);
      return true;
    });
  });
  return prepare_status_;
}

const StoreGraphSource::DocInfo* StoreGraphSource::Doc(TermId term) const {
  if (term >= doc_slot_.size() || doc_slot_[term] == 0) return nullptr;
  return &doc_info_[doc_slot_[term] - 1];
}

bool StoreGraphSource::Excluded(TermId term) const {
  return !excluded_.empty() && excluded_.count(term) > 0;
}

Status StoreGraphSource::ForEachNode(const NodeFn& fn) const {
  Status s = Prepare();
  if (!s.ok()) return s;
  // The edge pass follows: start reading its rows now, beside this pass.
  if (options_.max_evidence == 1 && options_.with_evidence) StartEdgeRows();
  struct Item {
    GraphNode node;
    size_t degree = 0;
  };
  auto produce = [&](BatchPipe<Item>& pipe) -> Status {
    // Degrees from one pass over the index: keys only, no provenance.
    std::vector<uint32_t> degree;
    auto bump = [&degree](TermId t) {
      if (t >= degree.size()) degree.resize(std::max<size_t>(t + 1, degree.size() * 2), 0);
      ++degree[t];
    };
    Status st = store_.Match(EdgePattern{}, [&](const EdgeKey& e, uint32_t) {
      if (Excluded(e.subject) || Excluded(e.object)) return true;
      bump(e.subject);
      bump(e.object);
      return true;
    });
    if (!st.ok()) return st;
    bool consumer_gone = false;
    std::vector<const DocInfo*> docs;
    st = store_.ScanNodes([&](const NodeMentions& m) {
      if (Excluded(m.node.id)) return true;
      Item& item = pipe.Next();
      GraphNode& node = item.node;
      node.id = m.node.id;
      node.key = m.node.key;
      node.kind = m.node.kind;
      node.label = m.node.label;
      node.text = m.node.text;
      node.wikidata = m.node.wikidata;
      node.aliases = m.aliases;
      node.first_seen.clear();
      node.last_seen.clear();
      docs.clear();
      for (TermId doc : m.docs) {
        const DocInfo* info = Doc(doc);
        if (info == nullptr) continue;
        docs.push_back(info);
        Widen(info->date, &node.first_seen, &node.last_seen);
      }
      AssignReusing(&node.docs, docs.size(),
                    [&](size_t i) -> const std::string& { return docs[i]->name; });
      item.degree = m.node.id < degree.size() ? degree[m.node.id] : 0;
      if (pipe.filled() >= kBatch && !pipe.Ship()) consumer_gone = true;
      return !consumer_gone;
    });
    if (st.ok() && !consumer_gone) pipe.Ship();
    return st;
  };
  return Pipeline<Item>(produce, [&](const Item& item) { fn(item.node, item.degree); });
}

Status StoreGraphSource::ForEachEdge(const EdgeFn& fn) const {
  Status s = Prepare();
  if (!s.ok()) return s;
  return options_.max_evidence == 1 && options_.with_evidence ? EdgesBySentence(fn)
                                                              : EdgesByIndex(fn);
}

Status StoreGraphSource::EdgesByIndex(const EdgeFn& fn) const {
  struct Item {
    TermId source, target;
    GraphEdge edge;
  };
  auto produce = [&](BatchPipe<Item>& pipe) -> Status {
    std::vector<MentionRef> refs;  // the evidence of the batch, edge by edge
    std::vector<std::string> texts;
    std::unordered_map<TermId, std::string> predicates;
    std::vector<TermId> docs;
    bool consumer_gone = false;
    // Fills in the batch's sentences and hands it over.
    auto ship = [&]() -> Status {
      Status st = store_.GetSentences(refs, &texts);
      if (!st.ok()) return st;
      size_t next = 0;
      auto& batch = pipe.filling();
      for (size_t i = 0; i < batch.size; ++i) {
        for (Evidence& ev : batch.items[i].edge.evidence) ev.text.swap(texts[next++]);
      }
      if (!pipe.Ship()) consumer_gone = true;
      refs.clear();
      return Status::OK();
    };
    Status inner;
    const size_t max_evidence = !options_.with_evidence      ? 0
                                : options_.max_evidence == 0 ? SIZE_MAX
                                                             : options_.max_evidence;
    Status st = store_.ScanEdges(max_evidence, [&](const EdgeSupport& e) {
      if (Excluded(e.edge.subject) || Excluded(e.edge.object)) return true;
      auto [name, fresh] = predicates.emplace(e.edge.predicate, "");
      if (fresh) {
        inner = store_.GetPredicateName(e.edge.predicate, &name->second);
        if (!inner.ok()) return false;
      }
      Item& item = pipe.Next();
      item.source = e.edge.subject;
      item.target = e.edge.object;
      GraphEdge& edge = item.edge;
      edge.relation = name->second;
      edge.negated = e.edge.negated;
      edge.weight = e.weight;
      edge.first_seen.clear();
      edge.last_seen.clear();
      DistinctDocs(e.mentions, &docs);
      edge.docs = static_cast<uint32_t>(docs.size());
      for (TermId doc : docs) {
        if (const DocInfo* info = Doc(doc)) Widen(info->date, &edge.first_seen, &edge.last_seen);
      }
      edge.evidence.resize(e.detailed.size());
      for (size_t i = 0; i < e.detailed.size(); ++i) {
        static_cast<Provenance&>(edge.evidence[i]) = e.detailed[i];
        refs.push_back(e.mentions[i]);
      }
      if (pipe.filled() >= kBatch) inner = ship();
      return inner.ok() && !consumer_gone;
    });
    if (!st.ok()) return st;
    if (!inner.ok()) return inner;
    return consumer_gone ? Status::OK() : ship();
  };
  return Pipeline<Item>(produce,
                        [&](const Item& item) { fn(item.source, item.target, item.edge); });
}

namespace {

// Repeated strings of the edge rows (rules, modalities, qualifiers), kept
// once each; id 0 is the empty string.
class StringPool {
 public:
  uint32_t Intern(const std::string& s) {
    if (s.empty()) return 0;
    auto [it, fresh] = ids_.emplace(s, static_cast<uint32_t>(strings_.size()));
    if (fresh) strings_.push_back(s);
    return it->second;
  }
  const std::string& Get(uint32_t id) const { return strings_[id]; }

 private:
  std::vector<std::string> strings_{std::string()};
  std::unordered_map<std::string, uint32_t> ids_;
};

}  // namespace

// Looking up each edge's sentence costs a random read; reading the sentences
// in key order costs a fraction of that. So with one sentence per edge, the
// edges are first read into compact rows (about 70 bytes an edge), sorted by
// their evidence sentence, and given out in that order as the sentences
// stream past. The rows are read on a thread of their own from the moment
// the node pass starts. (GraphML, GEXF and CSV do not care about edge order.)
struct StoreGraphSource::EdgeRows {
  struct Row {
    EdgeKey edge;
    uint32_t weight = 0, docs = 0;
    uint32_t first = 0, last = 0;  // slots of the earliest and latest dated documents
    MentionRef evidence;           // doc 0: the edge has no provenance
    uint32_t begin = 0, end = 0;
    uint32_t rule = 0, modality = 0, date = 0, quantity = 0, money = 0;
  };
  std::vector<Row> rows;
  StringPool pool;
  std::unordered_map<TermId, std::string> predicates;
  std::thread reader;
  Status status;
};

StoreGraphSource::StoreGraphSource(const TripleStore& store, const GraphOptions& options)
    : store_(store), options_(options) {}

StoreGraphSource::~StoreGraphSource() {
  if (edge_rows_ && edge_rows_->reader.joinable()) edge_rows_->reader.join();
}

void StoreGraphSource::StartEdgeRows() const {
  if (edge_rows_) return;
  edge_rows_ = std::make_unique<EdgeRows>();
  edge_rows_->reader = std::thread([this] { edge_rows_->status = ReadEdgeRows(edge_rows_.get()); });
}

Status StoreGraphSource::ReadEdgeRows(EdgeRows* out) const {
  std::vector<TermId> docs;
  Status inner;
  Status s = store_.ScanEdges(1, [&](const EdgeSupport& e) {
    if (Excluded(e.edge.subject) || Excluded(e.edge.object)) return true;
    auto [name, fresh] = out->predicates.emplace(e.edge.predicate, "");
    if (fresh) {
      inner = store_.GetPredicateName(e.edge.predicate, &name->second);
      if (!inner.ok()) return false;
    }
    EdgeRows::Row& row = out->rows.emplace_back();
    row.edge = e.edge;
    row.weight = e.weight;
    DistinctDocs(e.mentions, &docs);
    row.docs = static_cast<uint32_t>(docs.size());
    for (TermId doc : docs) {
      if (doc >= doc_slot_.size() || doc_slot_[doc] == 0) continue;
      const uint32_t slot = doc_slot_[doc];
      const std::string& date = doc_info_[slot - 1].date;
      if (date.empty()) continue;
      if (row.first == 0 || date < doc_info_[row.first - 1].date) row.first = slot;
      if (row.last == 0 || date > doc_info_[row.last - 1].date) row.last = slot;
    }
    if (!e.detailed.empty()) {
      const Provenance& p = e.detailed.front();
      row.evidence = e.mentions.front();
      row.begin = p.begin;
      row.end = p.end;
      row.rule = out->pool.Intern(p.rule);
      row.modality = out->pool.Intern(p.modality);
      row.date = out->pool.Intern(p.date);
      row.quantity = out->pool.Intern(p.quantity);
      row.money = out->pool.Intern(p.money);
    }
    return true;
  });
  if (!s.ok()) return s;
  if (!inner.ok()) return inner;
  std::sort(out->rows.begin(), out->rows.end(), [](const EdgeRows::Row& a, const EdgeRows::Row& b) {
    if (a.evidence.doc != b.evidence.doc) return a.evidence.doc < b.evidence.doc;
    if (a.evidence.sentence != b.evidence.sentence)
      return a.evidence.sentence < b.evidence.sentence;
    return a.edge < b.edge;
  });
  return Status::OK();
}

Status StoreGraphSource::EdgesBySentence(const EdgeFn& fn) const {
  StartEdgeRows();
  edge_rows_->reader.join();
  if (!edge_rows_->status.ok()) return edge_rows_->status;
  const EdgeRows& r = *edge_rows_;
  struct Item {
    TermId source, target;
    GraphEdge edge;
  };
  auto produce = [&](BatchPipe<Item>& pipe) -> Status {
    bool consumer_gone = false;
    auto add = [&](const EdgeRows::Row& row, const std::string_view* text) {
      Item& item = pipe.Next();
      item.source = row.edge.subject;
      item.target = row.edge.object;
      GraphEdge& edge = item.edge;
      edge.relation = r.predicates.at(row.edge.predicate);
      edge.negated = row.edge.negated;
      edge.weight = row.weight;
      edge.docs = row.docs;
      edge.first_seen.assign(row.first != 0 ? doc_info_[row.first - 1].date : std::string());
      edge.last_seen.assign(row.last != 0 ? doc_info_[row.last - 1].date : std::string());
      edge.evidence.resize(text != nullptr ? 1 : 0);
      if (text != nullptr) {
        Evidence& ev = edge.evidence[0];
        const DocInfo* info = Doc(row.evidence.doc);
        ev.doc.assign(info != nullptr ? info->name : std::string());
        ev.sentence = row.evidence.sentence;
        ev.begin = row.begin;
        ev.end = row.end;
        ev.rule = r.pool.Get(row.rule);
        ev.modality = r.pool.Get(row.modality);
        ev.date = r.pool.Get(row.date);
        ev.quantity = r.pool.Get(row.quantity);
        ev.money = r.pool.Get(row.money);
        ev.text.assign(*text);
      }
      if (pipe.filled() >= kBatch && !pipe.Ship()) consumer_gone = true;
      return !consumer_gone;
    };
    size_t first_with_evidence = 0;
    while (first_with_evidence < r.rows.size() && r.rows[first_with_evidence].evidence.doc == 0) {
      if (!add(r.rows[first_with_evidence++], nullptr)) return Status::OK();
    }
    std::vector<MentionRef> refs;
    refs.reserve(r.rows.size() - first_with_evidence);
    for (size_t i = first_with_evidence; i < r.rows.size(); ++i) refs.push_back(r.rows[i].evidence);
    Status st = store_.ReadSentencesInOrder(refs, [&](size_t i, std::string_view text) {
      return add(r.rows[first_with_evidence + i], &text);
    });
    if (st.ok() && !consumer_gone) pipe.Ship();
    return st;
  };
  return Pipeline<Item>(produce,
                        [&](const Item& item) { fn(item.source, item.target, item.edge); });
}

}  // namespace isnad
