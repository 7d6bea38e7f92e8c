// Helpers shared by the test programs: a scratch directory per test and
// terse constructors for the store's input.
#ifndef ISNAD_TESTS_TEST_UTIL_H_
#define ISNAD_TESTS_TEST_UTIL_H_

#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

#include "store/triple_store.h"

namespace isnad::testing {

// A fresh directory under the system temp dir, named after the running test,
// removed with everything in it when the object goes away.
class ScopedTempDir {
 public:
  ScopedTempDir() {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    path_ = std::filesystem::temp_directory_path() /
            (std::string("isnad_") + info->test_suite_name() + "_" + info->name() + "_" +
             std::to_string(::getpid()) + "_" +
             std::to_string(std::chrono::steady_clock::now().time_since_epoch().count()));
    std::filesystem::create_directories(path_);
  }
  ~ScopedTempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  ScopedTempDir(const ScopedTempDir&) = delete;
  ScopedTempDir& operator=(const ScopedTempDir&) = delete;

  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

inline ArticleNode Node(std::string key, std::string kind, std::string label,
                        std::vector<std::string> aliases, std::string text = "") {
  ArticleNode n;
  n.key = std::move(key);
  n.kind = std::move(kind);
  n.label = std::move(label);
  n.aliases = std::move(aliases);
  n.text = std::move(text);
  return n;
}

// An edge whose span is a made-up but distinct range of its sentence.
inline ArticleEdge Edge(std::string s, std::string p, std::string o, uint32_t sentence,
                        bool negated = false, std::string rule = "svo") {
  ArticleEdge e;
  e.subject = std::move(s);
  e.predicate = std::move(p);
  e.object = std::move(o);
  e.sentence = sentence;
  e.negated = negated;
  e.begin = sentence * 100;
  e.end = sentence * 100 + 10;
  e.rule = std::move(rule);
  return e;
}

}  // namespace isnad::testing

#endif  // ISNAD_TESTS_TEST_UTIL_H_
