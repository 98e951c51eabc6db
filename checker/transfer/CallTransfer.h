// The transfer function of a call: a rule-described function (its steps), a
// callee with a summary (its requirements lifted to this site, its effect at
// return), a guard's initialiser, an indirect call whose slot a rule names.
// Also records each call the whole-program link may judge again
// (AnalysisOptions::KeepDetail).
// Split over files by concern: IndirectCall.cpp (calls through pointers),
// CallInstances.cpp (which instance of a lock class a callee acts on).
#pragma once

#include "dataflow/FunctionScope.h"
#include "provenance/PointerTracker.h"
#include "transfer/GuardTransfer.h"
#include "transfer/StepTransfer.h"
#include "transfer/ValueSplitTransfer.h"

#include "llvm/ADT/DenseMap.h"

#include <unordered_map>

namespace rcuctx {

/// The object each argument points to (ArgFacts::LockObject), or "".
ArgClassFn argObjectsOf(const clang::CallExpr *CE, const FactExtractor &FX,
                        const clang::FunctionDecl *Caller);
/// The lock class each argument of a call passes (for resolveKeyAt/StateAt).
ArgClassFn argClassesOf(const clang::CallExpr *CE, const FactExtractor &FX,
                        const clang::FunctionDecl *Caller);

/// The instance of a lock class the callee takes or drops through what an
/// argument points to (CalleeKey in the callee's terms; Summary::LockObjects),
/// keyed as this function's own lock of it would be (lockInstance()); ""
/// where the callee names no object for it or the argument is not a plain
/// expression of its type.
std::string calleeInstanceAt(const clang::CallExpr *CE, const Summary &CS,
                             const std::string &CalleeKey, const FactExtractor &FX);

/// A call's arguments, as rule steps read them.
SiteArgs callArgs(const clang::CallExpr *CE);

class CallTransfer {
public:
  CallTransfer(const FunctionEnv &Env, WalkRecord &Rec, StepTransfer &Steps,
               const PointerTracker &Ptrs, GuardTransfer &Guards, const ValueSplitTransfer &Splits,
               OrderTransfer &Order)
      : Env(Env), Rec(Rec), Steps(Steps), Ptrs(Ptrs), Guards(Guards), Splits(Splits),
        Order(Order) {}

  /// A call in partition V. Dead: the callee never returns.
  void call(const clang::CallExpr *CE, ContextState &St, unsigned V, bool &Dead);
  /// A try-lock's result may be stored and tested later (`ret =
  /// down_write_killable(...)`): the lock is held for its success values.
  /// CE is the call (or the one call a rule macro expands to) whose value
  /// callers store; Resolved its rule's steps.
  void splitOnTryLocks(const clang::CallExpr *CE, const std::vector<ResolvedStep> &Resolved,
                       ContextState &St) const;

  /// The parameters the body assigns or takes the address of
  /// (dataflow/BodyWrites.h), read once: their tests and their values as
  /// arguments say nothing of what the caller passed.
  const std::vector<unsigned> &writtenParams() const;

private:
  /// How a call through a pointer reached a callee, for its messages.
  struct Via {
    std::string What; // after the callee's name in a message
    std::string Note; // after "calls 'f'" in the site note
    bool OneOfMany = false; // the slot holds more than one function
  };
  /// A call to Callee, directly or (Through) as one target of a pointer.
  void direct(const clang::CallExpr *CE, const clang::FunctionDecl *Callee, const Via *Through,
              ContextState &St, unsigned V, bool &Dead);
  /// A call through a pointer (transfer/IndirectCall.cpp): a rule naming
  /// its slot, else each target the program stores there is judged as a
  /// direct call would be; the effect is what every target agrees on.
  void indirect(const clang::CallExpr *CE, ContextState &St, unsigned V, bool &Dead);
  const IndirectResolution &resolution(const clang::CallExpr *CE);
  void applySummary(const clang::CallExpr *CE, const clang::FunctionDecl *Callee, const Via *Through,
                    const Summary &CS, ContextState &St, unsigned V, bool &Dead);
  /// Whether the callee may sleep at its entry depth, in the modes this call
  /// fixes: then the call is a sleep (ContextState::Slept).
  static bool sleepsAtEntryDepth(const Summary &CS, const std::map<int, bool> &Known);
  /// The state after the call: the callee's exit effects that apply, joined.
  void applyExitEffects(const clang::CallExpr *CE, const Summary &CS,
                        const std::map<int, bool> &Known, ContextState &St, bool &Dead);
  /// After a callee's exit: what this function holds of a class the callee
  /// only takes and drops afresh stays held (another instance).
  void keepHoldsOfOtherInstances(const Summary &CS, const ContextState &Exit,
                                 const ArgClassFn &Args, const ContextState &Before,
                                 ContextState &After);
  /// A callee that takes or drops a class through what an argument points
  /// to (Summary::LockObjects) acts on that instance: judged as a lock or
  /// unlock of it written here, so one of two instances this function
  /// holds (dup_mmap()'s `mm` and `oldmm`) is not the class as a whole.
  /// Applies: whether an exit is one this call can take (its modes).
  void keepInstancesApart(const clang::CallExpr *CE, const Summary &CS,
                          const std::function<bool(const Valuation &)> &Applies,
                          const ContextState &Before, ContextState &St);
  /// The callee's effect per class of its result (Summary::ByReturn), as a
  /// split of the caller's state on the call's value.
  void splitByReturn(const clang::CallExpr *CE, const Summary &CS, const ContextState &Before,
                     const std::function<bool(const Valuation &)> &Applies, ContextState &St);
  /// What a call passes, as callee summaries need it: every argument when
  /// recording for the link, else only those CS refers to.
  CallSiteFacts callFacts(const clang::CallExpr *CE, const clang::FunctionDecl *Callee,
                          const Via *Through, const Summary *CS) const;
  /// The name rules give an indirect call's target: "struct T::field" for
  /// an ops member, the trampoline's name for static_call(); "" if neither.
  std::string slotName(const clang::Expr *Callee) const;
  /// Arguments that are this function's parameters passed on unchanged
  /// (argument -> parameter): a callee's equality modes move up through them.
  std::map<int, int> passesOf(const clang::CallExpr *CE) const;
  /// Records a call for the link (KeepDetail); returns its index, or -1.
  /// Callee null: the site of a call through a pointer (CallRecord::Slot).
  int recordCall(const clang::CallExpr *CE, const clang::FunctionDecl *Callee, const Via *Through,
                 bool HasBody, const ContextState &St, unsigned V);

  const FunctionEnv &Env;
  WalkRecord &Rec;
  StepTransfer &Steps;
  const PointerTracker &Ptrs;
  /// The places the call being transferred filled (Summary::WritesRcu):
  /// kept when what is under its pointer arguments is forgotten.
  std::vector<PtrPath> FilledHere;
  GuardTransfer &Guards;
  const ValueSplitTransfer &Splits;
  OrderTransfer &Order;
  llvm::DenseMap<std::pair<const clang::CallExpr *, const clang::FunctionDecl *>, int> CallIndex;
  llvm::DenseMap<const clang::CallExpr *, std::unique_ptr<IndirectResolution>> Resolutions;
  /// A rule's steps at one call, resolved once: a loop's fixpoint and the
  /// collecting pass transfer a call more than once, and resolving names
  /// the lock classes of the arguments (string work), a fixed fact of the site.
  const std::vector<ResolvedStep> &resolvedAt(const clang::CallExpr *CE, const FunctionRule &R);
  /// (Keyed by rule too: a call through a pointer is judged as a direct
  /// call to each of its targets, each with its own rule.)
  llvm::DenseMap<std::pair<const clang::CallExpr *, const FunctionRule *>,
                 const std::vector<ResolvedStep> *>
      Resolved;
  /// The distinct resolutions, shared by the sites that resolve alike (a
  /// function taking the same lock at thousands of sites keeps one copy),
  /// bucketed by a hash of what tells them apart most often.
  std::vector<std::unique_ptr<const std::vector<ResolvedStep>>> Distinct;
  llvm::DenseMap<unsigned, llvm::SmallVector<const std::vector<ResolvedStep> *, 1>> DistinctByHash;
  /// A callee's name and rule, looked up once per callee: a function calls
  /// the same few functions at thousands of sites (generated code, switches).
  struct CalleeRule {
    std::string Name;
    const FunctionRule *Rule;
  };
  const CalleeRule &ruleOf(const clang::FunctionDecl *Callee);
  std::unordered_map<const clang::FunctionDecl *, CalleeRule> Rules; // stable references
};

} // namespace rcuctx
