// Fuzz target: XML escaping and the two XML exports (GraphML, GEXF).
//
// First the whole input goes through XmlEscape as one string; then the
// input is read (FuzzedDataProvider) as a small graph of one to three nodes
// and up to four edges whose labels, kinds, aliases, texts, dates,
// relations and evidence are fuzzed strings, written with GraphMlWriter and
// GexfWriter (with and without metrics) and parsed back with expat.
//
// Checks: the output is well-formed XML (expat is strict: valid UTF-8, no
// character XML 1.0 forbids, every entity known); it holds one node and
// edge element per node and edge; and every string reads back as written,
// after what XmlEscape must do (invalid bytes become U+FFFD; control
// characters other than tab, line feed and carriage return, and U+FFFE and
// U+FFFF, are dropped) and what an XML parser does to any text (a carriage
// return reads back as a line feed; in an attribute, tab and line feed read
// back as a space).
#include <expat.h>
#include <fuzzer/FuzzedDataProvider.h>

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "export/escape.h"
#include "export/graph_writers.h"
#include "fuzz/fuzz_check.h"

namespace {

using isnad::fuzz::ValidUtf8;

// ---- What must read back -----------------------------------------------------------------

// `text` as XmlEscape promises to keep it, before any escaping.
std::string Kept(std::string_view text) {
  std::string out;
  size_t pos = 0;
  while (pos < text.size()) {
    const size_t len = isnad::utf8::SequenceLength(text, pos);
    if (len == 0) {
      out += "\xEF\xBF\xBD";
      ++pos;
      continue;
    }
    size_t next = pos;
    const char32_t cp = isnad::utf8::Decode(text, &next);
    const bool dropped =
        (cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r') || cp == 0xFFFE || cp == 0xFFFF;
    if (!dropped) out.append(text.substr(pos, len));
    pos += len;
  }
  return out;
}

// What a parser gives for `text` written as character data.
std::string AsText(std::string_view text) {
  const std::string kept = Kept(text);
  std::string out;
  for (size_t i = 0; i < kept.size(); ++i) {
    if (kept[i] == '\r') {
      out += '\n';
      if (i + 1 < kept.size() && kept[i + 1] == '\n') ++i;
    } else {
      out += kept[i];
    }
  }
  return out;
}

// What a parser gives for `text` written as an attribute value.
std::string AsAttribute(std::string_view text) {
  std::string out = AsText(text);
  for (char& c : out) {
    if (c == '\t' || c == '\n') c = ' ';
  }
  return out;
}

// ---- A small DOM built with expat ----------------------------------------------------------

struct Element {
  std::string name;
  std::map<std::string, std::string> attributes;
  std::string text;  // character data directly inside
  std::vector<std::unique_ptr<Element>> children;

  std::vector<const Element*> All(std::string_view child) const {
    std::vector<const Element*> out;
    for (const auto& c : children) {
      if (c->name == child) out.push_back(c.get());
    }
    return out;
  }
  const Element* First(std::string_view child) const {
    for (const auto& c : children) {
      if (c->name == child) return c.get();
    }
    return nullptr;
  }
  std::string Attribute(const std::string& key) const {
    auto it = attributes.find(key);
    return it == attributes.end() ? std::string("<absent>") : it->second;
  }
};

struct ParseState {
  Element root;
  std::vector<Element*> open{&root};
};

void OnStart(void* user, const XML_Char* name, const XML_Char** attributes) {
  auto* state = static_cast<ParseState*>(user);
  auto element = std::make_unique<Element>();
  element->name = name;
  for (size_t i = 0; attributes[i] != nullptr; i += 2) {
    element->attributes[attributes[i]] = attributes[i + 1];
  }
  Element* raw = element.get();
  state->open.back()->children.push_back(std::move(element));
  state->open.push_back(raw);
}

void OnEnd(void* user, const XML_Char*) { static_cast<ParseState*>(user)->open.pop_back(); }

void OnText(void* user, const XML_Char* text, int len) {
  static_cast<ParseState*>(user)->open.back()->text.append(text, static_cast<size_t>(len));
}

// Parses `xml`; aborts, printing expat's message, when it is not well-formed.
std::unique_ptr<ParseState> Parse(const std::string& xml, const char* what) {
  auto state = std::make_unique<ParseState>();
  XML_Parser parser = XML_ParserCreate("UTF-8");
  XML_SetUserData(parser, state.get());
  XML_SetElementHandler(parser, OnStart, OnEnd);
  XML_SetCharacterDataHandler(parser, OnText);
  const bool ok = XML_Parse(parser, xml.data(), static_cast<int>(xml.size()), 1) == XML_STATUS_OK;
  if (!ok) {
    std::fprintf(stderr, "%s is not well-formed XML: %s at line %lu column %lu\n", what,
                 XML_ErrorString(XML_GetErrorCode(parser)), XML_GetCurrentLineNumber(parser),
                 XML_GetCurrentColumnNumber(parser));
  }
  XML_ParserFree(parser);
  FUZZ_CHECK(ok, "the output is well-formed XML");
  FUZZ_CHECK(state->root.children.size() == 1, "one document element");
  return state;
}

// ---- XmlEscape ----------------------------------------------------------------------------

void CheckEscape(std::string_view text) {
  const std::string escaped = isnad::XmlEscape(text);
  FUZZ_CHECK(ValidUtf8(escaped), "XmlEscape gives valid UTF-8");
  FUZZ_CHECK(escaped.find_first_of("<>\"'") == std::string::npos, "markup characters are escaped");
  for (size_t amp = escaped.find('&'); amp != std::string::npos; amp = escaped.find('&', amp + 1)) {
    const std::string_view rest = std::string_view(escaped).substr(amp);
    bool known = false;
    for (std::string_view entity : {"&amp;", "&lt;", "&gt;", "&quot;", "&apos;"}) {
      known = known || rest.substr(0, entity.size()) == entity;
    }
    FUZZ_CHECK(known, "every & starts one of XML's five entities");
  }
  isnad::RepeatXmlEscaper repeat;
  FUZZ_CHECK(repeat.Escape(text) == escaped && repeat.Escape(text) == escaped,
             "RepeatXmlEscaper agrees with XmlEscape");

  const auto doc = Parse("<r a=\"" + escaped + "\">" + escaped + "</r>", "XmlEscape's output");
  const Element& r = *doc->root.children.front();
  FUZZ_CHECK(r.text == AsText(text), "escaped character data reads back");
  FUZZ_CHECK(r.Attribute("a") == AsAttribute(text), "an escaped attribute value reads back");
}

// ---- The graph writers ----------------------------------------------------------------------

std::string Joined(const std::vector<std::string>& aliases, std::string (*as)(std::string_view)) {
  std::string out;
  for (size_t i = 0; i < aliases.size(); ++i) {
    if (i > 0) out += " | ";
    out += as(aliases[i]);
  }
  return out;
}

struct FuzzGraph {
  isnad::KnowledgeGraph graph;
  std::vector<isnad::GraphNode> nodes;  // in vertex order
  std::vector<isnad::GraphEdge> edges;  // in insertion order
  isnad::analytics::NodeMetricsById metrics;
};

void Build(FuzzedDataProvider& in, FuzzGraph* g) {
  static const char* const kKinds[] = {"company", "government",   "person", "chip",
                                       "product", "organization", "place",  "statement"};
  auto text = [&in] { return in.ConsumeRandomLengthString(64); };
  const size_t nodes = in.ConsumeIntegralInRange<size_t>(1, 3);
  for (size_t i = 0; i < nodes; ++i) {
    isnad::GraphNode n;
    n.id = i + 1;
    n.key = text();
    n.kind = in.ConsumeBool() ? std::string(in.PickValueInArray(kKinds)) : text();
    n.label = text();
    n.text = text();
    n.wikidata = text();
    n.first_seen = text();
    n.last_seen = text();
    for (size_t k = in.ConsumeIntegralInRange<size_t>(0, 3); k > 0; --k) {
      n.aliases.push_back(text());
    }
    for (size_t k = in.ConsumeIntegralInRange<size_t>(0, 2); k > 0; --k) n.docs.push_back(text());
    if (in.ConsumeBool()) {
      isnad::analytics::NodeMetrics& m = g->metrics[n.id];
      m.pagerank = in.ConsumeFloatingPoint<double>();
      m.degree = in.ConsumeIntegral<uint64_t>();
      m.community = in.ConsumeIntegral<uint32_t>();
    }
    g->nodes.push_back(n);
    g->graph.AddNode(std::move(n));
  }
  for (size_t k = in.ConsumeIntegralInRange<size_t>(0, 4); k > 0; --k) {
    const size_t source = in.ConsumeIntegralInRange<size_t>(0, nodes - 1);
    const size_t target = in.ConsumeIntegralInRange<size_t>(0, nodes - 1);
    isnad::GraphEdge e;
    e.relation = text();
    e.negated = in.ConsumeBool();
    e.weight = in.ConsumeIntegral<uint32_t>();
    e.docs = in.ConsumeIntegral<uint32_t>();
    e.first_seen = text();
    e.last_seen = text();
    for (size_t j = in.ConsumeIntegralInRange<size_t>(0, 2); j > 0; --j) {
      isnad::Evidence ev;
      ev.doc = text();
      ev.text = text();
      ev.modality = text();
      ev.rule = text();
      e.evidence.push_back(std::move(ev));
    }
    g->edges.push_back(e);
    g->graph.AddEdge(source, target, std::move(e));
  }
}

// The text of each <data key=...> child of `element`.
std::map<std::string, std::string> DataOf(const Element& element) {
  std::map<std::string, std::string> out;
  for (const Element* d : element.All("data")) out[d->Attribute("key")] = d->text;
  return out;
}

void CheckGraphMl(const FuzzGraph& g, const isnad::analytics::NodeMetricsById* metrics) {
  std::ostringstream out;
  FUZZ_CHECK(isnad::GraphMlWriter::Write(g.graph, out, metrics).ok(), "GraphML is written");
  const auto doc = Parse(out.str(), "GraphML");
  const Element* graph = doc->root.children.front()->First("graph");
  FUZZ_CHECK(graph != nullptr, "GraphML has a graph");
  const std::vector<const Element*> nodes = graph->All("node");
  const std::vector<const Element*> edges = graph->All("edge");
  FUZZ_CHECK(nodes.size() == g.nodes.size() && edges.size() == g.edges.size(),
             "GraphML has one element per node and edge");
  for (size_t i = 0; i < nodes.size(); ++i) {
    const isnad::GraphNode& n = g.nodes[i];
    std::map<std::string, std::string> data = DataOf(*nodes[i]);
    FUZZ_CHECK(data["label"] == AsText(n.label), "a GraphML label reads back");
    FUZZ_CHECK(data["kind"] == AsText(n.kind), "a GraphML kind reads back");
    FUZZ_CHECK(data["aliases"] == Joined(n.aliases, AsText), "GraphML aliases read back");
    FUZZ_CHECK(data["text"] == AsText(n.text), "a GraphML text reads back");
    FUZZ_CHECK(data["wikidata"] == AsText(n.wikidata), "a GraphML wikidata id reads back");
    FUZZ_CHECK(data["first_seen"] == AsText(n.first_seen), "a GraphML date reads back");
    FUZZ_CHECK(data["docs"] == std::to_string(n.docs.size()), "GraphML docs read back");
  }
  for (size_t i = 0; i < edges.size(); ++i) {
    const isnad::GraphEdge& e = g.edges[i];
    std::map<std::string, std::string> data = DataOf(*edges[i]);
    FUZZ_CHECK(data["relation"] == AsText(e.relation), "a GraphML relation reads back");
    FUZZ_CHECK(data["weight"] == std::to_string(e.weight), "a GraphML weight reads back");
    if (!e.evidence.empty()) {
      FUZZ_CHECK(data["evidence"] == AsText(e.evidence.front().text),
                 "GraphML evidence reads back");
      FUZZ_CHECK(data["doc"] == AsText(e.evidence.front().doc), "a GraphML doc reads back");
    }
  }
}

// The value of each <attvalue for=...> of `element`'s <attvalues>.
std::map<std::string, std::string> AttValuesOf(const Element& element) {
  std::map<std::string, std::string> out;
  const Element* values = element.First("attvalues");
  FUZZ_CHECK(values != nullptr, "a GEXF node or edge has attvalues");
  for (const Element* v : values->All("attvalue")) out[v->Attribute("for")] = v->Attribute("value");
  return out;
}

void CheckGexf(const FuzzGraph& g, const isnad::analytics::NodeMetricsById* metrics) {
  std::ostringstream out;
  FUZZ_CHECK(isnad::GexfWriter::Write(g.graph, out, metrics).ok(), "GEXF is written");
  const auto doc = Parse(out.str(), "GEXF");
  const Element* graph = doc->root.children.front()->First("graph");
  FUZZ_CHECK(
      graph != nullptr && graph->First("nodes") != nullptr && graph->First("edges") != nullptr,
      "GEXF has a graph with nodes and edges");
  const std::vector<const Element*> nodes = graph->First("nodes")->All("node");
  const std::vector<const Element*> edges = graph->First("edges")->All("edge");
  FUZZ_CHECK(nodes.size() == g.nodes.size() && edges.size() == g.edges.size(),
             "GEXF has one element per node and edge");
  for (size_t i = 0; i < nodes.size(); ++i) {
    const isnad::GraphNode& n = g.nodes[i];
    FUZZ_CHECK(nodes[i]->Attribute("label") == AsAttribute(n.label), "a GEXF label reads back");
    if (!n.first_seen.empty()) {
      FUZZ_CHECK(nodes[i]->Attribute("start") == AsAttribute(n.first_seen) &&
                     nodes[i]->Attribute("end") == AsAttribute(n.last_seen),
                 "a GEXF spell reads back");
    }
    std::map<std::string, std::string> values = AttValuesOf(*nodes[i]);
    FUZZ_CHECK(values["0"] == AsAttribute(n.kind), "a GEXF kind reads back");
    FUZZ_CHECK(values["1"] == Joined(n.aliases, AsAttribute), "GEXF aliases read back");
    if (!n.text.empty()) FUZZ_CHECK(values["3"] == AsAttribute(n.text), "a GEXF text reads back");
  }
  for (size_t i = 0; i < edges.size(); ++i) {
    const isnad::GraphEdge& e = g.edges[i];
    FUZZ_CHECK(edges[i]->Attribute("label") == AsAttribute(e.relation),
               "a GEXF edge label reads back");
    std::map<std::string, std::string> values = AttValuesOf(*edges[i]);
    FUZZ_CHECK(values["0"] == AsAttribute(e.relation), "a GEXF relation reads back");
    if (!e.evidence.empty()) {
      FUZZ_CHECK(values["3"] == AsAttribute(e.evidence.front().text), "GEXF evidence reads back");
      FUZZ_CHECK(values["4"] == AsAttribute(e.evidence.front().doc), "a GEXF doc reads back");
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  CheckEscape(std::string_view(reinterpret_cast<const char*>(data), size));

  FuzzedDataProvider in(data, size);
  FuzzGraph g;
  Build(in, &g);
  const isnad::analytics::NodeMetricsById* const variants[] = {nullptr, &g.metrics};
  for (const isnad::analytics::NodeMetricsById* metrics : variants) {
    CheckGraphMl(g, metrics);
    CheckGexf(g, metrics);
  }
  return 0;
}
