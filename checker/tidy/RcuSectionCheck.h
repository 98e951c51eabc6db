// rcuctx-rcu-section: Accessor reached outside its RCU read-side section. See docs/checks/rcuctx-rcu-section.md.
#pragma once

#include "tidy/RcuctxCheck.h"

namespace rcuctx {
namespace tidy {

class RcuSectionCheck : public RcuctxCheck {
public:
  RcuSectionCheck(llvm::StringRef Name, clang::tidy::ClangTidyContext *Context)
      : RcuctxCheck(Name, Context, CheckId::RcuSection) {}
};

} // namespace tidy
} // namespace rcuctx
