#include "export/escape.h"

#include "base/utf8.h"

namespace isnad {

void AppendXmlEscaped(std::string_view text, std::string* out) {
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  const size_t n = text.size();
  size_t run = 0;  // start of the bytes that are copied as they are
  size_t pos = 0;
  auto flush = [&](size_t end) { out->append(text.data() + run, end - run); };
  while (pos < n) {
    const unsigned char c = s[pos];
    if (c >= 0x80) {
      // Arabic letters are two-byte sequences: the common case, inline.
      if (c >= 0xC2 && c <= 0xDF && pos + 1 < n && (s[pos + 1] & 0xC0) == 0x80) {
        pos += 2;
        continue;
      }
      const size_t len = utf8::SequenceLength(text, pos);
      if (len == 0) {  // invalid: one byte becomes U+FFFD
        flush(pos);
        out->append("\xEF\xBF\xBD");
        run = ++pos;
      } else if (len == 3 && c == 0xEF && s[pos + 1] == 0xBF && (s[pos + 2] & 0xFE) == 0xBE) {
        flush(pos);  // U+FFFE and U+FFFF are no XML characters
        run = pos += 3;
      } else {
        pos += len;
      }
      continue;
    }
    if (c >= 0x20 && c != '&' && c != '<' && c != '>' && c != '"' && c != '\'') {
      ++pos;
      continue;
    }
    const char* escaped = nullptr;
    switch (c) {
      case '&':
        escaped = "&amp;";
        break;
      case '<':
        escaped = "&lt;";
        break;
      case '>':
        escaped = "&gt;";
        break;
      case '"':
        escaped = "&quot;";
        break;
      case '\'':
        escaped = "&apos;";
        break;
      default:
        if (c >= 0x20 || c == '\t' || c == '\n' || c == '\r') {
          ++pos;
          continue;
        }
        escaped = "";  // other control characters cannot be written in XML 1.0
    }
    flush(pos);
    out->append(escaped);
    run = ++pos;
  }
  flush(n);
}

std::string XmlEscape(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  AppendXmlEscaped(text, &out);
  return out;
}

}  // namespace isnad
