// What a local object's field holds where a call receives its address
// (dataflow/LocalFields.h): the statements of the declaring block in order,
// each with what it does to the object's fields.
#include "dataflow/LocalFields.h"

#include "dataflow/BodyWrites.h"

#include "facts/StmtWalk.h"

#include "clang/AST/ASTContext.h"

using namespace clang;
using namespace rcuctx;

namespace {

/// How the object is named: in the function that declares it, `obj` and
/// `&obj`; in a helper, the pointer parameter `p`.
struct ObjectRef {
  const VarDecl *Local = nullptr;
  const ParmVarDecl *Param = nullptr;

  bool isAddress(const Expr *E) const {
    E = E->IgnoreParenCasts();
    if (Param) {
      const auto *DR = dyn_cast<DeclRefExpr>(E);
      return DR && DR->getDecl() == Param;
    }
    const auto *UO = dyn_cast<UnaryOperator>(E);
    return UO && UO->getOpcode() == UO_AddrOf && isObject(UO->getSubExpr());
  }
  bool isObject(const Expr *E) const {
    E = E->IgnoreParenImpCasts();
    if (Local) {
      const auto *DR = dyn_cast<DeclRefExpr>(E);
      return DR && DR->getDecl() == Local;
    }
    const auto *UO = dyn_cast<UnaryOperator>(E); // `*p`
    return UO && UO->getOpcode() == UO_Deref && isAddress(UO->getSubExpr());
  }
  /// The object's own field that E reaches, through nested members and
  /// subscripts of it (`obj.a.b[i]` is a); nullopt if E is not in the object.
  std::optional<unsigned> fieldOf(const Expr *E) const {
    E = E->IgnoreParenImpCasts();
    while (true) {
      if (const auto *AS = dyn_cast<ArraySubscriptExpr>(E)) {
        E = AS->getBase()->IgnoreParenImpCasts();
        continue;
      }
      const auto *ME = dyn_cast<MemberExpr>(E);
      if (!ME)
        return std::nullopt;
      const Expr *B = ME->getBase()->IgnoreParenImpCasts();
      if (ME->isArrow() ? isAddress(B) : isObject(B)) {
        const auto *Field = dyn_cast<FieldDecl>(ME->getMemberDecl());
        if (!Field)
          return std::nullopt;
        return Field->getFieldIndex();
      }
      if (ME->isArrow())
        return std::nullopt; // through another pointer
      E = B;
    }
  }
};

struct Writes {
  std::set<unsigned> Fields;
  bool All = false;
};

bool containsAny(const Stmt *S, bool (*Pred)(const Stmt *)) {
  if (!S)
    return false;
  if (Pred(S))
    return true;
  for (const Stmt *C : S->children())
    if (containsAny(C, Pred))
      return true;
  return false;
}

bool isJump(const Stmt *S) {
  if (const auto *A = dyn_cast<GCCAsmStmt>(S); A && A->isAsmGoto())
    return true;
  return isa<ReturnStmt>(S) || isa<GotoStmt>(S) || isa<IndirectGotoStmt>(S);
}
bool isLabel(const Stmt *S) { return isa<LabelStmt>(S) || isa<SwitchCase>(S); }

const Stmt *unlabelled(const Stmt *S) {
  while (const auto *L = dyn_cast_or_null<LabelStmt>(S))
    S = L->getSubStmt();
  return S;
}

} // namespace

const FieldDecl *rcuctx::fieldAt(const RecordDecl *R, unsigned F) {
  if (R)
    for (const FieldDecl *X : R->fields())
      if (X->getFieldIndex() == F)
        return X;
  return nullptr;
}

/// A constant as field X holds it: a bit-field keeps its low bits
/// (`unsigned unlock:1 = 2` is 0); a bool, its truth.
static int64_t asStored(const FieldDecl *X, int64_t C, const ASTContext &Ctx) {
  if (!X)
    return C;
  if (X->getType()->isBooleanType())
    return C != 0;
  if (!X->isBitField())
    return C;
  unsigned W = X->getBitWidthValue(Ctx);
  if (W == 0 || W >= 64)
    return C;
  uint64_t V = uint64_t(C) & ((uint64_t(1) << W) - 1);
  if (X->getType()->isSignedIntegerType() && (V >> (W - 1)) & 1)
    V |= ~((uint64_t(1) << W) - 1); // sign-extended
  return int64_t(V);
}

static const RecordDecl *recordOf(const ObjectRef &O) {
  QualType T = O.Local ? O.Local->getType() : O.Param->getType()->getPointeeType();
  const auto *RT = T.isNull() ? nullptr : T->getAs<RecordType>();
  return RT ? RT->getDecl() : nullptr;
}

/// Every write S may make to the object's fields; a call passing the
/// object's address is read through its body (Skip: the call whose own
/// writes do not count, the one asking).
static void visitWrites(const Stmt *S, const ObjectRef &O, Writes &W, const CallExpr *Skip,
                        const LocalFieldStores &Helpers, int Depth) {
  if (!S)
    return;
  auto Target = [&](const Expr *T) {
    if (auto F = O.fieldOf(T))
      W.Fields.insert(*F);
    else if (O.isObject(T))
      W.All = true; // `obj = other`, `*p = x`
    else
      visitWrites(T, O, W, Skip, Helpers, Depth);
  };
  if (const auto *BO = dyn_cast<BinaryOperator>(S)) {
    if (BO->isAssignmentOp()) {
      Target(BO->getLHS());
      visitWrites(BO->getRHS(), O, W, Skip, Helpers, Depth);
      return;
    }
    if (BO->isComparisonOp()) { // `p == NULL`: a read of the pointer
      for (const Expr *X : {BO->getLHS(), BO->getRHS()})
        if (!O.isAddress(X))
          visitWrites(X, O, W, Skip, Helpers, Depth);
      return;
    }
  }
  if (const auto *UO = dyn_cast<UnaryOperator>(S)) {
    if (UO->isIncrementDecrementOp())
      return Target(UO->getSubExpr());
    if (UO->getOpcode() == UO_AddrOf) {
      const Expr *Sub = UO->getSubExpr();
      if (O.isObject(Sub) || O.isAddress(Sub))
        W.All = true; // the address kept or handed on other than as an argument
      else if (O.fieldOf(Sub) && (Sub->getType()->isRecordType() || Sub->getType()->isArrayType()))
        W.All = true; // `list_add(&obj.node, ...)`: container_of() reaches it all
      else
        Target(Sub); // `&obj.f`: written through, maybe
      return;
    }
    if (UO->getOpcode() == UO_LNot && O.isAddress(UO->getSubExpr()))
      return;
  }
  if (const auto *IC = dyn_cast<ImplicitCastExpr>(S);
      IC && IC->getCastKind() == CK_PointerToBoolean && O.isAddress(IC->getSubExpr()))
    return; // `if (p)`
  if (const auto *A = dyn_cast<GCCAsmStmt>(S)) {
    for (unsigned I = 0; I < A->getNumOutputs(); ++I)
      Target(A->getOutputExpr(I)); // `"=m"(p->f)`: a write
    for (unsigned I = 0; I < A->getNumInputs(); ++I)
      visitWrites(A->getInputExpr(I), O, W, Skip, Helpers, Depth);
    return;
  }
  if (const auto *ME = dyn_cast<MemberExpr>(S); ME && O.fieldOf(ME))
    return; // a read of a field
  if (const auto *CE = dyn_cast<CallExpr>(S)) {
    visitWrites(CE->getCallee(), O, W, Skip, Helpers, Depth);
    const FunctionDecl *G = CE->getDirectCallee();
    for (unsigned I = 0; I < CE->getNumArgs(); ++I) {
      if (!O.isAddress(CE->getArg(I))) {
        visitWrites(CE->getArg(I), O, W, Skip, Helpers, Depth);
        continue;
      }
      if (CE == Skip)
        continue;
      if (!G) {
        W.All = true;
        continue;
      }
      const ParamFieldWrites &P = Helpers.paramFieldWrites(G, I, Depth + 1);
      W.All |= P.All;
      W.Fields.insert(P.Maybe.begin(), P.Maybe.end());
      for (auto &KV : P.Definite)
        W.Fields.insert(KV.first);
    }
    return;
  }
  if (const auto *DR = dyn_cast<DeclRefExpr>(S); DR && O.Param && DR->getDecl() == O.Param) {
    W.All = true; // the pointer used otherwise: copied, stored, returned
    return;
  }
  for (const Stmt *C : S->children())
    visitWrites(C, O, W, Skip, Helpers, Depth);
}

/// The parameter of G that E names, if G never assigns it.
static int unassignedParam(const FunctionDecl *G, const Expr *E) {
  const auto *DR = dyn_cast<DeclRefExpr>(E->IgnoreParenImpCasts());
  const auto *PD = DR ? dyn_cast<ParmVarDecl>(DR->getDecl()) : nullptr;
  if (!PD || PD->getDeclContext() != G)
    return -1;
  unsigned I = PD->getFunctionScopeIndex();
  std::vector<unsigned> Assigned = bodyWrites(G).Params;
  return std::find(Assigned.begin(), Assigned.end(), I) != Assigned.end() ? -1 : (int)I;
}

/// The call a statement is, whole (`f(&obj);`, `err = f(&obj);`; not
/// `obj = f(&obj)`, which writes the whole object after the call).
static const CallExpr *wholeCall(const Stmt *S, const ObjectRef &O) {
  const auto *E = dyn_cast_or_null<Expr>(S);
  if (!E)
    return nullptr;
  E = E->IgnoreParenCasts();
  if (const auto *BO = dyn_cast<BinaryOperator>(E); BO && BO->getOpcode() == BO_Assign &&
                                                     isa<DeclRefExpr>(BO->getLHS()->IgnoreParenImpCasts())) {
    if (O.isObject(BO->getLHS()))
      return nullptr;
    E = BO->getRHS()->IgnoreParenCasts();
  }
  return dyn_cast<CallExpr>(E);
}

/// What one statement does to the fields, in order: the stores it surely
/// makes (Definite) and what it may write (Maybe), disjoint.
struct StmtEffect {
  std::map<unsigned, FieldStore> Definite; // in the declaring function
  std::map<unsigned, ParamFieldWrites::Stored> DefiniteInHelper;
  std::set<unsigned> Maybe;
  bool All = false;
  void maybe(const Writes &W) {
    All |= W.All;
    for (unsigned F : W.Fields) {
      Definite.erase(F);
      DefiniteInHelper.erase(F);
      Maybe.insert(F);
    }
  }
};

/// The effect of statement S on the object; in a helper (Helper set), a
/// store's value is a constant or the helper's unassigned parameter.
static StmtEffect effectOf(const Stmt *S, const ObjectRef &O, const LocalFieldStores &Helpers,
                           const FunctionDecl *Helper, int Depth) {
  StmtEffect Out;
  const ASTContext *Ctx = nullptr;
  auto Store = [&](unsigned F, const Expr *V) {
    Out.Maybe.erase(F);
    Expr::EvalResult R;
    std::optional<int64_t> C;
    if (!V->isValueDependent() && V->EvaluateAsInt(R, *Ctx))
      if ((C = R.Val.getInt().tryExtValue()))
        C = asStored(fieldAt(recordOf(O), F), *C, *Ctx);
    if (Helper) {
      ParamFieldWrites::Stored St;
      St.Const = C;
      St.Param = C ? -1 : unassignedParam(Helper, V);
      if (St.Const || St.Param >= 0)
        Out.DefiniteInHelper[F] = St;
      else
        Out.Maybe.insert(F);
    } else {
      Out.Definite[F] = FieldStore{C, C ? nullptr : V};
    }
  };
  S = unlabelled(S);
  const auto *E = dyn_cast_or_null<Expr>(S);
  if (E)
    Ctx = &(O.Local ? O.Local->getASTContext() : O.Param->getASTContext());
  if (const auto *BO = E ? dyn_cast<BinaryOperator>(E->IgnoreParens()) : nullptr;
      BO && BO->getOpcode() == BO_Assign && O.fieldOf(BO->getLHS()) &&
      isa<MemberExpr>(BO->getLHS()->IgnoreParenImpCasts())) {
    // `obj.f = x;` / `p->f = x;` (a direct field, not `obj.f.g`)
    Writes W;
    visitWrites(BO->getRHS(), O, W, nullptr, Helpers, Depth);
    Out.maybe(W);
    const auto *ME = cast<MemberExpr>(BO->getLHS()->IgnoreParenImpCasts());
    const Expr *B = ME->getBase()->IgnoreParenImpCasts();
    if (ME->isArrow() ? O.isAddress(B) : O.isObject(B))
      Store(*O.fieldOf(BO->getLHS()), BO->getRHS());
    else
      Out.maybe(Writes{{*O.fieldOf(BO->getLHS())}, false});
    return Out;
  }
  if (const CallExpr *CE = wholeCall(S, O); CE && CE->getDirectCallee()) {
    // `init(&obj, ..., x);`: the helper's sure stores, with its parameters
    // read as this call's arguments.
    Writes Args;
    visitWrites(CE, O, Args, CE, Helpers, Depth); // all but the call's own
    Out.maybe(Args);
    // `f(&obj, &obj)`: each parameter's stores are sure for that parameter
    // only; through the other the helper may write the field again after.
    unsigned Passed = 0;
    for (unsigned I = 0; I < CE->getNumArgs(); ++I)
      Passed += O.isAddress(CE->getArg(I));
    for (unsigned I = 0; I < CE->getNumArgs(); ++I) {
      if (!O.isAddress(CE->getArg(I)))
        continue;
      const ParamFieldWrites &P = Helpers.paramFieldWrites(CE->getDirectCallee(), I, Depth + 1);
      Out.maybe(Writes{P.Maybe, P.All});
      if (Passed > 1) {
        std::set<unsigned> Sure;
        for (auto &KV : P.Definite)
          Sure.insert(KV.first);
        Out.maybe(Writes{Sure, false});
        continue;
      }
      if (P.All)
        continue; // the object may change whole in it: no store is sure
      for (auto &[F, St] : P.Definite) {
        if (Args.All || Args.Fields.count(F)) {
          // `f(&obj, &obj.f)`: written through the other argument too, in
          // an order this call does not show.
          Out.maybe(Writes{{F}, false});
        } else if (St.Const) {
          Out.Maybe.erase(F);
          if (Helper)
            Out.DefiniteInHelper[F] = St;
          else
            Out.Definite[F] = FieldStore{St.Const, nullptr};
        } else if (St.Param >= 0 && (unsigned)St.Param < CE->getNumArgs()) {
          Store(F, CE->getArg(St.Param));
        } else {
          Out.maybe(Writes{{F}, false});
        }
      }
    }
    return Out;
  }
  Writes W;
  visitWrites(S, O, W, nullptr, Helpers, Depth);
  Out.maybe(W);
  return Out;
}

const ParamFieldWrites &LocalFieldStores::paramFieldWrites(const FunctionDecl *G, unsigned J,
                                                           int Depth) const {
  auto Key = std::make_tuple(G, J, Depth);
  auto It = Callees.find(Key);
  if (It != Callees.end())
    return It->second;
  ParamFieldWrites Out;
  const FunctionDecl *Def = nullptr;
  const auto *Body = G->hasBody(Def) ? dyn_cast_or_null<CompoundStmt>(Def->getBody()) : nullptr;
  if (!Body || J >= Def->getNumParams() || Depth > 3) {
    Out.All = true;
    return Callees[Key] = Out;
  }
  // (A helper that hands the pointer to itself is asked again one level
  // deeper: recursion ends at the depth bound, unknown.)
  ObjectRef O;
  O.Param = Def->getParamDecl(J);
  bool Jumped = false;
  for (const Stmt *S : Body->body()) {
    StmtEffect E = effectOf(S, O, *this, Def, Depth);
    if (E.All) // changed whole after (or before) its stores: none is sure
      Out.Definite.clear();
    Out.All |= E.All;
    for (unsigned F : E.Maybe) {
      Out.Definite.erase(F);
      Out.Maybe.insert(F);
    }
    for (auto &[F, St] : E.DefiniteInHelper) {
      if (Jumped) { // a return before it: not on every path
        Out.Definite.erase(F);
        Out.Maybe.insert(F);
      } else {
        Out.Maybe.erase(F);
        Out.Definite[F] = St;
      }
    }
    Jumped |= containsAny(S, isJump);
  }
  return Callees[Key] = Out;
}

struct LocalFieldStores::Index {
  std::vector<const Stmt *> Seq; // the declaring block's statements, from the declaration
  std::vector<bool> Labelled;
  std::vector<StmtEffect> Effects;
  std::map<const CallExpr *, unsigned> CallAt; // calls passing &obj -> statement
  std::map<const CallExpr *, Writes> OwnAt;    // what the call's statement writes besides it
  ObjectRef O;
};

LocalFieldStores::LocalFieldStores(const FunctionDecl *FD) : FD(FD) {}
LocalFieldStores::~LocalFieldStores() = default;

/// The block whose statement declares L, and that statement's position.
static const CompoundStmt *declaringBlock(const Stmt *S, const VarDecl *L, unsigned &Pos) {
  if (!S)
    return nullptr;
  if (const auto *CS = dyn_cast<CompoundStmt>(S)) {
    unsigned I = 0;
    for (const Stmt *C : CS->body()) {
      if (const auto *DS = dyn_cast<DeclStmt>(unlabelled(C)))
        for (const Decl *D : DS->decls())
          if (D == L) {
            Pos = I;
            return CS;
          }
      ++I;
    }
  }
  for (const Stmt *C : S->children())
    if (const CompoundStmt *R = declaringBlock(C, L, Pos))
      return R;
  return nullptr;
}

static void callsPassing(const Stmt *S, const ObjectRef &O, unsigned I,
                         std::map<const CallExpr *, unsigned> &Out) {
  if (!S)
    return;
  if (const auto *CE = dyn_cast<CallExpr>(S))
    for (const Expr *A : CE->arguments())
      if (O.isAddress(A))
        Out[CE] = I;
  for (const Stmt *C : S->children())
    callsPassing(C, O, I, Out);
}

LocalFieldStores::Index &LocalFieldStores::indexOf(const VarDecl *L) const {
  auto It = Cache.find(L);
  if (It != Cache.end())
    return *It->second;
  auto Idx = std::make_unique<Index>();
  Idx->O.Local = L;
  unsigned Pos = 0;
  if (const CompoundStmt *CS = declaringBlock(FD->getBody(), L, Pos)) {
    unsigned I = 0;
    for (const Stmt *S : CS->body())
      if (I++ >= Pos)
        Idx->Seq.push_back(S);
    for (unsigned K = 0; K < Idx->Seq.size(); ++K) {
      const Stmt *S = Idx->Seq[K];
      Idx->Labelled.push_back(K > 0 && containsAny(S, isLabel));
      if (K == 0) {
        // The declaration: the object's own initialiser is read by
        // initialStore(); another declarator that uses it (`*a = &o`)
        // makes it unknown.
        StmtEffect D;
        if (const auto *DS = dyn_cast<DeclStmt>(unlabelled(S)))
          for (const Decl *X : DS->decls())
            if (const auto *VD = dyn_cast<VarDecl>(X); VD && VD != L && VD->getInit()) {
              Writes W;
              visitWrites(VD->getInit(), Idx->O, W, nullptr, *this, 0);
              D.maybe(W);
            }
        Idx->Effects.push_back(D);
      } else {
        Idx->Effects.push_back(effectOf(S, Idx->O, *this, nullptr, 0));
      }
      callsPassing(S, Idx->O, K, Idx->CallAt);
    }
  }
  return *(Cache[L] = std::move(Idx));
}

std::optional<FieldStore> rcuctx::initialFieldStore(const VarDecl *L, unsigned F) {
  const auto *RT = L->getType()->getAs<RecordType>();
  const auto *IL = dyn_cast_or_null<InitListExpr>(L->getInit() ? L->getInit()->IgnoreParenImpCasts() : nullptr);
  const FieldDecl *Field = RT ? fieldAt(RT->getDecl(), F) : nullptr;
  if (!Field || RT->getDecl()->isUnion() || !IL)
    return std::nullopt;
  // The initialiser's position of field F: unnamed bit-fields have none.
  unsigned Pos = 0;
  for (const FieldDecl *X : RT->getDecl()->fields()) {
    if (X == Field)
      break;
    Pos += !X->isUnnamedBitField();
  }
  if (Pos >= IL->getNumInits())
    return FieldStore{0, nullptr}; // not named: zero
  const Expr *Init = IL->getInit(Pos);
  if (!Init || isa<ImplicitValueInitExpr>(Init))
    return FieldStore{0, nullptr};
  Expr::EvalResult R;
  if (!Init->isValueDependent() && Init->EvaluateAsInt(R, L->getASTContext()))
    if (auto C = R.Val.getInt().tryExtValue())
      return FieldStore{asStored(Field, *C, L->getASTContext()), nullptr};
  return FieldStore{std::nullopt, Init};
}

std::optional<FieldStore> LocalFieldStores::at(const VarDecl *L, unsigned F, const CallExpr *CE) const {
  Index &Idx = indexOf(L); // its caches fill as queries come
  auto It = Idx.CallAt.find(CE);
  if (It == Idx.CallAt.end())
    return std::nullopt;
  unsigned T = It->second;
  if (Idx.Labelled[T])
    return std::nullopt; // a path may enter the call's statement past a store
  // The call's own statement writes the field otherwise (`if (c) obj.f = 1;
  // done(&obj);` inside one block): not followed.
  auto [OwnIt, New] = Idx.OwnAt.try_emplace(CE);
  Writes &Own = OwnIt->second;
  if (New)
    visitWrites(unlabelled(Idx.Seq[T]), Idx.O, Own, CE, *this, 0);
  if (Own.All || Own.Fields.count(F))
    return std::nullopt;
  for (unsigned W = T; W-- > 0;) {
    const StmtEffect &E = Idx.Effects[W];
    if (W == 0) { // the declaration
      if (E.All || !E.Maybe.empty())
        return std::nullopt;
      return initialFieldStore(L, F);
    }
    if (auto D = E.Definite.find(F); D != E.Definite.end()) {
      // An address kept before the store (`keep(&o); o.f = 0; poke();`)
      // lets any later call write through it: only trusted if none did.
      for (unsigned X = 0; X < W; ++X)
        if (Idx.Effects[X].All)
          return std::nullopt;
      return D->second;
    }
    if (E.All || E.Maybe.count(F) || Idx.Labelled[W])
      return std::nullopt;
  }
  return std::nullopt;
}
