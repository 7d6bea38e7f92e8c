// isnad: the command-line program. Parsing only; the work is in commands.h.
#include <CLI/CLI.hpp>
#include <cstdlib>
#include <filesystem>
#include <iostream>

#include "cli/commands.h"
#include "cli/registry.h"

#ifndef ISNAD_LEXICON_DIR
#define ISNAD_LEXICON_DIR "lexicon"
#endif

namespace {

std::string DefaultDb() {
  const char* env = std::getenv("ISNAD_DB");
  return env != nullptr && *env != '\0' ? env : "isnad.db";
}

std::string DefaultLexiconDir() {
  const char* env = std::getenv("ISNAD_LEXICON_DIR");
  if (env != nullptr && *env != '\0') return env;
  return ISNAD_LEXICON_DIR;
}

void AddDb(CLI::App* app, std::string* db) {
  app->add_option("--db", *db, "store directory (default $ISNAD_DB or ./isnad.db)");
}

void AddLexicon(CLI::App* app, isnad::cli::LexiconOptions* lex) {
  app->add_option("--lexicon-dir", lex->dir, "built-in lexicon directory")->capture_default_str();
  app->add_option("--lexicon", lex->extra,
                  "extra lexicon JSON file (repeatable); its entities win over built-in ones")
      ->check(CLI::ExistingFile);
}

}  // namespace

int main(int argc, char** argv) {
  namespace cli = isnad::cli;
  CLI::App app{"isnad: builds a knowledge graph with provenance from news articles"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "isnad 0.1.0");

  cli::IngestOptions ingest;
  ingest.db = DefaultDb();
  ingest.lexicon.dir = DefaultLexiconDir();
  auto* ingest_cmd = app.add_subcommand("ingest", "extract articles and add them to the store");
  AddDb(ingest_cmd, &ingest.db);
  ingest_cmd
      ->add_option("paths", ingest.paths, ".txt, .jsonl, directories, or - for JSONL on stdin")
      ->required();
  AddLexicon(ingest_cmd, &ingest.lexicon);
  ingest_cmd->add_flag("--sync", ingest.sync, "fsync each article (survives power loss)");
  ingest_cmd->add_flag("-q,--quiet", ingest.quiet, "no progress and no summary");
  ingest_cmd->add_option("-j,--jobs", ingest.jobs,
                         "extraction threads (default: one per core); one writer");
  ingest_cmd->add_flag("--bulk", ingest.bulk,
                       "for large corpora: build sorted SST files and ingest them");
  ingest_cmd
      ->add_option("--on-error", ingest.on_error,
                   "a rejected input: skip (report it, go on; exit 1 at the end) or stop "
                   "(end the run there, keeping what came before)")
      ->check(CLI::IsMember({"skip", "stop"}))
      ->capture_default_str();
  ingest_cmd
      ->add_option("--encoding", ingest.encoding,
                   "convert input that is not valid UTF-8 from this encoding: utf-8 (none), "
                   "windows-1256 or iso-8859-6")
      ->check(CLI::IsMember({"utf-8", "windows-1256", "iso-8859-6"}, CLI::ignore_case))
      ->capture_default_str();
  ingest_cmd
      ->add_option("--max-article-mb", ingest.max_article_mb,
                   "reject articles bigger than this (a .txt file, a JSON line)")
      ->check(CLI::Range(1, 1024))
      ->capture_default_str();

  cli::ExportOptions exp;
  exp.db = DefaultDb();
  exp.format = "graphml";
  auto* export_cmd = app.add_subcommand(
      "export", "write the graph as GraphML, GEXF, JSON Lines, CSV or N-Triples");
  AddDb(export_cmd, &exp.db);
  export_cmd->add_option("--format", exp.format, "graphml, gexf, jsonl, csv (Neo4j) or ntriples")
      ->check(CLI::IsMember({"graphml", "gexf", "jsonl", "csv", "ntriples"}))
      ->capture_default_str();
  export_cmd->add_option("--out", exp.out, "output file (default: stdout); for csv, a directory");
  export_cmd->add_flag("--no-statements", exp.no_statements, "leave statement nodes out");
  export_cmd->add_option("--kind", exp.kinds, "only nodes of this kind (repeatable)");
  export_cmd->add_option("--relation", exp.relations, "only edges of this relation (repeatable)");
  export_cmd->add_option("--doc", exp.doc, "only what this article supports");
  export_cmd->add_option("--since", exp.since, "only what articles dated on or after this support");
  export_cmd->add_option("--until", exp.until,
                         "only what articles dated on or before this support");
  export_cmd->add_option("--min-weight", exp.min_weight, "only edges with this many mentions");
  export_cmd->add_option("--around", exp.around, "only the ego network of this entity");
  export_cmd->add_option("--depth", exp.depth, "hops of the ego network")->capture_default_str();
  export_cmd->add_flag("--with-metrics", exp.with_metrics,
                       "graphml and gexf: node attributes pagerank, degree and community");

  cli::ShowOptions show;
  show.db = DefaultDb();
  auto* show_cmd = app.add_subcommand(
      "show", "one entity: aliases, documents, edges by relation with evidence, statements");
  AddDb(show_cmd, &show.db);
  show_cmd->add_option("name", show.name, "entity name (label or alias, any script)")->required();
  show_cmd
      ->add_option("--limit", show.limit,
                   "edges per relation, statements and documents listed (0: all)")
      ->capture_default_str();
  show_cmd->add_flag("--json", show.json, "print one JSON object");

  cli::StatsOptions stats;
  stats.db = DefaultDb();
  auto* stats_cmd = app.add_subcommand(
      "stats", "counts of documents, nodes and edges; article dates; top entities and speakers");
  AddDb(stats_cmd, &stats.db);
  stats_cmd->add_flag("--json", stats.json, "print one JSON object");

  cli::RemoveOptions remove;
  remove.db = DefaultDb();
  auto* remove_cmd = app.add_subcommand("remove", "remove articles' contributions from the store");
  AddDb(remove_cmd, &remove.db);
  remove_cmd->add_option("--doc", remove.docs, "article id (repeatable)")->required();

  cli::ExtractOptions extract;
  extract.lexicon.dir = DefaultLexiconDir();
  auto* extract_cmd = app.add_subcommand("extract", "extract one article without a store");
  extract_cmd->add_option("file", extract.path, "a .txt article")->required();
  AddLexicon(extract_cmd, &extract.lexicon);
  extract_cmd->add_flag("--json", extract.json, "print the extraction as JSON");
  extract_cmd->add_flag("--explain", extract.explain, "show sentences, mentions and rules");

  cli::LexiconOptions lexicon;
  lexicon.dir = DefaultLexiconDir();
  auto* lexicon_cmd = app.add_subcommand("lexicon", "work with the lexicon");
  lexicon_cmd->require_subcommand(1);
  auto* check_cmd = lexicon_cmd->add_subcommand("check", "validate the lexicon files");
  AddLexicon(check_cmd, &lexicon);

  cli::StoreOptions verify;
  verify.db = DefaultDb();
  auto* verify_cmd = app.add_subcommand("verify", "check the store's invariants");
  AddDb(verify_cmd, &verify.db);
  verify_cmd->add_flag("--json", verify.json, "print one JSON object");

  cli::StoreOptions compact;
  compact.db = DefaultDb();
  auto* compact_cmd = app.add_subcommand("compact", "compact the store (after removals)");
  AddDb(compact_cmd, &compact.db);

  cli::CommandList commands;
  cli::AddQueryCommands(&app, DefaultDb(), &commands);
  cli::AddNavigationCommands(&app, DefaultDb(), &commands);
  cli::AddAnalyticsCommands(&app, DefaultDb(), &commands);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? 0 : 1;
  }

  if (*ingest_cmd) return cli::RunIngest(ingest);
  if (*export_cmd) return cli::RunExport(exp);
  if (*show_cmd) return cli::RunShow(show);
  if (*stats_cmd) return cli::RunStats(stats);
  if (*remove_cmd) return cli::RunRemove(remove);
  if (*extract_cmd) return cli::RunExtract(extract);
  if (*check_cmd) return cli::RunLexiconCheck(lexicon);
  if (*verify_cmd) return cli::RunVerify(verify);
  if (*compact_cmd) return cli::RunCompact(compact);
  for (const auto& [command, run] : commands) {
    if (*command) return run();
  }
  return 1;
}
