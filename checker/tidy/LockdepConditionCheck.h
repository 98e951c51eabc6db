// rcuctx-lockdep-condition: rcu_dereference_protected/_check condition false. See docs/checks/rcuctx-lockdep-condition.md.
#pragma once

#include "tidy/RcuctxCheck.h"

namespace rcuctx {
namespace tidy {

class LockdepConditionCheck : public RcuctxCheck {
public:
  LockdepConditionCheck(llvm::StringRef Name, clang::tidy::ClangTidyContext *Context)
      : RcuctxCheck(Name, Context, CheckId::LockdepCondition) {}
};

} // namespace tidy
} // namespace rcuctx
