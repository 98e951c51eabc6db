// Whether a location is the main file's, without a FileID lookup for the
// common answer "no".
//
// SourceManager::isInMainFile() finds the location's FileID by a binary
// search over every SLocEntry of the TU -- one per macro expansion, millions
// in a kernel TU -- and the analysis asks it for each of the tens of
// thousands of declarations the kernel's headers make. The main file's
// locations are one contiguous range of offsets, so a file location outside
// it is in another file, decided by two comparisons; inside it (the few
// declarations the file itself makes) isInMainFile() still decides, so line
// directives (`# 1 "x.h"` in a preprocessed input) are honoured as before.
#pragma once

#include "clang/Basic/SourceManager.h"

namespace rcuctx {

class MainFileSpan {
public:
  explicit MainFileSpan(const clang::SourceManager &SM)
      : SM(SM), Begin(SM.getLocForStartOfFile(SM.getMainFileID())),
        End(SM.getLocForEndOfFile(SM.getMainFileID())) {}

  /// SM.isInMainFile(SM.getExpansionLoc(L)), but for the buffers with no
  /// include location besides the main file (<built-in>, scratch space),
  /// which isInMainFile() counts in and this does not: no declaration the
  /// analysis looks for is written there.
  bool contains(clang::SourceLocation L) const {
    if (L.isInvalid())
      return false;
    if (L.isMacroID())
      L = SM.getExpansionLoc(L);
    if (L < Begin || End < L)
      return false;
    return SM.isInMainFile(L);
  }

private:
  const clang::SourceManager &SM;
  clang::SourceLocation Begin, End;
};

} // namespace rcuctx
