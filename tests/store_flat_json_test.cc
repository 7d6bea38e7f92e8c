// Tests for store/flat_json.h: the fast readers must read whatever
// nlohmann::json writes exactly as nlohmann::json reads it, and refuse what
// they cannot read so that the caller falls back.
#include "store/flat_json.h"

#include <gtest/gtest.h>

#include <map>
#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <vector>

namespace isnad {
namespace {

using nlohmann::json;

// Strings that exercise every escape the writer produces.
std::vector<std::string> AwkwardStrings() {
  std::vector<std::string> out = {"",
                                  "plain",
                                  "إنفيديا",
                                  "quote \" inside",
                                  "back\\slash",
                                  "tab\tnew\nline\rcr",
                                  std::string("nul\0byte", 8),
                                  "\x01\x1f controls",
                                  "emoji 😀 and ☃",
                                  "mixed \u200Fبيان\u200E \"x\" \\"};
  std::mt19937 rng(7);
  const std::string alphabet = "ab\"\\/\t\n\x01 ";
  for (int i = 0; i < 200; ++i) {
    std::string s;
    const int len = static_cast<int>(rng() % 12);
    for (int k = 0; k < len; ++k) s += alphabet[rng() % alphabet.size()];
    if (rng() % 3 == 0) s += "ص";
    out.push_back(s);
  }
  return out;
}

TEST(FlatJson, StringArrayReadsWhatNlohmannWrites) {
  const std::vector<std::string> strings = AwkwardStrings();
  for (size_t i = 0; i + 3 <= strings.size(); i += 3) {
    const std::vector<std::string> in(strings.begin() + i, strings.begin() + i + 3);
    for (bool ascii : {false, true}) {
      const std::string text = json(in).dump(-1, ' ', ascii);
      std::vector<std::string> out;
      ASSERT_TRUE(flat_json::ParseStringArray(text, &out)) << text;
      EXPECT_EQ(out, in) << text;
    }
  }
  std::vector<std::string> out;
  EXPECT_TRUE(flat_json::ParseStringArray("[]", &out));
  EXPECT_TRUE(out.empty());
  EXPECT_TRUE(flat_json::ParseStringArray(" [ \"a\" , \"b\" ] ", &out));
  EXPECT_EQ(out, (std::vector<std::string>{"a", "b"}));
}

TEST(FlatJson, StringArrayRefusesWhatItCannotRead) {
  for (const char* bad : {"", "[", "[\"a\"", "[\"a\",]", "[1]", "[[\"a\"]]", "{}", "[\"a\\q\"]",
                          "[\"\\u12\"]", "[\"a\" \"b\"]"}) {
    std::vector<std::string> out;
    EXPECT_FALSE(flat_json::ParseStringArray(bad, &out)) << bad;
  }
}

TEST(FlatJson, SurrogatePairsJoinAndLoneOnesBecomeReplacement) {
  std::vector<std::string> out;
  ASSERT_TRUE(flat_json::ParseStringArray("[\"\\ud83d\\ude00\",\"\\ud83d\"]", &out));
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0], "😀");
  EXPECT_EQ(out[1], "\xEF\xBF\xBD");
}

TEST(FlatJson, ObjectMembersMatchNlohmann) {
  const std::vector<std::string> strings = AwkwardStrings();
  for (size_t i = 0; i + 2 <= strings.size(); i += 2) {
    json in = {{"rule", strings[i]},
               {"mod", strings[i + 1]},
               {"b", i},
               {"neg", i % 2 == 0},
               {"nested", {{"x", strings[i]}, {"list", {strings[i + 1], "]}"}}}}};
    const std::string text = in.dump();
    std::map<std::string, std::string> strings_seen, raw_seen;
    ASSERT_TRUE(flat_json::ParseFlatObject(text, [&](std::string_view k, std::string_view v,
                                                     bool is_string) {
      (is_string ? strings_seen : raw_seen)[std::string(k)] = std::string(v);
    })) << text;
    EXPECT_EQ(strings_seen["rule"], strings[i]);
    EXPECT_EQ(strings_seen["mod"], strings[i + 1]);
    EXPECT_EQ(raw_seen["b"], std::to_string(i));
    EXPECT_EQ(raw_seen["neg"], i % 2 == 0 ? "true" : "false");
    // A nested value comes whole, as its text, and parses back to itself.
    EXPECT_EQ(json::parse(raw_seen["nested"]), in["nested"]);
  }
}

TEST(FlatJson, ObjectRefusesMalformedText) {
  for (const char* bad : {"", "{", "{\"a\"}", "{\"a\":}", "{\"a\":1,}", "{\"a\":[1,2}",
                          "{\"a\":\"x}", "[]", "{\"a\":{\"b\":\"c\"}"}) {
    EXPECT_FALSE(flat_json::ParseFlatObject(bad, [](std::string_view, std::string_view, bool) {}))
        << bad;
  }
  EXPECT_TRUE(flat_json::ParseFlatObject("{}", [](std::string_view, std::string_view, bool) {
    ADD_FAILURE() << "no members expected";
  }));
}

TEST(FlatJson, Uint32AcceptsOnlyPlainUnsignedNumbers) {
  uint32_t v = 0;
  EXPECT_TRUE(flat_json::ParseUint32("0", false, &v));
  EXPECT_EQ(v, 0u);
  EXPECT_TRUE(flat_json::ParseUint32("4294967295", false, &v));
  EXPECT_EQ(v, 4294967295u);
  for (const char* bad : {"", "-1", "1.5", "1e3", "4294967296", "99999999999", "12a"}) {
    EXPECT_FALSE(flat_json::ParseUint32(bad, false, &v)) << bad;
  }
  EXPECT_FALSE(flat_json::ParseUint32("12", /*is_string=*/true, &v));
}

}  // namespace
}  // namespace isnad
