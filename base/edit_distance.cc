#include "base/edit_distance.h"

#include <algorithm>
#include <vector>

#include "base/utf8.h"

namespace isnad {

std::u32string ToCodePoints(std::string_view text) {
  std::u32string out;
  size_t pos = 0;
  while (pos < text.size()) out.push_back(utf8::Decode(text, &pos));
  return out;
}

size_t EditDistance(std::u32string_view a, std::u32string_view b, size_t max) {
  if (a.size() > b.size()) std::swap(a, b);
  if (b.size() - a.size() > max) return max + 1;
  // One row of the dynamic programme; a row whose minimum exceeds `max`
  // means every later one does too.
  std::vector<size_t> row(a.size() + 1);
  for (size_t i = 0; i <= a.size(); ++i) row[i] = i;
  for (size_t j = 1; j <= b.size(); ++j) {
    size_t diagonal = row[0];
    row[0] = j;
    size_t row_min = row[0];
    for (size_t i = 1; i <= a.size(); ++i) {
      const size_t above = row[i];
      row[i] = std::min({row[i] + 1, row[i - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
      row_min = std::min(row_min, row[i]);
    }
    if (row_min > max) return max + 1;
  }
  return std::min(row[a.size()], max + 1);
}

}  // namespace isnad
