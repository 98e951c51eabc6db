// rcuctx-lock-held: lockdep assertion not met by the caller. See docs/checks/rcuctx-lock-held.md.
#pragma once

#include "tidy/RcuctxCheck.h"

namespace rcuctx {
namespace tidy {

class LockHeldCheck : public RcuctxCheck {
public:
  LockHeldCheck(llvm::StringRef Name, clang::tidy::ClangTidyContext *Context)
      : RcuctxCheck(Name, Context, CheckId::LockHeld) {}
};

} // namespace tidy
} // namespace rcuctx
