// QueryEngine answers a Query (query/query.h) from the store's indexes.
//
// Each triple pattern is one index look-up (spo, pos or osp, chosen by which
// positions are bound); the patterns are joined depth first, most selective
// first: constants are resolved, each pattern's matches with its constants
// alone are counted (up to a cap), and the plan starts with the smallest
// and then follows shared variables. Answers stream to the caller, so a
// --limit stops the work, not only the printing.
#ifndef ISNAD_QUERY_QUERY_ENGINE_H_
#define ISNAD_QUERY_QUERY_ENGINE_H_

#include <functional>
#include <string>
#include <unordered_map>
#include <vector>

#include "base/status.h"
#include "query/name_resolver.h"
#include "query/query.h"
#include "store/triple_store.h"

namespace isnad {

struct QueryFilter {
  enum class Negated { kExclude, kInclude, kOnly };
  Negated negated = Negated::kExclude;
  // Only edges that this article supports.
  std::string doc;
  // Only edges supported by an article dated in [since, until]; each bound
  // is YYYY, YYYY-MM or YYYY-MM-DD and compares at its own precision.
  std::string since, until;
  size_t limit = 0;  // answers; 0: all
};

struct QueryAnswer {
  // Per Query::variables: a node term, or a predicate term for a relation
  // variable.
  std::vector<TermId> values;
  // Per triple pattern, in the query's clause order: the edge it matched
  // and its weight.
  std::vector<std::pair<EdgeKey, uint32_t>> edges;
};

class QueryEngine {
 public:
  QueryEngine(const TripleStore& store, const NameResolver& names) : store_(store), names_(names) {}

  // Calls `fn` for each answer until it returns false or `filter.limit`
  // answers were given. Unknown or ambiguous names fail as NameResolver
  // says; an unknown relation is InvalidArgument naming the known ones.
  Status Run(const Query& query, const QueryFilter& filter,
             const std::function<bool(const QueryAnswer&)>& fn);

  // The first supporting mention of `edge` that `filter` admits, with its
  // sentence; false when there is none.
  bool Evidence(const EdgeKey& edge, const QueryFilter& filter, Provenance* where,
                std::string* sentence);

  // The clause indexes in the order the last Run evaluated them.
  const std::vector<size_t>& plan() const { return plan_; }

 private:
  struct Compiled;
  Status Compile(const Query& query, Compiled* out);
  Status Plan(const Compiled& c);
  bool Admits(const EdgeKey& edge, uint32_t weight, const QueryFilter& filter);
  bool DocAdmitted(const std::string& doc, const QueryFilter& filter);
  const std::string& KindOf(TermId node);

  const TripleStore& store_;
  const NameResolver& names_;
  std::vector<size_t> plan_;
  std::unordered_map<TermId, std::string> kinds_;
  std::unordered_map<std::string, std::string> doc_dates_;
  bool dates_loaded_ = false;
};

}  // namespace isnad

#endif  // ISNAD_QUERY_QUERY_ENGINE_H_
