// One translation unit's stores into function-pointer slots, read from its
// whole AST once (lazily: a TU with no call through a pointer never pays):
//   - initializers of struct objects, designated or positional, nested, in
//     arrays of structs, `static const` tables (`.vcpu_run = vmx_vcpu_run`);
//   - assignments `x->f = fn`, `x.f = fn`, `table[i] = fn`;
//   - tables of functions (`static int (*handlers[])(...) = { [A] = fa }`);
//   - static calls: DEFINE_STATIC_CALL's key initializer and
//     static_call_update() (`__static_call_update(&__SCK__name, ..., __F)`),
//     which installs whatever `__F` holds (`kvm_x86_ops.foo`: a slot);
//   - function-pointer variables: a local or file-static one is what its
//     initializer and assignments store; a parameter of a static function
//     that is only ever called directly, and always with the same one
//     function, is that function (callers passing different functions are
//     not told apart: such a parameter stays unknown); any other
//     parameter, a global other files can write, or a variable whose
//     address is taken is unknown.
// A slot whose address is taken (`&ops->f`) escapes: unknown.
//
// It owns the AST reading only; resolving a call is indirect/IndirectTargets.h.
#pragma once

#include "facts/FunctionUses.h"
#include "indirect/SlotTable.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"

#include <map>
#include <string>

namespace rcuctx {

class SlotScan {
public:
  explicit SlotScan(clang::ASTContext &Ctx);

  /// The TU's slots (struct members and static calls): what it exports.
  const SlotTable &table() const { return Table; }
  /// What a function-valued expression may hold: the functions it names,
  /// the slots it reads, or unknown.
  SlotSources sourcesOf(const clang::Expr *E) const;
  /// The slot a member expression of function-pointer type reads ("" if it
  /// is not one): "struct S::f", or a static call's key (`__SCK__x.func`).
  std::string slotOf(const clang::MemberExpr *ME) const;
  /// The slot an element of a function table reads (`handlers[i]`), or "".
  std::string slotOf(const clang::ArraySubscriptExpr *AE) const;
  /// A function this TU names, by name (its definition if it has one).
  const clang::FunctionDecl *function(const std::string &Name) const;
  /// How the code that runs here names functions (recorded in this walk).
  const FunctionUses &uses() const { return Uses; }

private:
  friend class SlotScanVisitor;
  SlotSources varSources(const clang::VarDecl *VD) const;
  void noteFunction(const clang::FunctionDecl *FD) const;

  clang::ASTContext &Ctx;
  SlotTable Table;
  std::multimap<const clang::VarDecl *, const clang::Expr *> VarStores;
  std::set<const clang::VarDecl *> Escaped;
  /// Functions named other than as a direct callee (static ones may then
  /// be called with anything: their parameters are unknown).
  FunctionUses Uses;
  mutable std::map<std::string, const clang::FunctionDecl *> Functions;
  mutable std::map<const clang::VarDecl *, SlotSources> VarMemo;
  mutable std::set<const clang::VarDecl *> InProgress;
};

/// Whether T is a pointer to a function (or a function reference).
bool isFunctionPointer(clang::QualType T);
/// `__SCK__name` (a static call's key variable) -> "name"; "" otherwise.
std::string staticCallOfKey(const clang::Expr *E);
/// Strips what does not change which function an expression denotes:
/// parentheses, casts, a statement expression's value, `&` and `*`.
const clang::Expr *peelFunctionValue(const clang::Expr *E);

} // namespace rcuctx
