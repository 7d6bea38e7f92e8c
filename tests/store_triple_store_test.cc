// Tests for store/key_codec.h and store/triple_store.h.
#include "store/triple_store.h"
#include "tests/test_util.h"

#include <gtest/gtest.h>
#include <rocksdb/db.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "store/key_codec.h"

namespace isnad {
namespace {

using testing::Edge;
using testing::Node;

namespace fs = std::filesystem;
using Outcome = TripleStore::PutOutcome;

// ---- key_codec ---------------------------------------------------------------

bool BytewiseLess(const std::string& a, const std::string& b) {
  return std::lexicographical_compare(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
    return static_cast<unsigned char>(x) < static_cast<unsigned char>(y);
  });
}

TEST(KeyCodec, Fixed32IsBigEndian) {
  std::string s;
  keys::PutFixed32(&s, 0x01020304u);
  ASSERT_EQ(s.size(), 4u);
  EXPECT_EQ(s, std::string("\x01\x02\x03\x04", 4));
  EXPECT_EQ(keys::GetFixed32(s), 0x01020304u);
  for (uint32_t v : {0u, 1u, 255u, 256u, 65535u, 0x80000000u, 0xFFFFFFFFu}) {
    std::string t;
    keys::PutFixed32(&t, v);
    EXPECT_EQ(keys::GetFixed32(t), v);
  }
}

TEST(KeyCodec, EdgeRoundTripsInEveryPermutation) {
  for (bool negated : {false, true}) {
    const EdgeKey edge{0x0A0B0C0Du, 7u, 0xFFFFFFFEu, negated};
    for (auto perm : {keys::Permutation::kSpo, keys::Permutation::kPos, keys::Permutation::kOsp}) {
      const std::string key = keys::EncodeEdge(perm, edge);
      ASSERT_EQ(key.size(), keys::kEdgeKeySize);
      EXPECT_EQ(key[12], negated ? 1 : 0);
      const EdgeKey back = keys::DecodeEdge(perm, key);
      EXPECT_EQ(back.subject, edge.subject);
      EXPECT_EQ(back.predicate, edge.predicate);
      EXPECT_EQ(back.object, edge.object);
      EXPECT_EQ(back.negated, edge.negated);
      EXPECT_TRUE(back == edge);
    }
  }
}

TEST(KeyCodec, PermutationsLeadWithTheirFirstTerm) {
  const EdgeKey edge{1, 2, 3, false};
  EXPECT_EQ(keys::GetFixed32(keys::EncodeEdge(keys::Permutation::kSpo, edge)), 1u);
  EXPECT_EQ(keys::GetFixed32(keys::EncodeEdge(keys::Permutation::kPos, edge)), 2u);
  EXPECT_EQ(keys::GetFixed32(keys::EncodeEdge(keys::Permutation::kOsp, edge)), 3u);
  const std::string pos = keys::EncodeEdge(keys::Permutation::kPos, edge);
  EXPECT_EQ(keys::GetFixed32(std::string_view(pos).substr(4)), 3u);  // then O
  EXPECT_EQ(keys::GetFixed32(std::string_view(pos).substr(8)), 1u);  // then S
  const std::string osp = keys::EncodeEdge(keys::Permutation::kOsp, edge);
  EXPECT_EQ(keys::GetFixed32(std::string_view(osp).substr(4)), 1u);  // then S
  EXPECT_EQ(keys::GetFixed32(std::string_view(osp).substr(8)), 2u);  // then P
}

TEST(KeyCodec, BigEndianKeysSortNumerically) {
  const std::vector<std::pair<uint32_t, uint32_t>> pairs = {
      {1, 2}, {255, 256}, {65535, 65536}, {0x00FFFFFF, 0x01000000}, {0x7FFFFFFF, 0x80000000}};
  for (auto perm : {keys::Permutation::kSpo, keys::Permutation::kPos, keys::Permutation::kOsp}) {
    for (const auto& [lo, hi] : pairs) {
      // Vary the leading term of the permutation.
      EdgeKey a{lo, lo, lo, false}, b{hi, hi, hi, false};
      EXPECT_TRUE(BytewiseLess(keys::EncodeEdge(perm, a), keys::EncodeEdge(perm, b)))
          << lo << " vs " << hi;
      EXPECT_FALSE(BytewiseLess(keys::EncodeEdge(perm, b), keys::EncodeEdge(perm, a)));
    }
  }
  // The second term breaks ties: 255 < 256 when the subject is equal.
  EXPECT_TRUE(BytewiseLess(keys::EncodeEdge(keys::Permutation::kSpo, {9, 255, 0, false}),
                           keys::EncodeEdge(keys::Permutation::kSpo, {9, 256, 0, false})));
  // Same triple: the positive edge sorts before the negated one.
  EXPECT_TRUE(BytewiseLess(keys::EncodeEdge(keys::Permutation::kSpo, {9, 9, 9, false}),
                           keys::EncodeEdge(keys::Permutation::kSpo, {9, 9, 9, true})));
  EXPECT_TRUE(EdgeKey({255, 0, 0, false}) < EdgeKey({256, 0, 0, false}));
}

TEST(KeyCodec, ProvenanceKeyExtendsTheSpoKey) {
  const EdgeKey edge{300, 4, 5, true};
  const std::string key = keys::EncodeProvenance(edge, 258, 17, 0x0102);
  ASSERT_EQ(key.size(), keys::kProvenanceKeySize);
  EXPECT_EQ(key.substr(0, keys::kEdgeKeySize), keys::EncodeEdge(keys::Permutation::kSpo, edge));
  EXPECT_EQ(keys::GetFixed32(std::string_view(key).substr(13)), 258u);
  EXPECT_EQ(keys::GetFixed32(std::string_view(key).substr(17)), 17u);
  EXPECT_EQ(key.substr(21), std::string("\x01\x02", 2));
}

// ---- Test data -------------------------------------------------------------------

// doc1: English. nvidia makes h200; the US does not restrict it (negated);
// Nvidia said something (a statement node).
Article Doc1() {
  Article a;
  a.id = "doc1";
  a.title = "Nvidia and the H200";
  a.date = "2024-05-01";
  a.url = "https://example.com/doc1";
  a.lang = "en";
  a.content_hash = "hash-doc1-v1";
  a.sentences = {"Nvidia makes the H200.", "The United States does not restrict the H200.",
                 "Nvidia said: \"we comply with every rule\"."};
  a.nodes = {Node("nvidia", "company", "Nvidia", {"Nvidia", "NVIDIA Corp"}),
             Node("h200", "product", "H200", {"H200"}),
             Node("united_states", "government", "United States", {"US", "الولايات المتحدة"}),
             Node("s:doc1:2", "statement", "Nvidia: we comply", {}, "we comply with every rule")};
  a.edges = {Edge("nvidia", "makes", "h200", 0),
             Edge("united_states", "restricts", "h200", 1, /*negated=*/true, "negation"),
             Edge("nvidia", "said", "s:doc1:2", 2, false, "quote")};
  a.edges[1].modality = "reported";
  return a;
}

// doc2: Arabic. nvidia (other aliases) makes h200 and sells it to china; the US
// restricts the H200 (positive) and restricts China.
Article Doc2() {
  Article a;
  a.id = "doc2";
  a.title = "إنفيديا والصين";
  a.lang = "ar";
  a.content_hash = "hash-doc2-v1";
  a.sentences = {"إنفيديا تصنع H200 وتبيعها للصين.", "الولايات المتحدة تقيد H200 والصين."};
  a.nodes = {Node("nvidia", "company", "إنفيديا", {"إنفيديا", "نفيديا"}),
             Node("h200", "product", "H200", {"H200"}),
             Node("china", "country", "الصين", {"الصين", "China"}),
             Node("united_states", "government", "الولايات المتحدة", {"الولايات المتحدة"})};
  a.edges = {Edge("nvidia", "makes", "h200", 0), Edge("nvidia", "sells_to", "china", 0),
             Edge("united_states", "restricts", "h200", 1),
             Edge("united_states", "restricts", "china", 1)};
  return a;
}

class TripleStoreTest : public ::testing::Test {
 protected:
  void SetUp() override { path_ = (dir_.path() / "store").string(); }

  void TearDown() override {
    store_.reset();  // before dir_ goes
  }

  static TripleStore::Options Create() {
    TripleStore::Options o;
    o.create_if_missing = true;
    return o;
  }

  // Opens (creating) the store at path_ into store_.
  void OpenStore() {
    Status s = TripleStore::Open(path_, Create(), &store_);
    ASSERT_TRUE(s.ok()) << s.ToString();
    ASSERT_NE(store_, nullptr);
  }

  Outcome Put(const Article& a) {
    Outcome outcome = Outcome::kUnchanged;
    Status s = store_->PutArticle(a, &outcome);
    EXPECT_TRUE(s.ok()) << s.ToString();
    return outcome;
  }

  TermId Id(const std::string& key) {
    TermId id = 0;
    Status s = store_->FindNode(key, &id);
    EXPECT_TRUE(s.ok()) << key << ": " << s.ToString();
    return id;
  }

  TermId Pred(const std::string& name) {
    TermId id = 0;
    Status s = store_->FindPredicate(name, &id);
    EXPECT_TRUE(s.ok()) << name << ": " << s.ToString();
    return id;
  }

  std::string KeyOf(TermId id) {
    NodeRecord n;
    Status s = store_->GetNode(id, &n);
    return s.ok() ? n.key : "?" + std::to_string(id);
  }

  // "subject -predicate-> object [neg] w<weight>", readable in failures.
  std::string Describe(const EdgeKey& e, uint32_t weight) {
    std::string pred;
    if (!store_->GetPredicateName(e.predicate, &pred).ok()) pred = "?";
    return KeyOf(e.subject) + " -" + pred + "-> " + KeyOf(e.object) + (e.negated ? " [neg]" : "") +
           " w" + std::to_string(weight);
  }

  std::set<std::string> MatchAll(const EdgePattern& p) {
    std::vector<std::pair<EdgeKey, uint32_t>> found;
    Status s = store_->Match(p, [&](const EdgeKey& e, uint32_t w) {
      found.emplace_back(e, w);
      return true;
    });
    EXPECT_TRUE(s.ok()) << s.ToString();
    std::set<std::string> out;
    for (const auto& [e, w] : found) {
      EXPECT_TRUE(out.insert(Describe(e, w)).second);
    }
    return out;
  }

  std::set<std::string> NodeKeys() {
    std::set<std::string> keys;
    Status s = store_->ForEachNode([&](const NodeRecord& n) {
      EXPECT_TRUE(keys.insert(n.key).second) << "node listed twice: " << n.key;
      return true;
    });
    EXPECT_TRUE(s.ok()) << s.ToString();
    return keys;
  }

  std::vector<TermId> ByName(std::string_view name) {
    std::vector<TermId> ids;
    Status s = store_->FindByName(name, &ids);
    EXPECT_TRUE(s.ok()) << s.ToString();
    std::sort(ids.begin(), ids.end());
    return ids;
  }

  StoreStats Stats() {
    StoreStats st;
    Status s = store_->GetStats(&st);
    EXPECT_TRUE(s.ok()) << s.ToString();
    return st;
  }

  testing::ScopedTempDir dir_;
  std::string path_;
  std::unique_ptr<TripleStore> store_;
};

void ExpectSameStats(const StoreStats& a, const StoreStats& b) {
  EXPECT_EQ(a.documents, b.documents);
  EXPECT_EQ(a.sentences, b.sentences);
  EXPECT_EQ(a.edges, b.edges);
  EXPECT_EQ(a.nodes_by_kind, b.nodes_by_kind);
  EXPECT_EQ(a.edges_by_relation, b.edges_by_relation);
}

std::set<std::string> AsSet(const std::vector<std::string>& v) { return {v.begin(), v.end()}; }

// ---- Open ----------------------------------------------------------------------------

TEST_F(TripleStoreTest, OpenMissingWithoutCreateIsNotFound) {
  Status s = TripleStore::Open(path_, TripleStore::Options(), &store_);
  EXPECT_TRUE(s.IsNotFound()) << s.ToString();
  EXPECT_EQ(store_, nullptr);
  EXPECT_FALSE(fs::exists(path_)) << "a failed open must not create the store";

  TripleStore::Options ro;
  ro.read_only = true;
  ro.create_if_missing = true;  // read-only never creates
  s = TripleStore::Open(path_, ro, &store_);
  EXPECT_TRUE(s.IsNotFound()) << s.ToString();
  EXPECT_EQ(store_, nullptr);
}

TEST_F(TripleStoreTest, OpenCreatesAndReopens) {
  OpenStore();
  EXPECT_EQ(Put(Doc1()), Outcome::kAdded);
  store_.reset();
  // Reopen without create_if_missing: the data persisted.
  Status s = TripleStore::Open(path_, TripleStore::Options(), &store_);
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_EQ(Stats().documents, 1u);
  EXPECT_NE(Id("nvidia"), 0u);
  std::string text;
  ASSERT_TRUE(store_->GetSentence("doc1", 0, &text).ok());
  EXPECT_EQ(text, "Nvidia makes the H200.");
}

TEST_F(TripleStoreTest, OpenOnRegularFileIsInvalidArgument) {
  {
    std::ofstream f(path_);
    f << "not a store\n";
  }
  Status s = TripleStore::Open(path_, Create(), &store_);
  EXPECT_TRUE(s.IsInvalidArgument()) << s.ToString();
  EXPECT_EQ(store_, nullptr);
  EXPECT_TRUE(fs::is_regular_file(path_));  // left alone
  s = TripleStore::Open(path_, TripleStore::Options(), &store_);
  EXPECT_TRUE(s.IsInvalidArgument()) << s.ToString();
}

TEST_F(TripleStoreTest, SecondWriterIsBusy) {
  OpenStore();
  std::unique_ptr<TripleStore> second;
  Status s = TripleStore::Open(path_, Create(), &second);
  EXPECT_TRUE(s.IsBusy()) << s.ToString();
  EXPECT_EQ(second, nullptr);
  s = TripleStore::Open(path_, TripleStore::Options(), &second);
  EXPECT_TRUE(s.IsBusy()) << s.ToString();

  // Once the first writer is gone the store opens again.
  store_.reset();
  s = TripleStore::Open(path_, TripleStore::Options(), &second);
  EXPECT_TRUE(s.ok()) << s.ToString();
}

TEST_F(TripleStoreTest, ReadOnlyOpenWorksWhileWriterIsOpen) {
  OpenStore();
  EXPECT_EQ(Put(Doc1()), Outcome::kAdded);

  TripleStore::Options ro;
  ro.read_only = true;
  std::unique_ptr<TripleStore> reader;
  Status s = TripleStore::Open(path_, ro, &reader);
  ASSERT_TRUE(s.ok()) << s.ToString();
  ASSERT_NE(reader, nullptr);
  TermId id = 0;
  ASSERT_TRUE(reader->FindNode("nvidia", &id).ok());
  EXPECT_EQ(id, Id("nvidia"));
  DocumentRecord doc;
  ASSERT_TRUE(reader->GetDocument("doc1", &doc).ok());
  EXPECT_EQ(doc.content_hash, "hash-doc1-v1");

  // A read-only store refuses writes and the writer is unaffected.
  Outcome outcome;
  EXPECT_FALSE(reader->PutArticle(Doc2(), &outcome).ok());
  bool existed = true;
  EXPECT_FALSE(reader->RemoveArticle("doc1", &existed).ok());
  EXPECT_EQ(Put(Doc2()), Outcome::kAdded);
  EXPECT_EQ(Stats().documents, 2u);
}

// Writes meta/format_version with RocksDB directly: the public API cannot.
void SetFormatVersion(const std::string& path, const std::string& version) {
  std::vector<std::string> names;
  rocksdb::Status s = rocksdb::DB::ListColumnFamilies(rocksdb::DBOptions(), path, &names);
  ASSERT_TRUE(s.ok()) << s.ToString();
  ASSERT_NE(std::find(names.begin(), names.end(), "meta"), names.end());
  std::vector<rocksdb::ColumnFamilyDescriptor> cfs;
  for (const std::string& n : names) cfs.emplace_back(n, rocksdb::ColumnFamilyOptions());
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* db = nullptr;
  s = rocksdb::DB::Open(rocksdb::DBOptions(), path, cfs, &handles, &db);
  ASSERT_TRUE(s.ok()) << s.ToString();
  const size_t meta = std::find(names.begin(), names.end(), "meta") - names.begin();
  s = db->Put(rocksdb::WriteOptions(), handles[meta], "format_version", version);
  EXPECT_TRUE(s.ok()) << s.ToString();
  for (auto* h : handles) db->DestroyColumnFamilyHandle(h);
  delete db;
}

// Deletes the first key of column family `cf` with RocksDB directly, to break
// an invariant on purpose.
void DeleteFirstKey(const std::string& path, const std::string& cf) {
  std::vector<std::string> names;
  rocksdb::Status s = rocksdb::DB::ListColumnFamilies(rocksdb::DBOptions(), path, &names);
  ASSERT_TRUE(s.ok()) << s.ToString();
  std::vector<rocksdb::ColumnFamilyDescriptor> cfs;
  for (const std::string& n : names) cfs.emplace_back(n, rocksdb::ColumnFamilyOptions());
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* db = nullptr;
  s = rocksdb::DB::Open(rocksdb::DBOptions(), path, cfs, &handles, &db);
  ASSERT_TRUE(s.ok()) << s.ToString();
  const size_t index = std::find(names.begin(), names.end(), cf) - names.begin();
  ASSERT_LT(index, names.size());
  std::unique_ptr<rocksdb::Iterator> it(db->NewIterator(rocksdb::ReadOptions(), handles[index]));
  it->SeekToFirst();
  ASSERT_TRUE(it->Valid());
  EXPECT_TRUE(db->Delete(rocksdb::WriteOptions(), handles[index], it->key()).ok());
  it.reset();
  for (auto* h : handles) db->DestroyColumnFamilyHandle(h);
  delete db;
}

TEST_F(TripleStoreTest, VerifyPassesOnAHealthyStore) {
  OpenStore();
  EXPECT_EQ(Put(Doc1()), Outcome::kAdded);
  EXPECT_EQ(Put(Doc2()), Outcome::kAdded);
  bool existed = false;
  ASSERT_TRUE(store_->RemoveArticle("doc1", &existed).ok());
  std::vector<std::string> problems;
  TripleStore::VerifyCounts counts;
  ASSERT_TRUE(store_->Verify(&problems, &counts).ok());
  EXPECT_TRUE(problems.empty()) << problems.front();
  EXPECT_EQ(counts.documents, 1u);
  EXPECT_GT(counts.edges, 0u);
  EXPECT_EQ(counts.edges, Stats().edges);
}

TEST_F(TripleStoreTest, VerifyCatchesABrokenIndex) {
  for (const char* cf : {"pos", "provenance", "mentions"}) {
    SCOPED_TRACE(cf);
    OpenStore();
    EXPECT_EQ(Put(Doc1()), Outcome::kAdded);
    store_.reset();
    ASSERT_NO_FATAL_FAILURE(DeleteFirstKey(path_, cf));
    OpenStore();
    std::vector<std::string> problems;
    TripleStore::VerifyCounts counts;
    ASSERT_TRUE(store_->Verify(&problems, &counts).ok());
    EXPECT_FALSE(problems.empty());
    store_.reset();
    std::filesystem::remove_all(path_);
  }
}

TEST_F(TripleStoreTest, CompactKeepsEverything) {
  OpenStore();
  EXPECT_EQ(Put(Doc1()), Outcome::kAdded);
  EXPECT_EQ(Put(Doc2()), Outcome::kAdded);
  const StoreStats before = Stats();
  ASSERT_TRUE(store_->Compact().ok());
  const StoreStats after = Stats();
  EXPECT_EQ(before.edges, after.edges);
  EXPECT_EQ(before.nodes_by_kind, after.nodes_by_kind);
  EXPECT_EQ(before.documents, after.documents);
}

TEST_F(TripleStoreTest, NewerFormatVersionIsNotSupported) {
  OpenStore();
  EXPECT_EQ(Put(Doc1()), Outcome::kAdded);
  store_.reset();

  // Control: rewriting the current version keeps the store usable.
  ASSERT_NO_FATAL_FAILURE(SetFormatVersion(path_, std::to_string(TripleStore::kFormatVersion)));
  Status s = TripleStore::Open(path_, TripleStore::Options(), &store_);
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_EQ(Stats().documents, 1u);
  store_.reset();

  ASSERT_NO_FATAL_FAILURE(SetFormatVersion(path_, std::to_string(TripleStore::kFormatVersion + 1)));
  s = TripleStore::Open(path_, TripleStore::Options(), &store_);
  EXPECT_TRUE(s.IsNotSupported()) << s.ToString();
  EXPECT_EQ(store_, nullptr);
  TripleStore::Options ro;
  ro.read_only = true;
  s = TripleStore::Open(path_, ro, &store_);
  EXPECT_TRUE(s.IsNotSupported()) << s.ToString();
  EXPECT_EQ(store_, nullptr);
}

TEST_F(TripleStoreTest, CorruptStoreIsCorruptionNotBusy) {
  // Two sessions: the second open replays the first one's log into table files.
  for (const Article& a : {Doc1(), Doc2()}) {
    OpenStore();
    EXPECT_EQ(Put(a), Outcome::kAdded);
    store_.reset();
  }
  int tables = 0;
  for (const auto& entry : fs::directory_iterator(path_)) {
    if (entry.path().extension() != ".sst") continue;
    ++tables;
    // Flip bytes across the blocks (leave the 53-byte footer alone).
    const uintmax_t size = fs::file_size(entry.path());
    std::fstream f(entry.path(), std::ios::in | std::ios::out | std::ios::binary);
    ASSERT_TRUE(f.good());
    for (uintmax_t off = size / 4; off + 64 < size; off += 16) {
      f.seekg(static_cast<std::streamoff>(off));
      const int c = f.get();
      f.seekp(static_cast<std::streamoff>(off));
      f.put(static_cast<char>(c ^ 0x5A));
    }
    ASSERT_TRUE(f.good());
  }
  ASSERT_GT(tables, 0) << "no table files to corrupt";

  // No other process holds the store: whatever fails must not be "busy".
  Status s = TripleStore::Open(path_, TripleStore::Options(), &store_);
  if (s.ok()) {
    StoreStats stats;  // the corruption may only show on reading
    s = store_->GetStats(&stats);
  }
  EXPECT_TRUE(s.IsCorruption()) << s.ToString();
}

// ---- PutArticle ---------------------------------------------------------------------

TEST_F(TripleStoreTest, PutAddsThenSameHashIsUnchanged) {
  OpenStore();
  EXPECT_EQ(Put(Doc1()), Outcome::kAdded);
  const StoreStats before = Stats();
  EXPECT_EQ(before.documents, 1u);
  EXPECT_EQ(before.sentences, 3u);
  EXPECT_EQ(before.edges, 3u);
  EXPECT_EQ(before.nodes_by_kind,
            (std::map<std::string, uint64_t>{
                {"company", 1}, {"government", 1}, {"product", 1}, {"statement", 1}}));
  EXPECT_EQ(before.edges_by_relation,
            (std::map<std::string, uint64_t>{{"makes", 1}, {"restricts", 1}, {"said", 1}}));

  EXPECT_EQ(Put(Doc1()), Outcome::kUnchanged);
  ExpectSameStats(before, Stats());
  EXPECT_EQ(MatchAll({}), (std::set<std::string>{"nvidia -makes-> h200 w1",
                                                 "united_states -restricts-> h200 [neg] w1",
                                                 "nvidia -said-> s:doc1:2 w1"}));

  // Same id and hash means unchanged, even if the content differs: nothing is written.
  Article same_hash = Doc1();
  same_hash.edges.push_back(Edge("h200", "made_by", "nvidia", 0));
  EXPECT_EQ(Put(same_hash), Outcome::kUnchanged);
  ExpectSameStats(before, Stats());
  TermId made_by;
  EXPECT_TRUE(store_->FindPredicate("made_by", &made_by).IsNotFound());
}

TEST_F(TripleStoreTest, DocumentRecordIsStored) {
  OpenStore();
  Put(Doc1());
  DocumentRecord d;
  ASSERT_TRUE(store_->GetDocument("doc1", &d).ok());
  EXPECT_EQ(d.id, "doc1");
  EXPECT_EQ(d.title, "Nvidia and the H200");
  EXPECT_EQ(d.date, "2024-05-01");
  EXPECT_EQ(d.url, "https://example.com/doc1");
  EXPECT_EQ(d.lang, "en");
  EXPECT_EQ(d.content_hash, "hash-doc1-v1");
  EXPECT_EQ(d.sentence_count, 3u);
  EXPECT_TRUE(store_->GetDocument("doc9", &d).IsNotFound());

  std::vector<std::string> ids;
  ASSERT_TRUE(store_
                  ->ForEachDocument([&](const DocumentRecord& r) {
                    ids.push_back(r.id);
                    return true;
                  })
                  .ok());
  EXPECT_EQ(ids, std::vector<std::string>{"doc1"});
}

TEST_F(TripleStoreTest, ChangedArticleIsReplaced) {
  OpenStore();
  EXPECT_EQ(Put(Doc1()), Outcome::kAdded);
  EXPECT_EQ(Put(Doc2()), Outcome::kAdded);
  const TermId nvidia = Id("nvidia"), h200 = Id("h200"), makes = Pred("makes");
  EXPECT_EQ(MatchAll({nvidia, makes, h200}), std::set<std::string>{"nvidia -makes-> h200 w2"});

  // doc1 v2 drops the makes edge (still supported by doc2) and the negated
  // restricts edge (supported by no other document).
  Article v2 = Doc1();
  v2.content_hash = "hash-doc1-v2";
  v2.edges = {Edge("nvidia", "said", "s:doc1:2", 2, false, "quote")};
  EXPECT_EQ(Put(v2), Outcome::kReplaced);

  EXPECT_EQ(MatchAll({nvidia, makes, h200}), std::set<std::string>{"nvidia -makes-> h200 w1"});
  EXPECT_EQ(
      MatchAll({}),
      (std::set<std::string>{"nvidia -makes-> h200 w1", "nvidia -sells_to-> china w1",
                             "united_states -restricts-> h200 w1",
                             "united_states -restricts-> china w1", "nvidia -said-> s:doc1:2 w1"}));
  // The remaining makes edge is doc2's alone.
  std::vector<Provenance> prov;
  ASSERT_TRUE(store_->GetProvenance({nvidia, makes, h200, false}, &prov).ok());
  ASSERT_EQ(prov.size(), 1u);
  EXPECT_EQ(prov[0].doc, "doc2");
  ASSERT_TRUE(
      store_->GetProvenance({Id("united_states"), Pred("restricts"), h200, true}, &prov).ok());
  EXPECT_TRUE(prov.empty());

  DocumentRecord d;
  ASSERT_TRUE(store_->GetDocument("doc1", &d).ok());
  EXPECT_EQ(d.content_hash, "hash-doc1-v2");
  const StoreStats st = Stats();
  EXPECT_EQ(st.documents, 2u);
  EXPECT_EQ(st.edges, 5u);
  EXPECT_EQ(st.edges_by_relation,
            (std::map<std::string, uint64_t>{
                {"makes", 1}, {"restricts", 2}, {"said", 1}, {"sells_to", 1}}));
  // Nodes kept by v2 keep their ids and both documents.
  EXPECT_EQ(Id("nvidia"), nvidia);
  std::vector<std::string> docs;
  ASSERT_TRUE(store_->GetNodeDocuments(nvidia, &docs).ok());
  EXPECT_EQ(AsSet(docs), (std::set<std::string>{"doc1", "doc2"}));
}

TEST_F(TripleStoreTest, ReplacementDropsNodesAndSentencesNoLongerNamed) {
  OpenStore();
  EXPECT_EQ(Put(Doc1()), Outcome::kAdded);
  const TermId stmt = Id("s:doc1:2");
  Article v2 = Doc1();
  v2.content_hash = "hash-doc1-v2";
  v2.sentences = {"Nvidia makes the H200."};
  v2.nodes.resize(2);  // nvidia, h200
  v2.edges = {Edge("nvidia", "makes", "h200", 0)};
  EXPECT_EQ(Put(v2), Outcome::kReplaced);

  EXPECT_EQ(NodeKeys(), (std::set<std::string>{"nvidia", "h200"}));
  TermId id;
  EXPECT_TRUE(store_->FindNode("united_states", &id).IsNotFound());
  EXPECT_TRUE(store_->FindNode("s:doc1:2", &id).IsNotFound());
  NodeRecord n;
  EXPECT_FALSE(store_->GetNode(stmt, &n).ok());
  EXPECT_TRUE(ByName("US").empty());
  EXPECT_TRUE(ByName("United States").empty());
  EXPECT_EQ(MatchAll({}), std::set<std::string>{"nvidia -makes-> h200 w1"});
  std::string text;
  EXPECT_TRUE(store_->GetSentence("doc1", 0, &text).ok());
  EXPECT_TRUE(store_->GetSentence("doc1", 2, &text).IsNotFound());
  EXPECT_EQ(Stats().sentences, 1u);
}

TEST_F(TripleStoreTest, EntityNamedByTwoDocumentsIsOneNode) {
  OpenStore();
  Put(Doc1());
  const TermId nvidia = Id("nvidia");
  Put(Doc2());
  EXPECT_EQ(Id("nvidia"), nvidia);

  std::vector<std::string> aliases;
  ASSERT_TRUE(store_->GetAliases(nvidia, &aliases).ok());
  EXPECT_EQ(aliases.size(), 4u);
  EXPECT_EQ(AsSet(aliases), (std::set<std::string>{"Nvidia", "NVIDIA Corp", "إنفيديا", "نفيديا"}));

  std::vector<std::string> docs;
  ASSERT_TRUE(store_->GetNodeDocuments(nvidia, &docs).ok());
  EXPECT_EQ(docs.size(), 2u);
  EXPECT_EQ(AsSet(docs), (std::set<std::string>{"doc1", "doc2"}));

  NodeRecord n;
  ASSERT_TRUE(store_->GetNode(nvidia, &n).ok());
  EXPECT_EQ(n.id, nvidia);
  EXPECT_EQ(n.key, "nvidia");
  EXPECT_EQ(n.kind, "company");
  EXPECT_EQ(n.doc_count, 2u);

  // A shared alias (H200 in both) is not duplicated.
  ASSERT_TRUE(store_->GetAliases(Id("h200"), &aliases).ok());
  EXPECT_EQ(aliases, std::vector<std::string>{"H200"});
  // A node in one document only.
  ASSERT_TRUE(store_->GetNodeDocuments(Id("china"), &docs).ok());
  EXPECT_EQ(docs, std::vector<std::string>{"doc2"});

  EXPECT_EQ(NodeKeys(),
            (std::set<std::string>{"nvidia", "h200", "united_states", "s:doc1:2", "china"}));
  EXPECT_EQ(ByName("Nvidia"), std::vector<TermId>{nvidia});
  EXPECT_EQ(ByName("نفيديا"), std::vector<TermId>{nvidia});
}

TEST_F(TripleStoreTest, StatementNodeKeepsItsText) {
  OpenStore();
  Put(Doc1());
  NodeRecord n;
  ASSERT_TRUE(store_->GetNode(Id("s:doc1:2"), &n).ok());
  EXPECT_EQ(n.kind, "statement");
  EXPECT_EQ(n.text, "we comply with every rule");
  EXPECT_EQ(n.label, "Nvidia: we comply");
  ASSERT_TRUE(store_->GetNode(Id("nvidia"), &n).ok());
  EXPECT_EQ(n.text, "");
  // A predicate id is no node, a node id no predicate.
  std::string name;
  EXPECT_FALSE(store_->GetNode(Pred("said"), &n).ok());
  EXPECT_FALSE(store_->GetPredicateName(Id("nvidia"), &name).ok());
  ASSERT_TRUE(store_->GetPredicateName(Pred("said"), &name).ok());
  EXPECT_EQ(name, "said");
}

// ---- RemoveArticle -----------------------------------------------------------------------

TEST_F(TripleStoreTest, RemoveArticleRemovesItsContribution) {
  OpenStore();
  Put(Doc1());
  Put(Doc2());
  const TermId nvidia = Id("nvidia"), china = Id("china");
  ASSERT_EQ(ByName("الصين"), std::vector<TermId>{china});

  bool existed = false;
  ASSERT_TRUE(store_->RemoveArticle("doc2", &existed).ok());
  EXPECT_TRUE(existed);

  // china was named only by doc2.
  EXPECT_EQ(NodeKeys(), (std::set<std::string>{"nvidia", "h200", "united_states", "s:doc1:2"}));
  TermId id;
  EXPECT_TRUE(store_->FindNode("china", &id).IsNotFound());
  EXPECT_TRUE(ByName("الصين").empty());
  EXPECT_TRUE(ByName("China").empty());
  // doc2's alias of nvidia is gone; doc1's stay.
  EXPECT_TRUE(ByName("نفيديا").empty());
  EXPECT_EQ(ByName("NVIDIA Corp"), std::vector<TermId>{nvidia});
  std::vector<std::string> aliases, docs;
  ASSERT_TRUE(store_->GetAliases(nvidia, &aliases).ok());
  EXPECT_EQ(AsSet(aliases), (std::set<std::string>{"Nvidia", "NVIDIA Corp"}));
  ASSERT_TRUE(store_->GetNodeDocuments(nvidia, &docs).ok());
  EXPECT_EQ(docs, std::vector<std::string>{"doc1"});
  NodeRecord n;
  ASSERT_TRUE(store_->GetNode(nvidia, &n).ok());
  EXPECT_EQ(n.doc_count, 1u);

  // Weights decrease; edges only doc2 supported disappear.
  EXPECT_EQ(MatchAll({}), (std::set<std::string>{"nvidia -makes-> h200 w1",
                                                 "united_states -restricts-> h200 [neg] w1",
                                                 "nvidia -said-> s:doc1:2 w1"}));
  DocumentRecord d;
  EXPECT_TRUE(store_->GetDocument("doc2", &d).IsNotFound());
  std::string text;
  EXPECT_FALSE(store_->GetSentence("doc2", 0, &text).ok());
  const StoreStats st = Stats();
  EXPECT_EQ(st.documents, 1u);
  EXPECT_EQ(st.sentences, 3u);
  EXPECT_EQ(st.edges, 3u);

  // Removing it again, or an unknown id, reports existed=false.
  existed = true;
  ASSERT_TRUE(store_->RemoveArticle("doc2", &existed).ok());
  EXPECT_FALSE(existed);
  existed = true;
  ASSERT_TRUE(store_->RemoveArticle("no-such-doc", &existed).ok());
  EXPECT_FALSE(existed);
  ExpectSameStats(st, Stats());

  // Removing the last document empties the graph.
  ASSERT_TRUE(store_->RemoveArticle("doc1", &existed).ok());
  EXPECT_TRUE(existed);
  EXPECT_TRUE(NodeKeys().empty());
  EXPECT_TRUE(MatchAll({}).empty());
  const StoreStats empty = Stats();
  EXPECT_EQ(empty.documents, 0u);
  EXPECT_EQ(empty.sentences, 0u);
  EXPECT_EQ(empty.edges, 0u);
  EXPECT_TRUE(empty.nodes_by_kind.empty());
}

TEST_F(TripleStoreTest, RemovedArticleCanBeAddedAgain) {
  OpenStore();
  Put(Doc1());
  bool existed = false;
  ASSERT_TRUE(store_->RemoveArticle("doc1", &existed).ok());
  ASSERT_TRUE(existed);
  EXPECT_EQ(Put(Doc1()), Outcome::kAdded);
  EXPECT_EQ(MatchAll({}), (std::set<std::string>{"nvidia -makes-> h200 w1",
                                                 "united_states -restricts-> h200 [neg] w1",
                                                 "nvidia -said-> s:doc1:2 w1"}));
  std::string text;
  ASSERT_TRUE(store_->GetSentence("doc1", 1, &text).ok());
  EXPECT_EQ(text, "The United States does not restrict the H200.");
}

// ---- FindByName ------------------------------------------------------------------------------

TEST_F(TripleStoreTest, FindByNameFoldsCaseAndArabicVariants) {
  OpenStore();
  Put(Doc1());
  Put(Doc2());
  const TermId nvidia = Id("nvidia"), us = Id("united_states"), china = Id("china");

  // Labels and aliases, case-insensitively.
  EXPECT_EQ(ByName("nvidia"), std::vector<TermId>{nvidia});
  EXPECT_EQ(ByName("NVIDIA"), std::vector<TermId>{nvidia});
  EXPECT_EQ(ByName("nvidia corp"), std::vector<TermId>{nvidia});
  EXPECT_EQ(ByName("united STATES"), std::vector<TermId>{us});  // label only
  EXPECT_EQ(ByName("us"), std::vector<TermId>{us});
  EXPECT_EQ(ByName("CHINA"), std::vector<TermId>{china});

  // Arabic letter variants, diacritics, tatweel and bidi marks.
  EXPECT_EQ(ByName("انفيديا"), std::vector<TermId>{nvidia});  // alias is إنفيديا
  EXPECT_EQ(ByName("أنفيديا"), std::vector<TermId>{nvidia});
  EXPECT_EQ(ByName("إنـفـيـديـا"), std::vector<TermId>{nvidia});
  EXPECT_EQ(ByName("\u200Fإِنْفِيدِيَا\u200F"), std::vector<TermId>{nvidia});
  EXPECT_EQ(ByName("الولايات المتحده"), std::vector<TermId>{us});  // ة written ه

  // Whole names only, not prefixes or unknown names.
  EXPECT_TRUE(ByName("nvid").empty());
  EXPECT_TRUE(ByName("nvidia corporation").empty());
  EXPECT_TRUE(ByName("intel").empty());
  EXPECT_TRUE(ByName("").empty());
  EXPECT_TRUE(ByName("\u200F").empty());
}

TEST_F(TripleStoreTest, FindByNameReturnsEveryNodeWithThatName) {
  OpenStore();
  Article a;
  a.id = "ambiguous";
  a.content_hash = "h";
  a.sentences = {"Georgia and Georgia."};
  a.nodes = {Node("georgia_country", "country", "Georgia", {"Georgia", "جورجيا"}),
             Node("georgia_state", "government", "State of Georgia", {"GEORGIA"})};
  EXPECT_EQ(Put(a), Outcome::kAdded);
  const std::vector<TermId> both = {Id("georgia_country"), Id("georgia_state")};
  std::vector<TermId> sorted = both;
  std::sort(sorted.begin(), sorted.end());
  EXPECT_EQ(ByName("georgia"), sorted);
  EXPECT_EQ(ByName("state of georgia"), std::vector<TermId>{Id("georgia_state")});
  EXPECT_EQ(ByName("جورجيا"), std::vector<TermId>{Id("georgia_country")});
}

// ---- Match ---------------------------------------------------------------------------------

TEST_F(TripleStoreTest, MatchEveryCombinationOfBoundTerms) {
  OpenStore();
  Put(Doc1());
  Put(Doc2());
  const TermId nvidia = Id("nvidia"), h200 = Id("h200"), china = Id("china"),
               us = Id("united_states");
  const TermId makes = Pred("makes"), restricts = Pred("restricts"), said = Pred("said");
  const std::string e_makes = "nvidia -makes-> h200 w2";
  const std::string e_us_h200_neg = "united_states -restricts-> h200 [neg] w1";
  const std::string e_us_h200 = "united_states -restricts-> h200 w1";
  const std::string e_us_china = "united_states -restricts-> china w1";
  const std::string e_said = "nvidia -said-> s:doc1:2 w1";
  const std::string e_sells = "nvidia -sells_to-> china w1";
  using Set = std::set<std::string>;

  // none
  EXPECT_EQ(MatchAll({}), (Set{e_makes, e_us_h200_neg, e_us_h200, e_us_china, e_said, e_sells}));
  // s
  EXPECT_EQ(MatchAll({nvidia, {}, {}}), (Set{e_makes, e_said, e_sells}));
  EXPECT_EQ(MatchAll({us, {}, {}}), (Set{e_us_h200_neg, e_us_h200, e_us_china}));
  EXPECT_EQ(MatchAll({h200, {}, {}}), Set{});
  // p
  EXPECT_EQ(MatchAll({{}, restricts, {}}), (Set{e_us_h200_neg, e_us_h200, e_us_china}));
  EXPECT_EQ(MatchAll({{}, said, {}}), Set{e_said});
  // o
  EXPECT_EQ(MatchAll({{}, {}, h200}), (Set{e_makes, e_us_h200_neg, e_us_h200}));
  EXPECT_EQ(MatchAll({{}, {}, china}), (Set{e_sells, e_us_china}));
  EXPECT_EQ(MatchAll({{}, {}, nvidia}), Set{});
  // sp
  EXPECT_EQ(MatchAll({nvidia, makes, {}}), Set{e_makes});
  EXPECT_EQ(MatchAll({us, restricts, {}}), (Set{e_us_h200_neg, e_us_h200, e_us_china}));
  EXPECT_EQ(MatchAll({nvidia, restricts, {}}), Set{});
  // so
  EXPECT_EQ(MatchAll({us, {}, h200}), (Set{e_us_h200_neg, e_us_h200}));
  EXPECT_EQ(MatchAll({nvidia, {}, china}), Set{e_sells});
  EXPECT_EQ(MatchAll({china, {}, nvidia}), Set{});
  // po
  EXPECT_EQ(MatchAll({{}, restricts, h200}), (Set{e_us_h200_neg, e_us_h200}));
  EXPECT_EQ(MatchAll({{}, makes, h200}), Set{e_makes});
  EXPECT_EQ(MatchAll({{}, makes, china}), Set{});
  // spo: both polarities of the same triple
  EXPECT_EQ(MatchAll({us, restricts, h200}), (Set{e_us_h200_neg, e_us_h200}));
  EXPECT_EQ(MatchAll({nvidia, makes, h200}), Set{e_makes});
  EXPECT_EQ(MatchAll({nvidia, makes, china}), Set{});
  // An id that is no term at all.
  EXPECT_EQ(MatchAll({999999u, {}, {}}), Set{});
}

TEST_F(TripleStoreTest, MatchStopsWhenCallbackReturnsFalse) {
  OpenStore();
  Put(Doc1());
  Put(Doc2());
  int calls = 0;
  ASSERT_TRUE(store_
                  ->Match({},
                          [&](const EdgeKey&, uint32_t) {
                            ++calls;
                            return false;
                          })
                  .ok());
  EXPECT_EQ(calls, 1);
}

TEST_F(TripleStoreTest, MatchReturnsEdgesInIndexOrder) {
  OpenStore();
  Put(Doc1());
  Put(Doc2());
  std::vector<EdgeKey> edges;
  ASSERT_TRUE(store_
                  ->Match({},
                          [&](const EdgeKey& e, uint32_t) {
                            edges.push_back(e);
                            return true;
                          })
                  .ok());
  ASSERT_EQ(edges.size(), 6u);
  EXPECT_TRUE(std::is_sorted(edges.begin(), edges.end()));
}

// ---- Provenance and sentences -------------------------------------------------------------

TEST_F(TripleStoreTest, ProvenanceNamesDocAndSentence) {
  OpenStore();
  Put(Doc1());
  Put(Doc2());
  const TermId nvidia = Id("nvidia"), h200 = Id("h200");

  std::vector<Provenance> prov;
  ASSERT_TRUE(
      store_->GetProvenance({Id("united_states"), Pred("restricts"), h200, true}, &prov).ok());
  ASSERT_EQ(prov.size(), 1u);
  EXPECT_EQ(prov[0].doc, "doc1");
  EXPECT_EQ(prov[0].sentence, 1u);
  EXPECT_EQ(prov[0].begin, 100u);
  EXPECT_EQ(prov[0].end, 110u);
  EXPECT_EQ(prov[0].rule, "negation");
  EXPECT_EQ(prov[0].modality, "reported");

  ASSERT_TRUE(store_->GetProvenance({nvidia, Pred("makes"), h200, false}, &prov).ok());
  ASSERT_EQ(prov.size(), 2u);
  std::set<std::string> docs;
  for (const Provenance& p : prov) {
    docs.insert(p.doc);
    EXPECT_EQ(p.sentence, 0u);
    EXPECT_EQ(p.rule, "svo");
    EXPECT_EQ(p.modality, "");
  }
  EXPECT_EQ(docs, (std::set<std::string>{"doc1", "doc2"}));

  std::string text;
  ASSERT_TRUE(store_->GetSentence(prov[0].doc, prov[0].sentence, &text).ok());
  EXPECT_TRUE(text == "Nvidia makes the H200." || text == "إنفيديا تصنع H200 وتبيعها للصين.")
      << text;

  // The negated edge's provenance is not the positive one's.
  ASSERT_TRUE(
      store_->GetProvenance({Id("united_states"), Pred("restricts"), h200, false}, &prov).ok());
  ASSERT_EQ(prov.size(), 1u);
  EXPECT_EQ(prov[0].doc, "doc2");
  EXPECT_EQ(prov[0].sentence, 1u);

  // At most max_entries are read, in key order.
  std::vector<Provenance> all, first;
  ASSERT_TRUE(store_->GetProvenance({nvidia, Pred("makes"), h200, false}, &all).ok());
  ASSERT_TRUE(store_->GetProvenance({nvidia, Pred("makes"), h200, false}, &first, 1, 1).ok());
  ASSERT_EQ(all.size(), 2u);
  ASSERT_EQ(first.size(), 1u);
  EXPECT_EQ(first[0].doc, all[0].doc);
  EXPECT_EQ(first[0].rule, "svo");

  // No such edge: no provenance.
  ASSERT_TRUE(store_->GetProvenance({h200, Pred("makes"), nvidia, false}, &prov).ok());
  EXPECT_TRUE(prov.empty());
}

TEST_F(TripleStoreTest, GetSentenceReturnsStoredText) {
  OpenStore();
  Put(Doc1());
  Put(Doc2());
  std::string text;
  ASSERT_TRUE(store_->GetSentence("doc1", 2, &text).ok());
  EXPECT_EQ(text, "Nvidia said: \"we comply with every rule\".");
  ASSERT_TRUE(store_->GetSentence("doc2", 1, &text).ok());
  EXPECT_EQ(text, "الولايات المتحدة تقيد H200 والصين.");
  ASSERT_TRUE(store_->GetSentence("doc2", 0, &text).ok());
  EXPECT_EQ(text, "إنفيديا تصنع H200 وتبيعها للصين.");
  EXPECT_TRUE(store_->GetSentence("doc1", 3, &text).IsNotFound());
  EXPECT_TRUE(store_->GetSentence("doc3", 0, &text).IsNotFound());
}

// ---- Whole-store scans (exports) ------------------------------------------------------------

TEST_F(TripleStoreTest, GetDocumentReadsTheHeaderFields) {
  OpenStore();
  Put(Doc1());
  DocumentRecord d;
  ASSERT_TRUE(store_->GetDocument("doc1", &d).ok());
  EXPECT_EQ(d.id, "doc1");
  EXPECT_EQ(d.lang, "en");
  EXPECT_EQ(d.content_hash, "hash-doc1-v1");
  EXPECT_EQ(d.sentence_count, 3u);
  EXPECT_NE(d.term, 0u);
  EXPECT_TRUE(store_->GetDocument("nope", &d).IsNotFound());
}

TEST_F(TripleStoreTest, DocumentRecordsCarryTheirTerm) {
  OpenStore();
  Put(Doc1());
  Put(Doc2());
  std::set<TermId> terms;
  ASSERT_TRUE(store_
                  ->ForEachDocument([&](const DocumentRecord& d) {
                    EXPECT_NE(d.term, 0u) << d.id;
                    terms.insert(d.term);
                    return true;
                  })
                  .ok());
  EXPECT_EQ(terms.size(), 2u);
}

// ScanNodes must give, in one pass, exactly what the per-node look-ups give.
TEST_F(TripleStoreTest, ScanNodesAgreesWithPerNodeLookups) {
  OpenStore();
  Put(Doc1());
  Put(Doc2());
  std::map<TermId, std::string> doc_names;
  ASSERT_TRUE(store_
                  ->ForEachDocument([&](const DocumentRecord& d) {
                    doc_names[d.term] = d.id;
                    return true;
                  })
                  .ok());
  std::vector<TermId> order;
  Status s = store_->ScanNodes([&](const NodeMentions& m) {
    order.push_back(m.node.id);
    NodeRecord expected;
    EXPECT_TRUE(store_->GetNode(m.node.id, &expected).ok());
    EXPECT_EQ(m.node.key, expected.key);
    EXPECT_EQ(m.node.kind, expected.kind);
    EXPECT_EQ(m.node.label, expected.label);
    EXPECT_EQ(m.node.text, expected.text);
    EXPECT_EQ(m.node.doc_count, expected.doc_count);
    std::vector<std::string> aliases, docs;
    EXPECT_TRUE(store_->GetNodeMentions(m.node.id, &aliases, &docs).ok());
    EXPECT_EQ(m.aliases, aliases) << m.node.key;
    std::vector<std::string> scanned_docs;
    for (TermId d : m.docs) scanned_docs.push_back(doc_names[d]);
    EXPECT_EQ(scanned_docs, docs) << m.node.key;
    return true;
  });
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_EQ(order.size(), NodeKeys().size());
  EXPECT_TRUE(std::is_sorted(order.begin(), order.end()));
  // nvidia is named by both documents, with the aliases of each.
  bool seen_nvidia = false;
  ASSERT_TRUE(store_
                  ->ScanNodes([&](const NodeMentions& m) {
                    if (m.node.key != "nvidia") return true;
                    seen_nvidia = true;
                    EXPECT_EQ(m.docs.size(), 2u);
                    EXPECT_EQ(AsSet(m.aliases), (std::set<std::string>{"Nvidia", "NVIDIA Corp",
                                                                       "إنفيديا", "نفيديا"}));
                    return false;  // stopping early is allowed
                  })
                  .ok());
  EXPECT_TRUE(seen_nvidia);
}

TEST_F(TripleStoreTest, ScanEdgesAgreesWithMatchAndProvenance) {
  OpenStore();
  Put(Doc1());
  Put(Doc2());
  std::vector<std::pair<EdgeKey, uint32_t>> matched;
  ASSERT_TRUE(store_
                  ->Match(EdgePattern{},
                          [&](const EdgeKey& e, uint32_t w) {
                            matched.emplace_back(e, w);
                            return true;
                          })
                  .ok());
  size_t i = 0;
  Status s = store_->ScanEdges(1, [&](const EdgeSupport& e) {
    EXPECT_LT(i, matched.size());
    if (i >= matched.size()) return false;
    EXPECT_TRUE(e.edge == matched[i].first) << Describe(e.edge, e.weight);
    EXPECT_EQ(e.weight, matched[i].second);
    ++i;
    std::vector<Provenance> prov;
    EXPECT_TRUE(store_->GetProvenance(e.edge, &prov).ok());
    EXPECT_EQ(e.mentions.size(), prov.size());
    EXPECT_EQ(e.mentions.size(), e.weight);
    EXPECT_EQ(e.detailed.size(), 1u);
    if (prov.empty() || e.detailed.empty()) return true;
    const Provenance& d = e.detailed.front();
    EXPECT_EQ(d.doc, prov[0].doc);
    EXPECT_EQ(d.sentence, prov[0].sentence);
    EXPECT_EQ(d.begin, prov[0].begin);
    EXPECT_EQ(d.end, prov[0].end);
    EXPECT_EQ(d.rule, prov[0].rule);
    EXPECT_EQ(d.modality, prov[0].modality);
    for (size_t k = 0; k < prov.size(); ++k) EXPECT_EQ(e.mentions[k].sentence, prov[k].sentence);
    return true;
  });
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_EQ(i, matched.size());
  // All mentions decoded when asked.
  ASSERT_TRUE(store_
                  ->ScanEdges(SIZE_MAX,
                              [&](const EdgeSupport& e) {
                                EXPECT_EQ(e.detailed.size(), e.mentions.size());
                                return true;
                              })
                  .ok());
}

TEST_F(TripleStoreTest, SentencesReadInOrderAndBatched) {
  OpenStore();
  Put(Doc1());
  Put(Doc2());
  std::vector<MentionRef> refs;
  std::vector<std::string> expected;
  std::vector<std::pair<TermId, std::string>> docs;
  ASSERT_TRUE(store_
                  ->ForEachDocument([&](const DocumentRecord& d) {
                    docs.emplace_back(d.term, d.id);
                    return true;
                  })
                  .ok());
  std::sort(docs.begin(), docs.end());
  for (const auto& [term, id] : docs) {
    for (uint32_t sentence : {0u, 1u, 1u}) {  // a repeated reference is read twice
      refs.push_back({term, sentence});
      std::string text;
      ASSERT_TRUE(store_->GetSentence(id, sentence, &text).ok());
      expected.push_back(text);
    }
  }
  std::vector<std::string> got;
  Status s = store_->ReadSentencesInOrder(refs, [&](size_t i, std::string_view text) {
    EXPECT_EQ(i, got.size());
    got.emplace_back(text);
    return true;
  });
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_EQ(got, expected);

  std::vector<MentionRef> shuffled(refs.rbegin(), refs.rend());
  std::vector<std::string> batched;
  ASSERT_TRUE(store_->GetSentences(shuffled, &batched).ok());
  EXPECT_EQ(batched, std::vector<std::string>(expected.rbegin(), expected.rend()));

  auto read = [&](const std::vector<MentionRef>& r) {
    return store_->ReadSentencesInOrder(r, [](size_t, std::string_view) { return true; });
  };
  EXPECT_TRUE(read(shuffled).IsInvalidArgument());
  EXPECT_TRUE(read({{docs[0].first, 99}}).IsNotFound());
  EXPECT_TRUE(store_->GetSentences({{docs[0].first, 99}}, &batched).IsNotFound());
}

// ---- Invalid articles ---------------------------------------------------------------------------

TEST_F(TripleStoreTest, EdgeToUnknownNodeFailsAndWritesNothing) {
  OpenStore();
  Put(Doc1());
  const StoreStats before = Stats();
  const std::set<std::string> edges_before = MatchAll({});

  Article bad = Doc2();
  bad.edges.push_back(Edge("nvidia", "sells_to", "russia", 0));  // no node "russia"
  Outcome outcome;
  Status s = store_->PutArticle(bad, &outcome);
  EXPECT_TRUE(s.IsInvalidArgument()) << s.ToString();

  ExpectSameStats(before, Stats());
  EXPECT_EQ(MatchAll({}), edges_before);
  TermId id;
  EXPECT_TRUE(store_->FindNode("china", &id).IsNotFound());
  EXPECT_TRUE(store_->FindPredicate("sells_to", &id).IsNotFound());
  DocumentRecord d;
  EXPECT_TRUE(store_->GetDocument("doc2", &d).IsNotFound());
  std::string text;
  EXPECT_FALSE(store_->GetSentence("doc2", 0, &text).ok());
  EXPECT_TRUE(ByName("نفيديا").empty());
  std::vector<std::string> docs;
  ASSERT_TRUE(store_->GetNodeDocuments(Id("nvidia"), &docs).ok());
  EXPECT_EQ(docs, std::vector<std::string>{"doc1"});

  // An unknown subject fails the same way.
  bad = Doc2();
  bad.edges.insert(bad.edges.begin(), Edge("intel", "makes", "h200", 0));
  EXPECT_TRUE(store_->PutArticle(bad, &outcome).IsInvalidArgument());
  ExpectSameStats(before, Stats());

  // The store is still usable and the good article goes in whole.
  EXPECT_EQ(Put(Doc2()), Outcome::kAdded);
  EXPECT_EQ(Stats().documents, 2u);
  EXPECT_EQ(MatchAll({Id("nvidia"), Pred("makes"), Id("h200")}),
            std::set<std::string>{"nvidia -makes-> h200 w2"});
}

TEST_F(TripleStoreTest, FailedReplacementKeepsTheOldVersion) {
  OpenStore();
  Put(Doc1());
  const StoreStats before = Stats();
  const std::set<std::string> edges_before = MatchAll({});
  Article bad = Doc1();
  bad.content_hash = "hash-doc1-v2";
  bad.edges = {Edge("nvidia", "makes", "nowhere", 0)};
  Outcome outcome;
  EXPECT_TRUE(store_->PutArticle(bad, &outcome).IsInvalidArgument());
  ExpectSameStats(before, Stats());
  EXPECT_EQ(MatchAll({}), edges_before);
  DocumentRecord d;
  ASSERT_TRUE(store_->GetDocument("doc1", &d).ok());
  EXPECT_EQ(d.content_hash, "hash-doc1-v1");
}

TEST_F(TripleStoreTest, ArticleWithoutIdIsInvalid) {
  OpenStore();
  Article a = Doc1();
  a.id = "";
  Outcome outcome;
  EXPECT_TRUE(store_->PutArticle(a, &outcome).IsInvalidArgument());
  EXPECT_EQ(Stats().documents, 0u);
  EXPECT_TRUE(NodeKeys().empty());
}

}  // namespace
}  // namespace isnad
