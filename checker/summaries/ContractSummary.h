// A rules contract as a summary: a function the rules describe by what it
// acquires or releases per returned value and mode argument
// (`expand_stack()` drops mmap_lock when it returns NULL;
// `do_vmi_munmap(..., unlock)` drops it on success when `unlock` is true).
// Callers compose it exactly as they compose a body's summary: the join of
// the exits, a split on the call's value (ByReturn), and the mode argument
// evaluated at the call (a constant, or the caller's own mode).
//
// Owns the conversion only; the rule's schema is rules/RulesSchema.cpp's,
// and the lookup that offers it to callers is TuAnalysis's.
#pragma once

#include "rules/Rules.h"
#include "summaries/Summary.h"

#include <optional>

namespace rcuctx {

/// The summary a contract rule stands for; nothing if R is no contract
/// (FunctionRule::isContract()).
std::optional<Summary> summaryFromContract(const FunctionRule &R);

} // namespace rcuctx
