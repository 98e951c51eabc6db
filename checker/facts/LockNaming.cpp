// How FactExtractor names a lock: the class a lock expression names
// (lockClass(): "struct kvm::mmu_lock", a global's name, "$N" for a
// parameter), the object it is a field of (lockObject(), pointedObject()),
// the lockdep subclass an argument gives (subclassOf()), and which instance
// of its class it is (lockInstance()).
//
// Owns those FactExtractor members and their private helpers (paramKey,
// stripLockExpr, localFieldInit, instanceText). It must not resolve rule steps
// (FactExtractor.cpp) or build a condition's atoms (ConditionAtoms.cpp).
#include "facts/FactExtractor.h"
#include "facts/Places.h"
#include "facts/StmtWalk.h"

#include "clang/AST/Decl.h"

using namespace clang;
using namespace rcuctx;

/// "$N" for Fn's parameter N, or "" when PV is none of Fn's parameters.
static std::string paramKey(const ParmVarDecl *PV, const FunctionDecl *Fn) {
  if (PV && Fn)
    for (unsigned I = 0; I < Fn->getNumParams(); ++I)
      if (Fn->getParamDecl(I) == PV)
        return "$" + std::to_string(I);
  return "";
}

static const Expr *stripLockExpr(const Expr *E) {
  while (E) {
    E = E->IgnoreParenImpCasts();
    if (const auto *U = dyn_cast<UnaryOperator>(E)) {
      if (U->getOpcode() == UO_AddrOf || U->getOpcode() == UO_Deref) {
        E = U->getSubExpr();
        continue;
      }
    }
    if (const auto *C = dyn_cast<CStyleCastExpr>(E)) {
      E = C->getSubExpr();
      continue;
    }
    break;
  }
  return E;
}

const Expr *FactExtractor::localFieldInit(const MemberExpr *ME) {
  const auto *Base = dyn_cast<DeclRefExpr>(ME->getBase()->IgnoreParenImpCasts());
  const auto *V = Base ? dyn_cast<VarDecl>(Base->getDecl()) : nullptr;
  if (!V || !V->hasLocalStorage() || isa<ParmVarDecl>(V) || !V->getInit())
    return nullptr;
  const VarDecl *W = V;
  if (ME->isArrow()) {
    const auto *Addr = dyn_cast<UnaryOperator>(V->getInit()->IgnoreParenImpCasts());
    const auto *Target = Addr && Addr->getOpcode() == UO_AddrOf
                             ? dyn_cast<DeclRefExpr>(Addr->getSubExpr()->IgnoreParenImpCasts())
                             : nullptr;
    W = Target ? dyn_cast<VarDecl>(Target->getDecl()) : nullptr;
    if (!W || !W->hasLocalStorage() || isa<ParmVarDecl>(W) || !W->getInit())
      return nullptr;
  }
  const auto *ILE = dyn_cast<InitListExpr>(W->getInit()->IgnoreParenImpCasts());
  if (!ILE)
    return nullptr;
  if (ILE->isSyntacticForm() && ILE->getSemanticForm())
    ILE = ILE->getSemanticForm();
  const auto *Field = dyn_cast<FieldDecl>(ME->getMemberDecl());
  const RecordDecl *RD = ILE->getType()->getAsRecordDecl();
  if (!Field || !RD || Field->getParent() != RD)
    return nullptr;
  unsigned I = 0;
  for (const FieldDecl *F : RD->fields()) {
    if (F == Field)
      return I < ILE->getNumInits() ? ILE->getInit(I) : nullptr;
    ++I;
  }
  return nullptr;
}

std::string FactExtractor::lockClass(const Expr *E, const FunctionDecl *Fn) const {
  E = stripLockExpr(E);
  if (!E)
    return "";
  if (const auto *ME = dyn_cast<MemberExpr>(E)) {
    // A field of a local struct built right here from the lock
    // (cleanup.h's guard constructors: `class_srcu_t _t = { .lock = l },
    // *_T = &_t; srcu_read_lock(_T->lock)`) is the lock it was built from.
    if (const Expr *Init = localFieldInit(ME))
      return lockClass(Init, Fn);
    // A field that *points to* a lock (seqcount_spinlock_t::lock) is an
    // alias of some other lock, whose class it does not say: unknown.
    if (ME->getType()->isPointerType())
      return "";
    // A field of an anonymous struct or union (mm->mmap_lock lives in one)
    // is named after the nearest named record around it.
    const MemberExpr *Outer = ME;
    auto IsAnon = [](QualType T) {
      const RecordDecl *RD = T->getAsRecordDecl();
      return RD && RD->isAnonymousStructOrUnion();
    };
    auto BaseType = [](const MemberExpr *M) {
      QualType T = M->getBase()->getType();
      return M->isArrow() ? T->getPointeeType() : T;
    };
    // A field of a named member whose struct type has no name
    // (`struct { spinlock_t lock; ... } irqfds;` in struct kvm) is named by
    // that path, as lockdep names it ("&kvm->irqfds.lock"): the type's own
    // name would be "(unnamed struct at FILE:LINE)", a path on this machine.
    auto IsUnnamed = [](QualType T) {
      const RecordDecl *RD = T->getAsRecordDecl();
      return RD && !RD->getIdentifier() && !RD->getTypedefNameForAnonDecl();
    };
    std::string Path = ME->getMemberDecl()->getNameAsString();
    while (IsAnon(BaseType(Outer)) || IsUnnamed(BaseType(Outer))) {
      const Expr *B = Outer->getBase()->IgnoreParenImpCasts();
      std::string Index;
      if (const auto *AS = dyn_cast<ArraySubscriptExpr>(B)) {
        // an element of an array of them (`k->slots[i].lock`)
        B = AS->getBase()->IgnoreParenImpCasts();
        Index = "[]";
      }
      if (const auto *DR = dyn_cast<DeclRefExpr>(B)) {
        // a variable of such a type: named by the variable
        if (IsAnon(BaseType(Outer)) || !isa<VarDecl>(DR->getDecl()))
          break;
        return DR->getDecl()->getNameAsString() + Index + "." + Path;
      }
      const auto *Up = dyn_cast<MemberExpr>(B);
      if (!Up)
        break;
      if (!IsAnon(BaseType(Outer)))
        Path = Up->getMemberDecl()->getNameAsString() + Index + "." + Path;
      Outer = Up;
    }
    QualType T = BaseType(Outer);
    T = T.getUnqualifiedType();
    if (T.isNull())
      return "";
    return typeNameOf(T) + "::" + Path;
  }
  if (const auto *AS = dyn_cast<ArraySubscriptExpr>(E)) {
    std::string Base = lockClass(AS->getBase(), Fn);
    return Base.empty() ? "" : Base + "[]";
  }
  if (const auto *DR = dyn_cast<DeclRefExpr>(E)) {
    if (const auto *PV = dyn_cast<ParmVarDecl>(DR->getDecl()))
      return PV->getType()->isPointerType() ? paramKey(PV, Fn) : "";
    if (const auto *VD = dyn_cast<VarDecl>(DR->getDecl())) {
      if (VD->hasGlobalStorage())
        return VD->getNameAsString();
      if (VD->isLocalVarDecl() && VD->getType()->isPointerType() && Fn)
        return lockPointerClass(VD, Fn);
    }
  }
  return "";
}

std::string FactExtractor::lockPointerClass(const VarDecl *VD, const FunctionDecl *Fn) const {
  // `struct rw_semaphore *m2 = NULL; ... m2 = &inode->i_rwsem; ... if (m2)
  // up_read(m2);` (fs/dcache.c's __d_unalias()): every value it is given is
  // NULL or the address of a lock of one class. Its address taken, or any
  // other value, and it names no class.
  auto [It, New] = LockPointerClasses.try_emplace(VD, "");
  if (!New)
    return It->second; // (also a cycle between such locals: none)
  std::string Class;
  bool Ok = true;
  auto Value = [&](const Expr *V) {
    if (!V || !Ok)
      return;
    if (V->isNullPointerConstant(Ctx, Expr::NPC_ValueDependentIsNull)) // NULL, 0
      return;
    const auto *UO = dyn_cast<UnaryOperator>(V->IgnoreParenCasts());
    std::string C = UO && UO->getOpcode() == UO_AddrOf ? lockClass(UO->getSubExpr(), Fn) : "";
    Ok = !C.empty() && (Class.empty() || C == Class);
    Class = C;
  };
  Value(VD->getInit());
  auto Names = [&](const Expr *X) {
    const auto *D = dyn_cast<DeclRefExpr>(X->IgnoreParenImpCasts());
    return D && D->getDecl() == VD;
  };
  forEachStmt(Fn->getBody(), [&](const Stmt *S) {
    if (const auto *BO = dyn_cast<BinaryOperator>(S); BO && BO->isAssignmentOp() && Names(BO->getLHS())) {
      if (BO->getOpcode() != BO_Assign)
        Ok = false;
      else
        Value(BO->getRHS());
    } else if (const auto *UO = dyn_cast<UnaryOperator>(S);
               UO && (UO->isIncrementDecrementOp() || UO->getOpcode() == UO_AddrOf) && Names(UO->getSubExpr())) {
      Ok = false;
    }
    return Ok;
  });
  std::string &Out = LockPointerClasses[VD];
  Out = Ok ? Class : "";
  return Out;
}

std::string FactExtractor::pointedObject(const Expr *E, const FunctionDecl *Fn) const {
  while (E) {
    E = E->IgnoreParenImpCasts();
    const auto *C = dyn_cast<CStyleCastExpr>(E);
    if (!C)
      break;
    E = C->getSubExpr();
  }
  if (!E)
    return "";
  if (const auto *DR = dyn_cast<DeclRefExpr>(E)) {
    const auto *PV = dyn_cast<ParmVarDecl>(DR->getDecl());
    return PV && PV->getType()->isPointerType() ? paramKey(PV, Fn) : "";
  }
  const auto *U = dyn_cast<UnaryOperator>(E);
  if (!U || U->getOpcode() != UO_AddrOf)
    return "";
  const Expr *X = U->getSubExpr()->IgnoreParenImpCasts();
  if (const auto *DR = dyn_cast<DeclRefExpr>(X)) {
    const auto *VD = dyn_cast<VarDecl>(DR->getDecl());
    if (VD && VD->hasGlobalStorage() && !VD->getType()->isPointerType() && VD->getIdentifier())
      return VD->getNameAsString();
    return "";
  }
  return isa<MemberExpr>(X) ? lockObject(X, Fn) : "";
}

std::string FactExtractor::lockObject(const Expr *E, const FunctionDecl *Fn) const {
  E = stripLockExpr(E);
  const auto *ME = dyn_cast_or_null<MemberExpr>(E);
  if (!ME || ME->getType()->isPointerType() || localFieldInit(ME))
    return "";
  // Up through `.` members (anonymous ones unnamed) to the object.
  std::string Path;
  const MemberExpr *Last = ME;
  for (const MemberExpr *M = ME;;) {
    std::string N = M->getMemberDecl()->getNameAsString();
    if (!N.empty())
      Path = Path.empty() ? N : N + "." + Path;
    Last = M;
    if (M->isArrow())
      break;
    const auto *Up = dyn_cast<MemberExpr>(M->getBase()->IgnoreParenImpCasts());
    if (!Up)
      break;
    M = Up;
  }
  const auto *DR = dyn_cast<DeclRefExpr>(Last->getBase()->IgnoreParenImpCasts());
  if (!DR || Path.empty())
    return "";
  if (Last->isArrow()) {
    std::string P = paramKey(dyn_cast<ParmVarDecl>(DR->getDecl()), Fn);
    return P.empty() ? "" : P + "." + Path;
  }
  // A global object (init_mm): lockdep keys a statically initialised lock
  // by its address, and one a module initialises itself by that init site,
  // its own as a rule; named as lockdep prints it ("&init_mm.mmap_lock").
  // (One initialised by the init function every object of its type goes
  // through shares their class: named apart here, its cycles with them are
  // missed.) Through a parameter, the same name (resolveObject()).
  const auto *VD = dyn_cast<VarDecl>(DR->getDecl());
  if (VD && VD->hasGlobalStorage() && !VD->getType()->isPointerType() && VD->getIdentifier())
    return VD->getNameAsString() + "." + Path;
  return "";
}

int FactExtractor::subclassOf(const Expr *E) const {
  // lockdep keeps MAX_LOCKDEP_SUBCLASSES (8) per class; a value read at
  // run time (sev_lock_vcpus_for_migration()'s `role`) names no class.
  Expr::EvalResult R;
  if (E->isValueDependent() || !E->EvaluateAsInt(R, Ctx))
    return -1;
  const llvm::APSInt &V = R.Val.getInt();
  if (V.isSigned() && V.isNegative())
    return -1;
  uint64_t N = V.getLimitedValue(8);
  return N < 8 ? (int)N : -1;
}

/// A declaration in an instance key: by name and where it is declared (two
/// locals of one name in nested scopes differ; an unnamed member has its
/// place only), so the key is the same in every run.
static void appendDecl(const ValueDecl *D, std::string &Out) {
  if (D->getIdentifier())
    Out += D->getName();
  Out += '@';
  Out += std::to_string(D->getLocation().getRawEncoding());
}

static bool isZeroIndex(const Expr *E) {
  const auto *IL = dyn_cast<IntegerLiteral>(E->IgnoreParenCasts());
  return IL && IL->getValue() == 0;
}

static void instanceText(const Expr *E, const FactExtractor &FX, std::string &Out,
                         unsigned Depth);

/// Appends the object of a member access `Base->f` (Arrow) or `Base.f`, and
/// the separator: `(*p).f` and `p[0].f` as `p->f`, `(&x)->f` as `x.f`, so
/// each spelling of one object's field is one key.
static void memberBase(const Expr *Base, bool Arrow, const FactExtractor &FX, std::string &Out,
                       unsigned Depth) {
  for (unsigned I = 0; I < 8; ++I) {
    Base = Base->IgnoreParenCasts();
    const auto *U = dyn_cast<UnaryOperator>(Base);
    const auto *AS = dyn_cast<ArraySubscriptExpr>(Base);
    if (!Arrow && U && U->getOpcode() == UO_Deref) {
      Base = U->getSubExpr();
      Arrow = true;
    } else if (!Arrow && AS && isZeroIndex(AS->getIdx())) {
      Base = AS->getBase();
      Arrow = true;
    } else if (Arrow && U && U->getOpcode() == UO_AddrOf) {
      Base = U->getSubExpr();
      Arrow = false;
    } else {
      break;
    }
  }
  instanceText(Base, FX, Out, Depth + 1);
  Out += Arrow ? "->" : ".";
}

/// Appends E's instance key to Out: declarations and fields by identity,
/// parentheses and casts ignored, `&*p` as `p` and `(*p).f` as `p->f`.
/// A node of another kind is keyed by its source text (as the user wrote
/// it: one `per_cpu(x, cpu)` is the same at the lock and at the unlock).
static void instanceText(const Expr *E, const FactExtractor &FX, std::string &Out,
                         unsigned Depth) {
  if (!E || Depth > 32) {
    Out += '?';
    return;
  }
  E = E->IgnoreParenCasts();
  // container_of(p, T, f) (a statement expression, `({ void *__mptr = (void
  // *)(p); (T *)(__mptr - offsetof(T, f)); })`): keyed by its value, and a
  // macro's own temporary by what it was set to, so unix_sk(sk1)->lock and
  // unix_sk(sk2)->lock are two instances (their macro text is one), and
  // each expansion for sk1 is the same one.
  if (const auto *SE = dyn_cast<StmtExpr>(E))
    if (const Expr *Value = stmtExprValue(SE))
      return instanceText(Value, FX, Out, Depth + 1);
  if (const auto *DR = dyn_cast<DeclRefExpr>(E)) {
    // (A temporary the macro's own text declares, a pointer: not a variable
    // whose name is the macro's argument, as MA_STATE(mas, ...) declares.)
    const auto *VD = dyn_cast<VarDecl>(DR->getDecl());
    const SourceManager &SM = FX.astContext().getSourceManager();
    if (VD && VD->hasLocalStorage() && VD->getType()->isPointerType() && VD->getInit() &&
        VD->getLocation().isMacroID() && !SM.isMacroArgExpansion(VD->getLocation()))
      return instanceText(VD->getInit(), FX, Out, Depth + 1);
    Out += '#';
    appendDecl(DR->getDecl(), Out);
    return;
  }
  if (const auto *U = dyn_cast<UnaryOperator>(E)) {
    const Expr *Sub = U->getSubExpr()->IgnoreParenCasts();
    const auto *Inner = dyn_cast<UnaryOperator>(Sub);
    if (U->getOpcode() == UO_AddrOf && Inner && Inner->getOpcode() == UO_Deref)
      return instanceText(Inner->getSubExpr(), FX, Out, Depth + 1);
    Out += UnaryOperator::getOpcodeStr(U->getOpcode());
    Out += '(';
    instanceText(Sub, FX, Out, Depth + 1);
    Out += ')';
    return;
  }
  if (const auto *ME = dyn_cast<MemberExpr>(E)) {
    memberBase(ME->getBase(), ME->isArrow(), FX, Out, Depth);
    appendDecl(ME->getMemberDecl(), Out);
    return;
  }
  if (const auto *AS = dyn_cast<ArraySubscriptExpr>(E)) {
    instanceText(AS->getBase(), FX, Out, Depth + 1);
    Out += '[';
    instanceText(AS->getIdx(), FX, Out, Depth + 1);
    Out += ']';
    return;
  }
  if (const auto *IL = dyn_cast<IntegerLiteral>(E)) {
    Out += std::to_string(IL->getValue().getLimitedValue());
    return;
  }
  if (const auto *BO = dyn_cast<BinaryOperator>(E)) {
    Out += '(';
    instanceText(BO->getLHS(), FX, Out, Depth + 1);
    Out += BinaryOperator::getOpcodeStr(BO->getOpcode());
    instanceText(BO->getRHS(), FX, Out, Depth + 1);
    Out += ')';
    return;
  }
  if (const auto *CE = dyn_cast<CallExpr>(E)) {
    instanceText(CE->getCallee(), FX, Out, Depth + 1);
    Out += '(';
    for (const Expr *A : CE->arguments()) {
      instanceText(A, FX, Out, Depth + 1);
      Out += ',';
    }
    Out += ')';
    return;
  }
  std::string Text = FX.textOf(E);
  Out += '`';
  Out += Text.empty() ? std::to_string(E->getBeginLoc().getRawEncoding()) : Text;
  Out += '`';
}

std::string FactExtractor::lockInstance(const Expr *E) const {
  if (!E)
    return "";
  std::string Out;
  instanceText(E, *this, Out, 0);
  return Out;
}

/// The field Name of RD, with the anonymous members it is reached through
/// first (struct mm_struct keeps its fields in an unnamed struct: the
/// expression `mm->mmap_lock` is two member accesses).
static bool findField(const RecordDecl *RD, llvm::StringRef Name,
                      llvm::SmallVectorImpl<const FieldDecl *> &Chain, unsigned Depth) {
  if (!RD || !(RD = RD->getDefinition()) || Depth > 8)
    return false;
  for (const FieldDecl *F : RD->fields()) {
    if (F->getIdentifier() && F->getName() == Name) {
      Chain.push_back(F);
      return true;
    }
    if (F->isAnonymousStructOrUnion()) {
      Chain.push_back(F);
      if (findField(F->getType()->getAsRecordDecl(), Name, Chain, Depth + 1))
        return true;
      Chain.pop_back();
    }
  }
  return false;
}

std::string FactExtractor::memberInstance(const Expr *Arg, llvm::StringRef Path) const {
  if (!Arg || Path.empty())
    return "";
  // The record the path starts in: what Arg points to, as the callee's
  // parameter type says (the argument converted to it).
  QualType T = Arg->getType();
  if (!T->isPointerType())
    return "";
  const RecordDecl *RD = T->getPointeeType()->getAsRecordDecl();
  std::string Out = "&(";
  memberBase(Arg, /*Arrow=*/true, *this, Out, 0); // `Arg->Path`
  llvm::SmallVector<llvm::StringRef, 4> Parts;
  Path.split(Parts, '.');
  bool First = true;
  for (llvm::StringRef Name : Parts) {
    llvm::SmallVector<const FieldDecl *, 4> Chain;
    if (!findField(RD, Name, Chain, 0))
      return "";
    for (const FieldDecl *F : Chain) {
      if (!First)
        Out += '.';
      First = false;
      appendDecl(F, Out);
    }
    RD = Chain.back()->getType()->getAsRecordDecl();
  }
  Out += ')';
  return Out;
}
