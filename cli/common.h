// Helpers shared by the subcommands.
#ifndef ISNAD_CLI_COMMON_H_
#define ISNAD_CLI_COMMON_H_

#include <chrono>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "base/status.h"
#include "cli/commands.h"
#include "extract/lexicon.h"
#include "store/triple_store.h"

namespace isnad::cli {

// Opens an existing store for reading (no write lock: works during an ingest).
Status OpenForReading(const std::string& db, std::unique_ptr<TripleStore>* store);

// Loads the built-in lexicon and the user's files, and finalises it.
Status LoadLexicon(const LexiconOptions& options, Lexicon* lexicon);

// The nodes a user-given name denotes (label or alias, any script, folded);
// NotFound naming `name` when there is none.
Status ResolveName(const TripleStore& store, const std::string& name, std::vector<TermId>* ids);

// The one node `name` denotes. When several do: InvalidArgument listing
// them with their kinds; when none: NotFound suggesting the nearest names.
// (Both make the program exit with status 1.)
Status ResolveOne(const TripleStore& store, const std::string& name, TermId* id);

// A node's label, or "?" when it cannot be read.
std::string Label(const TripleStore& store, TermId id);

// JSON for output: invalid UTF-8 replaced, never thrown on.
std::string Dump(const nlohmann::json& j);

// The first supporting mention of `edge` with its sentence; false when there
// is none or it cannot be read.
bool FirstEvidence(const TripleStore& store, const EdgeKey& edge, Provenance* where,
                   std::string* sentence);

// "doc#sentence: text".
std::string FormatEvidence(const Provenance& where, const std::string& sentence);

// FormatEvidence of the first evidence of `edge`, or "" when there is none.
std::string EvidenceLine(const TripleStore& store, const EdgeKey& edge);

// Ctrl-C for commands that write: while an InterruptScope lives, the first
// SIGINT or SIGTERM does not end the process but is recorded (Received()
// returns it), so that the command can finish the article in hand, commit
// and exit with a message saying how to resume; a second one ends the
// process at once, by the signal's default action. The handler only
// stores to a lock-free atomic (async-signal-safe); handlers are installed
// with SA_RESTART, so no system call fails with EINTR because of them.
// Destruction restores the previous handlers. One scope at a time.
class InterruptScope {
 public:
  InterruptScope();
  ~InterruptScope();
  InterruptScope(const InterruptScope&) = delete;
  InterruptScope& operator=(const InterruptScope&) = delete;
  // The signal received (SIGINT or SIGTERM), or 0 while none has been.
  static int Received();
};

// Progress on a terminal (stderr is a TTY): items done, rate, time left.
// Silent when stderr is piped or redirected.
class Progress {
 public:
  Progress(size_t total, bool enabled);
  void Update(size_t done, uint64_t bytes);
  void Finish();

 private:
  size_t total_;
  bool enabled_;
  std::chrono::steady_clock::time_point start_, last_;
};

}  // namespace isnad::cli

#endif  // ISNAD_CLI_COMMON_H_
