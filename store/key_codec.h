// Byte layouts of the store's keys. Integers are fixed-width big-endian so
// that RocksDB's bytewise order is numeric order and every pattern with a
// bound term is a prefix of the index keys.
//
//   spo index:  S(4) P(4) O(4) N(1)      N = 1 when the edge is negated
//   pos index:  P(4) O(4) S(4) N(1)
//   osp index:  O(4) S(4) P(4) N(1)
//   provenance: spo key(13) DOC(4) SENTENCE(4) ORDINAL(2)
#ifndef ISNAD_STORE_KEY_CODEC_H_
#define ISNAD_STORE_KEY_CODEC_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "store/triple_store.h"

namespace isnad::keys {

enum class Permutation { kSpo, kPos, kOsp };

constexpr size_t kEdgeKeySize = 13;
constexpr size_t kProvenanceKeySize = kEdgeKeySize + 4 + 4 + 2;

void PutFixed32(std::string* dst, uint32_t v);
uint32_t GetFixed32(std::string_view src);  // src.size() >= 4

std::string EncodeEdge(Permutation perm, const EdgeKey& edge);
// Decodes a key of `perm` (at least kEdgeKeySize bytes) into an EdgeKey.
EdgeKey DecodeEdge(Permutation perm, std::string_view key);

std::string EncodeProvenance(const EdgeKey& edge, TermId doc, uint32_t sentence, uint16_t ordinal);

}  // namespace isnad::keys

#endif  // ISNAD_STORE_KEY_CODEC_H_
