// rcuctx-stale-rcu-pointer: an RCU-protected pointer dereferenced after its
// read-side section ended. See docs/checks/rcuctx-stale-rcu-pointer.md.
#pragma once

#include "tidy/RcuctxCheck.h"

namespace rcuctx {
namespace tidy {

class StalePointerCheck : public RcuctxCheck {
public:
  StalePointerCheck(llvm::StringRef Name, clang::tidy::ClangTidyContext *Context)
      : RcuctxCheck(Name, Context, CheckId::StalePointer) {}
};

} // namespace tidy
} // namespace rcuctx
