#include "graph/store_summary.h"

#include <algorithm>
#include <unordered_map>

namespace isnad {

namespace {

constexpr char kStatementKind[] = "statement";

struct EntityTally {
  RankedEntity entity;
  uint64_t degree = 0;
  uint64_t said = 0;
};

// The top `n` of `tallies` by `figure`, in the order StoreSummary promises.
std::vector<RankedEntity> Rank(const std::unordered_map<TermId, EntityTally>& tallies, size_t n,
                               uint64_t EntityTally::*figure) {
  std::vector<RankedEntity> ranked;
  for (const auto& [id, tally] : tallies) {
    if (tally.*figure == 0) continue;
    ranked.push_back(tally.entity);
    ranked.back().count = tally.*figure;
  }
  auto before = [](const RankedEntity& a, const RankedEntity& b) {
    if (a.count != b.count) return a.count > b.count;
    if (a.label != b.label) return a.label < b.label;
    return a.key < b.key;
  };
  const size_t kept = std::min(n, ranked.size());
  std::partial_sort(ranked.begin(), ranked.begin() + kept, ranked.end(), before);
  ranked.resize(kept);
  return ranked;
}

}  // namespace

Status SummarizeStore(const TripleStore& store, size_t top_n, StoreSummary* out) {
  *out = StoreSummary();
  StoreStats& counts = out->counts;
  Status s = store.ForEachDocument([&](const DocumentRecord& doc) {
    counts.documents++;
    counts.sentences += doc.sentence_count;
    if (!doc.date.empty()) {
      out->dated_documents++;
      if (out->earliest_date.empty() || doc.date < out->earliest_date)
        out->earliest_date = doc.date;
      if (doc.date > out->latest_date) out->latest_date = doc.date;
    }
    return true;
  });
  if (!s.ok()) return s;

  // Entities are a few thousand at most; statements, the bulk of the
  // nodes, are counted but not kept.
  std::unordered_map<TermId, EntityTally> entities;
  s = store.ForEachNode([&](const NodeRecord& node) {
    counts.nodes_by_kind[node.kind]++;
    if (node.kind != kStatementKind) {
      entities[node.id].entity = RankedEntity{node.id, node.key, node.label, node.kind, 0};
    }
    return true;
  });
  if (!s.ok()) return s;

  std::unordered_map<TermId, std::string> relation_names;
  Status name_status;
  TermId said = 0;
  bool has_said = false;
  s = store.FindPredicate("said", &said);
  if (s.ok()) {
    has_said = true;
  } else if (!s.IsNotFound()) {
    return s;
  }
  s = store.Match(EdgePattern{}, [&](const EdgeKey& edge, uint32_t /*weight*/) {
    auto [name, fresh] = relation_names.try_emplace(edge.predicate);
    if (fresh) {
      name_status = store.GetPredicateName(edge.predicate, &name->second);
      if (!name_status.ok()) return false;
    }
    counts.edges_by_relation[name->second]++;
    counts.edges++;
    for (TermId end : {edge.subject, edge.object}) {
      auto tally = entities.find(end);
      if (tally != entities.end()) tally->second.degree++;
    }
    if (has_said && edge.predicate == said) {
      auto tally = entities.find(edge.subject);
      if (tally != entities.end()) tally->second.said++;
    }
    return true;
  });
  if (!s.ok()) return s;
  if (!name_status.ok()) return name_status;
  out->top_degree = Rank(entities, top_n, &EntityTally::degree);
  out->top_speakers = Rank(entities, top_n, &EntityTally::said);
  return Status::OK();
}

}  // namespace isnad
