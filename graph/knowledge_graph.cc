#include "graph/knowledge_graph.h"

#include <unordered_set>

namespace isnad {

Status KnowledgeGraph::Load(const TripleStore& store, const GraphOptions& options,
                            KnowledgeGraph* out) {
  out->graph_.clear();
  out->vertex_of_.clear();
  std::unordered_map<std::string, std::string> doc_date;
  Status inner = store.ForEachDocument([&](const DocumentRecord& d) {
    if (!d.date.empty()) doc_date[d.id] = d.date;
    return true;
  });
  if (!inner.ok()) return inner;
  // Widens [first, last] to take in the date of document `doc`, if it has one.
  auto widen = [&](const std::string& doc, std::string* first, std::string* last) {
    auto it = doc_date.find(doc);
    if (it == doc_date.end()) return;
    if (first->empty() || it->second < *first) *first = it->second;
    if (last->empty() || it->second > *last) *last = it->second;
  };
  Status s = store.ForEachNode([&](const NodeRecord& n) {
    if (n.kind == "statement" && !options.include_statements) return true;
    GraphNode node;
    node.id = n.id;
    node.key = n.key;
    node.kind = n.kind;
    node.label = n.label;
    node.text = n.text;
    node.wikidata = n.wikidata;
    inner = store.GetAliases(n.id, &node.aliases);
    if (inner.ok()) inner = store.GetNodeDocuments(n.id, &node.docs);
    if (!inner.ok()) return false;
    for (const std::string& doc : node.docs) widen(doc, &node.first_seen, &node.last_seen);
    out->vertex_of_[n.id] = boost::add_vertex(std::move(node), out->graph_);
    return true;
  });
  if (!s.ok()) return s;
  if (!inner.ok()) return inner;

  std::unordered_map<TermId, std::string> predicates;
  std::vector<Provenance> provenance;
  s = store.Match(EdgePattern{}, [&](const EdgeKey& e, uint32_t weight) {
    auto src = out->vertex_of_.find(e.subject);
    auto dst = out->vertex_of_.find(e.object);
    if (src == out->vertex_of_.end() || dst == out->vertex_of_.end()) return true;  // filtered
    auto [name, fresh] = predicates.emplace(e.predicate, "");
    if (fresh) {
      inner = store.GetPredicateName(e.predicate, &name->second);
      if (!inner.ok()) return false;
    }
    GraphEdge edge;
    edge.relation = name->second;
    edge.negated = e.negated;
    edge.weight = weight;
    inner = store.GetProvenance(e, &provenance);
    if (!inner.ok()) return false;
    std::unordered_set<std::string> docs;
    for (const Provenance& p : provenance) {
      if (docs.insert(p.doc).second) widen(p.doc, &edge.first_seen, &edge.last_seen);
    }
    edge.docs = static_cast<uint32_t>(docs.size());
    for (const Provenance& p : provenance) {
      if (options.max_evidence != 0 && edge.evidence.size() >= options.max_evidence) break;
      Evidence ev;
      ev.doc = p.doc;
      ev.sentence = p.sentence;
      ev.rule = p.rule;
      ev.modality = p.modality;
      ev.date = p.date;
      ev.quantity = p.quantity;
      ev.money = p.money;
      inner = store.GetSentence(p.doc, p.sentence, &ev.text);
      if (!inner.ok()) return false;
      edge.evidence.push_back(std::move(ev));
    }
    boost::add_edge(src->second, dst->second, std::move(edge), out->graph_);
    return true;
  });
  if (!s.ok()) return s;
  return inner;
}

bool KnowledgeGraph::FindVertex(TermId id, Vertex* v) const {
  auto it = vertex_of_.find(id);
  if (it == vertex_of_.end()) return false;
  *v = it->second;
  return true;
}

}  // namespace isnad
