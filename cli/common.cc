#include "cli/common.h"

#include <unistd.h>

#include <atomic>
#include <csignal>
#include <cstdio>
#include <iostream>

#include "query/name_resolver.h"

namespace isnad::cli {

int Fail(const Status& status) {
  std::cerr << "isnad: " << status.message() << "\n";
  switch (status.code()) {
    case Status::Code::kOk:
      return 0;
    case Status::Code::kInvalidArgument:
    case Status::Code::kNotFound:
      return 1;
    default:
      return 2;
  }
}

Status OpenForReading(const std::string& db, std::unique_ptr<TripleStore>* store) {
  TripleStore::Options options;
  options.read_only = true;
  return TripleStore::Open(db, options, store);
}

Status LoadLexicon(const LexiconOptions& options, Lexicon* lexicon) {
  Status s = lexicon->LoadDirectory(options.dir);
  for (size_t i = 0; s.ok() && i < options.extra.size(); ++i)
    s = lexicon->LoadFile(options.extra[i]);
  if (s.ok()) s = lexicon->Finalize();
  return s;
}

Status ResolveName(const TripleStore& store, const std::string& name, std::vector<TermId>* ids) {
  Status s = store.FindByName(name, ids);
  if (!s.ok() || !ids->empty()) return s;
  TermId unused;
  return NameResolver(store).Resolve(name, &unused);  // NotFound, with suggestions
}

Status ResolveOne(const TripleStore& store, const std::string& name, TermId* id) {
  return NameResolver(store).Resolve(name, id);
}

std::string Label(const TripleStore& store, TermId id) {
  NodeRecord n;
  return store.GetNode(id, &n).ok() ? n.label : "?";
}

std::string Dump(const nlohmann::json& j) {
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

bool FirstEvidence(const TripleStore& store, const EdgeKey& edge, Provenance* where,
                   std::string* sentence) {
  std::vector<Provenance> provenance;
  if (!store.GetProvenance(edge, &provenance, 1, 1).ok() || provenance.empty()) return false;
  *where = provenance.front();
  return store.GetSentence(where->doc, where->sentence, sentence).ok();
}

std::string FormatEvidence(const Provenance& where, const std::string& sentence) {
  return where.doc + "#" + std::to_string(where.sentence) + ": " + sentence;
}

std::string EvidenceLine(const TripleStore& store, const EdgeKey& edge) {
  Provenance p;
  std::string text;
  return FirstEvidence(store, edge, &p, &text) ? FormatEvidence(p, text) : "";
}

namespace {

std::atomic<int> g_signal{0};
static_assert(std::atomic<int>::is_always_lock_free, "the signal handler needs a lock-free flag");
struct sigaction g_old_int, g_old_term;

extern "C" void OnInterrupt(int sig) {
  int none = 0;
  if (g_signal.compare_exchange_strong(none, sig)) return;
  // The second signal: the user means it. Both calls are async-signal-safe.
  std::signal(sig, SIG_DFL);
  std::raise(sig);
}

}  // namespace

InterruptScope::InterruptScope() {
  g_signal.store(0);
  struct sigaction action = {};
  action.sa_handler = OnInterrupt;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESTART;
  sigaction(SIGINT, &action, &g_old_int);
  sigaction(SIGTERM, &action, &g_old_term);
  // A signal the caller ignores (a background job of a shell script) stays
  // ignored, as the shell intended.
  if (g_old_int.sa_handler == SIG_IGN) sigaction(SIGINT, &g_old_int, nullptr);
  if (g_old_term.sa_handler == SIG_IGN) sigaction(SIGTERM, &g_old_term, nullptr);
}

InterruptScope::~InterruptScope() {
  sigaction(SIGINT, &g_old_int, nullptr);
  sigaction(SIGTERM, &g_old_term, nullptr);
}

int InterruptScope::Received() { return g_signal.load(); }

Progress::Progress(size_t total, bool enabled)
    : total_(total), enabled_(enabled && isatty(STDERR_FILENO)) {
  start_ = last_ = std::chrono::steady_clock::now();
}

void Progress::Update(size_t done, uint64_t bytes) {
  if (!enabled_) return;
  const auto now = std::chrono::steady_clock::now();
  if (done != total_ && now - last_ < std::chrono::milliseconds(200)) return;
  last_ = now;
  const double secs = std::chrono::duration<double>(now - start_).count();
  const double rate = secs > 0 ? done / secs : 0;
  const double mbs = secs > 0 ? bytes / secs / 1e6 : 0;
  const double left = rate > 0 ? (total_ - done) / rate : 0;
  std::fprintf(stderr, "\r%zu/%zu articles  %.1f articles/s  %.2f MB/s  %.0fs left   ", done,
               total_, rate, mbs, left);
  std::fflush(stderr);
}

void Progress::Finish() {
  if (enabled_) std::fprintf(stderr, "\n");
}

}  // namespace isnad::cli
