// rcuctx(1), the man page: printed by `rcuctx --print-man` from the same
// registered options --help prints (ToolOptions.cpp) and the plugin's option
// table (plugin/PluginOptionTable.h); the build installs it.
//
// Holds that one declaration; the page is written in ManPage.cpp.
#pragma once

#include "llvm/Support/raw_ostream.h"

namespace rcuctx {
namespace tool {

/// rcuctx(1), from the same registered options that --help prints and the
/// plugin's option table.
void printMan(llvm::raw_ostream &OS);

} // namespace tool
} // namespace rcuctx
