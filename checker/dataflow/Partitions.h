// Mode partitions: a function's boolean mode parameters (`bool shared`),
// the integer parameters its body tests directly (`if (flags)`), and its
// parameters' equalities with constants (`switch (reg)` with at most two
// cases, `if (reg == C)`: svm_cache_reg() loads the PDPTRs, and may sleep,
// only for VCPU_EXREG_PDPTR), at most three modes in all, are followed per
// value. Partition V is a bit per tracked mode (keys: transfer/Obligation.h);
// each has its own dataflow states, and what is found carries the valuation.
#pragma once

#include "transfer/Obligation.h"

#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "clang/AST/Stmt.h"

#include <optional>
#include <vector>

namespace rcuctx {

class Partitions {
public:
  /// Chooses the tracked parameters of FD.
  explicit Partitions(const clang::FunctionDecl *FD);

  unsigned count() const { return 1u << Tracked.size(); }
  const std::vector<int> &tracked() const { return Tracked; }
  /// The values partition V gives the tracked parameters.
  Valuation valuation(unsigned V) const;
  /// The value partition V gives mode Key (a parameter's index for its
  /// truth), if it is tracked.
  std::optional<bool> paramValue(int Key, unsigned V) const;
  /// The boolean value an argument of a call has in partition V: a constant,
  /// or one of this function's tracked parameters passed on.
  std::optional<bool> argValue(const clang::Expr *Arg, const clang::ASTContext &Ctx,
                               unsigned V) const;
  /// The value a call gives the callee's mode Key (a callee's tracked key):
  /// from a constant argument, or from this function's own mode passed on.
  std::optional<bool> modeValue(int Key, const clang::CallExpr *CE, const clang::ASTContext &Ctx,
                                unsigned V) const;
  /// Whether partition V's modes can hold together (not `reg == 1` and
  /// `reg == 2`, not `flags == 5` with `flags` false).
  bool feasible(unsigned V) const;
  /// The parameter of this function an argument passes on unchanged (an
  /// integer one a mode key can name).
  std::optional<unsigned> passedParam(const clang::Expr *Arg) const;
  /// Partitions whose paths are compared for imbalance: those that differ
  /// only in integer parameters (`err`) are paths of one protocol; a boolean
  /// mode (`take`) or an equality (`cmd == LOCK`) may legitimately change
  /// what the function returns holding.
  std::vector<std::vector<unsigned>> imbalanceGroups() const;

private:
  const clang::FunctionDecl *FD;
  std::vector<int> Tracked;
  std::vector<unsigned> Assigned; // parameters the body changes
};

/// The equality mode a condition tests (`reg == C`, `reg != C`), with
/// Equal false for `!=`.
std::optional<int> equalityMode(const clang::FunctionDecl *FD, const clang::Expr *Cond, bool &Equal);
/// The parameter a switch dispatches on, if it is one.
std::optional<unsigned> switchedParam(const clang::FunctionDecl *FD, const clang::SwitchStmt *Sw);
/// A case label's constant, if a mode key can hold it.
std::optional<int64_t> caseConstant(const clang::CaseStmt *Case, const clang::ASTContext &Ctx);

} // namespace rcuctx
