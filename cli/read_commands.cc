// export, query, show and stats: the commands that only read the store.
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "cli/common.h"
#include "export/graph_writers.h"
#include "graph/analytics.h"
#include "graph/graph_source.h"
#include "graph/knowledge_graph.h"
#include "graph/subgraph.h"

namespace isnad::cli {

namespace {

using nlohmann::json;

}  // namespace

namespace {

// Writes `path` through `write`, into a temporary beside it that is renamed
// on success: an interrupted export never leaves a partial file under the
// final name.
Status WriteAtomically(const std::string& path, const std::function<Status(std::ostream&)>& write) {
  const std::string tmp = path + ".tmp";
  Status s;
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) return Status::InvalidArgument(path + ": cannot write");
    s = write(out);
  }
  std::error_code ec;
  if (s.ok()) {
    std::filesystem::rename(tmp, path, ec);
    if (ec) s = Status::IOError(ec.message());
  }
  if (!s.ok()) std::filesystem::remove(tmp, ec);
  return s.WithContext(path + ": ");
}

}  // namespace

int RunExport(const ExportOptions& options) {
  if (options.format == "csv" && options.out.empty()) {
    return Fail(
        Status::InvalidArgument("--format csv writes two files: name a directory with --out"));
  }
  if (options.with_metrics && options.format != "graphml" && options.format != "gexf") {
    return Fail(Status::InvalidArgument("--with-metrics is for --format graphml or gexf"));
  }
  std::unique_ptr<TripleStore> store;
  Status s = OpenForReading(options.db, &store);
  if (!s.ok()) return Fail(s);
  SubgraphFilter filter;
  filter.kinds.insert(options.kinds.begin(), options.kinds.end());
  filter.relations.insert(options.relations.begin(), options.relations.end());
  filter.doc = options.doc;
  filter.since = options.since;
  filter.until = options.until;
  filter.min_weight = options.min_weight;
  filter.depth = options.depth;
  filter.include_statements = !options.no_statements;
  if (!options.around.empty()) {
    s = ResolveName(*store, options.around, &filter.around);
    if (!s.ok()) return Fail(s);
  }
  const bool selecting = filter.FiltersEdges() || !filter.kinds.empty() || !filter.around.empty();
  GraphOptions graph_options;
  graph_options.include_statements = !options.no_statements;
  // Formats that show one sentence per edge need not load them all, unless
  // selection by article needs every supporting one.
  const bool by_article = !filter.doc.empty() || !filter.since.empty() || !filter.until.empty();
  graph_options.max_evidence =
      by_article || options.format == "jsonl" || options.format == "ntriples" ? 0 : 1;
  // Without a selection the writers stream from the store, in memory for
  // the nodes only; a selection, or metrics, need the graph in memory.
  KnowledgeGraph graph;
  std::unique_ptr<GraphSource> source;
  if (!selecting && !options.with_metrics) {
    source = std::make_unique<StoreGraphSource>(*store, graph_options);
  } else if (!selecting) {
    s = KnowledgeGraph::Load(*store, graph_options, &graph);
    if (!s.ok()) return Fail(s);
    source = std::make_unique<InMemoryGraphSource>(graph);
  } else {
    s = KnowledgeGraph::Load(*store, graph_options, &graph);
    if (!s.ok()) return Fail(s);
    std::unordered_map<std::string, std::string> doc_dates;
    s = store->ForEachDocument([&](const DocumentRecord& d) {
      if (!d.date.empty()) doc_dates[d.id] = d.date;
      return true;
    });
    if (!s.ok()) return Fail(s);
    KnowledgeGraph selected;
    SelectSubgraph(graph, filter, doc_dates, &selected);
    graph = std::move(selected);
    if (boost::num_vertices(graph.graph()) == 0) {
      return Fail(Status::InvalidArgument("the selection matches nothing in " + options.db));
    }
    source = std::make_unique<InMemoryGraphSource>(graph);
  }

  if (options.format == "csv") {
    std::error_code ec;
    std::filesystem::create_directories(options.out, ec);
    if (ec) return Fail(Status::InvalidArgument(options.out + ": " + ec.message()));
    // Both files are written beside their final names and renamed together
    // once complete: neo4j-admin needs the pair.
    const std::string nodes_path = options.out + "/nodes.csv";
    const std::string rels_path = options.out + "/relationships.csv";
    {
      std::ofstream nodes(nodes_path + ".tmp", std::ios::binary | std::ios::trunc);
      std::ofstream rels(rels_path + ".tmp", std::ios::binary | std::ios::trunc);
      if (!nodes || !rels) s = Status::InvalidArgument(options.out + ": cannot write");
      if (s.ok()) s = Neo4jCsvWriter::Write(*source, nodes, rels);
    }
    if (s.ok()) std::filesystem::rename(nodes_path + ".tmp", nodes_path, ec);
    if (s.ok() && !ec) std::filesystem::rename(rels_path + ".tmp", rels_path, ec);
    if (ec) s = Status::IOError(options.out + ": " + ec.message());
    if (!s.ok()) {
      std::filesystem::remove(nodes_path + ".tmp", ec);
      std::filesystem::remove(rels_path + ".tmp", ec);
      return Fail(s);
    }
    return 0;
  }
  // Metrics of the exported graph (the selection, when there is one).
  analytics::NodeMetricsById metrics;
  if (options.with_metrics) {
    s = analytics::ComputeNodeMetrics(graph, &metrics);
    if (!s.ok()) return Fail(s);
  }
  const analytics::NodeMetricsById* node_metrics = options.with_metrics ? &metrics : nullptr;
  auto write = [&](std::ostream& out) -> Status {
    if (options.format == "graphml") return GraphMlWriter::Write(*source, out, node_metrics);
    if (options.format == "gexf") return GexfWriter::Write(*source, out, node_metrics);
    if (options.format == "ntriples") return NTriplesWriter::Write(*source, out);
    return JsonlWriter::Write(*source, out);
  };
  if (options.out.empty()) return s = write(std::cout), s.ok() ? 0 : Fail(s);
  s = WriteAtomically(options.out, write);
  return s.ok() ? 0 : Fail(s);
}

int RunShow(const ShowOptions& options) {
  std::unique_ptr<TripleStore> store;
  Status s = OpenForReading(options.db, &store);
  if (!s.ok()) return Fail(s);
  std::vector<TermId> ids;
  s = ResolveName(*store, options.name, &ids);
  if (!s.ok()) return Fail(s);
  json all = json::array();
  for (TermId id : ids) {
    NodeRecord node;
    std::vector<std::string> aliases, docs;
    s = store->GetNode(id, &node);
    if (s.ok()) s = store->GetNodeMentions(id, &aliases, &docs);
    if (!s.ok()) return Fail(s);
    json j = {{"id", node.key}, {"label", node.label},  {"kind", node.kind},  {"aliases", aliases},
              {"docs", docs},   {"out", json::array()}, {"in", json::array()}};
    if (!node.wikidata.empty()) j["wikidata"] = node.wikidata;
    for (const char* direction : {"out", "in"}) {
      EdgePattern pattern;
      (std::string(direction) == "out" ? pattern.subject : pattern.object) = id;
      s = store->Match(pattern, [&](const EdgeKey& e, uint32_t weight) {
        std::string relation;
        store->GetPredicateName(e.predicate, &relation);
        j[direction].push_back({{"subject", Label(*store, e.subject)},
                                {"relation", relation},
                                {"object", Label(*store, e.object)},
                                {"negated", e.negated},
                                {"weight", weight},
                                {"evidence", EvidenceLine(*store, e)}});
        return true;
      });
      if (!s.ok()) return Fail(s);
    }
    all.push_back(std::move(j));
  }
  if (options.json) {
    std::cout << Dump(all.size() == 1 ? all[0] : all) << "\n";
    return 0;
  }
  for (const json& j : all) {
    std::cout << j["label"].get<std::string>() << "  (" << j["kind"].get<std::string>() << ")\n";
    auto joined = [](const json& list, const char* sep) {
      std::string out;
      for (const json& item : list) out += (out.empty() ? "" : sep) + item.get<std::string>();
      return out;
    };
    std::cout << "  aliases:   " << joined(j["aliases"], " · ") << "\n"
              << "  documents: " << joined(j["docs"], " ") << "\n";
    for (const char* direction : {"out", "in"}) {
      std::cout << "  edges " << direction << " (" << j[direction].size() << "):\n";
      for (const json& e : j[direction]) {
        std::cout << "    " << e["subject"].get<std::string>() << " -"
                  << e["relation"].get<std::string>() << "-> " << e["object"].get<std::string>()
                  << (e["negated"].get<bool>() ? "  (negated)" : "") << "  [weight "
                  << e["weight"].get<uint32_t>() << "]\n      " << e["evidence"].get<std::string>()
                  << "\n";
      }
    }
  }
  return 0;
}

int RunStats(const StatsOptions& options) {
  std::unique_ptr<TripleStore> store;
  Status s = OpenForReading(options.db, &store);
  if (!s.ok()) return Fail(s);
  StoreStats stats;
  s = store->GetStats(&stats);
  if (!s.ok()) return Fail(s);
  uint64_t nodes = 0;
  for (const auto& [kind, n] : stats.nodes_by_kind) nodes += n;
  if (options.json) {
    std::cout << Dump({{"documents", stats.documents},
                       {"sentences", stats.sentences},
                       {"nodes", nodes},
                       {"edges", stats.edges},
                       {"nodes_by_kind", stats.nodes_by_kind},
                       {"edges_by_relation", stats.edges_by_relation}})
              << "\n";
    return 0;
  }
  std::cout << "documents: " << stats.documents << "\nsentences: " << stats.sentences
            << "\nnodes:     " << nodes << "\n";
  for (const auto& [kind, n] : stats.nodes_by_kind) std::cout << "  " << kind << ": " << n << "\n";
  std::cout << "edges:     " << stats.edges << "\n";
  for (const auto& [rel, n] : stats.edges_by_relation)
    std::cout << "  " << rel << ": " << n << "\n";
  return 0;
}

int RunVerify(const StoreOptions& options) {
  std::unique_ptr<TripleStore> store;
  Status s = OpenForReading(options.db, &store);
  if (!s.ok()) return Fail(s);
  std::vector<std::string> problems;
  TripleStore::VerifyCounts counts;
  s = store->Verify(&problems, &counts);
  if (!s.ok()) return Fail(s);
  if (options.json) {
    std::cout << Dump({{"ok", problems.empty()},
                       {"edges", counts.edges},
                       {"provenance", counts.provenance},
                       {"nodes", counts.nodes},
                       {"aliases", counts.aliases},
                       {"documents", counts.documents},
                       {"problems", problems}})
              << "\n";
  } else {
    std::cout << "checked " << counts.documents << " documents, " << counts.nodes << " nodes, "
              << counts.edges << " edges, " << counts.provenance << " provenance entries, "
              << counts.aliases << " aliases\n";
    for (const std::string& p : problems) std::cout << "breach: " << p << "\n";
    std::cout << (problems.empty() ? "ok\n" : "store is inconsistent\n");
  }
  return problems.empty() ? 0 : 2;
}

int RunCompact(const StoreOptions& options) {
  std::unique_ptr<TripleStore> store;
  Status s = TripleStore::Open(options.db, TripleStore::Options(), &store);
  if (!s.ok()) return Fail(s);
  s = store->Compact();
  if (!s.ok()) return Fail(s);
  std::cout << "compacted " << options.db << "\n";
  return 0;
}

}  // namespace isnad::cli
