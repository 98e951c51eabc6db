#include "transfer/ValueSplitTransfer.h"

#include "facts/Places.h"
#include "facts/ValueTests.h"

using namespace clang;
using namespace rcuctx;

/// Key's split becomes V. A state's maps are shared with the states it was
/// copied from until one changes: where a replay of the block finds the same
/// split (its site too, which == does not compare), nothing is copied.
static void setSplit(ContextState &St, const void *Key, const ValueSplit &V) {
  auto It = St.Splits.find(Key);
  if (It != St.Splits.end() && It->second == V && It->second.Site == V.Site)
    return;
  St.Splits[Key] = V;
}

ValueSplitTransfer::ValueSplitTransfer(const FunctionEnv &Env) : Env(Env) {
  std::vector<const Stmt *> Work{Env.FD->getBody()};
  while (!Work.empty()) {
    const Stmt *S = Work.back();
    Work.pop_back();
    if (!S)
      continue;
    auto Taken = [&](const Expr *E) {
      if (const auto *DR = dyn_cast<DeclRefExpr>(E->IgnoreParenImpCasts()))
        if (const auto *VD = dyn_cast<VarDecl>(DR->getDecl()))
          AddressTaken.insert(VD);
    };
    if (const auto *UO = dyn_cast<UnaryOperator>(S); UO && UO->getOpcode() == UO_AddrOf)
      Taken(UO->getSubExpr());
    // An asm output operand stores to its local with no assignment in sight
    // (`__get_user()`'s error code): not followed either.
    if (const auto *Asm = dyn_cast<AsmStmt>(S))
      for (unsigned I = 0; I < Asm->getNumOutputs(); ++I)
        Taken(Asm->getOutputExpr(I));
    // `s += x`, `i++`: a count, not a flag or an error code.
    if (const VarDecl *VD = storedLocal(S)) {
      if (!isa<BinaryOperator>(S) || cast<BinaryOperator>(S)->getOpcode() != BO_Assign)
        Counted.insert(VD);
      if (isa<ParmVarDecl>(VD) && VD->getType()->isPointerType())
        StoredParams.insert(VD);
    }
    if (const auto *RS = dyn_cast<ReturnStmt>(S); RS && RS->getRetValue())
      if (const auto *DR = dyn_cast<DeclRefExpr>(RS->getRetValue()->IgnoreParenCasts()))
        if (const auto *VD = dyn_cast<VarDecl>(DR->getDecl()))
          Decides.insert(VD);
    for (const Stmt *C : S->children())
      Work.push_back(C);
  }
  // Each block's test, read once: every edge out of it asks again, on
  // every pass of the fixpoint.
  Tests.resize(Env.Cfg->getNumBlockIDs());
  for (const CFGBlock *B : *Env.Cfg) {
    std::optional<ValueTest> &T = Tests[B->getBlockID()];
    T = readTest(B);
    if (T && T->Local)
      Decides.insert(T->Local);
  }
}

bool ValueSplitTransfer::followed(const VarDecl *VD) const {
  // Pointers, bool flags and integers (`ret = -EAGAIN`, `int full_check =
  // 0`) whose address is not taken: every store to them is seen. An integer
  // only where its class can decide something (a branch tests it, a return
  // returns it), and only a flag or an error code, which is stored whole: a
  // count (`s += x`, `i++`) would only make the fixpoint walk again after
  // its loop forgot the constant.
  if (!VD || !(VD->isLocalVarDecl() || StoredParams.count(VD)) || AddressTaken.count(VD))
    return false;
  QualType T = VD->getType();
  return T->isPointerType() || T->isBooleanType() ||
         (T->isIntegerType() && Decides.count(VD) && !Counted.count(VD));
}

uint8_t ValueSplitTransfer::storedClass(const Expr *Value, const ContextState &St) const {
  const ASTContext &Ctx = Env.FX.astContext();
  if (uint8_t C = constantClass(Value, Ctx))
    return C;
  // `m1 = &sb->s_vfs_rename_mutex`: an object's address is never NULL, so
  // `if (m1) mutex_unlock(m1)` later is decided by the paths that stored it
  // (fs/dcache.c's __d_unalias()).
  if (const auto *UO = Value ? dyn_cast<UnaryOperator>(Value->IgnoreParenCasts()) : nullptr;
      UO && UO->getOpcode() == UO_AddrOf && Value->getType()->isPointerType())
    return VC_Valid;
  // `pos = list_entry(...)`, a list iterator's cursor: container_of() of a
  // member's address subtracts an offset, so it is never NULL nor an error
  // pointer, and `return pos` after the loop found it is told from the
  // ERR_PTR() stored where it did not (security/keys/key.c's
  // key_type_lookup()).
  if (Value && Value->getType()->isPointerType() && isContainerOf(Value->IgnoreParenCasts(), Ctx))
    return VC_Valid;
  // `p = kmalloc(...)`: the rules say an allocator returns NULL or an
  // object (a `returns` step), for a function or a macro whose whole
  // expansion is the value.
  if (uint8_t R = Value && Value->getType()->isPointerType() ? rulesClasses(Value->IgnoreParenCasts()) : 0)
    return R;
  const auto *CE = Value ? dyn_cast<CallExpr>(Value->IgnoreParenCasts()) : nullptr;
  const FunctionDecl *F = CE ? CE->getDirectCallee() : nullptr;
  if (!F)
    return 0;
  QualType To = Value->getType(), From = CE->getType();
  // `mp = ERR_PTR(-ENOENT)`, `ERR_PTR(err)` or `ERR_CAST(p)` of a known
  // error (ERR_PTR(0) is NULL); `ret = PTR_ERR(blkg)` after IS_ERR(blkg).
  llvm::StringRef Name = F->getIdentifier() ? F->getName() : llvm::StringRef();
  if (CE->getNumArgs() == 1 && (makesErrorPointer(Name) || Name == "PTR_ERR"))
    return givesKnownError(CE, St, Ctx) && holdsError(To, Ctx) ? VC_Error : 0;
  uint8_t C = constantReturnClass(F);
  // The callee's class, in the local's type: 0 stays 0; another value only
  // where the conversion keeps its sign and width.
  if (C && C != VC_Zero && !Ctx.hasSameUnqualifiedType(To, From) &&
      !(To->isIntegerType() && From->isIntegerType() && !To->isBooleanType() &&
        To->isSignedIntegerType() == From->isSignedIntegerType() && Ctx.getTypeSize(To) >= Ctx.getTypeSize(From)))
    return To->isBooleanType() ? VC_Valid : 0;
  return C;
}

ValueSplit ValueSplitTransfer::errorOrZero(const ValueSplit &P) {
  ValueSplit S;
  S.Joined = P.Joined;
  S.Site = P.Site;
  if (P.Known & VC_Error) {
    S.Known |= VC_Error;
    S.Per[1] = P.Per[1];
  }
  // ERR_PTR(K) gives K: still the named constant.
  if (P.Const && *P.Const < 0 && (P.Known & VC_Const)) {
    S.Known |= VC_Const;
    S.Const = P.Const;
    S.Per[3] = P.Per[3];
  }
  bool Any = false;
  for (unsigned I : {0u, 2u, 3u}) // zero and valid become 0
    if ((P.Known & (1u << I)) && (I != 3 || (P.Const && *P.Const > 0))) {
      if (!Any)
        S.Per[0] = P.Per[I];
      else
        S.Per[0].joinWith(P.Per[I]);
      Any = true;
    }
  if (Any)
    S.Known |= VC_Zero;
  return S;
}

uint8_t ValueSplitTransfer::rulesClasses(const Expr *E) const {
  const RuleSet &Rules = Env.FX.rules();
  if (const auto *CE = dyn_cast<CallExpr>(E))
    if (const FunctionDecl *F = CE->getDirectCallee(); F && F->getIdentifier())
      if (const FunctionRule *R = Rules.lookup(F->getName().str(), /*IsMacro=*/false))
        if (uint8_t C = R->returnClasses())
          return C;
  const MacroInvocation *M = Env.Body.wholeAccessor(E);
  const FunctionRule *R = M ? Rules.lookup(M->Name, /*IsMacro=*/true) : nullptr;
  return R ? R->returnClasses() : 0;
}

uint8_t ValueSplitTransfer::constantReturnClass(const FunctionDecl *F) const {
  // A function of this file whose every return gives a constant of one
  // class: `restart_syscall()` returns -ERESTARTNOINTR.
  const FunctionDecl *Def = nullptr;
  if (!F->hasBody(Def) || F->isWeak() || Def->isWeak())
    return 0; // a __weak definition may be another at link time
  auto [It, New] = ReturnClassCache.try_emplace(Def, 0);
  if (!New)
    return It->second;
  uint8_t Class = 0;
  bool Constant = true;
  std::vector<const Stmt *> Work{Def->getBody()};
  while (!Work.empty() && Constant) {
    const Stmt *S = Work.back();
    Work.pop_back();
    if (!S)
      continue;
    if (const auto *RS = dyn_cast<ReturnStmt>(S)) {
      uint8_t C = constantClass(RS->getRetValue(), Env.FX.astContext());
      Constant = C && (!Class || C == Class);
      Class = C;
      continue;
    }
    for (const Stmt *Ch : S->children())
      Work.push_back(Ch);
  }
  ReturnClassCache[Def] = Constant ? Class : 0;
  return Constant ? Class : 0;
}

void ValueSplitTransfer::fromClasses(const CallExpr *CE,
                                     const std::optional<ContextState> (&Classes)[ValueClassSlots],
                                     std::optional<int64_t> Named, ContextState &St) const {
  // The keys some class leaves other than the joined state does.
  ValueSplit S;
  auto Note = [&](const ContextState &C) {
    for (auto &KV : C.Locks)
      if (KV.second != St.lock(KV.first))
        S.Joined.Locks[KV.first] = St.lock(KV.first);
    for (auto &KV : St.Locks)
      if (KV.second != C.lock(KV.first))
        S.Joined.Locks[KV.first] = KV.second;
    for (auto &KV : C.Counters)
      if (KV.second != St.counter(KV.first))
        S.Joined.Counters[KV.first] = St.counter(KV.first);
    for (auto &KV : St.Counters)
      if (KV.second != C.counter(KV.first))
        S.Joined.Counters[KV.first] = KV.second;
  };
  uint8_t Possible = 0;
  for (unsigned I = 0; I < ValueClassSlots; ++I)
    if (Classes[I]) {
      Note(*Classes[I]);
      Possible |= 1u << I;
    }
  // (Each way below sets the call's split whole, or erases it: setSplit()
  // leaves a map shared with another state alone where a replay finds the
  // same split.)
  if (S.Joined.empty()) {
    // One context whatever the value, but not every class possible (the
    // callee returns only 0 in the mode this call picks): what a local
    // storing it, and a test of that, can know.
    // (The named constant, where the call's paths never return it, says
    // the value is not it.)
    if (Named && !(Possible & VC_Const) && Possible) {
      ValueSplit K;
      K.Known = Possible;
      K.Const = Named;
      setSplit(St, CE, K);
      return;
    }
    Possible = (Possible & VC_All) | (Possible & VC_Const ? baseClassOf(Named.value_or(1)) : 0);
    if (Possible && Possible != VC_All) {
      ValueSplit K;
      K.Known = Possible;
      setSplit(St, CE, K);
    } else {
      St.Splits.erase(CE);
    }
    return;
  }
  S.Const = Named;
  for (unsigned I = 0; I < ValueClassSlots; ++I) {
    if (!Classes[I])
      continue;
    S.Known |= 1u << I;
    for (auto &KV : S.Joined.Locks)
      S.Per[I].Locks[KV.first] = Classes[I]->lock(KV.first);
    for (auto &KV : S.Joined.Counters)
      S.Per[I].Counters[KV.first] = Classes[I]->counter(KV.first);
  }
  S.Site = CE->getExprLoc();
  setSplit(St, CE, S);
}

void ValueSplitTransfer::fromTryLock(const CallExpr *CE, const std::string &Key, uint8_t Modes,
                                     bool Spins, bool SuccessZero, ContextState &St) const {
  // The lock held in its modes, and preemption off for a spinning lock: what
  // the acquire step does (transfer/StepTransfer.cpp), without its records.
  ContextState Taken = St;
  if (Spins)
    Taken.setCounter(ctx::Preempt, Taken.counter(ctx::Preempt).shift(1));
  Taken.setLock(Key, LockSet::of(Modes));
  std::optional<ContextState> Classes[ValueClassSlots];
  for (unsigned I = 0; I < 3; ++I) {
    bool Success = SuccessZero ? (1u << I) == VC_Zero : (1u << I) != VC_Zero;
    Classes[I] = Success ? Taken : St;
  }
  fromClasses(CE, Classes, std::nullopt, St);
}

void ValueSplitTransfer::dereferenced(const Stmt *S, ContextState &St) const {
  // The place read or written: `p->f` (not `&p->f`, which only computes an
  // address, so only as the operand of a load or of a store) or `*p`.
  const Expr *Place = nullptr;
  if (const auto *IC = dyn_cast<ImplicitCastExpr>(S); IC && IC->getCastKind() == CK_LValueToRValue)
    Place = IC->getSubExpr();
  else if (const auto *BO = dyn_cast<BinaryOperator>(S); BO && BO->isAssignmentOp())
    Place = BO->getLHS();
  else if (const auto *UO = dyn_cast<UnaryOperator>(S); UO && UO->isIncrementDecrementOp())
    Place = UO->getSubExpr();
  if (!Place)
    return;
  Place = Place->IgnoreParens();
  const Expr *Base = nullptr;
  if (const auto *ME = dyn_cast<MemberExpr>(Place); ME && ME->isArrow())
    Base = ME->getBase();
  else if (const auto *UO = dyn_cast<UnaryOperator>(Place); UO && UO->getOpcode() == UO_Deref)
    Base = UO->getSubExpr();
  const auto *DR = Base ? dyn_cast<DeclRefExpr>(Base->IgnoreParenImpCasts()) : nullptr;
  const auto *VD = DR ? dyn_cast<VarDecl>(DR->getDecl()) : nullptr;
  // Only a pointer a branch tests or a return returns: nothing else asks
  // its class.
  if (!VD || !VD->getType()->isPointerType() || !Decides.count(VD) || !followed(VD))
    return;
  auto It = St.Splits.find(VD);
  if (It == St.Splits.end()) {
    St.Splits[VD].Known = VC_Valid;
    return;
  }
  // Known to be NULL here (a path the code does not expect): left alone.
  if (It->second.Known & VC_Valid)
    St.refineBy(VD, It->second.withConst(VC_Valid));
}

void ValueSplitTransfer::track(const Stmt *S, ContextState &St) const {
  dereferenced(S, St);
  auto Store = [&](const VarDecl *VD, const Expr *Value) {
    // `vma = NULL`, `locked = true`: the class is known until the next store,
    // and paths that stored different constants keep their contexts apart
    // at joins (mergeSplits()): `if (!locked) { locked = true;
    // spin_lock(l); } ... if (locked) spin_unlock(l);`.
    // A call whose value carries a split of its own (a callee's classes
    // with their contexts) hands it on below, whole.
    const auto *ValueCall = Value ? dyn_cast<CallExpr>(Value->IgnoreParenCasts()) : nullptr;
    bool CallSplit = ValueCall && St.Splits.count(ValueCall);
    if (uint8_t C = followed(VD) && !CallSplit ? storedClass(Value, St) : 0) {
      ValueSplit K;
      K.Known = C;
      setSplit(St, VD, K);
      return;
    }
    if (St.Splits.empty())
      return;
    // `ret = PTR_ERR_OR_ZERO(p)`: ret is an error where p is one, 0 where
    // p is NULL or an object; the contexts follow (cgroup1's
    // `task = cgroup_procs_write_start(...); ret = PTR_ERR_OR_ZERO(task);
    // if (ret) goto out_unlock;`).
    if (ValueCall && ValueCall->getNumArgs() == 1 && ValueCall->getDirectCallee() &&
        ValueCall->getDirectCallee()->getIdentifier() &&
        ValueCall->getDirectCallee()->getName() == "PTR_ERR_OR_ZERO" && followed(VD))
      if (const ValueSplit *P = splitOf(ValueCall->getArg(0), St); P && P->Known) {
        setSplit(St, VD, errorOrZero(*P));
        return;
      }
    const void *H = Value ? valueHolder(Value) : nullptr;
    auto It = H && H != VD ? St.Splits.find(H) : St.Splits.end();
    if (It == St.Splits.end()) {
      St.Splits.erase(VD);
      return;
    }
    ValueSplit Moved = It->second;
    if (isa<CallExpr>(Value->IgnoreParenCasts()))
      St.Splits.erase(It); // the call's value lives on in the local only
    // Not into a local whose address is taken: a call given it (through
    // any alias) may store another value, and the split would speak of
    // the old one.
    if (AddressTaken.count(VD))
      St.Splits.erase(VD);
    else
      setSplit(St, VD, Moved);
  };
  if (const VarDecl *VD = storedLocal(S)) {
    const auto *BO = dyn_cast<BinaryOperator>(S);
    Store(VD, BO && BO->getOpcode() == BO_Assign ? BO->getRHS() : nullptr);
    return;
  }
  if (const auto *DS = dyn_cast<DeclStmt>(S))
    for (const Decl *D : DS->decls())
      if (const auto *VD = dyn_cast<VarDecl>(D))
        if (VD->hasLocalStorage())
          Store(VD, VD->getInit());
}

std::optional<ValueTest> ValueSplitTransfer::readTest(const CFGBlock *From) const {
  return valueTestOf(decidedCondition(From), Env.FX.astContext());
}

bool ValueSplitTransfer::testsLocal(const CFGBlock *From) const {
  const std::optional<ValueTest> &T = Tests[From->getBlockID()];
  return T && followed(T->Local);
}

bool ValueSplitTransfer::onEdge(const CFGBlock *From, bool TrueEdge, ContextState &St) const {
  const std::optional<ValueTest> &T = Tests[From->getBlockID()];
  if (!T)
    return true;
  auto It = St.Splits.find(T->Holder);
  uint8_t Mask = T->mask(It != St.Splits.end() ? &It->second : nullptr, TrueEdge);
  if (It != St.Splits.end()) {
    // A plain local (no keys) whose classes exclude this edge: not taken.
    if (T->Local && It->second.Joined.empty() && !(It->second.Known & Mask) && followed(T->Local))
      return false;
    // `ret == -EINTR` where the callee's paths this call picks never return
    // its named constant: not taken (the other returns of its class are
    // surely other values, bodyfacts/ReturnClasses.h's carveConstant()).
    if (Mask == VC_Const && !(It->second.Known & VC_Const) && (!T->Local || followed(T->Local)))
      return false;
    St.refineBy(T->Holder, Mask);
    return true;
  }
  // A plain local tested here: remember the classes it can still have.
  // (Not where the test says nothing: `ret != -EBUSY`; nor for a local
  // whose address is taken, which never holds a split: a call given it may
  // store another value, and the classes remembered would refine the state
  // after that call by the value before it. io_uring's io_poll_remove()
  // tests `bucket` after each io_poll_find(..., &bucket).)
  Mask &= VC_All; // no split, so no constant of one
  if (Mask != VC_All && T->Local && !AddressTaken.count(T->Local) &&
      (T->Local->getType()->isPointerType() || T->Local->getType()->isIntegerType()))
    St.Splits[T->Holder].Known = Mask;
  return true;
}
