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

// Runs `produce(queue)` on a thread and `consume(item)` on this one.
template <typename Batch, typename Produce, typename Consume>
Status Pipeline(Produce produce, Consume consume) {
  BoundedQueue<Batch> queue(kBatchesInFlight);
  Status produced;
  std::thread producer([&] {
    produced = produce(queue);
    queue.Close();
  });
  Batch batch;
  while (queue.Pop(&batch)) {
    for (auto& item : batch) consume(item);
  }
  producer.join();
  return produced;
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
  if (options_.max_evidence == 1) StartEdgeRows();
  struct Item {
    GraphNode node;
    size_t degree = 0;
  };
  using Batch = std::vector<Item>;
  auto produce = [&](BoundedQueue<Batch>& queue) -> Status {
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
    Batch batch;
    bool consumer_gone = false;
    st = store_.ScanNodes([&](const NodeMentions& m) {
      if (Excluded(m.node.id)) return true;
      Item& item = batch.emplace_back();
      GraphNode& node = item.node;
      node.id = m.node.id;
      node.key = m.node.key;
      node.kind = m.node.kind;
      node.label = m.node.label;
      node.text = m.node.text;
      node.wikidata = m.node.wikidata;
      node.aliases = m.aliases;
      for (TermId doc : m.docs) {
        const DocInfo* info = Doc(doc);
        if (info == nullptr) continue;
        node.docs.push_back(info->name);
        Widen(info->date, &node.first_seen, &node.last_seen);
      }
      item.degree = m.node.id < degree.size() ? degree[m.node.id] : 0;
      if (batch.size() >= kBatch) {
        if (!queue.Push(std::move(batch))) consumer_gone = true;
        batch = Batch();
        batch.reserve(kBatch);
      }
      return !consumer_gone;
    });
    if (st.ok() && !batch.empty()) queue.Push(std::move(batch));
    return st;
  };
  return Pipeline<Batch>(produce, [&](const Item& item) { fn(item.node, item.degree); });
}

Status StoreGraphSource::ForEachEdge(const EdgeFn& fn) const {
  Status s = Prepare();
  if (!s.ok()) return s;
  return options_.max_evidence == 1 ? EdgesBySentence(fn) : EdgesByIndex(fn);
}

Status StoreGraphSource::EdgesByIndex(const EdgeFn& fn) const {
  struct Item {
    TermId source, target;
    GraphEdge edge;
  };
  using Batch = std::vector<Item>;
  auto produce = [&](BoundedQueue<Batch>& queue) -> Status {
    Batch batch;
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
      for (Item& item : batch) {
        for (Evidence& ev : item.edge.evidence) ev.text = std::move(texts[next++]);
      }
      if (!queue.Push(std::move(batch))) consumer_gone = true;
      batch = Batch();
      batch.reserve(kBatch);
      refs.clear();
      return Status::OK();
    };
    Status inner;
    const size_t max_evidence = options_.max_evidence == 0 ? SIZE_MAX : options_.max_evidence;
    Status st = store_.ScanEdges(max_evidence, [&](const EdgeSupport& e) {
      if (Excluded(e.edge.subject) || Excluded(e.edge.object)) return true;
      auto [name, fresh] = predicates.emplace(e.edge.predicate, "");
      if (fresh) {
        inner = store_.GetPredicateName(e.edge.predicate, &name->second);
        if (!inner.ok()) return false;
      }
      Item& item = batch.emplace_back();
      item.source = e.edge.subject;
      item.target = e.edge.object;
      GraphEdge& edge = item.edge;
      edge.relation = name->second;
      edge.negated = e.edge.negated;
      edge.weight = e.weight;
      docs.clear();
      for (const MentionRef& m : e.mentions) docs.push_back(m.doc);
      std::sort(docs.begin(), docs.end());
      docs.erase(std::unique(docs.begin(), docs.end()), docs.end());
      edge.docs = static_cast<uint32_t>(docs.size());
      for (TermId doc : docs) {
        if (const DocInfo* info = Doc(doc)) Widen(info->date, &edge.first_seen, &edge.last_seen);
      }
      for (size_t i = 0; i < e.detailed.size(); ++i) {
        Evidence& ev = edge.evidence.emplace_back();
        static_cast<Provenance&>(ev) = e.detailed[i];
        refs.push_back(e.mentions[i]);
      }
      if (batch.size() >= kBatch) inner = ship();
      return inner.ok() && !consumer_gone;
    });
    if (!st.ok()) return st;
    if (!inner.ok()) return inner;
    return consumer_gone || batch.empty() ? Status::OK() : ship();
  };
  return Pipeline<Batch>(produce,
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
    docs.clear();
    for (const MentionRef& m : e.mentions) docs.push_back(m.doc);
    std::sort(docs.begin(), docs.end());
    docs.erase(std::unique(docs.begin(), docs.end()), docs.end());
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
  using Batch = std::vector<Item>;
  auto produce = [&](BoundedQueue<Batch>& queue) -> Status {
    Batch batch;
    bool consumer_gone = false;
    auto add = [&](const EdgeRows::Row& row, const std::string_view* text) {
      Item& item = batch.emplace_back();
      item.source = row.edge.subject;
      item.target = row.edge.object;
      GraphEdge& edge = item.edge;
      edge.relation = r.predicates.at(row.edge.predicate);
      edge.negated = row.edge.negated;
      edge.weight = row.weight;
      edge.docs = row.docs;
      if (row.first != 0) edge.first_seen = doc_info_[row.first - 1].date;
      if (row.last != 0) edge.last_seen = doc_info_[row.last - 1].date;
      if (text != nullptr) {
        Evidence& ev = edge.evidence.emplace_back();
        if (const DocInfo* info = Doc(row.evidence.doc)) ev.doc = info->name;
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
      if (batch.size() >= kBatch) {
        if (!queue.Push(std::move(batch))) consumer_gone = true;
        batch = Batch();
        batch.reserve(kBatch);
      }
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
    if (st.ok() && !consumer_gone && !batch.empty()) queue.Push(std::move(batch));
    return st;
  };
  return Pipeline<Batch>(produce,
                         [&](const Item& item) { fn(item.source, item.target, item.edge); });
}

}  // namespace isnad
