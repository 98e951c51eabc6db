// Lock keys naming a function's parameters ('$0', as summaries keep them so
// callers can substitute their arguments) read as the parameters' names ('l')
// in text about that function.
#pragma once

#include "report/Finding.h"

#include "clang/AST/Decl.h"
#include "clang/Basic/SourceManager.h"

namespace rcuctx {

/// Renames '$N' to parameter N's name in F's message and notes that lie
/// inside FD (notes from callees speak of their own parameters).
void nameParams(Finding &F, const clang::FunctionDecl *FD, const clang::SourceManager &SM);

} // namespace rcuctx
