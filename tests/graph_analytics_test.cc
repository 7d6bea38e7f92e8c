// Tests for graph/analytics.h on small graphs whose answers are known: by
// hand (stars, chains, cliques) or from NetworkX 2.8 (nx.pagerank with
// tol=1e-14, nx.betweenness_centrality, community.modularity), noted where
// used.
#include "graph/analytics.h"

#include <gtest/gtest.h>

#include <boost/graph/adjacency_list.hpp>
#include <numeric>
#include <set>
#include <utility>
#include <vector>

#include "graph/knowledge_graph.h"

namespace isnad::analytics {
namespace {

// A plain Boost graph with an edge weight: the algorithms are generic, so
// the tests do not go through KnowledgeGraph except where it matters.
using TestGraph =
    boost::adjacency_list<boost::vecS, boost::vecS, boost::bidirectionalS, boost::no_property,
                          boost::property<boost::edge_weight_t, double>>;

ArcList Arcs(size_t n, const std::vector<std::pair<int, int>>& edges,
             const std::vector<double>& weights = {}) {
  TestGraph g(n);
  for (size_t i = 0; i < edges.size(); ++i) {
    boost::add_edge(edges[i].first, edges[i].second, weights.empty() ? 1.0 : weights[i], g);
  }
  ArcList arcs;
  EXPECT_TRUE(MakeArcList(g, get(boost::edge_weight, g), &arcs).ok());
  return arcs;
}

// An arc from each vertex of [first, first + size) to every higher one: a
// clique in the undirected view.
void AddClique(int first, int size, std::vector<std::pair<int, int>>* edges) {
  for (int a = first; a < first + size; ++a) {
    for (int b = a + 1; b < first + size; ++b) edges->emplace_back(a, b);
  }
}

double Sum(const std::vector<double>& v) { return std::accumulate(v.begin(), v.end(), 0.0); }

PageRankResult Rank(const ArcList& arcs, bool weighted = false) {
  PageRankOptions options;
  options.weighted = weighted;
  PageRankResult result;
  EXPECT_TRUE(PageRank(arcs, options, &result).ok());
  EXPECT_TRUE(result.converged);
  return result;
}

std::vector<double> Between(const ArcList& arcs, uint32_t samples = 0, uint64_t seed = 42) {
  BetweennessOptions options;
  options.samples = samples;
  options.seed = seed;
  BetweennessResult result;
  EXPECT_TRUE(Betweenness(arcs, options, &result).ok());
  return result.centrality;
}

Partition Communities(const ArcList& arcs) {
  Partition p;
  EXPECT_TRUE(Louvain(arcs, LouvainOptions(), &p).ok());
  return p;
}

// ---- MakeArcList --------------------------------------------------------------------

TEST(MakeArcList, ReadsEveryEdgeWithItsWeightAndRefusesNegativeOnes) {
  TestGraph g(3);
  boost::add_edge(0, 1, 2.5, g);
  boost::add_edge(0, 1, 1.0, g);  // parallel edges are kept
  boost::add_edge(2, 2, 4.0, g);
  ArcList arcs;
  ASSERT_TRUE(MakeArcList(g, get(boost::edge_weight, g), &arcs).ok());
  EXPECT_EQ(arcs.vertices, 3u);
  ASSERT_EQ(arcs.size(), 3u);
  EXPECT_EQ(Sum(arcs.weight), 7.5);
  ASSERT_TRUE(MakeArcList(g, &arcs).ok());
  EXPECT_EQ(arcs.weight, std::vector<double>(3, 1.0));

  boost::add_edge(1, 2, -1.0, g);
  EXPECT_TRUE(MakeArcList(g, get(boost::edge_weight, g), &arcs).IsInvalidArgument());
}

// ---- PageRank -------------------------------------------------------------------------

TEST(PageRank, EmptyGraphHasNoRanksAndOneNodeHasAll) {
  PageRankResult empty = Rank(ArcList());
  EXPECT_TRUE(empty.rank.empty());
  PageRankResult one = Rank(Arcs(1, {}));
  ASSERT_EQ(one.rank.size(), 1u);
  EXPECT_NEAR(one.rank[0], 1.0, 1e-12);
}

TEST(PageRank, StarOfLeavesPointingAtADanglingCentre) {
  // Leaves 1..4 -> 0; the centre is dangling, so its rank is spread
  // uniformly. With c the centre's rank and d = 0.85, each leaf gets
  // (1 - d + d c)/5 and the four leaves and c sum to 1, so
  // c = (1 - 0.8 (1 - d)) / (1 + 0.8 d) = 0.88 / 1.68.
  const PageRankResult r = Rank(Arcs(5, {{1, 0}, {2, 0}, {3, 0}, {4, 0}}));
  EXPECT_NEAR(r.rank[0], 0.88 / 1.68, 1e-9);
  for (int leaf = 1; leaf <= 4; ++leaf) EXPECT_NEAR(r.rank[leaf], (1 - 0.88 / 1.68) / 4, 1e-9);
  EXPECT_NEAR(Sum(r.rank), 1.0, 1e-12);
  EXPECT_LT(r.last_change, 1e-10);
}

TEST(PageRank, ChainMatchesNetworkX) {
  // nx.pagerank(nx.DiGraph([(0,1),(1,2),(2,3)]), alpha=0.85, tol=1e-14)
  const PageRankResult r = Rank(Arcs(4, {{0, 1}, {1, 2}, {2, 3}}));
  const double expected[] = {0.11615582303660535, 0.21488827261771665, 0.29881085476165936,
                             0.37014504958401884};
  for (int v = 0; v < 4; ++v) EXPECT_NEAR(r.rank[v], expected[v], 1e-9) << v;
}

TEST(PageRank, CycleWithADanglingNodeMatchesNetworkX) {
  // nx.pagerank(nx.DiGraph([(0,1),(1,2),(2,0),(2,3)]), alpha=0.85, tol=1e-14)
  const PageRankResult r = Rank(Arcs(4, {{0, 1}, {1, 2}, {2, 0}, {2, 3}}));
  const double expected[] = {0.21376215407628857, 0.2646222887060541, 0.30785340314136866,
                             0.21376215407628857};
  for (int v = 0; v < 4; ++v) EXPECT_NEAR(r.rank[v], expected[v], 1e-9) << v;
  EXPECT_NEAR(Sum(r.rank), 1.0, 1e-12);
}

TEST(PageRank, ParallelArcsCountOnceUnweightedAndAddUpWeighted) {
  // 0 -> 1 twice, 0 -> 2 once.
  const ArcList multi = Arcs(3, {{0, 1}, {0, 1}, {0, 2}});
  const PageRankResult unweighted = Rank(multi);
  EXPECT_NEAR(unweighted.rank[1], unweighted.rank[2], 1e-12);
  const PageRankResult simple = Rank(Arcs(3, {{0, 1}, {0, 2}}));
  for (int v = 0; v < 3; ++v) EXPECT_NEAR(unweighted.rank[v], simple.rank[v], 1e-12);
  // Weighted, 1 gets two thirds of 0's share and 2 one third: the same as
  // a single arc 0 -> 1 of weight 2.
  const PageRankResult weighted = Rank(multi, /*weighted=*/true);
  const PageRankResult heavy = Rank(Arcs(3, {{0, 1}, {0, 2}}, {2.0, 1.0}), /*weighted=*/true);
  EXPECT_GT(weighted.rank[1], weighted.rank[2]);
  for (int v = 0; v < 3; ++v) EXPECT_NEAR(weighted.rank[v], heavy.rank[v], 1e-12);
}

TEST(PageRank, RefusesBadOptions) {
  PageRankOptions options;
  PageRankResult result;
  options.damping = 1.0;
  EXPECT_TRUE(PageRank(Arcs(2, {{0, 1}}), options, &result).IsInvalidArgument());
  options.damping = 0.85;
  options.max_iterations = 0;
  EXPECT_TRUE(PageRank(Arcs(2, {{0, 1}}), options, &result).IsInvalidArgument());
}

TEST(PageRank, ReportsNotConvergingWithinTheIterationBudget) {
  PageRankOptions options;
  options.max_iterations = 2;
  PageRankResult result;
  ASSERT_TRUE(PageRank(Arcs(4, {{0, 1}, {1, 2}, {2, 3}}), options, &result).ok());
  EXPECT_FALSE(result.converged);
  EXPECT_EQ(result.iterations, 2);
  EXPECT_GT(result.last_change, 1e-10);
}

// ---- Degree -------------------------------------------------------------------------------

TEST(Degree, CountsInAndOutArcsParallelOnesAndSelfLoopsTwice) {
  const ArcList arcs =
      Arcs(4, {{1, 0}, {2, 0}, {3, 0}, {0, 1}, {0, 1}, {3, 3}}, {1, 2, 3, 4, 5, 6});
  EXPECT_EQ(Degree(arcs, false), (std::vector<double>{5, 3, 1, 3}));
  EXPECT_EQ(Degree(arcs, true), (std::vector<double>{15, 10, 2, 15}));
  EXPECT_TRUE(Degree(ArcList(), false).empty());
}

// ---- Betweenness ------------------------------------------------------------------------------

TEST(Betweenness, ChainMiddleNodesCarryTheOrderedPairs) {
  // 0 -> 1 -> 2 -> 3: 1 lies on (0,2), (0,3); 2 on (0,3), (1,3). Normalised
  // by (n-1)(n-2) = 6.
  const std::vector<double> bc = Between(Arcs(4, {{0, 1}, {1, 2}, {2, 3}}));
  EXPECT_NEAR(bc[0], 0, 1e-12);
  EXPECT_NEAR(bc[1], 2.0 / 6, 1e-12);
  EXPECT_NEAR(bc[2], 2.0 / 6, 1e-12);
  EXPECT_NEAR(bc[3], 0, 1e-12);
}

TEST(Betweenness, BidirectedStarCentreIsOnEveryPath) {
  std::vector<std::pair<int, int>> edges;
  for (int leaf = 1; leaf <= 4; ++leaf) {
    edges.emplace_back(0, leaf);
    edges.emplace_back(leaf, 0);
  }
  const std::vector<double> bc = Between(Arcs(5, edges));
  EXPECT_NEAR(bc[0], 1.0, 1e-12);  // 12 ordered leaf pairs / (4 * 3)
  for (int leaf = 1; leaf <= 4; ++leaf) EXPECT_NEAR(bc[leaf], 0.0, 1e-12);
}

TEST(Betweenness, MatchesNetworkXWithParallelArcsCollapsed) {
  // nx.betweenness_centrality(nx.DiGraph([(0,1),(1,2),(2,0),(2,3)])); the
  // doubled 1 -> 2 and the self-loop must not change it.
  const std::vector<double> bc = Between(Arcs(4, {{0, 1}, {1, 2}, {1, 2}, {2, 0}, {2, 3}, {3, 3}}));
  EXPECT_NEAR(bc[0], 1.0 / 6, 1e-12);
  EXPECT_NEAR(bc[1], 1.0 / 3, 1e-12);
  EXPECT_NEAR(bc[2], 0.5, 1e-12);
  EXPECT_NEAR(bc[3], 0.0, 1e-12);
}

TEST(Betweenness, TinyGraphsAreAllZero) {
  EXPECT_TRUE(Between(ArcList()).empty());
  EXPECT_EQ(Between(Arcs(1, {})), std::vector<double>{0});
  EXPECT_EQ(Between(Arcs(2, {{0, 1}, {1, 0}})), (std::vector<double>{0, 0}));
}

TEST(Betweenness, SamplingEveryVertexIsExactAndSamplingIsRepeatable) {
  // Two cliques (arcs from lower to higher vertex) joined through vertex 10.
  std::vector<std::pair<int, int>> edges;
  AddClique(0, 5, &edges);
  AddClique(5, 5, &edges);
  edges.emplace_back(4, 10);
  edges.emplace_back(10, 5);
  edges.emplace_back(7, 2);
  const ArcList arcs = Arcs(11, edges);
  const std::vector<double> exact = Between(arcs);
  // Our Brandes from all 11 sources against Boost's.
  const std::vector<double> all = Between(arcs, 11);
  for (size_t v = 0; v < exact.size(); ++v) EXPECT_NEAR(all[v], exact[v], 1e-12) << v;
  EXPECT_GT(exact[10], 0);

  BetweennessOptions options;
  options.samples = 4;
  BetweennessResult first, second, other_seed;
  ASSERT_TRUE(Betweenness(arcs, options, &first).ok());
  ASSERT_TRUE(Betweenness(arcs, options, &second).ok());
  options.seed = 7;
  ASSERT_TRUE(Betweenness(arcs, options, &other_seed).ok());
  EXPECT_TRUE(first.sampled);
  EXPECT_EQ(first.sources, 4u);
  EXPECT_EQ(first.centrality, second.centrality);
  EXPECT_NE(first.centrality, other_seed.centrality);
}

// ---- Components ---------------------------------------------------------------------------------

TEST(WeaklyConnectedComponents, IgnoresDirectionAndNumbersBySmallestVertex) {
  // {0, 2, 4} joined by arcs pointing both ways, {1, 3}, {5} isolated.
  const Components c = WeaklyConnectedComponents(Arcs(6, {{2, 0}, {2, 4}, {3, 1}}));
  EXPECT_EQ(c.component, (std::vector<uint32_t>{0, 1, 0, 1, 0, 2}));
  EXPECT_EQ(c.size, (std::vector<uint32_t>{3, 2, 1}));
  EXPECT_TRUE(WeaklyConnectedComponents(ArcList()).size.empty());
  EXPECT_EQ(WeaklyConnectedComponents(Arcs(1, {})).size, std::vector<uint32_t>{1});
}

// ---- Modularity and Louvain ---------------------------------------------------------------------

TEST(Modularity, MatchesNetworkXWithASelfLoop) {
  // nx.Graph: triangle 0-1-2, self-loop 0-0 of weight 2, edge 2-3;
  // community.modularity(G, [{0,1,2},{3}]) = -0.013888888888888753.
  const ArcList arcs = Arcs(4, {{0, 1}, {1, 2}, {0, 2}, {0, 0}, {2, 3}}, {1, 1, 1, 2, 1});
  EXPECT_NEAR(Modularity(arcs, {0, 0, 0, 1}), -0.013888888888888753, 1e-12);
  // Antiparallel arcs weigh as one undirected edge of their summed weight.
  const ArcList split =
      Arcs(4, {{0, 1}, {1, 2}, {2, 0}, {0, 0}, {2, 3}, {0, 0}}, {1, 1, 1, 1, 1, 1});
  EXPECT_NEAR(Modularity(split, {0, 0, 0, 1}), -0.013888888888888753, 1e-12);
  EXPECT_EQ(Modularity(Arcs(2, {}), {0, 1}), 0.0);
}

TEST(Louvain, TwoCliquesJoinedByOneEdgeAreTwoCommunities) {
  std::vector<std::pair<int, int>> edges;
  AddClique(0, 5, &edges);
  AddClique(5, 5, &edges);
  edges.emplace_back(4, 5);
  const ArcList arcs = Arcs(10, edges);
  const Partition p = Communities(arcs);
  EXPECT_EQ(p.community, (std::vector<uint32_t>{0, 0, 0, 0, 0, 1, 1, 1, 1, 1}));
  EXPECT_EQ(p.size, (std::vector<uint32_t>{5, 5}));
  // m = 21; each clique holds 10 and has degree 21: 2 (10/21 - 1/4).
  EXPECT_NEAR(p.modularity, 20.0 / 21 - 0.5, 1e-12);
  EXPECT_NEAR(p.modularity, Modularity(arcs, p.community), 1e-15);
  EXPECT_GE(p.levels, 1);
}

TEST(Louvain, WeightsDecideWhereABridgeVertexGoes) {
  // Vertex 6 hangs between two triangles; the heavier side wins it.
  std::vector<std::pair<int, int>> edges = {{0, 1}, {1, 2}, {0, 2}, {3, 4},
                                            {4, 5}, {3, 5}, {2, 6}, {6, 3}};
  const Partition heavy_left = Communities(Arcs(7, edges, {1, 1, 1, 1, 1, 1, 5, 1}));
  EXPECT_EQ(heavy_left.community[6], heavy_left.community[2]);
  const Partition heavy_right = Communities(Arcs(7, edges, {1, 1, 1, 1, 1, 1, 1, 5}));
  EXPECT_EQ(heavy_right.community[6], heavy_right.community[3]);
}

TEST(Louvain, AggregationMergesSmallCliquesOfALongRing) {
  // A ring of 30 triangles: by modularity's resolution limit, pairs of
  // triangles (Q = 0.808) beat single ones (Q = 0.717), which only the
  // aggregated levels can find. No triangle may be split.
  std::vector<std::pair<int, int>> edges;
  const int k = 30;
  for (int c = 0; c < k; ++c) {
    AddClique(3 * c, 3, &edges);
    edges.emplace_back(3 * c + 2, (3 * (c + 1)) % (3 * k));
  }
  const ArcList arcs = Arcs(3 * k, edges);
  const Partition p = Communities(arcs);
  for (int c = 0; c < k; ++c) {
    EXPECT_EQ(p.community[3 * c], p.community[3 * c + 1]);
    EXPECT_EQ(p.community[3 * c], p.community[3 * c + 2]);
  }
  EXPECT_GE(p.levels, 2);
  EXPECT_LT(p.size.size(), static_cast<size_t>(k));
  EXPECT_GT(p.modularity, 0.7166666666666665 + 0.05);
  EXPECT_NEAR(p.modularity, Modularity(arcs, p.community), 1e-15);
  // Deterministic: the same graph, the same partition.
  EXPECT_EQ(Communities(arcs).community, p.community);
}

TEST(Louvain, NumbersCommunitiesLargestFirst) {
  // A triangle {3, 4, 5} after a lone edge {0, 1} and an isolated 2.
  const Partition p = Communities(Arcs(6, {{0, 1}, {3, 4}, {4, 5}, {3, 5}}));
  EXPECT_EQ(p.community, (std::vector<uint32_t>{1, 1, 2, 0, 0, 0}));
  EXPECT_EQ(p.size, (std::vector<uint32_t>{3, 2, 1}));
}

TEST(Louvain, EmptyAndWeightlessGraphsLeaveEveryVertexAlone) {
  const Partition empty = Communities(ArcList());
  EXPECT_TRUE(empty.community.empty());
  EXPECT_EQ(empty.modularity, 0.0);
  const Partition single = Communities(Arcs(1, {}));
  EXPECT_EQ(single.community, std::vector<uint32_t>{0});
  EXPECT_EQ(single.modularity, 0.0);
  const Partition weightless = Communities(Arcs(3, {{0, 1}, {1, 2}}, {0, 0}));
  EXPECT_EQ(weightless.size, (std::vector<uint32_t>{1, 1, 1}));
  EXPECT_EQ(weightless.levels, 0);

  LouvainOptions bad;
  bad.max_passes = 0;
  Partition p;
  EXPECT_TRUE(Louvain(Arcs(2, {{0, 1}}), bad, &p).IsInvalidArgument());
}

// ---- KnowledgeGraph
// -------------------------------------------------------------------------------

TEST(ComputeNodeMetrics, KeysMetricsByTermIdAndWeighsCommunitiesByMentions) {
  KnowledgeGraph kg;
  auto node = [&](TermId id) {
    GraphNode n;
    n.id = id;
    n.label = "node" + std::to_string(id);
    n.kind = "company";
    return kg.AddNode(n);
  };
  auto edge = [&](Vertex a, Vertex b, uint32_t weight, const char* relation = "buys") {
    GraphEdge e;
    e.relation = relation;
    e.weight = weight;
    kg.AddEdge(a, b, e);
  };
  // Term ids far from vertex indices; two triangles bridged by one light edge.
  std::vector<Vertex> v;
  for (TermId id : {100, 205, 310, 415, 520, 625}) v.push_back(node(id));
  edge(v[0], v[1], 3);
  edge(v[1], v[2], 3);
  edge(v[2], v[0], 3);
  edge(v[2], v[0], 2, "sells");  // a parallel edge of another relation
  edge(v[3], v[4], 3);
  edge(v[4], v[5], 3);
  edge(v[5], v[3], 3);
  edge(v[2], v[3], 1);
  NodeMetricsById metrics;
  ASSERT_TRUE(ComputeNodeMetrics(kg, &metrics).ok());
  ASSERT_EQ(metrics.size(), 6u);
  EXPECT_EQ(metrics.at(310).degree, 4u);  // in 1, out 3 (the parallel pair counts twice)
  EXPECT_EQ(metrics.at(100).degree, 3u);
  double total = 0;
  for (const auto& [id, m] : metrics) total += m.pagerank;
  EXPECT_NEAR(total, 1.0, 1e-12);
  EXPECT_EQ(metrics.at(100).community, metrics.at(205).community);
  EXPECT_EQ(metrics.at(100).community, metrics.at(310).community);
  EXPECT_EQ(metrics.at(415).community, metrics.at(625).community);
  EXPECT_NE(metrics.at(100).community, metrics.at(415).community);
}

}  // namespace
}  // namespace isnad::analytics
