#include "bodyfacts/HandOff.h"

#include "facts/StmtWalk.h"
#include "lattice/ContextKey.h"

#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"

using namespace clang;
using namespace rcuctx;

bool HandOffs::returnsOwnerOf(const std::string &K) const {
  QualType T = FD->getReturnType();
  if (!T->isPointerType())
    return false;
  std::string Owner = FX.typeNameOf(T->getPointeeType()) + "::";
  return K.compare(0, Owner.size(), Owner) == 0;
}

bool HandOffs::declaredHandOff(const std::string &K) const {
  if (!Declared)
    Declared = declaredContexts(FD, FX);
  for (const DeclaredContext &D : *Declared)
    if (D.K != DeclaredContext::Requires && D.What.Key == K)
      return true;
  return false;
}

/// Whether T is a pointer to a lock type the rules know (spinlock_t *).
static bool isLockPointer(QualType T, const FactExtractor &FX) {
  if (!T->isPointerType())
    return false;
  std::string Name = FX.typeNameOf(T->getPointeeType());
  return FX.rules().LockTypeSpins.count(Name) > 0;
}

bool HandOffs::storesLockForCaller() const {
  if (StoresLock)
    return *StoresLock;
  StoresLock = false;
  forEachStmt(FD->getBody(), [&](const Stmt *S) {
    // A helper given the caller's object and the lock
    // (pfnmap_args_setup(args, lock, ...)) stores it there.
    if (const auto *CE = dyn_cast<CallExpr>(S)) {
      bool Object = false, Lock = false;
      for (const Expr *A : CE->arguments()) {
        const auto *DR = dyn_cast<DeclRefExpr>(A->IgnoreParenImpCasts());
        Object |= DR && isa<ParmVarDecl>(DR->getDecl()) && DR->getType()->isPointerType() &&
                  !isLockPointer(DR->getType(), FX);
        Lock |= isLockPointer(A->IgnoreParenImpCasts()->getType(), FX);
      }
      StoresLock = Object && Lock;
      return !*StoresLock;
    }
    const auto *BO = dyn_cast<BinaryOperator>(S);
    if (!BO || BO->getOpcode() != BO_Assign || !isLockPointer(BO->getLHS()->getType(), FX))
      return true;
    // `p->field = lock` (or `(*p).field`), p a pointer parameter.
    const auto *ME = dyn_cast<MemberExpr>(BO->getLHS()->IgnoreParenImpCasts());
    const Expr *Base = ME ? ME->getBase()->IgnoreParenImpCasts() : nullptr;
    if (const auto *U = dyn_cast_or_null<UnaryOperator>(Base))
      if (U->getOpcode() == UO_Deref)
        Base = U->getSubExpr()->IgnoreParenImpCasts();
    const auto *DR = dyn_cast_or_null<DeclRefExpr>(Base);
    StoresLock = DR && isa<ParmVarDecl>(DR->getDecl()) && DR->getType()->isPointerType();
    return !*StoresLock;
  });
  return *StoresLock;
}

bool HandOffs::isLockClass(const std::string &K) {
  return !forbidsSleep(K) && !ctx::isSrcu(K) && !ctx::isTaskState(K);
}

bool HandOffs::pairedWithUnlock() const {
  if (Paired)
    return *Paired;
  Paired = false;
  const IdentifierInfo *II = FD->getIdentifier();
  if (!II)
    return false;
  llvm::SmallVector<llvm::StringRef, 6> Words;
  II->getName().split(Words, '_');
  ASTContext &Ctx = FX.astContext();
  auto Declared = [&](const std::string &Name) {
    for (const NamedDecl *D : Ctx.getTranslationUnitDecl()->lookup(&Ctx.Idents.get(Name)))
      if (isa<FunctionDecl>(D))
        return true;
    return false;
  };
  for (size_t I = 0; I < Words.size() && !*Paired; ++I) {
    if (Words[I] != "lock")
      continue;
    // The name with this word as "unlock", then cut word by word from the
    // end, down to the word and one other (never "unlock" alone).
    for (size_t End = Words.size(); End > I && End >= 2 && !*Paired; --End) {
      std::string Name;
      for (size_t J = 0; J < End; ++J)
        Name += (J ? "_" : "") + (J == I ? std::string("unlock") : Words[J].str());
      Paired = Declared(Name);
    }
  }
  return *Paired;
}
