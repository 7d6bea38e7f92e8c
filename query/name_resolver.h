// NameResolver turns the names a user types into store nodes: any label or
// alias, in either script, matched folded (base/fold.h). It explains failure:
// an ambiguous name lists what it could mean, an unknown one the nearest
// names the store knows.
#ifndef ISNAD_QUERY_NAME_RESOLVER_H_
#define ISNAD_QUERY_NAME_RESOLVER_H_

#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "store/triple_store.h"

namespace isnad {

class NameResolver {
 public:
  explicit NameResolver(const TripleStore& store) : store_(store) {}

  struct Suggestion {
    TermId node = 0;
    std::string label, kind;
    size_t distance = 0;  // edit distance of the nearest of its names, folded
  };

  // The one node `name` denotes. NotFound when none does, its message
  // suggesting the nearest names; InvalidArgument when several do, its
  // message listing them with their kinds.
  Status Resolve(std::string_view name, TermId* id) const;

  // Up to `max` nodes with a name near `name`, nearest first: edit distance
  // up to a third of the name's length (at least 1, at most 3), or names
  // that contain it as a word.
  Status Suggest(std::string_view name, size_t max, std::vector<Suggestion>* out) const;

 private:
  const TripleStore& store_;
};

}  // namespace isnad

#endif  // ISNAD_QUERY_NAME_RESOLVER_H_
