// Emitting what the analysis inferred in the kernel's own annotation
// language: for each function whose every call needs a lock (or an RCU
// read-side section) held at entry, and whose declaration does not say so,
// the `__must_hold(&kvm->mmu_lock)` / `__must_hold_shared(RCU)` to add after
// its parameter list (the spelling of sparse and of the Clang 22 context
// analysis), as a unified diff `patch -p1` or `git apply` takes.
#pragma once

#include "link/TuRecord.h"

#include "clang/Basic/SourceManager.h"

#include <string>
#include <vector>

namespace rcuctx {

struct AnnotationSuggestion {
  clang::SourceLocation At; // insert here
  std::string Text;         // " __must_hold(&kvm->mmu_lock)"
  std::string Function;
};

/// The annotation a final summary implies for F, if it can be written.
std::vector<AnnotationSuggestion> suggestAnnotations(const LinkFunction &F, const Summary &Final);

/// A unified diff applying the suggestions; paths relative to Root when
/// under it (for `patch -p1` from Root: a/ and b/ prefixes).
std::string annotationPatch(std::vector<AnnotationSuggestion> S, const clang::SourceManager &SM,
                            const std::string &Root);

} // namespace rcuctx
