// Graph analytics: PageRank, degree, betweenness, weakly connected
// components and Louvain communities.
//
// The algorithms are generic over Boost.Graph graphs: MakeArcList reads any
// model of VertexListGraph and EdgeListGraph with a vertex_index map (an
// adjacency_list<vecS, ...> such as KnowledgeGraph's, a
// compressed_sparse_row_graph) and an edge weight property map into flat
// arrays, once; each algorithm then works on those arrays. Per-iteration
// property-map look-ups and edge-descriptor walks are what would make
// PageRank on a million edges slow; contiguous arrays keep it to seconds.
//
// Every result is indexed by vertex index (0 .. num_vertices - 1).
//
// How parallel arcs count (the KnowledgeGraph has several edges from one
// node to another when their relations or negations differ):
//   PageRank, unweighted: once (the simple directed graph, as a NetworkX
//     DiGraph built from the edges);  weighted: their weights summed.
//   Betweenness: once (the simple directed graph), self-loops ignored.
//   Degree: each arc counts (a self-loop twice: once out, once in).
//   Louvain and Modularity: the undirected weighted graph in which the
//     weight between u and v is the sum over all arcs u->v and v->u.
//   Components: any arc joins its ends.
#ifndef ISNAD_GRAPH_ANALYTICS_H_
#define ISNAD_GRAPH_ANALYTICS_H_

#include <boost/graph/graph_traits.hpp>
#include <boost/property_map/property_map.hpp>
#include <cstdint>
#include <limits>
#include <string>
#include <unordered_map>
#include <vector>

#include "base/status.h"
#include "graph/knowledge_graph.h"

namespace isnad::analytics {

// The directed arcs of a graph by vertex index: arc i runs from source[i]
// to target[i] and weighs weight[i]. Arcs are kept as the graph has them
// (parallel arcs and self-loops included); each algorithm says how it
// counts them (see above).
struct ArcList {
  uint32_t vertices = 0;
  std::vector<uint32_t> source, target;
  std::vector<double> weight;
  size_t size() const { return source.size(); }
  // Appends one arc; `from` and `to` must be below `vertices`.
  void Add(uint32_t from, uint32_t to, double w = 1.0) {
    source.push_back(from);
    target.push_back(to);
    weight.push_back(w);
  }
};

// Flattens `g` into `arcs`. Graph: a model of VertexListGraph and
// EdgeListGraph with an interior vertex_index property. WeightMap: a
// ReadablePropertyMap from Graph's edge descriptor to an arithmetic type.
// InvalidArgument when `g` has 2^32 vertices or edges or more (indices are
// 32-bit to halve the arrays' memory) or a negative or non-finite weight.
template <typename Graph, typename WeightMap>
Status MakeArcList(const Graph& g, WeightMap weight, ArcList* arcs) {
  constexpr uint64_t kMax = std::numeric_limits<uint32_t>::max();
  const uint64_t n = num_vertices(g), m = num_edges(g);
  if (n >= kMax || m >= kMax) {
    return Status::InvalidArgument("graph too large for analytics: " + std::to_string(n) +
                                   " vertices, " + std::to_string(m) + " edges");
  }
  *arcs = ArcList();
  arcs->vertices = static_cast<uint32_t>(n);
  arcs->source.reserve(m);
  arcs->target.reserve(m);
  arcs->weight.reserve(m);
  const auto index = get(boost::vertex_index, g);
  typename boost::graph_traits<Graph>::edge_iterator e, end;
  for (boost::tie(e, end) = edges(g); e != end; ++e) {
    const double w = static_cast<double>(get(weight, *e));
    if (!(w >= 0) || w == std::numeric_limits<double>::infinity()) {
      return Status::InvalidArgument("edge weight " + std::to_string(w) +
                                     " is not a finite non-negative number");
    }
    arcs->Add(static_cast<uint32_t>(get(index, source(*e, g))),
              static_cast<uint32_t>(get(index, target(*e, g))), w);
  }
  return Status::OK();
}

// MakeArcList with every weight 1.
template <typename Graph>
Status MakeArcList(const Graph& g, ArcList* arcs) {
  using Edge = typename boost::graph_traits<Graph>::edge_descriptor;
  return MakeArcList(g, boost::static_property_map<double, Edge>(1.0), arcs);
}

// ---- PageRank -----------------------------------------------------------------

struct PageRankOptions {
  double damping = 0.85;
  // Iteration stops when the L1 norm of the change of the rank vector falls
  // below `tolerance`, or after `max_iterations`.
  double tolerance = 1e-10;
  int max_iterations = 200;
  // false: every distinct arc u->v carries an equal share of u's rank
  // (parallel arcs once). true: u's rank is shared in proportion to the
  // summed weight of its arcs to each target.
  bool weighted = false;
};

struct PageRankResult {
  std::vector<double> rank;  // sums to 1 (empty for an empty graph)
  int iterations = 0;
  double last_change = 0;  // L1 change of the last iteration
  bool converged = false;  // last_change < tolerance
};

// Power iteration from the uniform vector:
//   x'[v] = (1 - d)/n + d * (sum over u->v of x[u] w(u,v)/W(u)
//                            + (sum over dangling u of x[u]) / n)
// where W(u) is u's total out-weight and a dangling vertex is one with
// W(u) = 0, whose rank is spread uniformly. This is NetworkX's
// nx.pagerank(G, alpha=d) on the DiGraph of the arcs (weighted: the
// MultiDiGraph with weight="weight"). Self-loops are ordinary arcs.
// InvalidArgument for a damping outside [0, 1) or max_iterations < 1.
// Not converging within max_iterations is no error: see `converged`.
Status PageRank(const ArcList& arcs, const PageRankOptions& options, PageRankResult* result);

// ---- Degree ---------------------------------------------------------------------

// In-degree plus out-degree of every vertex: every arc counts at both ends
// (parallel arcs each, a self-loop twice). weighted: the sums of the arcs'
// weights instead of their numbers. As NetworkX's G.degree() on the
// MultiDiGraph of the arcs.
std::vector<double> Degree(const ArcList& arcs, bool weighted);

// ---- Betweenness ------------------------------------------------------------------

struct BetweennessOptions {
  // 0: exact, from every source, by Boost's brandes_betweenness_centrality.
  // k > 0: estimated by Brandes' accumulation from k pivot sources drawn
  // uniformly without replacement (all of them when k >= n) with a
  // generator seeded by `seed`, scaled by n/k: NetworkX's estimator
  // betweenness_centrality(G, k=k). The same seed gives the same pivots.
  uint32_t samples = 0;
  uint64_t seed = 42;
};

struct BetweennessResult {
  std::vector<double> centrality;
  uint32_t sources = 0;  // sources whose shortest paths were counted
  bool sampled = false;  // sources < number of vertices
};

// Directed, unweighted betweenness of the simple directed graph of the arcs
// (parallel arcs once, self-loops ignored), normalised by 1/((n-1)(n-2)) as
// nx.betweenness_centrality(G, normalized=True) for a DiGraph; all zero
// when n <= 2. Exact costs O(n * arcs): for large graphs, sample.
Status Betweenness(const ArcList& arcs, const BetweennessOptions& options,
                   BetweennessResult* result);

// ---- Components -------------------------------------------------------------------

struct Components {
  // component[v] for every vertex; components are numbered from 0 in the
  // order of their smallest vertex.
  std::vector<uint32_t> component;
  std::vector<uint32_t> size;  // by component number
};

// Weakly connected components: those of the undirected graph of the arcs.
// An isolated vertex is a component of its own.
Components WeaklyConnectedComponents(const ArcList& arcs);

// ---- Communities ------------------------------------------------------------------

struct LouvainOptions {
  // A level's local moving stops after a pass over all vertices that raised
  // the modularity by no more than this (or moved no vertex).
  double min_gain = 1e-12;
  // Bounds the passes of one level's local moving (a guard: a pass that
  // moves vertices gains modularity, so it ends long before).
  int max_passes = 1000;
};

struct Partition {
  // community[v] for every vertex; communities are numbered from 0 by
  // decreasing size, equal sizes in the order of their smallest vertex.
  std::vector<uint32_t> community;
  std::vector<uint32_t> size;  // by community number
  double modularity = 0;       // Modularity(arcs, community)
  int levels = 0;              // aggregation levels that changed the partition
};

// Louvain (Blondel et al. 2008) on the undirected weighted graph of the arcs:
// local moving (each vertex, in index order, joins the neighbouring
// community of greatest modularity gain, staying put on ties, until a pass
// gains nothing), then aggregation of each community into one vertex,
// repeated until local moving moves no vertex. Deterministic: no random
// order, ties go to the vertex's own community, else to the first
// neighbouring community in adjacency order. InvalidArgument for bad
// options. A graph without weight has every vertex alone and modularity 0.
Status Louvain(const ArcList& arcs, const LouvainOptions& options, Partition* result);

// Newman's modularity of `community` (a number per vertex) on the undirected
// weighted graph of the arcs, resolution 1:
//   Q = sum over communities c of  L_c / m - (D_c / 2m)^2
// with m the total weight, L_c the weight inside c, D_c the summed weighted
// degree of c's vertices (a self-loop counts twice in a degree, once in m and
// L_c): networkx.algorithms.community.modularity. 0 when m = 0.
double Modularity(const ArcList& arcs, const std::vector<uint32_t>& community);

// ---- Per-node metrics of a KnowledgeGraph ------------------------------------------

// What `isnad export --with-metrics` adds to each node.
struct NodeMetrics {
  double pagerank = 0;     // PageRank, unweighted, damping 0.85
  uint64_t degree = 0;     // Degree, unweighted
  uint32_t community = 0;  // Louvain community, weighted by GraphEdge::weight
};
using NodeMetricsById = std::unordered_map<TermId, NodeMetrics>;

// Computes NodeMetrics for every node of `graph`, keyed by the node's TermId.
Status ComputeNodeMetrics(const KnowledgeGraph& graph, NodeMetricsById* metrics);

}  // namespace isnad::analytics

#endif  // ISNAD_GRAPH_ANALYTICS_H_
