// `isnad query`: relation queries, as triple patterns or as flags.
#include <iostream>
#include <memory>
#include <optional>

#include "cli/common.h"
#include "cli/registry.h"

namespace isnad::cli {

namespace {

using nlohmann::json;

struct QueryOptions {
  std::string db;
  std::string subject, relation, object;
  bool json = false;
  size_t limit = 0;  // 0: no limit
};

// Resolves an optional name to its candidate ids; an empty name is unbound.
Status ResolveOptional(const TripleStore& store, const std::string& name,
                       std::vector<std::optional<TermId>>* out) {
  out->clear();
  if (name.empty()) {
    out->push_back(std::nullopt);
    return Status::OK();
  }
  std::vector<TermId> ids;
  Status s = ResolveName(store, name, &ids);
  if (!s.ok()) return s;
  for (TermId id : ids) out->push_back(id);
  return Status::OK();
}

int RunQuery(const QueryOptions& options) {
  std::unique_ptr<TripleStore> store;
  Status s = OpenForReading(options.db, &store);
  if (!s.ok()) return Fail(s);
  std::vector<std::optional<TermId>> subjects, objects;
  s = ResolveOptional(*store, options.subject, &subjects);
  if (s.ok()) s = ResolveOptional(*store, options.object, &objects);
  if (!s.ok()) return Fail(s);
  std::optional<TermId> predicate;
  if (!options.relation.empty()) {
    TermId id;
    s = store->FindPredicate(options.relation, &id);
    if (s.IsNotFound()) {
      return Fail(Status::InvalidArgument("no edge with relation \"" + options.relation +
                                          "\" in the store"));
    }
    if (!s.ok()) return Fail(s);
    predicate = id;
  }
  size_t answers = 0;
  for (const auto& subject : subjects) {
    for (const auto& object : objects) {
      EdgePattern pattern{subject, predicate, object};
      s = store->Match(pattern, [&](const EdgeKey& e, uint32_t weight) {
        if (options.limit != 0 && answers >= options.limit) return false;
        std::string relation;
        store->GetPredicateName(e.predicate, &relation);
        Provenance where;
        std::string text;
        const bool evidence = FirstEvidence(*store, e, &where, &text);
        ++answers;
        if (options.json) {
          json j = {{"subject", Label(*store, e.subject)},
                    {"relation", relation},
                    {"object", Label(*store, e.object)},
                    {"negated", e.negated},
                    {"weight", weight}};
          if (evidence) {
            j["evidence"] = {{"doc", where.doc}, {"sentence", where.sentence}, {"text", text}};
          }
          std::cout << Dump(j) << "\n";
        } else {
          std::cout << Label(*store, e.subject) << " -" << relation << "-> "
                    << Label(*store, e.object) << (e.negated ? "  (negated)" : "") << "  [weight "
                    << weight << "]\n    " << (evidence ? FormatEvidence(where, text) : "") << "\n";
        }
        return true;
      });
      if (!s.ok()) return Fail(s);
    }
  }
  if (answers == 0 && !options.json) std::cerr << "isnad: no matching edges\n";
  return 0;
}

}  // namespace

void AddQueryCommands(CLI::App* app, const std::string& default_db, CommandList* commands) {
  auto query = std::make_shared<QueryOptions>();
  query->db = default_db;
  auto* query_cmd = app->add_subcommand("query", "find edges by subject, relation and object");
  query_cmd->add_option("--db", query->db, "store directory (default $ISNAD_DB or ./isnad.db)");
  query_cmd->add_option("--subject,-s", query->subject,
                        "subject name (label or alias, any script)");
  query_cmd->add_option("--relation,-r", query->relation, "predicate, e.g. makes");
  query_cmd->add_option("--object,-o", query->object, "object name (label or alias, any script)");
  query_cmd->add_option("--limit", query->limit, "at most this many answers");
  query_cmd->add_flag("--json", query->json, "one JSON object per answer");
  commands->emplace_back(query_cmd, [query] { return RunQuery(*query); });
}

}  // namespace isnad::cli
