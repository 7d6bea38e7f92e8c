// A fixture for tests of the extractor with the built-in lexicon, and the
// helpers that find and print what it extracted.
#ifndef ISNAD_TESTS_EXTRACT_FIXTURE_H_
#define ISNAD_TESTS_EXTRACT_FIXTURE_H_

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "extract/extractor.h"

namespace isnad::testing {

class ExtractFixture : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    lexicon_ = new Lexicon();
    ASSERT_TRUE(lexicon_->LoadDirectory(ISNAD_LEXICON_DIR).ok());
    ASSERT_TRUE(lexicon_->Finalize().ok());
  }
  static void TearDownTestSuite() { delete lexicon_; }

  static Extraction RunWith(const Lexicon* lexicon, const std::string& text,
                            const std::string& date = "") {
    Extractor extractor(lexicon);
    Document doc;
    doc.id = "test";
    doc.text = text;
    doc.date = date;
    Extraction ex;
    Status s = extractor.Extract(doc, &ex);
    EXPECT_TRUE(s.ok()) << s.ToString();
    return ex;
  }

  Extraction Run(const std::string& text, const std::string& date = "") {
    return RunWith(lexicon_, text, date);
  }

  static const Triple* FindTriple(const Extraction& ex, const std::string& s, const std::string& p,
                                  const std::string& o) {
    for (const Triple& t : ex.triples) {
      if (t.subject == s && t.predicate == p && t.object == o) return &t;
    }
    return nullptr;
  }

  static bool HasTriple(const Extraction& ex, const std::string& s, const std::string& p,
                        const std::string& o, bool negated = false) {
    return std::any_of(ex.triples.begin(), ex.triples.end(), [&](const Triple& t) {
      return t.subject == s && t.predicate == p && t.object == o && t.negated == negated;
    });
  }

  // A symmetric relation may be stored in either direction.
  static bool HasSymmetric(const Extraction& ex, const std::string& a, const std::string& p,
                           const std::string& b) {
    return HasTriple(ex, a, p, b) || HasTriple(ex, b, p, a);
  }

  // The rule that produced the triple, or "" when there is none.
  static std::string RuleOf(const Extraction& ex, const std::string& s, const std::string& p,
                            const std::string& o) {
    const Triple* t = FindTriple(ex, s, p, o);
    return t == nullptr ? "" : t->rule;
  }

  static bool HasPredicate(const Extraction& ex, const std::string& p) {
    return std::any_of(ex.triples.begin(), ex.triples.end(),
                       [&](const Triple& t) { return t.predicate == p; });
  }

  static const Mention* FindMention(const Extraction& ex, const std::string& entity) {
    for (const Mention& m : ex.mentions) {
      if (m.entity == entity) return &m;
    }
    return nullptr;
  }

  static size_t CountMentions(const Extraction& ex, const std::string& entity) {
    return std::count_if(ex.mentions.begin(), ex.mentions.end(),
                         [&](const Mention& m) { return m.entity == entity; });
  }

  static bool Contains(const std::vector<std::string>& v, const std::string& x) {
    return std::find(v.begin(), v.end(), x) != v.end();
  }

  static std::string Dump(const Extraction& ex) {
    std::string out;
    for (const Mention& m : ex.mentions) {
      out += "mention " + m.entity + " [" + m.kind + "] '" + m.surface + "' " + m.rule + "\n";
    }
    for (const Triple& t : ex.triples) {
      out += t.subject + " -" + t.predicate + (t.negated ? "(neg)" : "") + "-> " + t.object + " [" +
             t.modality + "; " + t.rule + "; date=" + t.date + "; q=" + t.quantity +
             "; m=" + t.money + "]\n";
    }
    for (const Statement& s : ex.statements) {
      out += s.speaker + " said (" + s.rule + "): " + s.text + "\n";
    }
    return out;
  }

  static inline Lexicon* lexicon_ = nullptr;
};

}  // namespace isnad::testing

#endif  // ISNAD_TESTS_EXTRACT_FIXTURE_H_
