// Mode partitions: a function's boolean mode parameters (`bool shared`),
// the integer parameters its body tests directly (`if (flags)`) or one bit
// of (`flags & MPOL_MF_WRLOCK`, or a one-line predicate on a bit:
// `gfpflags_allow_blocking(gfp)`; an operand of `&&`/`||` counts as a
// test), its parameters' equalities with constants (`switch (reg)` with at
// most three cases, or more as below, `if (reg == C)`: svm_cache_reg()
// loads the PDPTRs, and may sleep, only for VCPU_EXREG_PDPTR), and a field
// of a pointer-to-const parameter (an ops table's) that the body tests or
// hands to a callee's equality mode (walk_page_range() passes `ops->walk_lock` to
// process_mm_walk_lock(), which asserts the write lock unless it is
// PGWALK_RDLOCK), at most three modes in all, are followed per value.
// Partition V is a bit per tracked mode (keys: transfer/ModeKey.h); each has
// its own dataflow states, and what is found carries the valuation.
//
// A switch with more cases than that is a mode only in the cases whose
// constants some call in the file passes (PassedConstants), the first three
// of them in source order: `__vma_reservation_common(h, vma, addr,
// VMA_END_RESV)` selects its arm (region_abort(), which does not sleep),
// while a dispatch switch on a command nobody in the file passes
// (`switch (cmd)` of an ioctl handler) is left as one partition. The cases
// not tracked share the partition where no tracked equality holds, which
// follows all of their arms.
//
// A caller evaluates a callee's mode on its argument: a constant, its own
// mode passed on, the bits `flags | MPOL_MF_WRLOCK` sets, or for a field the
// const object the pointer names (`&queue_pages_walk_ops`, also through a
// local initialised from `cond ? &a_ops : &b_ops` with cond a mode).
#pragma once

#include "dataflow/BodyWrites.h"
#include "dataflow/ModeExprs.h"
#include "transfer/Obligation.h"

#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "clang/AST/Stmt.h"

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <vector>

namespace rcuctx {

struct Summary;
using CalleeSummaryLookup = std::function<const Summary *(const clang::FunctionDecl *)>;
/// Whether a call to the function takes or drops a lock or section (its rule
/// or its summary's exits): a test guarding one may make a plain object's
/// field a mode.
using CalleeChangesContext = std::function<bool(const clang::FunctionDecl *)>;

class LocalFieldStores;

/// The integer constants the file's direct calls pass, per callee (its
/// definition) and parameter (TuAnalysis fills it while finding the calls).
class PassedConstants {
public:
  void add(const clang::FunctionDecl *Callee, unsigned Param, int64_t Value) {
    Of[{Callee, Param}].insert(Value);
  }
  bool passes(const clang::FunctionDecl *Callee, unsigned Param, int64_t Value) const {
    auto It = Of.find({Callee, Param});
    return It != Of.end() && It->second.count(Value);
  }
  void clear() { Of.clear(); }

private:
  std::map<std::pair<const clang::FunctionDecl *, unsigned>, std::set<int64_t>> Of;
};

class Partitions {
public:
  /// Chooses the tracked parameters of FD; with Lookup, also the fields of
  /// its pointer parameters it passes to its callees' equality modes; with
  /// ChangesContext, the fields of plain objects whose test guards a lock
  /// call; with CallsPass, the cases of a big switch that calls select.
  explicit Partitions(const clang::FunctionDecl *FD, const CalleeSummaryLookup *Lookup = nullptr,
                      const CalleeChangesContext *ChangesContext = nullptr,
                      const PassedConstants *CallsPass = nullptr);
  ~Partitions();
  Partitions(const Partitions &) = delete;
  Partitions &operator=(const Partitions &) = delete;

  unsigned count() const { return 1u << Tracked.size(); }
  /// What the body writes (dataflow/BodyWrites.h), read once per function
  /// here: the walk's other readers ask for it.
  const BodyWrites &writes() const { return Writes; }
  /// The locals that stand for a parameter: their tests are its modes'.
  const ParamAliases &aliases() const { return Aliases; }
  const std::vector<int> &tracked() const { return Tracked; }
  /// The values partition V gives the tracked parameters.
  Valuation valuation(unsigned V) const;
  /// The value partition V gives mode Key (a parameter's index for its
  /// truth), if it is tracked; an equality that is not is false where one
  /// of the same parameter (or field) with another constant holds.
  std::optional<bool> paramValue(int Key, unsigned V) const;
  /// The boolean value an argument of a call has in partition V: a constant,
  /// or one of this function's tracked parameters passed on.
  std::optional<bool> argValue(const clang::Expr *Arg, const clang::ASTContext &Ctx,
                               unsigned V) const;
  /// The value a call gives the callee's mode Key (a callee's tracked key):
  /// from a constant argument, or from this function's own mode passed on.
  std::optional<bool> modeValue(int Key, const clang::CallExpr *CE, const clang::ASTContext &Ctx,
                                unsigned V) const;
  /// The value in partition V of a condition that is a tracked mode (a
  /// parameter, `flags & BIT`, `reg == C`, `ops->f == C`, negated or not).
  std::optional<bool> conditionValue(const clang::Expr *Cond, unsigned V) const;
  /// Whether any of the bit modes Bits is set in partition V: true where a
  /// tracked one is, false where all are tracked and clear.
  std::optional<bool> anyBitValue(const std::vector<int> &Bits, unsigned V) const;
  /// Bit B of an integer argument in partition V, if known.
  std::optional<bool> bitValue(const clang::Expr *Arg, unsigned B, unsigned V) const;
  /// The bits of an integer argument known in partition V: (mask, values).
  std::pair<uint64_t, uint64_t> knownBits(const clang::Expr *Arg, unsigned V) const;
  /// The integer fields (index < ModeFields, value < ModeFieldConstants) of
  /// the const object a pointer argument names in partition V, or of the
  /// local object whose address the call CE passes, where known at CE.
  std::map<int, int64_t> objectFields(const clang::Expr *Arg, unsigned V,
                                      const clang::CallExpr *CE = nullptr) const;
  /// Whether field F of what a pointer argument of the call CE points to
  /// equals C.
  std::optional<bool> fieldEquals(const clang::Expr *Arg, unsigned F, int64_t C, unsigned V,
                                  const clang::CallExpr *CE = nullptr) const;
  /// Whether partition V's modes can hold together (not `reg == 1` and
  /// `reg == 2`, not `flags == 5` with `flags` false).
  bool feasible(unsigned V) const;
  /// The parameter of this function an argument passes on unchanged (an
  /// integer one a mode key can name).
  std::optional<unsigned> passedParam(const clang::Expr *Arg) const;
  /// The field of what this function's pointer parameter points to that an
  /// argument passes on (`ops->walk_lock`): (parameter, field index), where
  /// the parameter is not assigned.
  std::optional<std::pair<unsigned, unsigned>> passedField(const clang::Expr *Arg) const;
  /// Partitions whose paths are compared for imbalance: those that differ
  /// only in integer parameters (`err`) are paths of one protocol; a boolean
  /// mode (`take`) or an equality (`cmd == LOCK`) may legitimately change
  /// what the function returns holding.
  std::vector<std::vector<unsigned>> imbalanceGroups() const;

private:
  const clang::VarDecl *constObjectOf(const clang::Expr *Arg, unsigned V, int Depth) const;
  /// Whether field F of what this function's parameter P points to equals
  /// C, by its own field modes in partition V.
  std::optional<bool> ownFieldEquals(unsigned P, unsigned F, int64_t C, unsigned V) const;

  /// Field F of the local object whose address the call CE passes, as
  /// an integer in partition V (dataflow/LocalFields.h); where only its
  /// truth is known, nullopt with NonZero set.
  std::optional<int64_t> localFieldValue(const clang::Expr *Arg, unsigned F, unsigned V,
                                         const clang::CallExpr *CE, bool *NonZero = nullptr) const;

  const clang::FunctionDecl *FD;
  std::vector<int> Tracked;
  std::vector<int> GuardKeys; // tracked plain-object fields that direct a lock call
  mutable std::unique_ptr<LocalFieldStores> Locals; // built at the first query
  BodyWrites Writes; // the parameters and locals the body changes
  ParamAliases Aliases; // locals that stand for a parameter
};

/// The mode a condition tests, other than a parameter's truth: `reg == C`
/// / `reg != C` (Equals), `ops->f == C` (FieldEquals), `flags & BIT` (Bit);
/// Positive is false where the mode's truth makes the condition false (`!=`).
/// With Aliases, a local alias of a parameter is tested as the parameter.
std::optional<int> conditionMode(const clang::FunctionDecl *FD, const clang::Expr *Cond, bool &Positive,
                                 const ParamAliases *Aliases = nullptr);

/// The bit modes of a mask a condition tests (`flags & (A | B)`, also `!=
/// 0` / `== 0` of it, and negated): true where any of them is set;
/// Positive is false where that makes the condition false.
std::vector<int> maskMode(const clang::FunctionDecl *FD, const clang::Expr *Cond, bool &Positive,
                          const ParamAliases *Aliases = nullptr);

/// The equality mode a condition tests (`reg == C`, `reg != C`), with
/// Equal false for `!=`.
std::optional<int> equalityMode(const clang::FunctionDecl *FD, const clang::Expr *Cond, bool &Equal,
                                const ParamAliases *Aliases = nullptr);
/// The parameter a switch dispatches on, if it is one.
std::optional<unsigned> switchedParam(const clang::FunctionDecl *FD, const clang::SwitchStmt *Sw,
                                      const ParamAliases *Aliases = nullptr);
/// A case label's constant, if a mode key can hold it.
std::optional<int64_t> caseConstant(const clang::CaseStmt *Case, const clang::ASTContext &Ctx);

} // namespace rcuctx
