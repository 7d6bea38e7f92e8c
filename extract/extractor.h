// Extractor turns one Document into an Extraction: sentences, entity
// mentions, triples and statements, every one with spans into the
// normalised text. It holds no state between documents.
//
// The rules are language-neutral; what is Arabic (clitics, triggers, speech
// verbs, negation particles, cue words) comes from the Lexicon.
#ifndef ISNAD_EXTRACT_EXTRACTOR_H_
#define ISNAD_EXTRACT_EXTRACTOR_H_

#include <memory>

#include "base/status.h"
#include "extract/document.h"
#include "extract/lexicon.h"

namespace isnad {

class Extractor {
 public:
  // `lexicon` must be finalised and outlive the extractor.
  explicit Extractor(const Lexicon* lexicon);
  ~Extractor();
  Extractor(const Extractor&) = delete;
  Extractor& operator=(const Extractor&) = delete;

  // Fills `*out` from `doc`. Fails with InvalidArgument (naming the byte
  // offset) when the text is not valid UTF-8. Not thread-safe: use one
  // Extractor per thread; they may share the Lexicon.
  Status Extract(const Document& doc, Extraction* out);

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace isnad

#endif  // ISNAD_EXTRACT_EXTRACTOR_H_
