// What `isnad stats` reports about a whole store: the counts that
// TripleStore::GetStats gives, the range of article dates, and the most
// connected entities and the most quoted speakers. Gathered in one pass over
// each table (documents, nodes, the edge index), so it costs what GetStats
// costs and no more.
#ifndef ISNAD_GRAPH_STORE_SUMMARY_H_
#define ISNAD_GRAPH_STORE_SUMMARY_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "base/status.h"
#include "store/triple_store.h"

namespace isnad {

// An entity in a ranking, with the figure it is ranked by.
struct RankedEntity {
  TermId id = 0;
  std::string key, label, kind;
  uint64_t count = 0;
};

struct StoreSummary {
  StoreStats counts;  // equal to what TripleStore::GetStats gives
  // Earliest and latest article date (ISO, as ingested); empty when no
  // article has one. `dated_documents` of `counts.documents` have a date.
  std::string earliest_date, latest_date;
  uint64_t dated_documents = 0;
  // Entities (statements left out: each has one speaker and a few
  // mentions) by degree, the number of distinct edges in and out.
  std::vector<RankedEntity> top_degree;
  // Subjects of `said` edges by how many statements they made.
  std::vector<RankedEntity> top_speakers;
};

// Fills `*out`; each ranking holds at most `top_n` entities with a non-zero
// count, by count descending, then label and key ascending (so that two
// stores with the same content rank alike whatever their term ids).
Status SummarizeStore(const TripleStore& store, size_t top_n, StoreSummary* out);

}  // namespace isnad

#endif  // ISNAD_GRAPH_STORE_SUMMARY_H_
