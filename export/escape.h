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

}  // namespace isnad

#endif  // ISNAD_EXPORT_ESCAPE_H_
