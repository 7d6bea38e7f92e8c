// Tests for base/fold.h: the one definition of "the same name".
#include "base/fold.h"

#include <gtest/gtest.h>

#include <string>

#include "base/utf8.h"

namespace isnad {
namespace {

TEST(FoldForMatch, LatinCaseIsFolded) {
  EXPECT_EQ(FoldForMatch("NVIDIA"), "nvidia");
  EXPECT_EQ(FoldForMatch("Nvidia Corp."), "nvidia corp.");
  EXPECT_EQ(FoldForMatch("United States"), FoldForMatch("UNITED states"));
  EXPECT_EQ(FoldForMatch("H200"), "h200");
  // Non-ASCII Latin letters are lower-cased too.
  EXPECT_EQ(FoldForMatch("\xC3\x89"
                         "COLE"),
            "\xC3\xA9"
            "cole");  // ÉCOLE -> école
}

TEST(FoldForMatch, EmptyAndAsciiPunctuationUnchanged) {
  EXPECT_EQ(FoldForMatch(""), "");
  EXPECT_EQ(FoldForMatch("a-b_c 1.2/3"), "a-b_c 1.2/3");
}

TEST(FoldForMatch, ArabicDiacriticsAreDropped) {
  EXPECT_EQ(FoldForMatch("مُحَمَّد"), "محمد");
  // Tanween, sukun and superscript alef.
  EXPECT_EQ(FoldForMatch("كِتَابٌ"), "كتاب");
  EXPECT_EQ(FoldForMatch("مِنْ"), "من");
  EXPECT_EQ(FoldForMatch("هٰذا"), "هذا");
}

TEST(FoldForMatch, TatweelIsDropped) {
  EXPECT_EQ(FoldForMatch("نـفـيـديـا"), "نفيديا");
  EXPECT_EQ(FoldForMatch("نــــفيديا"), "نفيديا");
}

TEST(FoldForMatch, AlefFormsMerge) {
  EXPECT_EQ(FoldForMatch("أ"), "ا");
  EXPECT_EQ(FoldForMatch("إ"), "ا");
  EXPECT_EQ(FoldForMatch("آ"), "ا");
  EXPECT_EQ(FoldForMatch("إنفيديا"), "انفيديا");
  EXPECT_EQ(FoldForMatch("أمريكا"), "امريكا");
  EXPECT_EQ(FoldForMatch("آسيا"), "اسيا");
}

TEST(FoldForMatch, AlefMaqsuraBecomesYeh) {
  EXPECT_EQ(FoldForMatch("ى"), "ي");
  EXPECT_EQ(FoldForMatch("مستشفى"), "مستشفي");
}

TEST(FoldForMatch, TaaMarbutaBecomesHeh) {
  EXPECT_EQ(FoldForMatch("ة"), "ه");
  EXPECT_EQ(FoldForMatch("شركة"), "شركه");
}

TEST(FoldForMatch, HamzaSeatsMerge) {
  EXPECT_EQ(FoldForMatch("ؤ"), "و");
  EXPECT_EQ(FoldForMatch("مؤتمر"), "موتمر");
  EXPECT_EQ(FoldForMatch("ئ"), "ي");
  EXPECT_EQ(FoldForMatch("رئيس"), "رييس");
}

TEST(FoldForMatch, ArabicIndicDigitsBecomeAscii) {
  EXPECT_EQ(FoldForMatch("٤٠٠"), "400");
  EXPECT_EQ(FoldForMatch("٠١٢٣٤٥٦٧٨٩"), "0123456789");
  // Extended (Persian) digits too.
  EXPECT_EQ(FoldForMatch("۴۰۰"), "400");
  EXPECT_EQ(FoldForMatch("H٢٠٠"), "h200");
}

TEST(FoldForMatch, ZeroWidthAndBidiMarksAreDropped) {
  EXPECT_EQ(FoldForMatch("\u200Fنفيديا"), "نفيديا");        // RIGHT-TO-LEFT MARK
  EXPECT_EQ(FoldForMatch("\u202Bنفيديا\u202C"), "نفيديا");  // RLE ... PDF
  EXPECT_EQ(FoldForMatch("\u2066Nvidia\u2069"), "nvidia");  // LRI ... PDI
  EXPECT_EQ(FoldForMatch("\uFEFFnvidia"), "nvidia");        // BOM
  EXPECT_EQ(FoldForMatch("nvi\u200Bdia"), "nvidia");        // ZERO WIDTH SPACE
  EXPECT_EQ(FoldForMatch("nvi\u200Ddia"), "nvidia");        // ZERO WIDTH JOINER
  EXPECT_EQ(FoldForMatch("\u200F\u202B\u2066\uFEFF"), "");
}

TEST(FoldForMatch, InvalidBytesAreDroppedWithoutCrash) {
  EXPECT_EQ(FoldForMatch("ab\xC0\xAF"
                         "cd"),
            "abcd");
  EXPECT_EQ(FoldForMatch("\xFF\xFE"), "");
  EXPECT_EQ(FoldForMatch("x\xED\xA0\x80y"), "xy");
  EXPECT_EQ(FoldForMatch("NV\x80IDIA\xE2\x82"), "nvidia");  // stray continuation, truncated tail
  EXPECT_EQ(FoldForMatch("\xF4\x90\x80\x80إ"), "ا");
  // The result is always valid UTF-8, whatever the input.
  std::string all_bytes;
  for (int b = 0; b < 256; ++b) all_bytes.push_back(static_cast<char>(b));
  const std::string folded = FoldForMatch(all_bytes);
  EXPECT_EQ(utf8::FindInvalid(folded), std::string::npos);
  EXPECT_NE(folded.find("abc"), std::string::npos);
}

TEST(FoldForMatch, GenuineReplacementCharacterIsKept) {
  // Only invalid bytes are dropped; an encoded U+FFFD is a real character.
  EXPECT_EQ(FoldForMatch("a\xEF\xBF\xBD"
                         "b"),
            "a\xEF\xBF\xBD"
            "b");
}

TEST(FoldForMatch, VariantsOfOneNameFoldTogether) {
  const std::string canonical = FoldForMatch("انفيديا");
  EXPECT_EQ(FoldForMatch("إنفيديا"), canonical);
  EXPECT_EQ(FoldForMatch("إنـفـيـديـا"), canonical);
  EXPECT_EQ(FoldForMatch("\u200Fإِنْفِيدِيَا"), canonical);
  EXPECT_NE(FoldForMatch("انفيدي"), canonical);
}

TEST(FoldForMatch, IsIdempotent) {
  for (const char* text : {"مُحَمَّد", "NVIDIA إنفيديا", "مستشفى ٤٠٠", "\u200Fشركة\u202C"}) {
    const std::string once = FoldForMatch(text);
    EXPECT_EQ(FoldForMatch(once), once) << text;
  }
}

TEST(FoldCodePoint, SingleCodePoints) {
  EXPECT_EQ(FoldCodePoint(U'A'), U'a');
  EXPECT_EQ(FoldCodePoint(U'z'), U'z');
  EXPECT_EQ(FoldCodePoint(U'\u064E'), 0u);  // fatha
  EXPECT_EQ(FoldCodePoint(U'\u0651'), 0u);  // shadda
  EXPECT_EQ(FoldCodePoint(U'\u0640'), 0u);  // tatweel
  EXPECT_EQ(FoldCodePoint(U'\u200F'), 0u);
  EXPECT_EQ(FoldCodePoint(U'\u0623'), U'\u0627');
  EXPECT_EQ(FoldCodePoint(U'\u0649'), U'\u064A');
  EXPECT_EQ(FoldCodePoint(U'\u0629'), U'\u0647');
  EXPECT_EQ(FoldCodePoint(U'\u0664'), U'4');
  EXPECT_EQ(FoldCodePoint(U'\u0645'), U'\u0645');  // plain letters are kept
}

}  // namespace
}  // namespace isnad
