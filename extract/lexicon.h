// The Lexicon is everything the extractor knows that is not code: entities
// with their aliases in both scripts, relation triggers per predicate, cue
// words for names never seen, speech verbs, negation particles and the
// clitics of the language. It is loaded from JSON files (lexicon/*.json and
// any user --lexicon FILE); see docs/EXTRACTION.md for the format.
#ifndef ISNAD_EXTRACT_LEXICON_H_
#define ISNAD_EXTRACT_LEXICON_H_

#include <map>
#include <string>
#include <string_view>
#include <tuple>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "base/hash.h"
#include "base/status.h"

namespace isnad {

// The node kinds of SCHEMA.md, statements aside.
bool IsEntityKind(std::string_view kind);
// The predicates of SCHEMA.md (and any extra ones this project adds).
bool IsKnownPredicate(std::string_view predicate);

struct LexiconEntity {
  std::string id;
  std::string label;
  std::string kind;
  std::string wikidata;
  std::vector<std::string> aliases;
  std::string source;  // the file it came from, for error messages
};

// A phrase as a sequence of match keys (one per word).
using Phrase = std::vector<std::string>;

struct RelationSpec {
  std::string predicate;
  std::vector<std::string> subject_kinds;
  std::vector<std::string> object_kinds;
  std::vector<Phrase> triggers;
  // Verbal nouns ("حظر بيع الرقائق"): the entity after them is never their
  // subject.
  std::vector<Phrase> nominal_triggers;
  bool symmetric = false;
  // The trigger states the relation backwards ("H20 أقل من H100" →
  // H100 outperforms H20): subject and object swap.
  bool inverse = false;
  // The subject may stand before a comma right before the trigger, as in an
  // apposition ("X، الرئيس التنفيذي لشركة Y").
  bool apposition = false;
  // The subject may follow the trigger (verb-first order). False for
  // nominal triggers such as "جزء من" whose subject always comes first.
  bool verb_first = true;
  // Only the nearest object after the trigger: a title names one
  // organisation ("الرئيس التنفيذي لشركة X").
  bool single_object = false;
  // Objects may follow a locative particle ("مقرها في X"); for every other
  // relation "في X" is where it happens, not a party to it.
  bool locative = false;
};

// A nationality adjective ("الصينية") and the state it names when it names
// an actor.
struct NationalitySpec {
  Phrase words;
  std::string entity;
};

// Words that date, count or price a fact (see Extractor's qualifiers).
struct MonthSpec {
  Phrase words;
  int month;  // 1..12
};
struct RelativeDateSpec {
  Phrase words;
  int days = 0;
  int months = 0;
};
struct CurrencySpec {
  Phrase words;
  std::string code;  // ISO 4217
};

struct CueSpec {
  Phrase words;
  std::string kind;
};

class Lexicon {
 public:
  // Loads every *.json file of `dir`, in name order.
  Status LoadDirectory(const std::string& dir);
  // Loads one file; entities with an id already loaded replace the old entry.
  Status LoadFile(const std::string& path);
  // Builds the match indexes; call once after the last Load*.
  Status Finalize();

  // The match keys of one folded word: the word itself and the forms left
  // when the language's proclitics (conjunction, preposition, article) are
  // removed, e.g. "والصين" → {"والصين", "الصين", "صين"}, and, before the
  // article, the forms left without an enclitic ("وقالت" → "قال"). Returns how
  // many keys come first without a preposition or article removed: function
  // words (إن، لا، قال) match only those, so that neither "الآن" (now) nor
  // "كان" (was) is ever "أن" (that).
  size_t MatchKeys(std::string_view folded, std::vector<std::string>* keys) const;
  // The key under which a word of an alias or trigger is indexed.
  std::string CoreKey(std::string_view folded) const;

  const LexiconEntity* FindEntity(std::string_view id) const;
  const std::vector<LexiconEntity>& entities() const { return entities_; }

  // Alias index: the first word's core key → (alias phrase, entity index).
  struct AliasEntry {
    Phrase words;
    size_t entity;
  };
  const std::vector<AliasEntry>* AliasesStartingWith(const std::string& key) const;

  const std::vector<RelationSpec>& relations() const { return relations_; }
  const std::vector<CueSpec>& cues() const { return cues_; }
  const std::vector<NationalitySpec>& nationalities() const { return nationalities_; }
  // Heads that, followed by a nationality adjective, are the state itself
  // ("الحكومة الصينية") or an attribute of it ("الرئيس الأمريكي").
  const std::vector<Phrase>& state_nouns() const { return state_nouns_; }
  const std::vector<Phrase>& state_attribute_nouns() const { return state_attribute_nouns_; }
  bool IsSpeechVerb(const std::string& key) const { return speech_verbs_.count(key) > 0; }
  bool IsComplementizer(const std::string& key) const { return complementizers_.count(key) > 0; }
  bool IsNegation(const std::string& key) const { return negations_.count(key) > 0; }
  bool IsNegationException(const std::string& key) const {
    return negation_exceptions_.count(key) > 0;
  }
  bool IsCoordinator(const std::string& key) const { return coordinators_.count(key) > 0; }
  bool IsMakerConnector(const std::string& key) const { return maker_connectors_.count(key) > 0; }
  // The kind a definite description ("الشركة" → company) refers to, or null.
  const std::string* DescriptionKind(const std::string& key) const {
    auto it = descriptions_.find(key);
    return it == descriptions_.end() ? nullptr : &it->second;
  }
  // A complementizer carrying a subject pronoun ("أنها", "إنه").
  bool IsPronounComplementizer(const std::string& key) const {
    return pronoun_complementizers_.count(key) > 0;
  }
  bool IsAttributionParticle(const std::string& key) const {
    return attribution_particles_.count(key) > 0;
  }
  // Predicates a leader's act gives to the state too (allows, restricts, …).
  bool IsStateAction(const std::string& predicate) const {
    return state_actions_.count(predicate) > 0;
  }
  // A preposition after which a verbal noun has its own agent ("من شراء").
  bool IsSeparatingParticle(const std::string& key) const {
    return separating_particles_.count(key) > 0;
  }
  bool IsLocativeParticle(const std::string& key) const {
    return locative_particles_.count(key) > 0;
  }
  bool IsExampleMarker(const std::string& key) const { return example_markers_.count(key) > 0; }
  bool IsContentVerb(const std::string& key) const { return content_verbs_.count(key) > 0; }
  // "intended" or "possible" for a modal word ("يعتزم", "قد"), else null.
  const std::string* ModalityOf(const std::string& key) const {
    auto it = modality_.find(key);
    return it == modality_.end() ? nullptr : &it->second;
  }
  // The multiplier a scale word stands for ("مليار" → 1e9), or 0.
  double ScaleOf(const std::string& key) const {
    auto it = scales_.find(key);
    return it == scales_.end() ? 0 : it->second;
  }
  bool IsQuantityUnit(const std::string& key) const { return quantity_units_.count(key) > 0; }
  const std::vector<MonthSpec>& months() const { return months_; }
  const std::vector<RelativeDateSpec>& relative_dates() const { return relative_dates_; }
  const std::vector<CurrencySpec>& currencies() const { return currencies_; }
  bool IsNameStopword(const std::string& key) const { return name_stopwords_.count(key) > 0; }
  bool IsNameTerminator(const std::string& key) const { return name_terminators_.count(key) > 0; }
  bool IsModelCodeStopword(const std::string& key) const {
    return model_code_stopwords_.count(key) > 0;
  }
  const std::vector<Phrase>& attribution_phrases() const { return attribution_phrases_; }

  // Counts for `isnad lexicon check` and tests.
  size_t alias_count() const { return alias_count_; }
  // Aliases that two different entities claim, as "alias: id1, id2" lines.
  std::vector<std::string> AliasConflicts() const;
  // Changes whenever the content of any loaded file changes: stored with
  // each article so that re-ingesting after a lexicon change re-extracts.
  uint64_t fingerprint() const { return fingerprint_.value(); }

 private:
  Status LoadJson(const std::string& path, const std::string& content);
  // `trigger`: keep an article that leaves fewer than four letters, so the
  // verb "التقى" is not read as "تقى" (which "تقييد" would extend).
  Phrase ToPhrase(std::string_view text, bool trigger = false) const;

  Fingerprint fingerprint_;
  std::vector<LexiconEntity> entities_;
  std::unordered_map<std::string, size_t> entity_index_;
  std::unordered_map<std::string, std::vector<AliasEntry>> alias_index_;
  size_t alias_count_ = 0;

  // Raw strings as loaded; turned into keys by Finalize() once the clitics
  // of the language are known.
  struct RawRelation {
    std::string predicate;
    std::vector<std::string> subject_kinds, object_kinds, triggers, nominal_triggers;
    bool symmetric = false;
    bool inverse = false;
    bool apposition = false;
    bool verb_first = true;
    bool single_object = false;
    bool locative = false;
  };
  std::vector<RawRelation> raw_relations_;
  std::vector<std::pair<std::string, std::string>> raw_cues_;  // (words, kind)
  std::vector<std::string> raw_speech_verbs_, raw_complementizers_, raw_negations_,
      raw_negation_exceptions_, raw_coordinators_, raw_maker_connectors_, raw_attributions_,
      raw_model_code_stopwords_, raw_name_stopwords_, raw_name_terminators_,
      raw_attribution_particles_, raw_content_verbs_, raw_example_markers_, raw_state_actions_,
      raw_pronoun_complementizers_, raw_locative_particles_, raw_separating_particles_;

  std::vector<RelationSpec> relations_;
  std::vector<CueSpec> cues_;
  std::vector<std::pair<std::string, std::string>> raw_nationalities_;  // (words, entity)
  std::vector<std::string> raw_state_nouns_, raw_state_attribute_nouns_;
  std::vector<NationalitySpec> nationalities_;
  std::vector<Phrase> state_nouns_, state_attribute_nouns_;
  std::unordered_set<std::string> speech_verbs_, complementizers_, negations_, negation_exceptions_,
      coordinators_, maker_connectors_, model_code_stopwords_, name_stopwords_, name_terminators_,
      attribution_particles_, content_verbs_, example_markers_, state_actions_,
      pronoun_complementizers_, locative_particles_, separating_particles_;
  std::vector<Phrase> attribution_phrases_;
  std::unordered_map<std::string, std::string> descriptions_;  // folded word -> kind
  std::unordered_map<std::string, std::string> modality_;      // folded word -> modality
  std::unordered_map<std::string, double> scales_;             // folded word -> multiplier
  std::unordered_set<std::string> quantity_units_;
  std::vector<std::pair<std::string, int>> raw_months_;
  std::vector<std::tuple<std::string, int, int>> raw_relative_dates_;
  std::vector<std::pair<std::string, std::string>> raw_currencies_;
  std::vector<MonthSpec> months_;
  std::vector<RelativeDateSpec> relative_dates_;
  std::vector<CurrencySpec> currencies_;

  // Clitics, folded: conjunctions (و ف), prepositions/particles (ب ل ك س),
  // articles (ال) and the fused article (لل).
  std::vector<std::string> conjunctions_, particles_, prepositions_, articles_, fused_articles_,
      enclitics_;
};

}  // namespace isnad

#endif  // ISNAD_EXTRACT_LEXICON_H_
