// Query benchmark: latency of `isnad query` patterns evaluated in process by
// the QueryEngine on a large store, against the bare index scans the same
// answers need (TripleStore::Match with the ids already known), measured in
// the same run: the ratio is what name resolution, planning and the join
// cost on top of the store.
//
// Patterns, each over names drawn deterministically (--seed) from the
// store's entities (a uniform sample plus the 50 most-mentioned):
//   single  NAME -?r-> ?x                           every out-edge of NAME
//   join    ?p -said-> ?s ; ?s -mentions-> NAME     who said what about NAME
//   kind    NAME -?r-> ?x ; ?x:company              out-edges to companies
//
// usage: query_bench --db STORE [--names N] [--seed S]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "query/name_resolver.h"
#include "query/query_engine.h"
#include "store/triple_store.h"

namespace {

using Clock = std::chrono::steady_clock;
using isnad::Status;

double Micros(Clock::time_point a, Clock::time_point b) {
  return std::chrono::duration<double, std::micro>(b - a).count();
}

struct Summary {
  double p50 = 0, p99 = 0, max = 0, mean = 0;
};

Summary Summarise(std::vector<double> v) {
  Summary s;
  if (v.empty()) return s;
  std::sort(v.begin(), v.end());
  s.p50 = v[v.size() / 2];
  s.p99 = v[std::min(v.size() - 1, v.size() * 99 / 100)];
  s.max = v.back();
  for (double x : v) s.mean += x;
  s.mean /= static_cast<double>(v.size());
  return s;
}

int Fail(const Status& s) {
  std::cerr << "query_bench: " << s.ToString() << "\n";
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  std::string db;
  size_t sample = 2000;
  uint64_t seed = 42;
  for (int i = 1; i < argc; ++i) {
    if (!std::strcmp(argv[i], "--db") && i + 1 < argc) {
      db = argv[++i];
    } else if (!std::strcmp(argv[i], "--names") && i + 1 < argc) {
      sample = std::stoul(argv[++i]);
    } else if (!std::strcmp(argv[i], "--seed") && i + 1 < argc) {
      seed = std::stoull(argv[++i]);
    } else {
      std::cerr << "usage: query_bench --db STORE [--names N] [--seed S]\n";
      return 1;
    }
  }
  if (db.empty()) {
    std::cerr << "usage: query_bench --db STORE [--names N] [--seed S]\n";
    return 1;
  }
  std::unique_ptr<isnad::TripleStore> store;
  isnad::TripleStore::Options options;
  options.read_only = true;
  Status s = isnad::TripleStore::Open(db, options, &store);
  if (!s.ok()) return Fail(s);

  // Entities with a name the query syntax can quote.
  struct Entity {
    isnad::TermId id;
    std::string label;
    uint32_t docs;
  };
  std::vector<Entity> entities;
  s = store->ForEachNode([&](const isnad::NodeRecord& n) {
    if (n.kind != "statement" && !n.label.empty() && n.label.find("»") == std::string::npos &&
        n.label.find("«") == std::string::npos) {
      entities.push_back({n.id, n.label, n.doc_count});
    }
    return true;
  });
  if (!s.ok()) return Fail(s);
  // Names that resolve to one node only (an ambiguous name is an error).
  isnad::NameResolver resolver(*store);
  std::mt19937_64 rng(seed);
  std::vector<Entity> picked;
  std::vector<Entity> by_docs = entities;
  std::partial_sort(by_docs.begin(), by_docs.begin() + std::min<size_t>(50, by_docs.size()),
                    by_docs.end(),
                    [](const Entity& a, const Entity& b) { return a.docs > b.docs; });
  auto take = [&](const Entity& e) {
    isnad::TermId id;
    if (resolver.Resolve(e.label, &id).ok() && id == e.id) picked.push_back(e);
  };
  for (size_t i = 0; i < std::min<size_t>(50, by_docs.size()); ++i) take(by_docs[i]);
  std::uniform_int_distribution<size_t> pick(0, entities.size() - 1);
  while (picked.size() < sample + 50 && picked.size() < entities.size()) take(entities[pick(rng)]);

  isnad::QueryEngine engine(*store, resolver);
  isnad::TermId said = 0, mentions = 0;
  store->FindPredicate("said", &said);
  store->FindPredicate("mentions", &mentions);

  struct Row {
    const char* name;
    std::vector<double> engine_us, index_us;
    size_t answers = 0;
  };
  Row rows[] = {{"single: NAME -?r-> ?x", {}, {}, 0},
                {"join: ?p -said-> ?s ; ?s -mentions-> NAME", {}, {}, 0},
                {"kind: NAME -?r-> ?x ; ?x:company", {}, {}, 0}};
  // The same three, stopped at the first 100 answers (a screenful, what
  // `isnad query --limit 100` does).
  Row first_page[] = {{"single, first 100", {}, {}, 0},
                      {"join, first 100", {}, {}, 0},
                      {"kind, first 100", {}, {}, 0}};
  for (int round = 0; round < 2; ++round) {  // the first round warms the caches
    for (Row* group : {rows, first_page}) {
      for (int k = 0; k < 3; ++k) {
        group[k].engine_us.clear();
        group[k].index_us.clear();
        group[k].answers = 0;
      }
    }
    for (const Entity& e : picked) {
      const std::string quoted = "«" + e.label + "»";
      const std::string texts[] = {quoted + " -?r-> ?x", "?p -said-> ?s ; ?s -mentions-> " + quoted,
                                   quoted + " -?r-> ?x ; ?x:company"};
      for (int k = 0; k < 3; ++k) {
        isnad::Query q;
        const auto t0 = Clock::now();
        s = isnad::ParseQuery(texts[k], &q);
        if (s.ok()) {
          s = engine.Run(q, isnad::QueryFilter(), [&](const isnad::QueryAnswer&) {
            ++rows[k].answers;
            return true;
          });
        }
        const auto t1 = Clock::now();
        if (!s.ok()) return Fail(s.WithContext(texts[k] + ": "));
        rows[k].engine_us.push_back(Micros(t0, t1));
        // The bare index work: the same scans with the ids known.
        const auto t2 = Clock::now();
        size_t n = 0;
        if (k == 1) {
          isnad::EdgePattern in;
          in.predicate = mentions;
          in.object = e.id;
          store->Match(in, [&](const isnad::EdgeKey& m, uint32_t) {
            isnad::EdgePattern speakers;
            speakers.predicate = said;
            speakers.object = m.subject;
            store->Match(speakers, [&](const isnad::EdgeKey&, uint32_t) { return ++n > 0; });
            return true;
          });
        } else {
          isnad::EdgePattern out;
          out.subject = e.id;
          store->Match(out, [&](const isnad::EdgeKey& x, uint32_t) {
            if (k == 2) {
              isnad::NodeRecord node;
              store->GetNode(x.object, &node);
            }
            return ++n > 0;
          });
        }
        rows[k].index_us.push_back(Micros(t2, Clock::now()));

        isnad::QueryFilter page;
        page.limit = 100;
        const auto t3 = Clock::now();
        s = engine.Run(q, page, [&](const isnad::QueryAnswer&) {
          ++first_page[k].answers;
          return true;
        });
        if (!s.ok()) return Fail(s);
        first_page[k].engine_us.push_back(Micros(t3, Clock::now()));
      }
    }
  }
  std::printf("store %s: %zu entities; %zu names (50 most-mentioned + a uniform sample)\n\n",
              db.c_str(), entities.size(), picked.size());
  std::printf(
      "| pattern | answers | p50 µs | p99 µs | max µs | index-only p50 / p99 µs | ratio "
      "(mean) |\n|---|---:|---:|---:|---:|---:|---:|\n");
  for (const Row& r : rows) {
    const Summary a = Summarise(r.engine_us), b = Summarise(r.index_us);
    std::printf("| %s | %zu | %.1f | %.1f | %.1f | %.1f / %.1f | %.2f |\n", r.name, r.answers,
                a.p50, a.p99, a.max, b.p50, b.p99, b.mean > 0 ? a.mean / b.mean : 0.0);
  }
  for (const Row& r : first_page) {
    const Summary a = Summarise(r.engine_us);
    std::printf("| %s | %zu | %.1f | %.1f | %.1f | | |\n", r.name, r.answers, a.p50, a.p99, a.max);
  }
  return 0;
}
