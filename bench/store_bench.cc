// Store benchmark: ingest throughput of the `isnad` program, the store's size
// on disk, and edge look-up latency of the RocksDB TripleStore against the
// same edges in an indexed SQLite table, with the same keys.
//
//   1. Ingests the corpus into a fresh store DIR/store with `isnad ingest
//      --jobs J -q` for each J of --jobs-list, timing each run.
//   2. Opens the last store read-only, reads every edge, and picks look-up
//      keys deterministically (--seed): the keys with the most edges and a
//      uniform sample of the distinct keys, for three patterns: subject=X,
//      object=Y, subject=X relation=P. --lookups draws from those keys.
//   3. Loads the same edges into DIR/edges.sqlite, table
//      edges(s, p, o, n, w) with indexes (s,p,o), (o,s), (p,o).
//   4. Times every look-up alone (steady_clock), materialising every
//      matching edge, in both stores; reports p50/p99 and sqlite/isnad.
//
// Both stores are warmed with one pass over the distinct keys first; both
// read through the OS page cache. Output is Markdown tables.
//
// usage: store_bench --corpus FILE.jsonl --work DIR [--isnad PATH]
//                    [--jobs-list 1,2] [--lookups N] [--seed S]
//                    [--ingest-arg ARG]...   (e.g. --ingest-arg --bulk)
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cinttypes>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <unordered_map>
#include <vector>

#include "store/triple_store.h"

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

struct Args {
  std::string corpus;
  std::string work;
  std::string isnad = "build/cli/isnad";
  std::vector<unsigned> jobs = {1, 2};
  std::vector<std::string> ingest_args;  // passed on to `isnad ingest`
  size_t lookups = 20000;
  uint64_t seed = 42;
};

constexpr size_t kTopKeys = 50;      // heaviest keys of each pattern
constexpr size_t kRandomKeys = 950;  // plus a uniform sample of distinct keys
constexpr uint64_t kMinEdges = 1000000;
constexpr int kSqliteCacheMiB = 32;  // RocksDB's default block cache is 32 MiB

[[noreturn]] void Die(const std::string& message) {
  std::fprintf(stderr, "store_bench: %s\n", message.c_str());
  std::exit(2);
}

void Check(const isnad::Status& s, const char* what) {
  if (!s.ok()) Die(std::string(what) + ": " + s.ToString());
}

bool ParseArgs(int argc, char** argv, Args* args) {
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    const bool has_value = i + 1 < argc;
    if (a == "--corpus" && has_value) {
      args->corpus = argv[++i];
    } else if (a == "--work" && has_value) {
      args->work = argv[++i];
    } else if (a == "--isnad" && has_value) {
      args->isnad = argv[++i];
    } else if (a == "--jobs-list" && has_value) {
      args->jobs.clear();
      std::string list = argv[++i];
      size_t pos = 0;
      while (pos <= list.size()) {
        const size_t comma = std::min(list.find(',', pos), list.size());
        const int j = std::atoi(list.substr(pos, comma - pos).c_str());
        if (j <= 0) return false;
        args->jobs.push_back(static_cast<unsigned>(j));
        pos = comma + 1;
      }
    } else if (a == "--ingest-arg" && has_value) {
      args->ingest_args.push_back(argv[++i]);
    } else if (a == "--lookups" && has_value) {
      args->lookups = std::strtoull(argv[++i], nullptr, 10);
    } else if (a == "--seed" && has_value) {
      args->seed = std::strtoull(argv[++i], nullptr, 10);
    } else {
      return false;
    }
  }
  return !args->corpus.empty() && !args->work.empty() && !args->jobs.empty() && args->lookups > 0;
}

// ---- Ingest -----------------------------------------------------------------

struct CorpusInfo {
  uint64_t articles = 0;
  uint64_t text_bytes = 0;  // UTF-8 bytes of the "text" fields
  uint64_t file_bytes = 0;
};

CorpusInfo ScanCorpus(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) Die(path + ": cannot read");
  CorpusInfo info;
  std::string line;
  while (std::getline(in, line)) {
    info.file_bytes += line.size() + 1;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    const nlohmann::json j = nlohmann::json::parse(line, nullptr, false);
    if (!j.is_object() || !j.contains("text") || !j["text"].is_string()) {
      Die(path + ":" + std::to_string(info.articles + 1) + ": not an article");
    }
    info.text_bytes += j["text"].get_ref<const std::string&>().size();
    ++info.articles;
  }
  return info;
}

// Bytes of every file under `dir`; `*wal` gets those of RocksDB's write-ahead
// logs (NNNNNN.log; the info log is LOG).
uint64_t DirectoryBytes(const std::string& dir, uint64_t* wal) {
  uint64_t total = 0;
  *wal = 0;
  std::error_code ec;
  for (const auto& e : fs::recursive_directory_iterator(dir, ec)) {
    if (!e.is_regular_file(ec)) continue;
    const uint64_t size = e.file_size(ec);
    total += size;
    if (e.path().extension() == ".log") *wal += size;
  }
  return total;
}

// Runs argv[0] with argv, stdout and stderr inherited; returns its exit status.
int RunProcess(const std::vector<std::string>& argv) {
  std::vector<char*> cargv;
  for (const std::string& a : argv) cargv.push_back(const_cast<char*>(a.c_str()));
  cargv.push_back(nullptr);
  std::fflush(nullptr);
  const pid_t pid = fork();
  if (pid < 0) Die("fork failed");
  if (pid == 0) {
    execv(cargv[0], cargv.data());
    std::perror(cargv[0]);
    _exit(127);
  }
  int status = 0;
  if (waitpid(pid, &status, 0) != pid) Die("waitpid failed");
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

// Whether `isnad ingest --help` lists --jobs.
bool IngestHasJobs(const std::string& isnad) {
  const std::string command = "'" + isnad + "' ingest --help 2>&1";
  FILE* p = popen(command.c_str(), "r");
  if (p == nullptr) Die("cannot run " + isnad);
  std::string out;
  char buf[4096];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  pclose(p);
  return out.find("--jobs") != std::string::npos;
}

// ---- Edges and keys ---------------------------------------------------------

struct Row {
  uint32_t s, p, o;
  uint32_t n;
  uint32_t w;
};

enum Pattern { kSubject, kObject, kSubjectRelation, kPatternCount };
const char* const kPatternNames[] = {"subject=X", "object=Y", "subject=X relation=P"};

uint64_t KeyOf(Pattern pattern, const Row& r) {
  switch (pattern) {
    case kSubject:
      return r.s;
    case kObject:
      return r.o;
    case kSubjectRelation:
      return (uint64_t{r.s} << 32) | r.p;
    default:
      return 0;
  }
}

// The distinct keys of `pattern` to look up: the kTopKeys with the most
// edges, then kRandomKeys drawn uniformly from the others.
std::vector<uint64_t> PickKeys(Pattern pattern, const std::vector<Row>& edges, std::mt19937_64* rng,
                               std::vector<std::pair<uint64_t, uint64_t>>* top) {
  std::unordered_map<uint64_t, uint64_t> degree;
  for (const Row& r : edges) ++degree[KeyOf(pattern, r)];
  std::vector<std::pair<uint64_t, uint64_t>> by_degree(degree.begin(), degree.end());
  std::sort(by_degree.begin(), by_degree.end(), [](const auto& a, const auto& b) {
    return a.second != b.second ? a.second > b.second : a.first < b.first;
  });
  const size_t n_top = std::min(kTopKeys, by_degree.size());
  top->assign(by_degree.begin(), by_degree.begin() + n_top);
  std::vector<uint64_t> keys;
  for (size_t i = 0; i < n_top; ++i) keys.push_back(by_degree[i].first);
  std::vector<uint64_t> rest;
  for (size_t i = n_top; i < by_degree.size(); ++i) rest.push_back(by_degree[i].first);
  std::sort(rest.begin(), rest.end());
  // Partial Fisher-Yates with the raw engine output: the same on every platform.
  const size_t n_random = std::min(kRandomKeys, rest.size());
  for (size_t i = 0; i < n_random; ++i) {
    const size_t j = i + (*rng)() % (rest.size() - i);
    std::swap(rest[i], rest[j]);
    keys.push_back(rest[i]);
  }
  return keys;
}

// ---- Timing -----------------------------------------------------------------

struct Latency {
  double p50 = 0, p99 = 0, mean = 0;  // microseconds
  uint64_t rows = 0;                  // edges materialised over all look-ups
};

Latency Summarise(std::vector<double>* us, uint64_t rows) {
  std::sort(us->begin(), us->end());
  auto rank = [&](double q) {
    const size_t k = static_cast<size_t>(std::ceil(q * us->size()));
    return (*us)[std::max<size_t>(k, 1) - 1];
  };
  Latency l;
  l.p50 = rank(0.50);
  l.p99 = rank(0.99);
  double sum = 0;
  for (double v : *us) sum += v;
  l.mean = sum / us->size();
  l.rows = rows;
  return l;
}

// Times `lookup(key, &rows)` for each query after one untimed pass over `keys`.
template <class Lookup>
Latency Measure(const std::vector<uint64_t>& keys, const std::vector<uint64_t>& queries,
                Lookup lookup) {
  std::vector<Row> rows;
  rows.reserve(1 << 16);
  for (uint64_t k : keys) lookup(k, &rows);
  std::vector<double> us;
  us.reserve(queries.size());
  uint64_t total = 0;
  for (uint64_t k : queries) {
    const auto t0 = Clock::now();
    lookup(k, &rows);
    const auto t1 = Clock::now();
    us.push_back(std::chrono::duration<double, std::micro>(t1 - t0).count());
    total += rows.size();
  }
  return Summarise(&us, total);
}

// ---- SQLite -----------------------------------------------------------------

void Exec(sqlite3* db, const std::string& sql) {
  char* error = nullptr;
  if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error) != SQLITE_OK) {
    const std::string message = error ? error : "?";
    sqlite3_free(error);
    Die("sqlite: " + sql + ": " + message);
  }
}

sqlite3_stmt* Prepare(sqlite3* db, const char* sql) {
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db, sql, -1, &stmt, nullptr) != SQLITE_OK) {
    Die(std::string("sqlite: ") + sql + ": " + sqlite3_errmsg(db));
  }
  return stmt;
}

// Writes `edges` to a new database at `path`; returns the seconds it took.
double LoadSqlite(const std::string& path, const std::vector<Row>& edges) {
  for (const char* suffix : {"", "-journal", "-wal", "-shm"}) fs::remove(path + suffix);
  const auto t0 = Clock::now();
  sqlite3* db = nullptr;
  if (sqlite3_open(path.c_str(), &db) != SQLITE_OK) Die(path + ": " + sqlite3_errmsg(db));
  Exec(db, "PRAGMA journal_mode=OFF");
  Exec(db, "PRAGMA synchronous=OFF");
  Exec(db, "PRAGMA locking_mode=EXCLUSIVE");
  Exec(db, "PRAGMA cache_size=-262144");  // 256 MiB while building the indexes
  Exec(db, "BEGIN");
  Exec(db, "CREATE TABLE edges(s INTEGER, p INTEGER, o INTEGER, n INTEGER, w INTEGER)");
  sqlite3_stmt* insert = Prepare(db, "INSERT INTO edges VALUES (?1, ?2, ?3, ?4, ?5)");
  for (const Row& r : edges) {
    sqlite3_bind_int64(insert, 1, r.s);
    sqlite3_bind_int64(insert, 2, r.p);
    sqlite3_bind_int64(insert, 3, r.o);
    sqlite3_bind_int64(insert, 4, r.n);
    sqlite3_bind_int64(insert, 5, r.w);
    if (sqlite3_step(insert) != SQLITE_DONE)
      Die(std::string("sqlite insert: ") + sqlite3_errmsg(db));
    sqlite3_reset(insert);
  }
  sqlite3_finalize(insert);
  Exec(db, "CREATE INDEX edges_spo ON edges(s, p, o)");
  Exec(db, "CREATE INDEX edges_os ON edges(o, s)");
  Exec(db, "CREATE INDEX edges_po ON edges(p, o)");
  Exec(db, "COMMIT");
  Exec(db, "ANALYZE");
  sqlite3_close(db);
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

const char* const kSqliteQueries[] = {
    "SELECT s, p, o, n, w FROM edges WHERE s = ?1",
    "SELECT s, p, o, n, w FROM edges WHERE o = ?1",
    "SELECT s, p, o, n, w FROM edges WHERE s = ?1 AND p = ?2",
};

std::string QueryPlan(sqlite3* db, const char* sql) {
  sqlite3_stmt* stmt = Prepare(db, (std::string("EXPLAIN QUERY PLAN ") + sql).c_str());
  std::string plan;
  while (sqlite3_step(stmt) == SQLITE_ROW) {
    if (!plan.empty()) plan += "; ";
    plan += reinterpret_cast<const char*>(sqlite3_column_text(stmt, 3));
  }
  sqlite3_finalize(stmt);
  return plan;
}

std::string Label(const isnad::TripleStore& store, isnad::TermId id) {
  isnad::NodeRecord node;
  if (store.GetNode(id, &node).ok()) return node.label + " (" + node.kind + ")";
  std::string name;
  if (store.GetPredicateName(id, &name).ok()) return name;
  return "#" + std::to_string(id);
}

}  // namespace

int main(int argc, char** argv) {
  Args args;
  if (!ParseArgs(argc, argv, &args)) {
    std::fprintf(stderr,
                 "usage: store_bench --corpus FILE.jsonl --work DIR [--isnad PATH]\n"
                 "                   [--jobs-list 1,2] [--lookups N] [--seed S]\n"
                 "                   [--ingest-arg ARG]...\n");
    return 1;
  }
  if (access(args.isnad.c_str(), X_OK) != 0) Die(args.isnad + ": not an executable (--isnad)");
  fs::create_directories(args.work);
  const std::string store_dir = (fs::path(args.work) / "store").string();
  const std::string sqlite_path = (fs::path(args.work) / "edges.sqlite").string();

  const CorpusInfo corpus = ScanCorpus(args.corpus);
  std::printf("corpus: %s, %" PRIu64 " articles, %.1f MB of text (%.1f MB of JSONL)\n\n",
              args.corpus.c_str(), corpus.articles, corpus.text_bytes / 1e6,
              corpus.file_bytes / 1e6);

  // ---- 1. Ingest --------------------------------------------------------------
  const bool has_jobs = IngestHasJobs(args.isnad);
  std::vector<unsigned> jobs_list = args.jobs;
  if (!has_jobs) {
    std::printf("note: `isnad ingest` has no --jobs; ran once without it (jobs=1)\n\n");
    jobs_list = {1};
  }
  std::string extra;
  for (const std::string& a : args.ingest_args) extra += " " + a;
  std::printf("## Ingest (`isnad ingest -q%s`, fresh store each run)\n\n", extra.c_str());
  std::printf(
      "| jobs | seconds | articles/s | MB/s (text) | store MB | of which WAL MB | edges | "
      "bytes/edge | read-only open s |\n");
  std::printf("|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
  uint64_t edges_count = 0, store_bytes = 0, wal_bytes = 0;
  for (unsigned jobs : jobs_list) {
    fs::remove_all(store_dir);
    std::vector<std::string> command = {args.isnad, "ingest", "--db", store_dir};
    if (has_jobs) {
      command.push_back("--jobs");
      command.push_back(std::to_string(jobs));
    }
    for (const std::string& a : args.ingest_args) command.push_back(a);
    command.push_back("-q");
    command.push_back(args.corpus);
    const auto t0 = Clock::now();
    const int status = RunProcess(command);
    const double seconds = std::chrono::duration<double>(Clock::now() - t0).count();
    if (status != 0) Die("isnad ingest exited with status " + std::to_string(status));
    store_bytes = DirectoryBytes(store_dir, &wal_bytes);
    std::unique_ptr<isnad::TripleStore> store;
    isnad::TripleStore::Options options;
    options.read_only = true;
    const auto t_open = Clock::now();
    Check(isnad::TripleStore::Open(store_dir, options, &store), "open");
    const double open_seconds = std::chrono::duration<double>(Clock::now() - t_open).count();
    isnad::StoreStats stats;
    Check(store->GetStats(&stats), "stats");
    if (stats.documents != corpus.articles) {
      Die("store has " + std::to_string(stats.documents) + " documents, corpus " +
          std::to_string(corpus.articles));
    }
    edges_count = stats.edges;
    std::printf("| %u | %.1f | %.0f | %.2f | %.1f | %.1f | %" PRIu64 " | %.1f | %.2f |\n", jobs,
                seconds, corpus.articles / seconds, corpus.text_bytes / 1e6 / seconds,
                store_bytes / 1e6, wal_bytes / 1e6, edges_count,
                static_cast<double>(store_bytes) / std::max<uint64_t>(edges_count, 1),
                open_seconds);
    std::fflush(stdout);
  }
  std::printf(
      "\nstore MB: every file under %s (edges, provenance, sentences, terms, WAL);"
      " bytes/edge = store bytes / edges; read-only open: TripleStore::Open, as every read "
      "command pays it.\n",
      store_dir.c_str());
  if (edges_count < kMinEdges) {
    std::printf("WARNING: %" PRIu64 " edges, fewer than %" PRIu64 "; use a bigger corpus\n",
                edges_count, kMinEdges);
  }

  // ---- 2. Edges and keys ------------------------------------------------------
  std::unique_ptr<isnad::TripleStore> store;
  isnad::TripleStore::Options options;
  options.read_only = true;
  Check(isnad::TripleStore::Open(store_dir, options, &store), "open");
  std::vector<Row> edges;
  edges.reserve(edges_count);
  Check(store->Match(isnad::EdgePattern{},
                     [&](const isnad::EdgeKey& e, uint32_t w) {
                       edges.push_back({e.subject, e.predicate, e.object, e.negated ? 1u : 0u, w});
                       return true;
                     }),
        "match all");
  std::mt19937_64 rng(args.seed);
  std::vector<uint64_t> keys[kPatternCount], queries[kPatternCount];
  std::vector<std::pair<uint64_t, uint64_t>> top[kPatternCount];
  for (int p = 0; p < kPatternCount; ++p) {
    keys[p] = PickKeys(static_cast<Pattern>(p), edges, &rng, &top[p]);
    for (size_t i = 0; i < args.lookups; ++i) queries[p].push_back(keys[p][rng() % keys[p].size()]);
  }
  std::printf("\n## Look-up keys (seed %" PRIu64 ")\n\n", args.seed);
  std::printf(
      "per pattern: the %zu keys with most edges + %zu drawn uniformly from the other distinct "
      "keys; %zu look-ups drawn uniformly from those.\n\n",
      kTopKeys, kRandomKeys, args.lookups);
  for (int p = 0; p < kPatternCount; ++p) {
    std::printf("- %s: heaviest", kPatternNames[p]);
    for (size_t i = 0; i < std::min<size_t>(3, top[p].size()); ++i) {
      const uint64_t k = top[p][i].first;
      std::string name =
          Label(*store, static_cast<isnad::TermId>(p == kSubjectRelation ? k >> 32 : k));
      if (p == kSubjectRelation) name += " " + Label(*store, static_cast<isnad::TermId>(k));
      std::printf("%s %s: %" PRIu64, i ? "," : "", name.c_str(), top[p][i].second);
    }
    std::printf("\n");
  }

  // ---- 3. SQLite ---------------------------------------------------------------
  const double load_seconds = LoadSqlite(sqlite_path, edges);
  const uint64_t sqlite_bytes = fs::file_size(sqlite_path);
  std::printf("\n## SQLite %s\n\n", sqlite3_libversion());
  std::printf(
      "%s: %zu edges loaded in %.1f s (one transaction, journal off, synchronous off, indexes "
      "built after the rows, ANALYZE), %.1f MB, %.1f bytes/edge (edges only); queries read-only, "
      "cache_size %d MiB.\n\n",
      sqlite_path.c_str(), edges.size(), load_seconds, sqlite_bytes / 1e6,
      static_cast<double>(sqlite_bytes) / std::max<size_t>(edges.size(), 1), kSqliteCacheMiB);
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(sqlite_path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    Die(sqlite_path + ": " + sqlite3_errmsg(db));
  }
  Exec(db, "PRAGMA cache_size=-" + std::to_string(kSqliteCacheMiB * 1024));
  sqlite3_stmt* stmts[kPatternCount];
  for (int p = 0; p < kPatternCount; ++p) {
    stmts[p] = Prepare(db, kSqliteQueries[p]);
    std::printf("- %s: `%s` → %s\n", kPatternNames[p], kSqliteQueries[p],
                QueryPlan(db, kSqliteQueries[p]).c_str());
  }

  // ---- 4. Latency --------------------------------------------------------------
  Latency isnad_lat[kPatternCount], sqlite_lat[kPatternCount];
  for (int p = 0; p < kPatternCount; ++p) {
    const Pattern pattern = static_cast<Pattern>(p);
    isnad_lat[p] = Measure(keys[p], queries[p], [&](uint64_t k, std::vector<Row>* rows) {
      rows->clear();
      isnad::EdgePattern q;
      if (pattern == kObject) {
        q.object = static_cast<isnad::TermId>(k);
      } else if (pattern == kSubject) {
        q.subject = static_cast<isnad::TermId>(k);
      } else {
        q.subject = static_cast<isnad::TermId>(k >> 32);
        q.predicate = static_cast<isnad::TermId>(k);
      }
      const isnad::Status s = store->Match(q, [&](const isnad::EdgeKey& e, uint32_t w) {
        rows->push_back({e.subject, e.predicate, e.object, e.negated ? 1u : 0u, w});
        return true;
      });
      if (!s.ok()) Die("match: " + s.ToString());
    });
    sqlite3_stmt* stmt = stmts[p];
    sqlite_lat[p] = Measure(keys[p], queries[p], [&](uint64_t k, std::vector<Row>* rows) {
      rows->clear();
      sqlite3_reset(stmt);
      if (pattern == kSubjectRelation) {
        sqlite3_bind_int64(stmt, 1, static_cast<int64_t>(k >> 32));
        sqlite3_bind_int64(stmt, 2, static_cast<int64_t>(k & 0xffffffffu));
      } else {
        sqlite3_bind_int64(stmt, 1, static_cast<int64_t>(k));
      }
      int rc;
      while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        rows->push_back({static_cast<uint32_t>(sqlite3_column_int64(stmt, 0)),
                         static_cast<uint32_t>(sqlite3_column_int64(stmt, 1)),
                         static_cast<uint32_t>(sqlite3_column_int64(stmt, 2)),
                         static_cast<uint32_t>(sqlite3_column_int64(stmt, 3)),
                         static_cast<uint32_t>(sqlite3_column_int64(stmt, 4))});
      }
      if (rc != SQLITE_DONE) Die(std::string("sqlite step: ") + sqlite3_errmsg(db));
    });
    if (isnad_lat[p].rows != sqlite_lat[p].rows) {
      Die(std::string(kPatternNames[p]) + ": isnad returned " + std::to_string(isnad_lat[p].rows) +
          " edges, sqlite " + std::to_string(sqlite_lat[p].rows));
    }
  }
  for (sqlite3_stmt* stmt : stmts) sqlite3_finalize(stmt);
  sqlite3_close(db);

  std::printf("\n## Look-up latency (µs, %zu look-ups per pattern, every matching edge read)\n\n",
              args.lookups);
  std::printf(
      "| pattern | edges/look-up | isnad p50 | isnad p99 | sqlite p50 | sqlite p99 | sqlite/isnad "
      "p50 | sqlite/isnad p99 |\n");
  std::printf("|---|---:|---:|---:|---:|---:|---:|---:|\n");
  bool faster = true;
  for (int p = 0; p < kPatternCount; ++p) {
    const Latency& a = isnad_lat[p];
    const Latency& b = sqlite_lat[p];
    std::printf("| %s | %.1f | %.1f | %.1f | %.1f | %.1f | %.2f | %.2f |\n", kPatternNames[p],
                static_cast<double>(a.rows) / args.lookups, a.p50, a.p99, b.p50, b.p99,
                b.p50 / a.p50, b.p99 / a.p99);
    faster = faster && a.p50 <= b.p50 && a.p99 <= b.p99;
  }
  std::printf("\ntarget (isnad at least as fast as SQLite on every pattern, p50 and p99): %s\n",
              faster ? "met" : "NOT met");
  return 0;
}
