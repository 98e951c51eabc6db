// How an obligation that is violated reads as a finding: the message, and
// the notes that explain it (where the section ended, the chain of calls).
// Shared by the per-function analysis, the entry-point check and the link.
#pragma once

#include "report/Finding.h"
#include "summaries/Summary.h"

namespace rcuctx {

/// The finding for an obligation violated at its site.
Finding violationFinding(const Obligation &O, bool Strict);

/// The finding for a callee's entry conflict, reported at a call site
/// (AtSite) where the caller ended the section at EndedHere.
Finding conflictFinding(const EntryConflict &C, const Obligation &AtSite,
                        clang::SourceLocation EndedHere);

std::string quoted(const std::string &S);

} // namespace rcuctx
