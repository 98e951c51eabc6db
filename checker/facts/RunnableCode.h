// Which of a TU's declarations hold code that can run in it: the walks over
// the whole TU (indirect/SlotScan.cpp's stores into function-pointer slots,
// facts/FunctionUses.cpp's named functions) look only there, through
// RunnableCodeVisitor.
//
// A kernel TU includes headers that define thousands of static inline
// functions; one that nothing here references never runs here (a TU that
// calls it sees it there), and walking them all was most of those walks'
// cost. Records, enums, typedefs and prototypes hold no code.
#pragma once

#include "facts/MainFile.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/AST/RecursiveASTVisitor.h"

namespace rcuctx {

/// Whether FD's body (if it has one) can run in this TU: unless it is a
/// static function outside the main file that nothing here references and
/// the TU need not emit (an external definition in an included .c file, as
/// kernel/sched/build_policy.c includes rt.c, `used`, constructors).
inline bool bodyMayRunHere(const clang::FunctionDecl *FD, clang::ASTContext &Ctx,
                           const MainFileSpan &Main) {
  return !FD->doesThisDeclarationHaveABody() || FD->isExternallyVisible() || FD->isReferenced() ||
         FD->isUsed() || Main.contains(FD->getLocation()) || Ctx.DeclMustBeEmitted(FD);
}

/// A top-level declaration that can hold code: a variable (its
/// initializer) or a function definition.
inline bool holdsCode(const clang::Decl *D) {
  if (const auto *FD = llvm::dyn_cast<clang::FunctionDecl>(D))
    return FD->doesThisDeclarationHaveABody();
  return llvm::isa<clang::VarDecl>(D);
}

/// A RecursiveASTVisitor over the code that can run in this TU: the
/// top-level declarations that hold code, bodies that may run here, no
/// types (an expression in typeof() is not evaluated; a parameter has no
/// initializer in C). Derived classes add Visit* methods and call
/// walkRunnableCode() once.
template <typename Derived> class RunnableCodeVisitor : public clang::RecursiveASTVisitor<Derived> {
  using Base = clang::RecursiveASTVisitor<Derived>;

public:
  explicit RunnableCodeVisitor(clang::ASTContext &Ctx) : Ctx(Ctx), Main(Ctx.getSourceManager()) {}

  bool TraverseFunctionDecl(clang::FunctionDecl *FD) {
    return !bodyMayRunHere(FD, Ctx, Main) || Base::TraverseFunctionDecl(FD);
  }
  bool TraverseTypeLoc(clang::TypeLoc) { return true; }

  void walkRunnableCode() {
    for (clang::Decl *D : Ctx.getTranslationUnitDecl()->decls())
      if (holdsCode(D))
        static_cast<Derived *>(this)->TraverseDecl(D);
  }

protected:
  clang::ASTContext &Ctx;
  MainFileSpan Main;
};

} // namespace rcuctx
