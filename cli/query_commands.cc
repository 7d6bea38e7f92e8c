// `isnad query`: relation queries, as triple patterns (query/query.h) or as
// the --subject/--relation/--object shortcut.
#include <iostream>
#include <memory>
#include <unordered_map>

#include "base/utf8.h"
#include "cli/common.h"
#include "cli/registry.h"
#include "query/query_engine.h"

namespace isnad::cli {

namespace {

using nlohmann::json;

struct QueryOptions {
  std::string db;
  std::string pattern;
  std::string subject, relation, object;  // the shortcut
  std::string doc, since, until;
  std::string negated;  // include | exclude | only; empty: by form
  std::string format = "table";
  bool json = false;
  bool evidence = false;
  bool explain = false;
  size_t limit = 0;  // 0: no limit
};

// Nodes and predicates of the answers, each read once.
class Names {
 public:
  explicit Names(const TripleStore& store) : store_(store) {}
  const NodeRecord& Node(TermId id) {
    auto [it, fresh] = nodes_.emplace(id, NodeRecord());
    if (fresh && !store_.GetNode(id, &it->second).ok()) it->second.label = "?";
    return it->second;
  }
  const std::string& Predicate(TermId id) {
    auto [it, fresh] = predicates_.emplace(id, "");
    if (fresh && !store_.GetPredicateName(id, &it->second).ok()) it->second = "?";
    return it->second;
  }
  // What a table shows for a node: its label, or for a statement its text.
  std::string Shown(TermId id) {
    const NodeRecord& n = Node(id);
    if (n.kind == "statement" && !n.text.empty()) return "«" + n.text + "»";
    return n.label;
  }

 private:
  const TripleStore& store_;
  std::unordered_map<TermId, NodeRecord> nodes_;
  std::unordered_map<TermId, std::string> predicates_;
};

// Cuts `text` to `width` code points (… marks a cut) and, when `pad`, pads
// it to that width (the last column is not padded).
std::string Cell(const std::string& text, size_t width, bool pad) {
  std::string out;
  size_t pos = 0, shown = 0;
  while (pos < text.size() && shown < width) {
    const size_t start = pos;
    utf8::Decode(text, &pos);
    if (shown + 1 == width && pos < text.size()) {
      out += "…";
    } else {
      out.append(text, start, pos - start);
    }
    ++shown;
  }
  if (pad) out.append(width - shown, ' ');
  return out;
}

size_t CodePoints(const std::string& text) {
  size_t n = 0, pos = 0;
  while (pos < text.size()) {
    utf8::Decode(text, &pos);
    ++n;
  }
  return n;
}

std::string OneLine(std::string text) {
  for (char& c : text) {
    if (c == '\t' || c == '\n' || c == '\r') c = ' ';
  }
  return text;
}

Status BuildShortcut(const QueryOptions& o, Query* query) {
  QueryClause clause;
  auto term = [](const std::string& given, const char* variable) {
    QueryTerm t;
    t.is_variable = given.empty();
    t.text = given.empty() ? variable : given;
    return t;
  };
  clause.subject = term(o.subject, "subject");
  clause.relation = term(o.relation, "relation");
  clause.object = term(o.object, "object");
  query->clauses = {clause};
  for (const QueryTerm* t : {&clause.subject, &clause.relation, &clause.object}) {
    if (t->is_variable) query->variables.push_back(t->text);
  }
  return Status::OK();
}

int RunQuery(const QueryOptions& options) {
  const bool shortcut =
      !options.subject.empty() || !options.relation.empty() || !options.object.empty();
  if (shortcut && !options.pattern.empty()) {
    return Fail(
        Status::InvalidArgument("give a PATTERN or --subject/--relation/--object, not both"));
  }
  if (!shortcut && options.pattern.empty()) {
    return Fail(Status::InvalidArgument(
        "give a PATTERN such as '?c:company -buys-> H200', or --subject/--relation/--object"));
  }
  Query query;
  Status s = shortcut ? BuildShortcut(options, &query) : ParseQuery(options.pattern, &query);
  if (!s.ok()) return Fail(s);

  QueryFilter filter;
  filter.doc = options.doc;
  filter.since = options.since;
  filter.until = options.until;
  filter.limit = options.limit;
  // The shortcut lists edges, negated ones marked; a pattern asks what holds.
  const std::string negated =
      options.negated.empty() ? (shortcut ? "include" : "exclude") : options.negated;
  filter.negated = negated == "include" ? QueryFilter::Negated::kInclude
                   : negated == "only"  ? QueryFilter::Negated::kOnly
                                        : QueryFilter::Negated::kExclude;
  const std::string format = options.json ? "json" : options.format;

  std::unique_ptr<TripleStore> store;
  s = OpenForReading(options.db, &store);
  if (!s.ok()) return Fail(s);
  NameResolver resolver(*store);
  QueryEngine engine(*store, resolver);
  Names names(*store);

  // Clause index of each edge in QueryAnswer::edges.
  std::vector<const QueryClause*> patterns;
  for (const QueryClause& c : query.clauses) {
    if (!c.IsConstraint()) patterns.push_back(&c);
  }
  std::vector<bool> relation_variable(query.variables.size(), false);
  for (const QueryClause* c : patterns) {
    if (!c->relation.is_variable) continue;
    for (size_t v = 0; v < query.variables.size(); ++v) {
      if (query.variables[v] == c->relation.text) relation_variable[v] = true;
    }
  }
  auto value_text = [&](size_t v, TermId id) {
    return relation_variable[v] ? names.Predicate(id) : names.Shown(id);
  };

  std::vector<std::vector<std::string>> table;  // rows of cells, for the table format
  std::vector<std::vector<std::string>> table_evidence;
  size_t answers = 0;
  s = engine.Run(query, filter, [&](const QueryAnswer& a) {
    ++answers;
    auto evidence_of = [&](const EdgeKey& e, Provenance* where, std::string* text) {
      return engine.Evidence(e, filter, where, text);
    };
    if (shortcut) {  // one edge per answer, shown as before
      const auto& [e, weight] = a.edges[0];
      Provenance where;
      std::string text;
      const bool has = evidence_of(e, &where, &text);
      if (format == "json") {
        json j = {{"subject", names.Node(e.subject).label},
                  {"relation", names.Predicate(e.predicate)},
                  {"object", names.Node(e.object).label},
                  {"negated", e.negated},
                  {"weight", weight}};
        if (has) j["evidence"] = {{"doc", where.doc}, {"sentence", where.sentence}, {"text", text}};
        std::cout << Dump(j) << "\n";
      } else if (format == "tsv") {
        std::cout << OneLine(names.Node(e.subject).label) << "\t" << names.Predicate(e.predicate)
                  << "\t" << OneLine(names.Node(e.object).label) << "\t"
                  << (e.negated ? "negated" : "") << "\t" << weight << "\t"
                  << (has ? OneLine(FormatEvidence(where, text)) : "") << "\n";
      } else {
        std::cout << names.Node(e.subject).label << " -" << names.Predicate(e.predicate) << "-> "
                  << names.Node(e.object).label << (e.negated ? "  (negated)" : "") << "  [weight "
                  << weight << "]\n    " << (has ? FormatEvidence(where, text) : "") << "\n";
      }
      return true;
    }
    if (format == "json") {
      json bindings = json::object();
      for (size_t v = 0; v < query.variables.size(); ++v) {
        if (relation_variable[v]) {
          bindings[query.variables[v]] = names.Predicate(a.values[v]);
          continue;
        }
        const NodeRecord& n = names.Node(a.values[v]);
        json node = {{"id", n.key}, {"label", n.label}, {"kind", n.kind}};
        if (!n.text.empty()) node["text"] = n.text;
        bindings[query.variables[v]] = std::move(node);
      }
      json edges = json::array();
      for (const auto& [e, weight] : a.edges) {
        json j = {{"subject", names.Node(e.subject).label},
                  {"relation", names.Predicate(e.predicate)},
                  {"object", names.Node(e.object).label},
                  {"negated", e.negated},
                  {"weight", weight}};
        Provenance where;
        std::string text;
        if (options.evidence && evidence_of(e, &where, &text)) {
          j["evidence"] = {{"doc", where.doc}, {"sentence", where.sentence}, {"text", text}};
        }
        edges.push_back(std::move(j));
      }
      std::cout << Dump({{"bindings", bindings}, {"edges", edges}}) << "\n";
      return true;
    }
    std::vector<std::string> row;
    for (size_t v = 0; v < query.variables.size(); ++v) row.push_back(value_text(v, a.values[v]));
    std::vector<std::string> lines;
    if (options.evidence) {
      for (const auto& [e, weight] : a.edges) {
        Provenance where;
        std::string text;
        const bool has = evidence_of(e, &where, &text);
        lines.push_back(names.Node(e.subject).label + " -" + names.Predicate(e.predicate) + "-> " +
                        names.Node(e.object).label + (e.negated ? " (negated)" : "") +
                        "  [weight " + std::to_string(weight) + "]" +
                        (has ? "\n      " + FormatEvidence(where, text) : ""));
      }
    }
    if (format == "tsv") {
      if (answers == 1) {
        for (size_t v = 0; v < query.variables.size(); ++v) {
          std::cout << (v ? "\t" : "") << "?" << query.variables[v];
        }
        for (size_t k = 0; k < lines.size(); ++k) std::cout << "\tevidence" << k + 1;
        std::cout << "\n";
      }
      for (size_t v = 0; v < row.size(); ++v) std::cout << (v ? "\t" : "") << OneLine(row[v]);
      for (const std::string& l : lines) std::cout << "\t" << OneLine(l);
      std::cout << "\n";
      return true;
    }
    table.push_back(std::move(row));
    table_evidence.push_back(std::move(lines));
    return true;
  });
  if (!s.ok()) return Fail(s);
  if (options.explain) {
    std::cerr << "isnad: plan:";
    for (size_t clause : engine.plan()) std::cerr << " " << clause + 1;
    std::cerr << " (clauses, in the order evaluated)\n";
  }
  if (!shortcut && format == "table" && answers > 0) {
    std::vector<size_t> width(query.variables.size());
    for (size_t v = 0; v < width.size(); ++v) width[v] = CodePoints(query.variables[v]) + 1;
    for (const auto& row : table) {
      for (size_t v = 0; v < row.size(); ++v) {
        width[v] = std::min<size_t>(40, std::max(width[v], CodePoints(row[v])));
      }
    }
    for (size_t v = 0; v < width.size(); ++v) {
      std::cout << Cell("?" + query.variables[v], width[v], v + 1 < width.size())
                << (v + 1 < width.size() ? "  " : "");
    }
    std::cout << "\n";
    for (size_t r = 0; r < table.size(); ++r) {
      for (size_t v = 0; v < width.size(); ++v) {
        std::cout << Cell(table[r][v], width[v], v + 1 < width.size())
                  << (v + 1 < width.size() ? "  " : "");
      }
      std::cout << "\n";
      for (const std::string& l : table_evidence[r]) std::cout << "    " << l << "\n";
    }
  }
  if (answers == 0) {
    std::cerr << "isnad: no answers\n";
  } else if (format == "table") {
    std::cerr << "isnad: " << answers << (answers == 1 ? " answer" : " answers")
              << (options.limit != 0 && answers == options.limit ? " (limit reached)" : "") << "\n";
  }
  return 0;
}

}  // namespace

void AddQueryCommands(CLI::App* app, const std::string& default_db, CommandList* commands) {
  auto o = std::make_shared<QueryOptions>();
  o->db = default_db;
  auto* cmd = app->add_subcommand(
      "query",
      "answer relation patterns, e.g. '?c:company -buys-> H200' or '?p -said-> ?s ; ?s "
      "-mentions-> Huawei' (docs/QUERY.md)");
  cmd->add_option("pattern", o->pattern,
                  "triple patterns SUBJECT -RELATION-> OBJECT joined by ';' (variables ?x, "
                  "?x:kind; names quoted when they hold spaces)");
  cmd->add_option("--db", o->db, "store directory (default $ISNAD_DB or ./isnad.db)");
  cmd->add_option("--subject,-s", o->subject,
                  "shortcut: subject name (label or alias, any script)");
  cmd->add_option("--relation,-r", o->relation, "shortcut: relation, e.g. makes");
  cmd->add_option("--object,-o", o->object, "shortcut: object name (label or alias, any script)");
  cmd->add_option("--doc", o->doc, "only edges this article supports");
  cmd->add_option("--since", o->since,
                  "only edges supported by articles dated on or after (YYYY[-MM[-DD]])");
  cmd->add_option("--until", o->until, "only edges supported by articles dated on or before");
  cmd->add_option("--negated", o->negated,
                  "negated edges: include, exclude or only (default: exclude for patterns, "
                  "include for the shortcut)")
      ->check(CLI::IsMember({"include", "exclude", "only"}));
  cmd->add_option("--limit", o->limit, "at most this many answers");
  cmd->add_flag("--evidence", o->evidence, "print each answer's supporting sentences");
  cmd->add_option("--format", o->format, "table, tsv or json")
      ->check(CLI::IsMember({"table", "tsv", "json"}))
      ->capture_default_str();
  cmd->add_flag("--json", o->json, "one JSON object per answer (same as --format json)");
  cmd->add_flag("--explain", o->explain, "print the order the patterns were evaluated in");
  commands->emplace_back(cmd, [o] { return RunQuery(*o); });
}

}  // namespace isnad::cli
