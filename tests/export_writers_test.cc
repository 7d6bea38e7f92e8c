// Tests for export/escape.h, graph/knowledge_graph.h and export/graph_writers.h
// on a store whose text is hostile to XML and JSON.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <random>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "base/utf8.h"
#include "export/escape.h"
#include "export/graph_writers.h"
#include "export/output_buffer.h"
#include "graph/graph_source.h"
#include "graph/knowledge_graph.h"
#include "store/triple_store.h"
#include "tests/test_util.h"

namespace isnad {
namespace {

using testing::Edge;
using testing::Node;

namespace fs = std::filesystem;
using nlohmann::json;
constexpr size_t npos = std::string::npos;

// ---- XmlEscape -------------------------------------------------------------------

TEST(XmlEscape, EscapesMarkupCharacters) {
  EXPECT_EQ(XmlEscape("&"), "&amp;");
  EXPECT_EQ(XmlEscape("<"), "&lt;");
  EXPECT_EQ(XmlEscape(">"), "&gt;");
  EXPECT_EQ(XmlEscape("\""), "&quot;");
  EXPECT_EQ(XmlEscape("'"), "&apos;");
  EXPECT_EQ(XmlEscape("A&B <Corp> \"quoted\" 'x'"),
            "A&amp;B &lt;Corp&gt; &quot;quoted&quot; &apos;x&apos;");
  // Already-escaped text is escaped again, not passed through.
  EXPECT_EQ(XmlEscape("&amp;"), "&amp;amp;");
  EXPECT_EQ(XmlEscape("plain text"), "plain text");
  EXPECT_EQ(XmlEscape(""), "");
}

TEST(XmlEscape, DropsControlCharactersButKeepsWhitespace) {
  EXPECT_EQ(XmlEscape("a\x01"
                      "b"),
            "ab");
  EXPECT_EQ(XmlEscape(std::string("a\0b", 3)), "ab");
  EXPECT_EQ(XmlEscape("\x1F\x0B\x0C\x1B"), "");
  EXPECT_EQ(XmlEscape("a\tb\nc\rd"), "a\tb\nc\rd");
  // U+FFFE and U+FFFF are not XML characters either.
  EXPECT_EQ(XmlEscape("x\xEF\xBF\xBEy\xEF\xBF\xBFz"), "xyz");
}

TEST(XmlEscape, InvalidUtf8BecomesValid) {
  for (const std::string& bad :
       {std::string("\xC0\xAF"), std::string("ab\xE2\x82"), std::string("\xED\xA0\x80<"),
        std::string("\xF4\x90\x80\x80&"), std::string("\xFF\xFE\x80")}) {
    const std::string out = XmlEscape(bad);
    EXPECT_EQ(utf8::FindInvalid(out), npos) << out;
    EXPECT_NE(out.find("\xEF\xBF\xBD"), npos) << "no U+FFFD in " << out;
  }
  EXPECT_EQ(XmlEscape("a\xC0"
                      "b"),
            "a\xEF\xBF\xBD"
            "b");
  EXPECT_EQ(XmlEscape("\xED\xA0\x80<"), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD&lt;");
}

TEST(XmlEscape, KeepsArabicAndBidiMarks) {
  EXPECT_EQ(XmlEscape("\u200Fإنفيديا\u200F"), "\u200Fإنفيديا\u200F");
  EXPECT_EQ(XmlEscape("مُحَمَّد & 😀"), "مُحَمَّد &amp; 😀");
}

// The escaper has fast paths for ASCII and two-byte sequences; on random
// bytes it must agree with the plain definition, one code point at a time.
std::string ReferenceXmlEscape(std::string_view text) {
  std::string out;
  size_t pos = 0;
  while (pos < text.size()) {
    const char32_t cp = utf8::Decode(text, &pos);
    switch (cp) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      default:
        if ((cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r') || cp == 0xFFFE || cp == 0xFFFF) {
          break;
        }
        utf8::Append(cp, &out);
    }
  }
  return out;
}

TEST(XmlEscape, AgreesWithTheDefinitionOnRandomBytes) {
  std::mt19937 rng(11);
  // Weighted towards the bytes that matter: markup, controls, UTF-8 leads
  // and continuations, U+FFFE/F.
  const std::string pieces[] = {"a",    "&",    "<",    ">",    "\"",   "'",    "\x01", "\t",
                                "\xD8", "\xA7", "\xEF", "\xBF", "\xBE", "\xF0", "\x9F", "\x80",
                                "\xC0", "\xED", "\xA0", "ب",    "😀",    "\xFF"};
  for (int i = 0; i < 20000; ++i) {
    std::string text;
    const int len = static_cast<int>(rng() % 16);
    for (int k = 0; k < len; ++k) text += pieces[rng() % std::size(pieces)];
    const std::string got = XmlEscape(text);
    ASSERT_EQ(got, ReferenceXmlEscape(text)) << ::testing::PrintToString(text);
    ASSERT_EQ(utf8::FindInvalid(got), npos);
  }
}

TEST(OutputBuffer, FormatsNumbersAsAStreamDoes) {
  std::ostringstream expected, got_stream;
  {
    OutputBuffer out(got_stream);
    for (double d : {10.0, 16.0, 10.0 + 6.0 * std::log2(3.0), 0.1, 1e-7, 123456789.0}) {
      expected << d << ' ';
      out << d << ' ';
    }
    for (uint64_t v : {uint64_t{0}, uint64_t{7}, uint64_t{4294967295u}, ~uint64_t{0}}) {
      expected << v << ' ';
      out << v << ' ';
    }
    expected << -42 << "&amp;x";
    out << -42;
    out.Xml("&x");
  }  // flushed when it goes
  EXPECT_EQ(got_stream.str(), expected.str());
}

TEST(OutputBuffer, LargeOutputArrivesWholeAndInOrder) {
  std::ostringstream got_stream;
  std::string expected;
  {
    OutputBuffer out(got_stream);
    for (int i = 0; i < 300000; ++i) {
      out << i << '\n';
      expected += std::to_string(i) + "\n";
    }
  }
  EXPECT_EQ(got_stream.str(), expected);
}

// ---- A store with hostile text ---------------------------------------------------------

const char kHostileLabel[] = "A&B <Corp> \"quoted\" 'x'";
const char kArabicLabel[] = "\u200Fإنفيديا\u200F";
const char kStatementText[] = "We \"never\" said 'that' & <that>\x01 \u200Fنعم\u200F";
const char kSentence0[] = "A&B <Corp> sells to \u200Fإنفيديا\u200F\x01.";
const char kSentence1[] = "A&B said: \"We never said 'that'\".";
const char kBadSentence[] = "bad \xC0\xAF bytes & <more>";

Article Hostile1() {
  Article a;
  a.id = "hostile1";
  a.content_hash = "h1";
  a.sentences = {kSentence0, kSentence1, "Nvidia makes the H200\tchip."};
  a.nodes = {Node("acme", "company", kHostileLabel, {"A&B", "<Corp>"}),
             Node("nvidia", "company", kArabicLabel, {"إنفيديا\u200F", "NVIDIA\x01"}),
             Node("h200", "chip", "H200\tchip", {"H200"}),
             Node("s:hostile1:1", "statement", "A&B: <we never>", {}, kStatementText)};
  a.nodes[1].wikidata = "Q182477";
  a.edges = {Edge("acme", "sells_to", "nvidia", 0), Edge("acme", "said", "s:hostile1:1", 1),
             Edge("nvidia", "makes", "h200", 2, false, "possessive")};
  return a;
}

Article Hostile2() {
  Article a;
  a.id = "hostile2";
  a.content_hash = "h2";
  a.sentences = {kBadSentence};
  a.nodes = {Node("acme", "company", "Acme", {"Acme & Co"}),
             Node("nvidia", "company", "Nvidia", {"Nvidia"})};
  a.edges = {Edge("acme", "sells_to", "nvidia", 0, false, "svo2"),
             Edge("nvidia", "rejects", "acme", 0, /*negated=*/true, "negation")};
  return a;
}

class ExportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    TripleStore::Options o;
    o.create_if_missing = true;
    Status s = TripleStore::Open((dir_.path() / "store").string(), o, &store_);
    ASSERT_TRUE(s.ok()) << s.ToString();
    for (const Article& a : {Hostile1(), Hostile2()}) {
      TripleStore::PutOutcome outcome;
      s = store_->PutArticle(a, &outcome);
      ASSERT_TRUE(s.ok()) << s.ToString();
      ASSERT_EQ(outcome, TripleStore::PutOutcome::kAdded);
    }
  }

  void TearDown() override {
    store_.reset();  // before dir_ goes
  }

  KnowledgeGraph Load(const GraphOptions& options = GraphOptions()) {
    KnowledgeGraph kg;
    Status s = KnowledgeGraph::Load(*store_, options, &kg);
    EXPECT_TRUE(s.ok()) << s.ToString();
    return kg;
  }

  TermId Id(const std::string& key) {
    TermId id = 0;
    EXPECT_TRUE(store_->FindNode(key, &id).ok()) << key;
    return id;
  }

  std::string NodeId(const std::string& key) {
    std::string id(1, 'n');  // not "n" + to_string(): GCC 12 warns falsely (-Wrestrict)
    return id.append(std::to_string(Id(key)));
  }

  testing::ScopedTempDir dir_;
  std::unique_ptr<TripleStore> store_;
};

// The edge subject -relation-> object of `kg`, or nullptr.
const GraphEdge* FindEdge(const KnowledgeGraph& kg, const std::string& subject,
                          const std::string& relation, const std::string& object,
                          bool negated = false) {
  const Graph& g = kg.graph();
  for (auto e : boost::make_iterator_range(boost::edges(g))) {
    if (g[boost::source(e, g)].key == subject && g[boost::target(e, g)].key == object &&
        g[e].relation == relation && g[e].negated == negated) {
      return &g[e];
    }
  }
  return nullptr;
}

std::set<std::string> VertexKeys(const KnowledgeGraph& kg) {
  std::set<std::string> keys;
  const Graph& g = kg.graph();
  for (Vertex v : boost::make_iterator_range(boost::vertices(g))) keys.insert(g[v].key);
  return keys;
}

// ---- KnowledgeGraph::Load ----------------------------------------------------------------

TEST_F(ExportTest, LoadBuildsVerticesAndEdges) {
  const KnowledgeGraph kg = Load();
  const Graph& g = kg.graph();
  EXPECT_EQ(boost::num_vertices(g), 4u);
  EXPECT_EQ(boost::num_edges(g), 4u);
  EXPECT_EQ(VertexKeys(kg), (std::set<std::string>{"acme", "nvidia", "h200", "s:hostile1:1"}));

  Vertex v;
  ASSERT_TRUE(kg.FindVertex(Id("acme"), &v));
  EXPECT_EQ(g[v].key, "acme");
  EXPECT_EQ(g[v].label, kHostileLabel);
  EXPECT_EQ(g[v].kind, "company");
  EXPECT_EQ(std::set<std::string>(g[v].aliases.begin(), g[v].aliases.end()),
            (std::set<std::string>{"A&B", "<Corp>", "Acme & Co"}));
  EXPECT_EQ(std::set<std::string>(g[v].docs.begin(), g[v].docs.end()),
            (std::set<std::string>{"hostile1", "hostile2"}));
  ASSERT_TRUE(kg.FindVertex(Id("nvidia"), &v));
  EXPECT_EQ(g[v].wikidata, "Q182477");
  ASSERT_TRUE(kg.FindVertex(Id("s:hostile1:1"), &v));
  EXPECT_EQ(g[v].kind, "statement");
  EXPECT_EQ(g[v].text, kStatementText);
  EXPECT_FALSE(kg.FindVertex(999999u, &v));
}

TEST_F(ExportTest, LoadCarriesWeightAndEvidence) {
  const KnowledgeGraph kg = Load();
  const GraphEdge* sells = FindEdge(kg, "acme", "sells_to", "nvidia");
  ASSERT_NE(sells, nullptr);
  EXPECT_EQ(sells->weight, 2u);
  EXPECT_FALSE(sells->negated);
  ASSERT_EQ(sells->evidence.size(), 2u);
  std::map<std::string, Evidence> by_doc;
  for (const Evidence& ev : sells->evidence) by_doc[ev.doc] = ev;
  ASSERT_EQ(by_doc.size(), 2u);
  EXPECT_EQ(by_doc["hostile1"].sentence, 0u);
  EXPECT_EQ(by_doc["hostile1"].text, kSentence0);
  EXPECT_EQ(by_doc["hostile1"].rule, "svo");
  EXPECT_EQ(by_doc["hostile2"].sentence, 0u);
  EXPECT_EQ(by_doc["hostile2"].text, kBadSentence);
  EXPECT_EQ(by_doc["hostile2"].rule, "svo2");

  const GraphEdge* rejects = FindEdge(kg, "nvidia", "rejects", "acme", /*negated=*/true);
  ASSERT_NE(rejects, nullptr);
  EXPECT_TRUE(rejects->negated);
  EXPECT_EQ(rejects->weight, 1u);
  EXPECT_EQ(FindEdge(kg, "nvidia", "rejects", "acme", /*negated=*/false), nullptr);

  const GraphEdge* makes = FindEdge(kg, "nvidia", "makes", "h200");
  ASSERT_NE(makes, nullptr);
  ASSERT_EQ(makes->evidence.size(), 1u);
  EXPECT_EQ(makes->evidence[0].doc, "hostile1");
  EXPECT_EQ(makes->evidence[0].sentence, 2u);
  EXPECT_EQ(makes->evidence[0].text, "Nvidia makes the H200\tchip.");
  EXPECT_EQ(makes->evidence[0].rule, "possessive");

  ASSERT_NE(FindEdge(kg, "acme", "said", "s:hostile1:1"), nullptr);
}

TEST_F(ExportTest, MaxEvidenceLimitsEvidenceNotWeight) {
  GraphOptions options;
  options.max_evidence = 1;
  const KnowledgeGraph kg = Load(options);
  const GraphEdge* sells = FindEdge(kg, "acme", "sells_to", "nvidia");
  ASSERT_NE(sells, nullptr);
  EXPECT_EQ(sells->weight, 2u);
  EXPECT_EQ(sells->evidence.size(), 1u);
}

TEST_F(ExportTest, LoadWithoutStatementsLeavesThemOut) {
  GraphOptions options;
  options.include_statements = false;
  const KnowledgeGraph kg = Load(options);
  const Graph& g = kg.graph();
  EXPECT_EQ(boost::num_vertices(g), 3u);
  EXPECT_EQ(boost::num_edges(g), 3u);
  EXPECT_EQ(VertexKeys(kg), (std::set<std::string>{"acme", "nvidia", "h200"}));
  for (Vertex v : boost::make_iterator_range(boost::vertices(g))) {
    EXPECT_NE(g[v].kind, "statement");
  }
  for (auto e : boost::make_iterator_range(boost::edges(g))) {
    EXPECT_NE(g[e].relation, "said");
  }
  Vertex v;
  EXPECT_FALSE(kg.FindVertex(Id("s:hostile1:1"), &v));
  EXPECT_TRUE(kg.FindVertex(Id("acme"), &v));

  std::ostringstream graphml, jsonl;
  ASSERT_TRUE(GraphMlWriter::Write(kg, graphml).ok());
  ASSERT_TRUE(JsonlWriter::Write(kg, jsonl).ok());
  EXPECT_EQ(graphml.str().find("statement"), npos);
  EXPECT_EQ(graphml.str().find(">said<"), npos);
  EXPECT_EQ(graphml.str().find(NodeId("s:hostile1:1") + "\""), npos);
  std::istringstream lines(jsonl.str());
  std::string line;
  int count = 0;
  while (std::getline(lines, line)) {
    const json j = json::parse(line);
    ++count;
    if (j["type"] == "node") {
      EXPECT_NE(j["kind"], "statement");
    }
    if (j["type"] == "edge") {
      EXPECT_NE(j["relation"], "said");
      EXPECT_NE(j["target"], NodeId("s:hostile1:1"));
    }
  }
  EXPECT_EQ(count, 6);
}

// The streaming source reads the store in bulk (merged scans, sentences in
// key order, edges in evidence order); what it gives must equal what the
// per-item look-ups give, whatever the order.
std::string DescribeNode(const GraphNode& n, size_t degree) {
  std::string out = n.key + "|" + n.kind + "|" + n.label + "|" + n.text + "|" + n.wikidata + "|" +
                    n.first_seen + "|" + n.last_seen + "|d" + std::to_string(degree);
  for (const std::string& a : n.aliases) out += "|a:" + a;
  for (const std::string& d : n.docs) out += "|doc:" + d;
  return out;
}

std::string DescribeEdge(TermId s, TermId o, const GraphEdge& e) {
  std::string out = std::to_string(s) + " -" + e.relation + "-> " + std::to_string(o) +
                    (e.negated ? " neg" : "") + " w" + std::to_string(e.weight) + " docs" +
                    std::to_string(e.docs) + " " + e.first_seen + ".." + e.last_seen;
  for (const Evidence& ev : e.evidence) {
    out += " [" + ev.doc + ":" + std::to_string(ev.sentence) + " " + std::to_string(ev.begin) +
           "-" + std::to_string(ev.end) + " " + ev.rule + " " + ev.modality + " " + ev.text + "]";
  }
  return out;
}

TEST_F(ExportTest, StreamingSourceEqualsPerItemLookups) {
  // Two dated articles, so that first and last seen differ.
  for (const char* date : {"2025-03-01", "2024-11-30"}) {
    Article a;
    a.id = std::string("dated-") + date;
    a.date = date;
    a.content_hash = a.id;
    a.sentences = {std::string("Acme sells to Nvidia, said on ") + date + "."};
    a.nodes = {Node("acme", "company", "Acme", {"Acme"}),
               Node("nvidia", "company", "Nvidia", {"Nvidia"})};
    a.edges = {Edge("acme", "sells_to", "nvidia", 0)};
    TripleStore::PutOutcome outcome;
    ASSERT_TRUE(store_->PutArticle(a, &outcome).ok());
  }
  std::map<std::string, std::string> dates;
  ASSERT_TRUE(store_
                  ->ForEachDocument([&](const DocumentRecord& d) {
                    dates[d.id] = d.date;
                    return true;
                  })
                  .ok());
  auto widen = [&](const std::string& doc, std::string* first, std::string* last) {
    const std::string& d = dates[doc];
    if (d.empty()) return;
    if (first->empty() || d < *first) *first = d;
    if (last->empty() || d > *last) *last = d;
  };
  for (size_t max_evidence : {size_t{0}, size_t{1}}) {
    for (bool statements : {true, false}) {
      // Expected, one look-up at a time.
      std::set<TermId> excluded;
      std::multiset<std::string> nodes, edges;
      std::map<TermId, size_t> degree;
      ASSERT_TRUE(store_
                      ->ForEachNode([&](const NodeRecord& n) {
                        if (!statements && n.kind == "statement") excluded.insert(n.id);
                        return true;
                      })
                      .ok());
      ASSERT_TRUE(
          store_
              ->Match(EdgePattern{},
                      [&](const EdgeKey& e, uint32_t weight) {
                        if (excluded.count(e.subject) || excluded.count(e.object)) return true;
                        ++degree[e.subject];
                        ++degree[e.object];
                        GraphEdge edge;
                        EXPECT_TRUE(store_->GetPredicateName(e.predicate, &edge.relation).ok());
                        edge.negated = e.negated;
                        edge.weight = weight;
                        std::vector<Provenance> prov;
                        EXPECT_TRUE(store_->GetProvenance(e, &prov).ok());
                        std::set<std::string> docs;
                        for (const Provenance& p : prov) {
                          docs.insert(p.doc);
                          widen(p.doc, &edge.first_seen, &edge.last_seen);
                        }
                        edge.docs = static_cast<uint32_t>(docs.size());
                        for (const Provenance& p : prov) {
                          if (max_evidence != 0 && edge.evidence.size() >= max_evidence) break;
                          Evidence ev;
                          static_cast<Provenance&>(ev) = p;
                          EXPECT_TRUE(store_->GetSentence(p.doc, p.sentence, &ev.text).ok());
                          edge.evidence.push_back(ev);
                        }
                        edges.insert(DescribeEdge(e.subject, e.object, edge));
                        return true;
                      })
              .ok());
      ASSERT_TRUE(store_
                      ->ForEachNode([&](const NodeRecord& n) {
                        if (excluded.count(n.id)) return true;
                        GraphNode node;
                        node.id = n.id;
                        node.key = n.key;
                        node.kind = n.kind;
                        node.label = n.label;
                        node.text = n.text;
                        node.wikidata = n.wikidata;
                        EXPECT_TRUE(store_->GetNodeMentions(n.id, &node.aliases, &node.docs).ok());
                        for (const std::string& d : node.docs) {
                          widen(d, &node.first_seen, &node.last_seen);
                        }
                        nodes.insert(DescribeNode(node, degree[n.id]));
                        return true;
                      })
                      .ok());
      ASSERT_FALSE(edges.empty());
      ASSERT_EQ(std::count_if(edges.begin(), edges.end(),
                              [](const std::string& e) {
                                return e.find("2024-11-30..2025-03-01") != std::string::npos;
                              }),
                1);

      GraphOptions options;
      options.max_evidence = max_evidence;
      options.include_statements = statements;
      StoreGraphSource source(*store_, options);
      std::multiset<std::string> got_nodes, got_edges;
      ASSERT_TRUE(source
                      .ForEachNode([&](const GraphNode& n, size_t d) {
                        got_nodes.insert(DescribeNode(n, d));
                      })
                      .ok());
      ASSERT_TRUE(source
                      .ForEachEdge([&](TermId s, TermId o, const GraphEdge& e) {
                        got_edges.insert(DescribeEdge(s, o, e));
                      })
                      .ok());
      EXPECT_EQ(got_nodes, nodes) << "max_evidence " << max_evidence;
      EXPECT_EQ(got_edges, edges) << "max_evidence " << max_evidence;

      // Edges alone, and a source left after its node pass, work too.
      StoreGraphSource edges_only(*store_, options);
      std::multiset<std::string> again;
      ASSERT_TRUE(edges_only
                      .ForEachEdge([&](TermId s, TermId o, const GraphEdge& e) {
                        again.insert(DescribeEdge(s, o, e));
                      })
                      .ok());
      EXPECT_EQ(again, edges);
      StoreGraphSource nodes_only(*store_, options);
      ASSERT_TRUE(nodes_only.ForEachNode([](const GraphNode&, size_t) {}).ok());
    }
  }
}

TEST_F(ExportTest, WithoutEvidenceEdgesKeepEverythingButTheirSentences) {
  auto edges = [&](bool with_evidence) {
    GraphOptions options;
    options.max_evidence = 1;
    options.with_evidence = with_evidence;
    StoreGraphSource source(*store_, options);
    std::multiset<std::string> out;
    size_t evidence = 0;
    EXPECT_TRUE(source
                    .ForEachEdge([&](TermId s, TermId o, const GraphEdge& e) {
                      evidence += e.evidence.size();
                      GraphEdge bare = e;
                      bare.evidence.clear();
                      out.insert(DescribeEdge(s, o, bare));
                    })
                    .ok());
    return std::make_pair(out, evidence);
  };
  const auto [with, with_count] = edges(true);
  const auto [without, without_count] = edges(false);
  EXPECT_EQ(with, without);
  EXPECT_EQ(with_count, with.size());
  EXPECT_EQ(without_count, 0u);
}

TEST_F(ExportTest, LoadReplacesPreviousContents) {
  KnowledgeGraph kg = Load();
  GraphOptions options;
  options.include_statements = false;
  ASSERT_TRUE(KnowledgeGraph::Load(*store_, options, &kg).ok());
  EXPECT_EQ(boost::num_vertices(kg.graph()), 3u);
  EXPECT_EQ(boost::num_edges(kg.graph()), 3u);
  Vertex v;
  EXPECT_FALSE(kg.FindVertex(Id("s:hostile1:1"), &v));
}

// ---- GraphML -------------------------------------------------------------------------------

// Checks the XML-level invariants: valid UTF-8, no forbidden control bytes,
// every '&' starts one of the five predefined entities.
void ExpectXmlSafe(const std::string& xml) {
  EXPECT_EQ(utf8::FindInvalid(xml), npos);
  static const char* const kEntities[] = {"&amp;", "&lt;", "&gt;", "&quot;", "&apos;"};
  for (size_t i = 0; i < xml.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(xml[i]);
    if (c < 0x20) {
      EXPECT_TRUE(c == '\t' || c == '\n' || c == '\r')
          << "control byte " << int{c} << " at " << i << ": "
          << xml.substr(i > 40 ? i - 40 : 0, 80);
    }
    if (c == '&') {
      bool entity = false;
      for (const char* e : kEntities) entity |= xml.compare(i, std::strlen(e), e) == 0;
      EXPECT_TRUE(entity) << "raw '&' at " << i << ": " << xml.substr(i, 20);
    }
  }
}

size_t Count(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t pos = text.find(what); pos != npos; pos = text.find(what, pos + what.size())) ++n;
  return n;
}

TEST_F(ExportTest, GraphMlIsWellFormed) {
  const KnowledgeGraph kg = Load();
  std::ostringstream out;
  Status s = GraphMlWriter::Write(kg, out);
  ASSERT_TRUE(s.ok()) << s.ToString();
  const std::string xml = out.str();

  EXPECT_EQ(xml.rfind("<?xml version=\"1.0\" encoding=\"UTF-8\"?>", 0), 0u);
  EXPECT_NE(xml.find("edgedefault=\"directed\""), npos);
  EXPECT_NE(xml.find("</graphml>"), npos);
  ExpectXmlSafe(xml);

  // Balanced elements, one per vertex and edge.
  EXPECT_EQ(Count(xml, "<node "), boost::num_vertices(kg.graph()));
  EXPECT_EQ(Count(xml, "</node>"), boost::num_vertices(kg.graph()));
  EXPECT_EQ(Count(xml, "<edge "), boost::num_edges(kg.graph()));
  EXPECT_EQ(Count(xml, "</edge>"), boost::num_edges(kg.graph()));
  EXPECT_EQ(Count(xml, "<graph "), 1u);
  EXPECT_EQ(Count(xml, "</graph>"), 1u);

  // Every <data> element holds character data only (no raw markup inside).
  const std::regex data_re("<data key=\"[a-z]+\">[^<]*</data>");
  const size_t data_elements =
      std::distance(std::sregex_iterator(xml.begin(), xml.end(), data_re), std::sregex_iterator());
  EXPECT_EQ(data_elements, Count(xml, "<data "));
  EXPECT_GT(data_elements, 0u);

  // Every node has a label and a kind; remember the node ids.
  std::set<std::string> node_ids;
  const std::regex node_re("<node id=\"(n[0-9]+)\">([\\s\\S]*?)</node>");
  for (auto it = std::sregex_iterator(xml.begin(), xml.end(), node_re);
       it != std::sregex_iterator(); ++it) {
    const std::string id = (*it)[1];
    const std::string body = (*it)[2];
    EXPECT_TRUE(node_ids.insert(id).second) << "duplicate node id " << id;
    EXPECT_NE(body.find("<data key=\"label\">"), npos) << id;
    EXPECT_NE(body.find("<data key=\"kind\">"), npos) << id;
  }
  EXPECT_EQ(node_ids.size(), boost::num_vertices(kg.graph()));
  EXPECT_EQ(node_ids, (std::set<std::string>{NodeId("acme"), NodeId("nvidia"), NodeId("h200"),
                                             NodeId("s:hostile1:1")}));

  // Every edge joins two declared nodes.
  const std::regex edge_re("<edge id=\"e[0-9]+\" source=\"(n[0-9]+)\" target=\"(n[0-9]+)\">");
  size_t edges = 0;
  for (auto it = std::sregex_iterator(xml.begin(), xml.end(), edge_re);
       it != std::sregex_iterator(); ++it) {
    ++edges;
    EXPECT_TRUE(node_ids.count((*it)[1])) << (*it)[1];
    EXPECT_TRUE(node_ids.count((*it)[2])) << (*it)[2];
  }
  EXPECT_EQ(edges, boost::num_edges(kg.graph()));

  // The hostile text is escaped, not lost; the control character is gone.
  EXPECT_NE(xml.find("<data key=\"label\">A&amp;B &lt;Corp&gt; &quot;quoted&quot; "
                     "&apos;x&apos;</data>"),
            npos);
  EXPECT_NE(xml.find("<data key=\"label\">\u200Fإنفيديا\u200F</data>"), npos);
  EXPECT_NE(xml.find("<data key=\"label\">H200\tchip</data>"), npos);
  EXPECT_NE(xml.find("<data key=\"text\">We &quot;never&quot; said &apos;that&apos; &amp; "
                     "&lt;that&gt; \u200Fنعم\u200F</data>"),
            npos);
  EXPECT_NE(xml.find("<data key=\"kind\">statement</data>"), npos);
  EXPECT_NE(xml.find("<data key=\"wikidata\">Q182477</data>"), npos);
  // Edge attributes.
  EXPECT_NE(xml.find("<data key=\"relation\">sells_to</data>"), npos);
  EXPECT_NE(xml.find("<data key=\"weight\">2</data>"), npos);
  EXPECT_NE(xml.find("<data key=\"negated\">true</data>"), npos);
  EXPECT_NE(xml.find("<data key=\"negated\">false</data>"), npos);
}

TEST_F(ExportTest, GraphMlOfEmptyGraph) {
  const KnowledgeGraph kg;
  std::ostringstream out;
  ASSERT_TRUE(GraphMlWriter::Write(kg, out).ok());
  const std::string xml = out.str();
  EXPECT_NE(xml.find("edgedefault=\"directed\""), npos);
  EXPECT_EQ(Count(xml, "<node "), 0u);
  EXPECT_EQ(Count(xml, "<edge "), 0u);
  EXPECT_NE(xml.find("</graphml>"), npos);
}

// ---- JSON Lines ------------------------------------------------------------------------------

TEST_F(ExportTest, JsonlLinesParseAndFollowTheSchema) {
  const KnowledgeGraph kg = Load();
  std::ostringstream out;
  Status s = JsonlWriter::Write(kg, out);
  ASSERT_TRUE(s.ok()) << s.ToString();
  const std::string text = out.str();
  ASSERT_FALSE(text.empty());
  EXPECT_EQ(text.back(), '\n');
  EXPECT_EQ(utf8::FindInvalid(text), npos);

  std::istringstream lines(text);
  std::string line;
  std::map<std::string, json> nodes;  // by id
  std::vector<json> edges;
  while (std::getline(lines, line)) {
    json j;
    ASSERT_NO_THROW(j = json::parse(line)) << line;
    ASSERT_TRUE(j.is_object()) << line;
    ASSERT_TRUE(j.contains("type")) << line;
    if (j["type"] == "node") {
      for (const char* field : {"id", "label", "kind"}) {
        ASSERT_TRUE(j.contains(field) && j[field].is_string()) << field << " in " << line;
      }
      ASSERT_TRUE(j.contains("aliases") && j["aliases"].is_array()) << line;
      ASSERT_TRUE(j.contains("docs") && j["docs"].is_array()) << line;
      EXPECT_FALSE(j["docs"].empty()) << line;
      if (j["kind"] == "statement") {
        ASSERT_TRUE(j.contains("text") && j["text"].is_string()) << line;
        EXPECT_FALSE(j["text"].get<std::string>().empty());
      }
      EXPECT_TRUE(nodes.emplace(j["id"].get<std::string>(), j).second) << "duplicate " << line;
    } else {
      ASSERT_EQ(j["type"], "edge") << line;
      edges.push_back(j);
    }
  }
  EXPECT_EQ(nodes.size(), boost::num_vertices(kg.graph()));
  EXPECT_EQ(edges.size(), boost::num_edges(kg.graph()));

  for (const json& e : edges) {
    ASSERT_TRUE(e.contains("source") && e["source"].is_string()) << e.dump();
    ASSERT_TRUE(e.contains("target") && e["target"].is_string()) << e.dump();
    ASSERT_TRUE(e.contains("relation") && e["relation"].is_string()) << e.dump();
    ASSERT_TRUE(e.contains("negated") && e["negated"].is_boolean()) << e.dump();
    EXPECT_TRUE(nodes.count(e["source"].get<std::string>())) << e.dump();
    EXPECT_TRUE(nodes.count(e["target"].get<std::string>())) << e.dump();
    ASSERT_TRUE(e.contains("provenance") && e["provenance"].is_array()) << e.dump();
    ASSERT_FALSE(e["provenance"].empty()) << e.dump();
    for (const json& p : e["provenance"]) {
      ASSERT_TRUE(p.contains("doc") && p["doc"].is_string()) << e.dump();
      ASSERT_TRUE(p.contains("sentence") && p["sentence"].is_number_unsigned()) << e.dump();
      EXPECT_TRUE(p["doc"] == "hostile1" || p["doc"] == "hostile2") << e.dump();
    }
  }

  // Hostile strings survive the round trip exactly where they are valid UTF-8.
  const json& acme = nodes.at(NodeId("acme"));
  EXPECT_EQ(acme["label"], kHostileLabel);
  EXPECT_EQ(acme["kind"], "company");
  EXPECT_EQ(acme["key"], "acme");
  EXPECT_EQ(acme["aliases"].get<std::set<std::string>>(),
            (std::set<std::string>{"A&B", "<Corp>", "Acme & Co"}));
  EXPECT_EQ(acme["docs"].get<std::set<std::string>>(),
            (std::set<std::string>{"hostile1", "hostile2"}));
  const json& nvidia = nodes.at(NodeId("nvidia"));
  EXPECT_EQ(nvidia["label"], kArabicLabel);
  EXPECT_EQ(nvidia["wikidata"], "Q182477");
  const json& statement = nodes.at(NodeId("s:hostile1:1"));
  EXPECT_EQ(statement["kind"], "statement");
  EXPECT_EQ(statement["text"], kStatementText);
  EXPECT_FALSE(acme.contains("text"));

  // The edges, their polarity, weight and provenance.
  std::map<std::string, json> by_relation;
  for (const json& e : edges) by_relation[e["relation"].get<std::string>()] = e;
  ASSERT_EQ(by_relation.size(), 4u);
  const json& sells = by_relation.at("sells_to");
  EXPECT_EQ(sells["source"], NodeId("acme"));
  EXPECT_EQ(sells["target"], NodeId("nvidia"));
  EXPECT_EQ(sells["negated"], false);
  EXPECT_EQ(sells["weight"], 2);
  ASSERT_EQ(sells["provenance"].size(), 2u);
  std::map<std::string, json> prov;
  for (const json& p : sells["provenance"]) prov[p["doc"].get<std::string>()] = p;
  EXPECT_EQ(prov.at("hostile1")["sentence"], 0);
  EXPECT_EQ(prov.at("hostile1")["text"], kSentence0);
  // Invalid UTF-8 in a sentence is replaced, not passed through or fatal.
  const std::string bad = prov.at("hostile2")["text"].get<std::string>();
  EXPECT_EQ(utf8::FindInvalid(bad), npos);
  EXPECT_EQ(bad.rfind("bad ", 0), 0u) << bad;
  EXPECT_NE(bad.find("\xEF\xBF\xBD"), npos) << bad;
  EXPECT_NE(bad.find(" bytes & <more>"), npos) << bad;

  const json& rejects = by_relation.at("rejects");
  EXPECT_EQ(rejects["negated"], true);
  EXPECT_EQ(rejects["source"], NodeId("nvidia"));
  EXPECT_EQ(rejects["target"], NodeId("acme"));
  const json& said = by_relation.at("said");
  EXPECT_EQ(said["target"], NodeId("s:hostile1:1"));
  ASSERT_EQ(said["provenance"].size(), 1u);
  EXPECT_EQ(said["provenance"][0]["doc"], "hostile1");
  EXPECT_EQ(said["provenance"][0]["sentence"], 1);
  EXPECT_EQ(said["provenance"][0]["text"], kSentence1);
}

// ---- Stream failures -------------------------------------------------------------------------

TEST_F(ExportTest, WritersReportAFailedStream) {
  const KnowledgeGraph kg = Load();
  std::ostringstream graphml;
  graphml.setstate(std::ios::badbit);
  EXPECT_TRUE(GraphMlWriter::Write(kg, graphml).IsIOError());
  std::ostringstream jsonl;
  jsonl.setstate(std::ios::badbit);
  EXPECT_TRUE(JsonlWriter::Write(kg, jsonl).IsIOError());
}

}  // namespace
}  // namespace isnad
