// Fast readers for the store's small JSON values (alias lists, provenance and
// term records), which whole-store scans decode by the million. They accept
// the flat shapes the store writes, with every JSON string escape; anything
// else (nesting, malformed text) makes them return false, and the caller
// falls back to the full parser.
#ifndef ISNAD_STORE_FLAT_JSON_H_
#define ISNAD_STORE_FLAT_JSON_H_

#include <string>
#include <string_view>
#include <vector>

namespace isnad::flat_json {

// Reads the JSON string starting at text[*pos] (the opening quote) into
// `out`, leaving *pos past the closing quote.
bool ParseString(std::string_view text, size_t* pos, std::string* out);

// A member's raw number text as an unsigned 32-bit value; false for a string,
// a sign, a fraction, an exponent, or more than 32 bits.
bool ParseUint32(std::string_view text, bool is_string, uint32_t* out);

// ["a","b",...] -> out (appended).
bool ParseStringArray(std::string_view text, std::vector<std::string>* out);

// {"k":"v","n":12,...}: calls fn(key, value, is_string) for each member;
// numbers, true, false, null and nested arrays and objects come as their
// raw text (nested values are skipped over, not parsed).
template <typename Fn>
bool ParseFlatObject(std::string_view text, Fn&& fn);

// ---- Implementation ----

namespace internal {
inline void SkipSpace(std::string_view t, size_t* p) {
  while (*p < t.size() && (t[*p] == ' ' || t[*p] == '\n' || t[*p] == '\t' || t[*p] == '\r')) ++*p;
}
// Moves *p past the array or object that starts there; false when it does
// not end.
bool SkipNested(std::string_view t, size_t* p);
}  // namespace internal

template <typename Fn>
bool ParseFlatObject(std::string_view text, Fn&& fn) {
  using internal::SkipSpace;
  size_t p = 0;
  SkipSpace(text, &p);
  if (p >= text.size() || text[p] != '{') return false;
  ++p;
  SkipSpace(text, &p);
  if (p < text.size() && text[p] == '}') return true;
  std::string key, value;
  while (p < text.size()) {
    SkipSpace(text, &p);
    key.clear();
    if (!ParseString(text, &p, &key)) return false;
    SkipSpace(text, &p);
    if (p >= text.size() || text[p] != ':') return false;
    ++p;
    SkipSpace(text, &p);
    if (p >= text.size()) return false;
    if (text[p] == '"') {
      value.clear();
      if (!ParseString(text, &p, &value)) return false;
      fn(std::string_view(key), std::string_view(value), true);
    } else if (text[p] == '[' || text[p] == '{') {
      const size_t start = p;
      if (!internal::SkipNested(text, &p)) return false;
      fn(std::string_view(key), text.substr(start, p - start), false);
    } else {
      const size_t start = p;
      while (p < text.size() && text[p] != ',' && text[p] != '}' && text[p] != ' ') {
        if (text[p] == '{' || text[p] == '[' || text[p] == '"') return false;
        ++p;
      }
      if (p == start) return false;
      fn(std::string_view(key), text.substr(start, p - start), false);
    }
    SkipSpace(text, &p);
    if (p >= text.size()) return false;
    if (text[p] == '}') return true;
    if (text[p] != ',') return false;
    ++p;
  }
  return false;
}

}  // namespace isnad::flat_json

#endif  // ISNAD_STORE_FLAT_JSON_H_
