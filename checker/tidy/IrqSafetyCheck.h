// rcuctx-irq-safety: lock classes used in and out of interrupt context. See docs/checks/rcuctx-irq-safety.md.
#pragma once

#include "tidy/RcuctxCheck.h"

namespace rcuctx {
namespace tidy {

class IrqSafetyCheck : public RcuctxCheck {
public:
  IrqSafetyCheck(llvm::StringRef Name, clang::tidy::ClangTidyContext *Context)
      : RcuctxCheck(Name, Context, CheckId::IrqSafety) {}
};

} // namespace tidy
} // namespace rcuctx
