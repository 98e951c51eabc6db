// Contexts a function's declaration states, in the kernel's own vocabulary:
// Clang's thread-safety attributes (requires_capability, acquire_capability,
// release_capability: what the kernel's Clang 22 "context analysis" builds
// __must_hold & co. on, with RCU as a capability) and sparse's annotations
// (__must_hold(x), __acquires(x), __releases(x), which expand to nothing
// outside sparse and are read from the macro invocations).
//
// They are facts, not a substitute for inference: a declared requirement
// joins the function's inferred ones; for a function with no body here, the
// declaration is all there is, so its requirements and effects become its
// summary.
#pragma once

#include "facts/FactExtractor.h"
#include "summaries/Summary.h"

#include <string>
#include <vector>

namespace rcuctx {

struct DeclaredContext {
  enum Kind { Requires, Acquires, Releases } K = Requires;
  Atom What;            // Counter (RCU flavours) or Lock, with its modes
  std::optional<bool> Spins; // Lock: whether its type spins, when known
  clang::SourceLocation Loc;
  std::string Spelling; // "__must_hold(&s->lock)"
};

/// What FD's declarations (any of them) say.
std::vector<DeclaredContext> declaredContexts(const clang::FunctionDecl *FD, const FactExtractor &FX);

/// A summary for a function known only by its declaration; null if it says nothing.
std::optional<Summary> summaryFromDeclaration(const clang::FunctionDecl *FD,
                                              const std::vector<DeclaredContext> &D);

/// The obligations a definition's declared requirements add to its summary.
std::vector<Obligation> declaredRequirements(const clang::FunctionDecl *FD,
                                             const std::vector<DeclaredContext> &D);

} // namespace rcuctx
