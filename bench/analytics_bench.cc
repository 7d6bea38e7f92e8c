// Analytics benchmark: loads the KnowledgeGraph of a store (read-only, as
// `isnad rank` does) and times each algorithm of graph/analytics.h on it.
//
// Each time is also given as a multiple of one plain pass over all edges
// measured in the same run (the arc arrays read once, each edge's weight
// added to its target's total: the least any algorithm over every edge can
// cost), so that the figures carry over between machines. The same pass
// over the Boost adjacency list is reported for comparison.
//
// usage: analytics_bench --store DIR [--samples K] [--repeat R]
//   --samples  pivots of the sampled betweenness (default 64)
//   --repeat   runs of each algorithm; the fastest is reported (default 1;
//              the edge pass always takes the fastest of 20)
#include <sys/resource.h>

#include <algorithm>
#include <boost/range/iterator_range.hpp>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "graph/analytics.h"
#include "graph/knowledge_graph.h"
#include "store/triple_store.h"

namespace {

using Clock = std::chrono::steady_clock;
namespace analytics = isnad::analytics;

double Seconds(const std::function<void()>& run, int repeat) {
  double best = 1e300;
  for (int i = 0; i < repeat; ++i) {
    const auto start = Clock::now();
    run();
    best = std::min(best, std::chrono::duration<double>(Clock::now() - start).count());
  }
  return best;
}

double PeakRssMb() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss / 1024.0;  // Linux reports kilobytes
}

[[noreturn]] void Die(const isnad::Status& s, const char* what) {
  std::fprintf(stderr, "analytics_bench: %s: %s\n", what, s.ToString().c_str());
  std::exit(2);
}

}  // namespace

int main(int argc, char** argv) {
  std::string store_path;
  uint32_t samples = 64;
  int repeat = 1;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--store" && i + 1 < argc) {
      store_path = argv[++i];
    } else if (arg == "--samples" && i + 1 < argc) {
      samples = static_cast<uint32_t>(std::strtoul(argv[++i], nullptr, 10));
    } else if (arg == "--repeat" && i + 1 < argc) {
      repeat = std::max(1, std::atoi(argv[++i]));
    } else {
      std::fprintf(stderr, "usage: analytics_bench --store DIR [--samples K] [--repeat R]\n");
      return 1;
    }
  }
  if (store_path.empty()) {
    std::fprintf(stderr, "usage: analytics_bench --store DIR [--samples K] [--repeat R]\n");
    return 1;
  }

  std::unique_ptr<isnad::TripleStore> store;
  isnad::TripleStore::Options store_options;
  store_options.read_only = true;
  isnad::Status s = isnad::TripleStore::Open(store_path, store_options, &store);
  if (!s.ok()) Die(s, "open");

  // Load as `isnad rank` does: statements included, one sentence per edge.
  isnad::KnowledgeGraph kg;
  isnad::GraphOptions graph_options;
  graph_options.max_evidence = 1;
  const double load = Seconds(
      [&] {
        s = isnad::KnowledgeGraph::Load(*store, graph_options, &kg);
        if (!s.ok()) Die(s, "load");
      },
      1);
  const isnad::Graph& g = kg.graph();
  analytics::ArcList arcs;
  const double flatten = Seconds(
      [&] {
        s = analytics::MakeArcList(g, get(&isnad::GraphEdge::weight, g), &arcs);
        if (!s.ok()) Die(s, "arcs");
      },
      repeat);

  // The unit: one pass over the arc arrays, and the same over Boost's edges.
  std::vector<double> into(arcs.vertices);
  double checksum = 0;
  const double edge_pass = Seconds(
      [&] {
        std::fill(into.begin(), into.end(), 0.0);
        for (size_t i = 0; i < arcs.size(); ++i) into[arcs.target[i]] += arcs.weight[i];
        checksum += into.empty() ? 0 : into[0];
      },
      20);
  const double boost_pass = Seconds(
      [&] {
        std::fill(into.begin(), into.end(), 0.0);
        for (auto e : boost::make_iterator_range(boost::edges(g))) {
          into[boost::target(e, g)] += g[e].weight;
        }
        checksum += into.empty() ? 0 : into[0];
      },
      5);

  analytics::PageRankResult pagerank;
  const double pagerank_time = Seconds(
      [&] {
        s = analytics::PageRank(arcs, analytics::PageRankOptions(), &pagerank);
        if (!s.ok()) Die(s, "pagerank");
      },
      repeat);
  std::vector<double> degree;
  const double degree_time = Seconds([&] { degree = analytics::Degree(arcs, false); }, repeat);
  analytics::Components components;
  const double components_time =
      Seconds([&] { components = analytics::WeaklyConnectedComponents(arcs); }, repeat);
  analytics::Partition partition;
  const double louvain_time = Seconds(
      [&] {
        s = analytics::Louvain(arcs, analytics::LouvainOptions(), &partition);
        if (!s.ok()) Die(s, "louvain");
      },
      repeat);
  analytics::BetweennessResult betweenness;
  analytics::BetweennessOptions betweenness_options;
  betweenness_options.samples = samples;
  const double betweenness_time = Seconds(
      [&] {
        s = analytics::Betweenness(arcs, betweenness_options, &betweenness);
        if (!s.ok()) Die(s, "betweenness");
      },
      repeat);

  std::printf("store %s: %u nodes, %zu edges; peak RSS %.0f MB\n\n", store_path.c_str(),
              arcs.vertices, arcs.size(), PeakRssMb());
  std::printf("| step | seconds | x edge pass | result |\n|---|---:|---:|---|\n");
  auto row = [&](const char* step, double seconds, const std::string& result) {
    std::printf("| %s | %.4f | %.1f | %s |\n", step, seconds, seconds / edge_pass, result.c_str());
  };
  char text[160];
  row("one pass over the arc arrays (the unit)", edge_pass, "");
  row("one pass over the Boost adjacency list", boost_pass, "");
  row("KnowledgeGraph::Load (one sentence per edge)", load, "");
  row("MakeArcList", flatten, "");
  std::snprintf(text, sizeof text, "%d iterations, L1 change %.1e", pagerank.iterations,
                pagerank.last_change);
  row("PageRank", pagerank_time, text);
  row("Degree", degree_time, "");
  std::snprintf(text, sizeof text, "%zu components, largest %u", components.size.size(),
                components.size.empty()
                    ? 0u
                    : *std::max_element(components.size.begin(), components.size.end()));
  row("WeaklyConnectedComponents", components_time, text);
  std::snprintf(text, sizeof text, "%zu communities, modularity %.4f, %d levels",
                partition.size.size(), partition.modularity, partition.levels);
  row("Louvain", louvain_time, text);
  std::snprintf(text, sizeof text, "%u pivot sources", betweenness.sources);
  row("Betweenness, sampled", betweenness_time, text);
  std::fprintf(stderr, "(checksum %g)\n", checksum);
  return 0;
}
