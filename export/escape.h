// Escaping for the export formats. Every string that leaves Isnad passes
// through one of these, so that the output parses whatever the input held:
// invalid UTF-8 becomes U+FFFD and characters a format forbids are dropped.
#ifndef ISNAD_EXPORT_ESCAPE_H_
#define ISNAD_EXPORT_ESCAPE_H_

#include <string>
#include <string_view>

namespace isnad {

// Text for XML 1.0 character data and attribute values: & < > " ' escaped,
// control characters other than tab, newline and carriage return dropped
// (XML 1.0 has no way to write them), U+FFFE/U+FFFF dropped.
std::string XmlEscape(std::string_view text);
// The same, appended to `out`.
void AppendXmlEscaped(std::string_view text, std::string* out);

// XmlEscape that remembers its last input: the store gives edges in the
// order of their evidence sentences, so consecutive edges often cite the
// same sentence, and comparing is cheaper than escaping again.
class RepeatXmlEscaper {
 public:
  const std::string& Escape(std::string_view text) {
    if (!valid_ || text != raw_) {
      raw_.assign(text);
      escaped_.clear();
      AppendXmlEscaped(text, &escaped_);
      valid_ = true;
    }
    return escaped_;
  }

 private:
  bool valid_ = false;
  std::string raw_, escaped_;
};

}  // namespace isnad

#endif  // ISNAD_EXPORT_ESCAPE_H_
