// Summary facts derived from a function's body, for its callers: whether it
// is a try-lock wrapper (every return gives a try-lock's result), which
// pointer parameters it dereferences on every path (a stale RCU pointer
// passed to it is used), and which it takes a reference on (an RCU pointer
// passed to it is pinned). Pure functions of the body and callee summaries;
// they do not need the dataflow's states.
#pragma once

#include "dataflow/FunctionAnalysis.h"

#include "clang/Analysis/CFG.h"

#include <optional>
#include <utility>
#include <vector>

namespace rcuctx {

/// Summary::ReturnsTryLock: every return gives one rule-described try-lock's result.
std::optional<TryLockResult> tryLockWrapperOf(const clang::FunctionDecl *FD, const FactExtractor &FX);

/// Summary::DerefParams: pointer parameters dereferenced (here, or by a
/// callee that does) in blocks every path from entry to exit runs. Rpo: the
/// CFG's reachable blocks in reverse post-order.
std::vector<std::pair<int, clang::SourceLocation>>
derefParamsOf(const clang::FunctionDecl *FD, clang::CFG &Cfg,
              const std::vector<const clang::CFGBlock *> &Rpo, const SummaryLookup &Lookup);

/// Summary::RefParams: pointer parameters it takes a reference on, itself
/// (a rule's take-ref) or through a callee (bodyfacts/RefParams.cpp).
std::vector<int> refParamsOf(const clang::FunctionDecl *FD, const FactExtractor &FX,
                             const SummaryLookup &Lookup);

/// Summary::NullExitParams: pointer parameters whose NULL value makes the
/// function return at once (bodyfacts/NullExitParams.cpp).
std::vector<int> nullExitParamsOf(const clang::FunctionDecl *FD);

} // namespace rcuctx
