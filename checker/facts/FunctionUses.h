// Which functions a TU's runnable code names, and how: as the callee of a
// call, or otherwise (its address taken: a pointer may then call it from
// anywhere, with any arguments). One fact, read by the slot scan (a static
// function's function-pointer parameter is known only if every use of the
// function is a direct call: indirect/SlotScan.cpp) and by the TU driver
// (boot-only functions, RCU list updaters: summaries/TuAnalysis.cpp). The
// slot scan records it during its own walk; scanFunctionUses() walks for it
// alone when there is no slot scan.
#pragma once

#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"

#include <set>

namespace rcuctx {

class FunctionUses {
public:
  /// Whether F is named other than as the callee of a call.
  bool isTaken(const clang::FunctionDecl *F) const { return Taken.count(canonical(F)) > 0; }
  /// Whether some call expression calls F by name.
  bool isCalled(const clang::FunctionDecl *F) const { return Called.count(canonical(F)) > 0; }

  /// For a walk in preorder (RecursiveASTVisitor's): a call is noted before
  /// the references inside it, so its callee's reference is known as one.
  void noteCall(const clang::CallExpr *CE);
  void noteRef(const clang::DeclRefExpr *DR);

private:
  static const clang::FunctionDecl *canonical(const clang::FunctionDecl *F) {
    const clang::FunctionDecl *Def = F->getDefinition();
    return Def ? Def : F;
  }
  std::set<const clang::Expr *> Callees;
  /// By definition where there is one.
  std::set<const clang::FunctionDecl *> Taken;
  /// Called by name in some call expression (not a cleanup attribute's
  /// function, which no call expression names).
  std::set<const clang::FunctionDecl *> Called;
};

/// The uses in the code that can run in this TU (facts/RunnableCode.h).
FunctionUses scanFunctionUses(clang::ASTContext &Ctx);

} // namespace rcuctx
