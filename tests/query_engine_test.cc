// Tests for query/query.h (the pattern syntax), query/query_engine.h (joins
// over the store's indexes) and query/name_resolver.h, on a small store
// whose answers are known.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "base/edit_distance.h"
#include "query/name_resolver.h"
#include "query/query.h"
#include "query/query_engine.h"
#include "store/triple_store.h"
#include "tests/test_util.h"

namespace isnad {
namespace {

using testing::Edge;
using testing::Node;

// ---- Parsing ----------------------------------------------------------------------

Query Parse(const std::string& text) {
  Query q;
  Status s = ParseQuery(text, &q);
  EXPECT_TRUE(s.ok()) << text << ": " << s.ToString();
  return q;
}

std::string ParseError(const std::string& text) {
  Query q;
  Status s = ParseQuery(text, &q);
  EXPECT_TRUE(s.IsInvalidArgument()) << text;
  return s.message();
}

TEST(QueryParser, TriplePatternWithKindConstraint) {
  Query q = Parse("?c:company -buys-> H200");
  ASSERT_EQ(q.clauses.size(), 1u);
  const QueryClause& c = q.clauses[0];
  EXPECT_TRUE(c.subject.is_variable);
  EXPECT_EQ(c.subject.text, "c");
  EXPECT_EQ(c.subject.kind, "company");
  EXPECT_FALSE(c.relation.is_variable);
  EXPECT_EQ(c.relation.text, "buys");
  EXPECT_FALSE(c.object.is_variable);
  EXPECT_EQ(c.object.text, "H200");
  EXPECT_EQ(q.variables, (std::vector<std::string>{"c"}));
}

TEST(QueryParser, QuotedAndMultiWordNamesAndJoins) {
  Query q = Parse("\"United States\" -restricts-> ?x ; ?x:chip");
  ASSERT_EQ(q.clauses.size(), 2u);
  EXPECT_EQ(q.clauses[0].subject.text, "United States");
  EXPECT_TRUE(q.clauses[1].IsConstraint());
  EXPECT_EQ(q.clauses[1].subject.kind, "chip");
  // Unquoted words next to each other are one name; «» quote too.
  EXPECT_EQ(Parse("United States -restricts-> ?x").clauses[0].subject.text, "United States");
  EXPECT_EQ(Parse("«الولايات المتحدة» -restricts-> ?x").clauses[0].subject.text,
            "الولايات المتحدة");
  Query j = Parse("?p -said-> ?s; ?s -mentions-> Huawei;");
  ASSERT_EQ(j.clauses.size(), 2u);
  EXPECT_EQ(j.variables, (std::vector<std::string>{"p", "s"}));
  EXPECT_EQ(j.clauses[1].object.text, "Huawei");
}

TEST(QueryParser, RelationVariable) {
  Query q = Parse("Nvidia -?r-> ?x");
  EXPECT_TRUE(q.clauses[0].relation.is_variable);
  EXPECT_EQ(q.clauses[0].relation.text, "r");
  EXPECT_EQ(q.variables, (std::vector<std::string>{"r", "x"}));
}

TEST(QueryParser, ErrorsNameTheColumn) {
  EXPECT_NE(ParseError("?c -buys->").find("missing"), std::string::npos);
  EXPECT_NE(ParseError("-buys-> H200").find("column 1"), std::string::npos);
  EXPECT_NE(ParseError("?c -buys-> \"H200").find("unclosed quote"), std::string::npos);
  EXPECT_NE(ParseError("?c -buys-> ?x -sells-> ?y").find("two relations"), std::string::npos);
  EXPECT_NE(ParseError("?c").find("needs a kind"), std::string::npos);
  EXPECT_NE(ParseError("Nvidia").find("expected"), std::string::npos);
  EXPECT_NE(ParseError("?c -b uys-> ?x").find("column"), std::string::npos);
  EXPECT_NE(ParseError("?c! -buys-> ?x").find("bad variable"), std::string::npos);
  EXPECT_NE(ParseError("?a -makes-> ?b ;; ?b:chip").find("empty clause"), std::string::npos);
  EXPECT_TRUE(ParseError("  ").find("empty") != std::string::npos);
}

// ---- Edit distance --------------------------------------------------------------------

TEST(EditDistance, CountsCodePointEdits) {
  auto d = [](const char* a, const char* b, size_t max = 10) {
    return EditDistance(ToCodePoints(a), ToCodePoints(b), max);
  };
  EXPECT_EQ(d("nvidia", "nvidia"), 0u);
  EXPECT_EQ(d("nvdia", "nvidia"), 1u);
  EXPECT_EQ(d("kitten", "sitting"), 3u);
  EXPECT_EQ(d("", "abc"), 3u);
  EXPECT_EQ(d("انفيديا", "نفيديا"), 1u);     // one Arabic letter, not two bytes
  EXPECT_EQ(d("kitten", "sitting", 2), 3u);  // past the cap: cap + 1
  EXPECT_EQ(d("a", "abcdefgh", 3), 4u);
}

// ---- The engine on a known store ---------------------------------------------------------

Article Doc1() {
  Article a;
  a.id = "doc1";
  a.date = "2025-01-10";
  a.content_hash = "1";
  a.sentences = {"Nvidia makes the H200.", "ByteDance and Alibaba buy the H200.",
                 "The United States restricts the H200 but not the H20."};
  a.nodes = {Node("nvidia", "company", "Nvidia", {"Nvidia", "إنفيديا"}),
             Node("h200", "chip", "H200", {"H200"}),
             Node("h20", "chip", "H20", {"H20"}),
             Node("bytedance", "company", "ByteDance", {"ByteDance", "بايت دانس"}),
             Node("alibaba", "company", "Alibaba", {"Alibaba", "علي بابا"}),
             Node("us", "government", "United States", {"US", "الولايات المتحدة"})};
  a.edges = {Edge("nvidia", "makes", "h200", 0), Edge("bytedance", "buys", "h200", 1),
             Edge("alibaba", "buys", "h200", 1), Edge("us", "restricts", "h200", 2),
             Edge("us", "restricts", "h20", 2, /*negated=*/true)};
  return a;
}

Article Doc2() {
  Article a;
  a.id = "doc2";
  a.date = "2025-06-01";
  a.content_hash = "2";
  a.sentences = {"Tencent buys the H20.", "Jensen Huang said Huawei is formidable.",
                 "Trump met Xi.", "Nvidia makes the H20."};
  a.nodes = {
      Node("tencent", "company", "Tencent", {"Tencent"}),
      Node("h20", "chip", "H20", {"H20"}),
      Node("huang", "person", "Jensen Huang", {"Jensen Huang", "جنسن هوانغ"}),
      Node("s:doc2:1", "statement", "Huang: Huawei is formidable", {}, "Huawei is formidable"),
      Node("huawei", "company", "Huawei", {"Huawei", "هواوي"}),
      Node("trump", "person", "Donald Trump", {"Trump"}),
      Node("xi", "person", "Xi Jinping", {"Xi"}),
      Node("nvidia", "company", "Nvidia", {"Nvidia"})};
  a.edges = {Edge("tencent", "buys", "h20", 0), Edge("huang", "said", "s:doc2:1", 1),
             Edge("s:doc2:1", "mentions", "huawei", 1), Edge("trump", "meets", "xi", 2),
             Edge("nvidia", "makes", "h20", 3)};
  return a;
}

// Two nodes that share the name "Apex".
Article Doc3() {
  Article a;
  a.id = "doc3";
  a.content_hash = "3";
  a.sentences = {"Apex buys the H20 from Apex."};
  a.nodes = {Node("apex_corp", "company", "Apex Corp", {"Apex"}),
             Node("apex_lab", "organization", "Apex Lab", {"Apex"}),
             Node("h20", "chip", "H20", {"H20"})};
  a.edges = {Edge("apex_corp", "buys", "h20", 0)};
  return a;
}

class QueryEngineTest : public ::testing::Test {
 protected:
  void SetUp() override {
    TripleStore::Options o;
    o.create_if_missing = true;
    ASSERT_TRUE(TripleStore::Open((dir_.path() / "store").string(), o, &store_).ok());
    for (const Article& a : {Doc1(), Doc2(), Doc3()}) {
      TripleStore::PutOutcome outcome;
      Status s = store_->PutArticle(a, &outcome);
      ASSERT_TRUE(s.ok()) << s.ToString();
    }
    resolver_ = std::make_unique<NameResolver>(*store_);
    engine_ = std::make_unique<QueryEngine>(*store_, *resolver_);
  }
  void TearDown() override {
    engine_.reset();
    resolver_.reset();
    store_.reset();
  }

  // Each answer as "var=key,var=key" (relation variables give the
  // predicate name), sorted.
  std::multiset<std::string> Answers(const std::string& text,
                                     const QueryFilter& filter = QueryFilter()) {
    Query q = Parse(text);
    std::multiset<std::string> out;
    Status s = engine_->Run(q, filter, [&](const QueryAnswer& a) {
      EXPECT_EQ(a.values.size(), q.variables.size());
      std::string row;
      for (size_t v = 0; v < q.variables.size(); ++v) {
        std::string value;
        NodeRecord n;
        if (store_->GetNode(a.values[v], &n).ok()) {
          value = n.key;
        } else {
          EXPECT_TRUE(store_->GetPredicateName(a.values[v], &value).ok());
        }
        row += (v ? "," : "") + q.variables[v] + "=" + value;
      }
      out.insert(row);
      return true;
    });
    EXPECT_TRUE(s.ok()) << text << ": " << s.ToString();
    return out;
  }

  Status RunStatus(const std::string& text) {
    Query q = Parse(text);
    return engine_->Run(q, QueryFilter(), [](const QueryAnswer&) { return true; });
  }

  using Set = std::multiset<std::string>;
  testing::ScopedTempDir dir_;
  std::unique_ptr<TripleStore> store_;
  std::unique_ptr<NameResolver> resolver_;
  std::unique_ptr<QueryEngine> engine_;
};

TEST_F(QueryEngineTest, BoundObjectWithKind) {
  EXPECT_EQ(Answers("?c:company -buys-> H200"), (Set{"c=alibaba", "c=bytedance"}));
  EXPECT_EQ(Answers("?c:person -buys-> H200"), Set{});
  EXPECT_EQ(Answers("?c -buys-> H20"), (Set{"c=apex_corp", "c=tencent"}));
}

TEST_F(QueryEngineTest, BoundSubjectAndBothEnds) {
  EXPECT_EQ(Answers("Nvidia -makes-> ?x"), (Set{"x=h20", "x=h200"}));
  EXPECT_EQ(Answers("Nvidia -makes-> H200"), Set{""});  // one answer, nothing to bind
  EXPECT_EQ(Answers("Nvidia -buys-> H200"), Set{});
}

TEST_F(QueryEngineTest, JoinWithKindConstraintClause) {
  EXPECT_EQ(Answers("\"United States\" -restricts-> ?x ; ?x:chip"), Set{"x=h200"});
  EXPECT_EQ(Answers("?maker -makes-> ?chip ; ?buyer:company -buys-> ?chip"),
            (Set{"maker=nvidia,chip=h200,buyer=alibaba", "maker=nvidia,chip=h200,buyer=bytedance",
                 "maker=nvidia,chip=h20,buyer=tencent", "maker=nvidia,chip=h20,buyer=apex_corp"}));
}

TEST_F(QueryEngineTest, StatementsJoinThroughAVariable) {
  EXPECT_EQ(Answers("?p -said-> ?s ; ?s -mentions-> Huawei"), Set{"p=huang,s=s:doc2:1"});
  // The same in the other order of clauses gives the same answers.
  EXPECT_EQ(Answers("?s -mentions-> Huawei ; ?p -said-> ?s"), Set{"s=s:doc2:1,p=huang"});
}

TEST_F(QueryEngineTest, BothEndsVariableAndRelationVariable) {
  EXPECT_EQ(Answers("?a -meets-> ?b"), Set{"a=trump,b=xi"});
  EXPECT_EQ(Answers("Nvidia -?r-> ?x"), (Set{"r=makes,x=h20", "r=makes,x=h200"}));
  EXPECT_EQ(Answers("?x -?r-> H200 ; ?x:government"), Set{"x=us,r=restricts"});
}

TEST_F(QueryEngineTest, KindAloneListsNodesOfTheKind) {
  EXPECT_EQ(Answers("?p:person"), (Set{"p=huang", "p=trump", "p=xi"}));
}

TEST_F(QueryEngineTest, RepeatedVariableMustBindTheSameNode) {
  EXPECT_EQ(Answers("?x -buys-> ?x"), Set{});
}

TEST_F(QueryEngineTest, NegatedEdges) {
  QueryFilter f;
  EXPECT_EQ(Answers("US -restricts-> ?x", f), Set{"x=h200"});  // excluded by default
  f.negated = QueryFilter::Negated::kInclude;
  EXPECT_EQ(Answers("US -restricts-> ?x", f), (Set{"x=h20", "x=h200"}));
  f.negated = QueryFilter::Negated::kOnly;
  EXPECT_EQ(Answers("US -restricts-> ?x", f), Set{"x=h20"});
}

TEST_F(QueryEngineTest, DocumentAndDateFilters) {
  QueryFilter f;
  f.doc = "doc2";
  EXPECT_EQ(Answers("Nvidia -makes-> ?x", f), Set{"x=h20"});
  f = QueryFilter();
  f.since = "2025-02";
  EXPECT_EQ(Answers("?c -buys-> ?x", f), Set{"c=tencent,x=h20"});  // doc3 is undated
  f = QueryFilter();
  f.until = "2025-01";
  EXPECT_EQ(Answers("?c -buys-> ?x", f), (Set{"c=alibaba,x=h200", "c=bytedance,x=h200"}));
  f.until = "2025-13-99x";
  Query q = Parse("?c -buys-> ?x");
  EXPECT_TRUE(engine_->Run(q, f, [](const QueryAnswer&) { return true; }).IsInvalidArgument());
  // Evidence respects the filter: Nvidia makes in doc1 and doc2.
  f = QueryFilter();
  f.doc = "doc2";
  TermId nvidia, makes, h20;
  ASSERT_TRUE(store_->FindNode("nvidia", &nvidia).ok());
  ASSERT_TRUE(store_->FindNode("h20", &h20).ok());
  ASSERT_TRUE(store_->FindPredicate("makes", &makes).ok());
  Provenance where;
  std::string text;
  ASSERT_TRUE(engine_->Evidence({nvidia, makes, h20, false}, f, &where, &text));
  EXPECT_EQ(where.doc, "doc2");
  EXPECT_EQ(text, "Nvidia makes the H20.");
}

TEST_F(QueryEngineTest, LimitStopsTheSearch) {
  QueryFilter f;
  f.limit = 1;
  EXPECT_EQ(Answers("?c -buys-> ?x", f).size(), 1u);
}

TEST_F(QueryEngineTest, ArabicAndEnglishNamesGiveTheSameAnswers) {
  EXPECT_EQ(Answers("إنفيديا -makes-> ?x"), Answers("Nvidia -makes-> ?x"));
  EXPECT_EQ(Answers("«الولايات المتحدة» -restricts-> ?x"),
            Answers("United States -restricts-> ?x"));
  EXPECT_EQ(Answers("?p -said-> ?s ; ?s -mentions-> هواوي"),
            Answers("?p -said-> ?s ; ?s -mentions-> huawei"));
}

TEST_F(QueryEngineTest, PlanStartsWithTheMostSelectivePattern) {
  auto plan = [&](const std::string& text) {
    Query q = Parse(text);
    EXPECT_TRUE(engine_->Run(q, QueryFilter(), [](const QueryAnswer&) { return true; }).ok());
    return engine_->plan();
  };
  using Plan = std::vector<size_t>;
  // buys: 4 edges; Nvidia makes: 2.
  EXPECT_EQ(plan("?c -buys-> ?x ; Nvidia -makes-> ?x"), (Plan{1, 0}));
  // Clause 1 is a kind constraint, not a look-up; US restricts: 2 edges.
  EXPECT_EQ(plan("?c -buys-> ?x ; ?x:chip ; US -restricts-> ?x"), (Plan{2, 0}));
  // A tie keeps the order written.
  EXPECT_EQ(plan("?p -said-> ?s ; ?s -mentions-> Huawei"), (Plan{0, 1}));
  // meets (1 edge) first; then makes (2), and buys, joined through ?x.
  EXPECT_EQ(plan("?c -buys-> ?x ; Nvidia -makes-> ?x ; ?a -meets-> ?b"), (Plan{2, 1, 0}));
  // said (1) first, then mentions, joined through ?s, before the smaller
  // unjoined makes (2); buys last, joined to makes.
  EXPECT_EQ(plan("Nvidia -makes-> ?x ; ?c -buys-> ?x ; ?p -said-> ?s ; ?s -mentions-> Huawei"),
            (Plan{2, 3, 0, 1}));
}

TEST_F(QueryEngineTest, AmbiguousNameListsCandidatesWithKinds) {
  Status s = RunStatus("Apex -buys-> ?x");
  ASSERT_TRUE(s.IsInvalidArgument()) << s.ToString();
  EXPECT_NE(s.message().find("ambiguous"), std::string::npos);
  EXPECT_NE(s.message().find("Apex Corp  (company"), std::string::npos) << s.message();
  EXPECT_NE(s.message().find("Apex Lab  (organization"), std::string::npos) << s.message();
}

TEST_F(QueryEngineTest, UnknownNameSuggestsNearestNames) {
  Status s = RunStatus("Nvdia -makes-> ?x");
  ASSERT_TRUE(s.IsNotFound()) << s.ToString();
  EXPECT_NE(s.message().find("did you mean"), std::string::npos);
  EXPECT_NE(s.message().find("Nvidia  (company)"), std::string::npos) << s.message();
  // A name holding the typed word is suggested too; Arabic works the same.
  std::vector<NameResolver::Suggestion> near;
  ASSERT_TRUE(resolver_->Suggest("Jensen", 5, &near).ok());
  ASSERT_FALSE(near.empty());
  EXPECT_EQ(near[0].label, "Jensen Huang");
  ASSERT_TRUE(resolver_->Suggest("هواوى", 5, &near).ok());  // yaa/alef maqsura folded
  ASSERT_FALSE(near.empty());
  EXPECT_EQ(near[0].label, "Huawei");
  EXPECT_EQ(near[0].distance, 0u);
  ASSERT_TRUE(resolver_->Suggest("zzzzzzzz", 5, &near).ok());
  EXPECT_TRUE(near.empty());
}

TEST_F(QueryEngineTest, UnknownRelationNamesTheNearest) {
  Status s = RunStatus("?c -buy-> H200");
  ASSERT_TRUE(s.IsInvalidArgument()) << s.ToString();
  EXPECT_NE(s.message().find("nearest: buys"), std::string::npos) << s.message();
}

TEST_F(QueryEngineTest, VariableCannotBeRelationAndNode) {
  EXPECT_TRUE(RunStatus("?x -?x-> H200").IsInvalidArgument());
  EXPECT_TRUE(RunStatus("?x:company -buys-> ?y ; ?x:person").IsInvalidArgument());
}

}  // namespace
}  // namespace isnad
