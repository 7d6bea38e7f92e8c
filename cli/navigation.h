// The entity view of `isnad show`, built in navigation_commands.cc beside
// the other entity-centred commands (neighbors, path, timeline) whose
// pieces it shares, and run from read_commands.cc.
#ifndef ISNAD_CLI_NAVIGATION_H_
#define ISNAD_CLI_NAVIGATION_H_

#include <cstddef>
#include <nlohmann/json.hpp>
#include <ostream>

#include "base/status.h"
#include "store/triple_store.h"

namespace isnad::cli {

// Everything `show` says about node `id`, as one JSON object: its record,
// aliases, documents (newest first, with dates), its edges out and in
// grouped by relation (each group's count, its heaviest `limit` edges with
// their first evidence, and how many more), the statements it made
// (`said`) and the statements naming it (`mentions`). `limit` also bounds
// the documents and statements listed; 0 lists everything. Evidence is read
// only for the edges listed, so a hub costs little more than a leaf.
Status ShowJson(const TripleStore& store, TermId id, size_t limit, nlohmann::json* out);

// The same for a reader: ShowJson's object as indented text.
void PrintShow(const nlohmann::json& show, std::ostream& out);

}  // namespace isnad::cli

#endif  // ISNAD_CLI_NAVIGATION_H_
