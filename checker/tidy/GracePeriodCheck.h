// rcuctx-grace-period: a grace-period wait that can never end. See docs/checks/rcuctx-grace-period.md.
#pragma once

#include "tidy/RcuctxCheck.h"

namespace rcuctx {
namespace tidy {

class GracePeriodCheck : public RcuctxCheck {
public:
  GracePeriodCheck(llvm::StringRef Name, clang::tidy::ClangTidyContext *Context)
      : RcuctxCheck(Name, Context, CheckId::GracePeriod) {}
};

} // namespace tidy
} // namespace rcuctx
