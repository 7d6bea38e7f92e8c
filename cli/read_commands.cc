// export, query, show and stats: the commands that only read the store.
#include <filesystem>
#include <fstream>
#include <functional>
#include <iomanip>
#include <iostream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "cli/common.h"
#include "cli/navigation.h"
#include "export/graph_writers.h"
#include "graph/analytics.h"
#include "graph/graph_source.h"
#include "graph/knowledge_graph.h"
#include "graph/store_summary.h"
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
  TermId id = 0;
  s = ResolveOne(*store, options.name, &id);
  if (!s.ok()) return Fail(s);
  json shown;
  s = ShowJson(*store, id, options.limit, &shown);
  if (!s.ok()) return Fail(s);
  if (options.json) {
    std::cout << Dump(shown) << "\n";
  } else {
    PrintShow(shown, std::cout);
  }
  return 0;
}

namespace {

json RankingJson(const std::vector<RankedEntity>& ranking, const char* figure) {
  json list = json::array();
  for (const RankedEntity& e : ranking) {
    list.push_back({{"id", e.key}, {"label", e.label}, {"kind", e.kind}, {figure, e.count}});
  }
  return list;
}

}  // namespace

int RunStats(const StatsOptions& options) {
  std::unique_ptr<TripleStore> store;
  Status s = OpenForReading(options.db, &store);
  if (!s.ok()) return Fail(s);
  constexpr size_t kTop = 10;
  StoreSummary summary;
  s = SummarizeStore(*store, kTop, &summary);
  if (!s.ok()) return Fail(s);
  const StoreStats& stats = summary.counts;
  uint64_t nodes = 0;
  for (const auto& [kind, n] : stats.nodes_by_kind) nodes += n;
  if (options.json) {
    json j = {{"documents", stats.documents},
              {"sentences", stats.sentences},
              {"nodes", nodes},
              {"edges", stats.edges},
              {"nodes_by_kind", stats.nodes_by_kind},
              {"edges_by_relation", stats.edges_by_relation},
              {"dated_documents", summary.dated_documents},
              {"earliest_date", summary.earliest_date},
              {"latest_date", summary.latest_date},
              {"top_degree", RankingJson(summary.top_degree, "degree")},
              {"top_speakers", RankingJson(summary.top_speakers, "statements")}};
    std::cout << Dump(j) << "\n";
    return 0;
  }
  std::cout << "documents: " << stats.documents;
  if (summary.dated_documents > 0) {
    std::cout << "  (" << summary.dated_documents << " dated, " << summary.earliest_date << " to "
              << summary.latest_date << ")";
  }
  std::cout << "\nsentences: " << stats.sentences << "\nnodes:     " << nodes << "\n";
  for (const auto& [kind, n] : stats.nodes_by_kind) std::cout << "  " << kind << ": " << n << "\n";
  std::cout << "edges:     " << stats.edges << "\n";
  for (const auto& [rel, n] : stats.edges_by_relation)
    std::cout << "  " << rel << ": " << n << "\n";
  auto print_ranking = [](const char* title, const std::vector<RankedEntity>& ranking) {
    std::cout << title << "\n";
    for (const RankedEntity& e : ranking) {
      std::cout << "  " << std::setw(8) << e.count << "  " << e.label << " (" << e.kind << ")\n";
    }
  };
  print_ranking("top entities by degree (edges in and out):", summary.top_degree);
  print_ranking("most quoted speakers (statements):", summary.top_speakers);
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
