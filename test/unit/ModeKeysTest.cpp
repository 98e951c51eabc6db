// Mode keys (transfer/Obligation.h) and what callers make of them: an
// equality key names its parameter and constant and survives the trip
// through a caller that passes the parameter on; a call's constants decide
// it; and a lock a callee takes afresh is no change for its callers
// (Summary::unchangedForCallers), unless it may nest or is re-taken.
#include "dataflow/FunctionAnalysis.h"
#include "summaries/CallSite.h"
#include "summaries/Summary.h"

#include <gtest/gtest.h>

using namespace rcuctx;

TEST(ModeKeys, EqualityKeysNameParameterAndConstant) {
  for (unsigned P : {0u, 1u, 5u, unsigned(ModeParams - 1)})
    for (int64_t C : {int64_t(0), int64_t(17), ModeConstantLimit - 1}) {
      int K = modeEquals(P, C);
      EXPECT_EQ(modeParam(K), P);
      EXPECT_EQ(modeConstant(K), C);
      EXPECT_LE(K, ModeKeyMax);
    }
  // A parameter's truth is its bare index.
  EXPECT_EQ(modeConstant(3), -1);
  EXPECT_EQ(modeParam(3), 3u);
}

TEST(ModeKeys, TruthModesDropEqualities) {
  Valuation W{{0, true}, {modeEquals(1, 17), true}, {2, false}};
  Valuation T{{0, true}, {2, false}};
  EXPECT_EQ(truthModesOf(W), T);
  EXPECT_EQ(truthModeCount({0, modeEquals(1, 17), 2}), 2u);
}

TEST(ModeKeys, PassedModesMoveToTheCallersParameter) {
  // The callee's `reg == 17` on its parameter 1; the caller passes its own
  // parameter 2 there.
  Valuation CalleeWhen{{modeEquals(1, 17), true}, {0, false}};
  Valuation Out = passedModes(CalleeWhen, {}, {{1, 2}});
  ASSERT_EQ(Out.size(), 1u);
  EXPECT_EQ(Out[0], std::make_pair(modeEquals(2, 17), true));
  // Decided by the call: nothing to carry.
  EXPECT_TRUE(passedModes(CalleeWhen, {{modeEquals(1, 17), false}}, {{1, 2}}).empty());
  // Not the caller's parameter: nothing to carry (judged as applying).
  EXPECT_TRUE(passedModes(CalleeWhen, {}, {}).empty());
}

TEST(ModeKeys, CallConstantsDecideEqualities) {
  CallRecord::At A;
  A.Known[0] = true;
  A.Consts[1] = 16;
  std::map<int, bool> M = A.modes({0, modeEquals(1, 17), modeEquals(1, 16), modeEquals(2, 1)});
  EXPECT_EQ(M.at(0), true);
  EXPECT_EQ(M.at(modeEquals(1, 17)), false);
  EXPECT_EQ(M.at(modeEquals(1, 16)), true);
  EXPECT_EQ(M.count(modeEquals(2, 1)), 0u); // no constant there: open
}

TEST(AfreshLocks, TakenAndDroppedIsNoChange) {
  Summary S;
  Acquisition A;
  A.Class = "struct mm_struct::mmap_lock";
  A.Mode = AcqMode::Read; // down_read: may not nest
  S.Acquires.push_back(A);
  LockSet EntryOrUnheld = LockSet::of(LB_Entry | LB_Unheld);
  EXPECT_TRUE(S.unchangedForCallers(A.Class, LockSet::entry()));
  EXPECT_TRUE(S.unchangedForCallers(A.Class, EntryOrUnheld));
  EXPECT_FALSE(S.unchangedForCallers(A.Class, LockSet::of(LB_Unheld)));
  EXPECT_FALSE(S.unchangedForCallers(A.Class, LockSet::of(LB_Entry | LB_Read)));
  EXPECT_FALSE(S.unchangedForCallers("other", EntryOrUnheld)); // not taken here

  Summary Nests = S; // read_lock() on an rwlock_t may nest
  Nests.Acquires[0].Mode = AcqMode::RecursiveRead;
  EXPECT_FALSE(Nests.unchangedForCallers(A.Class, EntryOrUnheld));
  Summary Try = S; // a try-lock never waits
  Try.Acquires[0].Try = true;
  EXPECT_FALSE(Try.unchangedForCallers(A.Class, EntryOrUnheld));
  // Taken under a test, released only after its own take
  // (`if (!mutex_is_locked(l)) { lock(l); ...; unlock(l); }`): no change.
  Summary Guarded = S;
  Guarded.Acquires[0].Conditional = true;
  EXPECT_TRUE(Guarded.unchangedForCallers(A.Class, EntryOrUnheld));
  // `if (!*locked) mmap_read_lock(mm); ... mmap_read_unlock(mm);`: the
  // unlock may be of the caller's hold.
  Summary Protocol = Guarded;
  Protocol.ReleasesEntry = {A.Class};
  EXPECT_FALSE(Protocol.unchangedForCallers(A.Class, EntryOrUnheld));
  EXPECT_TRUE(Protocol.unchangedForCallers(A.Class, LockSet::entry()));
  // Its own take dropped and taken again: no change.
  Summary OwnRetake = S;
  OwnRetake.Acquires[0].Dropped.push_back(A.Class);
  EXPECT_TRUE(OwnRetake.unchangedForCallers(A.Class, EntryOrUnheld));
  // The caller's hold dropped first, then re-taken.
  Summary Retaken = OwnRetake;
  Retaken.ReleasesEntry = {A.Class};
  EXPECT_FALSE(Retaken.unchangedForCallers(A.Class, EntryOrUnheld));
}
