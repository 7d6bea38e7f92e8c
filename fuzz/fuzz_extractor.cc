// Fuzz target: the whole extractor on one article, with the built-in
// lexicon (loaded once; ISNAD_LEXICON_DIR in the environment overrides the
// directory compiled in).
//
// Input: the article's text. A first line "@date=VALUE" is taken off and
// becomes the article's date, so that relative dates ("أمس") are resolved
// against fuzzed dates too.
//
// Checks: invalid UTF-8 is refused with InvalidArgument and nothing else is;
// every string of the Extraction is valid UTF-8; sentences are non-empty,
// ordered, numbered spans of the normalised text; every mention, triple and
// statement names an existing sentence and lies within the text (mentions
// and triples within their sentence), and a mention's surface is the text
// of its span; every entity key a mention, triple or statement uses is in
// `entities`, once; and extracting the same article again with the same
// Extractor gives the same result (it "holds no state between documents").
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <set>
#include <string>
#include <string_view>

#include "extract/extractor.h"
#include "fuzz/fuzz_check.h"

#ifndef ISNAD_LEXICON_DIR
#define ISNAD_LEXICON_DIR "lexicon"
#endif

namespace {

using isnad::fuzz::GoodSpan;
using isnad::fuzz::ValidUtf8;
using isnad::fuzz::Within;

isnad::Extractor* MakeExtractor() {
  const char* dir = std::getenv("ISNAD_LEXICON_DIR");
  auto* lexicon = new isnad::Lexicon();  // lives as long as the process
  isnad::Status s = lexicon->LoadDirectory(dir != nullptr ? dir : ISNAD_LEXICON_DIR);
  if (s.ok()) s = lexicon->Finalize();
  if (!s.ok()) {
    std::fprintf(stderr, "fuzz_extractor: cannot load the lexicon: %s\n", s.ToString().c_str());
    std::exit(2);
  }
  return new isnad::Extractor(lexicon);
}

// Everything that the store keeps of an extraction, for comparing two runs.
std::string Summary(const isnad::Extraction& ex) {
  std::string out = ex.text;
  out += '\x1F';
  for (const isnad::Sentence& s : ex.sentences) {
    out += std::to_string(s.span.begin) + "-" + std::to_string(s.span.end) + ";";
  }
  for (const isnad::Mention& m : ex.mentions) {
    out += m.entity + "|" + m.kind + "|" + m.label + "|" + m.rule + "|" +
           std::to_string(m.span.begin) + ";";
  }
  for (const isnad::EntityInfo& e : ex.entities) out += e.key + "|" + e.label + ";";
  for (const isnad::Triple& t : ex.triples) {
    out += t.subject + "|" + t.predicate + "|" + t.object + "|" + std::to_string(t.sentence) + "|" +
           (t.negated ? "!" : "") + t.modality + "|" + t.rule + "|" + t.date + "|" + t.quantity +
           "|" + t.money + ";";
  }
  for (const isnad::Statement& s : ex.statements) out += s.speaker + "|" + s.text + ";";
  return out;
}

void Check(const isnad::Extraction& ex) {
  const std::string_view text = ex.text;
  FUZZ_CHECK(ValidUtf8(text), "the normalised text is valid UTF-8");
  uint32_t previous_end = 0;
  for (size_t i = 0; i < ex.sentences.size(); ++i) {
    const isnad::Sentence& s = ex.sentences[i];
    FUZZ_CHECK(s.index == i, "sentences are numbered 0, 1, ...");
    FUZZ_CHECK(GoodSpan(text, s.span), "a sentence is a good span");
    FUZZ_CHECK(s.span.begin >= previous_end, "sentences are in order and do not overlap");
    previous_end = s.span.end;
  }

  std::set<std::string> keys;
  for (const isnad::EntityInfo& e : ex.entities) {
    FUZZ_CHECK(!e.key.empty(), "an entity has a key");
    FUZZ_CHECK(keys.insert(e.key).second, "each entity is listed once");
    FUZZ_CHECK(ValidUtf8(e.key) && ValidUtf8(e.label) && ValidUtf8(e.kind),
               "entity strings are valid UTF-8");
    for (const std::string& a : e.aliases) FUZZ_CHECK(ValidUtf8(a), "aliases are valid UTF-8");
  }

  const size_t n = ex.sentences.size();
  for (const isnad::Mention& m : ex.mentions) {
    FUZZ_CHECK(m.sentence < n, "a mention names an existing sentence");
    FUZZ_CHECK(GoodSpan(text, m.span), "a mention is a good span");
    FUZZ_CHECK(Within(m.span, ex.sentences[m.sentence].span), "a mention lies in its sentence");
    FUZZ_CHECK(m.surface == text.substr(m.span.begin, m.span.size()),
               "a mention's surface is the text of its span");
    FUZZ_CHECK(keys.count(m.entity) == 1, "a mention's entity is listed");
    FUZZ_CHECK(ValidUtf8(m.label) && ValidUtf8(m.entity), "mention strings are valid UTF-8");
  }
  for (const isnad::Triple& t : ex.triples) {
    FUZZ_CHECK(t.sentence < n, "a triple names an existing sentence");
    FUZZ_CHECK(GoodSpan(text, t.span), "a triple's span is good");
    if (!Within(t.span, ex.sentences[t.sentence].span)) {
      std::fprintf(stderr, "triple %s -%s-> %s (%s), sentence %u [%u, %u), span [%u, %u)\n",
                   t.subject.c_str(), t.predicate.c_str(), t.object.c_str(), t.rule.c_str(),
                   t.sentence, ex.sentences[t.sentence].span.begin,
                   ex.sentences[t.sentence].span.end, t.span.begin, t.span.end);
    }
    FUZZ_CHECK(Within(t.span, ex.sentences[t.sentence].span), "a triple lies in its sentence");
    FUZZ_CHECK(keys.count(t.subject) == 1 && keys.count(t.object) == 1,
               "a triple's subject and object are listed entities");
    FUZZ_CHECK(t.subject != t.object, "no entity is related to itself");
    FUZZ_CHECK(!t.predicate.empty() && !t.modality.empty(), "a triple has predicate and modality");
    FUZZ_CHECK(ValidUtf8(t.date) && ValidUtf8(t.quantity) && ValidUtf8(t.money),
               "qualifiers are valid UTF-8");
  }
  for (const isnad::Statement& s : ex.statements) {
    FUZZ_CHECK(s.sentence < n, "a statement names an existing sentence");
    FUZZ_CHECK(GoodSpan(text, s.span), "a statement's span is good");
    FUZZ_CHECK(keys.count(s.speaker) == 1, "a statement's speaker is a listed entity");
    FUZZ_CHECK(ValidUtf8(s.text) && !s.text.empty(), "a statement's text is valid UTF-8");
    for (const std::string& k : s.mentions) {
      FUZZ_CHECK(keys.count(k) == 1, "entities named in a statement are listed");
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static isnad::Extractor* extractor = MakeExtractor();
  std::string_view input(reinterpret_cast<const char*>(data), size);
  isnad::Document doc;
  doc.id = "fuzz";
  constexpr std::string_view kDate = "@date=";
  if (input.substr(0, kDate.size()) == kDate) {
    const size_t eol = input.find('\n');
    const size_t end = eol == std::string_view::npos ? input.size() : eol;
    doc.date.assign(input.substr(kDate.size(), end - kDate.size()));
    input.remove_prefix(eol == std::string_view::npos ? input.size() : eol + 1);
  }
  doc.text.assign(input);

  isnad::Extraction ex;
  const isnad::Status s = extractor->Extract(doc, &ex);
  if (!ValidUtf8(doc.text)) {
    FUZZ_CHECK(s.IsInvalidArgument(), "invalid UTF-8 is refused");
    return 0;
  }
  FUZZ_CHECK(s.ok(), "valid UTF-8 extracts");
  Check(ex);

  isnad::Extraction again;
  FUZZ_CHECK(extractor->Extract(doc, &again).ok(), "the second run extracts");
  FUZZ_CHECK(Summary(again) == Summary(ex), "the extractor holds no state between documents");
  return 0;
}
