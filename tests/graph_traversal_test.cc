// Tests for graph/store_traversal.h and graph/store_summary.h on a store
// built by hand with a known shape:
//
//   a -r-> b -r-> d -s-> e  -s-> f        b -t-> a   (b and a joined both ways)
//   a -r-> c -r-> d -s-> e2 -s-> f        a -q-> h   (negated)
//
//   y -said-> "s:g3:0" -mentions-> z      (a component of its own)
//
// so that a..d has two shortest paths, a..f four (two diamonds in series),
// and a..z none.
#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "graph/store_summary.h"
#include "graph/store_traversal.h"
#include "store/triple_store.h"
#include "tests/test_util.h"

namespace isnad {
namespace {

using testing::Edge;
using testing::Node;

Article Diamond() {
  Article a;
  a.id = "g1";
  a.date = "2025-03-01";
  a.content_hash = "g1";
  a.sentences = {"s0", "s1", "s2", "s3", "s4", "s5"};
  a.nodes = {Node("a", "company", "A", {"A"}), Node("b", "company", "B", {"B"}),
             Node("c", "company", "C", {"C"}), Node("d", "company", "D", {"D"}),
             Node("h", "chip", "H", {"H"})};
  a.edges = {Edge("a", "r", "b", 0), Edge("a", "r", "c", 1),
             Edge("b", "r", "d", 2), Edge("c", "r", "d", 3),
             Edge("b", "t", "a", 4), Edge("a", "q", "h", 5, /*negated=*/true)};
  return a;
}

Article Chain() {
  Article a;
  a.id = "g2";
  a.date = "2025-01-15";
  a.content_hash = "g2";
  a.sentences = {"s0", "s1", "s2", "s3", "s4"};
  a.nodes = {Node("a", "company", "A", {"A"}),    Node("b", "company", "B", {"B"}),
             Node("d", "company", "D", {"D"}),    Node("e", "company", "E", {"E"}),
             Node("e2", "company", "E2", {"E2"}), Node("f", "company", "F", {"F"})};
  a.edges = {Edge("d", "s", "e", 0), Edge("d", "s", "e2", 1), Edge("e", "s", "f", 2),
             Edge("e2", "s", "f", 3), Edge("a", "r", "b", 4)};  // a -r-> b again: weight 2
  return a;
}

Article Apart() {
  Article a;
  a.id = "g3";  // undated
  a.content_hash = "g3";
  a.sentences = {"Y said something about Z."};
  a.nodes = {Node("y", "person", "Y", {"Y"}), Node("z", "place", "Z", {"Z"}),
             Node("s:g3:0", "statement", "something about Z", {}, "something about Z")};
  a.edges = {Edge("y", "said", "s:g3:0", 0), Edge("s:g3:0", "mentions", "z", 0)};
  return a;
}

class StoreTraversalTest : public ::testing::Test {
 protected:
  void SetUp() override {
    TripleStore::Options options;
    options.create_if_missing = true;
    ASSERT_TRUE(TripleStore::Open((dir_.path() / "store").string(), options, &store_).ok());
    for (const Article& article : {Diamond(), Chain(), Apart()}) {
      TripleStore::PutOutcome outcome;
      ASSERT_TRUE(store_->PutArticle(article, &outcome).ok()) << article.id;
    }
  }
  void TearDown() override { store_.reset(); }

  TermId Id(const std::string& key) {
    TermId id = 0;
    EXPECT_TRUE(store_->FindNode(key, &id).ok()) << key;
    return id;
  }
  std::string Key(TermId id) {
    NodeRecord node;
    EXPECT_TRUE(store_->GetNode(id, &node).ok()) << id;
    return node.key;
  }
  TermId Predicate(const std::string& name) {
    TermId id = 0;
    EXPECT_TRUE(store_->FindPredicate(name, &id).ok()) << name;
    return id;
  }

  // key -> distance of every node reached.
  std::map<std::string, uint32_t> Reached(const Neighborhood& found) {
    std::map<std::string, uint32_t> out;
    for (const ReachedNode& r : found.nodes) {
      EXPECT_TRUE(out.emplace(Key(r.node), r.distance).second) << "reached twice: " << Key(r.node);
      EXPECT_EQ(r.via.to(), r.node);
    }
    return out;
  }

  Neighborhood Neighbors(const std::string& origin, uint32_t depth,
                         std::optional<TermId> predicate = std::nullopt, size_t max_nodes = 0) {
    NeighborhoodOptions options;
    options.max_depth = depth;
    options.filter.predicate = predicate;
    options.max_nodes = max_nodes;
    Neighborhood found;
    EXPECT_TRUE(FindNeighborhood(*store_, Id(origin), options, &found).ok());
    return found;
  }

  ShortestPaths Paths(const std::string& from, const std::string& to, uint32_t max_length = 4,
                      std::optional<TermId> predicate = std::nullopt, size_t max_paths = 20) {
    PathOptions options;
    options.max_length = max_length;
    options.filter.predicate = predicate;
    options.max_paths = max_paths;
    ShortestPaths found;
    EXPECT_TRUE(FindShortestPaths(*store_, Id(from), Id(to), options, &found).ok());
    return found;
  }

  // Each path as its node keys joined with "-".
  std::set<std::string> Spelled(const ShortestPaths& found) {
    std::set<std::string> out;
    for (const NodePath& path : found.paths) {
      std::string s;
      for (TermId node : path.nodes) {
        if (!s.empty()) s += '-';
        s += Key(node);
      }
      EXPECT_EQ(path.hops.size() + 1, path.nodes.size()) << s;
      EXPECT_TRUE(out.insert(s).second) << "path twice: " << s;
    }
    return out;
  }

  isnad::testing::ScopedTempDir dir_;
  std::unique_ptr<TripleStore> store_;
};

// ---- neighbourhoods -------------------------------------------------------------

TEST_F(StoreTraversalTest, DepthOneIsEveryNodeOneEdgeAwayEitherDirection) {
  const Neighborhood found = Neighbors("a", 1);
  EXPECT_EQ(Reached(found), (std::map<std::string, uint32_t>{{"b", 1}, {"c", 1}, {"h", 1}}));
  EXPECT_FALSE(found.truncated);
  for (const ReachedNode& r : found.nodes) {
    // Out-edges are read first: b is reached by a -r-> b, not b -t-> a.
    EXPECT_TRUE(r.via.forward) << Key(r.node);
    EXPECT_EQ(r.via.from(), Id("a"));
  }
}

TEST_F(StoreTraversalTest, DeeperSearchesGiveExactDistances) {
  EXPECT_EQ(Reached(Neighbors("a", 2)),
            (std::map<std::string, uint32_t>{{"b", 1}, {"c", 1}, {"h", 1}, {"d", 2}}));
  EXPECT_EQ(Reached(Neighbors("a", 4)),
            (std::map<std::string, uint32_t>{
                {"b", 1}, {"c", 1}, {"h", 1}, {"d", 2}, {"e", 3}, {"e2", 3}, {"f", 4}}));
  // Against the edges' direction: f reaches d through e and e2.
  EXPECT_EQ(Reached(Neighbors("f", 2)),
            (std::map<std::string, uint32_t>{{"e", 1}, {"e2", 1}, {"d", 2}}));
  const Neighborhood from_f = Neighbors("f", 1);
  for (const ReachedNode& r : from_f.nodes) EXPECT_FALSE(r.via.forward);
}

TEST_F(StoreTraversalTest, NeighborhoodsStopAtTheComponent) {
  EXPECT_EQ(Reached(Neighbors("z", 5)), (std::map<std::string, uint32_t>{{"s:g3:0", 1}, {"y", 2}}));
}

TEST_F(StoreTraversalTest, RelationFilterFollowsOnlyThatRelation) {
  EXPECT_EQ(Reached(Neighbors("a", 3, Predicate("r"))),
            (std::map<std::string, uint32_t>{{"b", 1}, {"c", 1}, {"d", 2}}));
  // The negated edge is an edge like another, and says so.
  const Neighborhood negated = Neighbors("a", 3, Predicate("q"));
  ASSERT_EQ(negated.nodes.size(), 1u);
  EXPECT_EQ(Key(negated.nodes[0].node), "h");
  EXPECT_TRUE(negated.nodes[0].via.edge.negated);
  // Against the direction too: t reaches a from b.
  const Neighborhood back = Neighbors("a", 2, Predicate("t"));
  ASSERT_EQ(back.nodes.size(), 1u);
  EXPECT_EQ(Key(back.nodes[0].node), "b");
  EXPECT_FALSE(back.nodes[0].via.forward);
}

TEST_F(StoreTraversalTest, MaxNodesTruncatesAndSaysSo) {
  const Neighborhood cut = Neighbors("a", 2, std::nullopt, 2);
  EXPECT_EQ(cut.nodes.size(), 2u);
  EXPECT_TRUE(cut.truncated);
  // Exactly as many as there are: nothing was left out.
  const Neighborhood exact = Neighbors("a", 2, std::nullopt, 4);
  EXPECT_EQ(exact.nodes.size(), 4u);
  EXPECT_FALSE(exact.truncated);
}

// ---- shortest paths ---------------------------------------------------------------

TEST_F(StoreTraversalTest, DiamondHasTwoShortestPaths) {
  const ShortestPaths found = Paths("a", "d");
  ASSERT_TRUE(found.found);
  EXPECT_EQ(found.length, 2u);
  EXPECT_EQ(found.count, 2u);
  EXPECT_EQ(Spelled(found), (std::set<std::string>{"a-b-d", "a-c-d"}));
}

TEST_F(StoreTraversalTest, HopsListEveryJoiningEdgeWithItsRealDirection) {
  const ShortestPaths found = Paths("a", "d");
  for (const NodePath& path : found.paths) {
    if (Key(path.nodes[1]) != "b") continue;
    // a and b are joined by a -r-> b (weight 2, two articles) and b -t-> a:
    // one hop, two edges, not two paths.
    const std::vector<Step>& hop = path.hops[0];
    ASSERT_EQ(hop.size(), 2u);
    EXPECT_TRUE(hop[0].forward);
    EXPECT_EQ(hop[0].edge.predicate, Predicate("r"));
    EXPECT_EQ(hop[0].weight, 2u);
    EXPECT_FALSE(hop[1].forward);
    EXPECT_EQ(hop[1].edge.predicate, Predicate("t"));
    EXPECT_EQ(hop[1].edge.subject, Id("b"));
    for (const Step& step : hop) EXPECT_EQ(step.from(), Id("a"));
    return;
  }
  FAIL() << "no path through b";
}

TEST_F(StoreTraversalTest, DiamondsInSeriesMultiply) {
  const ShortestPaths found = Paths("a", "f");
  ASSERT_TRUE(found.found);
  EXPECT_EQ(found.length, 4u);
  EXPECT_EQ(found.count, 4u);
  EXPECT_EQ(Spelled(found),
            (std::set<std::string>{"a-b-d-e-f", "a-b-d-e2-f", "a-c-d-e-f", "a-c-d-e2-f"}));
  // The other way round: the same paths, reversed.
  const ShortestPaths back = Paths("f", "a");
  EXPECT_EQ(back.count, 4u);
  EXPECT_EQ(Spelled(back),
            (std::set<std::string>{"f-e-d-b-a", "f-e2-d-b-a", "f-e-d-c-a", "f-e2-d-c-a"}));
}

TEST_F(StoreTraversalTest, MaxPathsBoundsThePathsSpelledNotTheCount) {
  const ShortestPaths found = Paths("a", "f", 4, std::nullopt, 3);
  EXPECT_EQ(found.count, 4u);
  EXPECT_EQ(found.paths.size(), 3u);
  EXPECT_EQ(Paths("a", "f", 4, std::nullopt, 0).paths.size(), 0u);
}

TEST_F(StoreTraversalTest, MaxLengthCutsOff) {
  EXPECT_FALSE(Paths("a", "f", 3).found);
  EXPECT_TRUE(Paths("a", "f", 4).found);
  EXPECT_FALSE(Paths("a", "d", 1).found);
}

TEST_F(StoreTraversalTest, NoPathBetweenComponents) {
  const ShortestPaths found = Paths("a", "z", 16);
  EXPECT_FALSE(found.found);
  EXPECT_EQ(found.count, 0u);
  EXPECT_TRUE(found.paths.empty());
  // Within the other component, through the statement node.
  EXPECT_EQ(Spelled(Paths("y", "z")), (std::set<std::string>{"y-s:g3:0-z"}));
}

TEST_F(StoreTraversalTest, PathFilterFollowsOnlyThatRelation) {
  EXPECT_EQ(Paths("a", "d", 4, Predicate("r")).count, 2u);
  EXPECT_FALSE(Paths("a", "d", 4, Predicate("s")).found);
  // With only t, a and b are joined by b -t-> a alone.
  const ShortestPaths t = Paths("a", "b", 4, Predicate("t"));
  ASSERT_EQ(t.paths.size(), 1u);
  ASSERT_EQ(t.paths[0].hops[0].size(), 1u);
  EXPECT_FALSE(t.paths[0].hops[0][0].forward);
  // The negated edge is a hop like another.
  const ShortestPaths negated = Paths("b", "h");
  EXPECT_EQ(Spelled(negated), (std::set<std::string>{"b-a-h"}));
  EXPECT_TRUE(negated.paths[0].hops[1][0].edge.negated);
}

TEST_F(StoreTraversalTest, PathToItselfHasLengthZero) {
  const ShortestPaths found = Paths("a", "a");
  EXPECT_TRUE(found.found);
  EXPECT_EQ(found.length, 0u);
  EXPECT_EQ(found.count, 1u);
  EXPECT_EQ(Spelled(found), (std::set<std::string>{"a"}));
}

// ---- documents, look-ups, summary --------------------------------------------------

TEST_F(StoreTraversalTest, ReadDocumentsLeavesUnknownIdsOut) {
  std::unordered_map<std::string, DocumentRecord> docs;
  ASSERT_TRUE(ReadDocuments(*store_, {"g1", "g3", "nowhere", "g1"}, &docs).ok());
  ASSERT_EQ(docs.size(), 2u);
  EXPECT_EQ(docs.at("g1").date, "2025-03-01");
  EXPECT_EQ(docs.at("g3").date, "");
}

TEST_F(StoreTraversalTest, DateBeforePutsUndatedLast) {
  EXPECT_TRUE(DateBefore("2025-01-15", "2025-03-01"));
  EXPECT_FALSE(DateBefore("2025-03-01", "2025-01-15"));
  EXPECT_TRUE(DateBefore("2025-03-01", ""));
  EXPECT_FALSE(DateBefore("", "2025-03-01"));
  EXPECT_FALSE(DateBefore("", ""));
}

TEST_F(StoreTraversalTest, LookupReadsEvidenceAndText) {
  StoreLookup lookup(*store_);
  EXPECT_EQ(lookup.Node(Id("a")).label, "A");
  EXPECT_EQ(lookup.Node(999999).label, "?");
  EXPECT_EQ(lookup.Relation(Predicate("said")), "said");
  EXPECT_EQ(lookup.Text(Id("s:g3:0")), "something about Z");
  const Evidence* evidence = nullptr;
  const EdgeKey said{Id("y"), Predicate("said"), Id("s:g3:0"), false};
  ASSERT_TRUE(lookup.FirstEvidence(said, &evidence).ok());
  ASSERT_NE(evidence, nullptr);
  EXPECT_EQ(evidence->doc, "g3");
  EXPECT_EQ(evidence->text, "Y said something about Z.");
  const EdgeKey absent{Id("y"), Predicate("said"), Id("z"), false};
  ASSERT_TRUE(lookup.FirstEvidence(absent, &evidence).ok());
  EXPECT_EQ(evidence, nullptr);
}

TEST_F(StoreTraversalTest, SummaryCountsLikeGetStatsAndRanks) {
  StoreSummary summary;
  ASSERT_TRUE(SummarizeStore(*store_, 3, &summary).ok());
  StoreStats stats;
  ASSERT_TRUE(store_->GetStats(&stats).ok());
  EXPECT_EQ(summary.counts.documents, stats.documents);
  EXPECT_EQ(summary.counts.sentences, stats.sentences);
  EXPECT_EQ(summary.counts.edges, stats.edges);
  EXPECT_EQ(summary.counts.nodes_by_kind, stats.nodes_by_kind);
  EXPECT_EQ(summary.counts.edges_by_relation, stats.edges_by_relation);
  EXPECT_EQ(summary.counts.edges, 12u);

  EXPECT_EQ(summary.dated_documents, 2u);
  EXPECT_EQ(summary.earliest_date, "2025-01-15");
  EXPECT_EQ(summary.latest_date, "2025-03-01");

  // a and d have four edges each (a tie broken by label), b three; the
  // statement is no entity.
  ASSERT_EQ(summary.top_degree.size(), 3u);
  EXPECT_EQ(summary.top_degree[0].key, "a");
  EXPECT_EQ(summary.top_degree[0].count, 4u);
  EXPECT_EQ(summary.top_degree[1].key, "d");
  EXPECT_EQ(summary.top_degree[1].count, 4u);
  EXPECT_EQ(summary.top_degree[2].key, "b");
  EXPECT_EQ(summary.top_degree[2].count, 3u);
  ASSERT_EQ(summary.top_speakers.size(), 1u);
  EXPECT_EQ(summary.top_speakers[0].key, "y");
  EXPECT_EQ(summary.top_speakers[0].count, 1u);
}

}  // namespace
}  // namespace isnad
