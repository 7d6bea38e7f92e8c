// TripleStore keeps the knowledge graph in RocksDB: a dictionary of terms
// (entities, statements, predicates, documents) with compact integer ids,
// three permutations of the edge index so that every look-up with a bound
// term is one prefix scan, the provenance of every edge (document, sentence,
// span, rule) and the documents themselves.
//
// It knows nothing of extraction: its input is an Article, what one document
// contributes to the graph. Each article is written in one atomic batch;
// re-putting an unchanged article writes nothing and a changed one replaces
// its old contribution, so an ingest can be repeated or resumed at will.
//
// Thread safety: reads may run concurrently; writes (PutArticle,
// RemoveArticle) must come from one thread at a time.
#ifndef ISNAD_STORE_TRIPLE_STORE_H_
#define ISNAD_STORE_TRIPLE_STORE_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace isnad {

using TermId = uint32_t;

// ---- Input: what one document contributes ----------------------------------

struct ArticleNode {
  std::string key;   // canonical key, unique in the store ("nvidia", "s:doc:3")
  std::string kind;  // company, government, ..., statement
  std::string label;
  std::string text;  // statements only: the utterance
  std::string wikidata;
  std::vector<std::string> aliases;  // surface forms seen in this document
};

struct ArticleEdge {
  std::string subject;  // ArticleNode::key values
  std::string predicate;
  std::string object;
  bool negated = false;
  uint32_t sentence = 0;
  uint32_t begin = 0;  // byte span in the document text
  uint32_t end = 0;
  std::string rule;
  std::string modality;
  std::string date, quantity, money;  // qualifiers, empty when none
};

struct Article {
  std::string id;
  std::string title, date, url, lang;
  std::string content_hash;  // equal hash and id: the article is unchanged
  std::vector<std::string> sentences;
  std::vector<ArticleNode> nodes;
  std::vector<ArticleEdge> edges;  // ends must name nodes of this article
};

// ---- Output ---------------------------------------------------------------

struct NodeRecord {
  TermId id = 0;
  std::string key;
  std::string kind;
  std::string label;
  std::string text;
  std::string wikidata;
  uint32_t doc_count = 0;
};

// One edge of the graph: subject, predicate, object and polarity.
struct EdgeKey {
  TermId subject = 0;
  TermId predicate = 0;
  TermId object = 0;
  bool negated = false;
  bool operator<(const EdgeKey& o) const;
  bool operator==(const EdgeKey& o) const;
};

struct Provenance {
  std::string doc;
  uint32_t sentence = 0;
  uint32_t begin = 0;
  uint32_t end = 0;
  std::string rule;
  std::string modality;
  std::string date, quantity, money;
};

struct DocumentRecord {
  TermId term = 0;  // the document's id in the term dictionary
  std::string id;
  std::string title, date, url, lang;
  std::string content_hash;
  uint32_t sentence_count = 0;
};

// A supporting mention by reference: the document's term and the sentence.
struct MentionRef {
  TermId doc = 0;
  uint32_t sentence = 0;
};

// What ScanNodes gives for each node.
struct NodeMentions {
  NodeRecord node;
  std::vector<std::string> aliases;  // distinct surface forms, in document order
  std::vector<TermId> docs;          // terms of the documents naming it, ascending
};

// What ScanEdges gives for each edge.
struct EdgeSupport {
  EdgeKey edge;
  uint32_t weight = 0;
  std::vector<MentionRef> mentions;  // every supporting mention, in key order
  std::vector<Provenance> detailed;  // the first ones of `mentions`, decoded
};

struct StoreStats {
  uint64_t documents = 0;
  uint64_t sentences = 0;
  uint64_t edges = 0;
  std::map<std::string, uint64_t> nodes_by_kind;
  std::map<std::string, uint64_t> edges_by_relation;
};

// A triple pattern: unset positions are variables.
struct EdgePattern {
  std::optional<TermId> subject;
  std::optional<TermId> predicate;
  std::optional<TermId> object;
};

class TripleStore {
 public:
  struct Options {
    bool create_if_missing = false;
    // Open without the write lock, for queries while another process
    // ingests; sees the store as of the moment it was opened.
    bool read_only = false;
    // fsync each article's batch: survives a power cut, not only a crash.
    bool sync = false;
  };
  enum class PutOutcome { kAdded, kReplaced, kUnchanged };

  // The on-disk format this build writes; a store with a higher version is
  // refused with NotSupported.
  static constexpr int kFormatVersion = 1;

  // Opens the store at `path`. NotFound when it does not exist and
  // !create_if_missing; Busy when another process holds it for writing.
  static Status Open(const std::string& path, const Options& options,
                     std::unique_ptr<TripleStore>* store);
  ~TripleStore();
  TripleStore(const TripleStore&) = delete;
  TripleStore& operator=(const TripleStore&) = delete;

  // ---- Writes ----
  Status PutArticle(const Article& article, PutOutcome* outcome);
  // Removes one document's contribution; `*existed` says whether it was there.
  Status RemoveArticle(std::string_view doc_id, bool* existed);

  // ---- Reads ----
  // Ids of the nodes whose label or an alias folds to the same as `name`.
  Status FindByName(std::string_view name, std::vector<TermId>* ids) const;
  // Every folded name (label or alias, see base/fold.h) with a node it
  // names, in folded order, until `fn` returns false. For suggesting names.
  Status ForEachName(const std::function<bool(std::string_view folded, TermId node)>& fn) const;
  // The id of a term by canonical node key or predicate name; NotFound if absent.
  Status FindNode(std::string_view key, TermId* id) const;
  Status FindPredicate(std::string_view predicate, TermId* id) const;
  Status GetNode(TermId id, NodeRecord* node) const;
  // Every predicate the store has named, in name order.
  Status ForEachPredicate(const std::function<bool(std::string_view name, TermId id)>& fn) const;
  // The predicate name of a predicate term.
  Status GetPredicateName(TermId id, std::string* name) const;
  Status GetAliases(TermId node, std::vector<std::string>* aliases) const;
  Status GetNodeDocuments(TermId node, std::vector<std::string>* doc_ids) const;
  // Both of the above in one pass over the node's mentions.
  Status GetNodeMentions(TermId node, std::vector<std::string>* aliases,
                         std::vector<std::string>* doc_ids) const;
  // Calls `fn` for each edge matching `pattern` with its weight (number of
  // supporting mentions), in index order, until `fn` returns false.
  Status Match(const EdgePattern& pattern,
               const std::function<bool(const EdgeKey&, uint32_t weight)>& fn) const;
  // The supporting mentions of `edge` in key order, at most `max_entries`;
  // past the first `max_detailed` ones only `doc` and `sentence` are filled
  // (cheaper: no value is decoded).
  Status GetProvenance(const EdgeKey& edge, std::vector<Provenance>* out,
                       size_t max_detailed = SIZE_MAX, size_t max_entries = SIZE_MAX) const;
  Status GetSentence(std::string_view doc_id, uint32_t sentence, std::string* text) const;
  // The sentences of `refs`, in the same order, in one batched read.
  Status GetSentences(const std::vector<MentionRef>& refs, std::vector<std::string>* texts) const;
  // Calls fn(i, text of refs[i]) for each i in order, reading the sentences
  // in one forward pass: `refs` must be sorted by document term, then
  // sentence. For reading many sentences, far cheaper than look-ups.
  Status ReadSentencesInOrder(const std::vector<MentionRef>& refs,
                              const std::function<bool(size_t, std::string_view)>& fn) const;
  Status GetDocument(std::string_view doc_id, DocumentRecord* doc) const;
  // Every node (entities and statements), in id order, until `fn` returns false.
  Status ForEachNode(const std::function<bool(const NodeRecord&)>& fn) const;
  Status ForEachDocument(const std::function<bool(const DocumentRecord&)>& fn) const;
  Status GetStats(StoreStats* stats) const;

  // Whole-store scans, for exports. Each walks the index column families in
  // key order side by side, one iterator each, instead of one look-up per
  // node or edge: the node and edge indexes share their leading key.
  // Every node in id order with its aliases and documents.
  Status ScanNodes(const std::function<bool(const NodeMentions&)>& fn) const;
  // Every edge in spo order with its mentions; the first `max_detailed` of
  // them are decoded in full. The EdgeSupport passed to `fn` is reused.
  Status ScanEdges(size_t max_detailed, const std::function<bool(const EdgeSupport&)>& fn) const;

  // Checks the store's invariants: every index entry has its two twins with
  // the same weight, every edge's weight equals its provenance count, every
  // provenance entry, alias and mention names live terms, every node's
  // document count matches its mentions. Appends one line per breach to
  // `problems` (at most `max_problems`); returns non-ok only when the store
  // cannot be read.
  struct VerifyCounts {
    uint64_t edges = 0, provenance = 0, nodes = 0, aliases = 0, documents = 0;
  };
  Status Verify(std::vector<std::string>* problems, VerifyCounts* counts,
                size_t max_problems = 100) const;
  // Compacts every column family (reclaims space after removals).
  Status Compact();

  // Bulk loading, for corpora too large for a write batch per article: after
  // BeginBulk, PutArticle and RemoveArticle gather their writes in memory;
  // every 512 MB and at FinishBulk they become sorted SST files (built in
  // `scratch_dir`), ingested into all column families at once, so a crash
  // loses at most the articles since the last flush and never half of one.
  // Readers see nothing of a flush until it is ingested.
  Status BeginBulk(const std::string& scratch_dir);
  Status FinishBulk();

 private:
  class Impl;
  explicit TripleStore(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace isnad

#endif  // ISNAD_STORE_TRIPLE_STORE_H_
