// UTF-8 helpers shared by every module: validation with the offset of the
// first bad byte, decoding one code point at a time, and encoding.
#ifndef ISNAD_BASE_UTF8_H_
#define ISNAD_BASE_UTF8_H_

#include <cstddef>
#include <string>
#include <string_view>

namespace isnad::utf8 {

// Returns the byte offset of the first invalid sequence in `text`, or
// std::string_view::npos when `text` is valid UTF-8 (overlong forms,
// surrogates and code points above U+10FFFF are invalid).
size_t FindInvalid(std::string_view text);

// Length in bytes of the well-formed sequence starting at text[pos], or 0
// when the bytes there are no valid UTF-8 (pos < text.size()).
size_t SequenceLength(std::string_view text, size_t pos);

// Decodes the code point starting at `*pos` and advances `*pos` past it.
// On an invalid sequence returns U+FFFD and advances by one byte.
char32_t Decode(std::string_view text, size_t* pos);

// Appends the UTF-8 encoding of `cp` to `out`.
void Append(char32_t cp, std::string* out);

// Truncates `text` to at most `max_bytes` without splitting a code point.
std::string_view Truncate(std::string_view text, size_t max_bytes);

}  // namespace isnad::utf8

#endif  // ISNAD_BASE_UTF8_H_
