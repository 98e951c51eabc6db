// The lattice laws the dataflow relies on: join is a least upper bound
// (commutative, associative, idempotent, and above both arguments), the
// order is a partial order, composition substitutes the caller's entry
// state, and widening always climbs.
#include "lattice/ContextState.h"
#include "summaries/CallSite.h"

#include <gtest/gtest.h>

using namespace rcuctx;

namespace {

std::vector<Interval> sampleIntervals() {
  return {Interval(), Interval::exact(1), Interval::exact(-1), {0, 2}, {-3, 1},
          Interval::top(), {Interval::NegInf, 0}, {2, Interval::PosInf}};
}

std::vector<LockSet> sampleLockSets() {
  std::vector<LockSet> R;
  for (uint8_t B = 1; B < 16; ++B)
    R.push_back(LockSet::of(B));
  return R;
}

std::vector<ContextState> sampleStates() {
  std::vector<ContextState> R;
  R.push_back(ContextState());
  ContextState A;
  A.setCounter(ctx::Rcu, Interval::exact(1));
  R.push_back(A);
  ContextState B;
  B.setCounter(ctx::Rcu, {0, 1});
  B.setLock("struct kvm::mmu_lock", LockSet::of(LB_Read));
  R.push_back(B);
  ContextState C;
  C.setLock("struct kvm::mmu_lock", LockSet::of(LB_Write | LB_Read));
  C.setCounter(ctx::Preempt, Interval::exact(1));
  R.push_back(C);
  // lockdep subclasses (lattice/LockNesting.h): the held instance as "l/1",
  // and a nested second instance of l.
  ContextState N1;
  N1.setLock("l", LockSet::of(LB_Write));
  N1.Nesting.ClassOf["l"] = "l/1";
  R.push_back(N1);
  ContextState N2;
  N2.setLock("l", LockSet::of(LB_Write));
  N2.Nesting.Nested["&b->l"] = NestedHold{"l", "l/1", false};
  R.push_back(N2);
  // Two instances of l, nested one way and the other (an address-ordered
  // double lock's arms), and held side by side.
  ContextState N4;
  N4.setLock("l", LockSet::of(LB_Write));
  N4.Nesting.HeldBy["l"] = "&a->l";
  N4.Nesting.Nested["&b->l"] = NestedHold{"l", "l/1", false};
  R.push_back(N4);
  ContextState N5;
  N5.setLock("l", LockSet::of(LB_Write));
  N5.Nesting.HeldBy["l"] = "&b->l";
  N5.Nesting.Nested["&a->l"] = NestedHold{"l", "l/1", false};
  R.push_back(N5);
  ContextState N6;
  N6.setLock("l", LockSet::of(LB_Write));
  N6.Nesting.HeldBy["l"] = holderSetAdd("&a->l", "&b->l");
  R.push_back(N6);
  ContextState N3; // a lock of what parameter 0 points to
  N3.setLock("l", LockSet::of(LB_Read));
  N3.Nesting.ObjectOf["l"] = "$0.l";
  R.push_back(N3);
  ContextState D;
  D.setLock("l", LockSet::of(LB_Unheld));
  D.setCounter(ctx::srcu("struct kvm::srcu"), Interval::exact(-1));
  R.push_back(D);
  // Contexts handed over through a value (lattice/ValueSplit.h): a local
  // tested NULL on this path; the same local tested non-NULL with the lock
  // held; a callee's result deciding the lock.
  static const int Vma = 0, Call = 0;
  ContextState E;
  E.setLock("l", LockSet::of(LB_Unheld));
  E.Splits[&Vma].Known = VC_Zero;
  R.push_back(E);
  ContextState F;
  F.setLock("l", LockSet::of(LB_Write));
  F.Splits[&Vma].Known = VC_Error | VC_Valid;
  R.push_back(F);
  ContextState G;
  G.setLock("l", LockSet::of(LB_Unheld | LB_Read));
  ValueSplit &S = G.Splits[&Call];
  S.Known = VC_Zero | VC_Valid;
  S.Joined.Locks["l"] = LockSet::of(LB_Unheld | LB_Read);
  S.Per[0].Locks["l"] = LockSet::of(LB_Unheld);
  S.Per[2].Locks["l"] = LockSet::of(LB_Read);
  R.push_back(G);
  // A callee's named constant (-EINTR) with the lock dropped, its other
  // classes with it held; and the same value naming another constant.
  ContextState H;
  H.setLock("l", LockSet::of(LB_Unheld | LB_Write));
  ValueSplit &NC = H.Splits[&Call];
  NC.Known = VC_Error | VC_Const;
  NC.Const = -4;
  NC.Joined.Locks["l"] = LockSet::of(LB_Unheld | LB_Write);
  NC.Per[1].Locks["l"] = LockSet::of(LB_Write);
  NC.Per[3].Locks["l"] = LockSet::of(LB_Unheld);
  R.push_back(H);
  ContextState H2 = H;
  H2.Splits[&Call].Const = -11;
  R.push_back(H2);
  // Flag bits a path tested (transfer/FlagTransfer.h).
  ContextState Fl;
  Fl.Flags["flags&F_BLOCKING"] = false;
  R.push_back(Fl);
  ContextState Fl2;
  Fl2.Flags["flags&F_BLOCKING"] = true;
  Fl2.setLock("l", LockSet::of(LB_Read));
  R.push_back(Fl2);
  return R;
}

} // namespace

TEST(IntervalLattice, JoinIsLeastUpperBound) {
  for (auto A : sampleIntervals())
    for (auto B : sampleIntervals()) {
      Interval J = A.join(B);
      EXPECT_EQ(J, B.join(A));
      EXPECT_TRUE(A.leq(J));
      EXPECT_TRUE(B.leq(J));
      for (auto C : sampleIntervals()) {
        EXPECT_EQ(A.join(B).join(C), A.join(B.join(C)));
        if (A.leq(C) && B.leq(C))
          EXPECT_TRUE(J.leq(C)) << A.str() << " " << B.str() << " " << C.str();
      }
    }
}

TEST(IntervalLattice, OrderIsPartialOrder) {
  for (auto A : sampleIntervals()) {
    EXPECT_TRUE(A.leq(A));
    EXPECT_EQ(A.join(A), A);
    for (auto B : sampleIntervals()) {
      if (A.leq(B) && B.leq(A))
        EXPECT_EQ(A, B);
      for (auto C : sampleIntervals())
        if (A.leq(B) && B.leq(C))
          EXPECT_TRUE(A.leq(C));
    }
  }
}

TEST(IntervalLattice, WideningClimbsAndTerminates) {
  Interval X = Interval::exact(0);
  // A loop that takes rcu_read_lock() once per iteration.
  for (int I = 0; I < 3; ++I) {
    Interval Next = X.join(X.shift(1));
    Interval W = X.widen(Next);
    EXPECT_TRUE(Next.leq(W));
    X = W;
  }
  EXPECT_EQ(X.Hi, Interval::PosInf);
  EXPECT_EQ(X.Lo, 0);
  EXPECT_EQ(X.widen(X.join(X.shift(1))), X) << "stable after widening";
}

TEST(IntervalLattice, ArithmeticSaturates) {
  EXPECT_EQ(Interval::top().shift(5), Interval::top());
  EXPECT_EQ(Interval::exact(2).plus({-1, 1}), Interval({1, 3}));
}

TEST(LockSetLattice, JoinIsUnionAndOrderIsInclusion) {
  for (auto A : sampleLockSets())
    for (auto B : sampleLockSets()) {
      LockSet J = A.join(B);
      EXPECT_EQ(J, B.join(A));
      EXPECT_TRUE(A.leq(J) && B.leq(J));
      EXPECT_EQ(J.Bits, A.Bits | B.Bits);
      if (A.leq(B) && B.leq(A))
        EXPECT_EQ(A, B);
      for (auto C : sampleLockSets())
        EXPECT_EQ(A.join(B).join(C), A.join(B.join(C)));
    }
}

TEST(LockSetLattice, ConditionalModesJoinToHeldEitherMode) {
  // if (shared) read_lock(l); else write_lock(l);
  LockSet J = LockSet::of(LB_Read).join(LockSet::of(LB_Write));
  EXPECT_TRUE(J.definitelyHeld());
  EXPECT_FALSE(J.only(LB_Write));
  EXPECT_EQ(describeModes(J.Bits), "held");
}

TEST(LockSetLattice, SubstituteEntryUsesCallerState) {
  LockSet Callee = LockSet::of(LB_Entry);
  EXPECT_EQ(Callee.substituteEntry(LockSet::of(LB_Write)), LockSet::of(LB_Write));
  LockSet Drops = LockSet::of(LB_Unheld);
  EXPECT_EQ(Drops.substituteEntry(LockSet::of(LB_Write)), LockSet::of(LB_Unheld));
  LockSet Maybe = LockSet::of(LB_Entry | LB_Unheld);
  EXPECT_EQ(Maybe.substituteEntry(LockSet::of(LB_Read)), LockSet::of(LB_Read | LB_Unheld));
}

TEST(ContextStateLattice, JoinLaws) {
  auto S = sampleStates();
  for (auto &A : S)
    for (auto &B : S) {
      ContextState J = A.join(B);
      EXPECT_TRUE(J.sameValue(B.join(A)));
      EXPECT_TRUE(A.leq(J)) << A.str() << " <= " << J.str();
      EXPECT_TRUE(B.leq(J));
      EXPECT_TRUE(A.join(A).sameValue(A));
      for (auto &C : S)
        EXPECT_TRUE(A.join(B).join(C).sameValue(A.join(B.join(C))));
    }
}

TEST(ContextStateLattice, JoinKeepsWhatAValueTellsApart) {
  // `if (!vma) unlock(l); return vma;`: the join knows l per class of vma.
  static const int Vma = 0;
  ContextState Null, Found;
  Null.setLock("l", LockSet::of(LB_Unheld));
  Null.Splits[&Vma].Known = VC_Zero;
  Found.setLock("l", LockSet::of(LB_Write));
  Found.Splits[&Vma].Known = VC_Error | VC_Valid;
  ContextState J = Null.join(Found);
  EXPECT_EQ(J.lock("l"), LockSet::of(LB_Unheld | LB_Write));
  ASSERT_EQ(J.Splits.count(&Vma), 1u);
  ContextState OnNull = J;
  OnNull.refineBy(&Vma, VC_Zero);
  EXPECT_EQ(OnNull.lock("l"), LockSet::of(LB_Unheld));
  ContextState OnFound = J;
  OnFound.refineBy(&Vma, VC_Valid);
  EXPECT_EQ(OnFound.lock("l"), LockSet::of(LB_Write));
  // Once the lock changes, the split no longer speaks for it.
  ContextState Changed = J;
  Changed.setLock("l", LockSet::of(LB_Read));
  Changed.refineBy(&Vma, VC_Zero);
  EXPECT_EQ(Changed.lock("l"), LockSet::of(LB_Read));
  // Paths that allow the same classes and differ in the lock: the value
  // no longer tells them apart; only its classes are kept.
  ContextState Other = Found;
  Other.setLock("l", LockSet::of(LB_Unheld));
  ContextState Both = Found.join(Other);
  ASSERT_EQ(Both.Splits.count(&Vma), 1u);
  EXPECT_TRUE(Both.Splits[&Vma].Joined.empty());
  EXPECT_EQ(Both.Splits[&Vma].Known, VC_Error | VC_Valid);
  // A split on one path only: forgotten.
  ContextState Plain;
  EXPECT_EQ(Found.join(Plain).Splits.count(&Vma), 0u);
}

TEST(ContextStateLattice, SubclassesJoinToUnnamedAndNestedToCommon) {
  ContextState Plain, Sub, Nested;
  Plain.setLock("l", LockSet::of(LB_Write));
  Sub = Plain;
  Sub.Nesting.ClassOf["l"] = "l/1";
  Nested = Sub;
  Nested.Nesting.Nested["&b->l"] = NestedHold{"l", "l", false};
  // Taken plainly on one path and as l/1 on the other: no class to name.
  EXPECT_EQ(Plain.join(Sub).Nesting.classOf("l"), "");
  EXPECT_EQ(Sub.join(Sub).Nesting.classOf("l"), "l/1");
  EXPECT_FALSE(Sub.leq(Plain));
  EXPECT_TRUE(Sub.leq(Plain.join(Sub)));
  // A nested instance held on one path only is not held after the join.
  EXPECT_TRUE(Sub.join(Nested).Nesting.Nested.empty());
  EXPECT_TRUE(Nested.leq(Sub));
  EXPECT_FALSE(Sub.leq(Nested));
  // A callee that took l changes whose instance is held.
  ContextState Callee;
  Callee.setLock("l", LockSet::of(LB_Write));
  Callee.Nesting.ClassOf["l"] = "l/2";
  ContextState After = Nested.compose(Callee);
  EXPECT_EQ(After.Nesting.classOf("l"), "l/2");
  EXPECT_TRUE(After.Nesting.Nested.empty());
  EXPECT_EQ(subclassName("C", 0), "C");
  EXPECT_EQ(subclassName("C", 3), "C/3");
  int N = -1;
  EXPECT_EQ(baseClassOf("$0/1", &N), "$0");
  EXPECT_EQ(N, 1);
  EXPECT_EQ(baseClassOf("a/b", &N), "a/b");
  EXPECT_EQ(N, 0);
  EXPECT_EQ(baseClassOf("c/123", &N), "c/123"); // not one of lockdep's 8
  EXPECT_EQ(baseClassOf("c/9", &N), "c/9");
}

TEST(ContextStateLattice, HoldersJoinToCommonThenSeveral) {
  // Sets of holding instances, in order, each once.
  std::string AB = holderSetAdd(holderSetAdd("a", "b"), "a");
  EXPECT_EQ(AB, holderSetAdd("b", "a"));
  EXPECT_TRUE(holderSetHas(AB, "a") && holderSetHas(AB, "b") && !holderSetHas(AB, "c"));
  EXPECT_EQ(holderSetRemove(AB, "a"), "b");
  EXPECT_EQ(holderSetRemove(holderSetRemove(AB, "a"), "b"), "");
  ContextState A, B, None, Several;
  A.setLock("l", LockSet::of(LB_Write));
  B = A;
  A.Nesting.HeldBy["l"] = "a";
  B.Nesting.HeldBy["l"] = AB;
  None = A;
  None.Nesting.HeldBy.erase("l");
  Several = A;
  Several.Nesting.HeldBy["l"] = LockNesting::Several;
  // Paths that agree keep their holders; other holders: Several; a path
  // that knows none: not known. Order: known < not known < Several.
  EXPECT_EQ(A.join(A).Nesting.holderOf("l"), "a");
  EXPECT_EQ(A.join(B).Nesting.holderOf("l"), LockNesting::Several);
  EXPECT_EQ(A.join(None).Nesting.holderOf("l"), "");
  EXPECT_EQ(None.join(Several).Nesting.holderOf("l"), LockNesting::Several);
  EXPECT_TRUE(A.leq(None) && None.leq(Several) && A.leq(Several));
  EXPECT_FALSE(None.leq(A) || Several.leq(None) || A.leq(B) || B.leq(A));
  EXPECT_TRUE(A.leq(A.join(B)) && B.leq(A.join(B)));
  // A callee that changes the class: its holders are not the caller's.
  ContextState Callee;
  Callee.setLock("l", LockSet::of(LB_Unheld));
  EXPECT_EQ(B.compose(Callee).Nesting.holderOf("l"), "");
}

TEST(ContextStateLattice, InstancesNestedEitherWayJoinToBothHeld) {
  // `if (a < b) { lock(a); lock_nested(b); } else { lock(b); lock_nested(a); }`:
  // both arms hold the same two instances; they meet holding both, each
  // released by its own unlock, the nesting (which differs) gone.
  ContextState A, B;
  A.setLock("l", LockSet::of(LB_Write));
  B = A;
  A.Nesting.HeldBy["l"] = "a";
  A.Nesting.Nested["b"] = NestedHold{"l", "l/1", false};
  B.Nesting.HeldBy["l"] = "b";
  B.Nesting.Nested["a"] = NestedHold{"l", "l/1", false};
  std::string Both = holderSetAdd("a", "b");
  EXPECT_EQ(A.Nesting.instancesOf("l"), Both);
  ContextState J = A.join(B);
  EXPECT_EQ(J.Nesting.holderOf("l"), Both);
  EXPECT_TRUE(J.Nesting.Nested.empty());
  EXPECT_TRUE(A.leq(J) && B.leq(J));
  EXPECT_TRUE(J.join(A).sameValue(J));
  // Other instances on one side: Several, as before.
  ContextState C = B;
  C.Nesting.Nested.clear();
  C.Nesting.Nested["c"] = NestedHold{"l", "l/1", false};
  EXPECT_EQ(A.join(C).Nesting.holderOf("l"), LockNesting::Several);
  // Sets as the second argument of the holder-set operations.
  std::string ABC = holderSetAdd(Both, "c");
  EXPECT_TRUE(holderSetHas(ABC, Both));
  EXPECT_FALSE(holderSetHas(Both, holderSetAdd("a", "c")));
  EXPECT_EQ(holderSetRemove(ABC, Both), "c");
  EXPECT_EQ(holderSetAdd("c", Both), ABC);
}

TEST(ContextStateLattice, GlobalObjectsNameTheirOwnLocks) {
  // mmap_read_lock(&init_mm): the object parameter 0 points to, resolved.
  EXPECT_EQ(objectParam("$0.mmap_lock"), 0);
  EXPECT_EQ(objectParam("$12.a.b"), 12);
  EXPECT_EQ(objectParam("$x.a"), -1);
  EXPECT_EQ(objectParam("init_mm.mmap_lock"), -1);
  EXPECT_EQ(resolveObject("$0.mmap_lock", "init_mm"), "init_mm.mmap_lock");
  EXPECT_EQ(resolveObject("$0.mmap_lock", "$2"), "$2.mmap_lock");
  EXPECT_EQ(resolveObject("$0.mmap_lock", "struct vm_area_struct::vm_mm"), "");
  EXPECT_EQ(resolveObject("$0.mmap_lock", ""), "");
  EXPECT_TRUE(isObjectClass("init_mm.mmap_lock"));
  EXPECT_FALSE(isObjectClass("struct kvm::irqfds.lock"));
  EXPECT_FALSE(isObjectClass("$0.mmap_lock"));
  EXPECT_FALSE(isObjectClass("kvm_lock"));
  // The callee's exit: the caller holds the global object's class.
  ContextState Callee;
  Callee.setLock("struct mm::mmap_lock", LockSet::of(LB_Read));
  Callee.Nesting.ObjectOf["struct mm::mmap_lock"] = "$0.mmap_lock";
  ContextState AtCall = resolveStateAt(Callee, [](unsigned I) { return I == 0 ? std::string("init_mm") : std::string(); });
  EXPECT_EQ(AtCall.Nesting.classOf("struct mm::mmap_lock"), "init_mm.mmap_lock");
  ContextState Other = resolveStateAt(Callee, [](unsigned) { return std::string(); });
  EXPECT_EQ(Other.Nesting.classOf("struct mm::mmap_lock"), "struct mm::mmap_lock");
}

TEST(ContextStateLattice, AbsentKeysAreAtEntry) {
  ContextState E;
  EXPECT_EQ(E.counter(ctx::Rcu), Interval::exact(0));
  EXPECT_EQ(E.lock("anything"), LockSet::entry());
  ContextState A;
  A.setCounter(ctx::Rcu, Interval::exact(0));
  EXPECT_TRUE(A.sameValue(E)) << "a zero depth is the entry depth";
}

TEST(ContextStateLattice, ComposeAddsDepthsAndSubstitutesEntry) {
  ContextState Caller;
  Caller.setCounter(ctx::Rcu, Interval::exact(1));
  Caller.setLock("struct kvm::mmu_lock", LockSet::of(LB_Read));
  ContextState Callee; // drops RCU and the lock, as a yield helper does
  Callee.setCounter(ctx::Rcu, Interval::exact(-1));
  Callee.setLock("struct kvm::mmu_lock", LockSet::of(LB_Unheld));
  Callee.setLock("other", LockSet::of(LB_Entry));
  ContextState R = Caller.compose(Callee);
  EXPECT_EQ(R.counter(ctx::Rcu), Interval::exact(0));
  EXPECT_EQ(R.lock("struct kvm::mmu_lock"), LockSet::of(LB_Unheld));
  EXPECT_EQ(R.lock("other"), LockSet::entry());
  // Composing with the identity changes nothing.
  EXPECT_TRUE(Caller.compose(ContextState()).sameValue(Caller));
}

TEST(ContextStateLattice, NamedConstantsTellTheirPathsApartOrRejoinTheirClass) {
  // validate_request(): -EINTR with the caller's mutex dropped, other
  // errors with it held (lattice/ValueSplit.h's VC_Const).
  static const int Ret = 0;
  ValueSplit S;
  S.Known = VC_Error | VC_Valid | VC_Const;
  S.Const = -4;
  S.Joined.Locks["l"] = LockSet::of(LB_Unheld | LB_Write);
  S.Per[1].Locks["l"] = LockSet::of(LB_Write);
  S.Per[2].Locks["l"] = LockSet::of(LB_Write);
  S.Per[3].Locks["l"] = LockSet::of(LB_Unheld);
  // A test of the base classes lets the constant through with its class.
  EXPECT_EQ(S.withConst(VC_Error), VC_Error | VC_Const);
  EXPECT_EQ(S.withConst(VC_Valid | VC_Zero), VC_Valid | VC_Zero);
  EXPECT_EQ(S.bases(), VC_Error | VC_Valid);
  ContextState St;
  St.setLock("l", LockSet::of(LB_Unheld | LB_Write));
  St.Splits[&Ret] = S;
  ContextState OnConst = St;
  OnConst.refineBy(&Ret, VC_Const);
  EXPECT_EQ(OnConst.lock("l"), LockSet::of(LB_Unheld));
  ContextState OnOther = St;
  OnOther.refineBy(&Ret, VC_All);
  EXPECT_EQ(OnOther.lock("l"), LockSet::of(LB_Write));
  // Without its constant, the split's error class is the join of both.
  ValueSplit W = S.withoutConst();
  EXPECT_FALSE(W.Const.has_value());
  EXPECT_EQ(W.Known, VC_Error | VC_Valid);
  EXPECT_EQ(W.Per[1].Locks["l"], LockSet::of(LB_Unheld | LB_Write));
  // Two paths naming different constants: the join rejoins them.
  ContextState Other = St;
  Other.Splits[&Ret].Const = -11;
  ContextState J = St.join(Other);
  ASSERT_EQ(J.Splits.count(&Ret), 1u);
  EXPECT_FALSE(J.Splits[&Ret].Const.has_value());
  EXPECT_TRUE(St.leq(St.join(Other)) && Other.leq(St.join(Other)));
}

TEST(ContextStateLattice, FlagBitsJoinByAgreementAndContradict) {
  ContextState Clear, Set, None;
  Clear.Flags["flags&F"] = false;
  Set.Flags["flags&F"] = true;
  EXPECT_TRUE(Clear.join(Set).Flags.empty());
  EXPECT_EQ(Clear.join(Clear).Flags.size(), 1u);
  EXPECT_TRUE(Clear.join(None).Flags.empty());
  EXPECT_TRUE(Clear.leq(None) && !None.leq(Clear));
  EXPECT_TRUE(Clear.flagsContradict(Set));
  EXPECT_FALSE(Clear.flagsContradict(None));
  // A callee's bits join the caller's.
  EXPECT_EQ(None.compose(Set).Flags.size(), 1u);
}
