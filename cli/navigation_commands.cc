// Entity-centred reading of the store: the view behind `isnad show`, and
// `neighbors`, `path` and `timeline`. Every command starts from one node and
// reads the store's indexes around it (graph/store_traversal.h); none loads
// the graph, so each costs what the entity's neighbourhood costs, whatever
// the size of the store.
#include <algorithm>
#include <iostream>
#include <map>
#include <memory>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "cli/common.h"
#include "cli/navigation.h"
#include "cli/registry.h"
#include "graph/store_traversal.h"

namespace isnad::cli {

namespace {

using nlohmann::json;

constexpr char kSaid[] = "said";
constexpr char kMentions[] = "mentions";

// How many of `total` items a list shows under a limit (0: all).
size_t Shown(size_t total, size_t limit) { return limit == 0 ? total : std::min(total, limit); }

// Turns --relation into a traversal filter; an empty name admits every edge.
Status ResolveRelation(const TripleStore& store, const std::string& relation,
                       TraversalFilter* filter) {
  if (relation.empty()) return Status::OK();
  TermId id = 0;
  Status s = store.FindPredicate(relation, &id);
  if (s.IsNotFound()) {
    return Status::InvalidArgument("no edge with relation \"" + relation + "\" in the store");
  }
  if (!s.ok()) return s;
  filter->predicate = id;
  return Status::OK();
}

json NodeJson(StoreLookup* lookup, TermId id) {
  const NodeRecord& node = lookup->Node(id);
  return {{"id", node.key}, {"label", node.label}, {"kind", node.kind}};
}

json EvidenceJson(const Evidence& evidence) {
  return {{"doc", evidence.doc}, {"sentence", evidence.sentence}, {"text", evidence.text}};
}

// An edge as `show` and `query` print it: its ends' labels, relation,
// polarity and weight, and its first evidence when `with_evidence`.
Status EdgeJson(StoreLookup* lookup, const EdgeKey& edge, uint32_t weight, bool with_evidence,
                json* out) {
  *out = {{"subject", lookup->Node(edge.subject).label},
          {"relation", lookup->Relation(edge.predicate)},
          {"object", lookup->Node(edge.object).label},
          {"negated", edge.negated},
          {"weight", weight}};
  if (!with_evidence) return Status::OK();
  const Evidence* evidence = nullptr;
  Status s = lookup->FirstEvidence(edge, &evidence);
  if (s.ok() && evidence != nullptr) (*out)["evidence"] = EvidenceJson(*evidence);
  return s;
}

// A step of a traversal: the edge, and "out" when it leaves the node the
// traversal stood on, "in" when it arrives there.
Status StepJson(StoreLookup* lookup, const Step& step, bool with_evidence, json* out) {
  Status s = EdgeJson(lookup, step.edge, step.weight, with_evidence, out);
  (*out)["direction"] = step.forward ? "out" : "in";
  return s;
}

// "Subject -relation-> Object", and "(negated)" when it is.
std::string EdgeText(const json& edge) {
  return edge["subject"].get<std::string>() + " -" + edge["relation"].get<std::string>() + "-> " +
         edge["object"].get<std::string>() + (edge["negated"].get<bool>() ? " (negated)" : "");
}

// "doc#sentence: text" of a JSON object with doc, sentence and text, or of
// its "evidence" member; "" when it has none.
std::string EvidenceText(const json& j) {
  const json& e = j.contains("evidence") ? j["evidence"] : j;
  if (!e.contains("doc")) return "";
  return e["doc"].get<std::string>() + "#" + std::to_string(e["sentence"].get<uint32_t>()) + ": " +
         e.value("text", "");
}

std::string Joined(const json& list, const char* separator) {
  std::string out;
  for (const json& item : list) out += (out.empty() ? "" : separator) + item.get<std::string>();
  return out;
}

// ---- show ---------------------------------------------------------------------

// The node's edges in one direction, grouped by relation: groups by size
// descending, then name; in each group the heaviest `limit` edges (index
// order among equals) with their evidence, and how many more there are.
Status EdgeGroupsJson(StoreLookup* lookup, const std::map<TermId, std::vector<Step>>& by_predicate,
                      size_t limit, json* out) {
  std::vector<std::pair<std::string, const std::vector<Step>*>> groups;
  for (const auto& [predicate, steps] : by_predicate) {
    groups.emplace_back(lookup->Relation(predicate), &steps);
  }
  std::sort(groups.begin(), groups.end(), [](const auto& a, const auto& b) {
    if (a.second->size() != b.second->size()) return a.second->size() > b.second->size();
    return a.first < b.first;
  });
  *out = json::array();
  for (const auto& [relation, steps] : groups) {
    std::vector<const Step*> heaviest;
    for (const Step& step : *steps) heaviest.push_back(&step);
    std::stable_sort(heaviest.begin(), heaviest.end(),
                     [](const Step* a, const Step* b) { return a->weight > b->weight; });
    const size_t shown = Shown(heaviest.size(), limit);
    json edges = json::array();
    for (size_t i = 0; i < shown; ++i) {
      json edge;
      Status s = EdgeJson(lookup, heaviest[i]->edge, heaviest[i]->weight, true, &edge);
      if (!s.ok()) return s;
      edges.push_back(std::move(edge));
    }
    out->push_back({{"relation", relation},
                    {"count", steps->size()},
                    {"edges", std::move(edges)},
                    {"more", steps->size() - shown}});
  }
  return Status::OK();
}

// Sets "docs" (newest first, undated last, at most `limit`), "docs_total",
// and "first_seen" and "last_seen" when any is dated.
Status DocumentsJson(const TripleStore& store, const std::vector<std::string>& doc_ids,
                     size_t limit, json* out) {
  std::unordered_map<std::string, DocumentRecord> records;
  Status s = ReadDocuments(store, doc_ids, &records);
  if (!s.ok()) return s;
  std::vector<const DocumentRecord*> docs;
  for (const std::string& id : doc_ids) {
    auto it = records.find(id);
    if (it != records.end()) docs.push_back(&it->second);
  }
  std::sort(docs.begin(), docs.end(), [](const DocumentRecord* a, const DocumentRecord* b) {
    if (a->date.empty() != b->date.empty()) return b->date.empty();  // dated first
    if (a->date != b->date) return a->date > b->date;                // newest first
    return a->id < b->id;
  });
  json list = json::array();
  for (size_t i = 0; i < Shown(docs.size(), limit); ++i) {
    list.push_back({{"id", docs[i]->id}, {"date", docs[i]->date}, {"title", docs[i]->title}});
  }
  (*out)["docs"] = std::move(list);
  (*out)["docs_total"] = doc_ids.size();
  std::string first, last;
  for (const DocumentRecord* d : docs) {
    if (d->date.empty()) continue;
    if (first.empty() || d->date < first) first = d->date;
    if (d->date > last) last = d->date;
  }
  if (!first.empty()) {
    (*out)["first_seen"] = first;
    (*out)["last_seen"] = last;
  }
  return Status::OK();
}

// "statements": what the node said, from its `said` edges in index order.
Status StatementsJson(StoreLookup* lookup, const std::vector<Step>& said, size_t limit, json* out) {
  json items = json::array();
  for (size_t i = 0; i < Shown(said.size(), limit); ++i) {
    const EdgeKey& edge = said[i].edge;
    json item = {{"id", lookup->Node(edge.object).key},
                 {"text", lookup->Text(edge.object)},
                 {"negated", edge.negated}};
    const Evidence* evidence = nullptr;
    Status s = lookup->FirstEvidence(edge, &evidence);
    if (!s.ok()) return s;
    if (evidence != nullptr) {
      item["doc"] = evidence->doc;
      item["sentence"] = evidence->sentence;
      if (!evidence->modality.empty()) item["modality"] = evidence->modality;
    }
    items.push_back(std::move(item));
  }
  *out = {{"total", said.size()}, {"items", std::move(items)}};
  return Status::OK();
}

// "mentioned_in": the statements naming the node, from its `mentions`
// in-edges in index order, each with its speakers.
Status MentionedInJson(const TripleStore& store, StoreLookup* lookup,
                       const std::vector<Step>& mentions, std::optional<TermId> said, size_t limit,
                       json* out) {
  json items = json::array();
  for (size_t i = 0; i < Shown(mentions.size(), limit); ++i) {
    const TermId statement = mentions[i].edge.subject;
    json speakers = json::array();
    if (said) {
      Status s = store.Match(EdgePattern{std::nullopt, said, statement},
                             [&](const EdgeKey& edge, uint32_t) {
                               speakers.push_back(lookup->Node(edge.subject).label);
                               return true;
                             });
      if (!s.ok()) return s;
    }
    json item = {{"id", lookup->Node(statement).key},
                 {"text", lookup->Text(statement)},
                 {"speakers", std::move(speakers)}};
    const Evidence* evidence = nullptr;
    Status s = lookup->FirstEvidence(mentions[i].edge, &evidence);
    if (!s.ok()) return s;
    if (evidence != nullptr) {
      item["doc"] = evidence->doc;
      item["sentence"] = evidence->sentence;
    }
    items.push_back(std::move(item));
  }
  *out = {{"total", mentions.size()}, {"items", std::move(items)}};
  return Status::OK();
}

// The id of a predicate, unset when the store has no edge of it.
Status OptionalPredicate(const TripleStore& store, const char* name, std::optional<TermId>* id) {
  TermId found = 0;
  Status s = store.FindPredicate(name, &found);
  if (s.ok()) *id = found;
  return s.IsNotFound() ? Status::OK() : s;
}

void PrintMore(size_t total, size_t shown, const char* indent, std::ostream& out) {
  if (total > shown) out << indent << "… and " << total - shown << " more\n";
}

}  // namespace

Status ShowJson(const TripleStore& store, TermId id, size_t limit, json* out) {
  StoreLookup lookup(store);
  const NodeRecord node = lookup.Node(id);
  std::vector<std::string> aliases, doc_ids;
  Status s = store.GetNodeMentions(id, &aliases, &doc_ids);
  if (!s.ok()) return s;
  json j = {{"id", node.key}, {"label", node.label}, {"kind", node.kind}};
  if (!node.wikidata.empty()) j["wikidata"] = node.wikidata;
  if (!node.text.empty()) j["text"] = node.text;
  j["aliases"] = aliases;
  s = DocumentsJson(store, doc_ids, limit, &j);
  if (!s.ok()) return s;

  // Every edge of the node by direction and relation: keys and weights
  // only, evidence is read for the edges listed.
  std::map<TermId, std::vector<Step>> out_edges, in_edges;
  s = ForEachIncidentEdge(store, id, TraversalFilter(), [&](const Step& step) {
    (step.forward ? out_edges : in_edges)[step.edge.predicate].push_back(step);
    return true;
  });
  if (s.ok()) s = EdgeGroupsJson(&lookup, out_edges, limit, &j["out"]);
  if (s.ok()) s = EdgeGroupsJson(&lookup, in_edges, limit, &j["in"]);
  if (!s.ok()) return s;

  std::optional<TermId> said, mentions;
  s = OptionalPredicate(store, kSaid, &said);
  if (s.ok()) s = OptionalPredicate(store, kMentions, &mentions);
  if (!s.ok()) return s;
  static const std::vector<Step> kNone;
  auto edges_of = [](const std::map<TermId, std::vector<Step>>& groups,
                     std::optional<TermId> predicate) -> const std::vector<Step>& {
    auto it = predicate ? groups.find(*predicate) : groups.end();
    return it == groups.end() ? kNone : it->second;
  };
  s = StatementsJson(&lookup, edges_of(out_edges, said), limit, &j["statements"]);
  if (s.ok()) {
    s = MentionedInJson(store, &lookup, edges_of(in_edges, mentions), said, limit,
                        &j["mentioned_in"]);
  }
  if (!s.ok()) return s;
  *out = std::move(j);
  return Status::OK();
}

void PrintShow(const json& j, std::ostream& out) {
  out << j["label"].get<std::string>() << "  (" << j["kind"].get<std::string>();
  if (j.contains("wikidata")) out << ", " << j["wikidata"].get<std::string>();
  out << ")\n";
  if (j.contains("text")) out << "  text: " << j["text"].get<std::string>() << "\n";
  out << "  aliases: " << Joined(j["aliases"], " · ") << "\n";
  out << "  documents (" << j["docs_total"].get<size_t>();
  if (j.contains("first_seen")) {
    out << ", " << j["first_seen"].get<std::string>() << " to "
        << j["last_seen"].get<std::string>();
  }
  out << "):\n";
  for (const json& d : j["docs"]) {
    const std::string date = d["date"].get<std::string>();
    out << "    " << (date.empty() ? "undated" : date) << "  " << d["id"].get<std::string>();
    if (!d["title"].get<std::string>().empty()) out << "  " << d["title"].get<std::string>();
    out << "\n";
  }
  PrintMore(j["docs_total"].get<size_t>(), j["docs"].size(), "    ", out);

  for (const char* direction : {"out", "in"}) {
    const bool outgoing = std::string(direction) == "out";
    size_t total = 0;
    for (const json& group : j[direction]) total += group["count"].get<size_t>();
    out << "  edges " << direction << " (" << total << "):\n";
    for (const json& group : j[direction]) {
      out << "    " << group["relation"].get<std::string>() << " (" << group["count"].get<size_t>()
          << ")\n";
      for (const json& e : group["edges"]) {
        out << "      " << (outgoing ? "→ " : "← ")
            << e[outgoing ? "object" : "subject"].get<std::string>()
            << (e["negated"].get<bool>() ? "  (negated)" : "") << "  [weight "
            << e["weight"].get<uint32_t>() << "]\n";
        const std::string evidence = EvidenceText(e);
        if (!evidence.empty()) out << "          " << evidence << "\n";
      }
      PrintMore(group["count"].get<size_t>(), group["edges"].size(), "      ", out);
    }
  }

  auto reference = [](const json& item) {
    if (!item.contains("doc")) return std::string();
    return item["doc"].get<std::string>() + "#" + std::to_string(item["sentence"].get<uint32_t>());
  };
  const json& statements = j["statements"];
  out << "  statements (" << statements["total"].get<size_t>() << "):\n";
  for (const json& item : statements["items"]) {
    out << "    “" << item["text"].get<std::string>() << "”\n          " << reference(item);
    if (item["negated"].get<bool>()) out << "  negated";
    // "asserted" is the default: only a qualified statement says how.
    if (item.contains("modality") && item["modality"] != "asserted") {
      out << "  " << item["modality"].get<std::string>();
    }
    out << "\n";
  }
  PrintMore(statements["total"].get<size_t>(), statements["items"].size(), "    ", out);
  const json& mentioned = j["mentioned_in"];
  out << "  mentioned in statements (" << mentioned["total"].get<size_t>() << "):\n";
  for (const json& item : mentioned["items"]) {
    const std::string speakers = Joined(item["speakers"], ", ");
    out << "    " << (speakers.empty() ? "" : speakers + ": ") << "“"
        << item["text"].get<std::string>() << "”\n          " << reference(item) << "\n";
  }
  PrintMore(mentioned["total"].get<size_t>(), mentioned["items"].size(), "    ", out);
}

namespace {

// ---- neighbors ----------------------------------------------------------------

struct NeighborsOptions {
  std::string db, name, relation;
  uint32_t depth = 1;
  size_t limit = 1000;  // nodes; 0: all
  bool json = false;
};

int RunNeighbors(const NeighborsOptions& options) {
  std::unique_ptr<TripleStore> store;
  Status s = OpenForReading(options.db, &store);
  if (!s.ok()) return Fail(s);
  TermId origin = 0;
  s = ResolveOne(*store, options.name, &origin);
  if (!s.ok()) return Fail(s);
  NeighborhoodOptions search;
  search.max_depth = options.depth;
  search.max_nodes = options.limit;
  s = ResolveRelation(*store, options.relation, &search.filter);
  if (!s.ok()) return Fail(s);
  Neighborhood found;
  s = FindNeighborhood(*store, origin, search, &found);
  if (!s.ok()) return Fail(s);

  StoreLookup lookup(*store);
  json nodes = json::array();
  for (const ReachedNode& reached : found.nodes) {
    json node = NodeJson(&lookup, reached.node);
    node["distance"] = reached.distance;
    StepJson(&lookup, reached.via, false, &node["via"]);
    nodes.push_back(std::move(node));
  }
  if (options.json) {
    json j = {{"origin", NodeJson(&lookup, origin)},
              {"depth", options.depth},
              {"count", found.nodes.size()},
              {"truncated", found.truncated},
              {"nodes", std::move(nodes)}};
    if (!options.relation.empty()) j["relation"] = options.relation;
    std::cout << Dump(j) << "\n";
    return 0;
  }
  const NodeRecord& node = lookup.Node(origin);
  std::cout << node.label << " (" << node.kind << "): " << found.nodes.size() << " node"
            << (found.nodes.size() == 1 ? "" : "s") << " within " << options.depth << " hop"
            << (options.depth == 1 ? "" : "s")
            << (options.relation.empty() ? "" : " by " + options.relation) << "\n";
  // The edge that reached a node, with that node left implicit at the open
  // end: "via Nvidia -makes->" or "via -mentions-> Nvidia".
  for (const json& n : nodes) {
    const json& via = n["via"];
    const bool out = via["direction"] == "out";
    std::cout << "  " << n["distance"].get<uint32_t>() << "  " << n["label"].get<std::string>()
              << " (" << n["kind"].get<std::string>() << ")  via "
              << (out ? via["subject"].get<std::string>() + " " : "") << "-"
              << via["relation"].get<std::string>() << "->"
              << (out ? "" : " " + via["object"].get<std::string>())
              << (via["negated"].get<bool>() ? " (negated)" : "") << "\n";
  }
  if (found.truncated) {
    std::cout << "  … stopped after " << options.limit << " nodes (raise --limit, 0 for all)\n";
  }
  return 0;
}

// ---- path ---------------------------------------------------------------------

struct PathCommandOptions {
  std::string db, from, to, relation;
  uint32_t max_length = 4;
  size_t limit = 20;  // paths printed
  bool json = false;
};

int RunPath(const PathCommandOptions& options) {
  std::unique_ptr<TripleStore> store;
  Status s = OpenForReading(options.db, &store);
  if (!s.ok()) return Fail(s);
  TermId from = 0, to = 0;
  s = ResolveOne(*store, options.from, &from);
  if (s.ok()) s = ResolveOne(*store, options.to, &to);
  if (!s.ok()) return Fail(s);
  PathOptions search;
  search.max_length = options.max_length;
  search.max_paths = options.limit;
  s = ResolveRelation(*store, options.relation, &search.filter);
  if (!s.ok()) return Fail(s);
  ShortestPaths found;
  s = FindShortestPaths(*store, from, to, search, &found);
  if (!s.ok()) return Fail(s);
  StoreLookup lookup(*store);
  if (!found.found) {
    return Fail(Status::NotFound("no path between " + lookup.Node(from).label + " and " +
                                 lookup.Node(to).label + " within " +
                                 std::to_string(options.max_length) +
                                 (options.max_length == 1 ? " hop" : " hops") +
                                 (options.relation.empty() ? "" : " by " + options.relation)));
  }
  json paths = json::array();
  for (const NodePath& path : found.paths) {
    json nodes = json::array(), hops = json::array();
    for (TermId node : path.nodes) nodes.push_back(NodeJson(&lookup, node));
    for (size_t i = 0; i < path.hops.size(); ++i) {
      json edges = json::array();
      for (const Step& step : path.hops[i]) {
        json edge;
        s = StepJson(&lookup, step, true, &edge);
        if (!s.ok()) return Fail(s);
        edges.push_back(std::move(edge));
      }
      hops.push_back({{"from", lookup.Node(path.nodes[i]).label},
                      {"to", lookup.Node(path.nodes[i + 1]).label},
                      {"edges", std::move(edges)}});
    }
    paths.push_back({{"nodes", std::move(nodes)}, {"hops", std::move(hops)}});
  }
  if (options.json) {
    std::cout << Dump({{"from", NodeJson(&lookup, from)},
                       {"to", NodeJson(&lookup, to)},
                       {"length", found.length},
                       {"count", found.count},
                       {"paths", std::move(paths)}})
              << "\n";
    return 0;
  }
  std::cout << found.count << " shortest path" << (found.count == 1 ? "" : "s") << " of "
            << found.length << " hop" << (found.length == 1 ? "" : "s") << " between "
            << lookup.Node(from).label << " and " << lookup.Node(to).label;
  if (found.paths.size() < found.count) std::cout << " (the first " << found.paths.size() << ")";
  std::cout << "\n";
  for (size_t p = 0; p < paths.size(); ++p) {
    std::string names;
    for (const json& node : paths[p]["nodes"]) {
      names += (names.empty() ? "" : " — ") + node["label"].get<std::string>();
    }
    std::cout << "\npath " << p + 1 << ": " << names << "\n";
    for (const json& hop : paths[p]["hops"]) {
      for (const json& edge : hop["edges"]) {
        std::cout << "  " << EdgeText(edge) << "  [weight " << edge["weight"].get<uint32_t>()
                  << "]\n      " << EvidenceText(edge) << "\n";
      }
    }
  }
  if (found.paths.size() < found.count) {
    std::cout << "\n… and " << found.count - found.paths.size()
              << " more (raise --limit to see them)\n";
  }
  return 0;
}

// ---- timeline -----------------------------------------------------------------

struct TimelineOptions {
  std::string db, name, relation;
  size_t limit = 0;  // lines; 0: all
  bool json = false;
};

// One line of a timeline: an edge of the entity and one article supporting
// it, with the first sentence there that does.
struct TimelineLine {
  Step step;
  const DocumentRecord* doc = nullptr;
  uint32_t sentence = 0;
};

int RunTimeline(const TimelineOptions& options) {
  std::unique_ptr<TripleStore> store;
  Status s = OpenForReading(options.db, &store);
  if (!s.ok()) return Fail(s);
  TermId id = 0;
  s = ResolveOne(*store, options.name, &id);
  if (!s.ok()) return Fail(s);
  TraversalFilter filter;
  s = ResolveRelation(*store, options.relation, &filter);
  if (!s.ok()) return Fail(s);

  // Every (edge, article) pair from the provenance keys alone (nothing is
  // decoded: max_detailed 0); a sentence is read only for the lines printed.
  std::vector<Step> steps;
  s = ForEachIncidentEdge(*store, id, filter, [&](const Step& step) {
    steps.push_back(step);
    return true;
  });
  if (!s.ok()) return Fail(s);
  struct Mention {
    size_t step;
    std::string doc;
    uint32_t sentence;
  };
  std::vector<Mention> mentions;
  std::vector<std::string> doc_ids;
  std::vector<Provenance> provenance;
  for (size_t i = 0; i < steps.size(); ++i) {
    s = store->GetProvenance(steps[i].edge, &provenance, 0);
    if (!s.ok()) return Fail(s);
    for (const Provenance& p : provenance) {
      // Mentions come by document, then sentence: the first of a run is the
      // article's first supporting sentence.
      if (!mentions.empty() && mentions.back().step == i && mentions.back().doc == p.doc) continue;
      mentions.push_back(Mention{i, p.doc, p.sentence});
      doc_ids.push_back(p.doc);
    }
  }
  std::sort(doc_ids.begin(), doc_ids.end());
  doc_ids.erase(std::unique(doc_ids.begin(), doc_ids.end()), doc_ids.end());
  std::unordered_map<std::string, DocumentRecord> docs;
  s = ReadDocuments(*store, doc_ids, &docs);
  if (!s.ok()) return Fail(s);

  StoreLookup lookup(*store);
  std::vector<TimelineLine> lines;
  for (const Mention& m : mentions) {
    auto doc = docs.find(m.doc);
    if (doc == docs.end()) continue;  // removed since the provenance was read
    lines.push_back(TimelineLine{steps[m.step], &doc->second, m.sentence});
  }
  // By article date (undated last), then article, sentence and relation.
  std::sort(lines.begin(), lines.end(), [&](const TimelineLine& a, const TimelineLine& b) {
    if (a.doc->date != b.doc->date) return DateBefore(a.doc->date, b.doc->date);
    if (a.doc->id != b.doc->id) return a.doc->id < b.doc->id;
    if (a.sentence != b.sentence) return a.sentence < b.sentence;
    const std::string& ra = lookup.Relation(a.step.edge.predicate);
    const std::string& rb = lookup.Relation(b.step.edge.predicate);
    if (ra != rb) return ra < rb;
    return a.step.to() < b.step.to();
  });
  const size_t shown = Shown(lines.size(), options.limit);
  std::vector<MentionRef> refs;
  for (size_t i = 0; i < shown; ++i)
    refs.push_back(MentionRef{lines[i].doc->term, lines[i].sentence});
  std::vector<std::string> sentences;
  s = store->GetSentences(refs, &sentences);
  if (!s.ok()) return Fail(s);

  json events = json::array();
  for (size_t i = 0; i < shown; ++i) {
    const TimelineLine& line = lines[i];
    json other = NodeJson(&lookup, line.step.to());
    events.push_back({{"date", line.doc->date},
                      {"relation", lookup.Relation(line.step.edge.predicate)},
                      {"direction", line.step.forward ? "out" : "in"},
                      {"other", std::move(other)},
                      {"negated", line.step.edge.negated},
                      {"doc", line.doc->id},
                      {"sentence", line.sentence},
                      {"text", sentences[i]}});
  }
  const NodeRecord& node = lookup.Node(id);
  if (options.json) {
    std::cout << Dump({{"entity", NodeJson(&lookup, id)},
                       {"edges", steps.size()},
                       {"total", lines.size()},
                       {"events", std::move(events)}})
              << "\n";
    return 0;
  }
  std::cout << node.label << " (" << node.kind << "): " << lines.size() << " article mention"
            << (lines.size() == 1 ? "" : "s") << " of " << steps.size() << " edge"
            << (steps.size() == 1 ? "" : "s") << "\n";
  for (const json& e : events) {
    const std::string date = e["date"].get<std::string>();
    const bool out = e["direction"] == "out";
    std::cout << (date.empty() ? "undated   " : date) << "  " << (out ? "-" : "<-")
              << e["relation"].get<std::string>() << (out ? "-> " : "- ")
              << e["other"]["label"].get<std::string>()
              << (e["negated"].get<bool>() ? " (negated)" : "") << "  " << EvidenceText(e) << "\n";
  }
  PrintMore(lines.size(), shown, "", std::cout);
  return 0;
}

}  // namespace

void AddNavigationCommands(CLI::App* app, const std::string& default_db, CommandList* commands) {
  const char* kDbHelp = "store directory (default $ISNAD_DB or ./isnad.db)";
  const char* kNameHelp = "entity name (label or alias, any script)";

  auto neighbors = std::make_shared<NeighborsOptions>();
  neighbors->db = default_db;
  auto* neighbors_cmd = app->add_subcommand(
      "neighbors", "the nodes within N hops of an entity, each with the edge that reached it");
  neighbors_cmd->add_option("--db", neighbors->db, kDbHelp);
  neighbors_cmd->add_option("name", neighbors->name, kNameHelp)->required();
  neighbors_cmd->add_option("--depth", neighbors->depth, "hops, in either direction")
      ->capture_default_str()
      ->check(CLI::Range(1, 16));
  neighbors_cmd->add_option("--relation,-r", neighbors->relation, "follow only this relation");
  neighbors_cmd->add_option("--limit", neighbors->limit, "stop after this many nodes (0: all)")
      ->capture_default_str();
  neighbors_cmd->add_flag("--json", neighbors->json, "print one JSON object");
  commands->emplace_back(neighbors_cmd, [neighbors] { return RunNeighbors(*neighbors); });

  auto path = std::make_shared<PathCommandOptions>();
  path->db = default_db;
  auto* path_cmd = app->add_subcommand(
      "path", "every shortest path between two entities, each hop with its evidence");
  path_cmd->add_option("--db", path->db, kDbHelp);
  path_cmd->add_option("from", path->from, kNameHelp)->required();
  path_cmd->add_option("to", path->to, kNameHelp)->required();
  path_cmd->add_option("--max-length", path->max_length, "longest path looked for, in hops")
      ->capture_default_str()
      ->check(CLI::Range(1, 16));
  path_cmd->add_option("--relation,-r", path->relation, "follow only this relation");
  path_cmd->add_option("--limit", path->limit, "paths printed (all are counted)")
      ->capture_default_str();
  path_cmd->add_flag("--json", path->json, "print one JSON object");
  commands->emplace_back(path_cmd, [path] { return RunPath(*path); });

  auto timeline = std::make_shared<TimelineOptions>();
  timeline->db = default_db;
  auto* timeline_cmd = app->add_subcommand(
      "timeline", "an entity's edges by article date, one line per supporting article");
  timeline_cmd->add_option("--db", timeline->db, kDbHelp);
  timeline_cmd->add_option("name", timeline->name, kNameHelp)->required();
  timeline_cmd->add_option("--relation,-r", timeline->relation, "only edges of this relation");
  timeline_cmd->add_option("--limit", timeline->limit, "the first N lines (0: all)")
      ->capture_default_str();
  timeline_cmd->add_flag("--json", timeline->json, "print one JSON object");
  commands->emplace_back(timeline_cmd, [timeline] { return RunTimeline(*timeline); });
}

}  // namespace isnad::cli
