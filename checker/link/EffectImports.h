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

#include <functional>
#include <optional>
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

/// External functions on a cycle of direct calls through two or more files
/// (a -> b in another file -> a): phase 2 imports them first as "never
/// returns", so their effects climb to the least fixpoint, as a recursive
/// component's do in one file.
std::set<std::string> crossFileCycles(const std::vector<const TuRecord *> &Records);

/// What the rounds did.
struct EffectRounds {
  unsigned Runs = 0, Rounds = 0, Composed = 0; // analyses, rounds, calls composed
  std::set<size_t> Files;                        // files analysed again
  bool Bounded = false;                          // stopped at the bound, unsettled
};

/// The rounds of phase 2 over NumFiles files: Read() gives every file's
/// current record (null if it was not analysed; valid until the next
/// Rerun), Rerun(files, imports)
/// analyses those files again importing those effects. Fixed records
/// (summary folders) are imported from, never re-run. A file runs again
/// when an effect it imports is new or changed; from round 3 a changing
/// effect is widened; at most MaxRounds rounds.
EffectRounds composeEffectsAcrossFiles(
    size_t NumFiles, const std::vector<const TuRecord *> &Fixed,
    const std::function<std::vector<const TuRecord *>()> &Read,
    const std::function<void(const std::vector<size_t> &, const TuAnalysis::ImportTable &)> &Rerun,
    unsigned MaxRounds);

} // namespace rcuctx
