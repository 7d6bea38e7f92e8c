// The data that flows through extraction: a Document goes in; Sentences,
// Mentions, Triples and Statements come out, each with byte spans into the
// document's (normalised) text so that every fact can name its source.
#ifndef ISNAD_EXTRACT_DOCUMENT_H_
#define ISNAD_EXTRACT_DOCUMENT_H_

#include <cstdint>
#include <string>
#include <vector>

namespace isnad {

// One article. `text` is NFKC-normalised by the extractor before any span is
// taken, so spans index into Extraction::text, not into the raw input.
struct Document {
  std::string id;  // the file name without extension, or the JSONL "id"
  std::string text;
  std::string title;  // optional metadata, carried through to the store
  std::string date;   // ISO 8601 date when known
  std::string url;
  std::string lang;  // "ar", "en"; empty means detect
};

// A half-open byte range [begin, end) into the normalised text.
struct Span {
  uint32_t begin = 0;
  uint32_t end = 0;
  uint32_t size() const { return end - begin; }
};

struct Sentence {
  uint32_t index = 0;  // 0-based position in the document
  Span span;
};

// An entity named in a sentence. `entity` is the canonical key: a lexicon id
// ("nvidia") or, for a name the lexicon does not know, "new:" + its folded form.
struct Mention {
  std::string entity;
  std::string kind;     // company, government, person, chip, product, organization, place
  std::string label;    // canonical display label
  std::string surface;  // the text as written (clitics excluded)
  uint32_t sentence = 0;
  Span span;
  std::string rule;  // what found it: "lexicon", "cue:شركة", "model-code"
};

// A relation between two entities stated by one sentence.
struct Triple {
  std::string subject;  // canonical entity keys, as in Mention::entity
  std::string predicate;
  std::string object;
  uint32_t sentence = 0;
  Span span;  // from the first to the last token involved
  bool negated = false;
  std::string modality;  // asserted, intended, possible, reported
  std::string rule;      // the pattern that produced it, for --explain
  // Qualifiers stated in the same sentence, empty when none:
  std::string date;      // ISO 8601 ("2025-12-08", "2025-05", "--12-08")
  std::string quantity;  // "400000 رقائق"
  std::string money;     // "50000000000 USD"
};

// An attributed utterance: a direct quote or reported speech.
struct Statement {
  std::string speaker;  // canonical entity key
  std::string text;     // the utterance without the attribution verb
  uint32_t sentence = 0;
  Span span;
  std::vector<std::string> mentions;  // entity keys named inside `text`
  std::string rule;
};

// A canonical entity as seen in one document, with every surface form.
struct EntityInfo {
  std::string key;
  std::string kind;
  std::string label;
  std::string wikidata;
  std::vector<std::string> aliases;  // surface forms seen in this document
};

struct Extraction {
  std::string text;  // the normalised document text that spans index into
  std::vector<Sentence> sentences;
  std::vector<Mention> mentions;
  std::vector<EntityInfo> entities;  // one per distinct Mention::entity
  std::vector<Triple> triples;
  std::vector<Statement> statements;

  std::string SentenceText(uint32_t index) const {
    const Span& s = sentences.at(index).span;
    return text.substr(s.begin, s.size());
  }
};

}  // namespace isnad

#endif  // ISNAD_EXTRACT_DOCUMENT_H_
