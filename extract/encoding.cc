#include "extract/encoding.h"

#include <unicode/ucnv.h>
#include <unicode/utf16.h>

#include <array>
#include <cstdio>

#include "base/utf8.h"

namespace isnad {

namespace {

constexpr char32_t kUndefined = 0xFFFFFFFF;
constexpr size_t kGuessBytes = 64 << 10;

// What each byte of a single-byte encoding decodes to, asked of ICU once.
struct ByteTable {
  bool available = false;  // ICU has the converter
  std::array<char32_t, 256> code_point{};
};

ByteTable BuildTable(const char* icu_name) {
  ByteTable table;
  UErrorCode error = U_ZERO_ERROR;
  UConverter* converter = ucnv_open(icu_name, &error);
  if (U_FAILURE(error)) return table;
  // Stop, rather than substitute, on a byte the encoding leaves undefined:
  // the reader reports it instead of inventing a character.
  ucnv_setToUCallBack(converter, UCNV_TO_U_CALLBACK_STOP, nullptr, nullptr, nullptr, &error);
  if (U_FAILURE(error) || ucnv_getMaxCharSize(converter) != 1) {
    ucnv_close(converter);
    return table;
  }
  for (int b = 0; b < 256; ++b) {
    const char in = static_cast<char>(b);
    UChar out[4];
    UErrorCode e = U_ZERO_ERROR;
    ucnv_reset(converter);
    const int32_t n = ucnv_toUChars(converter, out, 4, &in, 1, &e);
    char32_t cp = kUndefined;
    if (U_SUCCESS(e) && n == 1) {
      cp = out[0];
    } else if (U_SUCCESS(e) && n == 2 && U16_IS_LEAD(out[0]) && U16_IS_TRAIL(out[1])) {
      cp = U16_GET_SUPPLEMENTARY(out[0], out[1]);
    }
    table.code_point[b] = cp == 0xFFFD ? kUndefined : cp;
  }
  ucnv_close(converter);
  table.available = true;
  return table;
}

const ByteTable& TableFor(Encoding encoding) {
  // Built once, thread-safely (function-local static), on first use.
  static const std::array<ByteTable, 2> tables = {BuildTable("windows-1256"),
                                                  BuildTable("ISO-8859-6")};
  return tables[encoding == Encoding::kWindows1256 ? 0 : 1];
}

// How much a character decoded from a byte above 0x7F speaks for Arabic
// text: letters, Arabic punctuation and digits fully; vowel marks, tatweel,
// joiners, guillemets and no-break space (common in Arabic text, but also
// what a wrong decoding of letters can produce) half; anything else, such
// as the accented Latin letters a wrong guess yields, not at all.
double ArabicWeight(char32_t cp) {
  if ((cp >= 0x0621 && cp <= 0x063A) || (cp >= 0x0641 && cp <= 0x064A) ||
      (cp >= 0x0660 && cp <= 0x066D) || (cp >= 0x0671 && cp <= 0x06D3) || cp == 0x060C ||
      cp == 0x061B || cp == 0x061F) {
    return 1;
  }
  if ((cp >= 0x064B && cp <= 0x0652) || cp == 0x0640 || cp == 0x200C || cp == 0x200D ||
      cp == 0x00AB || cp == 0x00BB || cp == 0x00A0) {
    return 0.5;
  }
  return 0;
}

bool AsciiLetter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

}  // namespace

Status ParseEncoding(std::string_view name, Encoding* encoding) {
  std::string lower(name);
  for (char& c : lower) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  if (lower == "utf-8" || lower == "utf8") {
    *encoding = Encoding::kUtf8;
  } else if (lower == "windows-1256" || lower == "cp1256") {
    *encoding = Encoding::kWindows1256;
  } else if (lower == "iso-8859-6" || lower == "iso8859-6") {
    *encoding = Encoding::kIso88596;
  } else {
    return Status::InvalidArgument("unknown encoding \"" + std::string(name) +
                                   "\" (expected utf-8, windows-1256 or iso-8859-6)");
  }
  return Status::OK();
}

const char* EncodingOptionName(Encoding encoding) {
  switch (encoding) {
    case Encoding::kWindows1256:
      return "windows-1256";
    case Encoding::kIso88596:
      return "iso-8859-6";
    case Encoding::kUtf8:
      break;
  }
  return "utf-8";
}

const char* EncodingDisplayName(Encoding encoding) {
  switch (encoding) {
    case Encoding::kWindows1256:
      return "Windows-1256";
    case Encoding::kIso88596:
      return "ISO-8859-6";
    case Encoding::kUtf8:
      break;
  }
  return "UTF-8";
}

Status ConvertToUtf8(std::string_view in, Encoding from, std::string* out) {
  out->clear();
  if (from == Encoding::kUtf8) {
    out->assign(in);
    return Status::OK();
  }
  const ByteTable& table = TableFor(from);
  if (!table.available) {
    return Status::NotSupported(std::string("ICU has no converter for ") +
                                EncodingDisplayName(from));
  }
  // Arabic letters take two bytes in UTF-8, ASCII one.
  out->reserve(in.size() + in.size() / 2);
  for (size_t i = 0; i < in.size(); ++i) {
    const unsigned char b = static_cast<unsigned char>(in[i]);
    if (b < 0x80) {
      out->push_back(static_cast<char>(b));
      continue;
    }
    const char32_t cp = table.code_point[b];
    if (cp == kUndefined) {
      char hex[8];
      std::snprintf(hex, sizeof hex, "0x%02X", b);
      return Status::InvalidArgument("byte " + std::string(hex) + " at byte offset " +
                                     std::to_string(i) + " is not defined in " +
                                     EncodingDisplayName(from));
    }
    utf8::Append(cp, out);
  }
  return Status::OK();
}

std::optional<Encoding> GuessLegacyArabic(std::string_view bytes) {
  const std::string_view sample = bytes.substr(0, kGuessBytes);
  size_t high = 0, in_utf8 = 0;
  for (size_t i = 0; i < sample.size();) {
    if (static_cast<unsigned char>(sample[i]) < 0x80) {
      ++i;
      continue;
    }
    // A sequence cut by the end of the sample counts as invalid: harmless,
    // it is at most three bytes.
    const size_t len = utf8::SequenceLength(sample, i);
    if (len > 1) {
      high += len;
      in_utf8 += len;
      i += len;
    } else {
      ++high;
      ++i;
    }
  }
  // Too little to judge, or mostly UTF-8 with some damage.
  if (high < 3 || in_utf8 * 4 > high) return std::nullopt;

  std::optional<Encoding> best;
  double best_score = 0.75;  // the share of high bytes that must read as Arabic
  for (Encoding candidate : {Encoding::kWindows1256, Encoding::kIso88596}) {
    const ByteTable& table = TableFor(candidate);
    if (!table.available) continue;
    double score = 0;
    bool defined = true;
    for (size_t i = 0; i < sample.size(); ++i) {
      const unsigned char b = static_cast<unsigned char>(sample[i]);
      if (b < 0x80) continue;
      const char32_t cp = table.code_point[b];
      if (cp == kUndefined) {
        defined = false;
        break;
      }
      // Arabic words are runs of high bytes; a high byte inside a word of
      // ASCII letters is an accented Latin letter ("pr\xE9sident"), which
      // ISO-8859-6 would otherwise read as an Arabic one.
      const bool in_latin_word = (i > 0 && AsciiLetter(sample[i - 1])) ||
                                 (i + 1 < sample.size() && AsciiLetter(sample[i + 1]));
      if (!in_latin_word) score += ArabicWeight(cp);
    }
    score /= static_cast<double>(high);
    // Strictly better: Windows-1256, tried first, wins a tie.
    if (defined && score > best_score) {
      best = candidate;
      best_score = score;
    }
  }
  return best;
}

}  // namespace isnad
