#include "query/query_engine.h"

#include <algorithm>
#include <set>

#include "base/edit_distance.h"

namespace isnad {

namespace {

// Matches counted per pattern when planning; past this a pattern is "large"
// and patterns are told apart by what they bind (a node more than a
// relation). Counting costs a scan of up to this many index entries.
constexpr size_t kEstimateCap = 2000;

bool ValidDate(const std::string& d) {
  static const char* const kShapes[] = {"dddd", "dddd-dd", "dddd-dd-dd"};
  for (const char* shape : kShapes) {
    if (d.size() != std::char_traits<char>::length(shape)) continue;
    bool ok = true;
    for (size_t i = 0; i < d.size() && ok; ++i) {
      ok = shape[i] == 'd' ? (d[i] >= '0' && d[i] <= '9') : d[i] == shape[i];
    }
    if (ok) return true;
  }
  return false;
}

}  // namespace

// A clause's position: a constant term or a variable's index.
struct Slot {
  int variable = -1;  // -1: constant
  TermId value = 0;   // constants only
};

struct CompiledPattern {
  size_t clause = 0;  // index in Query::clauses
  size_t edge = 0;    // index in QueryAnswer::edges
  Slot subject, predicate, object;
  size_t estimate = 0;
};

struct QueryEngine::Compiled {
  std::vector<CompiledPattern> patterns;
  std::vector<std::string> kinds;       // per variable: the kind it must have
  std::vector<bool> relation;           // per variable: binds a predicate
  std::vector<int> enumerated;          // variables in no pattern (kind alone)
  std::vector<size_t> enumerated_from;  // their constraint clauses
};

Status QueryEngine::Compile(const Query& query, Compiled* c) {
  const size_t n = query.variables.size();
  c->kinds.assign(n, "");
  c->relation.assign(n, false);
  std::vector<bool> in_pattern(n, false), as_node(n, false);
  auto index_of = [&](const std::string& v) {
    return static_cast<int>(std::find(query.variables.begin(), query.variables.end(), v) -
                            query.variables.begin());
  };
  auto constrain = [&](int var, const std::string& kind) -> Status {
    if (kind.empty()) return Status::OK();
    if (!c->kinds[var].empty() && c->kinds[var] != kind) {
      return Status::InvalidArgument("?" + query.variables[var] + " cannot be both a " +
                                     c->kinds[var] + " and a " + kind);
    }
    c->kinds[var] = kind;
    return Status::OK();
  };
  auto node_slot = [&](const QueryTerm& t, Slot* slot) -> Status {
    if (t.is_variable) {
      slot->variable = index_of(t.text);
      as_node[slot->variable] = true;
      in_pattern[slot->variable] = true;
      return constrain(slot->variable, t.kind);
    }
    return names_.Resolve(t.text, &slot->value);
  };
  size_t edges = 0;
  for (size_t i = 0; i < query.clauses.size(); ++i) {
    const QueryClause& clause = query.clauses[i];
    if (clause.IsConstraint()) {
      const int var = index_of(clause.subject.text);
      as_node[var] = true;
      Status s = constrain(var, clause.subject.kind);
      if (!s.ok()) return s;
      continue;
    }
    CompiledPattern p;
    p.clause = i;
    p.edge = edges++;
    Status s = node_slot(clause.subject, &p.subject);
    if (s.ok()) s = node_slot(clause.object, &p.object);
    if (!s.ok()) return s;
    if (clause.relation.is_variable) {
      p.predicate.variable = index_of(clause.relation.text);
      c->relation[p.predicate.variable] = true;
      in_pattern[p.predicate.variable] = true;
    } else {
      s = store_.FindPredicate(clause.relation.text, &p.predicate.value);
      if (s.IsNotFound()) {
        std::vector<std::pair<size_t, std::string>> near;
        const std::u32string wanted = ToCodePoints(clause.relation.text);
        Status ls = store_.ForEachPredicate([&](std::string_view name, TermId) {
          near.emplace_back(EditDistance(wanted, ToCodePoints(name), 100), std::string(name));
          return true;
        });
        if (!ls.ok()) return ls;
        std::sort(near.begin(), near.end());
        std::string list;
        for (size_t k = 0; k < near.size() && k < 5; ++k) list += " " + near[k].second;
        return Status::InvalidArgument("no edge has the relation \"" + clause.relation.text + "\"" +
                                       (list.empty() ? "" : "; nearest:" + list));
      }
      if (!s.ok()) return s;
    }
    c->patterns.push_back(p);
  }
  for (size_t v = 0; v < n; ++v) {
    if (c->relation[v] && as_node[v]) {
      return Status::InvalidArgument("?" + query.variables[v] +
                                     " stands for a relation and for a node");
    }
    if (!in_pattern[v]) {
      c->enumerated.push_back(static_cast<int>(v));
    }
  }
  return Status::OK();
}

Status QueryEngine::Plan(const Compiled& c) {
  plan_.clear();
  if (c.patterns.size() == 1) {  // nothing to order
    plan_.push_back(c.patterns[0].clause);
    return Status::OK();
  }
  std::vector<size_t> estimate(c.patterns.size());
  for (size_t i = 0; i < c.patterns.size(); ++i) {
    const CompiledPattern& p = c.patterns[i];
    EdgePattern ep;
    if (p.subject.variable < 0) ep.subject = p.subject.value;
    if (p.predicate.variable < 0) ep.predicate = p.predicate.value;
    if (p.object.variable < 0) ep.object = p.object.value;
    size_t count = 0;
    if (ep.subject || ep.predicate || ep.object) {
      Status s =
          store_.Match(ep, [&](const EdgeKey&, uint32_t) { return ++count <= kEstimateCap; });
      if (!s.ok()) return s;
    } else {
      count = kEstimateCap * 10;  // everything
    }
    // Scaled so that, between large patterns, one with a bound subject or
    // object comes before one with only a bound relation.
    estimate[i] = count * 4;
    if (count > kEstimateCap) {
      estimate[i] -= (p.subject.variable < 0 ? 2 : 0) + (p.object.variable < 0 ? 2 : 0) +
                     (p.predicate.variable < 0 ? 1 : 0);
    }
  }
  // Greedy: the smallest pattern first, then always a pattern sharing a
  // variable with those placed (its look-ups are bound), smallest first.
  std::set<int> bound;
  std::vector<bool> placed(c.patterns.size(), false);
  for (size_t step = 0; step < c.patterns.size(); ++step) {
    size_t best = c.patterns.size();
    bool best_connected = false;
    for (size_t i = 0; i < c.patterns.size(); ++i) {
      if (placed[i]) continue;
      const CompiledPattern& p = c.patterns[i];
      bool connected = false;
      for (const Slot* slot : {&p.subject, &p.predicate, &p.object}) {
        connected |= slot->variable >= 0 && bound.count(slot->variable) > 0;
      }
      if (best == c.patterns.size() || (connected && !best_connected) ||
          (connected == best_connected && estimate[i] < estimate[best])) {
        best = i;
        best_connected = connected;
      }
    }
    placed[best] = true;
    plan_.push_back(c.patterns[best].clause);
    for (const Slot* slot :
         {&c.patterns[best].subject, &c.patterns[best].predicate, &c.patterns[best].object}) {
      if (slot->variable >= 0) bound.insert(slot->variable);
    }
  }
  return Status::OK();
}

const std::string& QueryEngine::KindOf(TermId node) {
  auto [it, fresh] = kinds_.emplace(node, "");
  if (fresh) {
    NodeRecord n;
    if (store_.GetNode(node, &n).ok()) it->second = n.kind;
  }
  return it->second;
}

bool QueryEngine::DocAdmitted(const std::string& doc, const QueryFilter& filter) {
  if (!filter.doc.empty() && doc != filter.doc) return false;
  if (filter.since.empty() && filter.until.empty()) return true;
  if (!dates_loaded_) {
    dates_loaded_ = true;
    store_.ForEachDocument([&](const DocumentRecord& d) {
      if (!d.date.empty()) doc_dates_[d.id] = d.date;
      return true;
    });
  }
  auto it = doc_dates_.find(doc);
  if (it == doc_dates_.end()) return false;  // undated: outside any range
  const std::string& date = it->second;
  if (!filter.since.empty() && date.compare(0, filter.since.size(), filter.since) < 0) return false;
  if (!filter.until.empty() && date.compare(0, filter.until.size(), filter.until) > 0) return false;
  return true;
}

bool QueryEngine::Admits(const EdgeKey& edge, uint32_t /*weight*/, const QueryFilter& filter) {
  if (edge.negated && filter.negated == QueryFilter::Negated::kExclude) return false;
  if (!edge.negated && filter.negated == QueryFilter::Negated::kOnly) return false;
  if (filter.doc.empty() && filter.since.empty() && filter.until.empty()) return true;
  std::vector<Provenance> prov;
  if (!store_.GetProvenance(edge, &prov, 0).ok()) return false;
  return std::any_of(prov.begin(), prov.end(),
                     [&](const Provenance& p) { return DocAdmitted(p.doc, filter); });
}

bool QueryEngine::Evidence(const EdgeKey& edge, const QueryFilter& filter, Provenance* where,
                           std::string* sentence) {
  std::vector<Provenance> prov;
  if (filter.doc.empty() && filter.since.empty() && filter.until.empty()) {
    // Any mention will do: read the first only (a heavy edge has thousands).
    if (!store_.GetProvenance(edge, &prov, 1, 1).ok() || prov.empty()) return false;
    *where = prov.front();
    return store_.GetSentence(where->doc, where->sentence, sentence).ok();
  }
  if (!store_.GetProvenance(edge, &prov, 0).ok()) return false;
  for (const Provenance& p : prov) {
    if (!DocAdmitted(p.doc, filter)) continue;
    // Decode this one in full (the look-up above skipped the values).
    std::vector<Provenance> all;
    size_t index = static_cast<size_t>(&p - prov.data());
    if (!store_.GetProvenance(edge, &all, index + 1).ok() || all.size() <= index) return false;
    *where = all[index];
    return store_.GetSentence(where->doc, where->sentence, sentence).ok();
  }
  return false;
}

Status QueryEngine::Run(const Query& query, const QueryFilter& filter,
                        const std::function<bool(const QueryAnswer&)>& fn) {
  for (const std::string* d : {&filter.since, &filter.until}) {
    if (!d->empty() && !ValidDate(*d)) {
      return Status::InvalidArgument("bad date \"" + *d + "\" (YYYY, YYYY-MM or YYYY-MM-DD)");
    }
  }
  Compiled c;
  Status s = Compile(query, &c);
  if (!s.ok()) return s;
  s = Plan(c);
  if (!s.ok()) return s;
  const size_t n = query.variables.size();
  // Nodes of the kinds of variables that no pattern binds.
  std::vector<std::vector<TermId>> candidates(n);
  for (int var : c.enumerated) {
    s = store_.ForEachNode([&](const NodeRecord& node) {
      if (node.kind == c.kinds[var]) candidates[var].push_back(node.id);
      return true;
    });
    if (!s.ok()) return s;
  }
  std::vector<const CompiledPattern*> order;
  for (size_t clause : plan_) {
    for (const CompiledPattern& p : c.patterns) {
      if (p.clause == clause) order.push_back(&p);
    }
  }

  QueryAnswer answer;
  answer.values.assign(n, 0);
  answer.edges.resize(c.patterns.size());
  std::vector<bool> bound(n, false);
  size_t answers = 0;
  bool stop = false;
  std::function<Status(size_t)> step = [&](size_t depth) -> Status {
    if (depth == order.size() + c.enumerated.size()) {
      if (!fn(answer) || (filter.limit != 0 && ++answers >= filter.limit)) stop = true;
      return Status::OK();
    }
    if (depth >= order.size()) {  // a kind-only variable: every node of the kind
      const int var = c.enumerated[depth - order.size()];
      for (TermId id : candidates[var]) {
        answer.values[var] = id;
        Status st = step(depth + 1);
        if (!st.ok() || stop) return st;
      }
      return Status::OK();
    }
    const CompiledPattern& p = *order[depth];
    EdgePattern ep;
    auto fix = [&](const Slot& slot, std::optional<TermId>* position) {
      if (slot.variable < 0) {
        *position = slot.value;
      } else if (bound[slot.variable]) {
        *position = answer.values[slot.variable];
      }
    };
    fix(p.subject, &ep.subject);
    fix(p.predicate, &ep.predicate);
    fix(p.object, &ep.object);
    Status inner;
    Status st = store_.Match(ep, [&](const EdgeKey& e, uint32_t weight) {
      if (!Admits(e, weight, filter)) return true;
      int newly[3];
      int fresh = 0;
      auto bind = [&](const Slot& slot, TermId value) {
        if (slot.variable < 0) return true;
        const int var = slot.variable;
        if (bound[var]) return answer.values[var] == value;  // ?x -r-> ?x
        if (!c.relation[var] && !c.kinds[var].empty() && KindOf(value) != c.kinds[var]) {
          return false;
        }
        bound[var] = true;
        answer.values[var] = value;
        newly[fresh++] = var;
        return true;
      };
      if (bind(p.subject, e.subject) && bind(p.predicate, e.predicate) &&
          bind(p.object, e.object)) {
        answer.edges[p.edge] = {e, weight};
        inner = step(depth + 1);
      }
      for (int i = 0; i < fresh; ++i) bound[newly[i]] = false;
      return inner.ok() && !stop;
    });
    return st.ok() ? inner : st;
  };
  return step(0);
}

}  // namespace isnad
