#include "query/name_resolver.h"

#include <algorithm>
#include <unordered_map>

#include "base/edit_distance.h"
#include "base/fold.h"

namespace isnad {

namespace {

// True when `word` occurs in `text` between spaces or at its ends.
bool ContainsWord(std::string_view text, std::string_view word) {
  for (size_t at = text.find(word); at != std::string_view::npos; at = text.find(word, at + 1)) {
    const bool starts = at == 0 || text[at - 1] == ' ';
    const bool ends = at + word.size() == text.size() || text[at + word.size()] == ' ';
    if (starts && ends) return true;
  }
  return false;
}

}  // namespace

Status NameResolver::Resolve(std::string_view name, TermId* id) const {
  std::vector<TermId> ids;
  Status s = store_.FindByName(name, &ids);
  if (!s.ok()) return s;
  if (ids.size() == 1) {
    *id = ids[0];
    return Status::OK();
  }
  if (ids.size() > 1) {
    std::string list;
    for (TermId candidate : ids) {
      NodeRecord n;
      s = store_.GetNode(candidate, &n);
      if (!s.ok()) return s;
      list += "\n  " + n.label + "  (" + n.kind + ", " + n.key + ")";
    }
    // Built with append: GCC 12 warns falsely (-Wrestrict) on "literal" + string.
    std::string message(1, '"');
    message.append(name).append("\" is ambiguous; it names:").append(list);
    return Status::InvalidArgument(message);
  }
  std::vector<Suggestion> near;
  s = Suggest(name, 5, &near);
  if (!s.ok()) return s;
  std::string message = "unknown entity \"";
  message.append(name).append("\"");
  if (!near.empty()) {
    message += "; did you mean:";
    for (const Suggestion& n : near) message += "\n  " + n.label + "  (" + n.kind + ")";
  }
  return Status::NotFound(message);
}

Status NameResolver::Suggest(std::string_view name, size_t max,
                             std::vector<Suggestion>* out) const {
  out->clear();
  const std::string folded = FoldForMatch(name);
  if (folded.empty()) return Status::OK();
  const std::u32string wanted = ToCodePoints(folded);
  const size_t limit = std::clamp<size_t>(wanted.size() / 3, 1, 3);
  std::unordered_map<TermId, size_t> best;  // node -> nearest distance
  Status s = store_.ForEachName([&](std::string_view candidate, TermId node) {
    size_t d = EditDistance(wanted, ToCodePoints(candidate), limit);
    // A longer name holding the typed one as a word ("huawei" in "huawei
    // technologies") is near too, though far in edits.
    if (d > limit && wanted.size() >= 3 && ContainsWord(candidate, folded)) d = limit;
    if (d > limit) return true;
    auto [it, fresh] = best.emplace(node, d);
    if (!fresh) it->second = std::min(it->second, d);
    return true;
  });
  if (!s.ok()) return s;
  for (const auto& [node, distance] : best) {
    NodeRecord n;
    if (!store_.GetNode(node, &n).ok()) continue;
    out->push_back({node, n.label, n.kind, distance});
  }
  std::sort(out->begin(), out->end(), [](const Suggestion& a, const Suggestion& b) {
    if (a.distance != b.distance) return a.distance < b.distance;
    return a.label < b.label;
  });
  if (out->size() > max) out->resize(max);
  return Status::OK();
}

}  // namespace isnad
