// Turns source constructs into facts the transfer functions understand: the
// rule steps of a call or macro with their arguments resolved (lock classes,
// SRCU domains, GFP flags, lockdep conditions). Knows the AST; knows nothing
// of the dataflow.
#pragma once

#include "facts/MacroIndex.h"
#include "rules/Rules.h"
#include "transfer/Obligation.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"

#include <functional>
#include <map>
#include <set>
#include <optional>
#include <string>
#include <tuple>
#include <unordered_map>
#include <vector>

namespace rcuctx {

/// A type as lock classes and the rules spell it: unqualified, with its tag
/// keyword ("struct kvm", "spinlock_t").
std::string typeName(clang::QualType T, const clang::ASTContext &Ctx);

/// One rule step with its arguments resolved at a site.
struct ResolvedStep {
  StepOp Op = StepOp::Need;
  std::string Key;           // counter key or lock class; empty: unknown lock
  uint8_t Modes = 0;         // lock mode (LB_Read / LB_Write)
  bool Spins = true;
  std::string LockText;      // which instance (lockInstance(); instance checks)
  bool ByClass = false;      // Release: named by its class (a rule's `lock_class:`), no instance
  bool SuccessZero = false;  // TryAcquire: taken when the call returns 0
  /// Acquire/TryAcquire: the object the lock is a field of, when a caller
  /// may name it better than its type does: "$N.path" (what parameter N
  /// points to) or "G.path" (the global object G; lattice/LockNesting.h).
  std::string Object;
  /// Acquire/TryAcquire: lockdep's subclass (0: the class itself; N > 0:
  /// the class "Key/N"; -1: given but not a constant the analysis can read).
  int Subclass = 0;
  std::optional<bool> LockSpins; // Need on a lock: whether its type spins, if known

  enum GfpKind { GfpAlways, GfpNever, GfpOnParam } Gfp = GfpAlways;
  int GfpParam = -1;
  std::string GfpText;
  bool Resched = false;      // Sleep: a reschedule point, no blocking op
  bool OutsideInterrupt = false; // Sleep: not in interrupt context (FunctionRule Step)
  bool FaultOnly = false;        // Sleep: only with page faults enabled (FunctionRule Step)

  std::vector<Atom> AnyOf;   // Need: any of these
  bool AlwaysTrue = false;   // Need: the condition is constant true
  bool Escape = false;       // Need: the condition has a term we cannot evaluate
  bool Assertion = false;
  bool HasLockCondition = false; // Need: the condition names a lock (rcuctx-lockdep-condition)

  /// TakeRef: the variables the argument names (a reference is taken on
  /// what they point to). Yield: on the true branch only.
  std::vector<const clang::ValueDecl *> RefVars;
  bool OnTrue = false;

  /// Need: the RCU list a traversal walks; ListUpdate: the list an entry is
  /// added to or removed from. Named by the member linking the entries
  /// ("struct pci_mmcfg_region::list"); "" where it cannot be named.
  std::string ListKey;

  /// AssumeFalse: (parameter, value) pairs any of which makes the asserted
  /// condition true, i.e. the path impossible in the developer's view.
  std::vector<std::pair<int, bool>> FailsWhen;

  const clang::FunctionDecl *EntryFn = nullptr; // Entry: the function registered
  std::string EntryContext, What;               // Entry: its context and role
  std::vector<std::string> EntryHolds;          // Entry: locks held around it

  /// Every member, for sharing one resolution between the sites that resolve
  /// alike (CallTransfer::resolvedAt). A new member goes in here too.
  auto tied() const {
    return std::tie(Op, Key, Modes, Spins, LockText, ByClass, SuccessZero, Object, Subclass, LockSpins, Gfp,
                    GfpParam, GfpText, Resched, OutsideInterrupt, FaultOnly, AnyOf, AlwaysTrue, Escape,
                    Assertion, HasLockCondition, RefVars, OnTrue, FailsWhen, EntryFn, EntryContext, EntryHolds,
                    What, ListKey);
  }
  bool operator==(const ResolvedStep &O) const { return tied() == O.tied(); }
};

/// The arguments at a site: how many were written, and the expression of
/// each (null when it exists but could not be located in the AST).
struct SiteArgs {
  unsigned Count = 0;
  std::function<const clang::Expr *(unsigned)> Get;
  /// A rule macro's argument as written, where it is an integer constant
  /// (MacroInvocation::ArgValues): read when the expansion drops it.
  std::function<std::optional<int64_t>(unsigned)> Written;
  /// A rule macro's argument as written, where it is one identifier (a
  /// member name: list_for_each_entry_rcu(pos, head, member)); "" if not.
  std::function<std::string(unsigned)> Ident;
  const clang::Expr *operator()(unsigned I) const { return I < Count ? Get(I) : nullptr; }
};
using ArgFn = SiteArgs;

class FactExtractor {
public:
  FactExtractor(clang::ASTContext &Ctx, const RuleSet &Rules, const MacroIndex &Macros);

  /// The lock class an expression names ("struct kvm::mmu_lock", a global's
  /// name, "$N" for parameter N of Fn), or "" when it cannot be named.
  std::string lockClass(const clang::Expr *E, const clang::FunctionDecl *Fn) const;
  /// A local pointer that only ever holds one lock class's address (or
  /// NULL): that class; "" if not (`m2 = &inode->i_rwsem` after a try-lock).
  std::string lockPointerClass(const clang::VarDecl *VD, const clang::FunctionDecl *Fn) const;
  /// The object a lock expression is a field of (ResolvedStep::Object).
  std::string lockObject(const clang::Expr *E, const clang::FunctionDecl *Fn) const;
  /// The object a call argument points to, as far as a lock class can name
  /// it (ArgFacts::LockObject): a global object or a field of one
  /// (`&init_mm` "init_mm", `&the_dev.b` "the_dev.b"), Fn's parameter N
  /// ("$N") or a field of what it points to (`&d->b` "$N.b"); "" for
  /// anything else -- a global *pointer* may point to any object.
  std::string pointedObject(const clang::Expr *E, const clang::FunctionDecl *Fn) const;
  /// lockdep's subclass an argument gives (a constant 0..7), or -1.
  int subclassOf(const clang::Expr *E) const;
  /// Which instance a lock expression names, to tell two instances of one
  /// class apart (ResolvedStep::LockText): built from the expression, so
  /// two macros around one lock (`mtree_lock(t)` and `mtree_unlock(t)`,
  /// each `spin_lock((&(mt)->ma_lock))` inside) name the same instance.
  std::string lockInstance(const clang::Expr *E) const;
  /// The instance a callee's lock of what its parameter points to is in
  /// the caller (Summary::LockObjects): lockInstance() of `&Arg->Path`
  /// (`&A.Path` where Arg is `&A`), so a wrapper's unlock and the caller's
  /// own lock of one object match; "" where the path is not a field chain
  /// of Arg's type.
  std::string memberInstance(const clang::Expr *Arg, llvm::StringRef Path) const;

  /// The steps of Rule at a site whose arguments ArgAt gives.
  std::vector<ResolvedStep> resolve(const FunctionRule &Rule, const ArgFn &ArgAt,
                                    const clang::FunctionDecl *Fn) const;

  /// Whether the lock an expression points to spins, from its declared type
  /// (rules' lock_types), when the rules know the type.
  std::optional<bool> lockTypeSpins(const clang::Expr *E) const;
  /// The same, for a lock's type itself (spinlock_t, struct mutex).
  std::optional<bool> typeSpins(clang::QualType T) const;

  /// The function an expression refers to (`fn`, `&fn`, `(void *)fn`), if any.
  static const clang::FunctionDecl *functionRef(const clang::Expr *E);

  /// The RCU list an entry's link belongs to (`&cfg->list`: "struct
  /// pci_mmcfg_region::list"), or "" (ResolvedStep::ListKey).
  std::string listLink(const clang::Expr *Link) const;
  /// The list an update's link argument belongs to, in Fn: listLink(), or
  /// "$N" where it is Fn's parameter N (named at each call), or "?".
  std::string updatedList(const clang::Expr *Link, const clang::FunctionDecl *Fn) const;
  /// The same from an entry cursor and the member it is linked through.
  std::string listLink(const clang::Expr *Cursor, llvm::StringRef Member) const;
  /// Per RCU list, the locks held at every update of it in this file
  /// (TuAnalysis's first pass, Summary::ListUpdates): a traversal's need is
  /// met under any of them too. Null: none known (the first pass).
  void setListUpdaters(const std::map<std::string, std::vector<std::string>> *U) const { ListUpdaters = U; }

  /// The field a pointer is read from (`in_dev->ifa_list`: "struct
  /// in_device::ifa_list"), or "" where the read is no member access.
  std::string fieldOf(const clang::Expr *Read) const;
  /// The lock classes that keep the field Read names stable, so a pointer
  /// read from it with one held stays valid until that lock is released:
  /// the rules' update_side_locks, and once setProtectedFields() gave them,
  /// the locks this file's lockdep-checked reads of the field accept.
  std::vector<std::string> updateSideLocks(const clang::Expr *Read) const;
  /// Per field, the locks the lockdep conditions of this file's reads of it
  /// accept, as resolve() met them: rcu_dereference_protected(p->f,
  /// lockdep_is_held(&l)) and rtnl_dereference(p->f) say the field's
  /// updaters hold l (rtnl_mutex), so holding it keeps what was read stable.
  const std::map<std::string, std::set<std::string>> &protectedReads() const { return ProtectedReads; }
  /// What updateSideLocks() adds to the rules' (TuAnalysis's second pass:
  /// a first pass met every read); null: nothing.
  void setProtectedFields(const std::map<std::string, std::set<std::string>> *P) const {
    ProtectedFields = P;
  }

  /// Source text of an expression as the user wrote it (shortened).
  std::string textOf(const clang::Expr *E) const;

  /// Evaluates a gfp_t expression: always / never allows direct reclaim,
  /// or depends on parameter N of Fn.
  ResolvedStep::GfpKind gfp(const clang::Expr *E, const clang::FunctionDecl *Fn,
                            int &ParamOut) const;

  const MacroIndex &macros() const { return Macros; }
  /// The invocations of the kernel's declaration annotations (__must_hold,
  /// __acquires, ...): usually none, so looked through once, not per function.
  const std::vector<const MacroInvocation *> &annotationMacros() const;
  const RuleSet &rules() const { return Rules; }
  clang::ASTContext &astContext() const { return Ctx; }
  /// typeName(T), printed once per type of this translation unit: a lock's
  /// class names its type at every call site that takes it.
  const std::string &typeNameOf(clang::QualType T) const;

private:
  mutable const std::map<std::string, std::vector<std::string>> *ListUpdaters = nullptr;
  mutable std::map<std::string, std::set<std::string>> ProtectedReads;
  mutable const std::map<std::string, std::set<std::string>> *ProtectedFields = nullptr;
  /// `_T->lock` / `_t.lock` where the local `_t` was initialised with
  /// `{ .lock = X }` (and `_T = &_t`): X, else null.
  static const clang::Expr *localFieldInit(const clang::MemberExpr *ME);
  void conditionAtoms(const clang::Expr *C, const clang::FunctionDecl *Fn,
                      ResolvedStep &Out) const;
  /// Atoms of a warn-if condition's negation: `!a && !b` needs a or b.
  void negatedConditionAtoms(const clang::Expr *C, const clang::FunctionDecl *Fn,
                             ResolvedStep &Out) const;
  void contextAtoms(const std::string &Context, const clang::Expr *DomainArg,
                    const clang::FunctionDecl *Fn, std::vector<Atom> &Out) const;
  std::optional<bool> predicateAtoms(const clang::Expr *C, const clang::FunctionDecl *Fn,
                                     ResolvedStep &Out) const;
  uint64_t reclaimMask() const;

  clang::ASTContext &Ctx;
  const RuleSet &Rules;
  const MacroIndex &Macros;
  mutable std::map<const clang::VarDecl *, std::string> LockPointerClasses;
  mutable std::optional<uint64_t> CachedMask;
  mutable std::optional<std::vector<const MacroInvocation *>> CachedAnnotations;
  /// typeNameOf()'s names, by unqualified type (node-based: references stay valid).
  mutable std::unordered_map<const void *, std::string> TypeNames;
};

} // namespace rcuctx
