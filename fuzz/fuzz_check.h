// What the fuzz targets share: FUZZ_CHECK, which aborts (so that libFuzzer
// records the input as a crash) with the property that failed, and the
// checks on spans and UTF-8 that several targets make.
#ifndef ISNAD_FUZZ_FUZZ_CHECK_H_
#define ISNAD_FUZZ_FUZZ_CHECK_H_

#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "base/utf8.h"
#include "extract/document.h"

// Aborts with `what` when `cond` is false. Active in every build type:
// these are the properties the fuzzers exist to check.
#define FUZZ_CHECK(cond, what)                                                                    \
  do {                                                                                            \
    if (!(cond)) {                                                                                \
      std::fprintf(stderr, "%s:%d: property failed: %s (%s)\n", __FILE__, __LINE__, what, #cond); \
      std::abort();                                                                               \
    }                                                                                             \
  } while (0)

namespace isnad::fuzz {

inline bool ValidUtf8(std::string_view s) { return utf8::FindInvalid(s) == std::string_view::npos; }

// True when byte offset `at` of valid UTF-8 `text` starts a code point (or
// is the end).
inline bool OnBoundary(std::string_view text, size_t at) {
  return at == text.size() ||
         (at < text.size() && (static_cast<unsigned char>(text[at]) & 0xC0) != 0x80);
}

// `span` lies within `text`, is not empty, and cuts no code point in two.
inline bool GoodSpan(std::string_view text, const Span& span) {
  return span.begin < span.end && span.end <= text.size() && OnBoundary(text, span.begin) &&
         OnBoundary(text, span.end);
}

// `inner` lies within `outer`.
inline bool Within(const Span& inner, const Span& outer) {
  return outer.begin <= inner.begin && inner.end <= outer.end;
}

}  // namespace isnad::fuzz

#endif  // ISNAD_FUZZ_FUZZ_CHECK_H_
