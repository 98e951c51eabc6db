#include "indirect/SlotScan.h"

#include "facts/FactExtractor.h"
#include "facts/Places.h"
#include "facts/RunnableCode.h"

#include "clang/Basic/SourceManager.h"
#include "llvm/Support/Path.h"

using namespace clang;
using namespace rcuctx;

bool rcuctx::isFunctionPointer(QualType T) {
  if (T.isNull())
    return false;
  if (T->isFunctionPointerType() || T->isFunctionReferenceType())
    return true;
  return false;
}

const Expr *rcuctx::peelFunctionValue(const Expr *E) {
  while (E) {
    E = E->IgnoreParens();
    if (const auto *C = dyn_cast<CastExpr>(E)) {
      E = C->getSubExpr();
      continue;
    }
    if (const auto *SE = dyn_cast<StmtExpr>(E)) {
      const Expr *Last = stmtExprValue(SE);
      if (!Last)
        return E;
      E = Last;
      continue;
    }
    if (const auto *U = dyn_cast<UnaryOperator>(E))
      if (U->getOpcode() == UO_AddrOf || U->getOpcode() == UO_Deref) {
        E = U->getSubExpr();
        continue;
      }
    return E;
  }
  return E;
}

std::string rcuctx::staticCallOfKey(const Expr *E) {
  const auto *DR = dyn_cast_or_null<DeclRefExpr>(peelFunctionValue(E));
  const auto *VD = DR ? dyn_cast<VarDecl>(DR->getDecl()) : nullptr;
  return VD ? staticCallName(VD->getName().str(), KeyPrefix) : "";
}

/// The named record a field belongs to (through anonymous members).
static const RecordDecl *namedParent(const FieldDecl *FD) {
  const RecordDecl *RD = FD->getParent();
  while (RD && RD->isAnonymousStructOrUnion())
    RD = dyn_cast<RecordDecl>(RD->getDeclContext());
  return RD;
}

/// The slot of a table of functions ("" if VD is not an array of function
/// pointers). A static table is its file's own: the file's name is part of
/// the slot, so two files' `handlers[]` do not merge in the link.
static std::string tableSlotOf(const VarDecl *VD) {
  if (!VD || !VD->getType()->isArrayType())
    return "";
  const Type *Elt = VD->getType()->getArrayElementTypeNoTypeQual();
  if (!Elt || !isFunctionPointer(QualType(Elt, 0)))
    return "";
  std::string File;
  if (!VD->isExternallyVisible()) {
    const SourceManager &SM = VD->getASTContext().getSourceManager();
    File = llvm::sys::path::filename(SM.getFilename(SM.getExpansionLoc(VD->getLocation()))).str();
  }
  return tableSlot(VD->getName().str(), File);
}

/// The table a subscript reads from, or "".
static std::string arraySlot(const Expr *Base) {
  const auto *DR = dyn_cast_or_null<DeclRefExpr>(Base ? Base->IgnoreParenImpCasts() : nullptr);
  return tableSlotOf(DR ? dyn_cast<VarDecl>(DR->getDecl()) : nullptr);
}

static std::string fieldSlot(const FieldDecl *FD, const ASTContext &Ctx) {
  const RecordDecl *RD = namedParent(FD);
  if (!RD)
    return "";
  return typeName(Ctx.getRecordType(RD), Ctx) + "::" + FD->getName().str();
}

namespace rcuctx {

/// Collects the raw stores; SlotScan turns them into sources afterwards
/// (a variable's sources need all of its stores first).
/// Only code that runs in this TU is walked (facts/RunnableCode.h): stores
/// happen in function bodies and variables' initializers, not in the
/// headers' tens of thousands of records, enums, typedefs and prototypes.
class SlotScanVisitor : public RunnableCodeVisitor<SlotScanVisitor> {
public:
  SlotScanVisitor(SlotScan &S, ASTContext &Ctx) : RunnableCodeVisitor(Ctx), S(S) {}

  std::vector<std::pair<std::string, const Expr *>> SlotStores;

  bool VisitInitListExpr(InitListExpr *ILE) {
    const InitListExpr *Sem = ILE->isSemanticForm() ? ILE : ILE->getSemanticForm();
    if (Sem)
      initList(Sem, Sem->getType());
    return true;
  }

  bool VisitBinaryOperator(BinaryOperator *BO) {
    if (BO->getOpcode() != BO_Assign)
      return true;
    const Expr *L = BO->getLHS()->IgnoreParenImpCasts();
    if (const auto *ME = dyn_cast<MemberExpr>(L)) {
      if (const auto *FD = dyn_cast<FieldDecl>(ME->getMemberDecl()))
        if (isFunctionPointer(FD->getType()))
          store(fieldSlot(FD, Ctx), BO->getRHS());
    } else if (const auto *DR = dyn_cast<DeclRefExpr>(L)) {
      if (const auto *VD = dyn_cast<VarDecl>(DR->getDecl()))
        if (isFunctionPointer(VD->getType()))
          S.VarStores.insert({VD, BO->getRHS()});
    } else if (const auto *AE = dyn_cast<ArraySubscriptExpr>(L)) {
      store(arraySlot(AE->getBase()), BO->getRHS());
    }
    return true;
  }

  bool VisitVarDecl(VarDecl *VD) {
    const Expr *Init = VD->getInit();
    if (!Init)
      return true;
    if (isFunctionPointer(VD->getType()))
      S.VarStores.insert({VD, Init});
    // A table of functions: every element is stored into its one slot.
    std::string Table = tableSlotOf(VD);
    if (!Table.empty())
      if (const auto *ILE = dyn_cast<InitListExpr>(Init->IgnoreImplicit())) {
        const InitListExpr *Sem = ILE->isSemanticForm() ? ILE : ILE->getSemanticForm();
        for (const Expr *E : (Sem ? Sem : ILE)->inits())
          if (E && !isa<ImplicitValueInitExpr>(E))
            store(Table, E);
      }
    // DEFINE_STATIC_CALL(name, func): `__SCK__name = { .func = func }`.
    std::string Key = staticCallName(VD->getName().str(), KeyPrefix);
    if (!Key.empty())
      if (const auto *ILE = dyn_cast<InitListExpr>(Init->IgnoreImplicit())) {
        const RecordDecl *RD = VD->getType()->getAsRecordDecl();
        unsigned I = 0;
        if (RD)
          for (const FieldDecl *F : RD->fields()) {
            if (I >= ILE->getNumInits())
              break;
            const Expr *E = ILE->getInit(I++);
            if (F->getName() == "func")
              store(staticCallSlot(Key), E);
          }
      }
    return true;
  }

  bool VisitUnaryOperator(UnaryOperator *U) {
    if (U->getOpcode() != UO_AddrOf)
      return true;
    const Expr *E = U->getSubExpr()->IgnoreParens();
    if (const auto *ME = dyn_cast<MemberExpr>(E)) {
      if (const auto *FD = dyn_cast<FieldDecl>(ME->getMemberDecl()))
        if (isFunctionPointer(FD->getType())) {
          // Written through a pointer we do not follow: the slot escapes.
          SlotSources X;
          X.Unknown = true;
          S.Table.add(fieldSlot(FD, Ctx), X);
        }
    } else if (const auto *DR = dyn_cast<DeclRefExpr>(E)) {
      if (const auto *VD = dyn_cast<VarDecl>(DR->getDecl()))
        if (isFunctionPointer(VD->getType()))
          S.Escaped.insert(VD);
    } else if (const auto *AE = dyn_cast<ArraySubscriptExpr>(E)) {
      // An element's address handed out: the table may be written anywhere.
      std::string Table = arraySlot(AE->getBase());
      if (!Table.empty()) {
        SlotSources X;
        X.Unknown = true;
        S.Table.add(Table, X);
      }
    }
    return true;
  }

  bool VisitDeclRefExpr(DeclRefExpr *DR) {
    S.Uses.noteRef(DR);
    return true;
  }

  bool VisitCallExpr(CallExpr *CE) {
    S.Uses.noteCall(CE); // before its callee's reference (preorder)
    // A static function called directly: its function-pointer parameters
    // hold what the calls pass (walk_slot_rmaps(kvm, slot, fn, ...)).
    if (const FunctionDecl *F = CE->getDirectCallee()) {
      const FunctionDecl *Def = F->getDefinition();
      if (Def && !Def->isExternallyVisible())
        for (unsigned I = 0; I < CE->getNumArgs() && I < Def->getNumParams(); ++I)
          if (isFunctionPointer(Def->getParamDecl(I)->getType()))
            S.VarStores.insert({Def->getParamDecl(I), CE->getArg(I)});
    }
    // static_call_update(name, func) expands to
    // `__static_call_update(&__SCK__name, <tramp or NULL>, __F)` with
    // `typeof(...) __F = (func)`.
    const FunctionDecl *F = CE->getDirectCallee();
    if (!F || F->getName() != "__static_call_update" || CE->getNumArgs() < 3)
      return true;
    std::string Name = staticCallOfKey(CE->getArg(0));
    if (!Name.empty())
      store(staticCallSlot(Name), CE->getArg(2));
    return true;
  }

private:
  void store(const std::string &Slot, const Expr *Value) {
    if (!Slot.empty() && Value)
      SlotStores.push_back({Slot, Value});
  }

  void initList(const InitListExpr *ILE, QualType T) {
    if (T.isNull())
      return;
    if (const auto *AT = T->getAsArrayTypeUnsafe()) {
      for (const Expr *E : ILE->inits())
        if (const auto *Sub = dyn_cast_or_null<InitListExpr>(E ? E->IgnoreImplicit() : nullptr))
          initList(Sub, AT->getElementType());
      return;
    }
    const RecordDecl *RD = T->getAsRecordDecl();
    if (!RD)
      return;
    if (RD->isUnion()) {
      if (const FieldDecl *FD = ILE->getInitializedFieldInUnion())
        if (ILE->getNumInits() >= 1)
          member(FD, ILE->getInit(0));
      return;
    }
    unsigned I = 0;
    for (const FieldDecl *FD : RD->fields()) {
      if (FD->isUnnamedBitField())
        continue;
      if (I >= ILE->getNumInits())
        break;
      member(FD, ILE->getInit(I++));
    }
  }

  void member(const FieldDecl *FD, const Expr *Init) {
    if (!Init || isa<ImplicitValueInitExpr>(Init))
      return;
    if (const auto *Sub = dyn_cast<InitListExpr>(Init->IgnoreImplicit())) {
      initList(Sub, FD->getType());
      return;
    }
    if (isFunctionPointer(FD->getType()))
      store(fieldSlot(FD, Ctx), Init);
  }

  SlotScan &S;
};

} // namespace rcuctx

SlotScan::SlotScan(ASTContext &Ctx) : Ctx(Ctx) {
  SlotScanVisitor V(*this, Ctx);
  V.walkRunnableCode();
  for (auto &[Slot, Value] : V.SlotStores)
    Table.add(Slot, sourcesOf(Value));
}

void SlotScan::noteFunction(const FunctionDecl *FD) const {
  std::string Name = FD->getNameAsString();
  const FunctionDecl *Def = FD->getDefinition();
  const FunctionDecl *&Slot = Functions[Name];
  if (!Slot || (Def && Slot != Def))
    Slot = Def ? Def : FD;
}

const FunctionDecl *SlotScan::function(const std::string &Name) const {
  auto It = Functions.find(Name);
  return It == Functions.end() ? nullptr : It->second;
}

std::string SlotScan::slotOf(const MemberExpr *ME) const {
  const auto *FD = dyn_cast<FieldDecl>(ME->getMemberDecl());
  if (!FD)
    return "";
  // static_call() without HAVE_STATIC_CALL: `__SCK__name.func`.
  if (FD->getName() == "func") {
    std::string Name = staticCallOfKey(ME->getBase());
    if (!Name.empty())
      return staticCallSlot(Name);
  }
  if (!isFunctionPointer(FD->getType()))
    return "";
  return fieldSlot(FD, Ctx);
}

std::string SlotScan::slotOf(const ArraySubscriptExpr *AE) const { return arraySlot(AE->getBase()); }

SlotSources SlotScan::sourcesOf(const Expr *E) const {
  SlotSources Out;
  if (!E)
    return Out;
  if (E->isNullPointerConstant(Ctx, Expr::NPC_ValueDependentIsNull))
    return Out;
  E = peelFunctionValue(E);
  if (E->isNullPointerConstant(Ctx, Expr::NPC_ValueDependentIsNull))
    return Out;
  if (const auto *DR = dyn_cast<DeclRefExpr>(E)) {
    if (const auto *FD = dyn_cast<FunctionDecl>(DR->getDecl())) {
      noteFunction(FD);
      Out.Fns.insert(FD->getNameAsString());
      return Out;
    }
    if (const auto *VD = dyn_cast<VarDecl>(DR->getDecl()))
      if (isFunctionPointer(VD->getType()))
        return varSources(VD);
    Out.Unknown = true;
    return Out;
  }
  const auto *AE = dyn_cast<ArraySubscriptExpr>(E);
  const auto *ME = dyn_cast<MemberExpr>(E);
  if (AE || ME) { // a slot read: an element of a table, a member
    std::string Slot = AE ? slotOf(AE) : slotOf(ME);
    if (Slot.empty())
      Out.Unknown = true;
    else
      Out.Slots.insert(Slot);
    return Out;
  }
  if (const auto *CO = dyn_cast<ConditionalOperator>(E)) {
    Out = sourcesOf(CO->getTrueExpr());
    Out.merge(sourcesOf(CO->getFalseExpr()));
    return Out;
  }
  if (const auto *BCO = dyn_cast<BinaryConditionalOperator>(E)) {
    Out = sourcesOf(BCO->getCommon());
    Out.merge(sourcesOf(BCO->getFalseExpr()));
    return Out;
  }
  Out.Unknown = true;
  return Out;
}

SlotSources SlotScan::varSources(const VarDecl *VD) const {
  auto Memo = VarMemo.find(VD);
  if (Memo != VarMemo.end())
    return Memo->second;
  SlotSources Out;
  // A parameter holds what callers pass; a global other files can write
  // holds what they store; a variable whose address is taken, anything.
  bool OtherFilesWrite = VD->hasGlobalStorage() && !VD->isStaticLocal() && VD->isExternallyVisible();
  bool UnknownCallers = false;
  if (isa<ParmVarDecl>(VD)) {
    const auto *F = dyn_cast<FunctionDecl>(VD->getDeclContext());
    UnknownCallers = !F || F->isExternallyVisible() || !F->doesThisDeclarationHaveABody() || Uses.isTaken(F);
  }
  if (UnknownCallers || OtherFilesWrite || Escaped.count(VD)) {
    Out.Unknown = true;
    return VarMemo[VD] = Out;
  }
  if (!InProgress.insert(VD).second)
    return Out; // a cycle of copies adds nothing new
  auto [B, E] = VarStores.equal_range(VD);
  for (auto It = B; It != E; ++It)
    Out.merge(sourcesOf(It->second));
  // A parameter is followed only when every caller passes the same one
  // function: the union of different callers' functions would give each
  // caller the others' requirements (walk_slot_rmaps() gets kvm_zap_rmap
  // from one caller and a splitting function that needs slots_lock from
  // another).
  if (isa<ParmVarDecl>(VD) && (Out.Fns.size() != 1 || !Out.Slots.empty()))
    Out.Unknown = true;
  InProgress.erase(VD);
  if (InProgress.empty())
    VarMemo[VD] = Out;
  return Out;
}
