// What the walk needs to know about a function's body before it starts,
// found in one pass over its AST and CFG: which CFG elements belong to a
// rule macro's expansion (and where its steps take effect), the statements
// its arguments are searched in, guard variables (`guard(rcu)()`), locals
// assigned an accessor's value, and the branches of ifs on runtime state
// (where a requirement is conditional, or a lockdep assertion a waiver).
//
// Read-only once built; it never looks at contexts or states.
#pragma once

#include <functional>

#include "dataflow/BodyWrites.h"
#include "dataflow/ModeExprs.h"
#include "facts/FactExtractor.h"
#include "facts/SourceRangeSet.h"
#include "lattice/RcuPointer.h"

#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "clang/Analysis/CFG.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"

#include <map>
#include <unordered_map>
#include <utility>
#include <vector>

namespace rcuctx {

class BodyIndex {
public:
  /// Writes: what the body writes (Partitions::writes(); read here when
  /// absent). Aliases: the locals that stand for a parameter
  /// (Partitions::aliases()): tested, they are modes, not runtime state.
  BodyIndex(const clang::FunctionDecl *FD, const FactExtractor &FX,
            const std::vector<const clang::CFGBlock *> &Rpo, const BodyWrites *Writes = nullptr,
            const ParamAliases *Aliases = nullptr);

  /// The rule macro whose expansion produced S, if any.
  const MacroInvocation *ownerOf(const clang::Stmt *S) const {
    auto It = Owner.find(S);
    return It == Owner.end() ? nullptr : It->second;
  }
  /// Whether (Block, Index) is the element where Inv's steps take effect:
  /// its first element in reverse post-order.
  bool isFirstElement(const MacroInvocation *Inv, unsigned Block, unsigned Index) const {
    auto It = FirstElem.find(Inv);
    return It != FirstElem.end() && It->second == std::make_pair(Block, Index);
  }
  /// The arguments of a rule macro's invocation, as expressions.
  SiteArgs macroArgs(const MacroInvocation *Inv) const;
  /// Its rule's steps resolved at the invocation (none if no rule names it),
  /// resolved once: the transfer (both passes, each loop visit) and the
  /// pointer tracker read them again and again.
  const std::vector<ResolvedStep> &macroSteps(const MacroInvocation *Inv) const;
  /// The call a rule macro's expansion is, when it is one call
  /// (`mutex_lock_interruptible(l)` is `mutex_lock_interruptible_nested(l,
  /// 0)` under lockdep): what a local stores as the macro's value.
  const clang::CallExpr *macroCall(const MacroInvocation *Inv) const;
  /// The value of a file-scope enumerator named Name (a subclass written as
  /// I_MUTEX_PARENT where the expansion dropped it).
  std::optional<int64_t> enumeratorValue(const std::string &Name) const;
  /// The rule macro an expression is wholly the expansion of, if any.
  const MacroInvocation *wholeAccessor(const clang::Expr *E) const;
  /// The guard variable a call initialises (`class_x_t v __cleanup(...) = ctor(...)`).
  const clang::VarDecl *guardInitialised(const clang::CallExpr *CE) const {
    auto It = GuardInit.find(CE);
    return It == GuardInit.end() ? nullptr : It->second;
  }
  /// `p = rcu_dereference(gp)` and `T *p = rcu_dereference(gp)`: the place
  /// assigned and the accessor invocation.
  const std::pair<PtrPath, const MacroInvocation *> *accessorAssignment(const clang::Stmt *S) const {
    auto It = AccessorAssign.find(S);
    return It == AccessorAssign.end() ? nullptr : &It->second;
  }
  /// A member access or subscript whose address the function compares
  /// (`&p->f == head`): computing it does not dereference p.
  bool addressOnly(const clang::Stmt *S) const { return AddressOnly.contains(S); }
  /// Inside a branch of an if on runtime state: a requirement there holds
  /// only when that condition does (Obligation::Conditional).
  bool inGuard(clang::SourceLocation Loc) const { return Guards.contains(Loc); }
  /// The innermost if on runtime state whose branch holds Loc: its index,
  /// the arm (0 then, 1 else), and whether the if itself sits in a guard.
  struct GuardArm {
    unsigned If = 0;
    unsigned Arm = 0;
    bool Nested = false;
  };
  std::optional<GuardArm> guardArm(clang::SourceLocation Loc) const;
  /// Inside a branch of a lockdep-only if on runtime state: an assertion
  /// there is a waiver (`if (IS_ENABLED(CONFIG_PROVE_LOCKING) &&
  /// refcount_read(&kvm->users_count) && kvm->created_vcpus)
  /// lockdep_assert_held_write(&kvm->mmu_lock)`), not a requirement.
  bool inWaiver(clang::SourceLocation Loc) const { return Waivers.contains(Loc); }
  /// Inside the branch an `if` takes when a test that holds only inside a
  /// counting context is true (a rule's `implies`: `if (in_hardirq())`,
  /// also as a conjunct of `&&`): that context is in force there, so an
  /// assertion of it is met. CounterKey: ctx::Irq, ctx::Preempt, ...
  bool impliedAt(const std::string &CounterKey, clang::SourceLocation Loc) const {
    auto It = Implied.find(CounterKey);
    return It != Implied.end() && It->second.contains(Loc);
  }

  /// Inside the branch an `if` takes when the code is not atomic as far as
  /// its own test says (`if (!in_atomic() && !irqs_disabled())`, through a
  /// local set once to such a test, as i915's intel_guc_send_busy_loop()
  /// does; a rule's `atomic-test`): a sleep there is not one in atomic
  /// context (dataflow/SleepableBranches.cpp).
  bool sleepableAt(clang::SourceLocation Loc) const { return Sleepable.contains(Loc); }

private:
  /// A condition on runtime state (a call, a field), not on this function's
  /// mode parameters (`if (shared)`), which the partitions follow.
  bool testsRuntimeState(const clang::Expr *Cond) const;
  /// Whether the condition also asks if lockdep is on (a waiver's marker).
  bool mentionsLockdep(const clang::Expr *Cond) const;
  /// Records the then-branch of If where a conjunct of its condition is a
  /// test with a rule's `implies` (Implied).
  void noteImplied(const clang::IfStmt *If);
  /// The rule of C when C is one call of a rule's function or one rule
  /// macro's whole expansion (`in_hardirq()`, not `!in_hardirq()`).
  const FunctionRule *wholeRuleTest(const clang::Expr *C) const;
  /// Sleepable: the then-branches of Ifs whose condition says, as a
  /// conjunct, that the code is not atomic, itself or through a local
  /// (Inits: each local's initialiser) the body never writes again.
  void noteSleepable(const std::vector<const clang::IfStmt *> &Ifs,
                     const llvm::DenseMap<const clang::VarDecl *, const clang::Expr *> &Inits);
  /// Cond says so; SetOnce answers whether a local is never written again.
  bool saysNotAtomic(const clang::Expr *Cond,
                     const llvm::DenseMap<const clang::VarDecl *, const clang::Expr *> &Inits,
                     const std::function<bool(const clang::VarDecl *)> &SetOnce, unsigned Depth) const;

  /// The recorded macro invocation that owns Loc (MacroIndex::owner()),
  /// not asked in a body where none is written.
  const MacroInvocation *invocationAt(clang::SourceLocation Loc) const;

  const clang::FunctionDecl *FD;
  const FactExtractor &FX;
  const clang::SourceManager &SM;
  const BodyWrites *Writes;
  const ParamAliases *Aliases;
  /// Some recorded invocation is written in the body: owners to look up.
  bool AnyMacro = true;
  mutable std::unordered_map<const MacroInvocation *, std::vector<ResolvedStep>> Steps;
  llvm::DenseMap<const clang::Stmt *, const MacroInvocation *> Owner;
  llvm::DenseMap<const MacroInvocation *, std::pair<unsigned, unsigned>> FirstElem;
  llvm::DenseMap<const MacroInvocation *, std::vector<const clang::Stmt *>> Owned;
  llvm::DenseMap<const clang::CallExpr *, const clang::VarDecl *> GuardInit;
  llvm::DenseMap<const clang::Stmt *, std::pair<PtrPath, const MacroInvocation *>> AccessorAssign;
  llvm::DenseSet<const clang::Stmt *> AddressOnly;
  void markAddressOnly(const clang::Expr *Place);
  SourceRangeSet Guards, Waivers, Sleepable;
  /// The ifs behind Guards, with each arm's expansion range (an empty one
  /// for a missing else).
  struct GuardIf {
    clang::SourceLocation IfLoc;
    std::pair<clang::SourceLocation, clang::SourceLocation> Arms[2];
  };
  std::vector<GuardIf> GuardIfs;
  std::map<std::string, SourceRangeSet> Implied;
};

} // namespace rcuctx
