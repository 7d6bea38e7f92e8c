#include "store/triple_store.h"

#include <rocksdb/db.h>
#include <rocksdb/filter_policy.h>
#include <rocksdb/slice_transform.h>
#include <rocksdb/sst_file_writer.h>
#include <rocksdb/table.h>
#include <rocksdb/write_batch.h>

#include <array>
#include <cstdarg>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "base/fold.h"
#include "store/flat_json.h"
#include "store/key_codec.h"

namespace isnad {

namespace {

using keys::Permutation;
using nlohmann::json;

// Column families, in the order they are opened.
enum Cf : size_t {
  kDefault = 0,
  kMeta,     // "format_version", "next_term"
  kTerms,    // 'k' term key -> id; 'i' id -> record (JSON)
  kAliases,  // folded alias \0 id -> reference count (documents naming it so)
  kSpo,      // edge indexes: key -> weight (fixed32)
  kPos,
  kOsp,
  kProvenance,  // see key_codec.h -> JSON {b, e, rule, mod}
  kMentions,    // node(4) doc(4) -> JSON array of the aliases seen in that doc
  kDocs,        // doc id -> JSON document record
  kSentences,   // doc(4) sentence(4) -> sentence text
  kCfCount
};

const char* const kCfNames[kCfCount] = {"default",  "meta", "terms",    "aliases",
                                        "spo",      "pos",  "osp",      "provenance",
                                        "mentions", "docs", "sentences"};

// Term key prefixes: nodes, predicates, documents share one id space.
constexpr std::string_view kNodePrefix = "n:";
constexpr std::string_view kPredicatePrefix = "p:";
constexpr std::string_view kDocPrefix = "d:";

std::string TermKeyKey(std::string_view term_key) {
  std::string k = "k";
  k.append(term_key);
  return k;
}

std::string TermIdKey(TermId id) {
  std::string k = "i";
  keys::PutFixed32(&k, id);
  return k;
}

std::string Fixed32(uint32_t v) {
  std::string s;
  keys::PutFixed32(&s, v);
  return s;
}

std::string PairKey(TermId a, uint32_t b) {
  std::string k;
  keys::PutFixed32(&k, a);
  keys::PutFixed32(&k, b);
  return k;
}

std::string AliasKey(std::string_view folded, TermId id) {
  std::string k(folded);
  k.push_back('\0');
  keys::PutFixed32(&k, id);
  return k;
}

std::string ToHex(std::string_view bytes) {
  static const char* digits = "0123456789abcdef";
  std::string out;
  for (unsigned char c : bytes) {
    out.push_back(digits[c >> 4]);
    out.push_back(digits[c & 15]);
  }
  return out;
}

std::string FromHex(std::string_view hex) {
  auto val = [](char c) { return c <= '9' ? c - '0' : c - 'a' + 10; };
  std::string out;
  for (size_t i = 0; i + 1 < hex.size(); i += 2) {
    out.push_back(static_cast<char>(val(hex[i]) << 4 | val(hex[i + 1])));
  }
  return out;
}

// A mentions value: the JSON array of the aliases one document used.
Status DecodeAliases(std::string_view value, std::vector<std::string>* out) {
  if (flat_json::ParseStringArray(value, out)) return Status::OK();
  out->clear();
  json list = json::parse(value, nullptr, false);
  if (!list.is_array()) return Status::Corruption("malformed alias list");
  for (const json& a : list) {
    if (!a.is_string()) return Status::Corruption("malformed alias list");
    out->push_back(a.get<std::string>());
  }
  return Status::OK();
}

// RocksDB's own info log aborts the process (an assertion the Debian build
// keeps) when it is written to again after a failed write, as happens once
// the disk is full. This logger appends to the same LOG file through stdio
// and ignores write errors: a full disk costs log lines, never the process.
class LenientFileLogger : public rocksdb::Logger {
 public:
  LenientFileLogger(std::FILE* file, rocksdb::InfoLogLevel level)
      : rocksdb::Logger(level), file_(file) {}
  ~LenientFileLogger() override { std::fclose(file_); }
  using rocksdb::Logger::Logv;
  void Logv(const char* format, va_list ap) override {
    char stamp[32];
    const std::time_t now = std::time(nullptr);
    std::tm tm;
    std::strftime(stamp, sizeof stamp, "%Y/%m/%d-%H:%M:%S ", localtime_r(&now, &tm));
    std::lock_guard<std::mutex> lock(mu_);
    std::fputs(stamp, file_);
    std::vfprintf(file_, format, ap);
    std::fputc('\n', file_);
    std::fflush(file_);
    std::clearerr(file_);
  }

 private:
  std::mutex mu_;
  std::FILE* file_;
};

Status FromRocks(const rocksdb::Status& s, std::string_view what) {
  if (s.ok()) return Status::OK();
  std::string msg = std::string(what) + ": " + s.ToString();
  if (s.IsCorruption()) return Status::Corruption(msg);
  if (s.IsNotFound()) return Status::NotFound(msg);
  return Status::IOError(msg);
}

// The scalar fields of a document record, read without building the
// record's arrays; false when the fast reader cannot read it.
bool DecodeDocumentFast(std::string_view value, DocumentRecord* d) {
  bool bad = false;
  auto number = [&bad](std::string_view v, bool is_string) {
    uint32_t n = 0;
    if (!flat_json::ParseUint32(v, is_string, &n)) bad = true;
    return n;
  };
  const bool flat = flat_json::ParseFlatObject(
      value, [&](std::string_view k, std::string_view v, bool is_string) {
        if (k == "term") {
          d->term = number(v, is_string);
        } else if (k == "id") {
          d->id.assign(v);
        } else if (k == "title") {
          d->title.assign(v);
        } else if (k == "date") {
          d->date.assign(v);
        } else if (k == "url") {
          d->url.assign(v);
        } else if (k == "lang") {
          d->lang.assign(v);
        } else if (k == "hash") {
          d->content_hash.assign(v);
        } else if (k == "sentences") {
          d->sentence_count = number(v, is_string);
        }
      });
  return flat && !bad;
}

DocumentRecord ToDocument(const json& r) {
  DocumentRecord d;
  d.term = r.value("term", 0u);
  d.id = r.value("id", "");
  d.title = r.value("title", "");
  d.date = r.value("date", "");
  d.url = r.value("url", "");
  d.lang = r.value("lang", "");
  d.content_hash = r.value("hash", "");
  d.sentence_count = r.value("sentences", 0u);
  return d;
}

bool StartsWith(const rocksdb::Slice& s, std::string_view prefix) {
  return s.size() >= prefix.size() && std::string_view(s.data(), prefix.size()) == prefix;
}

}  // namespace

class TripleStore::Impl {
 public:
  ~Impl() {
    // Flush on close so that the next open, read-only ones included, does
    // not replay a long write-ahead log (seen: 1.6 GB and 17 s after a
    // 100,000-article ingest).
    if (db_ != nullptr && !read_only_) {
      rocksdb::FlushOptions flush;
      std::vector<rocksdb::ColumnFamilyHandle*> live;
      for (auto* h : handles_) {
        if (h != nullptr) live.push_back(h);
      }
      db_->Flush(flush, live);
    }
    for (auto* h : handles_) {
      if (h != nullptr) db_->DestroyColumnFamilyHandle(h);
    }
    delete db_;
  }

  Status Open(const std::string& path, const Options& options);
  Status PutArticle(const Article& article, PutOutcome* outcome);
  Status RemoveArticle(std::string_view doc_id, bool* existed);

  Status FindByName(std::string_view name, std::vector<TermId>* ids) const;
  Status ForEachName(const std::function<bool(std::string_view, TermId)>& fn) const;
  Status ForEachPredicate(const std::function<bool(std::string_view, TermId)>& fn) const;
  Status FindTerm(std::string_view term_key, TermId* id) const;
  Status GetTermRecord(TermId id, json* record) const;
  Status GetNode(TermId id, NodeRecord* node) const;
  Status GetNodeMentions(TermId node, std::vector<std::string>* aliases,
                         std::vector<std::string>* doc_ids) const;
  Status Match(const EdgePattern& pattern,
               const std::function<bool(const EdgeKey&, uint32_t)>& fn) const;
  Status GetProvenance(const EdgeKey& edge, std::vector<Provenance>* out, size_t max_detailed,
                       size_t max_entries) const;
  Status GetSentence(std::string_view doc_id, uint32_t sentence, std::string* text) const;
  Status GetDocumentJson(std::string_view doc_id, json* doc) const;
  Status GetDocument(std::string_view doc_id, DocumentRecord* doc) const;
  Status ForEachNode(const std::function<bool(const NodeRecord&)>& fn) const;
  Status ForEachDocument(const std::function<bool(const DocumentRecord&)>& fn) const;
  Status GetStats(StoreStats* stats) const;
  Status GetSentences(const std::vector<MentionRef>& refs, std::vector<std::string>* texts) const;
  Status ReadSentencesInOrder(const std::vector<MentionRef>& refs,
                              const std::function<bool(size_t, std::string_view)>& fn) const;
  Status ScanNodes(const std::function<bool(const NodeMentions&)>& fn) const;
  Status ScanEdges(size_t max_detailed, const std::function<bool(const EdgeSupport&)>& fn) const;
  Status Verify(std::vector<std::string>* problems, VerifyCounts* counts,
                size_t max_problems) const;
  Status Compact();
  Status BeginBulk(const std::string& scratch_dir);
  Status FinishBulk();

 private:
  // A bulk load keeps its writes in sorted maps (nullopt: deleted) and turns
  // them into one SST file per column family, ingested together.
  struct Overlay {
    std::array<std::map<std::string, std::optional<std::string>>, kCfCount> cf;
    size_t bytes = 0;
  };
  // Writes one article's batch: to the store (WAL on), or in a bulk load to
  // the overlay, flushed to SST files when it grows large.
  Status Commit(rocksdb::WriteBatch* batch);
  Status FlushBulk();
  // Document names by term id and back, cached: looked up for every edge's
  // provenance during an export. Term ids are never reused, so an entry can
  // go stale only by naming a removed document, which no index still cites.
  Status DocName(TermId doc, std::string* name) const;
  Status DocTerm(std::string_view name, TermId* doc) const;
  mutable std::mutex doc_cache_mu_;
  mutable std::unordered_map<TermId, std::string> doc_name_;
  mutable std::unordered_map<std::string, TermId> doc_term_;

  std::unique_ptr<Overlay> bulk_;
  std::string bulk_dir_;
  size_t bulk_files_ = 0;
  // Changes of one article's batch, gathered before they are applied so that
  // removing an old version and adding the new one net out.
  struct Deltas {
    std::map<TermId, int64_t> term_docs;
    std::map<std::string, int64_t> aliases;  // alias key -> change
    std::map<std::string, int64_t> weights;  // spo key -> change
    std::unordered_map<TermId, json> new_terms;
  };

  Status Get(Cf cf, const rocksdb::Slice& key, std::string* value) const;
  Status RemoveContribution(const json& doc, rocksdb::WriteBatch* batch, Deltas* d);
  Status TermFor(std::string_view term_key, const json& record, rocksdb::WriteBatch* batch,
                 Deltas* d, TermId* id);
  Status Apply(Deltas* d, rocksdb::WriteBatch* batch);
  static NodeRecord ToNode(TermId id, const json& record);
  // The node record of term `id` from its stored value; false when the term
  // is no node. Reads the value with the fast flat parser when it can.
  static Status DecodeNode(TermId id, std::string_view value, NodeRecord* node, bool* is_node);
  static Status DecodeProvenance(std::string_view value, Provenance* p);

  rocksdb::DB* db_ = nullptr;
  std::vector<rocksdb::ColumnFamilyHandle*> handles_;
  rocksdb::WriteOptions write_options_;
  bool read_only_ = false;
  TermId next_term_ = 1;
  std::mutex write_mu_;
};

Status TripleStore::Impl::Open(const std::string& path, const Options& options) {
  namespace fs = std::filesystem;
  std::error_code ec;
  read_only_ = options.read_only;
  write_options_.sync = options.sync;
  const bool exists = fs::exists(fs::path(path) / "CURRENT", ec);
  if (fs::exists(path, ec) && !fs::is_directory(path, ec)) {
    return Status::InvalidArgument(path + ": is a file, not a store directory");
  }
  if (!exists && (!options.create_if_missing || options.read_only)) {
    return Status::NotFound("no store at " + path + " (create one with `isnad ingest`)");
  }

  if (!exists) {
    fs::create_directories(path, ec);
    if (ec) return Status::IOError(path + ": cannot create store directory: " + ec.message());
  }
  rocksdb::Options db_options;
  db_options.create_if_missing = options.create_if_missing;
  db_options.create_missing_column_families = true;
  db_options.IncreaseParallelism(2);
  db_options.info_log_level = rocksdb::InfoLogLevel::WARN_LEVEL;
  db_options.keep_log_file_num = 2;
  // Eleven column families share one log; a family written rarely (meta)
  // would otherwise pin every log file until it fills its own memtable.
  db_options.max_total_wal_size = size_t{128} << 20;
  // (Appended to across opens, not rotated: at WARN level it stays small.)
  if (!options.read_only) {
    std::FILE* log = std::fopen((fs::path(path) / "LOG").c_str(), "ae");
    if (log != nullptr) {
      db_options.info_log = std::make_shared<LenientFileLogger>(log, db_options.info_log_level);
    }
  }

  // Index column families are always read by a prefix of at least one term
  // id: a 4-byte prefix bloom filter lets RocksDB skip files without it.
  rocksdb::BlockBasedTableOptions index_table;
  index_table.filter_policy.reset(rocksdb::NewBloomFilterPolicy(10));
  index_table.whole_key_filtering = false;
  rocksdb::ColumnFamilyOptions index_cf;
  index_cf.prefix_extractor.reset(rocksdb::NewFixedPrefixTransform(4));
  index_cf.table_factory.reset(rocksdb::NewBlockBasedTableFactory(index_table));
  index_cf.compression = rocksdb::kLZ4Compression;

  rocksdb::BlockBasedTableOptions point_table;
  point_table.filter_policy.reset(rocksdb::NewBloomFilterPolicy(10));
  rocksdb::ColumnFamilyOptions point_cf;
  point_cf.table_factory.reset(rocksdb::NewBlockBasedTableFactory(point_table));
  point_cf.compression = rocksdb::kLZ4Compression;

  std::vector<rocksdb::ColumnFamilyDescriptor> cfs;
  for (size_t i = 0; i < kCfCount; ++i) {
    const bool index = i == kSpo || i == kPos || i == kOsp || i == kProvenance || i == kMentions ||
                       i == kSentences;
    cfs.emplace_back(kCfNames[i], index ? index_cf : point_cf);
  }
  rocksdb::Status s;
  if (options.read_only) {
    s = rocksdb::DB::OpenForReadOnly(db_options, path, cfs, &handles_, &db_);
  } else {
    s = rocksdb::DB::Open(db_options, path, cfs, &handles_, &db_);
  }
  if (!s.ok()) {
    const std::string msg = s.ToString();
    // RocksDB reports a held LOCK file as an I/O error ("While lock file");
    // match that exactly: "block checksum mismatch" is corruption, not a lock.
    if (s.IsIOError() &&
        (msg.find("lock file") != std::string::npos || msg.find("/LOCK") != std::string::npos)) {
      return Status::Busy(path + ": store is locked by another process (an ingest is running?)");
    }
    return FromRocks(s, path);
  }

  std::string value;
  Status st = Get(kMeta, "format_version", &value);
  if (st.IsNotFound()) {
    if (read_only_) return Status::Corruption(path + ": store has no format version");
    s = db_->Put(write_options_, handles_[kMeta], "format_version", std::to_string(kFormatVersion));
    if (!s.ok()) return FromRocks(s, path);
  } else if (!st.ok()) {
    return st;
  } else {
    const int version = std::atoi(value.c_str());
    if (version > kFormatVersion) {
      return Status::NotSupported(path + ": store format version " + value +
                                  " is newer than this isnad understands (" +
                                  std::to_string(kFormatVersion) + "); upgrade isnad");
    }
  }
  st = Get(kMeta, "next_term", &value);
  if (st.ok() && value.size() == 4) {
    next_term_ = keys::GetFixed32(value);
  } else if (!st.IsNotFound()) {
    return st.ok() ? Status::Corruption(path + ": bad next_term") : st;
  }
  return Status::OK();
}

Status TripleStore::Impl::Get(Cf cf, const rocksdb::Slice& key, std::string* value) const {
  if (bulk_) {  // what the bulk load holds in memory is newer than the store
    auto it = bulk_->cf[cf].find(key.ToString());
    if (it != bulk_->cf[cf].end()) {
      if (!it->second) return Status::NotFound(kCfNames[cf]);
      *value = *it->second;
      return Status::OK();
    }
  }
  rocksdb::Status s = db_->Get(rocksdb::ReadOptions(), handles_[cf], key, value);
  if (s.IsNotFound()) return Status::NotFound(kCfNames[cf]);
  return FromRocks(s, kCfNames[cf]);
}

Status TripleStore::Impl::FindTerm(std::string_view term_key, TermId* id) const {
  std::string value;
  Status s = Get(kTerms, TermKeyKey(term_key), &value);
  if (!s.ok()) return s.IsNotFound() ? Status::NotFound(std::string(term_key)) : s;
  if (value.size() != 4) return Status::Corruption("term id of " + std::string(term_key));
  *id = keys::GetFixed32(value);
  return Status::OK();
}

Status TripleStore::Impl::GetTermRecord(TermId id, json* record) const {
  std::string value;
  Status s = Get(kTerms, TermIdKey(id), &value);
  if (!s.ok()) return s.IsNotFound() ? Status::NotFound("term " + std::to_string(id)) : s;
  *record = json::parse(value, nullptr, false);
  if (record->is_discarded()) return Status::Corruption("term record " + std::to_string(id));
  return Status::OK();
}

Status TripleStore::Impl::TermFor(std::string_view term_key, const json& record,
                                  rocksdb::WriteBatch* batch, Deltas* d, TermId* id) {
  Status s = FindTerm(term_key, id);
  if (s.ok()) return s;
  if (!s.IsNotFound()) return s;
  *id = next_term_++;
  batch->Put(handles_[kTerms], TermKeyKey(term_key), Fixed32(*id));
  d->new_terms[*id] = record;
  return Status::OK();
}

Status TripleStore::Impl::RemoveContribution(const json& doc, rocksdb::WriteBatch* batch,
                                             Deltas* d) {
  const TermId doc_term = doc.at("term").get<TermId>();
  for (const json& n : doc.at("nodes")) {
    const TermId id = n.at("id").get<TermId>();
    batch->Delete(handles_[kMentions], PairKey(id, doc_term));
    d->term_docs[id] -= 1;
    for (const json& a : n.at("folded")) d->aliases[AliasKey(a.get<std::string>(), id)] -= 1;
  }
  for (const json& p : doc.at("provenance")) {
    const std::string key = FromHex(p.get<std::string>());
    batch->Delete(handles_[kProvenance], key);
    d->weights[key.substr(0, keys::kEdgeKeySize)] -= 1;
  }
  const uint32_t sentences = doc.at("sentences").get<uint32_t>();
  for (uint32_t i = 0; i < sentences; ++i)
    batch->Delete(handles_[kSentences], PairKey(doc_term, i));
  return Status::OK();
}

Status TripleStore::Impl::Apply(Deltas* d, rocksdb::WriteBatch* batch) {
  for (const auto& [id, delta] : d->term_docs) {
    json record;
    auto it = d->new_terms.find(id);
    if (it != d->new_terms.end()) {
      record = it->second;
    } else {
      Status s = GetTermRecord(id, &record);
      if (!s.ok()) return s;
    }
    const int64_t docs = record.value("docs", int64_t{0}) + delta;
    if (docs <= 0) {
      batch->Delete(handles_[kTerms], TermIdKey(id));
      batch->Delete(handles_[kTerms], TermKeyKey(record.at("key").get<std::string>()));
    } else {
      record["docs"] = docs;
      batch->Put(handles_[kTerms], TermIdKey(id), record.dump());
    }
    d->new_terms.erase(id);
  }
  // Terms without document counts (predicates, documents) are written as is.
  for (const auto& [id, record] : d->new_terms) {
    batch->Put(handles_[kTerms], TermIdKey(id), record.dump());
  }
  for (const auto& [key, delta] : d->aliases) {
    if (delta == 0) continue;
    std::string value;
    Status s = Get(kAliases, key, &value);
    if (!s.ok() && !s.IsNotFound()) return s;
    const int64_t count = (s.ok() && value.size() == 4 ? keys::GetFixed32(value) : 0) + delta;
    if (count <= 0) {
      batch->Delete(handles_[kAliases], key);
    } else {
      batch->Put(handles_[kAliases], key, Fixed32(static_cast<uint32_t>(count)));
    }
  }
  for (const auto& [spo, delta] : d->weights) {
    if (delta == 0) continue;
    std::string value;
    Status s = Get(kSpo, spo, &value);
    if (!s.ok() && !s.IsNotFound()) return s;
    const int64_t weight = (s.ok() && value.size() == 4 ? keys::GetFixed32(value) : 0) + delta;
    const EdgeKey edge = keys::DecodeEdge(Permutation::kSpo, spo);
    const std::string pos = keys::EncodeEdge(Permutation::kPos, edge);
    const std::string osp = keys::EncodeEdge(Permutation::kOsp, edge);
    if (weight <= 0) {
      batch->Delete(handles_[kSpo], spo);
      batch->Delete(handles_[kPos], pos);
      batch->Delete(handles_[kOsp], osp);
    } else {
      const std::string w = Fixed32(static_cast<uint32_t>(weight));
      batch->Put(handles_[kSpo], spo, w);
      batch->Put(handles_[kPos], pos, w);
      batch->Put(handles_[kOsp], osp, w);
    }
  }
  batch->Put(handles_[kMeta], "next_term", Fixed32(next_term_));
  return Status::OK();
}

Status TripleStore::Impl::PutArticle(const Article& article, PutOutcome* outcome) {
  if (read_only_) return Status::InvalidArgument("store is open read-only");
  if (article.id.empty()) return Status::InvalidArgument("article has an empty id");
  std::lock_guard<std::mutex> lock(write_mu_);
  const TermId saved_next = next_term_;
  auto fail = [&](Status s) {
    next_term_ = saved_next;  // ids handed out for a batch never written
    return s;
  };

  json old_doc;
  std::string value;
  Status s = Get(kDocs, article.id, &value);
  bool existed = false;
  if (s.ok()) {
    old_doc = json::parse(value, nullptr, false);
    if (old_doc.is_discarded()) return Status::Corruption("document record of " + article.id);
    existed = true;
    if (old_doc.value("hash", "") == article.content_hash && !article.content_hash.empty()) {
      *outcome = PutOutcome::kUnchanged;
      return Status::OK();
    }
  } else if (!s.IsNotFound()) {
    return s;
  }

  rocksdb::WriteBatch batch;
  Deltas d;
  TermId doc_term;
  if (existed) {
    s = RemoveContribution(old_doc, &batch, &d);
    if (!s.ok()) return fail(s);
    doc_term = old_doc.at("term").get<TermId>();
  } else {
    s = TermFor(std::string(kDocPrefix) + article.id, json{{"t", "d"}, {"key", article.id}}, &batch,
                &d, &doc_term);
    if (!s.ok()) return fail(s);
  }

  json doc = {{"term", doc_term},
              {"id", article.id},
              {"title", article.title},
              {"date", article.date},
              {"url", article.url},
              {"lang", article.lang},
              {"hash", article.content_hash},
              {"sentences", article.sentences.size()},
              {"nodes", json::array()},
              {"provenance", json::array()}};

  std::unordered_map<std::string, TermId> node_ids;
  for (const ArticleNode& node : article.nodes) {
    if (node.key.empty()) return fail(Status::InvalidArgument(article.id + ": a node has no key"));
    if (node_ids.count(node.key)) continue;
    json record = {{"t", "n"},
                   {"key", std::string(kNodePrefix) + node.key},
                   {"kind", node.kind},
                   {"label", node.label},
                   {"docs", 0}};
    if (!node.text.empty()) record["text"] = node.text;
    if (!node.wikidata.empty()) record["wikidata"] = node.wikidata;
    TermId id;
    s = TermFor(std::string(kNodePrefix) + node.key, record, &batch, &d, &id);
    if (!s.ok()) return fail(s);
    node_ids[node.key] = id;
    d.term_docs[id] += 1;
    std::set<std::string> folded;
    folded.insert(FoldForMatch(node.label));
    for (const std::string& a : node.aliases) folded.insert(FoldForMatch(a));
    folded.erase("");
    json folded_json = json::array();
    for (const std::string& f : folded) {
      d.aliases[AliasKey(f, id)] += 1;
      folded_json.push_back(f);
    }
    batch.Put(handles_[kMentions], PairKey(id, doc_term), json(node.aliases).dump());
    doc["nodes"].push_back({{"id", id}, {"folded", folded_json}});
  }

  std::unordered_map<std::string, TermId> predicate_ids;
  uint16_t ordinal = 0;
  for (const ArticleEdge& edge : article.edges) {
    if (edge.sentence >= article.sentences.size()) {
      return fail(Status::InvalidArgument(article.id + ": edge " + edge.subject + " -" +
                                          edge.predicate + "-> " + edge.object +
                                          " cites sentence " + std::to_string(edge.sentence) +
                                          " of " + std::to_string(article.sentences.size())));
    }
    auto s_it = node_ids.find(edge.subject);
    auto o_it = node_ids.find(edge.object);
    if (s_it == node_ids.end() || o_it == node_ids.end()) {
      return fail(Status::InvalidArgument(article.id + ": edge " + edge.subject + " -" +
                                          edge.predicate + "-> " + edge.object +
                                          " names a node the article does not have"));
    }
    auto [p_it, fresh] = predicate_ids.emplace(edge.predicate, 0);
    if (fresh) {
      s = TermFor(std::string(kPredicatePrefix) + edge.predicate,
                  json{{"t", "p"}, {"key", edge.predicate}}, &batch, &d, &p_it->second);
      if (!s.ok()) return fail(s);
    }
    const EdgeKey key{s_it->second, p_it->second, o_it->second, edge.negated};
    const std::string prov = keys::EncodeProvenance(key, doc_term, edge.sentence, ordinal++);
    json pv = {{"b", edge.begin}, {"e", edge.end}, {"rule", edge.rule}};
    if (!edge.modality.empty()) pv["mod"] = edge.modality;
    if (!edge.date.empty()) pv["date"] = edge.date;
    if (!edge.quantity.empty()) pv["qty"] = edge.quantity;
    if (!edge.money.empty()) pv["money"] = edge.money;
    batch.Put(handles_[kProvenance], prov, pv.dump());
    d.weights[prov.substr(0, keys::kEdgeKeySize)] += 1;
    doc["provenance"].push_back(ToHex(prov));
    if (ordinal == 0) return fail(Status::InvalidArgument(article.id + ": too many edges"));
  }
  for (size_t i = 0; i < article.sentences.size(); ++i) {
    batch.Put(handles_[kSentences], PairKey(doc_term, static_cast<uint32_t>(i)),
              article.sentences[i]);
  }
  batch.Put(handles_[kDocs], article.id, doc.dump());
  s = Apply(&d, &batch);
  if (!s.ok()) return fail(s);
  Status ws = Commit(&batch);
  if (!ws.ok()) return fail(ws.WithContext("writing " + article.id + ": "));
  *outcome = existed ? PutOutcome::kReplaced : PutOutcome::kAdded;
  return Status::OK();
}

Status TripleStore::Impl::RemoveArticle(std::string_view doc_id, bool* existed) {
  if (read_only_) return Status::InvalidArgument("store is open read-only");
  std::lock_guard<std::mutex> lock(write_mu_);
  std::string value;
  Status s = Get(kDocs, rocksdb::Slice(doc_id.data(), doc_id.size()), &value);
  *existed = s.ok();
  if (s.IsNotFound()) return Status::OK();
  if (!s.ok()) return s;
  json doc = json::parse(value, nullptr, false);
  if (doc.is_discarded()) return Status::Corruption("document record of " + std::string(doc_id));
  rocksdb::WriteBatch batch;
  Deltas d;
  s = RemoveContribution(doc, &batch, &d);
  if (!s.ok()) return s;
  const TermId doc_term = doc.at("term").get<TermId>();
  {
    // The id dies with the document; a later ingest of the same id gets a new one.
    std::lock_guard<std::mutex> cache_lock(doc_cache_mu_);
    doc_name_.erase(doc_term);
    doc_term_.erase(std::string(doc_id));
  }
  batch.Delete(handles_[kTerms], TermIdKey(doc_term));
  batch.Delete(handles_[kTerms], TermKeyKey(std::string(kDocPrefix) + std::string(doc_id)));
  batch.Delete(handles_[kDocs], rocksdb::Slice(doc_id.data(), doc_id.size()));
  s = Apply(&d, &batch);
  if (!s.ok()) return s;
  return Commit(&batch).WithContext("removing " + std::string(doc_id) + ": ");
}

Status TripleStore::Impl::FindByName(std::string_view name, std::vector<TermId>* ids) const {
  ids->clear();
  const std::string folded = FoldForMatch(name);
  if (folded.empty()) return Status::OK();
  std::string prefix = folded;
  prefix.push_back('\0');
  std::unique_ptr<rocksdb::Iterator> it(
      db_->NewIterator(rocksdb::ReadOptions(), handles_[kAliases]));
  for (it->Seek(prefix); it->Valid() && StartsWith(it->key(), prefix); it->Next()) {
    if (it->key().size() != prefix.size() + 4) continue;
    ids->push_back(keys::GetFixed32(std::string_view(it->key().data() + prefix.size(), 4)));
  }
  return FromRocks(it->status(), "aliases");
}

Status TripleStore::Impl::ForEachName(
    const std::function<bool(std::string_view, TermId)>& fn) const {
  std::unique_ptr<rocksdb::Iterator> it(
      db_->NewIterator(rocksdb::ReadOptions(), handles_[kAliases]));
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    const rocksdb::Slice k = it->key();
    if (k.size() < 5 || k[k.size() - 5] != '\0')
      return Status::Corruption("aliases: malformed key");
    const TermId id = keys::GetFixed32(std::string_view(k.data() + k.size() - 4, 4));
    if (!fn(std::string_view(k.data(), k.size() - 5), id)) break;
  }
  return FromRocks(it->status(), "aliases");
}

Status TripleStore::Impl::ForEachPredicate(
    const std::function<bool(std::string_view, TermId)>& fn) const {
  const std::string prefix = TermKeyKey(kPredicatePrefix);
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(rocksdb::ReadOptions(), handles_[kTerms]));
  for (it->Seek(prefix); it->Valid() && StartsWith(it->key(), prefix); it->Next()) {
    if (it->value().size() != 4) return Status::Corruption("terms: malformed predicate id");
    const std::string_view name(it->key().data() + prefix.size(), it->key().size() - prefix.size());
    if (!fn(name, keys::GetFixed32(std::string_view(it->value().data(), 4)))) break;
  }
  return FromRocks(it->status(), "terms");
}

NodeRecord TripleStore::Impl::ToNode(TermId id, const json& r) {
  NodeRecord n;
  n.id = id;
  n.key = r.value("key", "");
  if (n.key.rfind(kNodePrefix, 0) == 0) n.key = n.key.substr(kNodePrefix.size());
  n.kind = r.value("kind", "");
  n.label = r.value("label", "");
  n.text = r.value("text", "");
  n.wikidata = r.value("wikidata", "");
  n.doc_count = r.value("docs", 0u);
  return n;
}

Status TripleStore::Impl::GetNode(TermId id, NodeRecord* node) const {
  json r;
  Status s = GetTermRecord(id, &r);
  if (!s.ok()) return s;
  if (r.value("t", "") != "n")
    return Status::NotFound("term " + std::to_string(id) + " is no node");
  *node = ToNode(id, r);
  return Status::OK();
}

Status TripleStore::Impl::DecodeNode(TermId id, std::string_view value, NodeRecord* node,
                                     bool* is_node) {
  // Fields are cleared, not reset, so a reused record keeps its buffers.
  node->id = id;
  node->key.clear();
  node->kind.clear();
  node->label.clear();
  node->text.clear();
  node->wikidata.clear();
  node->doc_count = 0;
  std::string type;
  bool bad_number = false;
  const bool flat = flat_json::ParseFlatObject(
      value, [&](std::string_view k, std::string_view v, bool is_string) {
        if (k == "t") {
          type.assign(v);
        } else if (k == "key") {
          node->key.assign(v);
        } else if (k == "kind") {
          node->kind.assign(v);
        } else if (k == "label") {
          node->label.assign(v);
        } else if (k == "text") {
          node->text.assign(v);
        } else if (k == "wikidata") {
          node->wikidata.assign(v);
        } else if (k == "docs") {
          if (!flat_json::ParseUint32(v, is_string, &node->doc_count)) bad_number = true;
        }
      });
  if (!flat || bad_number) {
    json r = json::parse(value, nullptr, false);
    if (!r.is_object()) return Status::Corruption("terms: malformed record");
    *is_node = r.value("t", "") == "n";
    if (*is_node) *node = ToNode(id, r);
    return Status::OK();
  }
  *is_node = type == "n";
  if (node->key.rfind(kNodePrefix, 0) == 0) node->key.erase(0, kNodePrefix.size());
  return Status::OK();
}

Status TripleStore::Impl::DecodeProvenance(std::string_view value, Provenance* p) {
  bool bad = false;
  auto number = [&bad](std::string_view v, bool is_string) {
    uint32_t n = 0;
    if (!flat_json::ParseUint32(v, is_string, &n)) bad = true;
    return n;
  };
  const bool flat = flat_json::ParseFlatObject(
      value, [&](std::string_view k, std::string_view v, bool is_string) {
        if (k == "b") {
          p->begin = number(v, is_string);
        } else if (k == "e") {
          p->end = number(v, is_string);
        } else if (k == "rule") {
          p->rule.assign(v);
        } else if (k == "mod") {
          p->modality.assign(v);
        } else if (k == "date") {
          p->date.assign(v);
        } else if (k == "qty") {
          p->quantity.assign(v);
        } else if (k == "money") {
          p->money.assign(v);
        }
      });
  if (flat && !bad) return Status::OK();
  json v = json::parse(value, nullptr, false);
  if (!v.is_object()) return Status::Corruption("provenance: malformed value");
  p->begin = v.value("b", 0u);
  p->end = v.value("e", 0u);
  p->rule = v.value("rule", "");
  p->modality = v.value("mod", "");
  p->date = v.value("date", "");
  p->quantity = v.value("qty", "");
  p->money = v.value("money", "");
  return Status::OK();
}

Status TripleStore::Impl::GetSentences(const std::vector<MentionRef>& refs,
                                       std::vector<std::string>* texts) const {
  texts->assign(refs.size(), std::string());
  if (refs.empty()) return Status::OK();
  std::vector<std::string> key_bytes;
  key_bytes.reserve(refs.size());
  for (const MentionRef& r : refs) key_bytes.push_back(PairKey(r.doc, r.sentence));
  std::vector<rocksdb::Slice> key_slices(key_bytes.begin(), key_bytes.end());
  std::vector<rocksdb::PinnableSlice> values(refs.size());
  std::vector<rocksdb::Status> statuses(refs.size());
  db_->MultiGet(rocksdb::ReadOptions(), handles_[kSentences], refs.size(), key_slices.data(),
                values.data(), statuses.data());
  for (size_t i = 0; i < refs.size(); ++i) {
    if (statuses[i].IsNotFound()) {
      return Status::NotFound("sentence " + std::to_string(refs[i].sentence) + " of document " +
                              std::to_string(refs[i].doc));
    }
    if (!statuses[i].ok()) return FromRocks(statuses[i], "sentences");
    (*texts)[i].assign(values[i].data(), values[i].size());
  }
  return Status::OK();
}

Status TripleStore::Impl::ReadSentencesInOrder(
    const std::vector<MentionRef>& refs,
    const std::function<bool(size_t, std::string_view)>& fn) const {
  rocksdb::ReadOptions ro;
  ro.total_order_seek = true;
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(ro, handles_[kSentences]));
  std::string target;
  bool positioned = false;
  for (size_t i = 0; i < refs.size(); ++i) {
    target = PairKey(refs[i].doc, refs[i].sentence);
    if (i > 0 && (refs[i].doc < refs[i - 1].doc ||
                  (refs[i].doc == refs[i - 1].doc && refs[i].sentence < refs[i - 1].sentence))) {
      return Status::InvalidArgument("ReadSentencesInOrder: references out of order");
    }
    // Step forward when the next sentence is near (most are: the references
    // are dense); seek when it is far.
    int steps = 0;
    while (positioned && it->Valid() && it->key().compare(target) < 0 && steps < 32) {
      it->Next();
      ++steps;
    }
    if (!positioned || !it->Valid() || it->key().compare(target) < 0) {
      if (!it->status().ok()) break;
      it->Seek(target);
      positioned = true;
    }
    if (!it->Valid() || it->key().compare(target) != 0) {
      if (!it->status().ok()) break;
      return Status::NotFound("sentence " + std::to_string(refs[i].sentence) + " of document " +
                              std::to_string(refs[i].doc));
    }
    if (!fn(i, std::string_view(it->value().data(), it->value().size()))) return Status::OK();
  }
  return FromRocks(it->status(), "sentences");
}

Status TripleStore::Impl::ScanNodes(const std::function<bool(const NodeMentions&)>& fn) const {
  rocksdb::ReadOptions ro;
  ro.total_order_seek = true;  // the mentions family has a prefix extractor
  std::unique_ptr<rocksdb::Iterator> terms(
      db_->NewIterator(rocksdb::ReadOptions(), handles_[kTerms]));
  std::unique_ptr<rocksdb::Iterator> mentions(db_->NewIterator(ro, handles_[kMentions]));
  mentions->SeekToFirst();
  NodeMentions entry;
  std::vector<std::string> list;
  std::unordered_set<std::string> seen;
  for (terms->Seek("i"); terms->Valid() && StartsWith(terms->key(), "i"); terms->Next()) {
    if (terms->key().size() != 5) return Status::Corruption("terms: malformed id key");
    const TermId id = keys::GetFixed32(std::string_view(terms->key().data() + 1, 4));
    bool is_node = false;
    Status s = DecodeNode(id, std::string_view(terms->value().data(), terms->value().size()),
                          &entry.node, &is_node);
    if (!s.ok()) return s;
    if (!is_node) continue;
    entry.aliases.clear();
    entry.docs.clear();
    seen.clear();
    // Mentions are keyed node(4) doc(4), so they come in the terms' id order.
    for (; mentions->Valid(); mentions->Next()) {
      if (mentions->key().size() != 8) return Status::Corruption("mentions: malformed key");
      const TermId node = keys::GetFixed32(std::string_view(mentions->key().data(), 4));
      if (node > id) break;
      if (node < id) continue;  // a term that is no node; verify reports these
      entry.docs.push_back(keys::GetFixed32(std::string_view(mentions->key().data() + 4, 4)));
      list.clear();
      s = DecodeAliases(std::string_view(mentions->value().data(), mentions->value().size()),
                        &list);
      if (!s.ok()) return s.WithContext("aliases of node " + std::to_string(id) + ": ");
      for (std::string& a : list) {
        if (seen.insert(a).second) entry.aliases.push_back(std::move(a));
      }
    }
    if (!mentions->status().ok()) return FromRocks(mentions->status(), "mentions");
    if (!fn(entry)) return Status::OK();
  }
  return FromRocks(terms->status(), "terms");
}

Status TripleStore::Impl::ScanEdges(size_t max_detailed,
                                    const std::function<bool(const EdgeSupport&)>& fn) const {
  rocksdb::ReadOptions ro;
  ro.total_order_seek = true;
  std::unique_ptr<rocksdb::Iterator> spo(db_->NewIterator(ro, handles_[kSpo]));
  std::unique_ptr<rocksdb::Iterator> prov(db_->NewIterator(ro, handles_[kProvenance]));
  prov->SeekToFirst();
  EdgeSupport entry;
  std::unordered_map<TermId, std::string> doc_names;
  for (spo->SeekToFirst(); spo->Valid(); spo->Next()) {
    if (spo->key().size() != keys::kEdgeKeySize || spo->value().size() != 4) {
      return Status::Corruption("spo: malformed index entry");
    }
    const std::string_view edge_key(spo->key().data(), keys::kEdgeKeySize);
    entry.edge = keys::DecodeEdge(Permutation::kSpo, edge_key);
    entry.weight = keys::GetFixed32(std::string_view(spo->value().data(), 4));
    entry.mentions.clear();
    entry.detailed.clear();
    // Provenance keys begin with the spo key: the two families run in step.
    for (; prov->Valid(); prov->Next()) {
      if (prov->key().size() != keys::kProvenanceKeySize) {
        return Status::Corruption("provenance: malformed key");
      }
      const std::string_view k(prov->key().data(), prov->key().size());
      const int order = k.substr(0, keys::kEdgeKeySize).compare(edge_key);
      if (order > 0) break;
      if (order < 0) continue;  // provenance without an edge; verify reports it
      MentionRef ref;
      ref.doc = keys::GetFixed32(k.substr(keys::kEdgeKeySize));
      ref.sentence = keys::GetFixed32(k.substr(keys::kEdgeKeySize + 4));
      entry.mentions.push_back(ref);
      if (entry.detailed.size() >= max_detailed) continue;
      Provenance p;
      auto [name, fresh] = doc_names.emplace(ref.doc, "");
      if (fresh) {
        Status s = DocName(ref.doc, &name->second);
        if (!s.ok()) return s;
      }
      p.doc = name->second;
      p.sentence = ref.sentence;
      Status s = DecodeProvenance(std::string_view(prov->value().data(), prov->value().size()), &p);
      if (!s.ok()) return s;
      entry.detailed.push_back(std::move(p));
    }
    if (!prov->status().ok()) return FromRocks(prov->status(), "provenance");
    if (!fn(entry)) return Status::OK();
  }
  return FromRocks(spo->status(), "spo");
}

Status TripleStore::Impl::GetNodeMentions(TermId node, std::vector<std::string>* aliases,
                                          std::vector<std::string>* doc_ids) const {
  if (aliases != nullptr) aliases->clear();
  if (doc_ids != nullptr) doc_ids->clear();
  std::set<std::string> seen;
  std::vector<std::string> list;
  const std::string prefix = Fixed32(node);
  rocksdb::ReadOptions ro;
  ro.prefix_same_as_start = true;
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(ro, handles_[kMentions]));
  for (it->Seek(prefix); it->Valid() && StartsWith(it->key(), prefix); it->Next()) {
    if (doc_ids != nullptr) {
      std::string name;
      Status s = DocName(keys::GetFixed32(std::string_view(it->key().data() + 4, 4)), &name);
      if (!s.ok()) return s;
      doc_ids->push_back(std::move(name));
    }
    if (aliases == nullptr) continue;
    list.clear();
    Status s = DecodeAliases(std::string_view(it->value().data(), it->value().size()), &list);
    if (!s.ok()) return s.WithContext("aliases of node " + std::to_string(node) + ": ");
    for (std::string& a : list) {
      if (seen.insert(a).second) aliases->push_back(std::move(a));
    }
  }
  return FromRocks(it->status(), "mentions");
}

Status TripleStore::Impl::DocName(TermId doc, std::string* name) const {
  {
    std::lock_guard<std::mutex> lock(doc_cache_mu_);
    auto it = doc_name_.find(doc);
    if (it != doc_name_.end()) {
      *name = it->second;
      return Status::OK();
    }
  }
  json r;
  Status s = GetTermRecord(doc, &r);
  if (!s.ok()) return s;
  *name = r.value("key", "");
  std::lock_guard<std::mutex> lock(doc_cache_mu_);
  doc_name_[doc] = *name;
  doc_term_[*name] = doc;
  return Status::OK();
}

Status TripleStore::Impl::DocTerm(std::string_view name, TermId* doc) const {
  {
    std::lock_guard<std::mutex> lock(doc_cache_mu_);
    auto it = doc_term_.find(std::string(name));
    if (it != doc_term_.end()) {
      *doc = it->second;
      return Status::OK();
    }
  }
  Status s = FindTerm(std::string(kDocPrefix) + std::string(name), doc);
  if (!s.ok()) return s;
  std::lock_guard<std::mutex> lock(doc_cache_mu_);
  doc_term_[std::string(name)] = *doc;
  doc_name_[*doc] = std::string(name);
  return Status::OK();
}

Status TripleStore::Impl::Match(const EdgePattern& p,
                                const std::function<bool(const EdgeKey&, uint32_t)>& fn) const {
  Permutation perm = Permutation::kSpo;
  std::string prefix;
  if (p.subject) {
    if (p.object && !p.predicate) {
      perm = Permutation::kOsp;
      keys::PutFixed32(&prefix, *p.object);
      keys::PutFixed32(&prefix, *p.subject);
    } else {
      keys::PutFixed32(&prefix, *p.subject);
      if (p.predicate) {
        keys::PutFixed32(&prefix, *p.predicate);
        if (p.object) keys::PutFixed32(&prefix, *p.object);
      }
    }
  } else if (p.predicate) {
    perm = Permutation::kPos;
    keys::PutFixed32(&prefix, *p.predicate);
    if (p.object) keys::PutFixed32(&prefix, *p.object);
  } else if (p.object) {
    perm = Permutation::kOsp;
    keys::PutFixed32(&prefix, *p.object);
  }
  const Cf cf = perm == Permutation::kSpo ? kSpo : perm == Permutation::kPos ? kPos : kOsp;
  rocksdb::ReadOptions ro;
  if (prefix.empty()) {
    ro.total_order_seek = true;
  } else {
    ro.prefix_same_as_start = true;
  }
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(ro, handles_[cf]));
  for (it->Seek(prefix); it->Valid() && StartsWith(it->key(), prefix); it->Next()) {
    if (it->key().size() != keys::kEdgeKeySize || it->value().size() != 4) {
      return Status::Corruption(std::string(kCfNames[cf]) + ": malformed index entry");
    }
    const EdgeKey e = keys::DecodeEdge(perm, std::string_view(it->key().data(), it->key().size()));
    if (!fn(e, keys::GetFixed32(std::string_view(it->value().data(), 4)))) break;
  }
  return FromRocks(it->status(), kCfNames[cf]);
}

Status TripleStore::Impl::GetProvenance(const EdgeKey& edge, std::vector<Provenance>* out,
                                        size_t max_detailed, size_t max_entries) const {
  out->clear();
  const std::string prefix = keys::EncodeEdge(Permutation::kSpo, edge);
  rocksdb::ReadOptions ro;
  ro.prefix_same_as_start = true;
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(ro, handles_[kProvenance]));
  std::unordered_map<TermId, std::string> doc_names;
  for (it->Seek(prefix); it->Valid() && StartsWith(it->key(), prefix) && out->size() < max_entries;
       it->Next()) {
    if (it->key().size() != keys::kProvenanceKeySize) {
      return Status::Corruption("provenance: malformed key");
    }
    const std::string_view k(it->key().data(), it->key().size());
    const TermId doc = keys::GetFixed32(k.substr(keys::kEdgeKeySize));
    auto [name, fresh] = doc_names.emplace(doc, "");
    if (fresh) {
      Status s = DocName(doc, &name->second);
      if (!s.ok()) return s;
    }
    Provenance p;
    p.doc = name->second;
    p.sentence = keys::GetFixed32(k.substr(keys::kEdgeKeySize + 4));
    if (out->size() >= max_detailed) {
      out->push_back(std::move(p));
      continue;
    }
    Status s = DecodeProvenance(std::string_view(it->value().data(), it->value().size()), &p);
    if (!s.ok()) return s;
    out->push_back(std::move(p));
  }
  return FromRocks(it->status(), "provenance");
}

Status TripleStore::Impl::GetDocumentJson(std::string_view doc_id, json* doc) const {
  std::string value;
  Status s = Get(kDocs, rocksdb::Slice(doc_id.data(), doc_id.size()), &value);
  if (!s.ok()) return s.IsNotFound() ? Status::NotFound("document " + std::string(doc_id)) : s;
  *doc = json::parse(value, nullptr, false);
  if (doc->is_discarded()) return Status::Corruption("document record of " + std::string(doc_id));
  return Status::OK();
}

Status TripleStore::Impl::GetDocument(std::string_view doc_id, DocumentRecord* doc) const {
  std::string value;
  Status s = Get(kDocs, rocksdb::Slice(doc_id.data(), doc_id.size()), &value);
  if (!s.ok()) return s.IsNotFound() ? Status::NotFound("document " + std::string(doc_id)) : s;
  // The record also holds the document's whole contribution (node and
  // provenance lists); the fast reader skips it instead of building it.
  *doc = DocumentRecord();
  if (DecodeDocumentFast(value, doc)) return Status::OK();
  json r = json::parse(value, nullptr, false);
  if (!r.is_object()) return Status::Corruption("document record of " + std::string(doc_id));
  *doc = ToDocument(r);
  return Status::OK();
}

Status TripleStore::Impl::GetSentence(std::string_view doc_id, uint32_t sentence,
                                      std::string* text) const {
  TermId doc;
  Status s = DocTerm(doc_id, &doc);
  if (!s.ok()) return s;
  s = Get(kSentences, PairKey(doc, sentence), text);
  if (s.IsNotFound()) {
    return Status::NotFound("sentence " + std::to_string(sentence) + " of " + std::string(doc_id));
  }
  return s;
}

Status TripleStore::Impl::ForEachNode(const std::function<bool(const NodeRecord&)>& fn) const {
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(rocksdb::ReadOptions(), handles_[kTerms]));
  NodeRecord node;
  for (it->Seek("i"); it->Valid() && StartsWith(it->key(), "i"); it->Next()) {
    bool is_node = false;
    Status s =
        DecodeNode(keys::GetFixed32(std::string_view(it->key().data() + 1, 4)),
                   std::string_view(it->value().data(), it->value().size()), &node, &is_node);
    if (!s.ok()) return s;
    if (is_node && !fn(node)) break;
  }
  return FromRocks(it->status(), "terms");
}

Status TripleStore::Impl::ForEachDocument(
    const std::function<bool(const DocumentRecord&)>& fn) const {
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(rocksdb::ReadOptions(), handles_[kDocs]));
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    DocumentRecord d;
    if (!DecodeDocumentFast(std::string_view(it->value().data(), it->value().size()), &d)) {
      json r = json::parse(it->value().ToString(), nullptr, false);
      if (!r.is_object()) return Status::Corruption("docs: malformed record");
      d = ToDocument(r);
    }
    if (!fn(d)) break;
  }
  return FromRocks(it->status(), "docs");
}

Status TripleStore::Impl::GetStats(StoreStats* stats) const {
  *stats = StoreStats();
  Status s = ForEachDocument([&](const DocumentRecord& d) {
    stats->documents++;
    stats->sentences += d.sentence_count;
    return true;
  });
  if (!s.ok()) return s;
  s = ForEachNode([&](const NodeRecord& n) {
    stats->nodes_by_kind[n.kind]++;
    return true;
  });
  if (!s.ok()) return s;
  std::unordered_map<TermId, std::string> names;
  s = Match(EdgePattern{}, [&](const EdgeKey& e, uint32_t) {
    auto [it, fresh] = names.emplace(e.predicate, "");
    if (fresh) {
      json r;
      if (GetTermRecord(e.predicate, &r).ok()) it->second = r.value("key", "?");
    }
    stats->edges_by_relation[it->second]++;
    stats->edges++;
    return true;
  });
  return s;
}

Status TripleStore::Impl::Verify(std::vector<std::string>* problems, VerifyCounts* counts,
                                 size_t max_problems) const {
  *counts = VerifyCounts();
  auto report = [&](std::string line) {
    if (problems->size() < max_problems) problems->push_back(std::move(line));
  };
  auto edge_name = [](const EdgeKey& e) {
    return std::to_string(e.subject) + " -" + std::to_string(e.predicate) + "-> " +
           std::to_string(e.object) + (e.negated ? " (negated)" : "");
  };
  auto term_exists = [&](TermId id) {
    std::string v;
    return Get(kTerms, TermIdKey(id), &v).ok();
  };
  rocksdb::ReadOptions ro;
  ro.total_order_seek = true;
  // Edge indexes: each entry has its twins with the same weight, and its
  // weight is its number of provenance entries.
  const std::pair<Cf, Permutation> perms[] = {
      {kSpo, Permutation::kSpo}, {kPos, Permutation::kPos}, {kOsp, Permutation::kOsp}};
  for (const auto& [cf, perm] : perms) {
    std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(ro, handles_[cf]));
    for (it->SeekToFirst(); it->Valid(); it->Next()) {
      if (it->key().size() != keys::kEdgeKeySize || it->value().size() != 4) {
        report(std::string(kCfNames[cf]) + ": malformed entry");
        continue;
      }
      const EdgeKey e =
          keys::DecodeEdge(perm, std::string_view(it->key().data(), it->key().size()));
      const std::string weight = it->value().ToString();
      for (const auto& [twin_cf, twin_perm] : perms) {
        if (twin_cf == cf) continue;
        std::string v;
        Status s = Get(twin_cf, keys::EncodeEdge(twin_perm, e), &v);
        if (!s.ok()) {
          report(std::string(kCfNames[cf]) + " entry " + edge_name(e) + " has no " +
                 kCfNames[twin_cf] + " twin");
        } else if (v != weight) {
          report(std::string(kCfNames[cf]) + " entry " + edge_name(e) + " and its " +
                 kCfNames[twin_cf] + " twin disagree on the weight");
        }
      }
      if (cf != kSpo) continue;
      ++counts->edges;
      for (TermId t : {e.subject, e.predicate, e.object}) {
        if (!term_exists(t))
          report("edge " + edge_name(e) + " names missing term " + std::to_string(t));
      }
      uint32_t n = 0;
      const std::string prefix = keys::EncodeEdge(Permutation::kSpo, e);
      rocksdb::ReadOptions pro;
      pro.prefix_same_as_start = true;
      std::unique_ptr<rocksdb::Iterator> p(db_->NewIterator(pro, handles_[kProvenance]));
      for (p->Seek(prefix); p->Valid() && StartsWith(p->key(), prefix); p->Next()) ++n;
      if (n != keys::GetFixed32(weight)) {
        report("edge " + edge_name(e) + " has weight " + std::to_string(keys::GetFixed32(weight)) +
               " but " + std::to_string(n) + " provenance entries");
      }
    }
    if (!it->status().ok()) return FromRocks(it->status(), kCfNames[cf]);
  }
  // Provenance names an edge and a document that exist.
  {
    std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(ro, handles_[kProvenance]));
    for (it->SeekToFirst(); it->Valid(); it->Next()) {
      ++counts->provenance;
      if (it->key().size() != keys::kProvenanceKeySize) {
        report("provenance: malformed key");
        continue;
      }
      const std::string_view k(it->key().data(), it->key().size());
      std::string v;
      if (!Get(kSpo, k.substr(0, keys::kEdgeKeySize), &v).ok()) {
        report("provenance of edge " + edge_name(keys::DecodeEdge(Permutation::kSpo, k)) +
               " outlives its edge");
      }
      if (!term_exists(keys::GetFixed32(k.substr(keys::kEdgeKeySize)))) {
        report("provenance names a missing document term");
      }
    }
    if (!it->status().ok()) return FromRocks(it->status(), "provenance");
  }
  // Nodes: their document count is their number of mention entries.
  std::unordered_map<TermId, uint32_t> mentions;
  {
    std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(ro, handles_[kMentions]));
    for (it->SeekToFirst(); it->Valid(); it->Next()) {
      if (it->key().size() != 8) {
        report("mentions: malformed key");
        continue;
      }
      const TermId node = keys::GetFixed32(std::string_view(it->key().data(), 4));
      ++mentions[node];
      if (!term_exists(keys::GetFixed32(std::string_view(it->key().data() + 4, 4)))) {
        report("mentions of node " + std::to_string(node) + " name a missing document");
      }
    }
    if (!it->status().ok()) return FromRocks(it->status(), "mentions");
  }
  Status inner;
  Status s = ForEachNode([&](const NodeRecord& n) {
    ++counts->nodes;
    const uint32_t seen = mentions.count(n.id) ? mentions[n.id] : 0;
    if (n.doc_count == 0 || seen != n.doc_count) {
      report("node " + std::to_string(n.id) + " (" + n.key + ") counts " +
             std::to_string(n.doc_count) + " documents but has " + std::to_string(seen) +
             " mention entries");
    }
    mentions.erase(n.id);
    return true;
  });
  if (!s.ok()) return s;
  for (const auto& [node, n] : mentions) {
    report("mentions of missing node " + std::to_string(node));
  }
  // Aliases name live nodes.
  {
    std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(ro, handles_[kAliases]));
    for (it->SeekToFirst(); it->Valid(); it->Next()) {
      ++counts->aliases;
      const rocksdb::Slice k = it->key();
      if (k.size() < 5 || k[k.size() - 5] != '\0') {
        report("aliases: malformed key");
        continue;
      }
      if (!term_exists(keys::GetFixed32(std::string_view(k.data() + k.size() - 4, 4)))) {
        report("alias \"" + std::string(k.data(), k.size() - 5) + "\" names a missing node");
      }
    }
    if (!it->status().ok()) return FromRocks(it->status(), "aliases");
  }
  // Documents: their term exists.
  {
    std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(ro, handles_[kDocs]));
    for (it->SeekToFirst(); it->Valid(); it->Next()) {
      ++counts->documents;
      json d = json::parse(it->value().ToString(), nullptr, false);
      if (!d.is_object() || !d.contains("term")) {
        report("document " + it->key().ToString() + ": malformed record");
        continue;
      }
      if (!term_exists(d["term"].get<TermId>())) {
        report("document " + it->key().ToString() + " has no term");
      }
    }
    if (!it->status().ok()) return FromRocks(it->status(), "docs");
  }
  return inner;
}

Status TripleStore::Impl::Compact() {
  if (read_only_) return Status::InvalidArgument("store is open read-only");
  for (rocksdb::ColumnFamilyHandle* h : handles_) {
    rocksdb::CompactRangeOptions options;
    rocksdb::Status s = db_->CompactRange(options, h, nullptr, nullptr);
    if (!s.ok()) return FromRocks(s, "compacting " + h->GetName());
  }
  return Status::OK();
}

Status TripleStore::Impl::Commit(rocksdb::WriteBatch* batch) {
  if (!bulk_) return FromRocks(db_->Write(write_options_, batch), "write");
  // Replays the batch into the overlay.
  struct Replay : rocksdb::WriteBatch::Handler {
    Impl* impl;
    Status status;
    size_t CfIndex(uint32_t id) {
      for (size_t i = 0; i < kCfCount; ++i) {
        if (impl->handles_[i]->GetID() == id) return i;
      }
      status = Status::Corruption("bulk load: unknown column family");
      return 0;
    }
    rocksdb::Status PutCF(uint32_t id, const rocksdb::Slice& key,
                          const rocksdb::Slice& value) override {
      auto& slot = impl->bulk_->cf[CfIndex(id)][key.ToString()];
      impl->bulk_->bytes += key.size() + value.size();
      slot = value.ToString();
      return rocksdb::Status::OK();
    }
    rocksdb::Status DeleteCF(uint32_t id, const rocksdb::Slice& key) override {
      impl->bulk_->cf[CfIndex(id)][key.ToString()] = std::nullopt;
      impl->bulk_->bytes += key.size();
      return rocksdb::Status::OK();
    }
  } replay;
  replay.impl = this;
  rocksdb::Status rs = batch->Iterate(&replay);
  if (!rs.ok()) return FromRocks(rs, "bulk load");
  if (!replay.status.ok()) return replay.status;
  constexpr size_t kFlushBytes = size_t{512} << 20;
  return bulk_->bytes >= kFlushBytes ? FlushBulk() : Status::OK();
}

Status TripleStore::Impl::BeginBulk(const std::string& scratch_dir) {
  if (read_only_) return Status::InvalidArgument("store is open read-only");
  std::error_code ec;
  std::filesystem::create_directories(scratch_dir, ec);
  if (ec) return Status::IOError(scratch_dir + ": " + ec.message());
  bulk_ = std::make_unique<Overlay>();
  bulk_dir_ = scratch_dir;
  return Status::OK();
}

Status TripleStore::Impl::FlushBulk() {
  std::vector<rocksdb::IngestExternalFileArg> args;
  for (size_t cf = 0; cf < kCfCount; ++cf) {
    if (bulk_->cf[cf].empty()) continue;
    rocksdb::Options options(db_->GetDBOptions(), db_->GetOptions(handles_[cf]));
    rocksdb::SstFileWriter writer(rocksdb::EnvOptions(), options, handles_[cf]);
    const std::string file =
        bulk_dir_ + "/" + kCfNames[cf] + "-" + std::to_string(bulk_files_++) + ".sst";
    rocksdb::Status rs = writer.Open(file);
    for (auto it = bulk_->cf[cf].begin(); rs.ok() && it != bulk_->cf[cf].end(); ++it) {
      rs = it->second ? writer.Put(it->first, *it->second) : writer.Delete(it->first);
    }
    if (rs.ok()) rs = writer.Finish();
    if (!rs.ok()) return FromRocks(rs, "bulk load: " + file);
    rocksdb::IngestExternalFileArg arg;
    arg.column_family = handles_[cf];
    arg.external_files = {file};
    arg.options.move_files = true;
    args.push_back(std::move(arg));
  }
  // All column families at once: a crash leaves every article of this flush
  // wholly in or wholly out.
  if (!args.empty()) {
    rocksdb::Status rs = db_->IngestExternalFiles(args);
    if (!rs.ok()) return FromRocks(rs, "bulk load: ingesting SST files");
  }
  for (auto& m : bulk_->cf) m.clear();
  bulk_->bytes = 0;
  return Status::OK();
}

Status TripleStore::Impl::FinishBulk() {
  if (!bulk_) return Status::OK();
  std::lock_guard<std::mutex> lock(write_mu_);
  Status s = FlushBulk();
  bulk_.reset();
  std::error_code ec;
  std::filesystem::remove_all(bulk_dir_, ec);
  return s;
}

// ---- TripleStore: thin forwarding ------------------------------------------

TripleStore::TripleStore(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
TripleStore::~TripleStore() = default;

Status TripleStore::Open(const std::string& path, const Options& options,
                         std::unique_ptr<TripleStore>* store) {
  auto impl = std::make_unique<Impl>();
  Status s = impl->Open(path, options);
  if (!s.ok()) return s;
  store->reset(new TripleStore(std::move(impl)));
  return Status::OK();
}

Status TripleStore::PutArticle(const Article& article, PutOutcome* outcome) {
  return impl_->PutArticle(article, outcome);
}

Status TripleStore::RemoveArticle(std::string_view doc_id, bool* existed) {
  return impl_->RemoveArticle(doc_id, existed);
}

Status TripleStore::FindByName(std::string_view name, std::vector<TermId>* ids) const {
  return impl_->FindByName(name, ids);
}

Status TripleStore::ForEachName(
    const std::function<bool(std::string_view folded, TermId node)>& fn) const {
  return impl_->ForEachName(fn);
}

Status TripleStore::ForEachPredicate(
    const std::function<bool(std::string_view name, TermId id)>& fn) const {
  return impl_->ForEachPredicate(fn);
}

Status TripleStore::FindNode(std::string_view key, TermId* id) const {
  return impl_->FindTerm(std::string(kNodePrefix) + std::string(key), id);
}

Status TripleStore::FindPredicate(std::string_view predicate, TermId* id) const {
  return impl_->FindTerm(std::string(kPredicatePrefix) + std::string(predicate), id);
}

Status TripleStore::GetNode(TermId id, NodeRecord* node) const { return impl_->GetNode(id, node); }

Status TripleStore::GetPredicateName(TermId id, std::string* name) const {
  nlohmann::json r;
  Status s = impl_->GetTermRecord(id, &r);
  if (!s.ok()) return s;
  if (r.value("t", "") != "p")
    return Status::NotFound("term " + std::to_string(id) + " is no predicate");
  *name = r.value("key", "");
  return Status::OK();
}

Status TripleStore::GetAliases(TermId node, std::vector<std::string>* aliases) const {
  return impl_->GetNodeMentions(node, aliases, nullptr);
}

Status TripleStore::GetNodeDocuments(TermId node, std::vector<std::string>* doc_ids) const {
  return impl_->GetNodeMentions(node, nullptr, doc_ids);
}

Status TripleStore::GetNodeMentions(TermId node, std::vector<std::string>* aliases,
                                    std::vector<std::string>* doc_ids) const {
  return impl_->GetNodeMentions(node, aliases, doc_ids);
}

Status TripleStore::Match(const EdgePattern& pattern,
                          const std::function<bool(const EdgeKey&, uint32_t)>& fn) const {
  return impl_->Match(pattern, fn);
}

Status TripleStore::GetProvenance(const EdgeKey& edge, std::vector<Provenance>* out,
                                  size_t max_detailed, size_t max_entries) const {
  return impl_->GetProvenance(edge, out, max_detailed, max_entries);
}

Status TripleStore::GetSentence(std::string_view doc_id, uint32_t sentence,
                                std::string* text) const {
  return impl_->GetSentence(doc_id, sentence, text);
}

Status TripleStore::GetDocument(std::string_view doc_id, DocumentRecord* doc) const {
  return impl_->GetDocument(doc_id, doc);
}

Status TripleStore::ForEachNode(const std::function<bool(const NodeRecord&)>& fn) const {
  return impl_->ForEachNode(fn);
}

Status TripleStore::ForEachDocument(const std::function<bool(const DocumentRecord&)>& fn) const {
  return impl_->ForEachDocument(fn);
}

Status TripleStore::GetStats(StoreStats* stats) const { return impl_->GetStats(stats); }

Status TripleStore::GetSentences(const std::vector<MentionRef>& refs,
                                 std::vector<std::string>* texts) const {
  return impl_->GetSentences(refs, texts);
}

Status TripleStore::ReadSentencesInOrder(
    const std::vector<MentionRef>& refs,
    const std::function<bool(size_t, std::string_view)>& fn) const {
  return impl_->ReadSentencesInOrder(refs, fn);
}

Status TripleStore::ScanNodes(const std::function<bool(const NodeMentions&)>& fn) const {
  return impl_->ScanNodes(fn);
}

Status TripleStore::ScanEdges(size_t max_detailed,
                              const std::function<bool(const EdgeSupport&)>& fn) const {
  return impl_->ScanEdges(max_detailed, fn);
}

Status TripleStore::Verify(std::vector<std::string>* problems, VerifyCounts* counts,
                           size_t max_problems) const {
  return impl_->Verify(problems, counts, max_problems);
}

Status TripleStore::Compact() { return impl_->Compact(); }

Status TripleStore::BeginBulk(const std::string& scratch_dir) {
  return impl_->BeginBulk(scratch_dir);
}

Status TripleStore::FinishBulk() { return impl_->FinishBulk(); }

}  // namespace isnad
