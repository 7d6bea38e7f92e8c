// Fuzz target: the JSON Lines article reader (ArticleReader::ReadJsonLines,
// the code behind `isnad ingest FILE.jsonl` and `-`) on arbitrary bytes.
//
// Checks: each line that is not blank gives exactly one article or one
// error, and an error names the input and that line ("fuzz:LINE: ");
// every article has an id, no two the same, and a text that passes
// ValidateText (valid UTF-8, no NUL, not blank); every string handed on is
// valid UTF-8; and stopping the run (the callback's error) stops it at once
// with that error.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "extract/article_reader.h"
#include "fuzz/fuzz_check.h"

namespace {

using isnad::fuzz::ValidUtf8;

// The numbers of the lines std::getline gives that are not blank (blank:
// only spaces, tabs and carriage returns), counted from 1.
std::vector<size_t> NonBlankLines(std::string_view input) {
  std::vector<size_t> lines;
  size_t number = 0;
  size_t start = 0;
  while (start < input.size()) {
    size_t end = input.find('\n', start);
    if (end == std::string_view::npos) end = input.size();
    ++number;
    if (input.substr(start, end - start).find_first_not_of(" \t\r") != std::string_view::npos) {
      lines.push_back(number);
    }
    start = end + 1;
  }
  return lines;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string input(reinterpret_cast<const char*>(data), size);
  const std::vector<size_t> lines = NonBlankLines(input);

  std::set<std::string> ids;
  size_t results = 0;
  auto on_document = [&](isnad::Document&& doc) {
    ++results;
    FUZZ_CHECK(!doc.id.empty(), "an article has an id");
    FUZZ_CHECK(ids.insert(doc.id).second, "no two articles share an id");
    FUZZ_CHECK(isnad::ArticleReader::ValidateText(doc.text).ok(), "an article's text is valid");
    FUZZ_CHECK(ValidUtf8(doc.id) && ValidUtf8(doc.title) && ValidUtf8(doc.date) &&
                   ValidUtf8(doc.url) && ValidUtf8(doc.lang),
               "an article's fields are valid UTF-8");
    return isnad::Status::OK();
  };
  auto on_error = [&](const isnad::Status& s) {
    ++results;
    FUZZ_CHECK(!s.ok(), "an error is an error");
    FUZZ_CHECK(s.message().rfind("fuzz:", 0) == 0, "an error names the input");
    const size_t line = std::strtoul(s.message().c_str() + 5, nullptr, 10);
    FUZZ_CHECK(std::binary_search(lines.begin(), lines.end(), line),
               "an error names a line that is not blank");
  };
  std::istringstream in(input);
  FUZZ_CHECK(isnad::ArticleReader::ReadJsonLines(in, "fuzz", on_document, on_error).ok(),
             "reading never fails when the callback does not stop it");
  FUZZ_CHECK(results == lines.size(), "each line that is not blank gives one article or error");

  // The same input, stopped at its first article.
  size_t delivered = 0;
  std::istringstream again(input);
  const isnad::Status stopped = isnad::ArticleReader::ReadJsonLines(
      again, "fuzz",
      [&](isnad::Document&&) {
        ++delivered;
        return isnad::Status::Busy("stop");
      },
      [](const isnad::Status&) {});
  FUZZ_CHECK(delivered == std::min<size_t>(ids.size(), 1), "the run stops at the first article");
  FUZZ_CHECK(ids.empty() ? stopped.ok() : stopped.IsBusy(), "the callback's error is returned");
  return 0;
}
