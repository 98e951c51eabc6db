// rcuctx-sleep-in-atomic: may-sleep call in atomic context. See docs/checks/rcuctx-sleep-in-atomic.md.
#pragma once

#include "tidy/RcuctxCheck.h"

namespace rcuctx {
namespace tidy {

class SleepInAtomicCheck : public RcuctxCheck {
public:
  SleepInAtomicCheck(llvm::StringRef Name, clang::tidy::ClangTidyContext *Context)
      : RcuctxCheck(Name, Context, CheckId::SleepInAtomic) {}
};

} // namespace tidy
} // namespace rcuctx
