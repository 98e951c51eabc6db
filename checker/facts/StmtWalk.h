// Visiting every statement under a root (the root included), without
// recursion: body facts read a whole function body this way.
#pragma once

#include "clang/AST/Stmt.h"

#include <vector>

namespace rcuctx {

/// Calls F on Root and every statement under it. F returns false to stop.
template <typename Fn> void forEachStmt(const clang::Stmt *Root, Fn F) {
  std::vector<const clang::Stmt *> Work{Root};
  while (!Work.empty()) {
    const clang::Stmt *S = Work.back();
    Work.pop_back();
    if (!S)
      continue;
    if (!F(S))
      return;
    for (const clang::Stmt *C : S->children())
      Work.push_back(C);
  }
}

} // namespace rcuctx
