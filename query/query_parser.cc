#include <algorithm>

#include "query/query.h"

namespace isnad {

namespace {

struct Token {
  std::string text;
  size_t column = 0;  // 1-based, in bytes
  bool quoted = false;
  bool separator = false;  // ';'
};

Status Error(size_t column, const std::string& what) {
  return Status::InvalidArgument("query, column " + std::to_string(column) + ": " + what);
}

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// Splits on white space and ';', keeping quoted names whole.
Status Tokenize(std::string_view text, std::vector<Token>* tokens) {
  static const std::string_view kGuillemetOpen = "\xC2\xAB", kGuillemetClose = "\xC2\xBB";
  size_t i = 0;
  while (i < text.size()) {
    if (IsSpace(text[i])) {
      ++i;
      continue;
    }
    Token t;
    t.column = i + 1;
    if (text[i] == ';') {
      t.separator = true;
      t.text = ";";
      tokens->push_back(t);
      ++i;
      continue;
    }
    std::string_view close;
    size_t open_len = 0;
    if (text[i] == '"') {
      close = "\"";
      open_len = 1;
    } else if (text.substr(i, 2) == kGuillemetOpen) {
      close = kGuillemetClose;
      open_len = 2;
    }
    if (open_len > 0) {
      const size_t end = text.find(close, i + open_len);
      if (end == std::string_view::npos) return Error(t.column, "unclosed quote");
      t.text = std::string(text.substr(i + open_len, end - i - open_len));
      t.quoted = true;
      i = end + close.size();
    } else {
      const size_t start = i;
      while (i < text.size() && !IsSpace(text[i]) && text[i] != ';' && text[i] != '"') ++i;
      t.text = std::string(text.substr(start, i - start));
    }
    tokens->push_back(std::move(t));
  }
  return Status::OK();
}

bool IsRelation(const Token& t) {
  return !t.quoted && t.text.size() >= 4 && t.text.front() == '-' &&
         t.text.compare(t.text.size() - 2, 2, "->") == 0;
}

bool ValidIdentifier(std::string_view s) {
  if (s.empty()) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           static_cast<unsigned char>(c) >= 0x80;
  });
}

Status ParseVariable(const Token& t, QueryTerm* term) {
  std::string_view body = std::string_view(t.text).substr(1);
  term->is_variable = true;
  const size_t colon = body.find(':');
  if (colon != std::string_view::npos) {
    term->kind = std::string(body.substr(colon + 1));
    body = body.substr(0, colon);
    if (!ValidIdentifier(term->kind)) return Error(t.column, "bad kind in \"" + t.text + "\"");
  }
  if (!ValidIdentifier(body)) return Error(t.column, "bad variable name \"" + t.text + "\"");
  term->text = std::string(body);
  return Status::OK();
}

// One term from tokens [begin, end): a variable, or a name of one or more
// words.
Status ParseTerm(const std::vector<Token>& tokens, size_t begin, size_t end, size_t column,
                 QueryTerm* term) {
  if (begin == end) return Error(column, "a subject or object is missing");
  if (!tokens[begin].quoted && tokens[begin].text[0] == '?') {
    if (end - begin > 1) {
      return Error(tokens[begin + 1].column, "unexpected \"" + tokens[begin + 1].text + "\"");
    }
    return ParseVariable(tokens[begin], term);
  }
  for (size_t i = begin; i < end; ++i) {
    if (tokens[i].quoted && end - begin > 1) {
      return Error(tokens[i].column, "a quoted name stands alone");
    }
    if (!term->text.empty()) term->text += ' ';
    term->text += tokens[i].text;
  }
  if (term->text.empty()) return Error(tokens[begin].column, "empty name");
  return Status::OK();
}

}  // namespace

Status ParseQuery(std::string_view text, Query* query) {
  *query = Query();
  std::vector<Token> tokens;
  Status s = Tokenize(text, &tokens);
  if (!s.ok()) return s;
  if (tokens.empty()) return Status::InvalidArgument("query is empty");
  size_t begin = 0;
  while (begin <= tokens.size()) {
    size_t end = begin;
    while (end < tokens.size() && !tokens[end].separator) ++end;
    const size_t column = begin < tokens.size() ? tokens[begin].column : text.size() + 1;
    if (end == begin) {
      if (end == tokens.size() && !query->clauses.empty()) break;  // a trailing ';'
      return Error(column, "empty clause");
    }
    QueryClause clause;
    size_t relation = end;
    for (size_t i = begin; i < end; ++i) {
      if (IsRelation(tokens[i])) {
        if (relation != end) return Error(tokens[i].column, "two relations in one clause");
        relation = i;
      }
    }
    if (relation == end) {
      // A kind constraint: ?x:kind alone.
      if (end - begin != 1 || tokens[begin].quoted || tokens[begin].text[0] != '?') {
        return Error(column, "expected SUBJECT -RELATION-> OBJECT or ?variable:kind");
      }
      s = ParseVariable(tokens[begin], &clause.subject);
      if (!s.ok()) return s;
      if (clause.subject.kind.empty()) {
        return Error(column, "a variable alone needs a kind, as in ?x:company");
      }
    } else {
      s = ParseTerm(tokens, begin, relation, column, &clause.subject);
      if (s.ok()) s = ParseTerm(tokens, relation + 1, end, tokens[relation].column, &clause.object);
      if (!s.ok()) return s;
      const Token& r = tokens[relation];
      const std::string body = r.text.substr(1, r.text.size() - 3);
      if (!body.empty() && body[0] == '?') {
        Token variable{body, r.column + 1, false, false};
        s = ParseVariable(variable, &clause.relation);
        if (!s.ok()) return s;
        if (!clause.relation.kind.empty()) return Error(r.column, "a relation has no kind");
      } else if (ValidIdentifier(body)) {
        clause.relation.text = body;
      } else {
        return Error(r.column, "bad relation \"" + r.text + "\"");
      }
    }
    for (const QueryTerm* t : {&clause.subject, &clause.relation, &clause.object}) {
      if (t->is_variable && std::find(query->variables.begin(), query->variables.end(), t->text) ==
                                query->variables.end()) {
        query->variables.push_back(t->text);
      }
    }
    query->clauses.push_back(std::move(clause));
    if (end == tokens.size()) break;
    begin = end + 1;
  }
  return Status::OK();
}

}  // namespace isnad
