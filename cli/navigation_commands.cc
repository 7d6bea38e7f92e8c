#include "cli/registry.h"

namespace isnad::cli {

void AddNavigationCommands(CLI::App* /*app*/, const std::string& /*default_db*/,
                           CommandList* /*commands*/) {}

}  // namespace isnad::cli
