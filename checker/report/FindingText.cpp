#include "report/FindingText.h"

using namespace clang;
using namespace rcuctx;

std::string rcuctx::quoted(const std::string &S) { return "'" + S + "'"; }

static std::string sectionOfAtoms(const std::vector<Atom> &A) {
  for (const Atom &X : A)
    if (X.K == Atom::Counter)
      return describeSection(X.Key);
  return "a context";
}

Finding rcuctx::conflictFinding(const EntryConflict &C, const Obligation &AtSite,
                                SourceLocation EndedHere) {
  Finding F;
  F.Check = AtSite.Check;
  F.Loc = AtSite.Loc;
  F.Message = AtSite.What + (AtSite.Check == CheckId::LockHeld ? " requires " : " needs ") +
              describeSection(C.Key) + ", but none is held here";
  if (EndedHere.isValid()) {
    F.Notes.push_back({EndedHere, sectionNoun(C.Key) + " ended here"});
  }
  F.Notes.insert(F.Notes.end(), AtSite.Chain.begin(), AtSite.Chain.end());
  // Why no caller can hold it instead: the same function may sleep.
  F.Notes.push_back({C.Forbid.Loc, C.Forbid.SiteNote + ", so it cannot run inside " +
                                       describeSection(C.Key)});
  for (const Note &N : C.Forbid.Chain)
    F.Notes.push_back(N);
  return F;
}

Finding rcuctx::violationFinding(const Obligation &O, bool Strict) {
  Finding F;
  F.Check = O.Check;
  F.Loc = O.Loc;
  const ContextState &St = O.At;
  // Strict mode words a some-paths violation as such ("may be held").
  bool MaybeOnly = Strict && evaluate(O, false) != Verdict::Violated;
  if (O.K == Obligation::NoSleep) {
    F.Message = O.What + " may sleep, but " + describeViolation(O, MaybeOnly);
    // Where the atomic context began.
    for (auto &KV : St.Locks)
      if (KV.second.definitelyHeld() && !ctx::isTaskState(KV.first)) {
        auto It = St.LastAcquire.find(KV.first);
        if (It != St.LastAcquire.end())
          F.Notes.push_back({It->second, quoted(KV.first) + " acquired here"});
        break;
      }
    if (F.Notes.empty())
      for (const char *K : {ctx::Rcu, ctx::RcuBh, ctx::Preempt, ctx::Irq})
        if (St.counter(K).Lo >= 1) {
          auto It = St.LastAcquire.find(K);
          if (It != St.LastAcquire.end()) {
            F.Notes.push_back({It->second, sectionNoun(K) + " begins here"});
          }
          break;
        }
  } else {
    const Atom &A = primaryAtom(O);
    std::string Actual = describeViolation(O, MaybeOnly);
    switch (O.Check) {
    case CheckId::Unbalanced:
      F.Message = A.K == Atom::Counter ? "unlock of " + describeSection(A.Key) + ", which is not held here"
                                       : "unlock of " + quoted(A.Key) + ", which is " +
                                             describeModes(St.lock(A.Key).Bits) + " here";
      break;
    case CheckId::LockHeld:
      F.Message = A.K == Atom::Counter
                      ? O.What + " requires " + sectionOfAtoms(O.AnyOf) + ", but none is held here"
                      : O.What + " requires " + quoted(A.Key) + " " + describeModes(A.Modes) +
                            ", but " + Actual;
      break;
    case CheckId::LockdepCondition:
      F.Message = O.What + " needs " + quoted(A.Key) + " " + describeModes(A.Modes) + ", but " + Actual;
      break;
    case CheckId::StalePointer: // (a use after its section that the callers' lock keeps valid)
      F.Message = O.What + " uses a pointer read under RCU after its read-side critical section ended, "
                           "relying on " + quoted(A.Key) + " to keep it stable, but " + Actual;
      break;
    case CheckId::BlockingState:
      F.Message = O.What + " may block, but the task state is " +
                  (MaybeOnly ? "perhaps " : "") + "not TASK_RUNNING here";
      break;
    default:
      F.Message = O.What + " needs " + sectionOfAtoms(O.AnyOf) + ", but none is held here";
      break;
    }
    // Where the context was last given up on the way here.
    auto It = St.LastRelease.find(A.Key);
    if (ctx::isTaskState(A.Key)) {
      auto Set = St.LastAcquire.find(A.Key);
      if (Set != St.LastAcquire.end())
        F.Notes.push_back({Set->second, "task state set here; it stays set until schedule() or "
                                        "__set_current_state(TASK_RUNNING)"});
    } else if (It != St.LastRelease.end()) {
      F.Notes.push_back({It->second, A.K == Atom::Counter ? sectionNoun(A.Key) + " ended here"
                                                          : quoted(A.Key) + " released here"});
    } else if (A.K == Atom::Lock && St.lock(A.Key).definitelyHeld()) {
      auto Ac = St.LastAcquire.find(A.Key);
      if (Ac != St.LastAcquire.end())
        F.Notes.push_back({Ac->second, quoted(A.Key) + " acquired " +
                                           (St.lock(A.Key).only(LB_Read) ? "for read" : "for write") +
                                           " here"});
    }
  }
  F.Notes.insert(F.Notes.end(), O.Chain.begin(), O.Chain.end());
  return F;
}

