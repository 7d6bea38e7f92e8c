// Loading, validating and extending the lexicon.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "base/fold.h"
#include "extract/lexicon.h"

namespace isnad {
namespace {

namespace fs = std::filesystem;

class LexiconTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("isnad-lexicon-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string Write(const std::string& name, const std::string& content) {
    const fs::path p = dir_ / name;
    std::ofstream(p) << content;
    return p.string();
  }

  fs::path dir_;
};

TEST(BuiltInLexicon, LoadsAndIsBroad) {
  Lexicon lex;
  ASSERT_TRUE(lex.LoadDirectory(ISNAD_LEXICON_DIR).ok());
  ASSERT_TRUE(lex.Finalize().ok());
  EXPECT_GE(lex.entities().size(), 300u);
  EXPECT_TRUE(lex.AliasConflicts().empty());
  for (const char* id : {"nvidia", "china", "united_states", "huawei"}) {
    EXPECT_NE(lex.FindEntity(id), nullptr) << id;
  }
  std::vector<std::string> predicates;
  for (const RelationSpec& r : lex.relations()) predicates.push_back(r.predicate);
  for (const char* p : {"allows", "restricts", "buys", "makes", "leads", "works_for", "meets"}) {
    EXPECT_NE(std::find(predicates.begin(), predicates.end(), p), predicates.end()) << p;
  }
}

TEST(BuiltInLexicon, MatchKeysStripProclitics) {
  Lexicon lex;
  ASSERT_TRUE(lex.LoadDirectory(ISNAD_LEXICON_DIR).ok());
  ASSERT_TRUE(lex.Finalize().ok());
  std::vector<std::string> keys;
  const size_t function_keys = lex.MatchKeys(FoldForMatch("والصين"), &keys);
  EXPECT_NE(std::find(keys.begin(), keys.end(), "الصين"), keys.end());
  EXPECT_NE(std::find(keys.begin(), keys.end(), "صين"), keys.end());
  // Article-stripped forms are not offered to function-word matching.
  EXPECT_EQ(std::find(keys.begin(), keys.begin() + function_keys, "صين"),
            keys.begin() + function_keys);
  lex.MatchKeys(FoldForMatch("لشركة"), &keys);
  EXPECT_NE(std::find(keys.begin(), keys.end(), "شركه"), keys.end());
  // A word that merely starts with a clitic letter keeps its whole form.
  lex.MatchKeys(FoldForMatch("بكين"), &keys);
  EXPECT_EQ(keys.front(), "بكين");
}

TEST_F(LexiconTest, UserFileOverridesBuiltInEntity) {
  Lexicon lex;
  ASSERT_TRUE(lex.LoadDirectory(ISNAD_LEXICON_DIR).ok());
  const std::string user = Write("user.json", R"({"entities": [
    {"id": "nvidia", "label": "NVIDIA Corp.", "kind": "company", "aliases": ["إنفيديا كورب"]},
    {"id": "acme_chips", "label": "Acme Chips", "kind": "company", "aliases": ["أكمي"]}]})");
  ASSERT_TRUE(lex.LoadFile(user).ok());
  ASSERT_TRUE(lex.Finalize().ok());
  ASSERT_NE(lex.FindEntity("nvidia"), nullptr);
  EXPECT_EQ(lex.FindEntity("nvidia")->label, "NVIDIA Corp.");
  ASSERT_NE(lex.FindEntity("acme_chips"), nullptr);
  EXPECT_NE(lex.AliasesStartingWith("اكمي"), nullptr);
}

TEST_F(LexiconTest, RejectsUnknownKindNamingTheFile) {
  Lexicon lex;
  const std::string path =
      Write("bad.json", R"({"entities": [{"id": "x", "label": "X", "kind": "planet"}]})");
  Status s = lex.LoadFile(path);
  EXPECT_TRUE(s.IsInvalidArgument());
  EXPECT_NE(s.message().find("bad.json"), std::string::npos);
  EXPECT_NE(s.message().find("planet"), std::string::npos);
}

TEST_F(LexiconTest, RejectsUnknownPredicate) {
  Lexicon lex;
  Status s = lex.LoadFile(Write("rel.json", R"({"relations": [{"predicate": "loves"}]})"));
  EXPECT_TRUE(s.IsInvalidArgument());
  EXPECT_NE(s.message().find("loves"), std::string::npos);
}

TEST_F(LexiconTest, ReportsJsonSyntaxErrorWithLine) {
  Lexicon lex;
  Status s = lex.LoadFile(Write("syntax.json", "{\n  \"entities\": [\n    {,}\n  ]\n}\n"));
  EXPECT_TRUE(s.IsInvalidArgument());
  EXPECT_NE(s.message().find("syntax.json:3"), std::string::npos) << s.message();
}

TEST_F(LexiconTest, AliasThatFoldsToNothingIsAnError) {
  Lexicon lex;
  ASSERT_TRUE(lex.LoadFile(Write("empty.json", R"({"entities": [
    {"id": "x", "label": "X", "kind": "company", "aliases": ["\u064e\u0640"]}]})"))
                  .ok());
  Status s = lex.Finalize();
  EXPECT_TRUE(s.IsInvalidArgument());
  EXPECT_NE(s.message().find("folds to nothing"), std::string::npos);
}

TEST_F(LexiconTest, ReportsAliasClaimedByTwoEntities) {
  Lexicon lex;
  ASSERT_TRUE(lex.LoadFile(Write("dup.json", R"({"entities": [
    {"id": "a", "label": "Alpha", "kind": "company", "aliases": ["Orbit"]},
    {"id": "b", "label": "Beta", "kind": "company", "aliases": ["orbit"]}]})"))
                  .ok());
  ASSERT_TRUE(lex.Finalize().ok());
  ASSERT_EQ(lex.AliasConflicts().size(), 1u);
  EXPECT_EQ(lex.AliasConflicts()[0], "orbit: a b");
}

TEST_F(LexiconTest, MissingDirectoryIsNotFound) {
  Lexicon lex;
  EXPECT_TRUE(lex.LoadDirectory((dir_ / "nope").string()).IsNotFound());
}

}  // namespace
}  // namespace isnad
