#include "store/key_codec.h"

#include <tuple>

namespace isnad {

bool EdgeKey::operator<(const EdgeKey& o) const {
  return std::tie(subject, predicate, object, negated) <
         std::tie(o.subject, o.predicate, o.object, o.negated);
}

bool EdgeKey::operator==(const EdgeKey& o) const {
  return subject == o.subject && predicate == o.predicate && object == o.object &&
         negated == o.negated;
}

namespace keys {

void PutFixed32(std::string* dst, uint32_t v) {
  const char buf[4] = {static_cast<char>(v >> 24), static_cast<char>(v >> 16),
                       static_cast<char>(v >> 8), static_cast<char>(v)};
  dst->append(buf, 4);
}

uint32_t GetFixed32(std::string_view src) {
  const auto* p = reinterpret_cast<const unsigned char*>(src.data());
  return (uint32_t{p[0]} << 24) | (uint32_t{p[1]} << 16) | (uint32_t{p[2]} << 8) | p[3];
}

std::string EncodeEdge(Permutation perm, const EdgeKey& e) {
  std::string key;
  key.reserve(kEdgeKeySize);
  uint32_t a = e.subject, b = e.predicate, c = e.object;
  if (perm == Permutation::kPos) {
    a = e.predicate, b = e.object, c = e.subject;
  } else if (perm == Permutation::kOsp) {
    a = e.object, b = e.subject, c = e.predicate;
  }
  PutFixed32(&key, a);
  PutFixed32(&key, b);
  PutFixed32(&key, c);
  key.push_back(e.negated ? 1 : 0);
  return key;
}

EdgeKey DecodeEdge(Permutation perm, std::string_view key) {
  const uint32_t a = GetFixed32(key), b = GetFixed32(key.substr(4)), c = GetFixed32(key.substr(8));
  EdgeKey e;
  e.negated = key[12] != 0;
  switch (perm) {
    case Permutation::kSpo:
      e.subject = a, e.predicate = b, e.object = c;
      break;
    case Permutation::kPos:
      e.predicate = a, e.object = b, e.subject = c;
      break;
    case Permutation::kOsp:
      e.object = a, e.subject = b, e.predicate = c;
      break;
  }
  return e;
}

std::string EncodeProvenance(const EdgeKey& edge, TermId doc, uint32_t sentence, uint16_t ordinal) {
  std::string key = EncodeEdge(Permutation::kSpo, edge);
  PutFixed32(&key, doc);
  PutFixed32(&key, sentence);
  key.push_back(static_cast<char>(ordinal >> 8));
  key.push_back(static_cast<char>(ordinal));
  return key;
}

}  // namespace keys
}  // namespace isnad
