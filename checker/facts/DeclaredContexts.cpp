#include "facts/DeclaredContexts.h"

#include "report/FindingText.h"

#include "clang/AST/Attr.h"
#include "clang/Lex/Lexer.h"
#include "llvm/ADT/StringSwitch.h"

#include <regex>

using namespace clang;
using namespace rcuctx;

namespace {

struct MacroMeaning {
  DeclaredContext::Kind K;
  bool Shared;
};

std::optional<MacroMeaning> meaningOf(llvm::StringRef Name) {
  using K = DeclaredContext::Kind;
  return llvm::StringSwitch<std::optional<MacroMeaning>>(Name)
      .Case("__must_hold", MacroMeaning{K::Requires, false})
      .Case("__must_hold_shared", MacroMeaning{K::Requires, true})
      .Case("__acquires", MacroMeaning{K::Acquires, false})
      .Case("__acquires_shared", MacroMeaning{K::Acquires, true})
      .Case("__releases", MacroMeaning{K::Releases, false})
      .Case("__releases_shared", MacroMeaning{K::Releases, true})
      .Default(std::nullopt);
}

/// An SRCU domain (struct srcu_struct).
bool isSrcuDomain(QualType T) {
  const RecordDecl *RD = T->getAsRecordDecl();
  return RD && RD->getName() == "srcu_struct";
}

/// RCU as a capability: the kernel's context analysis names it RCU (and
/// RCU_BH, RCU_SCHED); sparse annotations write RCU too.
std::string rcuCounter(llvm::StringRef Name) {
  return llvm::StringSwitch<std::string>(Name)
      .Case("RCU", ctx::Rcu)
      .Case("RCU_BH", ctx::RcuBh)
      .Case("RCU_SCHED", ctx::Preempt)
      .Default("");
}

/// The lock class of an annotation argument written as text: `&p->f`,
/// `p->f`, `&p.f`, a global `l`, `RCU`. Parameters by name.
Atom atomFromText(std::string Text, const FunctionDecl *FD, bool Shared, const FactExtractor &FX,
                  std::optional<bool> &Spins) {
  Atom A;
  Text.erase(std::remove_if(Text.begin(), Text.end(), ::isspace), Text.end());
  if (std::string C = rcuCounter(Text); !C.empty()) {
    A.K = Atom::Counter;
    A.Key = C;
    return A;
  }
  A.K = Atom::Lock;
  A.Modes = Shared ? (LB_Read | LB_Write) : LB_Write;
  static const std::regex Field("^&?\\(?([A-Za-z_][A-Za-z0-9_]*)\\)?(->|\\.)([A-Za-z_][A-Za-z0-9_]*)$");
  std::smatch M;
  if (std::regex_match(Text, M, Field)) {
    for (const ParmVarDecl *P : FD->parameters()) {
      if (P->getName() != M[1].str())
        continue;
      QualType T = P->getType();
      if (M[2] == "->")
        T = T->getPointeeType();
      if (T.isNull() || !T->getAsRecordDecl())
        return A;
      // Only a field the record has, and not an SRCU domain (sparse's
      // __releases(&ssp) on an srcu_read_unlock() wrapper: the body says
      // what it does): `__releases(rq->lock)` names no field of struct rq.
      for (const FieldDecl *F : T->getAsRecordDecl()->fields())
        if (F->getName() == M[3].str() && !isSrcuDomain(F->getType())) {
          A.Key = typeName(T, FD->getASTContext()) + "::" + M[3].str();
          Spins = FX.typeSpins(F->getType());
        }
      return A;
    }
    return A;
  }
  static const std::regex Global("^&?([A-Za-z_][A-Za-z0-9_]*)$");
  if (std::regex_match(Text, M, Global)) {
    for (const ParmVarDecl *P : FD->parameters())
      if (P->getName() == M[1].str())
        for (unsigned I = 0; I < FD->getNumParams(); ++I)
          if (FD->getParamDecl(I) == P)
            A.Key = "$" + std::to_string(I);
    // A global only if the file declares one by that name (not sparse's
    // pseudo-names, `__releases(bitlock)`), and not an SRCU domain.
    if (A.Key.empty()) {
      ASTContext &Ctx = FD->getASTContext();
      for (const NamedDecl *ND : Ctx.getTranslationUnitDecl()->lookup(&Ctx.Idents.get(M[1].str())))
        if (const auto *VD = dyn_cast<VarDecl>(ND); VD && !isSrcuDomain(VD->getType()))
          A.Key = M[1].str();
    }
  }
  return A;
}

Atom atomFromExpr(const Expr *E, const FunctionDecl *FD, const FactExtractor &FX, bool Shared,
                  std::optional<bool> &Spins) {
  Atom A;
  const Expr *S = E->IgnoreParenImpCasts();
  if (const auto *U = dyn_cast<UnaryOperator>(S))
    if (U->getOpcode() == UO_AddrOf)
      S = U->getSubExpr()->IgnoreParenImpCasts();
  if (const auto *DR = dyn_cast<DeclRefExpr>(S))
    if (std::string C = rcuCounter(DR->getDecl()->getName()); !C.empty()) {
      A.K = Atom::Counter;
      A.Key = C;
      return A;
    }
  A.K = Atom::Lock;
  A.Modes = Shared ? (LB_Read | LB_Write) : LB_Write;
  A.Key = FX.lockClass(E, FD);
  Spins = FX.lockTypeSpins(E);
  return A;
}

} // namespace

std::vector<DeclaredContext> rcuctx::declaredContexts(const FunctionDecl *FD, const FactExtractor &FX) {
  std::vector<DeclaredContext> Out;
  const SourceManager &SM = FX.astContext().getSourceManager();
  std::optional<bool> Spins;
  auto Add = [&](DeclaredContext::Kind K, Atom A, SourceLocation Loc, std::string Spelling) {
    if (A.Key.empty())
      return; // an argument we cannot name: no fact
    for (const DeclaredContext &D : Out)
      if (D.K == K && D.What == A)
        return;
    Out.push_back({K, A, Spins, Loc, std::move(Spelling)});
  };
  for (const FunctionDecl *R : FD->redecls()) {
    // Clang thread-safety attributes.
    for (const Attr *At : R->attrs()) {
      if (const auto *Req = dyn_cast<RequiresCapabilityAttr>(At)) {
        for (const Expr *E : Req->args())
          Add(DeclaredContext::Requires, atomFromExpr(E, FD, FX, Req->isShared(), Spins), At->getLocation(),
              Req->isShared() ? "requires_shared_capability" : "requires_capability");
      } else if (const auto *Acq = dyn_cast<AcquireCapabilityAttr>(At)) {
        for (const Expr *E : Acq->args())
          Add(DeclaredContext::Acquires, atomFromExpr(E, FD, FX, Acq->isShared(), Spins), At->getLocation(),
              "acquire_capability");
      } else if (const auto *Rel = dyn_cast<ReleaseCapabilityAttr>(At)) {
        for (const Expr *E : Rel->args())
          Add(DeclaredContext::Releases, atomFromExpr(E, FD, FX, Rel->isShared(), Spins), At->getLocation(),
              "release_capability");
      }
    }
    // Sparse-style macros written in the declaration (between its start and
    // its body or end).
    SourceLocation Begin = SM.getExpansionLoc(R->getBeginLoc());
    SourceLocation End = SM.getExpansionLoc(R->doesThisDeclarationHaveABody() && R->getBody()
                                                ? R->getBody()->getBeginLoc()
                                                : R->getEndLoc());
    if (Begin.isInvalid() || End.isInvalid())
      continue;
    if (!R->doesThisDeclarationHaveABody()) {
      // Annotations follow the declarator (`void f(struct s *s)
      // __must_hold(&s->lock);`), which is where the declaration's range
      // ends: look on to the ';'.
      bool Invalid = false;
      llvm::StringRef Buf = SM.getBufferData(SM.getFileID(End), &Invalid);
      unsigned Off = SM.getFileOffset(End);
      size_t Semi = Invalid ? llvm::StringRef::npos : Buf.find(';', Off);
      if (Semi != llvm::StringRef::npos && Semi - Off < 4096)
        End = End.getLocWithOffset(Semi - Off);
    }
    for (const MacroInvocation *InvP : FX.annotationMacros()) {
      const MacroInvocation &Inv = *InvP;
      auto M = meaningOf(Inv.Name);
      if (!M || Inv.Args.size() != 1)
        continue;
      SourceLocation L = SM.getExpansionLoc(Inv.NameLoc);
      if (SM.getFileID(L) != SM.getFileID(Begin) || SM.isBeforeInTranslationUnit(L, Begin) ||
          SM.isBeforeInTranslationUnit(End, L))
        continue;
      std::string Arg = Lexer::getSourceText(
                            CharSourceRange::getTokenRange(Inv.Args[0].first, Inv.Args[0].second), SM,
                            FX.astContext().getLangOpts())
                            .str();
      // Sparse's __must_hold()/__releases() say nothing of a mode (6.12
      // writes them on read-side helpers too: jbd2's
      // wait_transaction_locked() does read_unlock(&j_state_lock)): held
      // in either mode meets them. (__acquires() still takes it for write.)
      Add(M->K, atomFromText(Arg, FD, M->Shared || M->K != DeclaredContext::Acquires, FX, Spins), L,
          Inv.Name + "(" + Arg + ")");
    }
  }
  return Out;
}

static Obligation requirement(const FunctionDecl *FD, const DeclaredContext &D) {
  Obligation O;
  O.K = Obligation::Need;
  O.AnyOf = {D.What};
  O.Check = D.What.K == Atom::Counter ? CheckId::RcuSection : CheckId::LockHeld;
  O.What = quoted(FD->getNameAsString());
  O.Loc = D.Loc;
  O.Owner = FD->getNameAsString();
  O.SiteNote = quoted(FD->getNameAsString()) + " is declared " + D.Spelling;
  return O;
}

std::vector<Obligation> rcuctx::declaredRequirements(const FunctionDecl *FD,
                                                     const std::vector<DeclaredContext> &D) {
  std::vector<Obligation> Out;
  for (const DeclaredContext &X : D)
    if (X.K == DeclaredContext::Requires ||
        (X.K == DeclaredContext::Releases && X.What.K == Atom::Lock))
      Out.push_back(requirement(FD, X));
  return Out;
}

std::optional<Summary> rcuctx::summaryFromDeclaration(const FunctionDecl *FD,
                                                      const std::vector<DeclaredContext> &D) {
  if (D.empty())
    return std::nullopt;
  Summary S;
  S.Computed = true;
  S.Name = FD->getNameAsString();
  S.Obligations = declaredRequirements(FD, D);
  ContextState Exit;
  for (const DeclaredContext &X : D) {
    if (X.K == DeclaredContext::Requires)
      continue;
    int Delta = X.K == DeclaredContext::Acquires ? 1 : -1;
    if (X.What.K == Atom::Counter) {
      Exit.setCounter(X.What.Key, Exit.counter(X.What.Key).shift(Delta));
    } else {
      uint8_t Held = (X.What.Modes & LB_Write) && !(X.What.Modes & LB_Read) ? LB_Write : LB_Read;
      Exit.setLock(X.What.Key, LockSet::of(Delta > 0 ? Held : LB_Unheld));
      if (X.Spins) {
        Exit.LockSpins[X.What.Key] = *X.Spins;
        if (*X.Spins) // a spinning lock disables preemption, as spin_lock() does
          Exit.setCounter(ctx::Preempt, Exit.counter(ctx::Preempt).shift(Delta));
      }
    }
  }
  S.Exits.push_back({{}, Exit});
  return S;
}
