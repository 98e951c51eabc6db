// Which functions a call through a pointer may reach, from the program's own
// stores (indirect/SlotScan.h): the callee expression names a slot (an ops
// member, a static call's trampoline) or a function-pointer variable, and
// the slot's targets are everything stored into it, through copies between
// slots. The whole-program tool adds the other files' stores (import()).
//
// It owns the resolution and its bookkeeping (--indirect-stats); the
// semantics of a resolved call live in transfer/IndirectCall.cpp.
#pragma once

#include "indirect/SlotScan.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Expr.h"

#include <memory>
#include <string>
#include <vector>

namespace rcuctx {

struct IndirectResolution {
  enum Kind { OpsMember, StaticCall, LocalPointer, Table, Unknown };
  Kind K = Unknown;
  std::string Slot;    // "struct S::f", "static_call(name)", "" for a variable
  std::string Written; // the callee as written, for messages
  bool Resolved = false; // every value reaching the call is named
  struct Target {
    std::string Name;
    const clang::FunctionDecl *Fn = nullptr; // when this TU declares it
  };
  std::vector<Target> Targets; // by name
};

const char *indirectKindName(IndirectResolution::Kind K);

/// What a message adds after a target's name: " (through 'ops->f', one of
/// 2 functions stored in 'struct S::f')"; Slot "" for a variable.
std::string describeVia(const std::string &Written, const std::string &Slot, size_t Targets);

class IndirectTargets {
public:
  explicit IndirectTargets(clang::ASTContext &Ctx) : Ctx(Ctx) {}

  /// The other files' stores (whole-program phase 2), merged with this TU's.
  void import(const SlotTable &Global) { Imported = &Global; }

  /// The targets of a call whose callee is not a function (Written only
  /// with WithText: the call graph needs the targets alone).
  IndirectResolution resolve(const clang::CallExpr *CE, bool WithText = true) const;

  /// This TU's own stores (for its summary file).
  const SlotTable &localTable() const { return scan().table(); }
  /// How this TU's code names functions: the slot scan's walk records it.
  const FunctionUses &functionUses() const { return scan().uses(); }

private:
  const SlotScan &scan() const;
  std::optional<std::set<std::string>> targetsOfSlot(const std::string &Slot) const;

  clang::ASTContext &Ctx;
  const SlotTable *Imported = nullptr;
  mutable std::unique_ptr<SlotScan> Scan;
  mutable std::unique_ptr<SlotTable> Merged;
};

} // namespace rcuctx
