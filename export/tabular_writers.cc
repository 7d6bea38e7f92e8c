// Neo4j CSV and N-Triples: the exports for databases a team moves on to.
#include <boost/range/iterator_range.hpp>
#include <cstdio>
#include <unordered_map>

#include "base/utf8.h"
#include "export/graph_writers.h"

namespace isnad {

namespace {

constexpr char kEntityIri[] = "https://isnad.dev/id/entity/";
constexpr char kStatementIri[] = "https://isnad.dev/id/statement/";
constexpr char kOntology[] = "https://isnad.dev/ontology#";

// Valid UTF-8 without control characters; newlines and tabs become spaces.
std::string CleanText(std::string_view text) {
  std::string out;
  size_t pos = 0;
  while (pos < text.size()) {
    char32_t cp = utf8::Decode(text, &pos);
    if (cp == '\n' || cp == '\r' || cp == '\t') cp = ' ';
    if (cp < 0x20 || cp == 0x7F) continue;
    utf8::Append(cp, &out);
  }
  return out;
}

// One CSV field, always quoted ("" for a quote inside).
std::string Csv(std::string_view text) {
  std::string out = "\"";
  for (char c : CleanText(text)) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

// "company" -> "Company", "exports_to" -> "EXPORTS_TO".
std::string Capitalized(std::string s) {
  if (!s.empty() && s[0] >= 'a' && s[0] <= 'z') s[0] = static_cast<char>(s[0] - 32);
  return s;
}
std::string Upper(std::string s) {
  for (char& c : s) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 32);
  }
  return s;
}

// An N-Triples string literal body: \" \\ \n \r \t escaped, other control
// characters as \uXXXX, invalid UTF-8 as U+FFFD.
std::string NtLiteral(std::string_view text) {
  std::string out = "\"";
  size_t pos = 0;
  while (pos < text.size()) {
    const char32_t cp = utf8::Decode(text, &pos);
    switch (cp) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (cp < 0x20 || cp == 0x7F) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04X", static_cast<unsigned>(cp));
          out += buf;
        } else {
          utf8::Append(cp, &out);
        }
    }
  }
  return out + "\"";
}

// Percent-encodes everything but RFC 3986's unreserved characters, so the
// IRI is valid in N-Triples whatever the key holds.
std::string PercentEncode(std::string_view s) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
        c == '.' || c == '_' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

std::string NodeIri(const GraphNode& n) {
  const bool statement = n.kind == "statement";
  return std::string("<") + (statement ? kStatementIri : kEntityIri) + PercentEncode(n.key) + ">";
}

std::string Term(std::string_view name) {
  return std::string("<") + kOntology + std::string(name) + ">";
}

Status StreamStatus(const std::ostream& out) {
  return out ? Status::OK() : Status::IOError("write failed (disk full or pipe closed?)");
}

}  // namespace

Status Neo4jCsvWriter::Write(const GraphSource& source, std::ostream& nodes,
                             std::ostream& relationships) {
  Status status;
  nodes << "id:ID,label,kind,aliases:string[],docs:int,first_seen,last_seen,wikidata,text,:LABEL\n";
  status = source.ForEachNode([&](const GraphNode& n, size_t /*degree*/) {
    std::string aliases;
    for (const std::string& a : n.aliases) {
      std::string clean = CleanText(a);
      for (char& c : clean) {
        if (c == ';') c = ',';  // ";" separates array elements
      }
      aliases += (aliases.empty() ? "" : ";") + clean;
    }
    nodes << "n" << n.id << "," << Csv(n.label) << "," << Csv(n.kind) << "," << Csv(aliases) << ","
          << n.docs.size() << "," << Csv(n.first_seen) << "," << Csv(n.last_seen) << ","
          << Csv(n.wikidata) << "," << Csv(n.text) << "," << Capitalized(n.kind) << "\n";
  });
  if (!status.ok()) return status;
  relationships << ":START_ID,:END_ID,:TYPE,weight:int,docs:int,negated:boolean,modality,evidence,"
                   "doc\n";
  status = source.ForEachEdge([&](TermId source_id, TermId target_id, const GraphEdge& edge) {
    const Evidence* ev = edge.evidence.empty() ? nullptr : &edge.evidence.front();
    relationships << "n" << source_id << ",n" << target_id << "," << Upper(edge.relation) << ","
                  << edge.weight << "," << edge.docs << "," << (edge.negated ? "true" : "false")
                  << "," << Csv(ev ? ev->modality : "") << "," << Csv(ev ? ev->text : "") << ","
                  << Csv(ev ? ev->doc : "") << "\n";
  });
  if (!status.ok()) return status;
  nodes.flush();
  relationships.flush();
  Status s = StreamStatus(nodes);
  return s.ok() ? StreamStatus(relationships) : s;
}

Status NTriplesWriter::Write(const GraphSource& source, std::ostream& out) {
  Status status;
  const std::string rdf_type = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>";
  const std::string rdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
  const std::string label = "<http://www.w3.org/2000/01/rdf-schema#label>";
  const std::string same_as = "<http://www.w3.org/2002/07/owl#sameAs>";
  const std::string xsd = "http://www.w3.org/2001/XMLSchema#";
  std::unordered_map<TermId, std::string> iri_of;  // for the edges
  status = source.ForEachNode([&](const GraphNode& n, size_t /*degree*/) {
    const std::string iri = NodeIri(n);
    iri_of[n.id] = iri;
    out << iri << " " << rdf_type << " " << Term(Capitalized(n.kind)) << " .\n";
    out << iri << " " << label << " " << NtLiteral(n.label) << " .\n";
    for (const std::string& a : n.aliases) {
      out << iri << " " << Term("alias") << " " << NtLiteral(a) << " .\n";
    }
    for (const std::string& d : n.docs) {
      out << iri << " " << Term("document") << " " << NtLiteral(d) << " .\n";
    }
    if (!n.text.empty()) out << iri << " " << Term("text") << " " << NtLiteral(n.text) << " .\n";
    if (!n.wikidata.empty()) {
      out << iri << " " << same_as << " <http://www.wikidata.org/entity/"
          << PercentEncode(n.wikidata) << "> .\n";
    }
  });
  if (!status.ok()) return status;
  size_t number = 0;
  status = source.ForEachEdge([&](TermId source_id, TermId target_id, const GraphEdge& edge) {
    const std::string& s = iri_of[source_id];
    const std::string& o = iri_of[target_id];
    const std::string p = Term(PercentEncode(edge.relation));
    // A denied relation is not asserted; its reification says it is denied.
    if (!edge.negated) out << s << " " << p << " " << o << " .\n";
    const std::string node = "_:e" + std::to_string(number++);
    out << node << " " << rdf_type << " <" << rdf << "Statement> .\n"
        << node << " <" << rdf << "subject> " << s << " .\n"
        << node << " <" << rdf << "predicate> " << p << " .\n"
        << node << " <" << rdf << "object> " << o << " .\n"
        << node << " " << Term("negated") << " \"" << (edge.negated ? "true" : "false") << "\"^^<"
        << xsd << "boolean> .\n"
        << node << " " << Term("weight") << " \"" << edge.weight << "\"^^<" << xsd
        << "integer> .\n";
    size_t k = 0;
    for (const Evidence& ev : edge.evidence) {
      const std::string mention = node + "_" + std::to_string(k++);
      out << node << " " << Term("evidence") << " " << mention << " .\n"
          << mention << " " << Term("document") << " " << NtLiteral(ev.doc) << " .\n"
          << mention << " " << Term("sentence") << " \"" << ev.sentence << "\"^^<" << xsd
          << "integer> .\n"
          << mention << " " << Term("text") << " " << NtLiteral(ev.text) << " .\n";
    }
    if (!out) return;  // the stream reports the failure below
  });
  if (!status.ok()) return status;
  out.flush();
  return StreamStatus(out);
}

}  // namespace isnad
