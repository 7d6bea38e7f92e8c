#include "extract/extractor.h"

#include <algorithm>
#include <array>
#include <map>
#include <set>
#include <string_view>

#include "base/utf8.h"
#include "extract/sentence_splitter.h"
#include "extract/text_normalizer.h"
#include "extract/tokenizer.h"

namespace isnad {

namespace {

constexpr size_t kNone = static_cast<size_t>(-1);

// How far (in tokens) the rules look for the parts of a relation.
constexpr size_t kSubjectBefore = 8;         // SVO: subject ... trigger
constexpr size_t kSubjectAfter = 4;          // VSO: trigger subject ...
constexpr size_t kObjectAfter = 12;          // trigger ... object
constexpr size_t kTitleObjectAfter = 5;      // title ... its organisation
constexpr size_t kNominalSubjectBefore = 3;  // subject ... verbal noun
constexpr size_t kNegationBefore = 3;
constexpr size_t kQuoteAttribution = 12;
constexpr size_t kColonAttribution = 30;
constexpr size_t kMinQuoteWords = 3;
constexpr uint32_t kSpeakerReach = 3;  // sentences a dropped subject looks back
constexpr size_t kReportedReach = 25;  // speech verb ... complementizer

size_t CodePoints(std::string_view s) {
  size_t n = 0;
  for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

bool IsActorKind(const std::string& kind) {
  return kind == "person" || kind == "organization" || kind == "government" || kind == "company";
}

template <typename T>
bool Contains(const std::vector<T>& v, const T& x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}

// A model code such as H200, MI308, 910B, B30A: letters and digits mixed,
// at least two digits, short.
bool LooksLikeModelCode(std::string_view s) {
  if (s.size() < 3 || s.size() > 8) return false;
  size_t digits = 0, letters = 0;
  for (char c : s) {
    if (c >= '0' && c <= '9') {
      ++digits;
    } else if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')) {
      if (c >= 'a' && c <= 'z') return false;  // codes are written in capitals
      ++letters;
    } else {
      return false;
    }
  }
  return digits >= 2 && letters >= 1;
}

// Phrases of one lexicon list indexed by their first word, so that finding
// the phrases at a token costs a few hash look-ups instead of a pass over the
// list. An entry carries two numbers naming where it came from.
class PhraseIndex {
 public:
  static constexpr size_t kSlots = 7;  // indexes an extractor keeps
  struct Entry {
    const Phrase* words;
    uint32_t a, b;
  };
  // `slot` names this index in each word's cached candidates; `by_prefix`
  // says whether its phrases match a first word by prefix.
  PhraseIndex(size_t slot, bool by_prefix) : slot_(slot), by_prefix_(by_prefix) {}
  size_t slot() const { return slot_; }
  bool by_prefix() const { return by_prefix_; }
  void Add(const Phrase& words, uint32_t a, uint32_t b = 0) {
    if (!words.empty()) buckets_[words.front()].push_back({&words, a, b});
  }
  // The words under which a token with match keys `keys` may find phrases:
  // each key and the key without the article in `exact`, and in `prefix`
  // the keys without up to two trailing letters (سمحت → سمح), for phrases
  // matched by prefix. Computed once per token.
  static void LookupWords(const std::vector<std::string>& keys, std::vector<std::string>* exact,
                          std::vector<std::string>* prefix) {
    auto add = [](std::vector<std::string>* words, std::string w) {
      if (std::find(words->begin(), words->end(), w) == words->end()) {
        words->push_back(std::move(w));
      }
    };
    for (const std::string& k : keys) {
      add(exact, k);
      if (k.rfind("ال", 0) == 0) add(exact, k.substr(std::string("ال").size()));
      std::string shorter = k;
      for (int cut = 0; cut < 2; ++cut) {
        size_t end = shorter.size();
        while (end > 0 && (static_cast<unsigned char>(shorter[end - 1]) & 0xC0) == 0x80) --end;
        if (end == 0) break;
        shorter.resize(end - 1);
        if (CodePoints(shorter) < 3) break;
        add(prefix, shorter);
      }
    }
  }
  // Appends to `out` the entries filed under any of `words`.
  void Candidates(const std::vector<std::string>& words, std::vector<Entry>* out) const {
    if (buckets_.empty()) return;
    for (const std::string& w : words) {
      auto it = buckets_.find(w);
      if (it != buckets_.end()) out->insert(out->end(), it->second.begin(), it->second.end());
    }
  }

 private:
  size_t slot_;
  bool by_prefix_;
  std::unordered_map<std::string, std::vector<Entry>> buckets_;
};

}  // namespace

class Extractor::Impl {
 public:
  explicit Impl(const Lexicon* lexicon) : lex_(lexicon) {
    for (uint32_t r = 0; r < lex_->relations().size(); ++r) {
      const RelationSpec& rel = lex_->relations()[r];
      for (const Phrase& t : rel.triggers) triggers_.Add(t, r, rel.verb_first ? 1 : 0);
      for (const Phrase& t : rel.nominal_triggers) triggers_.Add(t, r, 0);
    }
    for (uint32_t c = 0; c < lex_->cues().size(); ++c) cues_.Add(lex_->cues()[c].words, c);
    for (uint32_t n = 0; n < lex_->nationalities().size(); ++n) {
      nationalities_.Add(lex_->nationalities()[n].words, n);
    }
    for (uint32_t a = 0; a < lex_->attribution_phrases().size(); ++a) {
      attributions_.Add(lex_->attribution_phrases()[a], a);
    }
    for (uint32_t m = 0; m < lex_->months().size(); ++m) months_.Add(lex_->months()[m].words, m);
    for (uint32_t d = 0; d < lex_->relative_dates().size(); ++d) {
      relative_dates_.Add(lex_->relative_dates()[d].words, d);
    }
    for (uint32_t c = 0; c < lex_->currencies().size(); ++c) {
      currencies_.Add(lex_->currencies()[c].words, c);
    }
  }

  Status Extract(const Document& doc, Extraction* out);

 private:
  struct Qualifier {
    uint32_t sentence;
    uint32_t offset;  // byte offset in the text, to find the nearest
    char kind;        // 'd'ate, 'q'uantity, 'm'oney
    std::string value;
  };
  void FindQualifiers(const std::string& doc_date);
  void AttachQualifiers();
  void SetModality(Triple* triple, size_t trigger) const;
  // The length of the longest phrase of `specs` matching at token i, and it.
  template <typename Spec>
  const Spec* LongestSpecAt(size_t i, const PhraseIndex& index,
                            const std::vector<Spec>& specs) const;
  std::vector<Qualifier> qualifiers_;
  // What matching needs of a word form; computed once per form and cached
  // across documents, since news repeats its words.
  struct WordInfo {
    std::vector<std::string> keys;  // match keys, least stripped first
    size_t function_keys = 0;       // keys[0, function_keys) keep the article
    // The entries of each index filed under this form (PhraseIndex::slot()).
    std::array<std::vector<PhraseIndex::Entry>, PhraseIndex::kSlots> candidates;
  };
  static const WordInfo kNoWord;
  const WordInfo* InfoFor(const std::string& folded);
  std::unordered_map<std::string, WordInfo> word_cache_;

  struct Tok {
    Token token;
    uint32_t sentence;
    const WordInfo* word = &kNoWord;  // shared by every token of the same form
    const std::vector<std::string>& keys() const { return word->keys; }
    size_t function_keys() const { return word->function_keys; }
    size_t mention = kNone;  // index into out_->mentions covering it
  };
  struct MentionInfo {
    size_t first;  // token range [first, last]
    size_t last;
    bool conj_prefix;  // written with a leading "و" ("وبكين", "و Alibaba")
  };

  void Tokenize();
  void FindMentions();
  void SortMentions();
  void FindNationalities();
  bool CouldBeNameWord(size_t tok) const;
  void FindSpeakerNames();
  void FindFamilyNames();
  bool MatchPhraseAt(size_t i, const Phrase& words, bool first_by_prefix) const;
  // The longest lexicon alias that matches at token `i` and satisfies `accept`.
  template <typename Accept>
  const Lexicon::AliasEntry* LongestAliasAt(size_t i, const Accept& accept) const;
  size_t StrippedLetters(size_t tok, const std::string& word) const;
  void AddMention(size_t first, size_t last, size_t strip, const std::string& entity,
                  const std::string& kind, const std::string& label, const std::string& rule);
  void CollectEntities();
  void FindStatements();
  void FindTriples();
  // The mention of the speaker of the statement covering token `tok`, if its
  // kind is one of `kinds`; else kNone.
  size_t SpeakerMentionAt(size_t tok, const std::vector<std::string>& kinds) const;
  // The triples of relation `rel` whose trigger is tokens [i, i + length).
  void TriplesAt(const RelationSpec& rel, size_t i, size_t length, bool subject_may_follow);
  void FindMakers();
  // A head of state or minister acting ("ترامب وافق على …") acts for the
  // state he leads in this article: the triple is repeated from the state.
  void ActForTheirStates();

  // True when token `tok` is a function word of the class `pred` tests.
  bool IsFunctionWord(size_t tok, bool (Lexicon::*pred)(const std::string&) const) const;
  bool IsSpeechVerbAt(size_t tok) const { return IsFunctionWord(tok, &Lexicon::IsSpeechVerb); }
  bool IsComplementizerAt(size_t tok) const {
    return IsFunctionWord(tok, &Lexicon::IsComplementizer);
  }
  bool IsPunct(size_t tok, std::string_view chars) const;
  bool IsHardBoundary(size_t tok) const;
  bool IsCoordinationGap(size_t from, size_t to) const;
  size_t ActorAfter(size_t from, size_t limit, uint32_t sentence) const;
  size_t ActorBefore(size_t from, size_t limit, uint32_t sentence) const;
  // Coreference of a definite description ("الشركة", "الكاتب") among tokens
  // [from, to): the most recent mention of its kind (one of `kinds`, if
  // given), or kNone.
  size_t DescribedEntity(size_t from, size_t to, const std::vector<std::string>* kinds) const;
  bool NegatedBefore(size_t trigger) const;
  void AddTriple(size_t s, const std::string& p, size_t o, size_t lo, size_t hi, bool negated,
                 const std::string& rule);

  // The entries of `index` whose whole phrase matches at token i, longest
  // first (ties in list order).
  const std::vector<PhraseIndex::Entry>& MatchesAt(size_t i, const PhraseIndex& index,
                                                   bool by_prefix) const;

  const Lexicon* lex_;
  PhraseIndex triggers_{0, true}, cues_{1, false}, nationalities_{2, false},
      attributions_{3, false}, months_{4, false}, relative_dates_{5, false}, currencies_{6, false};
  mutable std::vector<PhraseIndex::Entry> matches_;
  SentenceSplitter splitter_;
  Extraction* out_ = nullptr;
  std::vector<Tok> toks_;
  std::vector<MentionInfo> minfo_;
  std::vector<size_t> sentence_first_tok_;  // first token of each sentence
  std::set<std::tuple<std::string, std::string, std::string, bool, uint32_t>> seen_triples_;
  std::vector<bool> used_verb_;
};

Status Extractor::Impl::Extract(const Document& doc, Extraction* out) {
  *out = Extraction();
  out_ = out;
  toks_.clear();
  // Tokens point into the cache, so it may only be emptied between documents.
  constexpr size_t kMaxCachedForms = 1 << 18;  // bounds memory on huge corpora
  if (word_cache_.size() >= kMaxCachedForms) word_cache_.clear();
  minfo_.clear();
  sentence_first_tok_.clear();
  seen_triples_.clear();
  Status s = NormalizeForDisplay(doc.text, &out->text);
  if (!s.ok()) return s;
  s = splitter_.Split(out->text, &out->sentences);
  if (!s.ok()) return s;
  Tokenize();
  FindMentions();
  CollectEntities();
  used_verb_.assign(toks_.size(), false);
  FindStatements();
  FindTriples();
  FindMakers();
  ActForTheirStates();
  FindQualifiers(doc.date);
  AttachQualifiers();
  out_ = nullptr;
  return Status::OK();
}

const Extractor::Impl::WordInfo Extractor::Impl::kNoWord;

const Extractor::Impl::WordInfo* Extractor::Impl::InfoFor(const std::string& folded) {
  auto it = word_cache_.find(folded);
  if (it != word_cache_.end()) return &it->second;
  WordInfo& info = word_cache_[folded];
  info.function_keys = lex_->MatchKeys(folded, &info.keys);
  std::vector<std::string> lookup, prefix_lookup;
  PhraseIndex::LookupWords(info.keys, &lookup, &prefix_lookup);
  for (const PhraseIndex* index : {&triggers_, &cues_, &nationalities_, &attributions_, &months_,
                                   &relative_dates_, &currencies_}) {
    std::vector<PhraseIndex::Entry>& out = info.candidates[index->slot()];
    index->Candidates(lookup, &out);
    if (index->by_prefix()) index->Candidates(prefix_lookup, &out);
  }
  return &info;
}

void Extractor::Impl::Tokenize() {
  std::vector<Token> tokens;
  for (const Sentence& sentence : out_->sentences) {
    sentence_first_tok_.push_back(toks_.size());
    tokens.clear();
    Tokenizer::Tokenize(out_->text, sentence.span, &tokens);
    for (Token& t : tokens) {
      Tok tok;
      tok.sentence = sentence.index;
      if (t.IsWord()) tok.word = InfoFor(t.folded);
      tok.token = std::move(t);
      toks_.push_back(std::move(tok));
    }
  }
  sentence_first_tok_.push_back(toks_.size());
}

// True when token `tok` can be the word `word` of a phrase: one of its keys
// equals the word or the word with the article. With `by_prefix`, a key may
// also extend the word by up to two letters (conjugation suffixes: سمح →
// سمحت، منعوا).
bool WordMatches(const std::vector<std::string>& keys, const std::string& word, bool by_prefix) {
  for (const std::string& k : keys) {
    if (k == word) return true;
    if (k.size() > word.size() && k.compare(k.size() - word.size(), word.size(), word) == 0 &&
        (k.substr(0, k.size() - word.size()) == "ال")) {
      return true;
    }
    if (by_prefix && CodePoints(word) >= 3 && k.size() > word.size() &&
        k.compare(0, word.size(), word) == 0 && CodePoints(k) - CodePoints(word) <= 2) {
      return true;
    }
  }
  return false;
}

bool Extractor::Impl::MatchPhraseAt(size_t i, const Phrase& words, bool first_by_prefix) const {
  if (i + words.size() > toks_.size()) return false;
  const uint32_t sentence = toks_[i].sentence;
  for (size_t j = 0; j < words.size(); ++j) {
    const Tok& t = toks_[i + j];
    if (t.sentence != sentence || !t.token.IsWord()) return false;
    if (!WordMatches(t.keys(), words[j], first_by_prefix && j == 0)) return false;
  }
  return true;
}

const std::vector<PhraseIndex::Entry>& Extractor::Impl::MatchesAt(size_t i,
                                                                  const PhraseIndex& index,
                                                                  bool by_prefix) const {
  matches_.clear();
  if (i >= toks_.size() || !toks_[i].token.IsWord()) return matches_;
  for (const PhraseIndex::Entry& e : toks_[i].word->candidates[index.slot()]) {
    const bool seen = std::any_of(matches_.begin(), matches_.end(), [&](const auto& m) {
      return m.words == e.words && m.a == e.a && m.b == e.b;
    });
    if (!seen && MatchPhraseAt(i, *e.words, by_prefix)) matches_.push_back(e);
  }
  std::stable_sort(matches_.begin(), matches_.end(), [](const auto& x, const auto& y) {
    return x.words->size() != y.words->size() ? x.words->size() > y.words->size() : x.a < y.a;
  });
  return matches_;
}

template <typename Accept>
const Lexicon::AliasEntry* Extractor::Impl::LongestAliasAt(size_t i, const Accept& accept) const {
  if (i >= toks_.size() || !toks_[i].token.IsWord()) return nullptr;
  const Lexicon::AliasEntry* best = nullptr;
  for (const std::string& key : toks_[i].keys()) {
    const auto* bucket = lex_->AliasesStartingWith(key);
    if (bucket == nullptr) continue;
    for (const auto& entry : *bucket) {  // longest first
      if (best != nullptr && entry.words.size() <= best->words.size()) break;
      if (accept(entry) && MatchPhraseAt(i, entry.words, false)) {
        best = &entry;
        break;
      }
    }
  }
  return best;
}

size_t Extractor::Impl::StrippedLetters(size_t tok, const std::string& word) const {
  const Tok& t = toks_[tok];
  for (const std::string& k : t.keys()) {
    if (k == word || k == "ال" + word) return CodePoints(t.token.folded) - CodePoints(k);
  }
  return 0;
}

void Extractor::Impl::AddMention(size_t first, size_t last, size_t strip, const std::string& entity,
                                 const std::string& kind, const std::string& label,
                                 const std::string& rule) {
  // Skip `strip` letters of clitics (and the marks on them) at the start.
  uint32_t begin = toks_[first].token.span.begin;
  const uint32_t end = toks_[last].token.span.end;
  std::string_view text(out_->text);
  bool conj = false;
  size_t pos = begin;
  for (size_t n = 0; n < strip && pos < end;) {
    const char32_t cp = utf8::Decode(text.substr(0, end), &pos);
    if (FoldCodePoint(cp) != 0) {
      if (n == 0 && (cp == U'و' || cp == U'ف')) conj = true;
      ++n;
    }
  }
  while (pos < end) {  // marks and tatweel that belonged to the clitic
    size_t next = pos;
    const char32_t cp = utf8::Decode(text.substr(0, end), &next);
    if (FoldCodePoint(cp) != 0) break;
    pos = next;
  }
  begin = static_cast<uint32_t>(pos);
  // A separate "و" token right before also makes the mention coordinated.
  if (first > 0 && toks_[first - 1].sentence == toks_[first].sentence &&
      toks_[first - 1].token.folded == "و") {
    conj = true;
  }
  Mention m;
  m.entity = entity;
  m.kind = kind;
  m.label = label;
  m.surface = out_->text.substr(begin, end - begin);
  m.sentence = toks_[first].sentence;
  m.span = {begin, end};
  m.rule = rule;
  for (size_t k = first; k <= last; ++k) toks_[k].mention = out_->mentions.size();
  out_->mentions.push_back(std::move(m));
  minfo_.push_back({first, last, conj});
}

void Extractor::Impl::FindMentions() {
  // 1. Lexicon aliases, longest match first, left to right.
  for (size_t i = 0; i < toks_.size();) {
    if (!toks_[i].token.IsWord()) {
      ++i;
      continue;
    }
    const Lexicon::AliasEntry* best =
        LongestAliasAt(i, [](const Lexicon::AliasEntry&) { return true; });
    if (best == nullptr) {
      ++i;
      continue;
    }
    const size_t end = i + best->words.size();  // one past the last token
    const LexiconEntity& e = lex_->entities()[best->entity];
    // "Nvidia H20" is an alias of the chip, but it also names the maker:
    // split it when it is a company's alias followed by one of the chip's.
    if (e.kind == "chip" || e.kind == "product") {
      const Lexicon::AliasEntry* maker = LongestAliasAt(i, [&](const Lexicon::AliasEntry& a) {
        return a.words.size() < best->words.size() && lex_->entities()[a.entity].kind == "company";
      });
      if (maker != nullptr) {
        const size_t rest = i + maker->words.size();
        const Lexicon::AliasEntry* model = LongestAliasAt(rest, [&](const Lexicon::AliasEntry& a) {
          return a.entity == best->entity && rest + a.words.size() == end;
        });
        if (model != nullptr) {
          const LexiconEntity& company = lex_->entities()[maker->entity];
          AddMention(i, rest - 1, StrippedLetters(i, maker->words.front()), company.id,
                     company.kind, company.label, "lexicon");
          AddMention(rest, end - 1, 0, e.id, e.kind, e.label, "lexicon");
          i = end;
          continue;
        }
      }
    }
    AddMention(i, end - 1, StrippedLetters(i, best->words.front()), e.id, e.kind, e.label,
               "lexicon");
    i = end;
  }
  // 2a. A nationality adjective names its state where the state acts
  // ("الحكومة الصينية" is China) or holds the title ("الرئيس الأمريكي"),
  // never where it only describes ("الرقائق الصينية").
  FindNationalities();
  // 2b. Names the lexicon has never seen: a cue word followed by a name in
  // Latin script ("شركة SuperCloud") or in quotes ("اسم “سيليكون أرنب”")
  // takes the cue's kind.
  for (size_t i = 0; i < toks_.size(); ++i) {
    const std::vector<PhraseIndex::Entry> cues = MatchesAt(i, cues_, false);
    for (const PhraseIndex::Entry& entry : cues) {
      const CueSpec& cue = lex_->cues()[entry.a];
      const size_t after = i + cue.words.size();
      size_t start = after, end = after;  // the name is tokens [start, end)
      if (after < toks_.size() && IsPunct(after, "“«\"")) {
        start = end = after + 1;
        while (end < toks_.size() && end - start < 4 && toks_[end].token.IsWord() &&
               toks_[end].mention == kNone) {
          ++end;
        }
        if (end == start || end >= toks_.size() || !IsPunct(end, "”»\"")) continue;
      } else {
        // "مزود الحوسبة السحابية الصيني SuperCloud": a few words may
        // describe the name before it.
        // The nearest cue types the name: none may stand in between.
        auto starts_cue = [&](size_t k) { return !MatchesAt(k, cues_, false).empty(); };
        while (start < toks_.size() && start - after < 3 &&
               toks_[start].token.type == TokenType::kArabic && toks_[start].mention == kNone &&
               toks_[start].sentence == toks_[i].sentence && !starts_cue(start)) {
          ++start;
        }
        if (start >= toks_.size() || toks_[start].token.type != TokenType::kLatin) start = after;
        end = start;
        while (end < toks_.size() && end - start < 4 && toks_[end].sentence == toks_[i].sentence &&
               toks_[end].token.type == TokenType::kLatin && toks_[end].mention == kNone) {
          const char c = out_->text[toks_[end].token.span.begin];
          if (!(c >= 'A' && c <= 'Z') && !(c >= '0' && c <= '9')) break;
          ++end;
        }
        if (end == start) continue;
        // "شركة AI": an acronym alone is no name.
        if (end == start + 1 && lex_->IsNameStopword(toks_[start].token.folded)) continue;
      }
      const uint32_t begin = toks_[start].token.span.begin;
      const std::string label = out_->text.substr(begin, toks_[end - 1].token.span.end - begin);
      AddMention(
          start, end - 1, 0, "new:" + FoldForMatch(label), cue.kind, label,
          "cue:" + out_->text.substr(toks_[i].token.span.begin,
                                     toks_[after - 1].token.span.end - toks_[i].token.span.begin));
      i = end - 1;
      break;
    }
  }
  // 3. Model codes in Latin script (H200, MI308, 910B) are chips.
  for (size_t i = 0; i < toks_.size(); ++i) {
    const Tok& t = toks_[i];
    if (t.mention != kNone || t.token.type != TokenType::kLatin) continue;
    const std::string surface = out_->text.substr(t.token.span.begin, t.token.span.size());
    if (!LooksLikeModelCode(surface) || lex_->IsModelCodeStopword(t.token.folded)) continue;
    AddMention(i, i, 0, "new:" + t.token.folded, "chip", surface, "model-code");
  }
  // 4. Names the lexicon has never seen, from the frame of a speech verb:
  // "يقول ماو يو، وهو كاتب…", "قال قوه جيا كون، المتحدث باسم…".
  FindSpeakerNames();
  SortMentions();
  // 5. A person named in full is later called by one word of the name
  // ("صموئيل بريسنيك" … "بريسنيك"): the most recent such person.
  FindFamilyNames();
  SortMentions();
}

void Extractor::Impl::FindNationalities() {
  // The head phrase ending right before token j, or null.
  auto head_before = [&](size_t j, const std::vector<Phrase>& heads) -> const Phrase* {
    for (const Phrase& head : heads) {
      if (j < head.size()) continue;
      const size_t start = j - head.size();
      bool free = true;
      for (size_t k = start; k < j; ++k) free = free && toks_[k].mention == kNone;
      if (free && MatchPhraseAt(start, head, false)) return &head;
    }
    return nullptr;
  };
  for (size_t j = 0; j < toks_.size(); ++j) {
    if (toks_[j].mention != kNone || !toks_[j].token.IsWord()) continue;
    const std::vector<PhraseIndex::Entry> nationalities = MatchesAt(j, nationalities_, false);
    for (const PhraseIndex::Entry& entry : nationalities) {
      const NationalitySpec& nat = lex_->nationalities()[entry.a];
      const LexiconEntity* e = lex_->FindEntity(nat.entity);
      const size_t last = j + nat.words.size() - 1;
      if (const Phrase* head = head_before(j, lex_->state_nouns())) {
        // "والمسؤولين الصينيين": the surface starts after the conjunction.
        const size_t start = j - head->size();
        AddMention(start, last, StrippedLetters(start, head->front()), e->id, e->kind, e->label,
                   "nationality:state");
      } else if (head_before(j, lex_->state_attribute_nouns()) != nullptr) {
        AddMention(j, last, 0, e->id, e->kind, e->label, "nationality:attribute");
      } else {
        continue;
      }
      j = last;
      break;
    }
  }
}

void Extractor::Impl::SortMentions() {
  std::vector<size_t> order(out_->mentions.size());
  for (size_t k = 0; k < order.size(); ++k) order[k] = k;
  std::sort(order.begin(), order.end(),
            [&](size_t a, size_t b) { return minfo_[a].first < minfo_[b].first; });
  std::vector<Mention> mentions;
  std::vector<MentionInfo> infos;
  for (size_t k : order) {
    mentions.push_back(std::move(out_->mentions[k]));
    infos.push_back(minfo_[k]);
  }
  out_->mentions = std::move(mentions);
  minfo_ = std::move(infos);
  for (Tok& t : toks_) t.mention = kNone;
  for (size_t m = 0; m < minfo_.size(); ++m) {
    for (size_t k = minfo_[m].first; k <= minfo_[m].last; ++k) toks_[k].mention = m;
  }
}

bool Extractor::Impl::CouldBeNameWord(size_t tok) const {
  const Tok& t = toks_[tok];
  if (t.mention != kNone || t.token.type != TokenType::kArabic) return false;
  if (t.token.folded.rfind("ال", 0) == 0 && CodePoints(t.token.folded) > 3) return false;
  if (CodePoints(t.token.folded) < 2) return false;
  for (size_t k = 0; k < t.function_keys(); ++k) {
    const std::string& key = t.keys()[k];
    if (lex_->IsSpeechVerb(key) || lex_->IsComplementizer(key) || lex_->IsNegation(key) ||
        lex_->IsNameStopword(key)) {
      return false;
    }
  }
  return true;
}

void Extractor::Impl::FindSpeakerNames() {
  constexpr size_t kMaxNameWords = 3;
  for (size_t v = 0; v + 1 < toks_.size(); ++v) {
    if (toks_[v].mention != kNone || !toks_[v].token.IsWord() || !IsSpeechVerbAt(v)) continue;
    size_t end = v + 1;
    while (end < toks_.size() && end - v <= kMaxNameWords &&
           toks_[end].sentence == toks_[v].sentence && CouldBeNameWord(end)) {
      ++end;
    }
    if (end == v + 1 || end >= toks_.size() || toks_[end].sentence != toks_[v].sentence) continue;
    // A single word that ends the name of a person already met is that
    // person (FindFamilyNames), not a new one.
    if (end == v + 2) {
      bool known = false;
      for (size_t m = 0; m < minfo_.size() && !known; ++m) {
        known = out_->mentions[m].kind == "person" && minfo_[m].first < v &&
                minfo_[m].last > minfo_[m].first &&
                (Contains(toks_[v + 1].keys(), lex_->CoreKey(toks_[minfo_[m].last].token.folded)) ||
                 Contains(toks_[v + 1].keys(), lex_->CoreKey(toks_[minfo_[m].first].token.folded)));
      }
      if (known) continue;
    }
    const bool terminated =
        IsPunct(end, "،,:") ||
        (toks_[end].token.IsWord() &&
         (IsComplementizerAt(end) || IsFunctionWord(end, &Lexicon::IsNameTerminator)));
    if (!terminated) continue;
    const uint32_t begin = toks_[v + 1].token.span.begin;
    const std::string label = out_->text.substr(begin, toks_[end - 1].token.span.end - begin);
    AddMention(v + 1, end - 1, 0, "new:" + FoldForMatch(label), "person", label, "speech-frame");
    v = end - 1;
  }
}

void Extractor::Impl::FindFamilyNames() {
  // Last word (core key) of each multi-word person name seen so far.
  std::unordered_map<std::string, size_t> family;  // key -> mention index
  size_t next = 0;                                 // mentions before the token under consideration
  const size_t original = minfo_.size();
  for (size_t i = 0; i < toks_.size(); ++i) {
    while (next < original && minfo_[next].first < i) {
      const Mention& m = out_->mentions[next];
      // Western names put the family name last ("صموئيل بريسنيك"), Chinese
      // names first ("ماو يو", "تشانغ يوتشون"): both ends are kept.
      if (m.kind == "person" && minfo_[next].last > minfo_[next].first) {
        family[lex_->CoreKey(toks_[minfo_[next].last].token.folded)] = next;
        family[lex_->CoreKey(toks_[minfo_[next].first].token.folded)] = next;
      }
      ++next;
    }
    const Tok& t = toks_[i];
    if (t.mention != kNone || !t.token.IsWord() || family.empty()) continue;
    for (const std::string& key : t.keys()) {
      auto it = family.find(key);
      if (it == family.end()) continue;
      const Mention& full = out_->mentions[it->second];
      AddMention(i, i, StrippedLetters(i, key), full.entity, full.kind, full.label, "family-name");
      break;
    }
  }
}

void Extractor::Impl::CollectEntities() {
  std::map<std::string, size_t> index;
  for (const Mention& m : out_->mentions) {
    auto [it, inserted] = index.emplace(m.entity, out_->entities.size());
    if (inserted) {
      EntityInfo info;
      info.key = m.entity;
      info.kind = m.kind;
      info.label = m.label;
      if (const LexiconEntity* e = lex_->FindEntity(m.entity)) info.wikidata = e->wikidata;
      out_->entities.push_back(std::move(info));
    }
    EntityInfo& info = out_->entities[it->second];
    if (!Contains(info.aliases, m.surface)) info.aliases.push_back(m.surface);
  }
}

bool Extractor::Impl::IsFunctionWord(size_t tok,
                                     bool (Lexicon::*pred)(const std::string&) const) const {
  const Tok& t = toks_[tok];
  for (size_t k = 0; k < t.function_keys(); ++k) {
    if ((lex_->*pred)(t.keys()[k])) return true;
  }
  return false;
}

bool Extractor::Impl::IsPunct(size_t tok, std::string_view chars) const {
  const Tok& t = toks_[tok];
  if (t.token.IsWord()) return false;
  const std::string_view s(out_->text.data() + t.token.span.begin, t.token.span.size());
  return chars.find(s) != std::string_view::npos;
}

// Quote marks are no boundary: names and model codes are often quoted
// ("رقائق “H200”", "اسم “سيليكون أرنب”").
bool Extractor::Impl::IsHardBoundary(size_t tok) const { return IsPunct(tok, ".!?؟;؛:()[]"); }

bool Extractor::Impl::IsCoordinationGap(size_t from, size_t to) const {
  for (size_t k = from; k < to; ++k) {
    const Tok& t = toks_[k];
    if (t.token.IsWord() ? lex_->IsCoordinator(t.token.folded) : IsPunct(k, "،,")) continue;
    return false;
  }
  return true;
}

size_t Extractor::Impl::ActorAfter(size_t from, size_t limit, uint32_t sentence) const {
  // A title may name the speaker's organisation before the speaker ("قال
  // الرئيس التنفيذي لشركة X فلان"): a person in the range wins.
  size_t first = kNone;
  for (size_t k = from; k < toks_.size() && k < from + limit; ++k) {
    if (toks_[k].sentence != sentence || IsHardBoundary(k)) break;
    const size_t m = toks_[k].mention;
    if (m == kNone || !IsActorKind(out_->mentions[m].kind)) continue;
    if (out_->mentions[m].kind == "person") return m;
    if (first == kNone) first = m;
  }
  return first;
}

size_t Extractor::Impl::ActorBefore(size_t from, size_t limit, uint32_t sentence) const {
  for (size_t k = from; k-- > 0 && from - k <= limit;) {
    if (toks_[k].sentence != sentence || IsHardBoundary(k) || IsPunct(k, "،,")) break;
    const size_t m = toks_[k].mention;
    if (m != kNone && IsActorKind(out_->mentions[m].kind)) return m;
  }
  return kNone;
}

size_t Extractor::Impl::DescribedEntity(size_t from, size_t to,
                                        const std::vector<std::string>* kinds) const {
  for (size_t k = from; k < to && k < toks_.size(); ++k) {
    if (!toks_[k].token.IsWord() || toks_[k].mention != kNone) continue;
    const std::string* kind = nullptr;
    for (size_t j = 0; j < toks_[k].function_keys() && kind == nullptr; ++j) {
      kind = lex_->DescriptionKind(toks_[k].keys()[j]);
    }
    if (kind == nullptr || (kinds != nullptr && !Contains(*kinds, *kind))) continue;
    // The most recent entity of that kind, within reach.
    for (size_t m = minfo_.size(); m-- > 0;) {
      if (minfo_[m].first >= k) continue;
      if (out_->mentions[m].sentence + kSpeakerReach < toks_[k].sentence) break;
      if (out_->mentions[m].kind == *kind) return m;
    }
    return kNone;
  }
  return kNone;
}

bool Extractor::Impl::NegatedBefore(size_t trigger) const {
  for (size_t k = trigger; k-- > 0 && trigger - k <= kNegationBefore;) {
    if (toks_[k].sentence != toks_[trigger].sentence || IsHardBoundary(k)) break;
    if (!toks_[k].token.IsWord()) continue;
    if (!IsFunctionWord(k, &Lexicon::IsNegation)) continue;
    // "لا تزال" (still) and the like look negative but are not.
    if (k + 1 < toks_.size() && toks_[k + 1].token.IsWord() &&
        IsFunctionWord(k + 1, &Lexicon::IsNegationException)) {
      continue;
    }
    return true;
  }
  return false;
}

void Extractor::Impl::FindStatements() {
  // Candidates from the three detectors, resolved in text order at the end
  // so that a dropped subject ("وأضاف: …") takes the speaker before it.
  struct Candidate {
    std::vector<std::pair<size_t, size_t>> parts;  // token ranges of the utterance
    size_t speaker = kNone;                        // mention index
    bool pronoun = false;                          // speaker left implicit
    size_t verb = kNone;                           // the attribution verb, if any
    bool removed = false;                          // absorbed by reported speech
    bool described = false;  // speaker from a description ("المسؤولون")
    std::string rule;
  };
  std::vector<Candidate> candidates;

  // Direct quotes: “…” «…» and straight "…", possibly over several sentences.
  struct Quote {
    size_t open, close;  // token indexes of the quote marks
    bool closed;         // false: close is the first token after the paragraph
  };
  std::vector<Quote> quotes;
  size_t open = kNone;
  char32_t closer = 0;
  size_t paragraph_end = 0;  // offset of the newline ending the open quote's paragraph
  for (size_t k = 0; k < toks_.size(); ++k) {
    const bool word = toks_[k].token.IsWord();
    char32_t cp = 0;
    if (!word) {
      size_t p = toks_[k].token.span.begin;
      cp = utf8::Decode(out_->text, &p);
    }
    // A quote never runs past its paragraph, and a new opening mark before
    // the close means the earlier one was never closed: such a quote runs
    // to the end of what it opened.
    if (open != kNone && (toks_[k].token.span.begin > paragraph_end ||
                          (cp == U'“' && closer == U'”') || (cp == U'«' && closer == U'»'))) {
      if (k > open + 1) quotes.push_back({open, k, false});
      open = kNone;
    }
    if (word) continue;
    if (open == kNone) {
      if (cp == U'“') {
        closer = U'”';
      } else if (cp == U'«') {
        closer = U'»';
      } else if (cp == U'"') {
        closer = U'"';
      } else {
        continue;
      }
      open = k;
      paragraph_end = std::min(out_->text.find('\n', toks_[k].token.span.begin), out_->text.size());
    } else if (cp == closer) {
      quotes.push_back({open, k, true});
      open = kNone;
    }
  }

  size_t previous_close = kNone;  // of the last quote that made a candidate
  for (const Quote& q : quotes) {
    size_t words = 0;
    for (size_t k = q.open + 1; k < q.close; ++k) words += toks_[k].token.IsWord();
    if (words < kMinQuoteWords) continue;
    const uint32_t s_open = toks_[q.open].sentence;
    const uint32_t s_close = toks_[q.close].sentence;
    Candidate c;
    c.parts.push_back({q.open + 1, q.close - 1});
    c.rule = "quote";
    bool attributed = false;
    // Attribution before the quote: "قال X: “…”", "قال X إن “…”". After a
    // colon the attribution may be long ("قال X، المتحدث باسم …، في …:").
    const bool colon = q.open > 0 && IsPunct(q.open - 1, ":");
    const size_t reach = colon ? kColonAttribution : kQuoteAttribution;
    size_t complementizer = kNone;  // the last one seen between verb and quote
    for (size_t k = q.open; k-- > 0 && q.open - k <= reach;) {
      if (toks_[k].sentence != s_open) break;
      if (previous_close != kNone && k <= previous_close) break;
      if (toks_[k].token.IsWord() && IsComplementizerAt(k) && complementizer == kNone) {
        complementizer = k;
      }
      if (!toks_[k].token.IsWord() || !IsSpeechVerbAt(k)) continue;
      // "“…”، قال X، “…”": the verb belongs to the quote before; this one
      // continues it.
      if (used_verb_[k]) break;
      // "أعلن X أن … “…”": the quote is part of reported content, which
      // reported speech takes whole; only "قال إن “…”" quotes directly.
      if (complementizer != kNone && complementizer + 1 != q.open) break;
      attributed = true;
      used_verb_[k] = true;
      c.verb = k;
      c.speaker = ActorAfter(k + 1, q.open - k - 1, s_open);
      if (c.speaker == kNone) c.speaker = ActorBefore(k, 6, s_open);
      if (c.speaker == kNone) {
        c.speaker = DescribedEntity(k + 1, q.open, nullptr);
        c.described = c.speaker != kNone;
      }
      if (c.speaker == kNone) {
        // Only punctuation or a complementizer between verb and quote: the
        // subject is dropped, as in "وقال: “…”".
        bool dropped = true;
        for (size_t j = k + 1; j < q.open; ++j) {
          dropped = dropped && (!toks_[j].token.IsWord() || IsComplementizerAt(j));
        }
        c.pronoun = dropped;
      }
      break;
    }
    // Attribution after the quote: "“…”، قال X".
    if (!attributed && q.closed) {
      for (size_t k = q.close + 1; k < toks_.size() && k - q.close <= 6; ++k) {
        if (toks_[k].sentence != s_close && k > q.close + 1) break;
        if (IsPunct(k, "“«\"")) break;
        if (!toks_[k].token.IsWord() || !IsSpeechVerbAt(k)) continue;
        // "ويقول: “…”" introduces the next quote, not this one.
        bool introduces = false;
        for (size_t j = k + 1; j < toks_.size() && j <= k + 3 && !introduces; ++j) {
          introduces = IsPunct(j, ":“«");
        }
        if (introduces) break;
        attributed = true;
        used_verb_[k] = true;
        c.verb = k;
        c.speaker = ActorAfter(k + 1, 5, toks_[k].sentence);
        if (c.speaker == kNone) {
          c.speaker = DescribedEntity(k + 1, k + 5, nullptr);
          c.described = c.speaker != kNone;
        }
        c.pronoun = c.speaker == kNone;
        break;
      }
    }
    if (!attributed && !candidates.empty() && previous_close != kNone &&
        candidates.back().rule == "quote" &&
        toks_[q.open].sentence == toks_[previous_close].sentence) {
      // A quote split around its attribution within one sentence
      // ("“…،” قال X، “…”"): one statement.
      candidates.back().parts.push_back({q.open + 1, q.close - 1});
      previous_close = q.close;
      continue;
    }
    // A quote that opens its sentence, with no attribution of its own,
    // continues the speaker before it; one in mid-sentence is a scare quote.
    if (!attributed && q.open == sentence_first_tok_[s_open]) c.pronoun = true;
    if (c.speaker == kNone && !c.pronoun) continue;
    candidates.push_back(std::move(c));
    previous_close = q.close;
  }

  // Reported speech: a speech verb, its speaker, and a complementizer
  // (إن، أن، بأن) that opens the content: "قال X إن …", "X قال إن …".
  std::vector<size_t> quote_at(toks_.size(), kNone);  // candidate owning a quoted token
  for (size_t c = 0; c < candidates.size(); ++c) {
    for (const auto& [from, to] : candidates[c].parts) {
      for (size_t k = from; k <= to; ++k) quote_at[k] = c;
    }
  }
  std::vector<bool> in_quote(toks_.size(), false);
  for (const Quote& q : quotes) {
    for (size_t k = q.open; k < q.close + (q.closed ? 1 : 0); ++k) in_quote[k] = true;
  }
  auto last_word = [&](uint32_t sentence, size_t floor) {
    size_t last = sentence_first_tok_[sentence + 1] - 1;
    while (last > floor && !toks_[last].token.IsWord()) --last;
    return last;
  };
  const size_t quote_candidates = candidates.size();
  for (size_t v = 0; v < toks_.size(); ++v) {
    if (used_verb_[v] || in_quote[v] || !toks_[v].token.IsWord() || !IsSpeechVerbAt(v)) continue;
    const uint32_t sentence = toks_[v].sentence;
    size_t comp = kNone;
    for (size_t k = v + 1; k < toks_.size() && k - v <= kReportedReach; ++k) {
      if (toks_[k].sentence != sentence || IsHardBoundary(k)) break;
      if (!toks_[k].token.IsWord()) continue;
      if (IsComplementizerAt(k)) {
        comp = k;
        break;
      }
      if (IsSpeechVerbAt(k)) break;  // another attribution starts here
    }
    if (comp == kNone) continue;
    Candidate c;
    c.rule = "reported";
    c.verb = v;
    c.speaker = ActorAfter(v + 1, comp - v - 1, sentence);
    if (c.speaker == kNone) c.speaker = ActorBefore(v, 5, sentence);
    if (c.speaker == kNone) {
      c.speaker = DescribedEntity(v + 1, comp, nullptr);
      c.described = c.speaker != kNone;
    }
    // Only punctuation or a particle ("مشيرا إلى أن") between verb and
    // complementizer: the subject is dropped.
    bool dropped = true;
    for (size_t k = v + 1; k < comp; ++k) {
      dropped = dropped &&
                (!toks_[k].token.IsWord() || IsFunctionWord(k, &Lexicon::IsAttributionParticle));
    }
    c.pronoun = c.speaker == kNone && dropped;  // "وقال إن …"
    if (c.speaker == kNone && !c.pronoun) continue;
    // The content runs to the end of the sentence, or to the next
    // attribution (", حذر …", "، مشيرا إلى …").
    size_t last = last_word(sentence, comp);
    for (size_t k = comp + 2; k <= last; ++k) {
      if (!in_quote[k] && toks_[k].token.IsWord() && IsSpeechVerbAt(k) && IsPunct(k - 1, "،,")) {
        last = k - 2;
        while (last > comp && !toks_[last].token.IsWord()) --last;
        break;
      }
    }
    if (last <= comp) continue;
    // A quote inside the content belongs to it unless it has its own verb.
    bool own_quote = false;
    for (size_t k = comp; k <= last; ++k) {
      const size_t q = quote_at[k];
      if (q != kNone && q < quote_candidates && candidates[q].verb != kNone) own_quote = true;
    }
    if (own_quote) continue;
    for (size_t k = comp; k <= last; ++k) {
      if (quote_at[k] != kNone) candidates[quote_at[k]].removed = true;
    }
    used_verb_[v] = true;
    c.parts.push_back({comp, last});
    candidates.push_back(std::move(c));
  }
  auto quoted = [&](size_t first, size_t last) {
    for (size_t k = first; k <= last; ++k) {
      if (quote_at[k] != kNone && !candidates[quote_at[k]].removed) return true;
    }
    return false;
  };

  // Verbs whose object is the utterance ("أبدى X شكوكه حول …", "نفى X
  // التقرير"): the content follows the named speaker to the end of the clause.
  for (size_t v = 0; v < toks_.size(); ++v) {
    if (used_verb_[v] || in_quote[v] || !toks_[v].token.IsWord() ||
        !IsFunctionWord(v, &Lexicon::IsContentVerb)) {
      continue;
    }
    const uint32_t sentence = toks_[v].sentence;
    const size_t m = ActorAfter(v + 1, 6, sentence);
    if (m == kNone) continue;
    size_t first = minfo_[m].last + 1;
    while (first < toks_.size() && toks_[first].sentence == sentence &&
           (!toks_[first].token.IsWord() || IsFunctionWord(first, &Lexicon::IsNameStopword))) {
      ++first;
    }
    if (first >= toks_.size() || toks_[first].sentence != sentence) continue;
    size_t last = first;
    while (last + 1 < toks_.size() && toks_[last + 1].sentence == sentence &&
           !IsHardBoundary(last + 1) &&
           !(IsPunct(last + 1, "،,") && last + 2 < toks_.size() && toks_[last + 2].token.IsWord() &&
             IsSpeechVerbAt(last + 2))) {
      ++last;
    }
    while (last > first && !toks_[last].token.IsWord()) --last;
    if (quoted(first, last)) continue;
    used_verb_[v] = true;
    Candidate c;
    c.parts.push_back({first, last});
    c.speaker = m;
    c.verb = v;
    c.rule = "content-verb";
    candidates.push_back(std::move(c));
  }

  // "according to X, …" (وفقا لـ X، …): the rest of the sentence is X's.
  for (size_t a = 0; a < toks_.size(); ++a) {
    const std::vector<PhraseIndex::Entry> attributions = MatchesAt(a, attributions_, false);
    for (const PhraseIndex::Entry& entry : attributions) {
      const Phrase& phrase = *entry.words;
      const uint32_t sentence = toks_[a].sentence;
      const size_t m = ActorAfter(a + phrase.size(), 6, sentence);
      if (m == kNone) break;
      const size_t first = sentence_first_tok_[sentence];
      const size_t last = last_word(sentence, first);
      size_t text_first, text_last;
      if (a == first || a == first + 1) {  // at the start: content after the comma
        size_t comma = minfo_[m].last + 1;
        while (comma <= last && !IsPunct(comma, "،,")) ++comma;
        if (comma >= last) break;
        text_first = comma + 1;
        text_last = last;
      } else {  // at the end: content before the phrase
        text_first = first;
        text_last = a - 1;
        while (text_last > first && !toks_[text_last].token.IsWord()) --text_last;
      }
      if (text_last > text_first && !quoted(text_first, text_last)) {
        Candidate c;
        c.parts.push_back({text_first, text_last});
        c.speaker = m;
        c.rule = "according-to";
        candidates.push_back(std::move(c));
      }
      break;
    }
  }

  std::stable_sort(candidates.begin(), candidates.end(),
                   [](const Candidate& x, const Candidate& y) {
                     return x.parts.front().first < y.parts.front().first;
                   });
  std::string last_speaker, last_speaker_kind;
  uint32_t last_speaker_sentence = 0;
  for (const Candidate& c : candidates) {
    if (c.removed) continue;
    const size_t first = c.parts.front().first;
    const uint32_t sentence = toks_[first].sentence;
    const bool recent = !last_speaker.empty() && sentence <= last_speaker_sentence + kSpeakerReach;
    std::string speaker, kind;
    if (c.speaker != kNone && c.described && recent &&
        out_->mentions[c.speaker].kind == last_speaker_kind) {
      // "ويؤكد المسؤولون أن": the officials just quoted, not any government.
      speaker = last_speaker;
      kind = last_speaker_kind;
    } else if (c.speaker != kNone) {
      speaker = out_->mentions[c.speaker].entity;
      kind = out_->mentions[c.speaker].kind;
    } else if (recent) {
      speaker = last_speaker;
      kind = last_speaker_kind;
    } else {
      // No speaker yet: the most recent person named shortly before.
      for (size_t m = minfo_.size(); m-- > 0;) {
        if (minfo_[m].first >= first) continue;
        if (out_->mentions[m].sentence + kSpeakerReach < sentence) break;
        if (out_->mentions[m].kind == "person") {
          speaker = out_->mentions[m].entity;
          kind = "person";
          break;
        }
      }
    }
    if (speaker.empty()) continue;
    Statement st;
    st.speaker = speaker;
    st.sentence = sentence;
    st.rule = c.rule;
    for (const auto& [from, to] : c.parts) {
      const uint32_t begin = toks_[from].token.span.begin;
      const uint32_t end = toks_[to].token.span.end;
      if (!st.text.empty()) st.text += " ";
      st.text += out_->text.substr(begin, end - begin);
      if (st.span.size() == 0) st.span.begin = begin;
      st.span.end = end;
      for (size_t k = from; k <= to; ++k) {
        const size_t m = toks_[k].mention;
        if (m != kNone && !Contains(st.mentions, out_->mentions[m].entity)) {
          st.mentions.push_back(out_->mentions[m].entity);
        }
      }
    }
    last_speaker = speaker;
    last_speaker_kind = kind;
    last_speaker_sentence = sentence;
    out_->statements.push_back(std::move(st));
  }
}

void Extractor::Impl::AddTriple(size_t s, const std::string& p, size_t o, size_t lo, size_t hi,
                                bool negated, const std::string& rule) {
  const Mention& sm = out_->mentions[s];
  const Mention& om = out_->mentions[o];
  if (sm.entity == om.entity) return;
  // The relation is stated by the sentence of tokens lo..hi (the trigger, or
  // the maker pair). A party resolved from a description ("الشركة") may have
  // been named sentences before: it is then neither the evidence sentence
  // nor part of the span, which stays within the stating sentence.
  const uint32_t sentence = toks_[lo].sentence;
  for (const size_t m : {s, o}) {
    if (out_->mentions[m].sentence != sentence) continue;
    lo = std::min(lo, minfo_[m].first);
    hi = std::max(hi, minfo_[m].last);
  }
  if (!seen_triples_.insert({sm.entity, p, om.entity, negated, sentence}).second) return;
  Triple t;
  t.subject = sm.entity;
  t.predicate = p;
  t.object = om.entity;
  t.sentence = sentence;
  t.span = {toks_[lo].token.span.begin, toks_[hi].token.span.end};
  t.negated = negated;
  t.rule = rule;
  SetModality(&t, lo);
  out_->triples.push_back(std::move(t));
}

void Extractor::Impl::FindTriples() {
  for (size_t i = 0; i < toks_.size(); ++i) {
    if (!toks_[i].token.IsWord() || toks_[i].mention != kNone) continue;
    // By relation in lexicon order, so that output order does not depend on
    // the index.
    std::vector<PhraseIndex::Entry> triggers = MatchesAt(i, triggers_, true);
    std::stable_sort(triggers.begin(), triggers.end(),
                     [](const auto& x, const auto& y) { return x.a < y.a; });
    for (const PhraseIndex::Entry& entry : triggers) {
      TriplesAt(lex_->relations()[entry.a], i, entry.words->size(), entry.b == 1);
    }
  }
}

size_t Extractor::Impl::SpeakerMentionAt(size_t tok, const std::vector<std::string>& kinds) const {
  const uint32_t offset = toks_[tok].token.span.begin;
  for (const Statement& st : out_->statements) {
    if (offset < st.span.begin || offset >= st.span.end) continue;
    for (size_t m = minfo_.size(); m-- > 0;) {
      if (minfo_[m].first < tok && out_->mentions[m].entity == st.speaker) {
        return Contains(kinds, out_->mentions[m].kind) ? m : kNone;
      }
    }
  }
  return kNone;
}

void Extractor::Impl::TriplesAt(const RelationSpec& rel, size_t i, size_t length,
                                bool subject_may_follow) {
  const uint32_t sentence = toks_[i].sentence;
  const size_t sentence_begin = sentence_first_tok_[sentence];
  const size_t sentence_end = sentence_first_tok_[sentence + 1];
  const size_t trig_last = i + length - 1;
  const bool negated = NegatedBefore(i);
  const std::string rule =
      "trigger:" + rel.predicate + ":" +
      out_->text.substr(toks_[i].token.span.begin,
                        toks_[trig_last].token.span.end - toks_[i].token.span.begin);
  // Subject: SVO first (nearest before; a title may stand in apposition,
  // "X، الرئيس التنفيذي…", "X، وهو كاتب…"), else VSO (just after a verb).
  size_t subject = kNone;
  size_t clause_begin = sentence_begin;  // where the subject's clause starts
  auto subject_after = [&]() -> size_t {
    // A title may carry its organisation first: "رئيس الولايات المتحدة
    // دونالد ترامب", so a title looks a little further.
    const size_t reach = rel.apposition ? kSubjectAfter + 3 : kSubjectAfter;
    for (size_t k = trig_last + 1; k < sentence_end && k - trig_last <= reach; ++k) {
      if (IsHardBoundary(k) || (rel.apposition && IsPunct(k, "،,"))) break;
      const size_t m = toks_[k].mention;
      if (m != kNone && Contains(rel.subject_kinds, out_->mentions[m].kind)) return m;
    }
    return kNone;
  };
  // A title precedes the name it belongs to ("الرئيس الصيني شي"); only
  // without a name after it is it in apposition to one before.
  if (rel.apposition && subject_may_follow) subject = subject_after();
  // "منعت الصين شركاتها من شراء …": after "من"/"عن" the verbal noun's
  // agent is not the clause's subject (after "إلى" it is: "سارعت X إلى شراء").
  const bool governed = !subject_may_follow && i > sentence_begin && toks_[i - 1].token.IsWord() &&
                        IsFunctionWord(i - 1, &Lexicon::IsSeparatingParticle);
  const size_t before_reach = governed             ? 0
                              : subject_may_follow ? kSubjectBefore
                                                   : kNominalSubjectBefore;
  for (size_t k = i; subject == kNone && k-- > sentence_begin && i - k <= before_reach;) {
    if (IsPunct(k, "،,")) {
      // "X، الرئيس التنفيذي…" (titles only) and "X، وهي أقل…" (any relation).
      bool apposition = rel.apposition || k + 1 < i;
      for (size_t j = k + 1; j < i; ++j) {
        apposition = apposition && IsFunctionWord(j, &Lexicon::IsNameTerminator);
      }
      if (apposition) continue;
    }
    if (IsHardBoundary(k) || IsPunct(k, "،,") ||
        (toks_[k].token.IsWord() && (IsComplementizerAt(k) || used_verb_[k]))) {
      clause_begin = k + 1;
      // "أعلنت الوزارة أنها ستفرض قيودا": the pronoun on the complementizer
      // is the speaker of the statement it opens.
      if (toks_[k].token.IsWord() && IsComplementizerAt(k) &&
          IsFunctionWord(k, &Lexicon::IsPronounComplementizer)) {
        subject = SpeakerMentionAt(k, rel.subject_kinds);
      }
      break;
    }
    const size_t m = toks_[k].mention;
    if (m != kNone && Contains(rel.subject_kinds, out_->mentions[m].kind)) {
      subject = m;
      break;
    }
  }
  if (subject == kNone && subject_may_follow && !rel.apposition) subject = subject_after();
  // "وتستخدم الشركة هذه الرقائق": a description right after a verb.
  if (subject == kNone && subject_may_follow && trig_last + 1 < sentence_end) {
    subject = DescribedEntity(trig_last + 1, trig_last + 2, &rel.subject_kinds);
  }
  // "الشركة تطور …": a definite description before the trigger.
  if (subject == kNone)
    subject = DescribedEntity(std::max(clause_begin, i > kSubjectBefore ? i - kSubjectBefore : 0),
                              i, &rel.subject_kinds);
  if (subject == kNone) return;
  // Objects: every object-kind mention in the clause after the trigger.
  std::vector<size_t> objects;
  const size_t object_reach = rel.single_object ? kTitleObjectAfter : kObjectAfter;
  for (size_t k = trig_last + 1; k < sentence_end && k - trig_last <= object_reach; ++k) {
    if (IsHardBoundary(k)) break;
    if (objects.empty() && !rel.symmetric && toks_[k].mention == kNone && toks_[k].token.IsWord()) {
      // "بشراء الرقائق": a definite description names the object.
      const size_t o = DescribedEntity(k, k + 1, &rel.object_kinds);
      if (o != kNone && o != subject) {
        objects.push_back(o);
        break;
      }
    }
    if (IsPunct(k, "،,")) {
      // A comma ends the clause unless it continues a list of objects.
      const size_t n = k + 1 < sentence_end ? toks_[k + 1].mention : kNone;
      if (objects.empty() || n == kNone) break;
      continue;
    }
    if (toks_[k].token.IsWord() && IsSpeechVerbAt(k)) break;
    // A relative clause ("… التي طورتها نفيديا") is another clause.
    if (toks_[k].token.IsWord() && IsFunctionWord(k, &Lexicon::IsNameTerminator)) break;
    const size_t m = toks_[k].mention;
    if (m == kNone) continue;
    if (m == subject) {
      k = minfo_[m].last;
      continue;
    }
    // "اجتمعا في كوريا الجنوبية": where it happened, not a party.
    if (!rel.locative && minfo_[m].first > 0 && toks_[minfo_[m].first - 1].token.IsWord() &&
        IsFunctionWord(minfo_[m].first - 1, &Lexicon::IsLocativeParticle)) {
      k = minfo_[m].last;
      continue;
    }
    if (Contains(rel.object_kinds, out_->mentions[m].kind) && !Contains(objects, m)) {
      objects.push_back(m);
      if (rel.single_object) break;
    }
    k = minfo_[m].last;
  }
  std::vector<size_t> subjects = {subject};
  // "A و B" before an SVO trigger: both are subjects; for a symmetric
  // relation the titles between them may differ ("ترامب والرئيس الصيني شي").
  if (minfo_[subject].last < i && minfo_[subject].first >= clause_begin) {
    bool conjoined = minfo_[subject].conj_prefix;
    for (size_t m = subject; m-- > 0;) {
      if (minfo_[m].first < clause_begin || out_->mentions[m].sentence != sentence) break;
      const bool adjacent = IsCoordinationGap(minfo_[m].last + 1, minfo_[subjects.back()].first);
      if (!adjacent && !rel.symmetric) break;
      if (out_->mentions[m].kind != out_->mentions[subject].kind) continue;
      if (!conjoined && !adjacent) {
        // A symmetric relation needs a "و" somewhere between the two.
        for (size_t k = minfo_[m].last + 1; k < minfo_[subjects.back()].first && !conjoined; ++k) {
          conjoined = toks_[k].token.IsWord() && !toks_[k].keys().empty() &&
                      toks_[k].token.folded.rfind("و", 0) == 0 && toks_[k].keys().size() > 1;
        }
      }
      if (!conjoined) break;
      subjects.push_back(m);
      conjoined = minfo_[m].conj_prefix;
    }
  }
  auto emit = [&](size_t s, size_t o) {
    if (rel.inverse) std::swap(s, o);
    AddTriple(s, rel.predicate, o, i, trig_last, negated, rule);
  };
  if (objects.empty() && rel.symmetric && subjects.size() > 1) {
    for (size_t a = 1; a < subjects.size(); ++a) emit(subjects[0], subjects[a]);
    return;
  }
  for (size_t s : subjects) {
    for (size_t o : objects) emit(s, o);
  }
}

// A company written next to a chip or product names its maker: "Nvidia
// H200", "H200 من Nvidia", "Nvidia’s H20", and lists: "رقائق Nvidia الأقدم
// مثل A100 وH100", "A100 وH100 من Nvidia".
void Extractor::Impl::FindMakers() {
  auto is_made = [&](size_t m) {
    const std::string& kind = out_->mentions[m].kind;
    return kind == "chip" || kind == "product";
  };
  auto connectors_only = [&](size_t from, size_t to) {
    for (size_t k = from; k < to; ++k) {
      if (!lex_->IsMakerConnector(toks_[k].token.folded) && !IsPunct(k, "“”«»\"")) return false;
    }
    return true;
  };
  // The chips coordinated with chip mention `m` in direction `step`.
  auto list_from = [&](size_t m, int step) {
    std::vector<size_t> list = {m};
    for (size_t n = m + step; n < minfo_.size(); n += step) {
      const size_t lo = step > 0 ? list.back() : n, hi = step > 0 ? n : list.back();
      if (out_->mentions[n].sentence != out_->mentions[m].sentence || !is_made(n) ||
          !IsCoordinationGap(minfo_[lo].last + 1, minfo_[hi].first)) {
        break;
      }
      list.push_back(n);
    }
    return list;
  };
  for (size_t c = 0; c < minfo_.size(); ++c) {
    if (out_->mentions[c].kind != "company") continue;
    const uint32_t sentence = out_->mentions[c].sentence;
    // Forward: right after the company, or after an example marker (مثل).
    if (c + 1 < minfo_.size() && out_->mentions[c + 1].sentence == sentence && is_made(c + 1)) {
      const size_t from = minfo_[c].last + 1, to = minfo_[c + 1].first;
      bool example = false;
      for (size_t k = from; k < to && to - from <= 4; ++k) {
        example = example || IsFunctionWord(k, &Lexicon::IsExampleMarker);
      }
      if (connectors_only(from, to) || example) {
        for (size_t chip : list_from(c + 1, 1)) {
          AddTriple(c, "makes", chip, minfo_[c].first, minfo_[chip].last, false,
                    example ? "maker:such-as" : "maker:adjacent");
        }
      }
    }
    // Backward: "H200 من Nvidia" (a connector is required).
    if (c > 0 && out_->mentions[c - 1].sentence == sentence && is_made(c - 1) &&
        minfo_[c].first > minfo_[c - 1].last + 1 &&
        connectors_only(minfo_[c - 1].last + 1, minfo_[c].first)) {
      for (size_t chip : list_from(c - 1, -1)) {
        AddTriple(c, "makes", chip, minfo_[chip].first, minfo_[c].last, false, "maker:from");
      }
    }
  }
}

void Extractor::Impl::ActForTheirStates() {
  std::map<std::string, std::string> state_of;  // person -> government led
  for (const Triple& t : out_->triples) {
    if (t.predicate != "leads") continue;
    const EntityInfo* object = nullptr;
    for (const EntityInfo& e : out_->entities) {
      if (e.key == t.object) object = &e;
    }
    if (object != nullptr && object->kind == "government") state_of.emplace(t.subject, t.object);
  }
  if (state_of.empty()) return;
  const size_t n = out_->triples.size();
  for (size_t i = 0; i < n; ++i) {
    const Triple t = out_->triples[i];
    auto it = state_of.find(t.subject);
    if (it == state_of.end() || !lex_->IsStateAction(t.predicate) || it->second == t.object) {
      continue;
    }
    if (!seen_triples_.insert({it->second, t.predicate, t.object, t.negated, t.sentence}).second) {
      continue;
    }
    Triple state = t;
    state.subject = it->second;
    state.rule = t.rule + "+for-state";
    out_->triples.push_back(std::move(state));
  }
}

void Extractor::Impl::SetModality(Triple* t, size_t trigger) const {
  t->modality = "asserted";
  for (size_t k = trigger; k-- > 0 && trigger - k <= kNegationBefore;) {
    if (toks_[k].sentence != toks_[trigger].sentence || IsHardBoundary(k)) break;
    for (size_t j = 0; j < toks_[k].function_keys(); ++j) {
      if (const std::string* m = lex_->ModalityOf(toks_[k].keys()[j])) {
        t->modality = *m;
        return;
      }
    }
  }
  for (const Statement& st : out_->statements) {
    if (st.span.begin <= t->span.begin && t->span.end <= st.span.end) {
      t->modality = "reported";
      return;
    }
  }
}

template <typename Spec>
const Spec* Extractor::Impl::LongestSpecAt(size_t i, const PhraseIndex& index,
                                           const std::vector<Spec>& specs) const {
  const std::vector<PhraseIndex::Entry>& found = MatchesAt(i, index, false);
  return found.empty() ? nullptr : &specs[found.front().a];
}

namespace {

// Days since 1970-01-01 of a civil date, and back (H. Hinnant's algorithms).
int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

std::string CivilFromDays(int64_t z) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  const int64_t y = static_cast<int64_t>(yoe) + era * 400 + (m <= 2);
  char buf[48];
  std::snprintf(buf, sizeof buf, "%04lld-%02u-%02u", static_cast<long long>(y), m, d);
  return buf;
}

// A number token's value ("400,000" → 400000, "3.5"), or -1.
double NumberValue(const std::string& folded) {
  std::string digits;
  for (char c : folded) {
    if (c == ',') continue;
    if (c == '.' || (c >= '0' && c <= '9')) {
      digits.push_back(c);
    } else {
      return -1;
    }
  }
  return digits.empty() ? -1 : std::atof(digits.c_str());
}

std::string FormatAmount(double v) {
  char buf[48];
  if (v == static_cast<double>(static_cast<long long>(v))) {
    std::snprintf(buf, sizeof buf, "%lld", static_cast<long long>(v));
  } else {
    std::snprintf(buf, sizeof buf, "%.2f", v);
  }
  return buf;
}

}  // namespace

void Extractor::Impl::FindQualifiers(const std::string& doc_date) {
  qualifiers_.clear();
  int doc_y = 0, doc_m = 0, doc_d = 0;
  if (std::sscanf(doc_date.c_str(), "%4d-%2d-%2d", &doc_y, &doc_m, &doc_d) < 3) doc_y = 0;
  auto number_at = [&](size_t k) -> double {
    if (k >= toks_.size() || toks_[k].token.type != TokenType::kNumber) return -1;
    return NumberValue(toks_[k].token.folded);
  };
  auto add = [&](size_t tok, char kind, std::string value) {
    qualifiers_.push_back(
        {toks_[tok].sentence, toks_[tok].token.span.begin, kind, std::move(value)});
  };
  for (size_t i = 0; i < toks_.size(); ++i) {
    if (!toks_[i].token.IsWord()) continue;
    // Dates: "8 ديسمبر/كانون الأول 2025", "مايو 2025", "الشهر الماضي".
    if (const MonthSpec* month = LongestSpecAt(i, months_, lex_->months())) {
      size_t next = i + month->words.size();
      if (next + 1 < toks_.size() && IsPunct(next, "/")) {  // "ديسمبر/كانون الأول"
        if (const MonthSpec* alt = LongestSpecAt(next + 1, months_, lex_->months())) {
          next += 1 + alt->words.size();
        }
      }
      const double day = i > 0 ? number_at(i - 1) : -1;
      double year = number_at(next);
      if (year < 1900 || year > 2100) year = -1;
      char buf[32];
      if (day >= 1 && day <= 31 && (year > 0 || doc_y > 0)) {
        std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", static_cast<int>(year > 0 ? year : doc_y),
                      month->month, static_cast<int>(day));
      } else if (day >= 1 && day <= 31) {
        std::snprintf(buf, sizeof buf, "--%02d-%02d", month->month, static_cast<int>(day));
      } else if (year > 0) {
        std::snprintf(buf, sizeof buf, "%04d-%02d", static_cast<int>(year), month->month);
      } else {
        continue;  // a bare month name is too weak ("مايو" is also a name)
      }
      add(i, 'd', buf);
      i = next - 1;
      continue;
    }
    if (const RelativeDateSpec* rel = LongestSpecAt(i, relative_dates_, lex_->relative_dates())) {
      if (doc_y > 0) {
        // Relative to the article's date: a month shift names a month.
        if (rel->months != 0) {
          int y = doc_y, m = doc_m + rel->months;
          while (m < 1) m += 12, --y;
          while (m > 12) m -= 12, ++y;
          char buf[32];
          std::snprintf(buf, sizeof buf, "%04d-%02d", y, m);
          add(i, 'd', buf);
        } else {
          add(i, 'd', CivilFromDays(DaysFromCivil(doc_y, doc_m, doc_d) + rel->days));
        }
      }
      i += rel->words.size() - 1;
      continue;
    }
  }
  // Amounts: a number, an optional scale ("مليار"), then a currency
  // ("50 مليار دولار") or, with an optional "من", a countable unit
  // ("400000 رقاقة", "100 ألف من الرقائق").
  for (size_t i = 0; i < toks_.size(); ++i) {
    const double n = number_at(i);
    if (n < 0) continue;
    size_t k = i + 1;
    double value = n;
    if (k < toks_.size() && toks_[k].token.IsWord()) {
      for (const std::string& key : toks_[k].keys()) {
        if (const double scale = lex_->ScaleOf(key)) {
          value *= scale;
          ++k;
          break;
        }
      }
    }
    if (k >= toks_.size() || toks_[k].sentence != toks_[i].sentence) continue;
    if (const CurrencySpec* cur = LongestSpecAt(k, currencies_, lex_->currencies())) {
      add(i, 'm', FormatAmount(value) + " " + cur->code);
      i = k + cur->words.size() - 1;
      continue;
    }
    if (toks_[k].token.IsWord() && toks_[k].token.folded == "من") ++k;
    if (k < toks_.size() && toks_[k].token.IsWord()) {
      for (size_t j = 0; j < toks_[k].keys().size(); ++j) {
        if (!lex_->IsQuantityUnit(toks_[k].keys()[j])) continue;
        add(i, 'q',
            FormatAmount(value) + " " +
                out_->text.substr(toks_[k].token.span.begin, toks_[k].token.span.size()));
        i = k;
        break;
      }
    }
  }
}

void Extractor::Impl::AttachQualifiers() {
  for (Triple& t : out_->triples) {
    uint32_t best[3] = {UINT32_MAX, UINT32_MAX, UINT32_MAX};
    for (const Qualifier& q : qualifiers_) {
      if (q.sentence != t.sentence) continue;
      const uint32_t distance = q.offset < t.span.begin
                                    ? t.span.begin - q.offset
                                    : (q.offset > t.span.end ? q.offset - t.span.end : 0);
      const int slot = q.kind == 'd' ? 0 : q.kind == 'q' ? 1 : 2;
      if (distance >= best[slot]) continue;
      best[slot] = distance;
      (slot == 0 ? t.date : slot == 1 ? t.quantity : t.money) = q.value;
    }
  }
}

Extractor::Extractor(const Lexicon* lexicon) : impl_(std::make_unique<Impl>(lexicon)) {}
Extractor::~Extractor() = default;

Status Extractor::Extract(const Document& doc, Extraction* out) { return impl_->Extract(doc, out); }

}  // namespace isnad
