#include "summaries/CallSite.h"

#include "report/FindingText.h"
#include "transfer/FlagTransfer.h"

#include <set>

using namespace clang;
using namespace rcuctx;

std::string rcuctx::resolveKeyAt(const std::string &Key, const ArgClassFn &ArgClass) {
  // An SRCU domain passed in ("srcu:$0") is the caller's domain.
  if (ctx::isSrcu(Key) && ctx::isParamRef(Key.substr(5))) {
    std::string D = resolveKeyAt(Key.substr(5), ArgClass);
    return D.empty() ? "" : ctx::srcu(D);
  }
  if (!ctx::isParamRef(Key))
    return Key;
  // A subclass of a lock passed in ("$0/1"): the same subclass of the
  // caller's class.
  int Sub = 0;
  std::string Base = baseClassOf(Key, &Sub);
  int P = ctx::paramOf(Base);
  std::string K = P < 0 ? "" : ArgClass(P);
  return K.empty() ? K : subclassName(K, Sub);
}

ContextState rcuctx::resolveStateAt(const ContextState &S, const ArgClassFn &ArgClass,
                                    const ArgClassFn &Objects) {
  ContextState R;
  auto Copy = [&](const auto &From, auto &To) {
    for (auto &KV : From) {
      std::string K = resolveKeyAt(KV.first, ArgClass);
      if (!K.empty())
        To[K] = KV.second;
    }
  };
  Copy(S.Counters, R.Counters);
  Copy(S.Locks, R.Locks);
  Copy(S.LockSpins, R.LockSpins);
  // Flag bits stay; a parameter's NULL test is resolved from the call's
  // arguments (below), or dropped; the callee's own stores are not the
  // caller's.
  for (auto &KV : S.Flags)
    if (!ctx::isParamRef(KV.first) && !isStoreFlag(KV.first))
      R.Flags.insert(KV);
  for (auto &KV : S.Nesting.ClassOf) {
    std::string K = resolveKeyAt(KV.first, ArgClass);
    if (!K.empty())
      R.Nesting.ClassOf[K] = KV.second.empty() ? "" : resolveKeyAt(KV.second, ArgClass);
  }
  // The instance held under K belongs to object O (lattice/LockNesting.h).
  auto NameByObject = [&R](const std::string &K, const std::string &O) {
    auto C = R.Nesting.ClassOf.find(K);
    if (K.empty() || (C != R.Nesting.ClassOf.end() && C->second.empty()))
      return; // paths disagree on its class: unnamed stays unnamed
    int Sub = 0;
    if (C != R.Nesting.ClassOf.end())
      baseClassOf(C->second, &Sub);
    std::string Class, Object;
    nameByObject(O, Sub, Class, Object);
    if (!Class.empty())
      R.Nesting.ClassOf[K] = Class;
    else if (!Object.empty())
      R.Nesting.ObjectOf[K] = Object;
  };
  // A lock of what a parameter points to: the caller's global object's own
  // class, or the caller's own parameter's field.
  for (auto &KV : S.Nesting.ObjectOf)
    if (int P = objectParam(KV.second); P >= 0)
      NameByObject(resolveKeyAt(KV.first, ArgClass),
                   resolveObject(KV.second, Objects ? Objects(P) : ArgClass(P)));
  // A lock passed in whole (lock_it(&the_dev.b), a guard's constructor)
  // and held at exit: the object the argument is a field of.
  if (Objects)
    for (auto &KV : S.Locks)
      if (int P = ctx::paramOf(KV.first); P >= 0 && ctx::isParamRef(KV.first) &&
                                          KV.second.definitelyHeld())
        NameByObject(resolveKeyAt(KV.first, ArgClass), Objects(P));
  return R;
}

static ArgClassFn classesOf(const std::vector<ArgFacts> &Args) {
  return [&Args](unsigned I) { return I < Args.size() ? Args[I].LockClass : std::string(); };
}

std::string rcuctx::resolveKeyAt(const std::string &Key, const std::vector<ArgFacts> &Args) {
  return resolveKeyAt(Key, classesOf(Args));
}

ContextState rcuctx::resolveStateAt(const ContextState &S, const std::vector<ArgFacts> &Args) {
  ContextState R = resolveStateAt(S, classesOf(Args), [&Args](unsigned I) {
    return I < Args.size() ? Args[I].LockObject : std::string();
  });
  // A parameter's NULL test follows the argument where it is the caller's
  // own parameter, as it came in; any other argument but NULL is taken to
  // be non-NULL (the requirement stays, unconditional).
  for (auto &KV : S.Flags)
    if (ctx::isParamRef(KV.first))
      if (int P = ctx::paramOf(KV.first); P >= 0 && P < (int)Args.size() && Args[P].Param >= 0)
        R.Flags[nullFlagKey(unsigned(Args[P].Param))] = KV.second;
  return R;
}

/// Chains are kept to the calls nearest the finding and those nearest the
/// accessor: a 10,000-deep call chain must not copy 10,000 notes per level
/// (quadratic memory), and no one reads such a diagnostic anyway. The calls
/// in between are counted in one note.
void rcuctx::elideChain(std::vector<Note> &Chain) {
  constexpr size_t Max = 24, Keep = 12;
  if (Chain.size() <= Max)
    return;
  static const std::string Prefix = "... ";
  static const std::string Suffix = " more calls in between ...";
  auto IsElision = [&](const Note &X) {
    return X.Text.rfind(Prefix, 0) == 0 && X.Text.size() > Prefix.size() + Suffix.size() &&
           X.Text.compare(X.Text.size() - Suffix.size(), Suffix.size(), Suffix) == 0;
  };
  for (size_t E = 1; E < Chain.size(); ++E)
    if (IsElision(Chain[E])) {
      // A call was added in front: fold the one just above the count into it.
      int Old = ctx::indexAt(Chain[E].Text, Prefix.size());
      unsigned N = (Old < 0 ? 1 : Old) + 1;
      Chain.erase(Chain.begin() + E - 1);
      Chain[E - 1].Text = Prefix + std::to_string(N) + Suffix;
      return;
    }
  // First time over: two notes become one count.
  Chain.erase(Chain.begin() + Keep + 1);
  Chain[Keep].Text = Prefix + "2" + Suffix;
}

void rcuctx::dropChainLoops(std::vector<Note> &Chain, clang::SourceLocation Head) {
  // (Notes at one place with one text are one call site or one accessor.)
  for (size_t I = Chain.size(); I-- > 0;)
    if (Chain[I].Loc == Head && Head.isValid()) {
      Chain.erase(Chain.begin(), Chain.begin() + I + 1);
      break;
    }
  for (size_t I = 0; I < Chain.size(); ++I)
    for (size_t J = Chain.size(); J-- > I + 1;)
      if (Chain[J].Loc == Chain[I].Loc && Chain[J].Text == Chain[I].Text) {
        Chain.erase(Chain.begin() + I + 1, Chain.begin() + J + 1);
        break;
      }
}

Valuation rcuctx::passedModes(const Valuation &CalleeWhen, const std::map<int, bool> &Known,
                             const std::map<int, int> &Passes) {
  Valuation Out;
  for (auto &[K, Value] : CalleeWhen) {
    int64_t C = modeConstant(K);
    if (modeKind(K) != ModeKind::Equals || Known.count(K))
      continue;
    auto It = Passes.find((int)modeParam(K));
    if (It != Passes.end())
      Out.push_back({modeEquals(It->second, C), Value});
  }
  return Out;
}

bool rcuctx::nullPassedWhereTested(const ContextState &At, const std::vector<ArgFacts> &Args) {
  for (auto &KV : At.Flags)
    if (!KV.second && ctx::isParamRef(KV.first))
      if (int P = ctx::paramOf(KV.first); P >= 0 && P < (int)Args.size() && Args[P].Null)
        return true;
  return false;
}

bool rcuctx::returnsAtOnce(const Summary &CS, const std::vector<ArgFacts> &Args) {
  for (int P : CS.NullExitParams)
    if (P < (int)Args.size() && Args[P].Null)
      return true;
  return false;
}

Lifted rcuctx::liftSummary(const Summary &CS, const CallSiteFacts &Site,
                           const std::map<int, bool> &Known, const ContextState &St) {
  Lifted Out;
  if (returnsAtOnce(CS, Site.Args))
    return Out;
  auto Applies = [&](const Valuation &When, bool RequireKnown) {
    for (auto &PV : When) {
      auto It = Known.find(PV.first);
      if (It == Known.end()) {
        if (RequireKnown)
          return false;
        continue;
      }
      if (It->second != PV.second)
        return false;
    }
    return true;
  };

  // An obligation under a mode this call does not fix (the argument is a
  // local) still applies if the callee has it under every value of that
  // mode (tdp_mmu_alloc_sp_for_split(mirror) sleeps either way).
  // (By distinct valuations: two sites can share an identity in one partition.)
  // An equality mode the call does not fix (`reg` passed on) is no such
  // mode: the caller may pass that constant (truthModesOf()).
  std::map<std::string, std::set<Valuation>> Covered;
  std::set<std::string> Applied;
  for (const Obligation &CO : CS.Obligations)
    if (Applies(CO.When, /*RequireKnown=*/false))
      Covered[siteIdentity(CO)].insert(truthModesOf(CO.When));
  for (const Obligation &CO : CS.Obligations) {
    if (!Applies(CO.When, /*RequireKnown=*/true)) {
      if (!Applies(CO.When, false))
        continue;
      unsigned Unknown = 0;
      for (auto &PV : truthModesOf(CO.When))
        Unknown += !Known.count(PV.first);
      std::string Id = siteIdentity(CO);
      if (Covered[Id].size() != (size_t(1) << Unknown) || !Applied.insert(Id).second)
        continue;
    }
    // A requirement the callee has only where it found a flag bit one way,
    // at a call where this caller found it the other way; or only where a
    // pointer parameter is not NULL, at a call passing NULL there.
    ContextState Path;
    Path.Flags = CO.PathFlags;
    ContextState AtSite = resolveStateAt(CO.At, Site.Args);
    AtSite.Flags = resolveStateAt(Path, Site.Args).Flags;
    if (St.flagsContradict(AtSite) || nullPassedWhereTested(Path, Site.Args))
      continue;
    Obligation O = CO;
    O.AnyOf.clear();
    for (const Atom &A : CO.AnyOf) {
      Atom R = A;
      R.Key = A.K == Atom::Exempt ? A.Key : resolveKeyAt(A.Key, Site.Args);
      if (!R.Key.empty())
        O.AnyOf.push_back(R);
    }
    if (CO.K == Obligation::Need && O.AnyOf.size() != CO.AnyOf.size())
      continue; // part of the need is on a lock we cannot name here
    if (CO.GfpParam >= 0) {
      if (CO.GfpParam >= (int)Site.Args.size())
        continue;
      const ArgFacts &G = Site.Args[CO.GfpParam];
      if (G.Gfp == ResolvedStep::GfpNever)
        continue;
      O.GfpParam = G.Gfp == ResolvedStep::GfpOnParam ? G.GfpParam : -1;
      if (O.GfpParam < 0 && !G.Text.empty())
        O.SiteNote = CO.SiteNote + " (" + G.Text + " from " + quoted(Site.Caller) + ")";
    }
    O.Chain.clear();
    O.Chain.push_back({CO.Loc, CO.SiteNote});
    O.Chain.insert(O.Chain.end(), CO.Chain.begin(), CO.Chain.end());
    dropChainLoops(O.Chain, Site.Loc);
    elideChain(O.Chain);
    O.What = quoted(Site.Callee) + Site.Via;
    O.ViaPointer = CO.ViaPointer || !Site.Via.empty();
    O.Loc = Site.Loc;
    O.SiteNote = quoted(Site.Caller) + " calls " + quoted(Site.Callee) + Site.ViaNote + " here";
    O.At = St.compose(AtSite);
    O.PathFlags = O.At.Flags; // the caller's and the callee's, resolved
    O.At.Flags = {};
    O.At.LastRelease = St.LastRelease;
    O.At.LastAcquire = St.LastAcquire;
    Out.Obligations.push_back(std::move(O));
  }

  // A callee that cannot be entered correctly at all: report it here when
  // this caller just ended the section it needs (the place to fix).
  for (size_t I = 0; I < CS.Conflicts.size(); ++I) {
    const EntryConflict &C = CS.Conflicts[I];
    auto It = St.LastRelease.find(C.Key);
    if (It == St.LastRelease.end() || St.counter(C.Key).Hi >= 1)
      continue;
    Obligation AtSite = C.Need;
    AtSite.Chain.insert(AtSite.Chain.begin(), Note{C.Need.Loc, C.Need.SiteNote});
    AtSite.What = quoted(Site.Callee) + Site.Via;
    AtSite.Loc = Site.Loc;
    Out.Conflicts.push_back({I, conflictFinding(C, AtSite, It->second)});
  }
  return Out;
}
