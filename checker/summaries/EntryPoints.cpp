#include "summaries/EntryPoints.h"

#include "facts/MainFile.h"

#include "clang/AST/RecursiveASTVisitor.h"
#include "llvm/ADT/StringSet.h"

#include <algorithm>
#include <set>

using namespace clang;
using namespace rcuctx;

namespace {

class FieldScanner : public RecursiveASTVisitor<FieldScanner> {
public:
  FieldScanner(ASTContext &Ctx, const RuleSet &Rules) : Ctx(Ctx), Rules(Rules) {
    for (const EntryField &EF : Rules.EntryFields)
      for (const std::string &F : EF.Fields)
        FieldNames.insert(F);
  }

  // Types store nothing (typeof() is not evaluated): not walked.
  bool TraverseTypeLoc(TypeLoc) { return true; }

  bool VisitInitListExpr(InitListExpr *ILE) {
    if (ILE->isSyntacticForm() && ILE->getSemanticForm())
      ILE = ILE->getSemanticForm();
    const RecordDecl *RD = ILE->getType()->getAsRecordDecl();
    if (!RD)
      return true;
    // The type's name is built only for a record with a field some entry
    // rule names (every initializer list of the file comes here).
    unsigned N = 0;
    bool Named = false;
    for (const FieldDecl *FD : RD->fields())
      if (N++ >= ILE->getNumInits() || (Named = FieldNames.contains(FD->getName())))
        break;
    if (!Named)
      return true;
    std::string Name = typeName(ILE->getType(), Ctx);
    unsigned I = 0;
    for (const FieldDecl *FD : RD->fields()) {
      if (I >= ILE->getNumInits())
        break;
      match(Name, FD->getName(), ILE->getInit(I++));
    }
    return true;
  }

  bool VisitBinaryOperator(BinaryOperator *BO) {
    if (BO->getOpcode() != BO_Assign)
      return true;
    const auto *ME = dyn_cast<MemberExpr>(BO->getLHS()->IgnoreParenImpCasts());
    if (!ME || !ME->getMemberDecl()->getIdentifier() ||
        !FieldNames.contains(ME->getMemberDecl()->getName()))
      return true;
    QualType T = ME->getBase()->getType();
    if (ME->isArrow())
      T = T->getPointeeType();
    match(typeName(T, Ctx), ME->getMemberDecl()->getName(), BO->getRHS(),
          objectOf(ME->getBase()));
    return true;
  }

  // `hrtimer_init(&x->mtimer, clock, mode)`: how each object is set up.
  bool VisitCallExpr(CallExpr *CE) {
    const FunctionDecl *Callee = CE->getDirectCallee();
    if (!Callee || !Callee->getIdentifier() || CE->getNumArgs() == 0)
      return true;
    StringRef Name = Callee->getName();
    for (const EntryField &EF : Rules.EntryFields) {
      if (std::find(EF.InitNames.begin(), EF.InitNames.end(), Name) == EF.InitNames.end())
        continue;
      const Expr *Obj = CE->getArg(0)->IgnoreParenImpCasts();
      if (const auto *UO = dyn_cast<UnaryOperator>(Obj); UO && UO->getOpcode() == UO_AddrOf)
        Obj = UO->getSubExpr();
      std::string Key = objectOf(Obj);
      if (Key.empty())
        continue;
      uint8_t &Seen = Inits[{&EF, Key}];
      Expr::EvalResult R;
      const Expr *Mode = (unsigned)EF.InitModeArg < CE->getNumArgs() ? CE->getArg(EF.InitModeArg) : nullptr;
      if (!Mode || Mode->isValueDependent() || !Mode->EvaluateAsInt(R, Ctx))
        Seen |= InitUnknown;
      else
        Seen |= (R.Val.getInt().getZExtValue() & EF.InitModeBits) ? InitSelected : InitOther;
    }
    return true;
  }

  /// Entry points found, with the context their object's set-up selects.
  std::vector<EntryPoint> found() const {
    std::vector<EntryPoint> Out;
    for (const Pending &P : Found) {
      EntryPoint E = P.E;
      if (!P.Object.empty()) {
        auto It = Inits.find({P.Rule, P.Object});
        // Every set-up of this object in the file selects the other context.
        if (It != Inits.end() && It->second == InitSelected) {
          E.Context = P.Rule->InitContext;
          E.What = P.Rule->InitWhat;
        }
      }
      Out.push_back(std::move(E));
    }
    return Out;
  }

private:
  enum : uint8_t { InitSelected = 1, InitOther = 2, InitUnknown = 4 };
  struct Pending {
    EntryPoint E;
    const EntryField *Rule = nullptr;
    std::string Object; // the object holding the field, where set-ups are told apart
  };

  /// A name for the object an expression denotes, the same wherever the
  /// file writes it: a field of a record type ("struct xfrm_state::mtimer",
  /// whichever instance) or a variable. "" for anything else.
  std::string objectOf(const Expr *E) const {
    E = E->IgnoreParenImpCasts();
    if (const auto *ME = dyn_cast<MemberExpr>(E)) {
      QualType T = ME->getBase()->getType();
      if (ME->isArrow())
        T = T->getPointeeType();
      return typeName(T, Ctx) + "::" + ME->getMemberDecl()->getNameAsString();
    }
    if (const auto *DR = dyn_cast<DeclRefExpr>(E))
      if (const auto *VD = dyn_cast<VarDecl>(DR->getDecl()))
        return "var:" + VD->getNameAsString() + "@" +
               std::to_string(VD->getLocation().getRawEncoding());
    return "";
  }

  void match(const std::string &Struct, StringRef Field, const Expr *Init,
             const std::string &Object = "") {
    const FunctionDecl *Fn = FactExtractor::functionRef(Init);
    if (!Fn)
      return;
    for (const EntryField &EF : Rules.EntryFields)
      if (EF.Struct == Struct)
        for (const std::string &F : EF.Fields)
          if (F == Field)
            Found.push_back({{Fn, EF.Context, EF.What, Init->getExprLoc(), EF.Holds},
                             EF.InitNames.empty() ? nullptr : &EF,
                             EF.InitNames.empty() ? "" : Object});
  }

  std::vector<Pending> Found;
  std::map<std::pair<const EntryField *, std::string>, uint8_t> Inits;

  ASTContext &Ctx;
  const RuleSet &Rules;
  llvm::StringSet<> FieldNames; // every field an entry rule names
};

} // namespace

std::vector<EntryPoint> rcuctx::findEntryFields(ASTContext &Ctx, const FactExtractor &FX) {
  FieldScanner S(Ctx, FX.rules());
  if (FX.rules().EntryFields.empty())
    return {};
  MainFileSpan Main(Ctx.getSourceManager());
  for (Decl *D : Ctx.getTranslationUnitDecl()->decls())
    if (Main.contains(D->getLocation()))
      S.TraverseDecl(D);
  return S.found();
}

/// The obligation with its state made absolute by an entry context.
static Obligation atEntry(const Obligation &O, const EntryContext &EC,
                          const std::vector<std::string> &Holds) {
  Obligation Abs = O;
  for (const std::string &R : EC.Raised) {
    std::string K = counterKeyOf(R);
    Abs.At.setCounter(K, Abs.At.counter(K).shift(1));
  }
  auto EntryLock = [&](const std::string &K) {
    for (const std::string &H : Holds)
      if (H == K)
        return LockSet::of(LB_Write);
    return LockSet::of(LB_Unheld);
  };
  if (!EC.LocksMayBeHeld) {
    // Every lock the obligation looks at starts unheld, but those the
    // framework documents as held around the callback.
    for (const Atom &A : O.AnyOf)
      if (A.K == Atom::Lock)
        Abs.At.setLock(A.Key, Abs.At.lock(A.Key).substituteEntry(EntryLock(A.Key)));
    for (auto &KV : Abs.At.Locks.edit())
      KV.second = KV.second.substituteEntry(EntryLock(KV.first));
  }
  // Whatever the entry, the kernel calls in with the task running.
  Abs.At.setLock(ctx::TaskState, Abs.At.lock(ctx::TaskState).substituteEntry(LockSet::of(LB_Unheld)));
  return Abs;
}

/// Whether an absolute obligation is wrong on every path.
static bool violatedAtEntry(const Obligation &Abs, const EntryContext &EC) {
  if (Abs.K == Obligation::NoSleep) {
    if (Abs.OutsideInterrupt && (EC.IrqState == EntryContext::Irq::Softirq ||
                                 EC.IrqState == EntryContext::Irq::Hardirq))
      return false; // vfree() from an RCU callback defers the work
    for (const char *K : {ctx::Rcu, ctx::RcuBh, ctx::Preempt, ctx::Irq})
      if (Abs.At.counter(K).Lo >= 1)
        return true;
    return false;
  }
  for (const Atom &A : Abs.AnyOf) {
    if (A.K == Atom::Exempt) {
      if (evaluate(Abs, false) == Verdict::Satisfied)
        return false; // the entry function is one the term is true in
      continue;
    }
    if (A.K == Atom::Counter) {
      if (Abs.At.counter(A.Key).Hi >= 1)
        return false;
    } else if (EC.LocksMayBeHeld || (Abs.At.lock(A.Key).ownedAsHeld().Bits & A.Modes)) {
      return false;
    }
  }
  return !Abs.AnyOf.empty();
}

/// Whether a need is met on every path under the entry context.
static bool satisfiedAtEntry(const Obligation &Abs) {
  if (Abs.K != Obligation::Need)
    return false;
  for (const Atom &A : Abs.AnyOf) {
    if (A.K == Atom::Counter && Abs.At.counter(A.Key).Lo >= 1)
      return true;
    if (A.K == Atom::Lock && Abs.At.lock(A.Key).ownedAsHeld().only(A.Modes))
      return true;
  }
  return false;
}

void rcuctx::applyDeclaredEntry(Summary &S, const EntryContext &EC) {
  S.Obligations.erase(std::remove_if(S.Obligations.begin(), S.Obligations.end(),
                                     [&](const Obligation &O) {
                                       return satisfiedAtEntry(atEntry(O, EC, {}));
                                     }),
                      S.Obligations.end());
}

std::vector<Finding> rcuctx::checkEntry(const Summary &S, const std::string &Fn,
                                        const EntryContext &EC, const std::string &What,
                                        SourceLocation Loc, const std::vector<std::string> &Holds,
                                        EntryTally *Tally) {
  std::vector<Finding> Out;
  EntryTally Local;
  EntryTally &T = Tally ? *Tally : Local;
  // The entry state: the raised contexts at depth 1, and (usually) no
  // lock held. An obligation that depends on a mode parameter holds here
  // only if it holds for every value (the kernel passes what it passes).
  // (Counted by distinct valuations: one call can lift two needs with the
  // same identity, from two sites in the callee, into one partition.)
  // (An equality mode, `cmd == C`, is the kernel's to pass: truthModesOf().)
  std::map<std::string, std::set<Valuation>> Partitions;
  for (const Obligation &O : S.Obligations)
    Partitions[siteIdentity(O)].insert(truthModesOf(O.When));
  size_t All = size_t(1) << truthModeCount(S.TrackedParams);
  std::set<std::string> Reported;
  for (const Obligation &O : S.Obligations) {
    std::string Key = siteIdentity(O);
    if (!Reported.insert(Key).second)
      continue;
    ++T.Reached;
    T.ViaPointer += O.ViaPointer;
    if (O.GfpParam >= 0 || Partitions[Key].size() != All) {
      ++T.Open;
      continue;
    }
    bool ParamLock = false;
    for (const Atom &A : O.AnyOf)
      ParamLock |= A.K != Atom::Exempt && ctx::paramOf(A.Key) >= 0;
    if (ParamLock) {
      ++T.Open;
      continue; // a lock passed in by the caller: the kernel's, unknown here
    }
    Obligation Abs = atEntry(O, EC, Holds);
    if (!violatedAtEntry(Abs, EC)) {
      bool Met = O.K == Obligation::NoSleep ? evaluate(Abs, false) != Verdict::Violated
                                            : satisfiedAtEntry(Abs);
      ++(Met ? T.Satisfied : T.Open);
      continue;
    }
    ++T.Violated;
    Finding F = violationFinding(Abs, false);
    if (O.K == Obligation::NoSleep && !EC.Raised.empty())
      F.Message = O.What + " may sleep, but it is reached from '" + Fn + "', which runs in " +
                  EC.Name + " context";
    F.Notes.push_back({Loc, "'" + Fn + "' is " + What + ": " + EC.Description});
    Out.push_back(F);
  }
  return Out;
}

void rcuctx::forEachEntryPoint(
    const std::vector<EntryPoint> &Entries,
    const std::map<const FunctionDecl *, Summary> &Summaries, const RuleSet &Rules,
    const std::function<void(const EntryPoint &, const FunctionDecl *, const Summary &,
                             const EntryContext &)> &Fn) {
  std::set<std::pair<const FunctionDecl *, std::string>> Seen;
  for (const EntryPoint &E : Entries) {
    auto Ctx = Rules.EntryContexts.find(E.Context);
    const FunctionDecl *Def = E.Fn ? E.Fn->getDefinition() : nullptr;
    if (Ctx == Rules.EntryContexts.end() || !Def)
      continue;
    auto SIt = Summaries.find(Def);
    if (SIt == Summaries.end() || !Seen.insert({Def, E.Context}).second)
      continue;
    Fn(E, Def, SIt->second, Ctx->second);
  }
}

std::vector<Finding> rcuctx::checkEntryPoints(
    const std::vector<EntryPoint> &Entries,
    const std::map<const FunctionDecl *, Summary> &Summaries, const RuleSet &Rules) {
  std::vector<Finding> Out;
  forEachEntryPoint(Entries, Summaries, Rules,
                    [&](const EntryPoint &E, const FunctionDecl *Def, const Summary &S,
                        const EntryContext &Ctx) {
                      for (Finding &F : checkEntry(S, Def->getNameAsString(), Ctx, E.What, E.Loc,
                                                   E.Holds))
                        Out.push_back(std::move(F));
                    });
  return Out;
}
