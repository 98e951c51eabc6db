// rcuctx-missing-annotation: a function whose every call needs a lock (or
// an RCU read-side section) held, and whose declaration does not say so; the
// fix-it adds the kernel's annotation (__must_hold(&kvm->mmu_lock),
// __must_hold_shared(RCU)) after its parameter list. The same suggestions,
// across files, come from `rcuctx --suggest-annotations`.
// See docs/checks/rcuctx-missing-annotation.md.
#pragma once

#include "tidy/RcuctxCheck.h"

namespace rcuctx {
namespace tidy {

class MissingAnnotationCheck : public RcuctxCheck {
public:
  MissingAnnotationCheck(llvm::StringRef Name, clang::tidy::ClangTidyContext *Context)
      : RcuctxCheck(Name, Context, CheckId::Annotation) {}
  void check(const clang::ast_matchers::MatchFinder::MatchResult &Result) override;
};

} // namespace tidy
} // namespace rcuctx
