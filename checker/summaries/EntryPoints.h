// Entry points: where the kernel enters our code with a context it
// guarantees (file_operations methods, work items, kthreads, timers, RCU
// callbacks, IRQ handlers...). Finds them in the translation unit and judges
// the requirements that reached them: there, "needs RCU at entry" against
// "entered with nothing held" is a definite finding.
#pragma once

#include "dataflow/FunctionAnalysis.h"

#include "clang/AST/ASTContext.h"

#include <functional>
#include <map>
#include <vector>

namespace rcuctx {

/// Functions stored into ops-structure members the rules name, by
/// initializer (`.unlocked_ioctl = kvm_vm_ioctl`) or assignment
/// (`work->func = fn`), in functions and globals of the main file.
std::vector<EntryPoint> findEntryFields(clang::ASTContext &Ctx, const FactExtractor &FX);

/// A function whose entry context its source states (`// rcuctx-entry:
/// rcu-reader`): the needs that context meets are the developer's word, and
/// no longer travel to callers.
void applyDeclaredEntry(Summary &S, const EntryContext &EC);

/// Judges one function's summary under the context it is entered in (Fn,
/// What and Loc word the note naming the entry point).
/// What became of the requirements that reached one entry point.
struct EntryTally {
  unsigned Reached = 0;   // distinct requirements in the entry's summary
  unsigned Satisfied = 0; // met by the context the kernel enters it in
  unsigned Violated = 0;  // contradicted by it: findings
  unsigned Open = 0;      // neither (a lock passed in, a framework that may hold locks, a GFP parameter)
  unsigned ViaPointer = 0; // of Reached: carried up through a call through a function pointer
};

std::vector<Finding> checkEntry(const Summary &S, const std::string &Fn, const EntryContext &EC,
                                const std::string &What, clang::SourceLocation Loc,
                                const std::vector<std::string> &Holds, EntryTally *Tally = nullptr);

/// Each entry point once per (definition, context) whose definition has a
/// summary here and whose context the rules know, in the order found.
void forEachEntryPoint(
    const std::vector<EntryPoint> &Entries,
    const std::map<const clang::FunctionDecl *, Summary> &Summaries, const RuleSet &Rules,
    const std::function<void(const EntryPoint &, const clang::FunctionDecl *Def, const Summary &,
                             const EntryContext &)> &Fn);

/// Judges each entry point's summary under its entry context.
std::vector<Finding> checkEntryPoints(const std::vector<EntryPoint> &Entries,
                                      const std::map<const clang::FunctionDecl *, Summary> &Summaries,
                                      const RuleSet &Rules);

} // namespace rcuctx
