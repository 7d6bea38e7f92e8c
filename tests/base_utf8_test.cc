// Tests for base/utf8.h, base/status.h and base/hash.h.
#include "base/utf8.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "base/hash.h"
#include "base/status.h"

namespace isnad {
namespace {

constexpr size_t npos = std::string_view::npos;

// ---- utf8::FindInvalid -------------------------------------------------------

TEST(Utf8FindInvalid, AcceptsValidText) {
  EXPECT_EQ(utf8::FindInvalid(""), npos);
  EXPECT_EQ(utf8::FindInvalid("plain ASCII, with punctuation!\t\n"), npos);
  EXPECT_EQ(utf8::FindInvalid("مُحَمَّد يقول: إنفيديا"), npos);
  EXPECT_EQ(utf8::FindInvalid("emoji \xF0\x9F\x98\x80 and U+10FFFF \xF4\x8F\xBF\xBF"), npos);
  // Boundaries just inside the valid ranges.
  EXPECT_EQ(utf8::FindInvalid("\xC2\x80"), npos);          // U+0080
  EXPECT_EQ(utf8::FindInvalid("\xE0\xA0\x80"), npos);      // U+0800
  EXPECT_EQ(utf8::FindInvalid("\xED\x9F\xBF"), npos);      // U+D7FF
  EXPECT_EQ(utf8::FindInvalid("\xEE\x80\x80"), npos);      // U+E000
  EXPECT_EQ(utf8::FindInvalid("\xF0\x90\x80\x80"), npos);  // U+10000
}

TEST(Utf8FindInvalid, TruncatedSequence) {
  // "ab" then the first two bytes of U+20AC (EURO SIGN, E2 82 AC).
  EXPECT_EQ(utf8::FindInvalid("ab\xE2\x82"), 2u);
  // Truncated in the middle of the text: followed by ASCII, not a continuation.
  EXPECT_EQ(utf8::FindInvalid("ab\xE2\x82x"), 2u);
  // Four-byte lead with only two continuation bytes.
  EXPECT_EQ(utf8::FindInvalid("\xF0\x9F\x98"), 0u);
  // Lone lead byte of a two-byte sequence at the end.
  EXPECT_EQ(utf8::FindInvalid("abc\xD9"), 3u);
}

TEST(Utf8FindInvalid, LoneContinuationAndBadLeadBytes) {
  EXPECT_EQ(utf8::FindInvalid("a\x80"), 1u);
  EXPECT_EQ(utf8::FindInvalid("ab\xBF"), 2u);
  EXPECT_EQ(utf8::FindInvalid("x\xF5\x80\x80\x80"), 1u);
  EXPECT_EQ(utf8::FindInvalid("x\xFF"), 1u);
}

TEST(Utf8FindInvalid, OverlongForms) {
  EXPECT_EQ(utf8::FindInvalid("\xC0\xAF"), 0u);          // overlong '/'
  EXPECT_EQ(utf8::FindInvalid("\xC1\xBF"), 0u);          // overlong U+007F
  EXPECT_EQ(utf8::FindInvalid("\xE0\x80\xAF"), 0u);      // overlong '/', three bytes
  EXPECT_EQ(utf8::FindInvalid("\xF0\x80\x80\xAF"), 0u);  // overlong '/', four bytes
  EXPECT_EQ(utf8::FindInvalid("ok/\xC0\xAF"), 3u);
  EXPECT_EQ(utf8::FindInvalid("ok/\xE0\x80\xAF"), 3u);
}

TEST(Utf8FindInvalid, Surrogates) {
  EXPECT_EQ(utf8::FindInvalid("\xED\xA0\x80"), 0u);  // U+D800
  EXPECT_EQ(utf8::FindInvalid("\xED\xBF\xBF"), 0u);  // U+DFFF
  EXPECT_EQ(utf8::FindInvalid("سلام\xED\xA0\x80"), 8u);
}

TEST(Utf8FindInvalid, AboveMaxCodePoint) {
  EXPECT_EQ(utf8::FindInvalid("\xF4\x90\x80\x80"), 0u);  // U+110000
  EXPECT_EQ(utf8::FindInvalid("abc\xF4\x90\x80\x80"), 3u);
}

TEST(Utf8FindInvalid, ReportsFirstBadByteNotLater) {
  // Two errors: the offset is the first one.
  EXPECT_EQ(utf8::FindInvalid("ok \xC0\xAF then \xED\xA0\x80"), 3u);
  // A valid multi-byte sequence before the error is skipped whole.
  const std::string text = "\xD9\x85\xF0\x9F\x98\x80\x80";  // م, 😀, stray continuation
  EXPECT_EQ(utf8::FindInvalid(text), 6u);
}

// ---- utf8::Decode / Append -----------------------------------------------------

TEST(Utf8Decode, DecodesKnownCodePoints) {
  const std::string text = "A\xD9\x85\xE2\x82\xAC\xF0\x9F\x98\x80";  // A م € 😀
  size_t pos = 0;
  EXPECT_EQ(utf8::Decode(text, &pos), U'A');
  EXPECT_EQ(pos, 1u);
  EXPECT_EQ(utf8::Decode(text, &pos), U'\u0645');
  EXPECT_EQ(pos, 3u);
  EXPECT_EQ(utf8::Decode(text, &pos), U'\u20AC');
  EXPECT_EQ(pos, 6u);
  EXPECT_EQ(utf8::Decode(text, &pos), U'\U0001F600');
  EXPECT_EQ(pos, 10u);
}

TEST(Utf8Decode, InvalidSequenceGivesReplacementAndAdvancesOneByte) {
  const std::string text =
      "\xC0\xAF"
      "a";
  size_t pos = 0;
  EXPECT_EQ(utf8::Decode(text, &pos), U'\uFFFD');
  EXPECT_EQ(pos, 1u);
  EXPECT_EQ(utf8::Decode(text, &pos), U'\uFFFD');
  EXPECT_EQ(pos, 2u);
  EXPECT_EQ(utf8::Decode(text, &pos), U'a');
  EXPECT_EQ(pos, 3u);
}

TEST(Utf8Append, EncodesEachLength) {
  std::string out;
  utf8::Append(U'z', &out);
  EXPECT_EQ(out, "z");
  out.clear();
  utf8::Append(U'\u0645', &out);
  EXPECT_EQ(out, "\xD9\x85");
  out.clear();
  utf8::Append(U'\u20AC', &out);
  EXPECT_EQ(out, "\xE2\x82\xAC");
  out.clear();
  utf8::Append(U'\U0001F600', &out);
  EXPECT_EQ(out, "\xF0\x9F\x98\x80");
}

TEST(Utf8Decode, RoundTripsMixedArabicLatin) {
  const std::string text = "NVIDIA (إنفيديا) تصنع H200 — «شريحة» 😀 ١٢٣ café";
  ASSERT_EQ(utf8::FindInvalid(text), npos);
  std::vector<char32_t> cps;
  size_t pos = 0;
  while (pos < text.size()) {
    const size_t before = pos;
    cps.push_back(utf8::Decode(text, &pos));
    ASSERT_GT(pos, before);
    ASSERT_NE(cps.back(), U'\uFFFD') << "at byte " << before;
  }
  EXPECT_EQ(pos, text.size());
  // Arabic, Latin, punctuation, an emoji and Arabic-Indic digits are all there.
  EXPECT_NE(std::find(cps.begin(), cps.end(), U'\u0625'), cps.end());      // إ
  EXPECT_NE(std::find(cps.begin(), cps.end(), U'\U0001F600'), cps.end());  // 😀
  EXPECT_NE(std::find(cps.begin(), cps.end(), U'\u0661'), cps.end());      // ١
  EXPECT_NE(std::find(cps.begin(), cps.end(), U'\u00E9'), cps.end());      // é
  EXPECT_LT(cps.size(), text.size());  // multi-byte code points were decoded as one

  std::string rebuilt;
  for (char32_t cp : cps) utf8::Append(cp, &rebuilt);
  EXPECT_EQ(rebuilt, text);
}

// ---- utf8::Truncate --------------------------------------------------------------

TEST(Utf8Truncate, ShortTextIsUnchanged) {
  EXPECT_EQ(utf8::Truncate("abc", 3), "abc");
  EXPECT_EQ(utf8::Truncate("abc", 100), "abc");
  EXPECT_EQ(utf8::Truncate("", 0), "");
}

TEST(Utf8Truncate, KnownCuts) {
  const std::string text = "a\xD9\x85\xF0\x9F\x98\x80z";  // a م 😀 z: 1+2+4+1 bytes
  EXPECT_EQ(utf8::Truncate(text, 0), "");
  EXPECT_EQ(utf8::Truncate(text, 1), "a");
  EXPECT_EQ(utf8::Truncate(text, 2), "a");  // would split م
  EXPECT_EQ(utf8::Truncate(text, 3), "a\xD9\x85");
  EXPECT_EQ(utf8::Truncate(text, 4), "a\xD9\x85");  // would split 😀
  EXPECT_EQ(utf8::Truncate(text, 6), "a\xD9\x85");
  EXPECT_EQ(utf8::Truncate(text, 7), "a\xD9\x85\xF0\x9F\x98\x80");
  EXPECT_EQ(utf8::Truncate(text, 8), text);
}

TEST(Utf8Truncate, NeverSplitsACodePoint) {
  const std::string text = "Nvidia إنفيديا € 😀 x مُحَمَّد";
  ASSERT_EQ(utf8::FindInvalid(text), npos);
  for (size_t max = 0; max <= text.size() + 1; ++max) {
    const std::string_view cut = utf8::Truncate(text, max);
    EXPECT_LE(cut.size(), max);
    EXPECT_EQ(cut, std::string_view(text).substr(0, cut.size())) << "max=" << max;
    EXPECT_EQ(utf8::FindInvalid(cut), npos) << "max=" << max;
    // Never drops more than one partial code point (at most 3 bytes).
    EXPECT_GE(cut.size() + 3, std::min(max, text.size())) << "max=" << max;
    // The cut ends on a code point boundary.
    if (cut.size() < text.size()) {
      EXPECT_NE(static_cast<unsigned char>(text[cut.size()]) & 0xC0, 0x80) << "max=" << max;
    }
  }
}

// ---- Status ------------------------------------------------------------------------

TEST(Status, OkByDefault) {
  Status s;
  EXPECT_TRUE(s.ok());
  EXPECT_EQ(s.code(), Status::Code::kOk);
  EXPECT_EQ(s.ToString(), "OK");
  EXPECT_TRUE(Status::OK().ok());
}

TEST(Status, ToStringNamesTheCodeAndMessage) {
  EXPECT_EQ(Status::InvalidArgument("bad flag").ToString(), "invalid argument: bad flag");
  EXPECT_EQ(Status::NotFound("x").ToString(), "not found: x");
  EXPECT_EQ(Status::IOError("disk").ToString(), "I/O error: disk");
  EXPECT_EQ(Status::Corruption("c").ToString(), "corruption: c");
  EXPECT_EQ(Status::Busy("b").ToString(), "busy: b");
  EXPECT_EQ(Status::NotSupported("v2").ToString(), "not supported: v2");
}

TEST(Status, PredicatesMatchTheCode) {
  const Status s = Status::Busy("locked");
  EXPECT_FALSE(s.ok());
  EXPECT_TRUE(s.IsBusy());
  EXPECT_FALSE(s.IsNotFound());
  EXPECT_FALSE(s.IsIOError());
  EXPECT_EQ(s.message(), "locked");
  EXPECT_TRUE(Status::InvalidArgument("").IsInvalidArgument());
  EXPECT_TRUE(Status::NotFound("").IsNotFound());
  EXPECT_TRUE(Status::IOError("").IsIOError());
  EXPECT_TRUE(Status::Corruption("").IsCorruption());
  EXPECT_TRUE(Status::NotSupported("").IsNotSupported());
}

TEST(Status, WithContextKeepsTheCode) {
  const Status s = Status::NotFound("no such entity").WithContext("file.txt: ");
  EXPECT_TRUE(s.IsNotFound());
  EXPECT_EQ(s.code(), Status::Code::kNotFound);
  EXPECT_EQ(s.message(), "file.txt: no such entity");
  EXPECT_EQ(s.ToString(), "not found: file.txt: no such entity");

  const Status c = Status::Corruption("bad key").WithContext("store: ");
  EXPECT_TRUE(c.IsCorruption());
  EXPECT_EQ(c.message(), "store: bad key");

  // An ok status stays ok and gains no message.
  const Status ok = Status::OK().WithContext("file.txt: ");
  EXPECT_TRUE(ok.ok());
  EXPECT_EQ(ok.ToString(), "OK");
}

// ---- Fingerprint ---------------------------------------------------------------------

TEST(Fingerprint, EqualInputsGiveEqualHashes) {
  Fingerprint a, b;
  a.Add("nvidia").Add("h200").Add(uint64_t{42});
  b.Add("nvidia").Add("h200").Add(uint64_t{42});
  EXPECT_EQ(a.value(), b.value());
  EXPECT_EQ(a.Hex(), b.Hex());
}

TEST(Fingerprint, DifferentInputsDiffer) {
  Fingerprint a, b;
  a.Add("nvidia");
  b.Add("nvidiA");
  EXPECT_NE(a.value(), b.value());
  EXPECT_NE(Fingerprint().Add(uint64_t{1}).value(), Fingerprint().Add(uint64_t{2}).value());
}

TEST(Fingerprint, SeparatorDistinguishesSplits) {
  Fingerprint ab_c, a_bc, abc;
  ab_c.Add("ab").Add("c");
  a_bc.Add("a").Add("bc");
  abc.Add("abc");
  EXPECT_NE(ab_c.value(), a_bc.value());
  EXPECT_NE(ab_c.value(), abc.value());
  EXPECT_NE(a_bc.value(), abc.value());
  // An empty part is still a part.
  EXPECT_NE(Fingerprint().Add("a").value(), Fingerprint().Add("a").Add("").value());
}

TEST(Fingerprint, AddingChangesTheStateAndHexIsSixteenDigits) {
  const Fingerprint empty;
  Fingerprint one;
  one.Add("x");
  EXPECT_NE(empty.value(), one.value());
  const std::string hex = one.Hex();
  ASSERT_EQ(hex.size(), 16u);
  EXPECT_EQ(hex.find_first_not_of("0123456789abcdef"), std::string::npos);
  EXPECT_EQ(std::stoull(hex, nullptr, 16), one.value());
}

}  // namespace
}  // namespace isnad
