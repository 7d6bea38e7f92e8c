#include "store/flat_json.h"

#include <cstdint>
#include <cstring>

#include "base/utf8.h"

namespace isnad::flat_json {

namespace {

bool Hex4(std::string_view t, size_t p, char32_t* v) {
  if (p + 4 > t.size()) return false;
  *v = 0;
  for (size_t i = p; i < p + 4; ++i) {
    const char c = t[i];
    *v <<= 4;
    if (c >= '0' && c <= '9') {
      *v |= static_cast<char32_t>(c - '0');
    } else if (c >= 'a' && c <= 'f') {
      *v |= static_cast<char32_t>(c - 'a' + 10);
    } else if (c >= 'A' && c <= 'F') {
      *v |= static_cast<char32_t>(c - 'A' + 10);
    } else {
      return false;
    }
  }
  return true;
}

}  // namespace

namespace internal {

bool SkipNested(std::string_view t, size_t* pos) {
  size_t depth = 0;
  for (size_t p = *pos; p < t.size(); ++p) {
    switch (t[p]) {
      case '"':
        // To the closing quote: the next quote not escaped by an odd run
        // of backslashes. memchr, since the bytes here are mostly strings.
        for (;;) {
          const void* q = std::memchr(t.data() + p + 1, '"', t.size() - p - 1);
          if (q == nullptr) return false;
          p = static_cast<size_t>(static_cast<const char*>(q) - t.data());
          size_t backslashes = 0;
          while (t[p - 1 - backslashes] == '\\') ++backslashes;
          if (backslashes % 2 == 0) break;
        }
        break;
      case '[':
      case '{':
        ++depth;
        break;
      case ']':
      case '}':
        if (depth == 0) return false;
        if (--depth == 0) {
          *pos = p + 1;
          return true;
        }
        break;
      default:
        break;
    }
  }
  return false;
}

}  // namespace internal

bool ParseString(std::string_view t, size_t* pos, std::string* out) {
  size_t p = *pos;
  if (p >= t.size() || t[p] != '"') return false;
  ++p;
  while (p < t.size()) {
    // Copy the run up to the next quote or backslash in one append.
    size_t run = p;
    while (run < t.size() && t[run] != '"' && t[run] != '\\') ++run;
    out->append(t.data() + p, run - p);
    p = run;
    if (p >= t.size()) return false;
    if (t[p] == '"') {
      *pos = p + 1;
      return true;
    }
    if (++p >= t.size()) return false;
    switch (t[p]) {
      case '"':
      case '\\':
      case '/':
        out->push_back(t[p]);
        break;
      case 'b':
        out->push_back('\b');
        break;
      case 'f':
        out->push_back('\f');
        break;
      case 'n':
        out->push_back('\n');
        break;
      case 'r':
        out->push_back('\r');
        break;
      case 't':
        out->push_back('\t');
        break;
      case 'u': {
        char32_t cp;
        if (!Hex4(t, p + 1, &cp)) return false;
        p += 4;
        if (cp >= 0xD800 && cp <= 0xDBFF && p + 6 < t.size() && t[p + 1] == '\\' &&
            t[p + 2] == 'u') {
          char32_t low;
          if (Hex4(t, p + 3, &low) && low >= 0xDC00 && low <= 0xDFFF) {
            cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
            p += 6;
          }
        }
        if (cp >= 0xD800 && cp <= 0xDFFF) cp = 0xFFFD;  // a lone surrogate
        utf8::Append(cp, out);
        break;
      }
      default:
        return false;
    }
    ++p;
  }
  return false;
}

bool ParseUint32(std::string_view text, bool is_string, uint32_t* out) {
  if (is_string || text.empty() || text.size() > 10) return false;
  uint64_t n = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
    n = n * 10 + static_cast<uint64_t>(c - '0');
  }
  if (n > UINT32_MAX) return false;
  *out = static_cast<uint32_t>(n);
  return true;
}

bool ParseStringArray(std::string_view text, std::vector<std::string>* out) {
  using internal::SkipSpace;
  size_t p = 0;
  SkipSpace(text, &p);
  if (p >= text.size() || text[p] != '[') return false;
  ++p;
  SkipSpace(text, &p);
  if (p < text.size() && text[p] == ']') return true;
  while (p < text.size()) {
    SkipSpace(text, &p);
    std::string s;
    if (!ParseString(text, &p, &s)) return false;
    out->push_back(std::move(s));
    SkipSpace(text, &p);
    if (p >= text.size()) return false;
    if (text[p] == ']') return true;
    if (text[p] != ',') return false;
    ++p;
  }
  return false;
}

}  // namespace isnad::flat_json
