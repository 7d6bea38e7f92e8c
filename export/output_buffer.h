// OutputBuffer is what the writers format into: appends go to a string that
// reaches the stream in blocks of about a megabyte, so a field costs a
// memcpy, not a virtual call into the stream and a temporary string.
#ifndef ISNAD_EXPORT_OUTPUT_BUFFER_H_
#define ISNAD_EXPORT_OUTPUT_BUFFER_H_

#include <charconv>
#include <cstdio>
#include <ostream>
#include <string>
#include <string_view>
#include <type_traits>

#include "export/escape.h"

namespace isnad {

class OutputBuffer {
 public:
  explicit OutputBuffer(std::ostream& out) : out_(out) { buf_.reserve(kBlock + kBlock / 4); }
  ~OutputBuffer() { Flush(); }
  OutputBuffer(const OutputBuffer&) = delete;
  OutputBuffer& operator=(const OutputBuffer&) = delete;

  OutputBuffer& operator<<(std::string_view s) {
    buf_.append(s);
    return Settle();
  }
  OutputBuffer& operator<<(const char* s) { return *this << std::string_view(s); }
  OutputBuffer& operator<<(char c) {
    buf_.push_back(c);
    return Settle();
  }
  template <typename T,
            std::enable_if_t<std::is_integral_v<T> && !std::is_same_v<T, bool>, int> = 0>
  OutputBuffer& operator<<(T v) {
    char digits[24];
    auto [end, ec] = std::to_chars(digits, digits + sizeof digits, v);
    buf_.append(digits, end);
    return Settle();
  }
  // As std::ostream prints a double by default (%g, six digits).
  OutputBuffer& operator<<(double v) {
    char digits[32];
    const int n = std::snprintf(digits, sizeof digits, "%g", v);
    buf_.append(digits, static_cast<size_t>(n));
    return Settle();
  }
  // XML character data: see XmlEscape.
  OutputBuffer& Xml(std::string_view text) {
    AppendXmlEscaped(text, &buf_);
    return Settle();
  }

  // Hands what is buffered to the stream; false once the stream has failed.
  bool Flush() {
    if (!buf_.empty()) out_.write(buf_.data(), static_cast<std::streamsize>(buf_.size()));
    buf_.clear();
    return static_cast<bool>(out_);
  }
  bool ok() const { return static_cast<bool>(out_); }

 private:
  static constexpr size_t kBlock = size_t{1} << 20;
  OutputBuffer& Settle() {
    if (buf_.size() >= kBlock) Flush();
    return *this;
  }
  std::ostream& out_;
  std::string buf_;
};

}  // namespace isnad

#endif  // ISNAD_EXPORT_OUTPUT_BUFFER_H_
