#include "export/graph_writers.h"

#include <charconv>
#include <nlohmann/json.hpp>

#include "export/escape.h"
#include "export/output_buffer.h"
#include "export/palette.h"

namespace isnad {

namespace {

std::string NodeId(TermId term) {
  // Built with append, not "n" + to_string(): GCC 12 emits a false -Wrestrict there.
  std::string id(1, 'n');
  id.append(std::to_string(term));
  return id;
}
std::string NodeId(const GraphNode& n) { return NodeId(n.id); }

void Data(OutputBuffer& out, const char* key, std::string_view value) {
  out << "      <data key=\"" << key << "\">";
  out.Xml(value) << "</data>\n";
}

// The shortest decimal that reads back as `v`: PageRank needs more than the
// six digits of %g.
std::string ExactDouble(double v) {
  char digits[32];
  const auto [end, ec] = std::to_chars(digits, digits + sizeof digits, v);
  return std::string(digits, end);
}

Status StreamStatus(const std::ostream& out) {
  return out ? Status::OK() : Status::IOError("write failed (disk full or pipe closed?)");
}

}  // namespace

Status GraphMlWriter::Write(const GraphSource& source, std::ostream& stream,
                            const analytics::NodeMetricsById* metrics) {
  Status status;
  OutputBuffer out(stream);
  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
         "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\"\n"
         "         xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"\n"
         "         xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns "
         "http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n"
         "  <key id=\"label\" for=\"node\" attr.name=\"label\" attr.type=\"string\"/>\n"
         "  <key id=\"kind\" for=\"node\" attr.name=\"kind\" attr.type=\"string\"/>\n"
         "  <key id=\"aliases\" for=\"node\" attr.name=\"aliases\" attr.type=\"string\"/>\n"
         "  <key id=\"docs\" for=\"node\" attr.name=\"docs\" attr.type=\"int\"/>\n"
         "  <key id=\"text\" for=\"node\" attr.name=\"text\" attr.type=\"string\"/>\n"
         "  <key id=\"wikidata\" for=\"node\" attr.name=\"wikidata\" attr.type=\"string\"/>\n"
         "  <key id=\"first_seen\" for=\"node\" attr.name=\"first_seen\" attr.type=\"string\"/>\n"
         "  <key id=\"last_seen\" for=\"node\" attr.name=\"last_seen\" attr.type=\"string\"/>\n"
         "  <key id=\"r\" for=\"node\" attr.name=\"r\" attr.type=\"int\"/>\n"
         "  <key id=\"g\" for=\"node\" attr.name=\"g\" attr.type=\"int\"/>\n"
         "  <key id=\"b\" for=\"node\" attr.name=\"b\" attr.type=\"int\"/>\n"
         "  <key id=\"size\" for=\"node\" attr.name=\"size\" attr.type=\"double\"/>\n"
         "  <key id=\"relation\" for=\"edge\" attr.name=\"relation\" attr.type=\"string\"/>\n"
         "  <key id=\"elabel\" for=\"edge\" attr.name=\"label\" attr.type=\"string\"/>\n"
         "  <key id=\"weight\" for=\"edge\" attr.name=\"weight\" attr.type=\"double\"/>\n"
         "  <key id=\"negated\" for=\"edge\" attr.name=\"negated\" attr.type=\"boolean\"/>\n"
         "  <key id=\"evidence\" for=\"edge\" attr.name=\"evidence\" attr.type=\"string\"/>\n"
         "  <key id=\"doc\" for=\"edge\" attr.name=\"doc\" attr.type=\"string\"/>\n"
         "  <key id=\"edocs\" for=\"edge\" attr.name=\"docs\" attr.type=\"int\"/>\n"
         "  <key id=\"modality\" for=\"edge\" attr.name=\"modality\" attr.type=\"string\"/>\n";
  if (metrics != nullptr) {
    out << "  <key id=\"pagerank\" for=\"node\" attr.name=\"pagerank\" attr.type=\"double\"/>\n"
           "  <key id=\"degree\" for=\"node\" attr.name=\"degree\" attr.type=\"int\"/>\n"
           "  <key id=\"community\" for=\"node\" attr.name=\"community\" attr.type=\"int\"/>\n";
  }
  out << "  <graph id=\"isnad\" edgedefault=\"directed\">\n";
  status = source.ForEachNode([&](const GraphNode& n, size_t degree) {
    out << "    <node id=\"n" << n.id << "\">\n";
    Data(out, "label", n.label);
    Data(out, "kind", n.kind);
    out << "      <data key=\"aliases\">";
    for (size_t i = 0; i < n.aliases.size(); ++i) {
      if (i > 0) out << " | ";
      out.Xml(n.aliases[i]);
    }
    out << "</data>\n";
    out << "      <data key=\"docs\">" << n.docs.size() << "</data>\n";
    if (!n.text.empty()) Data(out, "text", n.text);
    if (!n.wikidata.empty()) Data(out, "wikidata", n.wikidata);
    if (!n.first_seen.empty()) Data(out, "first_seen", n.first_seen);
    if (!n.last_seen.empty()) Data(out, "last_seen", n.last_seen);
    const Rgb c = KindColor(n.kind);
    out << "      <data key=\"r\">" << c.r << "</data>\n      <data key=\"g\">" << c.g
        << "</data>\n      <data key=\"b\">" << c.b << "</data>\n      <data key=\"size\">"
        << DegreeSize(degree) << "</data>\n";
    if (metrics != nullptr) {
      if (auto it = metrics->find(n.id); it != metrics->end()) {
        out << "      <data key=\"pagerank\">" << ExactDouble(it->second.pagerank)
            << "</data>\n      <data key=\"degree\">" << it->second.degree
            << "</data>\n      <data key=\"community\">" << it->second.community << "</data>\n";
      }
    }
    out << "    </node>\n";
  });
  if (!status.ok()) return status;
  size_t edge_number = 0;
  RepeatXmlEscaper evidence;
  status = source.ForEachEdge([&](TermId source_id, TermId target_id, const GraphEdge& edge) {
    out << "    <edge id=\"e" << edge_number++ << "\" source=\"n" << source_id << "\" target=\"n"
        << target_id << "\">\n";
    Data(out, "relation", edge.relation);
    Data(out, "elabel", edge.relation);
    out << "      <data key=\"weight\">" << edge.weight << "</data>\n";
    out << "      <data key=\"negated\">" << (edge.negated ? "true" : "false") << "</data>\n";
    out << "      <data key=\"edocs\">" << edge.docs << "</data>\n";
    if (!edge.evidence.empty()) {
      out << "      <data key=\"evidence\">" << evidence.Escape(edge.evidence.front().text)
          << "</data>\n";
      Data(out, "doc", edge.evidence.front().doc);
      if (!edge.evidence.front().modality.empty()) {
        Data(out, "modality", edge.evidence.front().modality);
      }
    }
    out << "    </edge>\n";
    if (!out.ok()) return;  // reported below
  });
  if (!status.ok()) return status;
  out << "  </graph>\n</graphml>\n";
  out.Flush();
  stream.flush();
  return StreamStatus(stream);
}

Status JsonlWriter::Write(const GraphSource& source, std::ostream& out) {
  using nlohmann::json;
  Status status;
  auto line = [&out](const json& j) {
    out << j.dump(-1, ' ', false, json::error_handler_t::replace) << '\n';
  };
  status = source.ForEachNode([&](const GraphNode& n, size_t /*degree*/) {
    json j = {{"type", "node"}, {"id", NodeId(n)},      {"key", n.key},  {"label", n.label},
              {"kind", n.kind}, {"aliases", n.aliases}, {"docs", n.docs}};
    if (!n.text.empty()) j["text"] = n.text;
    if (!n.wikidata.empty()) j["wikidata"] = n.wikidata;
    line(j);
    if (!out) return;  // the stream reports the failure below
  });
  if (!status.ok()) return status;
  status = source.ForEachEdge([&](TermId source_id, TermId target_id, const GraphEdge& edge) {
    json provenance = json::array();
    for (const Evidence& ev : edge.evidence) {
      json p = {{"doc", ev.doc}, {"sentence", ev.sentence}, {"text", ev.text}, {"rule", ev.rule}};
      if (!ev.modality.empty()) p["modality"] = ev.modality;
      if (!ev.date.empty()) p["date"] = ev.date;
      if (!ev.quantity.empty()) p["quantity"] = ev.quantity;
      if (!ev.money.empty()) p["money"] = ev.money;
      provenance.push_back(std::move(p));
    }
    line({{"type", "edge"},
          {"source", NodeId(source_id)},
          {"target", NodeId(target_id)},
          {"relation", edge.relation},
          {"negated", edge.negated},
          {"weight", edge.weight},
          {"provenance", provenance}});
    if (!out) return;  // the stream reports the failure below
  });
  if (!status.ok()) return status;
  out.flush();
  return StreamStatus(out);
}

}  // namespace isnad
