#include "transfer/Obligation.h"

#include <algorithm>

#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"

namespace rcuctx {

bool compatible(const Valuation &A, const Valuation &B) {
  for (auto &X : A)
    for (auto &Y : B)
      if (X.first == Y.first && X.second != Y.second)
        return false;
  return true;
}

Valuation valuationOfBits(const std::vector<int> &Keys, unsigned Bits) {
  Valuation R;
  for (unsigned I = 0; I < Keys.size() && I < 32; ++I)
    R.push_back({Keys[I], ((Bits >> I) & 1) != 0});
  return R;
}

Valuation truthModesOf(const Valuation &W) {
  Valuation Out;
  for (auto &PV : W)
    if (isTruthLike(PV.first))
      Out.push_back(PV);
  return Out;
}

size_t truthModeCount(const std::vector<int> &Keys) {
  size_t N = 0;
  for (int K : Keys)
    N += isTruthLike(K);
  return N;
}

const char *checkName(CheckId C) {
  switch (C) {
  case CheckId::RcuSection:
    return "rcuctx-rcu-section";
  case CheckId::LockdepCondition:
    return "rcuctx-lockdep-condition";
  case CheckId::LockHeld:
    return "rcuctx-lock-held";
  case CheckId::SleepInAtomic:
    return "rcuctx-sleep-in-atomic";
  case CheckId::Unbalanced:
    return "rcuctx-unbalanced";
  case CheckId::Annotation:
    return "rcuctx-annotation";
  case CheckId::StalePointer:
    return "rcuctx-stale-rcu-pointer";
  case CheckId::LockOrder:
    return "rcuctx-lock-order";
  case CheckId::GracePeriod:
    return "rcuctx-grace-period";
  case CheckId::BlockingState:
    return "rcuctx-blocking-state";
  case CheckId::IrqSafety:
    return "rcuctx-irq-safety";
  }
  return "rcuctx";
}

static const char *SleepCounters[] = {ctx::Rcu, ctx::RcuBh, ctx::Preempt, ctx::Irq};

Verdict evaluate(const Obligation &O, bool Strict, EntryBound *Bound) {
  if (O.K == Obligation::NoSleep) {
    if (O.GfpParam >= 0)
      return Verdict::Satisfied; // decided by each caller's argument
    if (O.OutsideInterrupt && O.At.counter(ctx::RcuBh).Lo >= 1)
      return Verdict::Satisfied; // in_interrupt(): it defers instead
    if (O.FaultOnly && O.At.counter(ctx::Pagefault).Lo >= 1)
      return Verdict::Satisfied; // pagefault_disable(): the access fails, no fault is taken
    bool Violated = false;
    // A spinning lock held on every path, even one this function dropped and
    // retook (its preemption count then nets to the caller's).
    for (auto &KV : O.At.Locks) {
      auto Sp = O.At.LockSpins.find(KV.first);
      if (Sp != O.At.LockSpins.end() && Sp->second &&
          (Strict ? KV.second.has(LockSet::Held) && !KV.second.mayBeEntry()
                  : KV.second.definitelyHeld()))
        Violated = true;
    }
    for (const char *K : SleepCounters) {
      if (O.OutsideInterrupt && K == std::string(ctx::RcuBh))
        continue; // with bottom halves off it defers: no bound on them
      Interval D = O.At.counter(K);
      int Lo = Strict ? D.Hi : D.Lo;
      if (Lo == Interval::NegInf)
        continue;
      if (Lo >= 1)
        Violated = true;
      else if (Bound)
        Bound->Upper.push_back({K, -Lo});
    }
    return Violated ? Verdict::Violated : Verdict::Depends;
  }

  bool AnyDepends = false;
  for (const Atom &A : O.AnyOf) {
    if (A.K == Atom::Exempt) {
      // True only inside the named functions: judged where the need is
      // (and again in every caller it travels to).
      llvm::SmallVector<llvm::StringRef, 4> Fns;
      llvm::StringRef(A.Key).split(Fns, ',');
      for (llvm::StringRef F : Fns)
        if (F == O.Owner)
          return Verdict::Satisfied;
      continue;
    }
    if (A.K == Atom::Counter) {
      Interval D = O.At.counter(A.Key);
      // Strict mode judges the lowest depth a path may have; where widening
      // lost that bound (a loop that may drop the section each time round),
      // it judges the highest, as default mode does, so that it still
      // reports what default mode reports (issue #19).
      int Hi = Strict && D.Lo != Interval::NegInf ? D.Lo : D.Hi;
      if (Hi >= 1)
        return Verdict::Satisfied;
      if (Hi == Interval::NegInf)
        return Verdict::Satisfied; // unknown depth: never definite
      AnyDepends = true;
      if (Bound)
        Bound->Lower.push_back({A.Key, 1 - Hi});
    } else {
      LockSet S = O.At.lock(A.Key).ownedAsHeld();
      uint8_t Abs = S.Bits & LockSet::Absolute;
      uint8_t Modes = A.Modes;
      // An unlock in "the other" mode of a lock held for read on some paths
      // and for write on others is the join of `if (c) read_lock(); else
      // write_lock(); ... if (c) read_unlock(); else write_unlock();`, not a
      // bug any path has: strict mode judges an unlock by held or not.
      if (Strict && O.Check == CheckId::Unbalanced && (Modes & (LB_Read | LB_Write)))
        Modes |= LB_Read | LB_Write;
      if (Strict ? (Abs && (Abs & ~Modes) == 0 && !S.mayBeEntry()) : (Abs & Modes))
        return Verdict::Satisfied;
      if (S.mayBeEntry()) {
        AnyDepends = true;
        if (Bound)
          Bound->LockIn.push_back({A.Key, A.Modes});
      }
    }
  }
  if (O.AnyOf.empty())
    return Verdict::Satisfied;
  return AnyDepends ? Verdict::Depends : Verdict::Violated;
}

std::string siteIdentity(const Obligation &O) {
  std::string K = std::to_string(O.Loc.getRawEncoding()) + "|" + std::to_string(O.K) + "|" +
                  std::to_string(O.GfpParam);
  for (const Atom &A : O.AnyOf)
    K += "|" + A.Key + ":" + std::to_string(A.Modes);
  return K;
}

const Atom &primaryAtom(const Obligation &O) {
  for (const Atom &X : O.AnyOf)
    if (X.K != Atom::Exempt)
      return X;
  return O.AnyOf.front();
}

std::string describeViolation(const Obligation &O, bool Strict) {
  if (O.K == Obligation::NoSleep) {
    const char *Is = Strict ? " may be held here" : " is held here";
    // Name a spinning lock if one is held; else the section.
    // A lock of a named class first; one passed in as a parameter ("$0",
    // renamed after the parameter by the analysis) next.
    for (bool Param : {false, true})
      for (auto &KV : O.At.Locks) {
        auto Sp = O.At.LockSpins.find(KV.first);
        bool Spins = (Sp == O.At.LockSpins.end() || Sp->second) && !ctx::isTaskState(KV.first);
        bool Held = Strict ? KV.second.has(LockSet::Held) : KV.second.definitelyHeld();
        if (Spins && Held && ctx::isParamRef(KV.first) == Param)
          return "spinning lock '" + KV.first + "'" + Is;
      }
    for (const char *K : {ctx::Rcu, ctx::RcuBh, ctx::Preempt, ctx::Irq}) {
      Interval D = O.At.counter(K);
      if ((Strict ? D.Hi : D.Lo) >= 1) {
        if (std::string(K) == ctx::Preempt)
          return Strict ? "preemption may be disabled here" : "preemption is disabled here";
        return describeSection(K) + Is;
      }
    }
    return "the context is atomic here";
  }
  // A Need: describe it by the atom a developer can act on (all are violated).
  const Atom &A = primaryAtom(O);
  if (A.K == Atom::Exempt)
    return "its condition is false here";
  if (A.K == Atom::Counter)
    return "none is held here";
  LockSet S = O.At.lock(A.Key);
  return "it is " + describeModes(S.Bits) + " here";
}

} // namespace rcuctx
