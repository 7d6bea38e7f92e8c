// Normalisation, tokens and sentences.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "extract/sentence_splitter.h"
#include "extract/text_normalizer.h"
#include "extract/tokenizer.h"

namespace isnad {
namespace {

std::vector<std::string> Words(const std::string& text) {
  std::vector<Token> tokens;
  Tokenizer::Tokenize(text, {0, static_cast<uint32_t>(text.size())}, &tokens);
  std::vector<std::string> out;
  for (const Token& t : tokens) out.push_back(text.substr(t.span.begin, t.span.size()));
  return out;
}

std::vector<std::string> Sentences(const std::string& text) {
  SentenceSplitter splitter;
  std::vector<Sentence> sentences;
  EXPECT_TRUE(splitter.Split(text, &sentences).ok());
  std::vector<std::string> out;
  for (const Sentence& s : sentences) out.push_back(text.substr(s.span.begin, s.span.size()));
  return out;
}

TEST(NormalizeForDisplay, TurnsPresentationFormsIntoLetters) {
  std::string out;
  // U+FEFB is the lam-alef ligature of the presentation forms block.
  ASSERT_TRUE(NormalizeForDisplay("\xEF\xBB\xBB", &out).ok());
  EXPECT_EQ(out, "لا");
}

TEST(NormalizeForDisplay, KeepsOrdinaryArabicAsWritten) {
  std::string out;
  const std::string text = "قالت وزارة التجارة إنّ القيود مستمرة.";
  ASSERT_TRUE(NormalizeForDisplay(text, &out).ok());
  EXPECT_EQ(out, text);
}

TEST(NormalizeForDisplay, RejectsInvalidUtf8WithOffset) {
  std::string out;
  Status s = NormalizeForDisplay(std::string("abc\xC3(", 5), &out);
  EXPECT_TRUE(s.IsInvalidArgument());
  EXPECT_NE(s.message().find("byte offset 3"), std::string::npos) << s.message();
}

TEST(Tokenizer, SplitsArabicConjunctionFromLatinName) {
  EXPECT_EQ(Words("بين ByteDance وAlibaba"),
            (std::vector<std::string>{"بين", "ByteDance", "و", "Alibaba"}));
}

TEST(Tokenizer, KeepsModelCodesAndNumbersWhole) {
  EXPECT_EQ(Words("رقائق H200 و910B بسعر 3.5 مليار و400,000 وحدة"),
            (std::vector<std::string>{"رقائق", "H200", "و", "910B", "بسعر", "3.5", "مليار", "و",
                                      "400,000", "وحدة"}));
}

TEST(Tokenizer, PunctuationIsItsOwnToken) {
  EXPECT_EQ(Words("قال: “نعم”، ثم غادر."),
            (std::vector<std::string>{"قال", ":", "“", "نعم", "”", "،", "ثم", "غادر", "."}));
}

TEST(Tokenizer, TatweelAndDiacriticsStayInTheWord) {
  std::vector<Token> tokens;
  const std::string text = "نـفـيـديـا تُصَنِّع";
  Tokenizer::Tokenize(text, {0, static_cast<uint32_t>(text.size())}, &tokens);
  ASSERT_EQ(tokens.size(), 2u);
  EXPECT_EQ(tokens[0].folded, "نفيديا");
  EXPECT_EQ(tokens[1].folded, "تصنع");
  EXPECT_EQ(tokens[0].type, TokenType::kArabic);
}

TEST(Tokenizer, BidiMarksSeparateNothing) {
  EXPECT_EQ(Words("شركة\u200f Nvidia"), (std::vector<std::string>{"شركة", "Nvidia"}));
}

TEST(SentenceSplitter, SplitsOnArabicAndLatinStops) {
  EXPECT_EQ(
      Sentences("هل توافق الصين؟ لم تعلن بعد. The deal is done! انتهى"),
      (std::vector<std::string>{"هل توافق الصين؟", "لم تعلن بعد.", "The deal is done!", "انتهى"}));
}

TEST(SentenceSplitter, LineBreakEndsAHeadline) {
  EXPECT_EQ(Sentences("بكين تخفف موقفها\n\nقالت الوزارة إن القرار نهائي."),
            (std::vector<std::string>{"بكين تخفف موقفها", "قالت الوزارة إن القرار نهائي."}));
}

TEST(SentenceSplitter, DecimalsAndAbbreviationsDoNotSplit) {
  EXPECT_EQ(Sentences("ارتفع السهم 3.5 بالمئة. The U.S. Commerce Department agreed."),
            (std::vector<std::string>{"ارتفع السهم 3.5 بالمئة.",
                                      "The U.S. Commerce Department agreed."}));
}

TEST(SentenceSplitter, ClosingQuoteStaysWithItsSentence) {
  EXPECT_EQ(Sentences("قال: “انتهى ذلك العصر.” ثم غادر."),
            (std::vector<std::string>{"قال: “انتهى ذلك العصر.”", "ثم غادر."}));
}

TEST(SentenceSplitter, SpansIndexTheText) {
  SentenceSplitter splitter;
  std::vector<Sentence> sentences;
  const std::string text = "  أولا.  ثانيا.  ";
  ASSERT_TRUE(splitter.Split(text, &sentences).ok());
  ASSERT_EQ(sentences.size(), 2u);
  EXPECT_EQ(sentences[0].index, 0u);
  EXPECT_EQ(sentences[1].index, 1u);
  EXPECT_EQ(text.substr(sentences[1].span.begin, sentences[1].span.size()), "ثانيا.");
}

}  // namespace
}  // namespace isnad
