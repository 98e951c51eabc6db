// rcuctx-blocking-state: a blocking call while the task state is set. See docs/checks/rcuctx-blocking-state.md.
#pragma once

#include "tidy/RcuctxCheck.h"

namespace rcuctx {
namespace tidy {

class BlockingStateCheck : public RcuctxCheck {
public:
  BlockingStateCheck(llvm::StringRef Name, clang::tidy::ClangTidyContext *Context)
      : RcuctxCheck(Name, Context, CheckId::BlockingState) {}
};

} // namespace tidy
} // namespace rcuctx
