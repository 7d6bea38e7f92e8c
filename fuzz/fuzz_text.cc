// Fuzz target: the text layer of extraction on arbitrary bytes.
//
// NormalizeForDisplay must refuse invalid UTF-8 (naming the first bad byte)
// and otherwise give valid UTF-8 that normalising again leaves unchanged.
// FoldForMatch must give valid UTF-8 for any bytes, and folding twice must
// equal folding once (the store folds names the extractor has folded).
// SentenceSplitter must give sentences numbered 0, 1, ..., non-empty, in
// order, not overlapping, on code point boundaries, never across a line
// break, trimmed of white space, and losing no text: only white space lies
// between them. The Tokenizer must give tokens inside their sentence, in
// order, whose folded form is FoldForMatch of their text.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <unicode/uchar.h>

#include "base/fold.h"
#include "extract/sentence_splitter.h"
#include "extract/text_normalizer.h"
#include "extract/tokenizer.h"
#include "fuzz/fuzz_check.h"

namespace {

using isnad::fuzz::GoodSpan;
using isnad::fuzz::ValidUtf8;

// The splitter's notion of white space (sentence_splitter.cc).
bool IsSpace(char32_t cp) { return cp == ' ' || cp == '\t' || cp == '\r' || u_isUWhiteSpace(cp); }

bool AllSpace(std::string_view text) {
  size_t pos = 0;
  while (pos < text.size()) {
    if (!IsSpace(isnad::utf8::Decode(text, &pos))) return false;
  }
  return true;
}

char32_t FirstCodePoint(std::string_view text) {
  size_t pos = 0;
  return isnad::utf8::Decode(text, &pos);
}

char32_t LastCodePoint(std::string_view text) {
  size_t q = text.size() - 1;
  while (q > 0 && (static_cast<unsigned char>(text[q]) & 0xC0) == 0x80) --q;
  return FirstCodePoint(text.substr(q));
}

void CheckSentences(std::string_view text, const std::vector<isnad::Sentence>& sentences) {
  uint32_t covered = 0;  // end of the previous sentence
  for (size_t i = 0; i < sentences.size(); ++i) {
    const isnad::Sentence& s = sentences[i];
    FUZZ_CHECK(s.index == i, "sentences are numbered 0, 1, ...");
    FUZZ_CHECK(GoodSpan(text, s.span), "a sentence is a non-empty span on code point boundaries");
    FUZZ_CHECK(s.span.begin >= covered, "sentences are in order and do not overlap");
    const std::string_view body = text.substr(s.span.begin, s.span.size());
    FUZZ_CHECK(body.find('\n') == std::string_view::npos, "a line break always ends a sentence");
    FUZZ_CHECK(!IsSpace(FirstCodePoint(body)) && !IsSpace(LastCodePoint(body)),
               "sentences are trimmed of white space");
    FUZZ_CHECK(AllSpace(text.substr(covered, s.span.begin - covered)),
               "only white space lies between sentences");
    covered = s.span.end;
  }
  FUZZ_CHECK(AllSpace(text.substr(covered)), "only white space follows the last sentence");
}

void CheckTokens(std::string_view text, const isnad::Sentence& sentence,
                 const std::vector<isnad::Token>& tokens) {
  uint32_t previous_end = sentence.span.begin;
  for (const isnad::Token& t : tokens) {
    FUZZ_CHECK(GoodSpan(text, t.span), "a token is a non-empty span on code point boundaries");
    FUZZ_CHECK(isnad::fuzz::Within(t.span, sentence.span), "a token lies within its sentence");
    FUZZ_CHECK(t.span.begin >= previous_end, "tokens are in order and do not overlap");
    FUZZ_CHECK(t.folded == isnad::FoldForMatch(text.substr(t.span.begin, t.span.size())),
               "a token's folded form is FoldForMatch of its text");
    previous_end = t.span.end;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);

  const std::string folded = isnad::FoldForMatch(input);
  FUZZ_CHECK(ValidUtf8(folded), "FoldForMatch gives valid UTF-8 for any bytes");
  FUZZ_CHECK(isnad::FoldForMatch(folded) == folded, "folding is idempotent");

  std::string text;
  const isnad::Status s = isnad::NormalizeForDisplay(input, &text);
  const size_t bad = isnad::utf8::FindInvalid(input);
  if (bad != std::string_view::npos) {
    FUZZ_CHECK(s.IsInvalidArgument(), "invalid UTF-8 is refused");
    FUZZ_CHECK(s.message().find("offset " + std::to_string(bad)) != std::string::npos,
               "the refusal names the first invalid byte");
    return 0;
  }
  FUZZ_CHECK(s.ok(), "valid UTF-8 normalises");
  FUZZ_CHECK(ValidUtf8(text), "normalised text is valid UTF-8");
  std::string again;
  FUZZ_CHECK(isnad::NormalizeForDisplay(text, &again).ok() && again == text, "NFKC is idempotent");

  static isnad::SentenceSplitter* splitter = new isnad::SentenceSplitter();
  std::vector<isnad::Sentence> sentences;
  FUZZ_CHECK(splitter->Split(text, &sentences).ok(), "valid UTF-8 splits");
  CheckSentences(text, sentences);

  std::vector<isnad::Token> tokens;
  for (const isnad::Sentence& sentence : sentences) {
    tokens.clear();
    isnad::Tokenizer::Tokenize(text, sentence.span, &tokens);
    CheckTokens(text, sentence, tokens);
  }
  return 0;
}
