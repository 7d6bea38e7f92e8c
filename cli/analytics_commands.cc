// `isnad rank` and `isnad communities`: graph analytics (graph/analytics.h)
// over the whole graph loaded from the store.
#include <algorithm>
#include <cinttypes>
#include <cstdio>
#include <iostream>
#include <memory>
#include <numeric>
#include <set>
#include <string>
#include <vector>

#include "base/utf8.h"
#include "cli/common.h"
#include "cli/registry.h"
#include "graph/analytics.h"
#include "graph/knowledge_graph.h"

namespace isnad::cli {

namespace {

using nlohmann::json;

// Exact betweenness costs O(nodes x edges): minutes at 50,000 nodes, days
// at half a million. Above this many nodes `rank --by betweenness` samples
// kDefaultPivots sources unless --samples says otherwise.
constexpr uint32_t kExactBetweennessLimit = 50000;
constexpr uint32_t kDefaultPivots = 64;
// Pivots are drawn with a fixed seed: the same store ranks the same way.
constexpr uint64_t kPivotSeed = 42;

struct RankOptions {
  std::string db;
  std::string by = "pagerank";
  std::vector<std::string> kinds;
  size_t top = 20;  // 0: all
  bool json = false;
  bool weighted = false;
  uint32_t samples = 0;  // betweenness pivots; 0: exact up to kExactBetweennessLimit nodes
};

struct CommunitiesOptions {
  std::string db;
  size_t top = 10;  // communities listed; 0: all
  size_t min_size = 1;
  bool json = false;
};

// The whole graph, statements included. Analytics need no evidence; one
// sentence per edge is the least KnowledgeGraph::Load reads.
Status LoadGraph(const std::string& db, KnowledgeGraph* graph, analytics::ArcList* arcs) {
  std::unique_ptr<TripleStore> store;
  Status s = OpenForReading(db, &store);
  if (!s.ok()) return s;
  GraphOptions options;
  options.with_evidence = false;  // structure only: no sentence is read
  s = KnowledgeGraph::Load(*store, options, graph);
  if (!s.ok()) return s;
  const Graph& g = graph->graph();
  return analytics::MakeArcList(g, get(&GraphEdge::weight, g), arcs);
}

// Node id as the exports write it ("n" + term id).
std::string NodeId(const GraphNode& node) { return "n" + std::to_string(node.id); }

// What a table shows for a node: its label, or for a statement its text.
std::string Shown(const GraphNode& node) {
  if (node.kind == "statement" && !node.text.empty()) return "«" + node.text + "»";
  return node.label;
}

// `text` cut to `width` code points, … marking a cut; `*shown` is set to
// the code points kept.
std::string Cut(const std::string& text, size_t width, size_t* shown = nullptr) {
  std::string out;
  size_t pos = 0, count = 0;
  while (pos < text.size() && count < width) {
    const size_t start = pos;
    utf8::Decode(text, &pos);
    if (count + 1 == width && pos < text.size()) {
      out += "…";
    } else {
      out.append(text, start, pos - start);
    }
    ++count;
  }
  if (shown != nullptr) *shown = count;
  return out;
}

// Cut, then padded to `width`.
std::string Cell(const std::string& text, size_t width) {
  size_t shown = 0;
  std::string out = Cut(text, width, &shown);
  out.append(width - shown, ' ');
  return out;
}

std::string FormatScore(double score, bool integral) {
  char text[32];
  std::snprintf(text, sizeof text, integral ? "%.0f" : "%.6g", score);
  return text;
}

int RunRank(const RankOptions& options) {
  if (options.weighted && options.by == "betweenness") {
    return Fail(Status::InvalidArgument("betweenness is unweighted: drop --weighted"));
  }
  if (options.samples != 0 && options.by != "betweenness") {
    return Fail(Status::InvalidArgument("--samples applies to --by betweenness only"));
  }
  KnowledgeGraph graph;
  analytics::ArcList arcs;
  Status s = LoadGraph(options.db, &graph, &arcs);
  if (!s.ok()) return Fail(s);
  const Graph& g = graph.graph();

  std::vector<double> score;
  std::string what;
  if (options.by == "pagerank") {
    analytics::PageRankOptions pr;
    pr.weighted = options.weighted;
    analytics::PageRankResult result;
    s = analytics::PageRank(arcs, pr, &result);
    if (!s.ok()) return Fail(s);
    if (!result.converged) {
      std::cerr << "isnad: PageRank did not converge in " << result.iterations
                << " iterations (L1 change " << result.last_change << ")\n";
    }
    score = std::move(result.rank);
    what = std::string("PageRank (damping 0.85") + (options.weighted ? ", weighted" : "") + ")";
  } else if (options.by == "degree") {
    score = analytics::Degree(arcs, options.weighted);
    what = options.weighted ? "weighted degree (in + out)" : "degree (in + out)";
  } else {
    analytics::BetweennessOptions bc;
    bc.samples = options.samples;
    bc.seed = kPivotSeed;
    if (bc.samples == 0 && arcs.vertices > kExactBetweennessLimit) bc.samples = kDefaultPivots;
    analytics::BetweennessResult result;
    s = analytics::Betweenness(arcs, bc, &result);
    if (!s.ok()) return Fail(s);
    if (result.sampled) {
      std::cerr << "isnad: betweenness estimated from " << result.sources << " of " << arcs.vertices
                << " sources (seed " << kPivotSeed << "); --samples K for more\n";
    }
    score = std::move(result.centrality);
    what = result.sampled ? "betweenness (normalised, sampled)" : "betweenness (normalised)";
  }

  const std::set<std::string> kinds(options.kinds.begin(), options.kinds.end());
  std::vector<uint32_t> shown;
  for (uint32_t v = 0; v < arcs.vertices; ++v) {
    if (kinds.empty() || kinds.count(g[v].kind) > 0) shown.push_back(v);
  }
  // Highest score first; equal scores in vertex (store) order.
  auto higher = [&](uint32_t a, uint32_t b) {
    return score[a] != score[b] ? score[a] > score[b] : a < b;
  };
  const size_t count = options.top == 0 ? shown.size() : std::min(options.top, shown.size());
  std::partial_sort(shown.begin(), shown.begin() + count, shown.end(), higher);
  shown.resize(count);

  const bool integral = options.by == "degree" && !options.weighted;
  if (options.json) {
    for (size_t i = 0; i < shown.size(); ++i) {
      const GraphNode& node = g[shown[i]];
      json j = {{"rank", i + 1},
                {"id", NodeId(node)},
                {"key", node.key},
                {"label", node.label},
                {"kind", node.kind},
                {"by", options.by},
                {"score",
                 integral ? json(static_cast<uint64_t>(score[shown[i]])) : json(score[shown[i]])}};
      std::cout << Dump(j) << "\n";
    }
    return 0;
  }
  std::cout << what << " of " << arcs.vertices << " nodes, " << arcs.size() << " edges\n\n";
  std::cout << "rank  score       " << Cell("label", 40) << "  kind\n";
  for (size_t i = 0; i < shown.size(); ++i) {
    const GraphNode& node = g[shown[i]];
    char rank[24];
    std::snprintf(rank, sizeof rank, "%4zu", i + 1);
    std::cout << rank << "  " << Cell(FormatScore(score[shown[i]], integral), 10) << "  "
              << Cell(Shown(node), 40) << "  " << node.kind << "\n";
  }
  return 0;
}

int RunCommunities(const CommunitiesOptions& options) {
  KnowledgeGraph graph;
  analytics::ArcList arcs;
  Status s = LoadGraph(options.db, &graph, &arcs);
  if (!s.ok()) return Fail(s);
  const Graph& g = graph.graph();

  const analytics::Components components = analytics::WeaklyConnectedComponents(arcs);
  std::vector<uint32_t> component_sizes = components.size;
  std::sort(component_sizes.begin(), component_sizes.end(), std::greater<>());
  analytics::Partition partition;
  s = analytics::Louvain(arcs, analytics::LouvainOptions(), &partition);
  if (!s.ok()) return Fail(s);
  const std::vector<double> degree = analytics::Degree(arcs, /*weighted=*/false);

  // Members of each community, most central (highest degree) first.
  std::vector<std::vector<uint32_t>> members(partition.size.size());
  for (uint32_t v = 0; v < arcs.vertices; ++v) members[partition.community[v]].push_back(v);
  std::vector<uint32_t> listed;  // communities shown, largest first (their numbering)
  for (uint32_t c = 0; c < members.size(); ++c) {
    if (members[c].size() < options.min_size) continue;
    if (options.top != 0 && listed.size() >= options.top) break;
    listed.push_back(c);
    std::stable_sort(members[c].begin(), members[c].end(),
                     [&](uint32_t a, uint32_t b) { return degree[a] > degree[b]; });
  }

  if (options.json) {
    json out = {{"nodes", arcs.vertices},
                {"edges", arcs.size()},
                {"components", {{"count", component_sizes.size()}, {"sizes", component_sizes}}},
                {"communities", partition.size.size()},
                {"modularity", partition.modularity},
                {"levels", partition.levels},
                {"listed", json::array()}};
    for (uint32_t c : listed) {
      json list = json::array();
      for (uint32_t v : members[c]) {
        list.push_back({{"id", NodeId(g[v])},
                        {"label", g[v].label},
                        {"kind", g[v].kind},
                        {"degree", static_cast<uint64_t>(degree[v])}});
      }
      out["listed"].push_back({{"community", c}, {"size", members[c].size()}, {"members", list}});
    }
    std::cout << Dump(out) << "\n";
    return 0;
  }
  constexpr size_t kSizesShown = 10, kMembersShown = 8, kMemberWidth = 30;
  std::cout << "weakly connected components: " << component_sizes.size() << "  (sizes ";
  for (size_t i = 0; i < component_sizes.size() && i < kSizesShown; ++i) {
    std::cout << (i > 0 ? ", " : "") << component_sizes[i];
  }
  if (component_sizes.size() > kSizesShown) std::cout << ", …";
  char modularity[32];
  std::snprintf(modularity, sizeof modularity, "%.4f", partition.modularity);
  std::cout << ")\nLouvain communities: " << partition.size.size() << "  (modularity " << modularity
            << ", " << partition.levels << " levels, edges weighted by mentions)\n\n";
  std::cout << "   #   size  members (highest degree first)\n";
  for (uint32_t c : listed) {
    char head[48];
    std::snprintf(head, sizeof head, "%4u  %5zu  ", c, members[c].size());
    std::cout << head;
    for (size_t i = 0; i < members[c].size() && i < kMembersShown; ++i) {
      std::cout << (i > 0 ? ", " : "") << Cut(Shown(g[members[c][i]]), kMemberWidth);
    }
    if (members[c].size() > kMembersShown) {
      std::cout << ", … (+" << members[c].size() - kMembersShown << " more)";
    }
    std::cout << "\n";
  }
  const size_t hidden = partition.size.size() - listed.size();
  if (hidden > 0) {
    std::cout << "(" << hidden << " more communities; --top 0 --min-size N to list them)\n";
  }
  return 0;
}

}  // namespace

void AddAnalyticsCommands(CLI::App* app, const std::string& default_db, CommandList* commands) {
  auto rank = std::make_shared<RankOptions>();
  rank->db = default_db;
  auto* rank_cmd = app->add_subcommand("rank",
                                       "the most central nodes: PageRank, degree or "
                                       "betweenness, computed on the whole graph");
  rank_cmd->add_option("--db", rank->db, "store directory (default $ISNAD_DB or ./isnad.db)");
  rank_cmd->add_option("--by", rank->by, "pagerank, degree or betweenness")
      ->check(CLI::IsMember({"pagerank", "degree", "betweenness"}))
      ->capture_default_str();
  rank_cmd->add_option("--kind", rank->kinds, "only list nodes of this kind (repeatable)");
  rank_cmd->add_option("--top", rank->top, "nodes listed; 0 lists all")->capture_default_str();
  rank_cmd->add_flag("--json", rank->json, "one JSON object a line");
  rank_cmd->add_flag("--weighted", rank->weighted,
                     "pagerank and degree: weigh edges by their supporting mentions");
  rank_cmd->add_option("--samples", rank->samples,
                       "betweenness: estimate from K pivot sources (default: exact up to 50000 "
                       "nodes, 64 pivots above)");
  commands->emplace_back(rank_cmd, [rank] { return RunRank(*rank); });

  auto communities = std::make_shared<CommunitiesOptions>();
  communities->db = default_db;
  auto* communities_cmd = app->add_subcommand(
      "communities", "connected components and Louvain communities with their members");
  communities_cmd->add_option("--db", communities->db,
                              "store directory (default $ISNAD_DB or ./isnad.db)");
  communities_cmd->add_option("--top", communities->top, "communities listed; 0 lists all")
      ->capture_default_str();
  communities_cmd
      ->add_option("--min-size", communities->min_size,
                   "only list communities of at least this many nodes")
      ->capture_default_str();
  communities_cmd->add_flag("--json", communities->json, "print one JSON object");
  commands->emplace_back(communities_cmd, [communities] { return RunCommunities(*communities); });
}

}  // namespace isnad::cli
