// Tests for extract/encoding.h and the hostile-input handling of
// extract/article_reader.h: legacy encodings, binary and empty input,
// oversized articles, bad JSON lines, duplicate ids, cancellation.
#include <gtest/gtest.h>
#include <unicode/ucnv.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "extract/article_reader.h"
#include "extract/encoding.h"
#include "test_util.h"

namespace isnad {
namespace {

using ::isnad::testing::ScopedTempDir;

const char kArabic[] =
    "قالت الحكومة الصينية إن شركة نفيديا ستبيع رقائق H20 في الصين، وقال ترامب إن القرار "
    "صحيح.";

// `utf8` in `encoding` (an ICU converter name), through ICU: the test's
// legacy input is made independently of the code under test.
std::string Encode(const std::string& utf8, const char* encoding) {
  UErrorCode error = U_ZERO_ERROR;
  std::string out(utf8.size() * 2 + 16, '\0');
  const int32_t n = ucnv_convert(encoding, "UTF-8", out.data(), static_cast<int32_t>(out.size()),
                                 utf8.data(), static_cast<int32_t>(utf8.size()), &error);
  EXPECT_TRUE(U_SUCCESS(error)) << u_errorName(error);
  out.resize(n);
  return out;
}

void WriteFile(const std::filesystem::path& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary) << bytes;
}

// What one run of the reader gave.
struct Outcome {
  std::vector<Document> docs;
  std::vector<std::string> errors;
  Status status;
};

Outcome ReadFiles(const std::vector<std::string>& files,
                  const ArticleReader::Options& options = ArticleReader::Options()) {
  Outcome o;
  o.status = ArticleReader::Read(
      files, options,
      [&](Document&& d) {
        o.docs.push_back(std::move(d));
        return Status::OK();
      },
      [&](const Status& e) { o.errors.push_back(e.message()); });
  return o;
}

Outcome ReadLines(const std::string& input,
                  const ArticleReader::Options& options = ArticleReader::Options()) {
  Outcome o;
  std::istringstream in(input);
  o.status = ArticleReader::ReadJsonLines(
      in, "in", options,
      [&](Document&& d) {
        o.docs.push_back(std::move(d));
        return Status::OK();
      },
      [&](const Status& e) { o.errors.push_back(e.message()); });
  return o;
}

std::string Line(const std::string& id, const std::string& text) {
  return "{\"id\": \"" + id + "\", \"text\": \"" + text + "\"}\n";
}

// ---- encodings ---------------------------------------------------------------

TEST(Encoding, ParsesTheOptionNames) {
  Encoding e = Encoding::kUtf8;
  ASSERT_TRUE(ParseEncoding("windows-1256", &e).ok());
  EXPECT_EQ(e, Encoding::kWindows1256);
  ASSERT_TRUE(ParseEncoding("ISO-8859-6", &e).ok());
  EXPECT_EQ(e, Encoding::kIso88596);
  ASSERT_TRUE(ParseEncoding("utf8", &e).ok());
  EXPECT_EQ(e, Encoding::kUtf8);
  const Status bad = ParseEncoding("latin1", &e);
  EXPECT_TRUE(bad.IsInvalidArgument());
  EXPECT_NE(bad.message().find("windows-1256"), std::string::npos) << bad.message();
}

TEST(Encoding, ConvertsWindows1256AndIso88596) {
  for (auto [encoding, icu] : {std::pair{Encoding::kWindows1256, "windows-1256"},
                               std::pair{Encoding::kIso88596, "ISO-8859-6"}}) {
    const std::string legacy = Encode(kArabic, icu);
    ASSERT_NE(legacy, kArabic);
    std::string utf8;
    ASSERT_TRUE(ConvertToUtf8(legacy, encoding, &utf8).ok()) << icu;
    EXPECT_EQ(utf8, kArabic) << icu;
  }
}

TEST(Encoding, NamesTheFirstUndefinedByte) {
  // 0xDE is ق in Windows-1256 and undefined in ISO-8859-6.
  std::string out;
  const Status s = ConvertToUtf8("ab\xDE", Encoding::kIso88596, &out);
  EXPECT_TRUE(s.IsInvalidArgument());
  EXPECT_EQ(s.message(), "byte 0xDE at byte offset 2 is not defined in ISO-8859-6");
}

TEST(Encoding, GuessesLegacyArabic) {
  EXPECT_EQ(GuessLegacyArabic(Encode(kArabic, "windows-1256")), Encoding::kWindows1256);
  EXPECT_EQ(GuessLegacyArabic(Encode(kArabic, "ISO-8859-6")), Encoding::kIso88596);
}

TEST(Encoding, DoesNotGuessForDamagedUtf8OrOtherText) {
  // UTF-8 with a stray bad byte is UTF-8, not a legacy encoding.
  EXPECT_EQ(GuessLegacyArabic(std::string(kArabic) + "\xFF"), std::nullopt);
  // Windows-1252 French: accented letters, not Arabic.
  EXPECT_EQ(GuessLegacyArabic("le pr\xE9sident a d\xE9\x63id\xE9 \xE0 P\xE9kin"), std::nullopt);
  // Too little to judge.
  EXPECT_EQ(GuessLegacyArabic("ok \xC7"), std::nullopt);
  // Random high bytes.
  std::string noise;
  for (int i = 0; i < 400; ++i) noise.push_back(static_cast<char>(0x80 + (i * 37) % 128));
  EXPECT_EQ(GuessLegacyArabic(noise), std::nullopt);
}

// ---- whole-text checks -------------------------------------------------------

TEST(ValidateText, NamesNulAndBadBytesWithOffsetAndLine) {
  Status s = ArticleReader::ValidateText(std::string("ab\ncd\0e", 7));
  EXPECT_EQ(s.message(), "NUL byte at byte offset 5 (line 2)");
  s = ArticleReader::ValidateText("ab\ncd\xC3");
  EXPECT_EQ(s.message(), "invalid UTF-8 at byte offset 5 (line 2)");
}

TEST(ValidateText, InvisibleCharactersAloneAreBlank) {
  EXPECT_EQ(ArticleReader::ValidateText("").message(), "empty article (only white space)");
  // RLM, RLE/PDF, BOM, no-break space, ideographic space.
  EXPECT_FALSE(ArticleReader::ValidateText(" \u200f\u202b\u202c\ufeff\u00a0\u3000\n\t").ok());
  EXPECT_TRUE(ArticleReader::ValidateText("\u202bنفيديا\u202c").ok());
}

TEST(CheckNotBinary, ControlBytesAndUtf16) {
  EXPECT_NE(ArticleReader::CheckNotBinary(std::string("\x00\x01\x02", 3))
                .message()
                .find("binary file (3 control bytes"),
            std::string::npos);
  EXPECT_NE(ArticleReader::CheckNotBinary("\xFF\xFE"
                                          "a")
                .message()
                .find("UTF-16"),
            std::string::npos);
  // One stray NUL in text is not a binary file: ValidateText names it.
  std::string text(200, 'a');
  text[100] = '\0';
  EXPECT_TRUE(ArticleReader::CheckNotBinary(text).ok());
  EXPECT_TRUE(ArticleReader::CheckNotBinary("line\tone\r\nline two\f\n").ok());
}

// ---- JSON Lines --------------------------------------------------------------

TEST(ReadJsonLines, OneArticleOrOneErrorPerLineNamed) {
  const Outcome o = ReadLines(Line("a", "نص") + "  \t\r\nnot json\n[1]\n" + "{\"id\": \"b\"}\n" +
                              "{\"text\": \"x\"}\n" + Line("c", "\\u0000x") + Line("d", " ") +
                              Line("a", "مكرر") + Line("e", "آخر"));
  ASSERT_TRUE(o.status.ok());
  ASSERT_EQ(o.docs.size(), 2u);
  EXPECT_EQ(o.docs[0].id, "a");
  EXPECT_EQ(o.docs[1].id, "e");
  const std::vector<std::string> expected = {
      "in:3: not a JSON object (malformed JSON)",
      "in:4: not a JSON object (a JSON array)",
      "in:5: missing \"text\" (a string) in article \"b\"",
      "in:6: missing \"id\"",
      "in:7: article \"c\": NUL byte at byte offset 0 (line 1)",
      "in:8: article \"d\": empty article (only white space)",
      "in:9: duplicate article id \"a\" (first seen at in:1); skipped",
  };
  EXPECT_EQ(o.errors, expected);
}

TEST(ReadJsonLines, AnOversizedLineIsSkippedAndTheRestRead) {
  ArticleReader::Options options;
  options.max_article_bytes = 1000;
  const std::string huge = Line("big", std::string(300000, 'x'));
  const Outcome o = ReadLines(Line("a", "أول") + huge + Line("b", "ثان"), options);
  ASSERT_EQ(o.docs.size(), 2u);
  EXPECT_EQ(o.docs[1].id, "b");
  ASSERT_EQ(o.errors.size(), 1u);
  EXPECT_EQ(o.errors[0],
            "in:2: article of 300025 bytes is over the limit of 1000 bytes (--max-article-mb)");
}

TEST(ReadJsonLines, ConvertsOnlyLinesThatAreNotUtf8) {
  ArticleReader::Options options;
  options.encoding = Encoding::kWindows1256;
  const Outcome o =
      ReadLines(Encode(Line("legacy", kArabic), "windows-1256") + Line("utf8", kArabic), options);
  ASSERT_TRUE(o.errors.empty()) << o.errors[0];
  ASSERT_EQ(o.docs.size(), 2u);
  EXPECT_EQ(o.docs[0].text, kArabic);
  EXPECT_EQ(o.docs[1].text, kArabic);
}

TEST(ReadJsonLines, HintsAtTheEncodingOfALegacyLine) {
  const Outcome o = ReadLines(Line("ok", "نص") + Encode(Line("x", kArabic), "windows-1256"));
  ASSERT_EQ(o.errors.size(), 1u);
  EXPECT_EQ(o.errors[0],
            "in:2: invalid UTF-8 at byte offset 21 of the line; it looks like Windows-1256 "
            "(Arabic); try --encoding windows-1256");
}

TEST(ReadJsonLines, TheCallbackStopsTheRun) {
  std::istringstream in(Line("a", "x") + Line("b", "y"));
  size_t seen = 0;
  const Status s = ArticleReader::ReadJsonLines(
      in, "in",
      [&](Document&&) {
        ++seen;
        return Status::Busy("stop");
      },
      [](const Status&) {});
  EXPECT_TRUE(s.IsBusy());
  EXPECT_EQ(seen, 1u);
}

// ---- files -------------------------------------------------------------------

TEST(ReadFiles, RejectsEmptyBinaryAndOversizedFiles) {
  ScopedTempDir dir;
  const auto p = [&](const char* name) { return (dir.path() / name).string(); };
  WriteFile(p("empty.txt"), "");
  WriteFile(p("empty.jsonl"), "");
  WriteFile(p("blank.jsonl"), "\n \n");
  WriteFile(p("binary.jsonl"), std::string("\x7f"
                                           "ELF\x02\x01\x01\0\0\0\0\0\0\0\0\0",
                                           16));
  WriteFile(p("big.txt"), std::string(5000, 'x'));
  WriteFile(p("ok.txt"), "\xEF\xBB\xBFنص");
  ArticleReader::Options options;
  options.max_article_bytes = 4096;
  const Outcome o = ReadFiles({p("empty.txt"), p("empty.jsonl"), p("blank.jsonl"),
                               p("binary.jsonl"), p("big.txt"), p("ok.txt")},
                              options);
  ASSERT_EQ(o.docs.size(), 1u);
  EXPECT_EQ(o.docs[0].text, "نص");  // the byte-order mark is dropped
  ASSERT_EQ(o.errors.size(), 5u);
  EXPECT_EQ(o.errors[0], p("empty.txt") + ": empty file");
  EXPECT_EQ(o.errors[1], p("empty.jsonl") + ": empty file");
  EXPECT_EQ(o.errors[2], p("blank.jsonl") + ": no articles (only blank lines)");
  EXPECT_EQ(o.errors[3].rfind(p("binary.jsonl") + ": binary file (", 0), 0u) << o.errors[3];
  EXPECT_EQ(
      o.errors[4],
      p("big.txt") + ": article of 5000 bytes is over the limit of 4096 bytes (--max-article-mb)");
}

TEST(ReadFiles, LegacyTextIsConvertedOrRejectedWithAHint) {
  ScopedTempDir dir;
  const std::string txt = (dir.path() / "cp.txt").string();
  const std::string jsonl = (dir.path() / "iso.jsonl").string();
  WriteFile(txt, Encode(kArabic, "windows-1256"));
  WriteFile(jsonl, Encode(Line("a", kArabic) + Line("b", kArabic), "ISO-8859-6"));

  Outcome o = ReadFiles({txt, jsonl});
  EXPECT_TRUE(o.docs.empty());
  ASSERT_EQ(o.errors.size(), 2u);  // the .jsonl file once, not once a line
  EXPECT_EQ(o.errors[0], txt +
                             ": invalid UTF-8 at byte offset 0 (line 1); it looks like "
                             "Windows-1256 (Arabic); try --encoding windows-1256");
  EXPECT_EQ(o.errors[1], jsonl +
                             ": invalid UTF-8 at byte offset 21 (line 1); it looks like "
                             "ISO-8859-6 (Arabic); try --encoding iso-8859-6; file skipped");

  ArticleReader::Options options;
  options.encoding = Encoding::kWindows1256;
  o = ReadFiles({txt}, options);
  ASSERT_EQ(o.docs.size(), 1u);
  EXPECT_EQ(o.docs[0].text, kArabic);
  // The wrong legacy encoding: named, with the byte it does not define.
  options.encoding = Encoding::kIso88596;
  o = ReadFiles({txt}, options);
  ASSERT_EQ(o.errors.size(), 1u);
  EXPECT_NE(o.errors[0].find("neither UTF-8 nor ISO-8859-6 (--encoding): byte 0x"),
            std::string::npos)
      << o.errors[0];
  options.encoding = Encoding::kIso88596;
  o = ReadFiles({jsonl}, options);
  ASSERT_EQ(o.docs.size(), 2u);
  EXPECT_EQ(o.docs[1].text, kArabic);
}

TEST(ReadFiles, DuplicateIdsAcrossFilesKeepTheFirst) {
  ScopedTempDir dir;
  const std::string txt = (dir.path() / "a1.txt").string();
  const std::string jsonl = (dir.path() / "more.jsonl").string();
  WriteFile(txt, "أول");
  WriteFile(jsonl, Line("a1", "ثان") + Line("a2", "ثالث"));
  const Outcome o = ReadFiles({txt, jsonl});
  ASSERT_EQ(o.docs.size(), 2u);
  EXPECT_EQ(o.docs[0].text, "أول");
  ASSERT_EQ(o.errors.size(), 1u);
  EXPECT_EQ(o.errors[0],
            jsonl + ":1: duplicate article id \"a1\" (first seen at " + txt + "); skipped");
}

TEST(ReadFiles, CancellationStopsBetweenArticles) {
  ScopedTempDir dir;
  const std::string jsonl = (dir.path() / "many.jsonl").string();
  std::string lines;
  for (int i = 0; i < 100; ++i) {
    std::string id = "a";  // (not "a" + ...: GCC 12 warns falsely, -Wrestrict)
    id += std::to_string(i);
    lines += Line(id, "نص");
  }
  WriteFile(jsonl, lines);
  ArticleReader::Options options;
  size_t delivered = 0;
  options.cancelled = [&] { return delivered >= 3; };
  const Status s = ArticleReader::Read(
      {jsonl, jsonl}, options,
      [&](Document&&) {
        ++delivered;
        return Status::OK();
      },
      [](const Status&) { ADD_FAILURE() << "no error expected"; });
  EXPECT_TRUE(s.ok());
  EXPECT_EQ(delivered, 3u);
}

TEST(ListInputs, AnUnreadableDirectoryIsReportedNotSilentlySkipped) {
  if (::geteuid() == 0) GTEST_SKIP() << "root reads every directory (the e2e test covers this)";
  ScopedTempDir dir;
  std::filesystem::create_directories(dir.path() / "locked");
  WriteFile(dir.path() / "locked" / "a.txt", "نص");
  WriteFile(dir.path() / "b.txt", "نص");
  std::filesystem::permissions(dir.path() / "locked", std::filesystem::perms::none);
  std::vector<std::string> files, errors;
  const Status s = ArticleReader::ListInputs(
      {dir.path().string()}, &files, [&](const Status& e) { errors.push_back(e.message()); });
  std::filesystem::permissions(dir.path() / "locked", std::filesystem::perms::owner_all);
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(files, std::vector<std::string>{(dir.path() / "b.txt").string()});
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_NE(errors[0].find("locked: cannot read directory (Permission denied)"), std::string::npos)
      << errors[0];
}

TEST(ListInputs, KeepsTheSortedOrderOfTheWholeTree) {
  ScopedTempDir dir;
  std::filesystem::create_directories(dir.path() / "b");
  WriteFile(dir.path() / "b" / "c.txt", "x");
  WriteFile(dir.path() / "b.txt", "x");
  WriteFile(dir.path() / "a.jsonl", "x");
  WriteFile(dir.path() / "notes.md", "x");
  std::vector<std::string> files;
  ASSERT_TRUE(ArticleReader::ListInputs({dir.path().string()}, &files).ok());
  const std::vector<std::string> expected = {(dir.path() / "a.jsonl").string(),
                                             (dir.path() / "b.txt").string(),
                                             (dir.path() / "b" / "c.txt").string()};
  EXPECT_EQ(files, expected);
}

}  // namespace
}  // namespace isnad
