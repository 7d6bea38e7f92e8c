// ingest, remove, extract and lexicon check: the commands that run the
// extractor or write the store.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <filesystem>
#include <iostream>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <thread>

#include "base/hash.h"
#include "base/utf8.h"
#include "cli/common.h"
#include "extract/article_reader.h"
#include "extract/encoding.h"
#include "extract/extractor.h"

namespace isnad::cli {

namespace {

// Bump when a change to the extractor should make re-ingest re-extract.
constexpr uint64_t kExtractorVersion = 1;
constexpr size_t kStatementLabelBytes = 120;

std::string StatementLabel(const std::string& text) {
  std::string_view cut = utf8::Truncate(text, kStatementLabelBytes);
  return cut.size() < text.size() ? std::string(cut) + "…" : text;
}

// What one extracted document contributes to the store.
Article ToArticle(const Document& doc, const Extraction& ex, uint64_t lexicon_fingerprint) {
  Article a;
  a.id = doc.id;
  a.title = doc.title;
  a.date = doc.date;
  a.url = doc.url;
  a.lang = doc.lang;
  a.content_hash = Fingerprint()
                       .Add(doc.text)
                       .Add(doc.title)
                       .Add(doc.date)
                       .Add(doc.url)
                       .Add(doc.lang)
                       .Add(lexicon_fingerprint)
                       .Add(kExtractorVersion)
                       .Hex();
  for (uint32_t i = 0; i < ex.sentences.size(); ++i) a.sentences.push_back(ex.SentenceText(i));
  for (const EntityInfo& e : ex.entities) {
    a.nodes.push_back({e.key, e.kind, e.label, "", e.wikidata, e.aliases});
  }
  for (const Triple& t : ex.triples) {
    a.edges.push_back({t.subject, t.predicate, t.object, t.negated, t.sentence, t.span.begin,
                       t.span.end, t.rule, t.modality, t.date, t.quantity, t.money});
  }
  for (size_t i = 0; i < ex.statements.size(); ++i) {
    const Statement& st = ex.statements[i];
    const std::string key = "s:" + doc.id + ":" + std::to_string(i);
    a.nodes.push_back({key, "statement", StatementLabel(st.text), st.text, "", {}});
    a.edges.push_back({st.speaker, "said", key, false, st.sentence, st.span.begin, st.span.end,
                       st.rule, "asserted", "", "", ""});
    for (const std::string& m : st.mentions) {
      a.edges.push_back({key, "mentions", m, false, st.sentence, st.span.begin, st.span.end,
                         st.rule, "asserted", "", "", ""});
    }
  }
  return a;
}

uint64_t InputBytes(const std::vector<std::string>& files) {
  uint64_t total = 0;
  for (const std::string& f : files) {
    std::error_code ec;
    if (f != "-") total += std::filesystem::file_size(f, ec);
  }
  return total;
}

// The exit status of an ingest whose store failed, after saying how to go
// on: every article stored is whole (one batch each), so re-running the
// same command resumes. `stored`: how many this run stored, or nullopt
// when unknown (a bulk load that failed to flush).
int FailStore(const Status& error, std::optional<size_t> stored) {
  const int status = Fail(error);
  if (!error.IsIOError()) return status;  // locked, a file, a newer format: nothing to resume
  const bool full = error.message().find("No space left on device") != std::string::npos;
  if (stored == 0) {
    if (full) std::cerr << "isnad: the disk is full: free space, then run the same command again\n";
    return status;
  }
  const std::string articles =
      stored ? "the " + std::to_string(*stored) + " articles stored" : "the articles stored";
  if (full) {
    std::cerr << "isnad: the disk is full; " << articles
              << " before it filled are whole. Free space, then run the same command again to "
                 "resume (unchanged articles are skipped)\n";
  } else {
    std::cerr << "isnad: " << articles
              << " before the failure are whole; run the same command again to resume "
                 "(unchanged articles are skipped)\n";
  }
  return status;
}

}  // namespace

// Exit status: 0 everything ingested; 1 a user error (bad option, missing
// path, a store path that is a file) or rejected input (--on-error skip:
// after the rest was ingested; stop: at the first, with what came before
// stored); 2 a storage failure (disk full, I/O error, store locked); 128 +
// the signal (130 for Ctrl-C) when interrupted.
int RunIngest(const IngestOptions& options) {
  ArticleReader::Options read_options;
  Status s = ParseEncoding(options.encoding, &read_options.encoding);
  if (!s.ok()) return Fail(s);
  if (options.on_error != "skip" && options.on_error != "stop") {
    return Fail(
        Status::InvalidArgument("--on-error takes skip or stop, not \"" + options.on_error + "\""));
  }
  const bool stop_on_error = options.on_error == "stop";
  read_options.max_article_bytes = options.max_article_mb << 20;
  Lexicon lexicon;
  s = LoadLexicon(options.lexicon, &lexicon);
  if (!s.ok()) return Fail(s);

  std::mutex mu;
  std::atomic<size_t> rejected{0};
  // --on-error stop: a rejection was seen; nothing after it is stored.
  std::atomic<bool> halted{false};
  auto report = [&](const std::string& line) {
    std::lock_guard<std::mutex> lock(mu);
    std::cerr << "isnad: " << line << "\n";
  };
  auto reject = [&](const std::string& message) {
    report(message);
    ++rejected;
    if (stop_on_error) halted = true;
  };

  // From here on Ctrl-C ends the run at the next article, not at once.
  InterruptScope interrupt;
  auto stopping = [&] { return InterruptScope::Received() != 0 || halted.load(); };
  read_options.cancelled = stopping;

  std::vector<std::string> files;
  s = ArticleReader::ListInputs(options.paths, &files,
                                [&](const Status& error) { reject(error.message()); });
  if (!s.ok()) return Fail(s);

  std::unique_ptr<TripleStore> store;
  TripleStore::Options store_options;
  store_options.create_if_missing = true;
  store_options.sync = options.sync;
  s = TripleStore::Open(options.db, store_options, &store);
  if (!s.ok()) return FailStore(s, 0);
  if (options.bulk) {
    s = store->BeginBulk(options.db + "/bulk.tmp");
    if (!s.ok()) return FailStore(s, 0);
  }

  // Extraction runs on `jobs` worker threads; one writer puts articles into
  // the store in input order, so that a run's result does not depend on
  // scheduling. The reader blocks when the workers fall behind.
  //
  // Ending early (Ctrl-C, or --on-error stop) keeps that order: the writer
  // stores a prefix of the input and nothing after the first article it
  // may not store, so a re-run resumes exactly where this one ended.
  const unsigned jobs =
      options.jobs > 0 ? options.jobs : std::max(1u, std::thread::hardware_concurrency());
  struct Job {
    size_t seq;
    Document doc;
  };
  struct Done {
    bool ok = false;
    bool dropped = false;  // not extracted: the run was interrupted first
    Article article;
    size_t sentences = 0, entities = 0, triples = 0, statements = 0, bytes = 0;
  };
  std::condition_variable work_ready, work_space, done_ready;
  std::deque<Job> work;
  std::map<size_t, Done> done;
  bool reading = true;
  size_t submitted = 0, taken = 0;  // articles given to workers, taken by the writer
  uint64_t in_flight_bytes = 0;     // text of the articles submitted and not yet taken
  Status store_error;               // set by the writer; stops everyone
  const size_t max_queued = jobs * 4;
  // Articles wait for the writer in memory: bound their text too, since
  // one may be as big as --max-article-mb.
  const uint64_t max_in_flight_bytes = std::max<uint64_t>(read_options.max_article_bytes, 64 << 20);

  std::vector<std::thread> workers;
  for (unsigned w = 0; w < jobs; ++w) {
    workers.emplace_back([&] {
      Extractor extractor(&lexicon);
      Extraction ex;
      for (;;) {
        Job job;
        {
          std::unique_lock<std::mutex> lock(mu);
          work_ready.wait(lock, [&] { return !work.empty() || !reading; });
          if (work.empty()) return;
          job = std::move(work.front());
          work.pop_front();
        }
        work_space.notify_one();
        Done d;
        d.bytes = job.doc.text.size();
        if (InterruptScope::Received() != 0) {
          d.dropped = true;  // the article in hand is finished; this one is not started
        } else {
          Status es = extractor.Extract(job.doc, &ex);
          if (es.ok()) {
            d.ok = true;
            d.article = ToArticle(job.doc, ex, lexicon.fingerprint());
            d.sentences = ex.sentences.size();
            d.entities = ex.entities.size();
            d.triples = ex.triples.size();
            d.statements = ex.statements.size();
          } else {
            reject(job.doc.id + ": " + es.message());
          }
        }
        {
          std::lock_guard<std::mutex> lock(mu);
          done.emplace(job.seq, std::move(d));
        }
        done_ready.notify_all();
      }
    });
  }

  std::map<TripleStore::PutOutcome, size_t> outcomes;
  size_t articles = 0, sentences = 0, entities = 0, triples = 0, statements = 0;
  uint64_t bytes = 0;
  Progress progress(InputBytes(files), !options.quiet);
  std::thread writer([&] {
    // False once an article may not be stored (dropped, or rejected under
    // --on-error stop): the later ones are taken and discarded.
    bool storing = true;
    for (size_t next = 0;; ++next) {
      Done d;
      {
        std::unique_lock<std::mutex> lock(mu);
        done_ready.wait(lock, [&] { return done.count(next) || (!reading && next >= submitted); });
        if (!done.count(next)) return;  // all written
        d = std::move(done[next]);
        done.erase(next);
        taken = next + 1;
        in_flight_bytes -= d.bytes;
      }
      work_space.notify_one();
      if (d.dropped || (!d.ok && stop_on_error)) storing = false;
      if (!storing || !d.ok || !store_error.ok()) continue;
      TripleStore::PutOutcome outcome;
      Status ps = store->PutArticle(d.article, &outcome);
      if (!ps.ok()) {
        std::lock_guard<std::mutex> lock(mu);
        // Name the article, unless the store's message already does.
        store_error = ps.message().find(d.article.id) == std::string::npos
                          ? ps.WithContext(d.article.id + ": ")
                          : ps;
        continue;
      }
      ++outcomes[outcome];
      ++articles;
      sentences += d.sentences;
      entities += d.entities;
      triples += d.triples;
      statements += d.statements;
      bytes += d.bytes;
      progress.Update(articles, bytes);
    }
  });

  s = ArticleReader::Read(
      files, read_options,
      [&](Document&& doc) -> Status {
        std::unique_lock<std::mutex> lock(mu);
        // Bounded in flight: extracted articles wait for the writer in
        // memory, so a slow store must slow the reader down too. Waits in
        // slices, to notice Ctrl-C (a signal handler cannot notify).
        for (;;) {
          if (!store_error.ok()) return store_error;
          if (stopping()) return Status::OK();  // dropped; Read stops next
          const bool room = work.size() < max_queued && submitted - taken < 2 * max_queued &&
                            (in_flight_bytes < max_in_flight_bytes || submitted == taken);
          if (room) break;
          work_space.wait_for(lock, std::chrono::milliseconds(100));
        }
        in_flight_bytes += doc.text.size();
        work.push_back({submitted++, std::move(doc)});
        lock.unlock();
        work_ready.notify_one();
        return Status::OK();
      },
      [&](const Status& error) { reject(error.message()); });
  {
    std::lock_guard<std::mutex> lock(mu);
    reading = false;
  }
  work_ready.notify_all();
  for (std::thread& t : workers) t.join();
  done_ready.notify_all();
  writer.join();
  if (options.bulk) {
    // What was gathered is whole articles: keep it even after an error.
    Status fs = store->FinishBulk();
    if (!fs.ok() && store_error.ok()) store_error = fs;
  }
  progress.Finish();
  if (!options.quiet) {
    std::cout << "articles:   " << articles << " (" << outcomes[TripleStore::PutOutcome::kAdded]
              << " added, " << outcomes[TripleStore::PutOutcome::kReplaced] << " replaced, "
              << outcomes[TripleStore::PutOutcome::kUnchanged] << " unchanged)\n"
              << "sentences:  " << sentences << "\n"
              << "entities:   " << entities << "\n"
              << "triples:    " << triples << "\n"
              << "statements: " << statements << "\n";
    if (rejected > 0) std::cout << "rejected:   " << rejected << " (see the messages above)\n";
    std::cout.flush();
  }
  if (!store_error.ok()) {
    // A bulk load stores at its flushes: what this run stored is unknown.
    return FailStore(store_error, options.bulk ? std::nullopt : std::optional<size_t>(articles));
  }
  if (!s.ok()) return Fail(s);
  if (const int signal = InterruptScope::Received(); signal != 0) {
    std::cerr << "isnad: interrupted after " << articles
              << " articles; run the same command again to resume (unchanged articles are "
                 "skipped)\n";
    return 128 + signal;
  }
  if (halted) {
    std::cerr << "isnad: stopped at the first rejected input (--on-error stop); the " << articles
              << " articles before it are stored\n";
    return 1;
  }
  if (rejected > 0) {
    std::cerr << "isnad: " << rejected << (rejected == 1 ? " input" : " inputs")
              << " rejected (skipped; see above); the rest is stored\n";
    return 1;
  }
  return 0;
}

int RunRemove(const RemoveOptions& options) {
  std::unique_ptr<TripleStore> store;
  Status s = TripleStore::Open(options.db, TripleStore::Options(), &store);
  if (!s.ok()) return Fail(s);
  int status = 0;
  for (const std::string& doc : options.docs) {
    bool existed = false;
    s = store->RemoveArticle(doc, &existed);
    if (!s.ok()) return Fail(s);
    if (existed) {
      std::cout << "removed " << doc << "\n";
    } else {
      std::cerr << "isnad: no document \"" << doc << "\" in " << options.db << "\n";
      status = 1;
    }
  }
  return status;
}

int RunExtract(const ExtractOptions& options) {
  using nlohmann::json;
  Lexicon lexicon;
  Status s = LoadLexicon(options.lexicon, &lexicon);
  if (!s.ok()) return Fail(s);
  std::vector<std::string> files;
  s = ArticleReader::ListInputs({options.path}, &files);
  if (!s.ok()) return Fail(s);
  Extractor extractor(&lexicon);
  Extraction ex;
  bool failed = false;
  s = ArticleReader::Read(
      files,
      [&](Document&& doc) -> Status {
        Status es = extractor.Extract(doc, &ex);
        if (!es.ok()) return es.WithContext(doc.id + ": ");
        if (options.json) {
          json j = {{"doc", doc.id},
                    {"sentences", json::array()},
                    {"mentions", json::array()},
                    {"triples", json::array()},
                    {"statements", json::array()}};
          for (const Sentence& st : ex.sentences)
            j["sentences"].push_back(ex.SentenceText(st.index));
          for (const Mention& m : ex.mentions) {
            j["mentions"].push_back({{"entity", m.entity},
                                     {"kind", m.kind},
                                     {"surface", m.surface},
                                     {"sentence", m.sentence},
                                     {"rule", m.rule}});
          }
          for (const Triple& t : ex.triples) {
            j["triples"].push_back({{"s", t.subject},
                                    {"p", t.predicate},
                                    {"o", t.object},
                                    {"negated", t.negated},
                                    {"sentence", t.sentence},
                                    {"rule", t.rule}});
          }
          for (const Statement& st : ex.statements) {
            j["statements"].push_back({{"speaker", st.speaker},
                                       {"text", st.text},
                                       {"mentions", st.mentions},
                                       {"sentence", st.sentence},
                                       {"rule", st.rule}});
          }
          std::cout << j.dump(-1, ' ', false, json::error_handler_t::replace) << "\n";
          return Status::OK();
        }
        std::cout << "# " << doc.id << "\n";
        for (const Sentence& st : ex.sentences) {
          if (options.explain) {
            std::cout << "\n[" << st.index << "] " << ex.SentenceText(st.index) << "\n";
            for (const Mention& m : ex.mentions) {
              if (m.sentence == st.index) {
                std::cout << "    mention  " << m.surface << " → " << m.entity << " (" << m.kind
                          << ", " << m.rule << ")\n";
              }
            }
          }
          for (const Triple& t : ex.triples) {
            if (t.sentence != st.index) continue;
            std::cout << (options.explain ? "    triple   " : "") << t.subject << " -"
                      << t.predicate << (t.negated ? " (negated)" : "") << "-> " << t.object;
            if (options.explain) {
              if (t.modality != "asserted") std::cout << "  modality=" << t.modality;
              if (!t.date.empty()) std::cout << "  date=" << t.date;
              if (!t.quantity.empty()) std::cout << "  quantity=" << t.quantity;
              if (!t.money.empty()) std::cout << "  money=" << t.money;
              std::cout << "   [" << t.rule << "]";
            }
            std::cout << "\n";
          }
          for (const Statement& stm : ex.statements) {
            if (stm.sentence != st.index) continue;
            std::cout << (options.explain ? "    said     " : "") << stm.speaker
                      << " said: " << stm.text;
            if (options.explain) std::cout << "   [" << stm.rule << "]";
            std::cout << "\n";
          }
        }
        return Status::OK();
      },
      [&](const Status& error) {
        std::cerr << "isnad: " << error.message() << "\n";
        failed = true;
      });
  if (!s.ok()) return Fail(s);
  return failed ? 1 : 0;
}

int RunLexiconCheck(const LexiconOptions& options) {
  Lexicon lexicon;
  Status s = LoadLexicon(options, &lexicon);
  if (!s.ok()) return Fail(s);
  std::map<std::string, size_t> by_kind;
  size_t with_wikidata = 0;
  for (const LexiconEntity& e : lexicon.entities()) {
    ++by_kind[e.kind];
    with_wikidata += !e.wikidata.empty();
  }
  size_t triggers = 0;
  for (const RelationSpec& r : lexicon.relations()) triggers += r.triggers.size();
  std::cout << "entities: " << lexicon.entities().size() << " (" << with_wikidata
            << " with a Wikidata id)\n";
  for (const auto& [kind, n] : by_kind) std::cout << "  " << kind << ": " << n << "\n";
  std::cout << "aliases: " << lexicon.alias_count() << "\n"
            << "relations: " << lexicon.relations().size() << " (" << triggers << " triggers)\n"
            << "cues: " << lexicon.cues().size() << "\n";
  const std::vector<std::string> conflicts = lexicon.AliasConflicts();
  for (const std::string& c : conflicts) std::cerr << "isnad: alias claimed twice: " << c << "\n";
  return conflicts.empty() ? 0 : 1;
}

}  // namespace isnad::cli
