// Subcommands that live in files of their own register here: each Add*
// function sets its subcommands up on the CLI11 app and appends, for each,
// the function that runs it once parsed. Keeps main.cc a table of contents.
#ifndef ISNAD_CLI_REGISTRY_H_
#define ISNAD_CLI_REGISTRY_H_

#include <CLI/CLI.hpp>
#include <functional>
#include <utility>
#include <vector>

namespace isnad::cli {

// A parsed subcommand and what runs it (returns the exit status).
using CommandList = std::vector<std::pair<CLI::App*, std::function<int()>>>;

// `default_db` is the --db default ($ISNAD_DB or ./isnad.db).
void AddQueryCommands(CLI::App* app, const std::string& default_db, CommandList* commands);
void AddNavigationCommands(CLI::App* app, const std::string& default_db, CommandList* commands);
void AddAnalyticsCommands(CLI::App* app, const std::string& default_db, CommandList* commands);

}  // namespace isnad::cli

#endif  // ISNAD_CLI_REGISTRY_H_
