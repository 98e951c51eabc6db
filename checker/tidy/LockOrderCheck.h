// rcuctx-lock-order: two lock classes acquired in opposite orders (a possible ABBA deadlock). See docs/checks/rcuctx-lock-order.md.
#pragma once

#include "tidy/RcuctxCheck.h"

namespace rcuctx {
namespace tidy {

class LockOrderCheck : public RcuctxCheck {
public:
  LockOrderCheck(llvm::StringRef Name, clang::tidy::ClangTidyContext *Context)
      : RcuctxCheck(Name, Context, CheckId::LockOrder) {}
};

} // namespace tidy
} // namespace rcuctx
