// rcuctx-unbalanced: section or lock unbalanced across paths. See docs/checks/rcuctx-unbalanced.md.
#pragma once

#include "tidy/RcuctxCheck.h"

namespace rcuctx {
namespace tidy {

class UnbalancedCheck : public RcuctxCheck {
public:
  UnbalancedCheck(llvm::StringRef Name, clang::tidy::ClangTidyContext *Context)
      : RcuctxCheck(Name, Context, CheckId::Unbalanced) {}
};

} // namespace tidy
} // namespace rcuctx
