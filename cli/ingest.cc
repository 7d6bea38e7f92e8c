// ingest, remove, extract and lexicon check: the commands that run the
// extractor or write the store.
#include <filesystem>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>

#include "base/hash.h"
#include "base/utf8.h"
#include "cli/common.h"
#include "extract/article_reader.h"
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

}  // namespace

int RunIngest(const IngestOptions& options) {
  Lexicon lexicon;
  Status s = LoadLexicon(options.lexicon, &lexicon);
  if (!s.ok()) return Fail(s);
  std::vector<std::string> files;
  s = ArticleReader::ListInputs(options.paths, &files);
  if (!s.ok()) return Fail(s);

  std::unique_ptr<TripleStore> store;
  TripleStore::Options store_options;
  store_options.create_if_missing = true;
  store_options.sync = options.sync;
  s = TripleStore::Open(options.db, store_options, &store);
  if (!s.ok()) return Fail(s);

  Extractor extractor(&lexicon);
  Extraction ex;
  std::map<TripleStore::PutOutcome, size_t> outcomes;
  size_t articles = 0, sentences = 0, entities = 0, triples = 0, statements = 0, rejected = 0;
  uint64_t bytes = 0;
  Progress progress(InputBytes(files), !options.quiet);
  s = ArticleReader::Read(
      files,
      [&](Document&& doc) -> Status {
        Status es = extractor.Extract(doc, &ex);
        if (!es.ok()) {
          std::cerr << "isnad: " << doc.id << ": " << es.message() << "; skipped\n";
          ++rejected;
          return Status::OK();
        }
        TripleStore::PutOutcome outcome;
        Status ps = store->PutArticle(ToArticle(doc, ex, lexicon.fingerprint()), &outcome);
        if (!ps.ok()) return ps.WithContext(doc.id + ": ");
        ++outcomes[outcome];
        ++articles;
        sentences += ex.sentences.size();
        entities += ex.entities.size();
        triples += ex.triples.size();
        statements += ex.statements.size();
        bytes += doc.text.size();
        progress.Update(articles, bytes);
        return Status::OK();
      },
      [&](const Status& error) {
        std::cerr << "isnad: " << error.message() << "\n";
        ++rejected;
      });
  progress.Finish();
  if (!s.ok()) return Fail(s);
  if (!options.quiet) {
    std::cout << "articles:   " << articles << " (" << outcomes[TripleStore::PutOutcome::kAdded]
              << " added, " << outcomes[TripleStore::PutOutcome::kReplaced] << " replaced, "
              << outcomes[TripleStore::PutOutcome::kUnchanged] << " unchanged)\n"
              << "sentences:  " << sentences << "\n"
              << "entities:   " << entities << "\n"
              << "triples:    " << triples << "\n"
              << "statements: " << statements << "\n";
    if (rejected > 0) std::cout << "rejected:   " << rejected << " (see the messages above)\n";
  }
  return rejected > 0 ? 1 : 0;
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
