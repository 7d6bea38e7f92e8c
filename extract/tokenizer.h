// Splits a span of normalised text into word, number and punctuation tokens.
// A word never spans two scripts, so "وAlibaba" is "و" + "Alibaba" and the
// Latin name is matched as written; model codes such as "H200" and "910B"
// stay whole, and so do numbers such as "400,000" and "3.5".
#ifndef ISNAD_EXTRACT_TOKENIZER_H_
#define ISNAD_EXTRACT_TOKENIZER_H_

#include <string>
#include <string_view>
#include <vector>

#include "extract/document.h"

namespace isnad {

enum class TokenType { kArabic, kLatin, kNumber, kPunct };

struct Token {
  Span span;  // into the document text
  TokenType type = TokenType::kPunct;
  std::string folded;  // FoldForMatch(surface)
  bool IsWord() const { return type != TokenType::kPunct; }
};

class Tokenizer {
 public:
  // Appends the tokens of text[span] to `out`; spans stay document-relative.
  static void Tokenize(std::string_view text, Span span, std::vector<Token>* out);
};

}  // namespace isnad

#endif  // ISNAD_EXTRACT_TOKENIZER_H_
