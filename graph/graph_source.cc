#include "graph/graph_source.h"

#include <unordered_set>

namespace isnad {

namespace {

void Widen(const std::unordered_map<std::string, std::string>& dates, const std::string& doc,
           std::string* first, std::string* last) {
  auto it = dates.find(doc);
  if (it == dates.end()) return;
  if (first->empty() || it->second < *first) *first = it->second;
  if (last->empty() || it->second > *last) *last = it->second;
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

Status StoreGraphSource::LoadDocDates() const {
  if (dates_loaded_) return Status::OK();
  dates_loaded_ = true;
  return store_.ForEachDocument([&](const DocumentRecord& d) {
    if (!d.date.empty()) doc_dates_[d.id] = d.date;
    return true;
  });
}

Status StoreGraphSource::LoadExcluded() const {
  if (excluded_loaded_ || options_.include_statements) return Status::OK();
  excluded_loaded_ = true;
  return store_.ForEachNode([&](const NodeRecord& n) {
    if (n.kind == "statement") excluded_.insert(n.id);
    return true;
  });
}

Status StoreGraphSource::ForEachNode(const NodeFn& fn) const {
  Status s = LoadDocDates();
  if (!s.ok()) return s;
  s = LoadExcluded();
  if (!s.ok()) return s;
  const std::unordered_set<TermId>& excluded = excluded_;
  // Degrees from one pass over the index: keys only, no provenance.
  std::unordered_map<TermId, size_t> degree;
  s = store_.Match(EdgePattern{}, [&](const EdgeKey& e, uint32_t) {
    if (excluded.count(e.subject) || excluded.count(e.object)) return true;
    ++degree[e.subject];
    ++degree[e.object];
    return true;
  });
  if (!s.ok()) return s;
  Status inner;
  s = store_.ForEachNode([&](const NodeRecord& n) {
    if (n.kind == "statement" && !options_.include_statements) return true;
    GraphNode node;
    node.id = n.id;
    node.key = n.key;
    node.kind = n.kind;
    node.label = n.label;
    node.text = n.text;
    node.wikidata = n.wikidata;
    inner = store_.GetNodeMentions(n.id, &node.aliases, &node.docs);
    if (!inner.ok()) return false;
    for (const std::string& doc : node.docs) {
      Widen(doc_dates_, doc, &node.first_seen, &node.last_seen);
    }
    fn(node, degree.count(n.id) ? degree[n.id] : 0);
    return true;
  });
  return s.ok() ? inner : s;
}

Status StoreGraphSource::ForEachEdge(const EdgeFn& fn) const {
  Status s = LoadDocDates();
  if (!s.ok()) return s;
  s = LoadExcluded();
  if (!s.ok()) return s;
  const std::unordered_set<TermId>& excluded = excluded_;
  std::unordered_map<TermId, std::string> predicates;
  std::vector<Provenance> provenance;
  Status inner;
  s = store_.Match(EdgePattern{}, [&](const EdgeKey& e, uint32_t weight) {
    if (excluded.count(e.subject) || excluded.count(e.object)) return true;
    auto [name, fresh] = predicates.emplace(e.predicate, "");
    if (fresh) {
      inner = store_.GetPredicateName(e.predicate, &name->second);
      if (!inner.ok()) return false;
    }
    inner = store_.GetProvenance(e, &provenance,
                                 options_.max_evidence == 0 ? SIZE_MAX : options_.max_evidence);
    if (!inner.ok()) return false;
    GraphEdge edge;
    edge.relation = name->second;
    edge.negated = e.negated;
    edge.weight = weight;
    std::unordered_set<std::string> docs;
    for (const Provenance& p : provenance) {
      if (docs.insert(p.doc).second) Widen(doc_dates_, p.doc, &edge.first_seen, &edge.last_seen);
    }
    edge.docs = static_cast<uint32_t>(docs.size());
    for (const Provenance& p : provenance) {
      if (options_.max_evidence != 0 && edge.evidence.size() >= options_.max_evidence) break;
      Evidence ev;
      static_cast<Provenance&>(ev) = p;
      inner = store_.GetSentence(p.doc, p.sentence, &ev.text);
      if (!inner.ok()) return false;
      edge.evidence.push_back(std::move(ev));
    }
    fn(e.subject, e.object, edge);
    return true;
  });
  return s.ok() ? inner : s;
}

}  // namespace isnad
