// A relation query: basic graph patterns in a small syntax.
//
//   query    := clause (';' clause)*
//   clause   := term RELATION term        a triple pattern
//             | VARIABLE                  a kind constraint, e.g. ?x:chip
//   term     := VARIABLE | NAME
//   VARIABLE := '?' name [':' kind]       ?c, ?c:company
//   RELATION := '-' (predicate | '?' name) '->'    -buys->, -?r->
//   NAME     := words, or "quoted" / «quoted» when it holds spaces or ';'
//
// Names are labels or aliases in any script (matched folded, base/fold.h).
// Unquoted words next to each other form one name: United States -restricts-> ?x.
#ifndef ISNAD_QUERY_QUERY_H_
#define ISNAD_QUERY_QUERY_H_

#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace isnad {

struct QueryTerm {
  bool is_variable = false;
  std::string text;  // variable name without '?', or the name as written
  std::string kind;  // variables only: required node kind, empty for any
};

struct QueryClause {
  // A triple pattern; or, when `relation.text` is empty, a kind constraint
  // on the variable `subject`.
  QueryTerm subject;
  QueryTerm relation;  // a predicate name or a variable (no kind)
  QueryTerm object;
  bool IsConstraint() const { return relation.text.empty(); }
};

struct Query {
  std::vector<QueryClause> clauses;
  // Variables in order of first appearance.
  std::vector<std::string> variables;
};

// Parses `text`. InvalidArgument names the offending part and its column.
Status ParseQuery(std::string_view text, Query* query);

}  // namespace isnad

#endif  // ISNAD_QUERY_QUERY_H_
