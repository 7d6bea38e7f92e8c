// A stable 64-bit hash (FNV-1a) for content fingerprints that are stored on
// disk and compared across runs and machines; std::hash promises neither.
#ifndef ISNAD_BASE_HASH_H_
#define ISNAD_BASE_HASH_H_

#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>

namespace isnad {

class Fingerprint {
 public:
  // Adds `data` and a separator, so that ("ab","c") and ("a","bc") differ.
  Fingerprint& Add(std::string_view data) {
    for (unsigned char c : data) {
      state_ ^= c;
      state_ *= 0x100000001b3ULL;
    }
    state_ ^= 0xff;
    state_ *= 0x100000001b3ULL;
    return *this;
  }
  Fingerprint& Add(uint64_t v) {
    char buf[8];
    for (int i = 0; i < 8; ++i) buf[i] = static_cast<char>(v >> (8 * i));
    return Add(std::string_view(buf, 8));
  }
  uint64_t value() const { return state_; }
  std::string Hex() const {
    char buf[17];
    std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(state_));
    return buf;
  }

 private:
  uint64_t state_ = 0xcbf29ce484222325ULL;
};

}  // namespace isnad

#endif  // ISNAD_BASE_HASH_H_
