// The subcommands of the `isnad` program. main.cc parses the command line
// into these option structs; each Run* function does the work and returns
// the process exit status: 0 success, 1 user error (bad arguments,
// unreadable input, unknown entity), 2 internal or storage failure.
#ifndef ISNAD_CLI_COMMANDS_H_
#define ISNAD_CLI_COMMANDS_H_

#include <optional>
#include <string>
#include <vector>

#include "base/status.h"

namespace isnad::cli {

struct LexiconOptions {
  std::string dir;                 // built-in lexicon directory
  std::vector<std::string> extra;  // user --lexicon files, applied last
};

struct IngestOptions {
  std::string db;
  std::vector<std::string> paths;
  LexiconOptions lexicon;
  bool sync = false;
  bool quiet = false;
  unsigned jobs = 0;  // extraction threads; 0: one per core
  bool bulk = false;  // build SST files and ingest them (TripleStore::BeginBulk)
  // A rejected input (bad file, line or article): "skip" reports it and
  // goes on; "stop" ends the run at the first one, keeping what was stored
  // before it.
  std::string on_error = "skip";
  // The encoding of input that is not valid UTF-8: utf-8 (none; reject
  // it), windows-1256 or iso-8859-6 (see extract/encoding.h).
  std::string encoding = "utf-8";
  size_t max_article_mb = 16;  // bigger articles are rejected (MB = 2^20 bytes)
};

struct StoreOptions {
  std::string db;
  bool json = false;
};

struct ExportOptions {
  std::string db;
  std::string format;  // graphml | gexf | jsonl | csv | ntriples
  std::string out;     // empty: stdout; a directory for csv
  bool no_statements = false;
  // Selection (graph/subgraph.h); empty or zero selects everything.
  std::vector<std::string> kinds, relations;
  std::string doc, since, until, around;
  uint32_t min_weight = 0;
  size_t depth = 1;
  // graphml and gexf: add node attributes pagerank, degree and community
  // (graph/analytics.h), computed on the exported graph.
  bool with_metrics = false;
};

struct ShowOptions {
  std::string db;
  std::string name;
  bool json = false;
  // Edges listed per relation group, and statements and documents listed;
  // the rest are counted ("... and K more"). Bounds the evidence a hub reads.
  // 0: list everything.
  size_t limit = 10;
};

struct StatsOptions {
  std::string db;
  bool json = false;
};

struct RemoveOptions {
  std::string db;
  std::vector<std::string> docs;
};

struct ExtractOptions {
  std::string path;
  LexiconOptions lexicon;
  bool json = false;
  bool explain = false;
};

int RunIngest(const IngestOptions& options);
int RunExport(const ExportOptions& options);
int RunShow(const ShowOptions& options);
int RunStats(const StatsOptions& options);
int RunRemove(const RemoveOptions& options);
int RunExtract(const ExtractOptions& options);
int RunLexiconCheck(const LexiconOptions& options);
int RunVerify(const StoreOptions& options);
int RunCompact(const StoreOptions& options);

// The exit status for a failed Status, after printing it to stderr.
int Fail(const Status& status);

}  // namespace isnad::cli

#endif  // ISNAD_CLI_COMMANDS_H_
