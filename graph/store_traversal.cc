#include "graph/store_traversal.h"

#include <algorithm>
#include <limits>
#include <map>
#include <unordered_set>
#include <utility>

namespace isnad {

namespace {

uint64_t SaturatingAdd(uint64_t a, uint64_t b) {
  return a > std::numeric_limits<uint64_t>::max() - b ? std::numeric_limits<uint64_t>::max()
                                                      : a + b;
}

uint64_t SaturatingMultiply(uint64_t a, uint64_t b) {
  if (a == 0 || b == 0) return 0;
  return a > std::numeric_limits<uint64_t>::max() / b ? std::numeric_limits<uint64_t>::max()
                                                      : a * b;
}

// The distinct nodes one edge away from `node`, ascending, itself excluded.
Status DistinctNeighbors(const TripleStore& store, TermId node, const TraversalFilter& filter,
                         std::vector<TermId>* out) {
  out->clear();
  Status s = ForEachIncidentEdge(store, node, filter, [&](const Step& step) {
    if (step.to() != node) out->push_back(step.to());
    return true;
  });
  std::sort(out->begin(), out->end());
  out->erase(std::unique(out->begin(), out->end()), out->end());
  return s;
}

// One half of a bidirectional search: what it has reached from its origin.
struct SearchSide {
  std::unordered_map<TermId, uint32_t> distance;  // every node reached, the origin at 0
  // For each reached node but the origin, every reached node one hop nearer
  // the origin that joins it, ascending: the last hops of all shortest
  // paths from the origin to it.
  std::unordered_map<TermId, std::vector<TermId>> parents;
  std::vector<TermId> frontier;  // the nodes at distance `depth`
  uint32_t depth = 0;
  // Memo of PathsFromOrigin.
  std::unordered_map<TermId, uint64_t> path_counts;

  explicit SearchSide(TermId origin) : frontier{origin} { distance.emplace(origin, 0); }
};

// Reaches every node at distance depth + 1 and all of their parents, by
// expanding the whole frontier (a partly expanded level would leave some
// parents out, and with them some shortest paths).
Status ExpandLevel(const TripleStore& store, const TraversalFilter& filter, SearchSide* side) {
  const uint32_t next_depth = side->depth + 1;
  std::vector<TermId> next, neighbors;
  for (TermId node : side->frontier) {
    Status s = DistinctNeighbors(store, node, filter, &neighbors);
    if (!s.ok()) return s;
    for (TermId neighbor : neighbors) {
      auto [it, fresh] = side->distance.emplace(neighbor, next_depth);
      if (fresh) next.push_back(neighbor);
      // The frontier is expanded in ascending order, so parents arrive sorted.
      if (it->second == next_depth) side->parents[neighbor].push_back(node);
    }
  }
  std::sort(next.begin(), next.end());
  side->frontier = std::move(next);
  side->depth = next_depth;
  return Status::OK();
}

// The number of shortest paths from the side's origin to `node`.
uint64_t PathsFromOrigin(SearchSide* side, TermId node) {
  auto parents = side->parents.find(node);
  if (parents == side->parents.end()) return 1;  // the origin
  auto memo = side->path_counts.find(node);
  if (memo != side->path_counts.end()) return memo->second;
  uint64_t count = 0;
  for (TermId parent : parents->second) count = SaturatingAdd(count, PathsFromOrigin(side, parent));
  side->path_counts.emplace(node, count);
  return count;
}

// Calls `fn` with each shortest path from the side's origin to `node`,
// origin first, until `fn` returns false; returns false when stopped.
// `stack` holds the path from `node` back towards the origin so far.
bool ForEachPathFromOrigin(const SearchSide& side, TermId node, std::vector<TermId>* stack,
                           const std::function<bool(const std::vector<TermId>&)>& fn) {
  stack->push_back(node);
  bool go_on = true;
  auto parents = side.parents.find(node);
  if (parents == side.parents.end()) {
    const std::vector<TermId> path(stack->rbegin(), stack->rend());
    go_on = fn(path);
  } else {
    for (TermId parent : parents->second) {
      if (!(go_on = ForEachPathFromOrigin(side, parent, stack, fn))) break;
    }
  }
  stack->pop_back();
  return go_on;
}

// Every edge the filter admits between `a` and `b`, as Steps from `a`: those
// from a to b, then those from b to a.
Status JoiningEdges(const TripleStore& store, TermId a, TermId b, const TraversalFilter& filter,
                    std::vector<Step>* out) {
  out->clear();
  for (bool forward : {true, false}) {
    EdgePattern pattern;
    pattern.subject = forward ? a : b;
    pattern.object = forward ? b : a;
    pattern.predicate = filter.predicate;
    Status s = store.Match(pattern, [&](const EdgeKey& edge, uint32_t weight) {
      out->push_back(Step{edge, weight, forward});
      return true;
    });
    if (!s.ok()) return s;
  }
  return Status::OK();
}

}  // namespace

Status ForEachIncidentEdge(const TripleStore& store, TermId node, const TraversalFilter& filter,
                           const std::function<bool(const Step&)>& fn) {
  bool stopped = false;
  for (bool forward : {true, false}) {
    EdgePattern pattern;
    (forward ? pattern.subject : pattern.object) = node;
    pattern.predicate = filter.predicate;
    Status s = store.Match(pattern, [&](const EdgeKey& edge, uint32_t weight) {
      stopped = !fn(Step{edge, weight, forward});
      return !stopped;
    });
    if (!s.ok() || stopped) return s;
  }
  return Status::OK();
}

Status FindNeighborhood(const TripleStore& store, TermId origin, const NeighborhoodOptions& options,
                        Neighborhood* out) {
  out->nodes.clear();
  out->truncated = false;
  std::unordered_set<TermId> seen{origin};
  std::vector<TermId> frontier{origin}, next;
  for (uint32_t distance = 1; distance <= options.max_depth && !frontier.empty(); ++distance) {
    next.clear();
    for (TermId node : frontier) {
      Status s = ForEachIncidentEdge(store, node, options.filter, [&](const Step& step) {
        if (seen.count(step.to()) != 0) return true;
        if (options.max_nodes != 0 && out->nodes.size() >= options.max_nodes) {
          out->truncated = true;
          return false;
        }
        seen.insert(step.to());
        out->nodes.push_back(ReachedNode{step.to(), distance, step});
        next.push_back(step.to());
        return true;
      });
      if (!s.ok() || out->truncated) return s;
    }
    std::swap(frontier, next);
  }
  return Status::OK();
}

Status FindShortestPaths(const TripleStore& store, TermId from, TermId to,
                         const PathOptions& options, ShortestPaths* out) {
  *out = ShortestPaths();
  if (from == to) {
    out->found = true;
    out->count = 1;
    if (options.max_paths > 0) out->paths.push_back(NodePath{{from}, {}});
    return Status::OK();
  }
  SearchSide forward(from), backward(to);
  std::vector<TermId> middles;  // nodes at the meeting depth of both sides
  while (forward.depth + backward.depth < options.max_length && !forward.frontier.empty() &&
         !backward.frontier.empty()) {
    // The smaller frontier is the cheaper to expand (a proxy for the number
    // of edges that expanding it reads).
    const bool expand_forward = forward.frontier.size() <= backward.frontier.size();
    SearchSide& grown = expand_forward ? forward : backward;
    const SearchSide& other = expand_forward ? backward : forward;
    Status s = ExpandLevel(store, options.filter, &grown);
    if (!s.ok()) return s;
    // No node was shared before this round, so a new node that the other
    // side has reached lies at the other side's depth exactly: it is the
    // node at position forward.depth of a shortest path, and every shortest
    // path has its node there among these.
    for (TermId node : grown.frontier) {
      if (other.distance.count(node) != 0) middles.push_back(node);
    }
    if (!middles.empty()) break;
  }
  if (middles.empty()) return Status::OK();

  out->found = true;
  out->length = forward.depth + backward.depth;
  for (TermId middle : middles) {
    out->count = SaturatingAdd(out->count, SaturatingMultiply(PathsFromOrigin(&forward, middle),
                                                              PathsFromOrigin(&backward, middle)));
  }
  // Spell out the first max_paths: each path from `from` to a middle node
  // joined to each path from that node to `to`.
  std::vector<TermId> stack;
  for (TermId middle : middles) {
    if (out->paths.size() >= options.max_paths) break;
    ForEachPathFromOrigin(forward, middle, &stack, [&](const std::vector<TermId>& head) {
      std::vector<TermId> tail_stack;
      return ForEachPathFromOrigin(
          backward, middle, &tail_stack, [&](const std::vector<TermId>& tail) {
            if (out->paths.size() >= options.max_paths) return false;
            NodePath path;
            path.nodes = head;
            path.nodes.insert(path.nodes.end(), tail.rbegin() + 1, tail.rend());  // `middle` once
            out->paths.push_back(std::move(path));
            return out->paths.size() < options.max_paths;
          });
    });
  }
  // The edges of each hop, read once per pair of nodes.
  std::map<std::pair<TermId, TermId>, std::vector<Step>> edges_between;
  for (NodePath& path : out->paths) {
    for (size_t i = 0; i + 1 < path.nodes.size(); ++i) {
      const TermId a = path.nodes[i], b = path.nodes[i + 1];
      auto [it, fresh] = edges_between.try_emplace({a, b});
      if (fresh) {
        Status s = JoiningEdges(store, a, b, options.filter, &it->second);
        if (!s.ok()) return s;
      }
      path.hops.push_back(it->second);
    }
  }
  return Status::OK();
}

const NodeRecord& StoreLookup::Node(TermId id) {
  auto [it, fresh] = nodes_.try_emplace(id);
  if (fresh && !store_.GetNode(id, &it->second).ok()) {
    it->second = NodeRecord();
    it->second.id = id;
    it->second.label.assign(1, '?');  // not = "?": GCC 12 warns falsely (-Wrestrict)
  }
  return it->second;
}

const std::string& StoreLookup::Relation(TermId predicate) {
  auto [it, fresh] = relations_.try_emplace(predicate);
  if (fresh && !store_.GetPredicateName(predicate, &it->second).ok()) it->second.assign(1, '?');
  return it->second;
}

const std::string& StoreLookup::Text(TermId id) {
  const NodeRecord& node = Node(id);
  return node.text.empty() ? node.label : node.text;
}

Status StoreLookup::FirstEvidence(const EdgeKey& edge, const Evidence** evidence) {
  *evidence = nullptr;
  auto it = evidence_.find(edge);
  if (it == evidence_.end()) {
    std::vector<Provenance> mentions;
    // Only the first mention is read.
    Status s = store_.GetProvenance(edge, &mentions, 1, 1);
    if (!s.ok()) return s;
    std::optional<Evidence> first;
    if (!mentions.empty()) {
      first.emplace();
      static_cast<Provenance&>(*first) = std::move(mentions.front());
      s = store_.GetSentence(first->doc, first->sentence, &first->text);
      if (!s.ok()) return s;
    }
    it = evidence_.emplace(edge, std::move(first)).first;
  }
  if (it->second) *evidence = &*it->second;
  return Status::OK();
}

Status ReadDocuments(const TripleStore& store, const std::vector<std::string>& doc_ids,
                     std::unordered_map<std::string, DocumentRecord>* out) {
  out->clear();
  // Past this many ids one scan of the document table beats a look-up each
  // (measured on the 100,000-document benchmark store).
  constexpr size_t kScanAbove = 8000;
  if (doc_ids.size() <= kScanAbove) {
    for (const std::string& id : doc_ids) {
      if (out->count(id) != 0) continue;
      DocumentRecord doc;
      Status s = store.GetDocument(id, &doc);
      if (s.IsNotFound()) continue;
      if (!s.ok()) return s;
      out->emplace(id, std::move(doc));
    }
    return Status::OK();
  }
  const std::unordered_set<std::string> wanted(doc_ids.begin(), doc_ids.end());
  return store.ForEachDocument([&](const DocumentRecord& doc) {
    if (wanted.count(doc.id) != 0) out->emplace(doc.id, doc);
    return out->size() < wanted.size();
  });
}

}  // namespace isnad
