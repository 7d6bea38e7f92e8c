// Legacy Arabic encodings: converting Windows-1256 and ISO-8859-6 input to
// UTF-8 (through ICU's converters), and recognising bytes that are not UTF-8
// but read as Arabic in one of them, so that the reader can say "try
// --encoding windows-1256" instead of only "invalid UTF-8".
//
// Both encodings are single-byte: each input byte is one character, so a
// byte offset in the input names exactly one character.
#ifndef ISNAD_EXTRACT_ENCODING_H_
#define ISNAD_EXTRACT_ENCODING_H_

#include <optional>
#include <string>
#include <string_view>

#include "base/status.h"

namespace isnad {

enum class Encoding { kUtf8, kWindows1256, kIso88596 };

// "utf-8", "windows-1256" or "iso-8859-6" (any case; also "utf8", "cp1256",
// "iso8859-6"). InvalidArgument listing the accepted names otherwise.
Status ParseEncoding(std::string_view name, Encoding* encoding);

// The name the --encoding option takes: "windows-1256".
const char* EncodingOptionName(Encoding encoding);
// The name for people: "Windows-1256".
const char* EncodingDisplayName(Encoding encoding);

// Converts `in`, in the single-byte `from` (not kUtf8), to UTF-8 in `*out`.
// InvalidArgument naming the byte offset (and the byte) of the first byte
// that `from` leaves undefined; NotSupported when ICU has no converter for
// it.
Status ConvertToUtf8(std::string_view in, Encoding from, std::string* out);

// For bytes that are not valid UTF-8: the legacy Arabic encoding they read
// as, or nullopt when neither fits well. "Fits" means: at least a few bytes
// above 0x7F, few of them forming valid UTF-8 sequences (so UTF-8 with a
// stray bad byte is not taken for a legacy encoding), no byte the encoding
// leaves undefined, and most of them decoding to Arabic letters. Windows-1256
// wins a tie. Looks at the first 64 KiB only.
std::optional<Encoding> GuessLegacyArabic(std::string_view bytes);

}  // namespace isnad

#endif  // ISNAD_EXTRACT_ENCODING_H_
