#include "extract/lexicon.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "base/utf8.h"
#include "extract/text_normalizer.h"
#include "extract/tokenizer.h"

namespace isnad {

namespace {

using nlohmann::json;

constexpr std::string_view kEntityKinds[] = {"company", "government",   "person", "chip",
                                             "product", "organization", "place"};
constexpr std::string_view kPredicates[] = {
    "said",  "mentions",  "allows", "restricts", "rejects",       "exports_to",  "sells_to",
    "buys",  "makes",     "uses",   "prefers",   "competes_with", "outperforms", "part_of",
    "leads", "works_for", "meets",  "supports",  "criticizes",    "located_in"};

size_t CodePoints(std::string_view s) {
  size_t n = 0;
  for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && s.substr(0, prefix.size()) == prefix;
}

// 1-based line of byte `offset` in `content`.
size_t LineOf(const std::string& content, size_t offset) {
  offset = std::min(offset, content.size());
  return 1 + std::count(content.begin(), content.begin() + offset, '\n');
}

Status ReadStrings(const json& j, const char* key, const std::string& where,
                   std::vector<std::string>* out) {
  if (!j.contains(key)) return Status::OK();
  const json& v = j.at(key);
  if (!v.is_array()) return Status::InvalidArgument(where + ": \"" + key + "\" must be an array");
  for (const json& s : v) {
    if (!s.is_string()) {
      return Status::InvalidArgument(where + ": \"" + key + "\" must hold strings only");
    }
    out->push_back(s.get<std::string>());
  }
  return Status::OK();
}

}  // namespace

bool IsEntityKind(std::string_view kind) {
  return std::find(std::begin(kEntityKinds), std::end(kEntityKinds), kind) !=
         std::end(kEntityKinds);
}

bool IsKnownPredicate(std::string_view predicate) {
  return std::find(std::begin(kPredicates), std::end(kPredicates), predicate) !=
         std::end(kPredicates);
}

Status Lexicon::LoadDirectory(const std::string& dir) {
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) {
    return Status::NotFound("lexicon directory " + dir + " does not exist");
  }
  std::vector<std::string> files;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    if (entry.is_regular_file() && entry.path().extension() == ".json") {
      files.push_back(entry.path().string());
    }
  }
  if (ec) return Status::IOError(dir + ": " + ec.message());
  std::sort(files.begin(), files.end());
  for (const std::string& f : files) {
    Status s = LoadFile(f);
    if (!s.ok()) return s;
  }
  return Status::OK();
}

Status Lexicon::LoadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::NotFound(path + ": cannot open lexicon file");
  std::stringstream buffer;
  buffer << in.rdbuf();
  return LoadJson(path, buffer.str());
}

Status Lexicon::LoadJson(const std::string& path, const std::string& content) {
  fingerprint_.Add(content);
  const size_t bad = utf8::FindInvalid(content);
  if (bad != std::string::npos) {
    return Status::InvalidArgument(path + ":" + std::to_string(LineOf(content, bad)) +
                                   ": invalid UTF-8 at byte offset " + std::to_string(bad));
  }
  json root;
  try {
    root = json::parse(content);
  } catch (const json::parse_error& e) {
    return Status::InvalidArgument(path + ":" + std::to_string(LineOf(content, e.byte)) +
                                   ": not valid JSON: " + e.what());
  }
  if (!root.is_object()) return Status::InvalidArgument(path + ": the top level must be an object");
  try {
    if (root.contains("entities")) {
      for (const json& e : root.at("entities")) {
        LexiconEntity entity;
        entity.id = e.at("id").get<std::string>();
        entity.label = e.value("label", entity.id);
        entity.kind = e.at("kind").get<std::string>();
        entity.wikidata = e.value("wikidata", "");
        entity.source = path;
        if (entity.id.empty()) return Status::InvalidArgument(path + ": an entity has an empty id");
        if (!IsEntityKind(entity.kind)) {
          return Status::InvalidArgument(path + ": entity \"" + entity.id +
                                         "\" has unknown kind \"" + entity.kind + "\"");
        }
        entity.aliases.push_back(entity.label);
        Status s =
            ReadStrings(e, "aliases", path + ": entity \"" + entity.id + "\"", &entity.aliases);
        if (!s.ok()) return s;
        auto it = entity_index_.find(entity.id);
        if (it != entity_index_.end()) {
          entities_[it->second] = std::move(entity);  // a later file wins
        } else {
          entity_index_[entity.id] = entities_.size();
          entities_.push_back(std::move(entity));
        }
      }
    }
    if (root.contains("relations")) {
      for (const json& r : root.at("relations")) {
        RawRelation rel;
        rel.predicate = r.at("predicate").get<std::string>();
        if (!IsKnownPredicate(rel.predicate)) {
          return Status::InvalidArgument(path + ": unknown predicate \"" + rel.predicate + "\"");
        }
        const std::string where = path + ": relation \"" + rel.predicate + "\"";
        Status s = ReadStrings(r, "subject_kinds", where, &rel.subject_kinds);
        if (s.ok()) s = ReadStrings(r, "object_kinds", where, &rel.object_kinds);
        if (s.ok()) s = ReadStrings(r, "triggers", where, &rel.triggers);
        if (s.ok()) s = ReadStrings(r, "nominal_triggers", where, &rel.nominal_triggers);
        if (!s.ok()) return s;
        for (const auto* kinds : {&rel.subject_kinds, &rel.object_kinds}) {
          for (const std::string& k : *kinds) {
            if (!IsEntityKind(k))
              return Status::InvalidArgument(where + ": unknown kind \"" + k + "\"");
          }
        }
        rel.symmetric = r.value("symmetric", false);
        rel.inverse = r.value("inverse", false);
        rel.apposition = r.value("apposition", false);
        rel.verb_first = r.value("verb_first", true);
        rel.single_object = r.value("single_object", false);
        rel.locative = r.value("locative", false);
        raw_relations_.push_back(std::move(rel));
      }
    }
    if (root.contains("descriptions")) {
      for (const json& c : root.at("descriptions")) {
        const std::string kind = c.at("kind").get<std::string>();
        if (!IsEntityKind(kind)) {
          return Status::InvalidArgument(path + ": description with unknown kind \"" + kind + "\"");
        }
        std::vector<std::string> words;
        Status s = ReadStrings(c, "words", path + ": description", &words);
        if (!s.ok()) return s;
        for (const std::string& w : words) descriptions_[FoldForMatch(w)] = kind;
      }
    }
    if (root.contains("modality")) {
      for (const auto& [kind, words] : root.at("modality").items()) {
        for (const json& w : words) modality_[FoldForMatch(w.get<std::string>())] = kind;
      }
    }
    if (root.contains("scales")) {
      for (const auto& [word, factor] : root.at("scales").items()) {
        scales_[FoldForMatch(word)] = factor.get<double>();
      }
    }
    if (root.contains("quantity_units")) {
      for (const json& w : root.at("quantity_units")) {
        quantity_units_.insert(FoldForMatch(w.get<std::string>()));
      }
    }
    if (root.contains("months")) {
      for (const auto& [number, words] : root.at("months").items()) {
        const int month = std::atoi(number.c_str());
        if (month < 1 || month > 12) {
          return Status::InvalidArgument(path + ": month \"" + number + "\" is not 1..12");
        }
        for (const json& w : words) raw_months_.emplace_back(w.get<std::string>(), month);
      }
    }
    if (root.contains("relative_dates")) {
      for (const json& r : root.at("relative_dates")) {
        for (const json& w : r.at("words")) {
          raw_relative_dates_.emplace_back(w.get<std::string>(), r.value("days", 0),
                                           r.value("months", 0));
        }
      }
    }
    if (root.contains("currencies")) {
      for (const auto& [code, words] : root.at("currencies").items()) {
        for (const json& w : words) raw_currencies_.emplace_back(w.get<std::string>(), code);
      }
    }
    if (root.contains("nationalities")) {
      for (const json& n : root.at("nationalities")) {
        const std::string entity = n.at("entity").get<std::string>();
        std::vector<std::string> words;
        Status s = ReadStrings(n, "words", path + ": nationality \"" + entity + "\"", &words);
        if (!s.ok()) return s;
        for (std::string& w : words) raw_nationalities_.emplace_back(std::move(w), entity);
      }
    }
    if (root.contains("cues")) {
      for (const json& c : root.at("cues")) {
        const std::string kind = c.at("kind").get<std::string>();
        if (!IsEntityKind(kind)) {
          return Status::InvalidArgument(path + ": cue with unknown kind \"" + kind + "\"");
        }
        std::vector<std::string> words;
        Status s = ReadStrings(c, "words", path + ": cue", &words);
        if (!s.ok()) return s;
        for (std::string& w : words) raw_cues_.emplace_back(std::move(w), kind);
      }
    }
    const std::pair<const char*, std::vector<std::string>*> lists[] = {
        {"speech_verbs", &raw_speech_verbs_},
        {"complementizers", &raw_complementizers_},
        {"negation", &raw_negations_},
        {"negation_exceptions", &raw_negation_exceptions_},
        {"coordinators", &raw_coordinators_},
        {"maker_connectors", &raw_maker_connectors_},
        {"attribution_phrases", &raw_attributions_},
        {"model_code_stopwords", &raw_model_code_stopwords_},
        {"name_stopwords", &raw_name_stopwords_},
        {"name_terminators", &raw_name_terminators_},
        {"attribution_particles", &raw_attribution_particles_},
        {"content_verbs", &raw_content_verbs_},
        {"example_markers", &raw_example_markers_},
        {"state_actions", &raw_state_actions_},
        {"pronoun_complementizers", &raw_pronoun_complementizers_},
        {"locative_particles", &raw_locative_particles_},
        {"separating_particles", &raw_separating_particles_},
        {"state_nouns", &raw_state_nouns_},
        {"state_attribute_nouns", &raw_state_attribute_nouns_},
    };
    for (const auto& [key, out] : lists) {
      Status s = ReadStrings(root, key, path, out);
      if (!s.ok()) return s;
    }
    if (root.contains("clitics")) {
      const json& c = root.at("clitics");
      Status s = ReadStrings(c, "conjunctions", path + ": clitics", &conjunctions_);
      if (s.ok()) s = ReadStrings(c, "prepositions", path + ": clitics", &prepositions_);
      if (s.ok()) s = ReadStrings(c, "articles", path + ": clitics", &articles_);
      if (s.ok()) s = ReadStrings(c, "fused_articles", path + ": clitics", &fused_articles_);
      if (s.ok()) s = ReadStrings(c, "enclitics", path + ": clitics", &enclitics_);
      if (s.ok()) s = ReadStrings(c, "particles", path + ": clitics", &particles_);
      if (!s.ok()) return s;
      for (auto* list : {&conjunctions_, &particles_, &prepositions_, &articles_, &fused_articles_,
                         &enclitics_}) {
        for (std::string& w : *list) w = FoldForMatch(w);
      }
    }
  } catch (const json::exception& e) {
    return Status::InvalidArgument(path + ": " + e.what());
  }
  return Status::OK();
}

size_t Lexicon::MatchKeys(std::string_view folded, std::vector<std::string>* keys) const {
  keys->clear();
  keys->emplace_back(folded);
  // Each stage strips one optional clitic class from every form so far; a
  // form shorter than two letters is not a word and is not kept.
  auto stage = [&](const std::vector<std::string>& clitics) {
    const size_t n = keys->size();
    for (size_t i = 0; i < n; ++i) {
      for (const std::string& c : clitics) {
        const std::string& form = (*keys)[i];
        if (StartsWith(form, c) && CodePoints(form) >= CodePoints(c) + 2) {
          std::string rest = form.substr(c.size());
          if (std::find(keys->begin(), keys->end(), rest) == keys->end()) {
            keys->push_back(std::move(rest));
          }
        }
      }
    }
  };
  // Function words (قال، إن، لا) take only the conjunction, the future
  // particle and enclitics: with a preposition off, "كان" would read as "أن".
  stage(conjunctions_);
  stage(particles_);
  // Enclitics at the end: "وقالت" → "قال", "شرائها" → "شراء". Only forms of
  // at least two letters are kept, as for proclitics.
  const size_t n = keys->size();
  for (size_t i = 0; i < n; ++i) {
    for (const std::string& e : enclitics_) {
      const std::string& form = (*keys)[i];
      if (form.size() > e.size() && form.compare(form.size() - e.size(), e.size(), e) == 0 &&
          CodePoints(form) >= CodePoints(e) + 2) {
        std::string rest = form.substr(0, form.size() - e.size());
        if (std::find(keys->begin(), keys->end(), rest) == keys->end()) {
          keys->push_back(std::move(rest));
        }
      }
    }
  }
  const size_t function_keys = keys->size();
  stage(prepositions_);
  stage(fused_articles_);
  stage(articles_);
  return function_keys;
}

std::string Lexicon::CoreKey(std::string_view folded) const {
  for (const std::string& a : articles_) {
    if (StartsWith(folded, a) && CodePoints(folded) >= CodePoints(a) + 2) {
      return std::string(folded.substr(a.size()));
    }
  }
  return std::string(folded);
}

Phrase Lexicon::ToPhrase(std::string_view text, bool trigger) const {
  std::vector<Token> tokens;
  Tokenizer::Tokenize(text, {0, static_cast<uint32_t>(text.size())}, &tokens);
  Phrase phrase;
  for (const Token& t : tokens) {
    // Punctuation inside an alias ("U.S.", "Nvidia's") is not matched.
    if (!t.IsWord()) continue;
    std::string core = CoreKey(t.folded);
    if (trigger && core.size() < t.folded.size() && CodePoints(core) < 4) core = t.folded;
    phrase.push_back(std::move(core));
  }
  return phrase;
}

Status Lexicon::Finalize() {
  alias_index_.clear();
  alias_count_ = 0;
  for (size_t i = 0; i < entities_.size(); ++i) {
    for (const std::string& alias : entities_[i].aliases) {
      Phrase words = ToPhrase(alias);
      if (words.empty()) {
        return Status::InvalidArgument(entities_[i].source + ": alias \"" + alias +
                                       "\" of entity \"" + entities_[i].id + "\" folds to nothing");
      }
      auto& bucket = alias_index_[words.front()];
      const bool dup = std::any_of(bucket.begin(), bucket.end(), [&](const AliasEntry& e) {
        return e.entity == i && e.words == words;
      });
      if (dup) continue;
      bucket.push_back({std::move(words), i});
      ++alias_count_;
    }
  }
  // Longer aliases first so that the first full match in a bucket is the longest.
  for (auto& [key, bucket] : alias_index_) {
    std::stable_sort(bucket.begin(), bucket.end(), [](const AliasEntry& a, const AliasEntry& b) {
      return a.words.size() > b.words.size();
    });
  }
  relations_.clear();
  for (const RawRelation& raw : raw_relations_) {
    RelationSpec spec;
    spec.predicate = raw.predicate;
    spec.subject_kinds = raw.subject_kinds;
    spec.object_kinds = raw.object_kinds;
    spec.symmetric = raw.symmetric;
    spec.inverse = raw.inverse;
    spec.apposition = raw.apposition;
    spec.verb_first = raw.verb_first;
    spec.single_object = raw.single_object;
    spec.locative = raw.locative;
    for (const std::string& t : raw.triggers) {
      Phrase p = ToPhrase(t, true);
      if (!p.empty()) spec.triggers.push_back(std::move(p));
    }
    for (const std::string& t : raw.nominal_triggers) {
      Phrase p = ToPhrase(t, true);
      if (!p.empty()) spec.nominal_triggers.push_back(std::move(p));
    }
    relations_.push_back(std::move(spec));
  }
  cues_.clear();
  for (const auto& [words, kind] : raw_cues_) {
    Phrase p = ToPhrase(words);
    if (!p.empty()) cues_.push_back({std::move(p), kind});
  }
  const std::pair<const std::vector<std::string>*, std::unordered_set<std::string>*> sets[] = {
      {&raw_speech_verbs_, &speech_verbs_},
      {&raw_complementizers_, &complementizers_},
      {&raw_negations_, &negations_},
      {&raw_negation_exceptions_, &negation_exceptions_},
      {&raw_coordinators_, &coordinators_},
      {&raw_maker_connectors_, &maker_connectors_},
      {&raw_model_code_stopwords_, &model_code_stopwords_},
      {&raw_name_stopwords_, &name_stopwords_},
      {&raw_name_terminators_, &name_terminators_},
      {&raw_attribution_particles_, &attribution_particles_},
      {&raw_content_verbs_, &content_verbs_},
      {&raw_example_markers_, &example_markers_},
      {&raw_state_actions_, &state_actions_},
      {&raw_pronoun_complementizers_, &pronoun_complementizers_},
      {&raw_locative_particles_, &locative_particles_},
      {&raw_separating_particles_, &separating_particles_},
  };
  for (const auto& [raw, set] : sets) {
    set->clear();
    for (const std::string& w : *raw) set->insert(FoldForMatch(w));
  }
  nationalities_.clear();
  for (const auto& [words, entity] : raw_nationalities_) {
    if (FindEntity(entity) == nullptr) {
      return Status::InvalidArgument("nationality \"" + words + "\" names unknown entity \"" +
                                     entity + "\"");
    }
    Phrase p = ToPhrase(words);
    if (!p.empty()) nationalities_.push_back({std::move(p), entity});
  }
  for (const auto& [raw, phrases] :
       {std::pair{&raw_state_nouns_, &state_nouns_},
        std::pair{&raw_state_attribute_nouns_, &state_attribute_nouns_}}) {
    phrases->clear();
    for (const std::string& w : *raw) {
      Phrase p = ToPhrase(w);
      if (!p.empty()) phrases->push_back(std::move(p));
    }
  }
  months_.clear();
  for (const auto& [words, month] : raw_months_) {
    Phrase p = ToPhrase(words);
    if (!p.empty()) months_.push_back({std::move(p), month});
  }
  relative_dates_.clear();
  for (const auto& [words, days, months] : raw_relative_dates_) {
    Phrase p = ToPhrase(words);
    if (!p.empty()) relative_dates_.push_back({std::move(p), days, months});
  }
  currencies_.clear();
  for (const auto& [words, code] : raw_currencies_) {
    Phrase p = ToPhrase(words);
    if (!p.empty()) currencies_.push_back({std::move(p), code});
  }
  attribution_phrases_.clear();
  for (const std::string& a : raw_attributions_) {
    Phrase p = ToPhrase(a);
    if (!p.empty()) attribution_phrases_.push_back(std::move(p));
  }
  return Status::OK();
}

std::vector<std::string> Lexicon::AliasConflicts() const {
  std::map<Phrase, std::set<std::string>> owners;
  for (const auto& [key, bucket] : alias_index_) {
    for (const AliasEntry& e : bucket) owners[e.words].insert(entities_[e.entity].id);
  }
  std::vector<std::string> out;
  for (const auto& [words, ids] : owners) {
    if (ids.size() < 2) continue;
    std::string line;
    for (const std::string& w : words) line += (line.empty() ? "" : " ") + w;
    line += ":";
    for (const std::string& id : ids) line += " " + id;
    out.push_back(std::move(line));
  }
  return out;
}

const LexiconEntity* Lexicon::FindEntity(std::string_view id) const {
  auto it = entity_index_.find(std::string(id));
  return it == entity_index_.end() ? nullptr : &entities_[it->second];
}

const std::vector<Lexicon::AliasEntry>* Lexicon::AliasesStartingWith(const std::string& key) const {
  auto it = alias_index_.find(key);
  return it == alias_index_.end() ? nullptr : &it->second;
}

}  // namespace isnad
