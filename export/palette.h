// How a graph looks the moment Gephi opens it: one colour per node kind and
// a size that grows with degree, shared by the GraphML and GEXF exports.
//
// Palette (RGB): company 31,119,180 (blue) · government 214,39,40 (red) ·
// person 44,160,44 (green) · chip 255,127,14 (orange) · product 148,103,189
// (purple) · organization 140,86,75 (brown) · place 23,190,207 (cyan) ·
// statement 127,127,127 (grey); anything else 188,189,34 (olive).
#ifndef ISNAD_EXPORT_PALETTE_H_
#define ISNAD_EXPORT_PALETTE_H_

#include <cmath>
#include <string_view>

namespace isnad {

struct Rgb {
  int r, g, b;
};

inline Rgb KindColor(std::string_view kind) {
  if (kind == "company") return {31, 119, 180};
  if (kind == "government") return {214, 39, 40};
  if (kind == "person") return {44, 160, 44};
  if (kind == "chip") return {255, 127, 14};
  if (kind == "product") return {148, 103, 189};
  if (kind == "organization") return {140, 86, 75};
  if (kind == "place") return {23, 190, 207};
  if (kind == "statement") return {127, 127, 127};
  return {188, 189, 34};
}

// 10 for an isolated node, +6 per doubling of its degree.
inline double DegreeSize(size_t degree) { return 10.0 + 6.0 * std::log2(1.0 + degree); }

}  // namespace isnad

#endif  // ISNAD_EXPORT_PALETTE_H_
