#include "extract/sentence_splitter.h"

#include <unicode/brkiter.h>
#include <unicode/locid.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include <array>
#include <string>

#include "base/utf8.h"

namespace isnad {

namespace {

bool IsSpace(char32_t cp) { return cp == ' ' || cp == '\t' || cp == '\r' || u_isUWhiteSpace(cp); }

// Abbreviations after which a period does not end a sentence, lower-cased.
constexpr std::array<std::string_view, 22> kAbbreviations = {
    "u.s.", "u.k.", "u.n.", "e.u.", "mr.",  "mrs.", "ms.",  "dr.",  "prof.", "inc.",  "corp.",
    "ltd.", "co.",  "no.",  "vs.",  "e.g.", "i.e.", "jan.", "feb.", "aug.",  "sept.", "oct."};

bool EndsWithAbbreviation(std::string_view sentence) {
  size_t start = sentence.find_last_of(" \t(\"“«");
  std::string_view last = start == std::string_view::npos ? sentence : sentence.substr(start + 1);
  std::string lower;
  for (char c : last) lower.push_back((c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c);
  for (std::string_view a : kAbbreviations) {
    if (lower == a) return true;
  }
  // A single Latin initial: "J. Smith".
  return lower.size() == 2 && lower[1] == '.' && lower[0] >= 'a' && lower[0] <= 'z';
}

}  // namespace

SentenceSplitter::SentenceSplitter() {
  UErrorCode err = U_ZERO_ERROR;
  breaker_.reset(icu::BreakIterator::createSentenceInstance(icu::Locale("ar"), err));
  if (U_FAILURE(err)) breaker_.reset();
}

SentenceSplitter::~SentenceSplitter() = default;

Status SentenceSplitter::Split(std::string_view text, std::vector<Sentence>* out) {
  if (!breaker_) return Status::IOError("ICU sentence break iterator is unavailable");
  uint32_t next_index = out->empty() ? 0 : out->back().index + 1;
  auto add = [&](uint32_t b, uint32_t e) {
    // Trim white space at both ends.
    while (b < e) {
      size_t p = b;
      const char32_t cp = utf8::Decode(text, &p);
      if (!IsSpace(cp)) break;
      b = static_cast<uint32_t>(p);
    }
    while (e > b) {
      size_t q = e - 1;
      while (q > b && (static_cast<unsigned char>(text[q]) & 0xC0) == 0x80) --q;
      size_t p = q;
      const char32_t cp = utf8::Decode(text, &p);
      if (!IsSpace(cp)) break;
      e = static_cast<uint32_t>(q);
    }
    if (b >= e) return;
    out->push_back({next_index++, {b, e}});
  };

  size_t line_start = 0;
  while (line_start <= text.size()) {
    size_t line_end = text.find('\n', line_start);
    if (line_end == std::string_view::npos) line_end = text.size();
    const std::string_view line = text.substr(line_start, line_end - line_start);
    if (!line.empty()) {
      // Map UTF-16 offsets (ICU) back to UTF-8 byte offsets in `text`.
      const icu::UnicodeString u = icu::UnicodeString::fromUTF8(
          icu::StringPiece(line.data(), static_cast<int32_t>(line.size())));
      byte_at_.clear();  // byte_at_[utf16 index] = byte offset in `text`
      size_t pos = 0;
      while (pos < line.size()) {
        const size_t b = pos;
        const char32_t cp = utf8::Decode(line, &pos);
        byte_at_.push_back(static_cast<uint32_t>(line_start + b));
        if (cp > 0xFFFF) byte_at_.push_back(static_cast<uint32_t>(line_start + b));
      }
      byte_at_.push_back(static_cast<uint32_t>(line_start + line.size()));
      const std::vector<uint32_t>& byte_at = byte_at_;
      breaker_->setText(u);
      uint32_t sentence_begin = static_cast<uint32_t>(line_start);
      for (int32_t end = breaker_->next(); end != icu::BreakIterator::DONE;
           end = breaker_->next()) {
        const uint32_t e = byte_at[end];
        std::string_view candidate(text.data() + sentence_begin, e - sentence_begin);
        while (!candidate.empty() && IsSpace(static_cast<unsigned char>(candidate.back()))) {
          candidate.remove_suffix(1);
        }
        if (e < line_start + line.size() && EndsWithAbbreviation(candidate)) continue;
        add(sentence_begin, e);
        sentence_begin = e;
      }
    }
    if (line_end == text.size()) break;
    line_start = line_end + 1;
  }
  return Status::OK();
}

}  // namespace isnad
