// Mode partitions: a function's boolean mode parameters (`bool shared`) and
// the integer parameters its body tests directly (`if (flags)`), at most
// three, are followed per value. Partition V is a bit per tracked parameter;
// each has its own dataflow states, and what is found carries the valuation.
#pragma once

#include "transfer/Obligation.h"

#include "clang/AST/Decl.h"

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
  /// The value partition V gives parameter Param, if it is tracked.
  std::optional<bool> paramValue(int Param, unsigned V) const;
  /// The boolean value an argument of a call has in partition V: a constant,
  /// or one of this function's tracked parameters passed on.
  std::optional<bool> argValue(const clang::Expr *Arg, const clang::ASTContext &Ctx,
                               unsigned V) const;
  /// Partitions whose paths are compared for imbalance: those that differ
  /// only in integer parameters (`err`) are paths of one protocol; a boolean
  /// mode (`take`) may legitimately change what the function returns holding.
  std::vector<std::vector<unsigned>> imbalanceGroups() const;

private:
  const clang::FunctionDecl *FD;
  std::vector<int> Tracked;
};

} // namespace rcuctx
