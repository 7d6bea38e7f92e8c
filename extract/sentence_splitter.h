// Splits a document into sentences. A line break always ends a sentence
// (headlines carry no final stop); within a line, ICU's sentence rules find
// the boundaries after . ! ? ؟ (keeping closing quotes with their sentence,
// and decimals such as 3.5 whole), and known abbreviations ("U.S.", "Inc.")
// never end one.
#ifndef ISNAD_EXTRACT_SENTENCE_SPLITTER_H_
#define ISNAD_EXTRACT_SENTENCE_SPLITTER_H_

#include <memory>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "extract/document.h"

#include <unicode/uversion.h>

U_NAMESPACE_BEGIN
class BreakIterator;
U_NAMESPACE_END

namespace isnad {

class SentenceSplitter {
 public:
  SentenceSplitter();
  ~SentenceSplitter();
  SentenceSplitter(const SentenceSplitter&) = delete;
  SentenceSplitter& operator=(const SentenceSplitter&) = delete;

  // Appends one Sentence per sentence of `text` (valid UTF-8) to `out`, with
  // surrounding white space excluded from each span. Not thread-safe: use one
  // splitter per thread.
  Status Split(std::string_view text, std::vector<Sentence>* out);

 private:
  std::unique_ptr<icu::BreakIterator> breaker_;
  std::vector<uint32_t> byte_at_;  // scratch: UTF-16 index -> byte offset
};

}  // namespace isnad

#endif  // ISNAD_EXTRACT_SENTENCE_SPLITTER_H_
