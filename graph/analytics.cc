#include "graph/analytics.h"

#include <algorithm>
#include <boost/graph/betweenness_centrality.hpp>
#include <boost/graph/compressed_sparse_row_graph.hpp>
#include <boost/pending/disjoint_sets.hpp>
#include <cmath>
#include <numeric>
#include <random>
#include <utility>

namespace isnad::analytics {

namespace {

constexpr uint32_t kNone = std::numeric_limits<uint32_t>::max();

// Compressed rows: row r's entries are column[offset[r] .. offset[r + 1]),
// with their weights.
struct Csr {
  std::vector<size_t> offset;
  std::vector<uint32_t> column;
  std::vector<double> weight;
  uint32_t rows() const { return static_cast<uint32_t>(offset.size() - 1); }
};

// Groups the entries (row[i], column[i], weight[i]) into `n` rows, each
// (row, column) pair once with the weights of its duplicates summed. Within
// a row, columns keep the order of their first entry: the result depends on
// the entries' order only, never on hashing or addresses.
Csr MergeIntoRows(uint32_t n, const std::vector<uint32_t>& row, const std::vector<uint32_t>& column,
                  const std::vector<double>& weight) {
  Csr csr;
  csr.offset.assign(size_t{n} + 1, 0);
  for (uint32_t r : row) ++csr.offset[r + 1];
  for (uint32_t r = 0; r < n; ++r) csr.offset[r + 1] += csr.offset[r];
  csr.column.resize(row.size());
  csr.weight.resize(row.size());
  std::vector<size_t> next(csr.offset.begin(), csr.offset.end() - 1);
  for (size_t i = 0; i < row.size(); ++i) {
    const size_t at = next[row[i]]++;
    csr.column[at] = column[i];
    csr.weight[at] = weight[i];
  }
  // Merge duplicates, compacting in place: slot[c] is where column c went
  // in the current row, valid while owner[c] is that row.
  std::vector<uint32_t> owner(n, kNone);
  std::vector<size_t> slot(n, 0);
  size_t out = 0;
  for (uint32_t r = 0; r < n; ++r) {
    const size_t begin = csr.offset[r], end = csr.offset[r + 1];
    csr.offset[r] = out;
    for (size_t i = begin; i < end; ++i) {
      const uint32_t c = csr.column[i];
      if (owner[c] == r) {
        csr.weight[slot[c]] += csr.weight[i];
        continue;
      }
      owner[c] = r;
      slot[c] = out;
      csr.column[out] = c;
      csr.weight[out] = csr.weight[i];
      ++out;
    }
  }
  csr.offset[n] = out;
  csr.column.resize(out);
  csr.weight.resize(out);
  return csr;
}

// The simple directed graph of the arcs: each u->v once, no self-loops.
Csr SimpleDigraph(const ArcList& arcs) {
  std::vector<uint32_t> from, to;
  from.reserve(arcs.size());
  to.reserve(arcs.size());
  for (size_t i = 0; i < arcs.size(); ++i) {
    if (arcs.source[i] == arcs.target[i]) continue;
    from.push_back(arcs.source[i]);
    to.push_back(arcs.target[i]);
  }
  return MergeIntoRows(arcs.vertices, from, to, std::vector<double>(from.size(), 1.0));
}

}  // namespace

// ---- PageRank -------------------------------------------------------------------

Status PageRank(const ArcList& arcs, const PageRankOptions& options, PageRankResult* result) {
  if (!(options.damping >= 0 && options.damping < 1)) {
    return Status::InvalidArgument("PageRank damping must be in [0, 1)");
  }
  if (options.max_iterations < 1) {
    return Status::InvalidArgument("PageRank needs at least one iteration");
  }
  *result = PageRankResult();
  const uint32_t n = arcs.vertices;
  if (n == 0) {
    result->converged = true;
    return Status::OK();
  }
  // Out-arcs merged per target: unweighted, each distinct target weighs 1.
  Csr out = MergeIntoRows(n, arcs.source, arcs.target, arcs.weight);
  if (!options.weighted) std::fill(out.weight.begin(), out.weight.end(), 1.0);
  std::vector<double> out_weight(n, 0.0);
  std::vector<uint32_t> dangling;
  for (uint32_t u = 0; u < n; ++u) {
    for (size_t i = out.offset[u]; i < out.offset[u + 1]; ++i) out_weight[u] += out.weight[i];
    if (out_weight[u] == 0) dangling.push_back(u);
  }
  // The transpose, with each arc's share w(u,v)/W(u) precomputed, so that an
  // iteration is one multiply-add per arc reading x in source order.
  std::vector<size_t> in_offset(size_t{n} + 1, 0);
  for (uint32_t v : out.column) ++in_offset[v + 1];
  for (uint32_t v = 0; v < n; ++v) in_offset[v + 1] += in_offset[v];
  std::vector<uint32_t> in_source(out.column.size());
  std::vector<double> in_share(out.column.size());
  {
    std::vector<size_t> next(in_offset.begin(), in_offset.end() - 1);
    for (uint32_t u = 0; u < n; ++u) {
      for (size_t i = out.offset[u]; i < out.offset[u + 1]; ++i) {
        if (out.weight[i] == 0) continue;  // carries nothing
        const size_t at = next[out.column[i]]++;
        in_source[at] = u;
        in_share[at] = out.weight[i] / out_weight[u];
      }
    }
    // Zero-weight arcs left holes at the ends of their rows: close them.
    size_t write = 0;
    for (uint32_t v = 0; v < n; ++v) {
      const size_t begin = in_offset[v], end = next[v];
      in_offset[v] = write;
      for (size_t i = begin; i < end; ++i, ++write) {
        in_source[write] = in_source[i];
        in_share[write] = in_share[i];
      }
    }
    in_offset[n] = write;
  }
  const double d = options.damping;
  std::vector<double> x(n, 1.0 / n), next(n);
  for (int iteration = 1; iteration <= options.max_iterations; ++iteration) {
    double dangling_rank = 0;
    for (uint32_t u : dangling) dangling_rank += x[u];
    const double base = (1 - d) / n + d * dangling_rank / n;
    double change = 0;
    for (uint32_t v = 0; v < n; ++v) {
      double sum = 0;
      for (size_t i = in_offset[v]; i < in_offset[v + 1]; ++i) sum += x[in_source[i]] * in_share[i];
      next[v] = base + d * sum;
      change += std::fabs(next[v] - x[v]);
    }
    x.swap(next);
    result->iterations = iteration;
    result->last_change = change;
    if (change < options.tolerance) {
      result->converged = true;
      break;
    }
  }
  result->rank = std::move(x);
  return Status::OK();
}

// ---- Degree -------------------------------------------------------------------------

std::vector<double> Degree(const ArcList& arcs, bool weighted) {
  std::vector<double> degree(arcs.vertices, 0.0);
  for (size_t i = 0; i < arcs.size(); ++i) {
    const double w = weighted ? arcs.weight[i] : 1.0;
    degree[arcs.source[i]] += w;
    degree[arcs.target[i]] += w;
  }
  return degree;
}

// ---- Betweenness ----------------------------------------------------------------------

namespace {

// Brandes' accumulation from each of `sources` on the simple digraph `g`,
// added to `centrality` (unnormalised: pairs (s, t) through v, ordered).
void BrandesFrom(const Csr& g, const std::vector<uint32_t>& sources,
                 std::vector<double>* centrality) {
  const uint32_t n = g.rows();
  std::vector<int64_t> distance(n, -1);
  std::vector<double> paths(n, 0.0), dependency(n, 0.0);
  std::vector<uint32_t> order;  // BFS order, also the BFS queue
  order.reserve(n);
  for (uint32_t s : sources) {
    order.clear();
    order.push_back(s);
    distance[s] = 0;
    paths[s] = 1;
    for (size_t head = 0; head < order.size(); ++head) {
      const uint32_t v = order[head];
      for (size_t i = g.offset[v]; i < g.offset[v + 1]; ++i) {
        const uint32_t w = g.column[i];
        if (distance[w] < 0) {
          distance[w] = distance[v] + 1;
          order.push_back(w);
        }
        if (distance[w] == distance[v] + 1) paths[w] += paths[v];
      }
    }
    // In reverse BFS order every successor w of v is done before v.
    for (size_t k = order.size(); k-- > 0;) {
      const uint32_t v = order[k];
      for (size_t i = g.offset[v]; i < g.offset[v + 1]; ++i) {
        const uint32_t w = g.column[i];
        if (distance[w] == distance[v] + 1) {
          dependency[v] += paths[v] / paths[w] * (1 + dependency[w]);
        }
      }
      if (v != s) (*centrality)[v] += dependency[v];
    }
    for (uint32_t v : order) {
      distance[v] = -1;
      paths[v] = 0;
      dependency[v] = 0;
    }
  }
}

}  // namespace

Status Betweenness(const ArcList& arcs, const BetweennessOptions& options,
                   BetweennessResult* result) {
  *result = BetweennessResult();
  const uint32_t n = arcs.vertices;
  result->centrality.assign(n, 0.0);
  if (n == 0) return Status::OK();
  const Csr g = SimpleDigraph(arcs);
  if (options.samples == 0) {
    // Boost's implementation, on a compressed-sparse-row copy of the simple
    // digraph (rows are already in source order).
    using BoostCsr =
        boost::compressed_sparse_row_graph<boost::directedS, boost::no_property, boost::no_property,
                                           boost::no_property, uint32_t, uint32_t>;
    std::vector<std::pair<uint32_t, uint32_t>> pairs;
    pairs.reserve(g.column.size());
    for (uint32_t u = 0; u < n; ++u) {
      for (size_t i = g.offset[u]; i < g.offset[u + 1]; ++i) pairs.emplace_back(u, g.column[i]);
    }
    const BoostCsr boost_graph(boost::edges_are_sorted, pairs.begin(), pairs.end(), n);
    boost::brandes_betweenness_centrality(
        boost_graph, boost::centrality_map(boost::make_iterator_property_map(
                         result->centrality.begin(), get(boost::vertex_index, boost_graph))));
    result->sources = n;
  } else {
    // Pivots: the first k of a Fisher-Yates shuffle driven by mt19937_64,
    // whose output the standard fixes (std::uniform_int_distribution's is
    // not), so the same seed picks the same pivots everywhere.
    const uint32_t k = std::min(options.samples, n);
    std::vector<uint32_t> vertex(n);
    std::iota(vertex.begin(), vertex.end(), 0);
    std::mt19937_64 random(options.seed);
    for (uint32_t i = 0; i < k; ++i) {
      const uint32_t pick = i + static_cast<uint32_t>(random() % (n - i));
      std::swap(vertex[i], vertex[pick]);
    }
    vertex.resize(k);
    BrandesFrom(g, vertex, &result->centrality);
    result->sources = k;
    result->sampled = k < n;
  }
  if (n <= 2) return Status::OK();  // no vertex lies between two others
  const double scale =
      1.0 / ((static_cast<double>(n) - 1) * (static_cast<double>(n) - 2)) * n / result->sources;
  for (double& c : result->centrality) c *= scale;
  return Status::OK();
}

// ---- Components -----------------------------------------------------------------------

Components WeaklyConnectedComponents(const ArcList& arcs) {
  const uint32_t n = arcs.vertices;
  std::vector<uint32_t> rank(n), parent(n);
  using Map = boost::iterator_property_map<std::vector<uint32_t>::iterator,
                                           boost::typed_identity_property_map<uint32_t>>;
  boost::disjoint_sets<Map, Map> sets(Map(rank.begin()), Map(parent.begin()));
  for (uint32_t v = 0; v < n; ++v) sets.make_set(v);
  for (size_t i = 0; i < arcs.size(); ++i) sets.union_set(arcs.source[i], arcs.target[i]);
  Components result;
  result.component.assign(n, kNone);
  std::vector<uint32_t> number_of_root(n, kNone);
  for (uint32_t v = 0; v < n; ++v) {
    const uint32_t root = sets.find_set(v);
    if (number_of_root[root] == kNone) {
      number_of_root[root] = static_cast<uint32_t>(result.size.size());
      result.size.push_back(0);
    }
    result.component[v] = number_of_root[root];
    ++result.size[result.component[v]];
  }
  return result;
}

// ---- Communities -------------------------------------------------------------------------

namespace {

// One level of Louvain: an undirected weighted graph as a symmetric
// adjacency matrix A. Row i of `adjacency` lists each neighbour j != i once
// with A_ij; loop[i] = A_ii, which is twice the weight of i's self-loops
// (so that at the next level, where a vertex is a community, A_cc is the
// sum of A_ij over i, j in c). degree[i] = sum_j A_ij + A_ii; total = 2m.
struct LevelGraph {
  Csr adjacency;
  std::vector<double> loop, degree;
  double total = 0;
  uint32_t size() const { return static_cast<uint32_t>(loop.size()); }
};

void FinishLevel(LevelGraph* g) {
  const uint32_t n = g->size();
  g->degree.assign(n, 0.0);
  g->total = 0;
  for (uint32_t i = 0; i < n; ++i) {
    double k = g->loop[i];
    for (size_t e = g->adjacency.offset[i]; e < g->adjacency.offset[i + 1]; ++e) {
      k += g->adjacency.weight[e];
    }
    g->degree[i] = k;
    g->total += k;
  }
}

LevelGraph UndirectedOf(const ArcList& arcs) {
  LevelGraph g;
  g.loop.assign(arcs.vertices, 0.0);
  std::vector<uint32_t> row, column;
  std::vector<double> weight;
  row.reserve(2 * arcs.size());
  column.reserve(2 * arcs.size());
  weight.reserve(2 * arcs.size());
  for (size_t i = 0; i < arcs.size(); ++i) {
    const uint32_t u = arcs.source[i], v = arcs.target[i];
    const double w = arcs.weight[i];
    if (u == v) {
      g.loop[u] += 2 * w;
      continue;
    }
    row.push_back(u), column.push_back(v), weight.push_back(w);
    row.push_back(v), column.push_back(u), weight.push_back(w);
  }
  g.adjacency = MergeIntoRows(arcs.vertices, row, column, weight);
  FinishLevel(&g);
  return g;
}

// Local moving on `g` from the partition `community` (a number below
// g.size() per vertex). Returns whether any vertex changed community.
bool MoveVertices(const LevelGraph& g, const LouvainOptions& options,
                  std::vector<uint32_t>* community) {
  const uint32_t n = g.size();
  std::vector<uint32_t>& c = *community;
  // total[k]: summed degree of community k; inside[k]: sum of A_ij over i, j in k.
  std::vector<double> total(n, 0.0), inside(n, 0.0);
  for (uint32_t i = 0; i < n; ++i) {
    total[c[i]] += g.degree[i];
    inside[c[i]] += g.loop[i];
    for (size_t e = g.adjacency.offset[i]; e < g.adjacency.offset[i + 1]; ++e) {
      if (c[g.adjacency.column[e]] == c[i]) inside[c[i]] += g.adjacency.weight[e];
    }
  }
  const double m2 = g.total;
  auto modularity = [&] {
    double q = 0;
    for (uint32_t k = 0; k < n; ++k) {
      if (total[k] > 0) q += inside[k] / m2 - (total[k] / m2) * (total[k] / m2);
    }
    return q;
  };
  // weight_to[k]: A between the vertex being moved and community k;
  // `seen` lists the communities with an entry, in adjacency order.
  std::vector<double> weight_to(n, 0.0);
  std::vector<char> is_seen(n, 0);
  std::vector<uint32_t> seen;
  bool moved_any = false;
  double q = modularity();
  for (int pass = 0; pass < options.max_passes; ++pass) {
    size_t moves = 0;
    for (uint32_t i = 0; i < n; ++i) {
      const uint32_t own = c[i];
      const double k_i = g.degree[i];
      for (size_t e = g.adjacency.offset[i]; e < g.adjacency.offset[i + 1]; ++e) {
        const uint32_t k = c[g.adjacency.column[e]];
        if (!is_seen[k]) {
          is_seen[k] = 1;
          seen.push_back(k);
        }
        weight_to[k] += g.adjacency.weight[e];
      }
      // Take i out, then put it where modularity gains most. The gain of
      // joining k is (weight_to[k] - total[k] k_i / 2m) / m, less terms
      // that do not depend on k.
      total[own] -= k_i;
      inside[own] -= 2 * weight_to[own] + g.loop[i];
      uint32_t best = own;
      double best_gain = weight_to[own] - total[own] * k_i / m2;
      for (uint32_t k : seen) {
        const double gain = weight_to[k] - total[k] * k_i / m2;
        if (gain > best_gain) {
          best = k;
          best_gain = gain;
        }
      }
      total[best] += k_i;
      inside[best] += 2 * weight_to[best] + g.loop[i];
      c[i] = best;
      if (best != own) ++moves;
      for (uint32_t k : seen) {
        weight_to[k] = 0;
        is_seen[k] = 0;
      }
      seen.clear();
    }
    if (moves == 0) break;
    moved_any = true;
    const double new_q = modularity();
    const double gain = new_q - q;
    q = new_q;
    if (gain <= options.min_gain) break;
  }
  return moved_any;
}

// Renumbers `community` 0, 1, ... in the order of first appearance;
// returns the number of communities.
uint32_t Renumber(std::vector<uint32_t>* community) {
  std::vector<uint32_t> number(community->size(), kNone);
  uint32_t count = 0;
  for (uint32_t& k : *community) {
    if (number[k] == kNone) number[k] = count++;
    k = number[k];
  }
  return count;
}

// The graph whose vertices are the `count` communities of `g`.
LevelGraph Aggregate(const LevelGraph& g, const std::vector<uint32_t>& community, uint32_t count) {
  LevelGraph next;
  next.loop.assign(count, 0.0);
  std::vector<uint32_t> row, column;
  std::vector<double> weight;
  for (uint32_t i = 0; i < g.size(); ++i) {
    const uint32_t ci = community[i];
    next.loop[ci] += g.loop[i];
    for (size_t e = g.adjacency.offset[i]; e < g.adjacency.offset[i + 1]; ++e) {
      const uint32_t cj = community[g.adjacency.column[e]];
      if (cj == ci) {
        next.loop[ci] += g.adjacency.weight[e];
      } else {
        row.push_back(ci);
        column.push_back(cj);
        weight.push_back(g.adjacency.weight[e]);
      }
    }
  }
  next.adjacency = MergeIntoRows(count, row, column, weight);
  FinishLevel(&next);
  return next;
}

}  // namespace

Status Louvain(const ArcList& arcs, const LouvainOptions& options, Partition* result) {
  if (!(options.min_gain >= 0) || options.max_passes < 1) {
    return Status::InvalidArgument("Louvain needs min_gain >= 0 and max_passes >= 1");
  }
  *result = Partition();
  const uint32_t n = arcs.vertices;
  std::vector<uint32_t>& community = result->community;
  community.resize(n);
  std::iota(community.begin(), community.end(), 0);
  LevelGraph level = UndirectedOf(arcs);
  if (level.total > 0) {
    while (true) {
      std::vector<uint32_t> moved(level.size());
      std::iota(moved.begin(), moved.end(), 0);
      if (!MoveVertices(level, options, &moved)) break;
      const uint32_t count = Renumber(&moved);
      if (count == level.size()) break;
      for (uint32_t& k : community) k = moved[k];
      ++result->levels;
      level = Aggregate(level, moved, count);
    }
  }
  // Number the communities by decreasing size, then smallest vertex.
  const uint32_t count = Renumber(&community);
  std::vector<uint32_t> size(count, 0);
  for (uint32_t k : community) ++size[k];
  std::vector<uint32_t> order(count);
  std::iota(order.begin(), order.end(), 0);
  // Renumber left numbers in order of smallest vertex: a stable sort by
  // size keeps that order among equals.
  std::stable_sort(order.begin(), order.end(),
                   [&](uint32_t a, uint32_t b) { return size[a] > size[b]; });
  std::vector<uint32_t> number(count);
  for (uint32_t i = 0; i < count; ++i) number[order[i]] = i;
  for (uint32_t& k : community) k = number[k];
  result->size.resize(count);
  for (uint32_t i = 0; i < count; ++i) result->size[i] = size[order[i]];
  result->modularity = Modularity(arcs, community);
  return Status::OK();
}

double Modularity(const ArcList& arcs, const std::vector<uint32_t>& community) {
  uint32_t count = 0;
  for (uint32_t k : community) count = std::max(count, k + 1);
  std::vector<double> inside(count, 0.0), degree(count, 0.0);
  double m = 0;
  for (size_t i = 0; i < arcs.size(); ++i) {
    const uint32_t a = community[arcs.source[i]], b = community[arcs.target[i]];
    const double w = arcs.weight[i];
    m += w;
    degree[a] += w;
    degree[b] += w;
    if (a == b) inside[a] += w;
  }
  if (m == 0) return 0;
  double q = 0;
  for (uint32_t k = 0; k < count; ++k) {
    q += inside[k] / m - (degree[k] / (2 * m)) * (degree[k] / (2 * m));
  }
  return q;
}

// ---- Per-node metrics -------------------------------------------------------------------

Status ComputeNodeMetrics(const KnowledgeGraph& graph, NodeMetricsById* metrics) {
  const Graph& g = graph.graph();
  ArcList arcs;
  Status s = MakeArcList(g, get(&GraphEdge::weight, g), &arcs);
  if (!s.ok()) return s;
  PageRankResult pagerank;
  s = PageRank(arcs, PageRankOptions(), &pagerank);
  if (!s.ok()) return s;
  Partition partition;
  s = Louvain(arcs, LouvainOptions(), &partition);
  if (!s.ok()) return s;
  const std::vector<double> degree = Degree(arcs, /*weighted=*/false);
  metrics->clear();
  metrics->reserve(arcs.vertices);
  for (uint32_t v = 0; v < arcs.vertices; ++v) {
    NodeMetrics& m = (*metrics)[g[v].id];
    m.pagerank = pagerank.rank[v];
    m.degree = static_cast<uint64_t>(degree[v]);
    m.community = partition.community[v];
  }
  return Status::OK();
}

}  // namespace isnad::analytics
