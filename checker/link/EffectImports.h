// Effects composed across files (issue #16, phase 2 of the whole-program
// tool): after every file has been analysed once, the effects of functions
// defined in one file -- their exits per mode and per returned value class,
// try-lock results, references taken, RCU pointers returned, parameters
// dereferenced -- are imported into the analysis of
// the files that call them, which is run again, until no imported effect
// changes (or a bound). Requirements still go through the link; only what a
// call does to its caller's context is imported.
#pragma once

#include "link/TuRecord.h"

#include <set>
#include <string>
#include <vector>

namespace rcuctx {

/// The effects worth importing: externally visible functions with one
/// strong definition among Records whose call changes something (an exit
/// that moves a context, per-class exits, a try-lock result, a reference).
TuAnalysis::ImportTable importableEffects(const std::vector<const TuRecord *> &Records);

/// Whether two summaries have the same effects on their callers.
bool sameEffects(const Summary &A, const Summary &B);

/// A function's effect that changed again from one round to the next
/// (cross-file recursion that nests a section once per round): widened from
/// Old, as the in-file fixpoint widens at loop heads, so the rounds end.
void widenEffects(Summary &New, const Summary &Old);

/// The imported functions a file calls without defining them.
std::set<std::string> importsUsedBy(const TuRecord &R, const TuAnalysis::ImportTable &I);

} // namespace rcuctx
