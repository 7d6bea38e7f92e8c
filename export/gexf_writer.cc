#include <boost/range/iterator_range.hpp>
#include <charconv>

#include "export/escape.h"
#include "export/graph_writers.h"
#include "export/output_buffer.h"
#include "export/palette.h"

namespace isnad {

namespace {

void Attr(OutputBuffer& out, int id, std::string_view value) {
  out << "        <attvalue for=\"" << id << "\" value=\"";
  out.Xml(value) << "\"/>\n";
}

// ' start="…" end="…"' for a spell, or nothing when no date is known.
void Spell(OutputBuffer& out, const std::string& first, const std::string& last) {
  if (first.empty()) return;
  out << " start=\"";
  out.Xml(first) << "\" end=\"";
  out.Xml(last) << "\"";
}

// The shortest decimal that reads back as `v`: PageRank needs more than the
// six digits of %g.
std::string ExactDouble(double v) {
  char digits[32];
  const auto [end, ec] = std::to_chars(digits, digits + sizeof digits, v);
  return std::string(digits, end);
}

}  // namespace

Status GexfWriter::Write(const GraphSource& source, std::ostream& stream,
                         const analytics::NodeMetricsById* metrics) {
  Status status;
  OutputBuffer out(stream);
  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
         "<gexf xmlns=\"http://gexf.net/1.3\" xmlns:viz=\"http://gexf.net/1.3/viz\"\n"
         "      xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"\n"
         "      xsi:schemaLocation=\"http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd\"\n"
         "      version=\"1.3\">\n"
         "  <meta><creator>isnad</creator></meta>\n"
         "  <graph mode=\"dynamic\" defaultedgetype=\"directed\" timeformat=\"date\">\n"
         "    <attributes class=\"node\">\n"
         "      <attribute id=\"0\" title=\"kind\" type=\"string\"/>\n"
         "      <attribute id=\"1\" title=\"aliases\" type=\"string\"/>\n"
         "      <attribute id=\"2\" title=\"docs\" type=\"integer\"/>\n"
         "      <attribute id=\"3\" title=\"text\" type=\"string\"/>\n"
         "      <attribute id=\"4\" title=\"wikidata\" type=\"string\"/>\n"
         "      <attribute id=\"5\" title=\"first_seen\" type=\"string\"/>\n"
         "      <attribute id=\"6\" title=\"last_seen\" type=\"string\"/>\n";
  if (metrics != nullptr) {
    out << "      <attribute id=\"7\" title=\"pagerank\" type=\"double\"/>\n"
           "      <attribute id=\"8\" title=\"degree\" type=\"integer\"/>\n"
           "      <attribute id=\"9\" title=\"community\" type=\"integer\"/>\n";
  }
  out << "    </attributes>\n"
         "    <attributes class=\"edge\">\n"
         "      <attribute id=\"0\" title=\"relation\" type=\"string\"/>\n"
         "      <attribute id=\"1\" title=\"negated\" type=\"boolean\"/>\n"
         "      <attribute id=\"2\" title=\"modality\" type=\"string\"/>\n"
         "      <attribute id=\"3\" title=\"evidence\" type=\"string\"/>\n"
         "      <attribute id=\"4\" title=\"doc\" type=\"string\"/>\n"
         "      <attribute id=\"5\" title=\"docs\" type=\"integer\"/>\n"
         "    </attributes>\n"
         "    <nodes>\n";
  status = source.ForEachNode([&](const GraphNode& n, size_t degree) {
    out << "      <node id=\"n" << n.id << "\" label=\"";
    out.Xml(n.label) << "\"";
    Spell(out, n.first_seen, n.last_seen);
    out << ">\n        <attvalues>\n";
    Attr(out, 0, n.kind);
    out << "        <attvalue for=\"1\" value=\"";
    for (size_t i = 0; i < n.aliases.size(); ++i) {
      if (i > 0) out << " | ";
      out.Xml(n.aliases[i]);
    }
    out << "\"/>\n";
    Attr(out, 2, std::to_string(n.docs.size()));
    if (!n.text.empty()) Attr(out, 3, n.text);
    if (!n.wikidata.empty()) Attr(out, 4, n.wikidata);
    if (!n.first_seen.empty()) Attr(out, 5, n.first_seen);
    if (!n.last_seen.empty()) Attr(out, 6, n.last_seen);
    if (metrics != nullptr) {
      if (auto it = metrics->find(n.id); it != metrics->end()) {
        Attr(out, 7, ExactDouble(it->second.pagerank));
        Attr(out, 8, std::to_string(it->second.degree));
        Attr(out, 9, std::to_string(it->second.community));
      }
    }
    const Rgb c = KindColor(n.kind);
    out << "        </attvalues>\n        <viz:color r=\"" << c.r << "\" g=\"" << c.g << "\" b=\""
        << c.b << "\"/>\n        <viz:size value=\"" << DegreeSize(degree)
        << "\"/>\n      </node>\n";
    if (!out.ok()) return;  // reported below
  });
  if (!status.ok()) return status;
  out << "    </nodes>\n    <edges>\n";
  size_t number = 0;
  RepeatXmlEscaper evidence;
  status = source.ForEachEdge([&](TermId source_id, TermId target_id, const GraphEdge& edge) {
    out << "      <edge id=\"e" << number++ << "\" source=\"n" << source_id << "\" target=\"n"
        << target_id << "\" label=\"";
    out.Xml(edge.relation) << "\" weight=\"" << edge.weight << "\"";
    Spell(out, edge.first_seen, edge.last_seen);
    out << ">\n        <attvalues>\n";
    Attr(out, 0, edge.relation);
    Attr(out, 1, edge.negated ? "true" : "false");
    if (!edge.evidence.empty()) {
      if (!edge.evidence.front().modality.empty()) Attr(out, 2, edge.evidence.front().modality);
      out << "        <attvalue for=\"3\" value=\"" << evidence.Escape(edge.evidence.front().text)
          << "\"/>\n";
      Attr(out, 4, edge.evidence.front().doc);
    }
    Attr(out, 5, std::to_string(edge.docs));
    out << "        </attvalues>\n      </edge>\n";
    if (!out.ok()) return;  // reported below
  });
  if (!status.ok()) return status;
  out << "    </edges>\n  </graph>\n</gexf>\n";
  out.Flush();
  stream.flush();
  return stream ? Status::OK() : Status::IOError("write failed (disk full or pipe closed?)");
}

}  // namespace isnad
