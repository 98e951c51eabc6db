#include "lattice/ContextState.h"

#include <set>

namespace rcuctx {

std::string Interval::str() const {
  auto End = [](int V) -> std::string {
    if (V == NegInf)
      return "-inf";
    if (V == PosInf)
      return "+inf";
    return std::to_string(V);
  };
  return Lo == Hi ? End(Lo) : "[" + End(Lo) + "," + End(Hi) + "]";
}

std::string LockSet::str() const {
  std::string S = "{";
  auto Add = [&](uint8_t B, const char *N) {
    if (has(B)) {
      if (S.size() > 1)
        S += ",";
      S += N;
    }
  };
  Add(LB_Entry, "entry");
  Add(LB_Unheld, "unheld");
  Add(LB_Read, "read");
  Add(LB_Write, "write");
  Add(LB_Owned, "owned");
  return S + "}";
}

std::string describeModes(uint8_t Bits) {
  Bits &= LockSet::Absolute;
  if (Bits == LB_Write)
    return "held for write";
  if (Bits == LB_Read)
    return "held for read";
  if (Bits == LockSet::Held)
    return "held";
  if (Bits == LB_Unheld)
    return "not held";
  if (Bits == 0)
    return "initialised (its object not yet shared)";
  return "held or not";
}

std::string describeSection(const std::string &K) {
  if (K == ctx::Rcu)
    return "an RCU read-side critical section";
  if (K == ctx::RcuBh)
    return "an RCU-bh read-side critical section";
  if (K == ctx::Preempt)
    return "an RCU-sched read-side critical section";
  if (K == ctx::Irq)
    return "an IRQs-disabled region";
  if (K == ctx::Pagefault)
    return "a pagefault-disabled region";
  if (ctx::isSrcu(K))
    return "an SRCU read-side critical section on '" + K.substr(5) + "'";
  return "'" + K + "'";
}

std::string sectionNoun(const std::string &K) {
  std::string S = describeSection(K);
  if (S.rfind("an ", 0) == 0)
    S = S.substr(3);
  else if (S.rfind("a ", 0) == 0)
    S = S.substr(2);
  if (!S.empty() && S[0] >= 'a' && S[0] <= 'z')
    S[0] = S[0] - 'a' + 'A';
  return S;
}

void ContextState::setCounter(const std::string &K, Interval V) {
  if (Slept && forbidsSleep(K)) {
    Interval Old = counter(K);
    bool Finite = Old.Lo != Interval::NegInf && Old.Hi != Interval::PosInf &&
                  V.Lo != Interval::NegInf && V.Hi != Interval::PosInf;
    if (Old != V) {
      if (Finite && V.Lo - Old.Lo == V.Hi - Old.Hi) {
        Interval D = Slept->delta(K).shift(V.Lo - Old.Lo);
        if (D == Interval())
          Slept->Delta.erase(K);
        else
          Slept->Delta[K] = D;
      } else {
        Slept.reset();
      }
    }
  }
  if (V == Interval())
    Counters.erase(K);
  else
    Counters[K] = V;
}

/// Calls F(key, in A?, in B?) for the union of two maps' keys, in order: a
/// merge of the sorted maps, without building a set of keys (joins and
/// comparisons run several times per CFG block).
template <typename M, typename Fn> static bool forKeys(const M &A, const M &B, Fn F) {
  auto I = A.begin(), J = B.begin();
  while (I != A.end() || J != B.end()) {
    bool Ok;
    if (J == B.end() || (I != A.end() && I->first < J->first))
      Ok = F(I++->first);
    else if (I == A.end() || J->first < I->first)
      Ok = F(J++->first);
    else
      Ok = F(I->first), ++I, ++J;
    if (!Ok)
      return false;
  }
  return true;
}

/// Two paths' sleep marks combined delta by delta (a join or a widening),
/// shown at Site's sleep. A delta back at [0,0] is left out, as setCounter()
/// leaves it.
template <typename Fn>
static SleepMark combineMarks(const SleepMark &A, const SleepMark &B, const SleepMark &Site, Fn Combine) {
  SleepMark M{Site.Block, Site.Index, {}};
  forKeys(A.Delta, B.Delta, [&](const std::string &K) {
    Interval D = Combine(A.delta(K), B.delta(K));
    if (D != Interval())
      M.Delta[K] = D;
    return true;
  });
  return M;
}

/// What state X says key K is when the value is in class I, given X's
/// split S: S's class value if S covers K and K has not changed since,
/// else X's own value of K.
static LockSet lockView(const ContextState &X, const ValueSplit &S, unsigned I, const std::string &K) {
  auto J = S.Joined.Locks.find(K);
  return J != S.Joined.Locks.end() && X.lock(K) == J->second ? S.Per[I].Locks.at(K) : X.lock(K);
}
static Interval counterView(const ContextState &X, const ValueSplit &S, unsigned I, const std::string &K) {
  auto J = S.Joined.Counters.find(K);
  return J != S.Joined.Counters.end() && X.counter(K) == J->second ? S.Per[I].Counters.at(K)
                                                                   : X.counter(K);
}

/// The split of a join of two states that both split the same value: it
/// allows the classes either allows, and says of each class the join of
/// what the sides that allow it say (their views, above). `if (!vma)
/// unlock(l); return vma;` joins "NULL, l unheld" with "not NULL, l held"
/// into one split that still tells the paths apart. Keys on which every
/// class agrees with the join R itself are left out; a split left with no
/// key that allows every class knows nothing and is dropped.
static std::optional<ValueSplit> mergeSplits(const ContextState &A, const ValueSplit &SAIn,
                                             const ContextState &B, const ValueSplit &SBIn,
                                             const ContextState &R) {
  // Two named constants, or one side's: the constant rejoins its class.
  bool SameConst = SAIn.Const == SBIn.Const;
  const ValueSplit SA = SameConst ? SAIn : SAIn.withoutConst();
  const ValueSplit SB = SameConst ? SBIn : SBIn.withoutConst();
  ValueSplit M;
  M.Known = SA.Known | SB.Known;
  M.Const = SA.Const;
  M.Site = SA.Site.isValid() ? SA.Site : SB.Site;
  std::set<std::string> LockKeys, CounterKeys;
  for (const ValueSplit *S : {&SA, &SB}) {
    for (auto &KV : S->Joined.Locks)
      LockKeys.insert(KV.first);
    for (auto &KV : S->Joined.Counters)
      CounterKeys.insert(KV.first);
  }
  forKeys(A.Locks, B.Locks, [&](const std::string &K) {
    if (A.lock(K) != B.lock(K))
      LockKeys.insert(K);
    return true;
  });
  forKeys(A.Counters, B.Counters, [&](const std::string &K) {
    if (A.counter(K) != B.counter(K))
      CounterKeys.insert(K);
    return true;
  });
  auto Sides = [&](unsigned I) {
    std::vector<std::pair<const ContextState *, const ValueSplit *>> Out;
    if (SA.Known & (1u << I))
      Out.push_back({&A, &SA});
    if (SB.Known & (1u << I))
      Out.push_back({&B, &SB});
    return Out;
  };
  for (const std::string &K : LockKeys) {
    bool Useful = false;
    for (unsigned I = 0; I < ValueClassSlots; ++I) {
      auto S = Sides(I);
      if (S.empty())
        continue;
      LockSet V = lockView(*S[0].first, *S[0].second, I, K);
      for (size_t J = 1; J < S.size(); ++J)
        V = V.join(lockView(*S[J].first, *S[J].second, I, K));
      M.Per[I].Locks[K] = V;
      Useful |= V != R.lock(K);
    }
    if (Useful)
      M.Joined.Locks[K] = R.lock(K);
    else
      for (auto &P : M.Per)
        P.Locks.erase(K);
  }
  for (const std::string &K : CounterKeys) {
    bool Useful = false;
    for (unsigned I = 0; I < ValueClassSlots; ++I) {
      auto S = Sides(I);
      if (S.empty())
        continue;
      Interval V = counterView(*S[0].first, *S[0].second, I, K);
      for (size_t J = 1; J < S.size(); ++J)
        V = V.join(counterView(*S[J].first, *S[J].second, I, K));
      M.Per[I].Counters[K] = V;
      Useful |= V != R.counter(K);
    }
    if (Useful)
      M.Joined.Counters[K] = R.counter(K);
    else
      for (auto &P : M.Per)
        P.Counters.erase(K);
  }
  if (M.Joined.empty() && M.knowsNoClass())
    return std::nullopt; // knows nothing
  return M;
}

ContextState ContextState::join(const ContextState &O) const {
  if (Counters == O.Counters && Locks == O.Locks && LockSpins == O.LockSpins && Ptrs.empty() &&
      O.Ptrs.empty() && LastRelease == O.LastRelease && LastAcquire == O.LastAcquire &&
      Slept == O.Slept && Splits == O.Splits && Nesting == O.Nesting && Flags == O.Flags) {
    // Both paths agree (the common case at joins): the general join below
    // would give this state, minus entries at their entry value.
    ContextState R = *this;
    for (auto It = R.Counters.begin(); It != R.Counters.end();)
      It = It->second == Interval() ? R.Counters.erase(It) : std::next(It);
    for (auto It = R.Locks.begin(); It != R.Locks.end();)
      It = It->second == LockSet::entry() ? R.Locks.erase(It) : std::next(It);
    return R;
  }
  ContextState R;
  forKeys(Counters, O.Counters, [&](const std::string &K) {
    R.setCounter(K, counter(K).join(O.counter(K)));
    return true;
  });
  forKeys(Locks, O.Locks, [&](const std::string &K) {
    LockSet J = lock(K).join(O.lock(K));
    if (J != LockSet::entry())
      R.Locks[K] = J;
    return true;
  });
  R.LockSpins = LockSpins;
  R.LockSpins.insert(O.LockSpins.begin(), O.LockSpins.end());
  for (auto &KV : Ptrs) {
    auto It = O.Ptrs.find(KV.first);
    if (It == O.Ptrs.end() || !KV.second.joinable(It->second))
      continue; // not the same read on both paths: unknown
    RcuPointer P = KV.second;
    P.ReadDepth = std::min(P.ReadDepth, It->second.ReadDepth);
    P.Stale = KV.second.Stale && It->second.Stale;
    if (!P.EndLoc.isValid())
      P.EndLoc = It->second.EndLoc;
    // A lock still held on one path still protects; a section ended on
    // one path only has not ended.
    P.LockGone = KV.second.LockGone && It->second.LockGone;
    // The caller's lock on one path: what the use asks is judged there.
    P.LockAtEntry = KV.second.LockAtEntry || It->second.LockAtEntry;
    P.SectionEnded = KV.second.SectionEnded && It->second.SectionEnded;
    R.Ptrs[KV.first] = P;
  }
  // Explanations: keep a site both agree on, else the first one known.
  auto MergeSites = [](auto &Out, const auto &A, const auto &B) {
    Out = A;
    for (auto &KV : B)
      Out.insert(KV);
  };
  MergeSites(R.LastRelease, LastRelease, O.LastRelease);
  MergeSites(R.LastAcquire, LastAcquire, O.LastAcquire);
  R.Nesting = Nesting.join(O.Nesting);
  // A flag bit is known where both paths know it alike.
  for (auto &KV : Flags)
    if (auto It = O.Flags.find(KV.first); It != O.Flags.end() && It->second == KV.second)
      R.Flags.insert(KV);
  // A value both paths split: merged (mergeSplits); split on one path
  // only: forgotten.
  for (auto &KV : Splits) {
    auto It = O.Splits.find(KV.first);
    if (It == O.Splits.end())
      continue;
    if (It->second == KV.second)
      R.Splits.insert(KV);
    else if (auto M = mergeSplits(*this, KV.second, O, It->second, R))
      R.Splits[KV.first] = std::move(*M);
  }
  // A sleep on both paths: the hull of the moves since (the site shown is
  // this path's). Set last, so the setCounter() calls above leave it alone.
  if (Slept && O.Slept)
    R.Slept = combineMarks(*Slept, *O.Slept, *Slept,
                           [](Interval A, Interval B) { return A.join(B); });
  return R;
}

bool ContextState::leq(const ContextState &O) const {
  if (!forKeys(Counters, O.Counters, [&](const std::string &K) { return counter(K).leq(O.counter(K)); }))
    return false;
  if (!forKeys(Locks, O.Locks, [&](const std::string &K) { return lock(K).leq(O.lock(K)); }))
    return false;
  // Pointer facts: fewer facts, or stale where the other is not, is higher.
  for (auto &KV : O.Ptrs) {
    auto It = Ptrs.find(KV.first);
    if (It == Ptrs.end() || !It->second.joinable(KV.second) ||
        (KV.second.Stale && !It->second.Stale) || It->second.ReadDepth < KV.second.ReadDepth)
      return false;
  }
  // Splits: fewer is higher (knows less); O's split on a value is above
  // this one's if it allows more classes and says of each class this one
  // allows what this state says of it (a join's merged split, above both
  // sides).
  for (auto &KV : O.Splits) {
    auto It = Splits.find(KV.first);
    if (It == Splits.end())
      return false;
    const ValueSplit &Theirs = KV.second;
    if (It->second == Theirs)
      continue;
    // A split naming a constant is below the same one without it (its
    // class holds the constant's paths too).
    if (Theirs.Const && It->second.Const != Theirs.Const)
      return false;
    const ValueSplit Mine = It->second.Const != Theirs.Const ? It->second.withoutConst() : It->second;
    if (Mine.Known & ~Theirs.Known)
      return false;
    for (unsigned I = 0; I < ValueClassSlots; ++I) {
      if (!(Mine.Known & (1u << I)))
        continue;
      for (auto &L : Theirs.Per[I].Locks)
        if (!lockView(*this, Mine, I, L.first).leq(L.second))
          return false;
      for (auto &C : Theirs.Per[I].Counters)
        if (!counterView(*this, Mine, I, C.first).leq(C.second))
          return false;
    }
  }
  if (!Nesting.leq(O.Nesting))
    return false;
  // Flag facts: fewer is higher.
  for (auto &KV : O.Flags)
    if (auto It = Flags.find(KV.first); It == Flags.end() || It->second != KV.second)
      return false;
  // No sleep mark is higher (knows less) than any mark.
  if (O.Slept && !Slept)
    return false;
  if (O.Slept && Slept)
    return forKeys(Slept->Delta, O.Slept->Delta, [&](const std::string &K) {
      return Slept->delta(K).leq(O.Slept->delta(K));
    });
  return true;
}

ContextState ContextState::widen(const ContextState &Next) const {
  ContextState R = Next;
  R.Slept.reset(); // set below: the widened depths are not moves since a sleep
  for (auto It = R.Flags.begin(); It != R.Flags.end();) {
    auto Old = Flags.find(It->first);
    It = Old != Flags.end() && Old->second == It->second ? std::next(It) : R.Flags.erase(It);
  }
  for (auto It = R.Splits.begin(); It != R.Splits.end();) {
    auto Old = Splits.find(It->first);
    It = Old != Splits.end() && Old->second == It->second ? std::next(It) : R.Splits.erase(It);
  }
  forKeys(Counters, Next.Counters, [&](const std::string &K) {
    R.setCounter(K, counter(K).widen(Next.counter(K)));
    return true;
  });
  if (Slept && Next.Slept)
    R.Slept = combineMarks(*Slept, *Next.Slept, *Next.Slept,
                           [](Interval A, Interval B) { return A.widen(B); });
  return R;
}

ContextState ContextState::compose(const ContextState &Rel) const {
  ContextState R = *this;
  for (auto &KV : Rel.Counters)
    R.setCounter(KV.first, counter(KV.first).plus(KV.second));
  for (auto &KV : Rel.Locks) {
    // The callee's instance of the class now (its subclass, if it took it
    // nested), not the caller's.
    R.Nesting.forgetKey(KV.first);
    auto Cls = Rel.Nesting.ClassOf.find(KV.first);
    if (Cls != Rel.Nesting.ClassOf.end())
      R.Nesting.ClassOf.insert(*Cls);
    auto Obj = Rel.Nesting.ObjectOf.find(KV.first);
    if (Obj != Rel.Nesting.ObjectOf.end())
      R.Nesting.ObjectOf.insert(*Obj);
    LockSet S = KV.second.substituteEntry(lock(KV.first));
    if (S == LockSet::entry())
      R.Locks.erase(KV.first);
    else
      R.Locks[KV.first] = S;
  }
  R.LockSpins.insert(Rel.LockSpins.begin(), Rel.LockSpins.end());
  // What the callee found of flag bits on the way (the caller's own facts
  // agree: CallSite drops a callee path that contradicts them).
  R.Flags.insert(Rel.Flags.begin(), Rel.Flags.end());
  // Explanation sites stay the caller's: the transfer of the call marks the
  // call itself as where a callee ended or began a context.
  return R;
}

void ContextState::refineBy(const void *Holder, uint8_t Mask) {
  auto It = Splits.find(Holder);
  if (It == Splits.end() || (Mask & It->second.Known) == It->second.Known)
    return;
  KeyValues To;
  if (!It->second.refine(Mask, To))
    return; // a class the value never takes: leave the state as it is
  const KeyValues &Was = It->second.Joined;
  clang::SourceLocation Site = It->second.Site;
  for (auto &KV : To.Locks) {
    auto W = Was.Locks.find(KV.first);
    if (W == Was.Locks.end() || lock(KV.first) != W->second)
      continue;
    // The explanation follows the class: "released here" at the call.
    if (Site.isValid() && KV.second.only(LB_Unheld) && !W->second.only(LB_Unheld))
      LastRelease[KV.first] = Site;
    if (Site.isValid() && KV.second.definitelyHeld() && !W->second.definitelyHeld())
      LastAcquire[KV.first] = Site;
    if (KV.second == LockSet::entry())
      Locks.erase(KV.first);
    else
      Locks[KV.first] = KV.second;
  }
  for (auto &KV : To.Counters) {
    auto W = Was.Counters.find(KV.first);
    if (W == Was.Counters.end() || counter(KV.first) != W->second)
      continue;
    if (Site.isValid() && KV.second.Hi < W->second.Hi)
      LastRelease[KV.first] = Site;
    if (Site.isValid() && KV.second.Lo > W->second.Lo)
      LastAcquire[KV.first] = Site;
    setCounter(KV.first, KV.second);
  }
  // What is known now is the refined classes only.
  ValueSplit &S = Splits[It->first];
  S.Known &= Mask;
  S.Joined = To;
}

bool ContextState::flagsContradict(const ContextState &O) const {
  for (auto &KV : O.Flags) {
    if (auto It = Flags.find(KV.first); It != Flags.end() && It->second != KV.second)
      return true;
    // A path only where lock class K is not held, where this state holds it.
    if (KV.second && ctx::isUnheldFlag(KV.first) && lock(ctx::unheldFlagKey(KV.first)).definitelyHeld())
      return true;
  }
  return false;
}

std::string ContextState::str() const {
  std::string S;
  for (auto &KV : Counters)
    S += KV.first + "=" + KV.second.str() + " ";
  for (auto &KV : Locks)
    S += KV.first + "=" + KV.second.str() + " ";
  for (auto &KV : Nesting.ClassOf)
    S += KV.first + " as '" + KV.second + "' ";
  for (auto &KV : Nesting.Nested)
    S += KV.second.Class + " nested (" + KV.first + ") ";
  for (auto &KV : Nesting.ObjectOf)
    S += KV.first + " of '" + KV.second + "' ";
  for (auto &KV : Flags)
    S += KV.first + (KV.second ? " set " : " clear ");
  return S.empty() ? "(entry)" : S;
}

} // namespace rcuctx
