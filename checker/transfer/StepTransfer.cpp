#include "transfer/StepTransfer.h"

#include "report/FindingText.h"

using namespace clang;
using namespace rcuctx;

void StepTransfer::apply(const std::vector<ResolvedStep> &Steps, SourceLocation Loc,
                         const std::string &Name, bool IsMacro, ContextState &St, unsigned V,
                         const std::string &Via) {
  const std::string &Me = Env.quotedName();
  // Accessors and assertions read as the macro call a developer writes
  // ("rcu_dereference()"); everything else by its quoted name ('kmalloc').
  // Texts of obligations, findings and lock-order records only, all made
  // while collecting: not built on the fixpoint's passes (a large function
  // transfers every call there, several times around its loops).
  const std::string Shown = Rec.Collect ? (IsMacro ? Name + "()" : quoted(Name)) + Via : std::string();
  const std::string Callee = Rec.Collect ? quoted(Name) + Via : std::string();
  // An acquisition into the lock order, by its order class (a subclass, a
  // global object's own class): recorded while collecting.
  auto Ordered = [&](const ResolvedStep &S, bool Try = false) {
    if (!Rec.Collect)
      return;
    Order.acquired(orderClass(S), S.Modes == LB_Read ? AcqMode::Read : AcqMode::Write, Loc,
                   Callee, St, V, S.Spins, S.Object, Try);
  };
  for (const ResolvedStep &S : Steps) {
    switch (S.Op) {
    case StepOp::Enter:
      if (ctx::isSrcu(S.Key))
        Order.acquired(S.Key, AcqMode::RecursiveRead, Loc, Shown, St, V);
      Rec.touch(S.Key);
      St.setCounter(S.Key, St.counter(S.Key).shift(1));
      St.LastAcquire.assign(S.Key, Loc);
      break;
    case StepOp::Exit: {
      Rec.touch(S.Key);
      Rec.Released.insert(S.Key);
      if (Rec.Collect) { // the obligation's text only where it is kept
        Obligation O;
        O.K = Obligation::Need;
        O.AnyOf = {{Atom::Counter, S.Key, 0}};
        O.Check = CheckId::Unbalanced;
        O.What = Shown;
        O.Loc = Loc;
        O.SiteNote = Me + " ends " + describeSection(S.Key) + " here";
        Rec.emit(std::move(O), St, V, Env);
      }
      St.setCounter(S.Key, St.counter(S.Key).shift(-1));
      St.LastRelease.assign(S.Key, Loc);
      Ptrs.markStale(St, S.Key, Loc, false);
      break;
    }
    case StepOp::Acquire:
      // A read_lock() on a queued rwlock (x86) waits behind a queued writer
      // outside interrupts: lockdep takes it as a plain read.
      Ordered(S);
      acquire(S, Loc, St);
      break;
    case StepOp::Release:
      release(S, Loc, Shown, St, V);
      break;
    case StepOp::Downgrade:
      // Held for write becomes held for read, where this function took it
      // (as at entry it stays: the caller's mode was never known).
      if (!S.Key.empty()) {
        LockSet L = St.lock(S.Key);
        if (L.has(LB_Write)) {
          L.Bits = uint8_t((L.Bits & ~LB_Write) | LB_Read);
          St.setLock(S.Key, L);
          Rec.touch(S.Key);
        }
      }
      break;
    case StepOp::WaitGracePeriod:
      Order.acquired(S.Key, AcqMode::Sync, Loc, Callee, St, V);
      break;
    case StepOp::TryAcquire:
      // Takes effect on the branch where it succeeded. One that waits and
      // fails only on a signal (mutex_lock_killable()) is ordered as lockdep
      // orders it, when it starts waiting: a trylock that never waits is not,
      // but a spinning one is taken in the IRQ state here (rcuctx-irq-safety).
      if (S.SuccessZero)
        Ordered(S);
      else if (S.Spins)
        Ordered(S, /*Try=*/true);
      break;
    case StepOp::TakeRef:
      for (const ValueDecl *VD : S.RefVars)
        PointerTracker::forget(St, PtrPath{VD, ""});
      break;
    case StepOp::Derive:
      break; // followed in provenance()
    case StepOp::Returns:
      break; // read where the value is stored (ValueSplitTransfer::storedClass)
    case StepOp::Implies:
    case StepOp::AtomicTest:
      break; // read from the conditions it is tested in (BodyIndex::impliedAt, sleepableAt)
    case StepOp::Excludes:
      break; // read on the edges of the test (EdgeTransfer)
    case StepOp::Boot:
      break; // a property of the function (TuAnalysis bootOnly())
    case StepOp::Yield:
      if (!S.OnTrue)
        Ptrs.markStale(St, S.Key, Loc, true);
      break;
    case StepOp::Forget:
      // It may drop and re-take the lock (GUP's *locked protocol): perhaps
      // the caller's hold.
      Rec.releasedFrom(S.Key, St.lock(S.Key));
      if (!St.lock(S.Key).only(LB_Entry)) {
        St.setLock(S.Key, LockSet::unjudged());
        Rec.touch(S.Key);
      }
      break;
    case StepOp::InitLock:
      if (!S.Key.empty()) {
        St.setLock(S.Key, LockSet::of(LB_Owned));
        Rec.touch(S.Key);
      }
      break;
    case StepOp::ListUpdate:
      if (Rec.Collect)
        Rec.noteListUpdate(S.ListKey, WalkRecord::listUpdateAt(St));
      break;
    case StepOp::SetClass:
      // A lock passed in is split wherever its caller's object is from:
      // not followed (the class is named only where the field is).
      if (Rec.Collect && !S.Key.empty() && ctx::paramOf(S.Key) < 0)
        Rec.Result.Splits.push_back({S.Key, Loc, Me + " gives these " + quoted(S.Key) +
                                                     " locks a lockdep class of their own with " +
                                                     Shown + " here"});
      break;
    case StepOp::AssumeFalse:
      if (Rec.Collect)
        for (auto &PV : S.FailsWhen)
          if (Env.Parts.paramValue(PV.first, V) == PV.second)
            Rec.Failing[V].insert(Rec.CurBlock);
      break;
    case StepOp::Entry:
      if (Rec.Collect && S.EntryFn)
        Rec.Result.Entries.push_back({S.EntryFn, S.EntryContext, S.What, Loc, S.EntryHolds});
      break;
    case StepOp::Need:
      // A list walked with no RCU section known here: what its updaters'
      // lock would change (TuAnalysis::run()).
      if (Rec.Collect && !S.ListKey.empty() && St.counter(ctx::Rcu).Lo < 1 &&
          St.counter(ctx::RcuBh).Lo < 1 && St.counter(ctx::Preempt).Lo < 1)
        Rec.ListWalks.insert(S.ListKey);
      need(S, Loc, Shown, St, V);
      break;
    case StepOp::Sleep:
      sleep(S, Loc, Callee, !S.Resched, St, V);
      break;
    case StepOp::Schedule:
      // The block the task state was set for: judged as a sleep in an
      // atomic context, and the task runs again after it.
      sleep(S, Loc, Callee, false, St, V);
      setTaskState(LB_Unheld, Loc, St);
      break;
    case StepOp::TaskState:
      if (!S.OnTrue) // a test decides the state on its edges (EdgeTransfer)
        setTaskState(S.Modes, Loc, St);
      break;
    }
  }
}

void StepTransfer::sleep(const ResolvedStep &S, SourceLocation Loc, const std::string &Callee,
                         bool Blocks, ContextState &St, unsigned V) {
  int GfpParam = S.Gfp == ResolvedStep::GfpOnParam ? S.GfpParam : -1;
  std::string SiteNote;
  if (Rec.Collect) // the obligation's text only where it is kept
    SiteNote = Env.quotedName() + " may sleep here: " + Callee +
               (S.GfpText.empty() ? std::string() : " with " + S.GfpText);
  if (Rec.Collect) {
    Obligation O;
    O.K = Obligation::NoSleep;
    O.Check = CheckId::SleepInAtomic;
    O.What = Callee;
    O.Loc = Loc;
    O.GfpParam = GfpParam;
    O.OutsideInterrupt = S.OutsideInterrupt;
    O.FaultOnly = S.FaultOnly;
    O.SiteNote = SiteNote;
    // Under `if (!in_atomic() ...)`: the caller's atomic context is excluded.
    O.OwnStateOnly = Env.Body.sleepableAt(Loc);
    Rec.emit(std::move(O), St, V, Env);
  }
  if (GfpParam >= 0)
    return;
  St.Slept = SleepMark{Rec.CurBlock, Rec.CurIndex, {}};
  if (!Blocks)
    return;
  // A blocking op needs the task running, as __might_sleep() checks: in a
  // state set by set_current_state() it would block in that state, or
  // reset it and lose the wakeup the caller is about to wait for. Kept
  // apart from the NoSleep obligation because callers judge it against
  // their own task state, as any need of a lock's state.
  if (!Rec.Collect)
    return;
  // A user access where this function disabled page faults fails instead
  // of faulting the page in: __might_fault() returns before
  // __might_sleep()'s check. (Only this function's own pagefault_disable():
  // a caller's is not assumed, or every blocking user access would wait on
  // the caller to be judged.)
  if (S.FaultOnly && St.counter(ctx::Pagefault).Lo >= 1)
    return;
  Obligation B;
  B.K = Obligation::Need;
  B.AnyOf = {{Atom::Lock, ctx::TaskState, LB_Unheld}};
  B.Check = CheckId::BlockingState;
  B.What = Callee;
  B.Loc = Loc;
  B.SiteNote = std::move(SiteNote);
  Rec.emit(std::move(B), St, V, Env);
}

void StepTransfer::setTaskState(uint8_t Modes, SourceLocation Loc, ContextState &St) {
  Rec.touch(ctx::TaskState);
  St.setLock(ctx::TaskState, LockSet::of(Modes));
  if (Modes & LB_Write)
    St.LastAcquire.assign(ctx::TaskState, Loc);
  else
    St.LastRelease.assign(ctx::TaskState, Loc);
}

void StepTransfer::acquire(const ResolvedStep &S, SourceLocation Loc, ContextState &St) {
  if (S.Spins)
    St.setCounter(ctx::Preempt, St.counter(ctx::Preempt).shift(1));
  if (S.Key.empty()) {
    // A lock the analysis cannot name (`spin_lock_nested(ptl, ...)` on a
    // local pointer): what it disables is preemption, begun here.
    if (S.Spins)
      St.LastAcquire.assign(ctx::Preempt, Loc);
    return;
  }
  Rec.touch(S.Key);
  Rec.noteObject(S.Key, S.Object, S.LockText);
  Rec.sawText(S.Key, S.LockText);
  LockSet Cur = St.lock(S.Key);
  auto &AcquireText = Rec.AcquireText;
  if (Cur.definitelyHeld())
    Rec.reads(AcquireText, S.Key);
  const std::string Class = orderClass(S);
  // Either instance named apart from the key (a subclass, a global
  // object's own class): the two nest, as lockdep sees two classes.
  bool Annotated = S.Subclass != 0 || Class != S.Key || St.Nesting.classOf(S.Key) != S.Key;
  // The instances known to hold the class here (LockNesting::HeldBy; a
  // wrapper's too, which the walk's records of lock expressions lack).
  const std::string Holders = St.Nesting.holderOf(S.Key);
  bool KnownHolders = !Holders.empty() && Holders != LockNesting::Several;
  bool OtherHolder = KnownHolders && !holderSetHas(Holders, S.LockText);
  // (Or inside one held on some paths only, taken by this function: the
  // parent's d_lock, unless the dentry is a root.)
  bool MaybeHeld = !Cur.definitelyHeld() && Cur.has(LockSet::Held) && !Cur.mayBeEntry();
  if ((Cur.definitelyHeld() || MaybeHeld) && Annotated && (Rec.otherTaken(S.Key, S.LockText) || OtherHolder) &&
      !St.Nesting.Nested.count(S.LockText)) {
    // Another instance nested inside the one held, as lockdep's subclass
    // annotation says: both stay held, each as its own order class.
    St.Nesting.Nested[S.LockText] = NestedHold{S.Key, Class, S.Modes == LB_Read, MaybeHeld ? Cur.Bits : uint8_t(0)};
    St.LastAcquire.assign(Class, Loc);
    // The key now stands for two instances: held, in the modes of both (a
    // need of one mode is then met on one instance only, never definitely).
    if (MaybeHeld)
      St.setLock(S.Key, LockSet::of(uint8_t(S.Modes | (Cur.Bits & LockSet::Held))));
    else if (!Cur.only(S.Modes))
      St.setLock(S.Key, LockSet::of(LB_Read | LB_Write));
    return;
  }
  if (Cur.definitelyHeld() && OtherHolder && !S.LockText.empty()) {
    // Another instance beside the ones held (a->lock, then b->lock): each
    // is held until its own unlock. The key is held in the modes of all.
    St.Nesting.HeldBy[S.Key] = holderSetAdd(Holders, S.LockText);
    if (!Cur.only(S.Modes))
      St.setLock(S.Key, LockSet::of(LB_Read | LB_Write));
    St.LastAcquire.assign(S.Key, Loc);
    return;
  }
  if (Cur.definitelyHeld()) {
    bool Exclusive = S.Modes == LB_Write || Cur.has(LB_Write);
    if (Rec.Collect && Exclusive && !S.LockText.empty() && St.LastAcquire.count(S.Key) &&
        St.LockSpins.count(S.Key) && Cur.definitelyHeld()) {
      auto TextIt = AcquireText.find(S.Key);
      if (TextIt != AcquireText.end() && TextIt->second == S.LockText) {
        Finding F;
        F.Check = CheckId::Unbalanced;
        F.Loc = Loc;
        F.Message = quoted(S.Key) + " is already held here";
        F.Notes.push_back({St.LastAcquire[S.Key], quoted(S.Key) + " acquired here"});
        Rec.Result.Findings.push_back(F);
      }
    }
    if (AcquireText.count(S.Key) && AcquireText[S.Key] == S.LockText) {
      // Reported (or a recursive read lock): stop judging this class here
      // rather than cascade into "unlock of what is not held".
      St.setLock(S.Key, LockSet::unjudged());
      St.Nesting.forgetKey(S.Key);
      Rec.poison(S.Key);
      return;
    }
    if (Rec.otherTaken(S.Key, S.LockText) || Holders == LockNesting::Several) {
      // Another instance of the same class, where which ones hold it is
      // not known: stop judging this class here rather than conflate them.
      St.stopJudging(S.Key);
      return;
    }
  }
  if (Cur.mayBeEntry())
    Rec.AcquiredFromEntry[S.Key] = true;
  St.setLock(S.Key, LockSet::of(S.Modes));
  St.LockSpins.assign(S.Key, S.Spins);
  St.LastAcquire.assign(S.Key, Loc);
  AcquireText[S.Key] = S.LockText;
  St.Nesting.forgetKey(S.Key);
  if (!S.LockText.empty())
    St.Nesting.HeldBy[S.Key] = S.LockText;
  if (Class != S.Key) {
    St.Nesting.ClassOf[S.Key] = Class;
    St.LastAcquire.assign(Class, Loc);
  }
  if (!S.Object.empty() && S.Object[0] == '$')
    St.Nesting.ObjectOf[S.Key] = S.Object; // a caller may name its object
}

std::string StepTransfer::orderClass(const ResolvedStep &S) {
  // A global object's lock is a class of its own (lockdep keys a statically
  // initialised lock by its address: init_mm's mmap_lock is not a user mm's).
  const std::string &C = isObjectClass(S.Object) ? S.Object : S.Key;
  // A subclass read at run time (a wrapper's parameter, inode_lock_nested()'s
  // `subclass`) is one of C's; ordered as C, as before subclasses were read.
  return S.Subclass > 0 ? subclassName(C, S.Subclass) : C;
}

void StepTransfer::release(const ResolvedStep &S, SourceLocation Loc, const std::string &Shown,
                           ContextState &St, unsigned V) {
  if (S.Spins)
    St.setCounter(ctx::Preempt, St.counter(ctx::Preempt).shift(-1));
  if (S.Key.empty())
    return;
  Rec.noteObject(S.Key, S.Object, S.LockText);
  auto Nested = St.Nesting.Nested.find(S.LockText);
  if (Nested != St.Nesting.Nested.end() && Nested->second.Base == S.Key) {
    // The nested instance goes; the one it nested in stays held (or as it
    // was, where it was held on some paths only).
    if (uint8_t Before = Nested->second.Before)
      St.setLock(S.Key, LockSet::of(Before));
    St.Nesting.Nested.erase(Nested);
    return;
  }
  for (auto &KV : St.Nesting.Nested)
    if (KV.second.Base == S.Key) {
      // The outer instance goes first while a nested one stays: which
      // expression holds the key is path-dependent from here, and the
      // record of it is not: stop judging the class, as for any second
      // instance of it.
      St.stopJudging(S.Key);
      Rec.touch(S.Key);
      return;
    }
  Rec.touch(S.Key);
  Rec.Released.insert(S.Key);
  const std::string Holder = St.Nesting.holderOf(S.Key);
  LockSet Cur = St.lock(S.Key);
  Rec.releasedFrom(S.Key, Cur);
  auto &ReleaseText = Rec.ReleaseText;
  if (!S.ByClass)
    Rec.sawText(S.Key, S.LockText);
  if (Cur.only(LB_Unheld))
    Rec.reads(ReleaseText, S.Key);
  bool KnownHolders = !S.ByClass && !Holder.empty() && Holder != LockNesting::Several;
  if (KnownHolders && holderSetHas(Holder, S.LockText)) {
    // One of the instances known to hold it: judged; the others stay.
    ReleaseText[S.Key] = S.LockText;
    emitReleaseNeed(S, Loc, Shown, St, V);
    std::string Rest = holderSetRemove(Holder, S.LockText);
    if (Rest.empty()) {
      St.Nesting.forgetKey(S.Key);
      St.setLock(S.Key, LockSet::of(LB_Unheld));
    } else {
      St.Nesting.HeldBy[S.Key] = Rest;
    }
    St.LockSpins.assign(S.Key, S.Spins);
    St.LastRelease.assign(S.Key, Loc);
    return;
  }
  St.Nesting.forgetKey(S.Key);
  // Lock classes conflate instances (dst_kvm->lock and src_kvm->lock;
  // gpc1->lock and gpc2->lock): a release is judged only while one
  // expression of the class is in play in this function.
  // A release by class (a slot's rule: `lock_class:`) names no instance:
  // it is the one in play.
  bool ByClass = S.ByClass;
  bool OtherRelease = !ByClass && Rec.otherReleased(S.Key, S.LockText);
  bool OtherAcquire = !ByClass && Rec.otherTaken(S.Key, S.LockText);
  bool SameInstance = ReleaseText.count(S.Key) && !OtherRelease;
  if (!ByClass)
    ReleaseText[S.Key] = S.LockText;
  // Two instances held at once, or another one holding it here.
  bool Several = Holder == LockNesting::Several && Cur == LockSet::unjudged();
  bool OtherHolder = KnownHolders && Cur.definitelyHeld(); // and not this one
  if (Rec.Poisoned.count(S.Key) || OtherRelease || OtherAcquire ||
      (Cur.only(LB_Unheld) && !SameInstance) || Several || OtherHolder) {
    St.setLock(S.Key, LockSet::unjudged());
    if (Several || OtherHolder)
      St.Nesting.HeldBy[S.Key] = LockNesting::Several;
    return;
  }
  emitReleaseNeed(S, Loc, Shown, St, V);
  St.setLock(S.Key, LockSet::of(LB_Unheld));
  St.LockSpins.assign(S.Key, S.Spins);
  St.LastRelease.assign(S.Key, Loc);
}

void StepTransfer::emitReleaseNeed(const ResolvedStep &S, SourceLocation Loc,
                                   const std::string &Shown, const ContextState &St, unsigned V) {
  if (!Rec.Collect) // the obligation's text only where it is kept
    return;
  Obligation O;
  O.K = Obligation::Need;
  O.AnyOf = {{Atom::Lock, S.Key, S.Modes}};
  O.Check = CheckId::Unbalanced;
  O.What = Shown;
  O.Loc = Loc;
  O.SiteNote = Env.quotedName() + " releases " + quoted(S.Key) + " here";
  Rec.emit(std::move(O), St, V, Env);
}

void StepTransfer::need(const ResolvedStep &S, SourceLocation Loc, const std::string &Shown,
                        ContextState &St, unsigned V) {
  if (S.LockSpins && !S.Key.empty())
    St.LockSpins.assign(S.Key, *S.LockSpins); // a property of the class, known from its type
  if (S.AlwaysTrue || S.Escape || S.AnyOf.empty())
    return;
  if (S.Assertion && Env.Body.inWaiver(Loc))
    return;
  if (!Rec.Collect)
    return; // an obligation is only kept while collecting (WalkRecord::emit)
  // `else if (in_hardirq()) lockdep_assert_irqs_disabled();`: the test
  // says it (a rule's `implies`).
  if (S.Assertion)
    for (const Atom &A : S.AnyOf)
      if (A.K == Atom::Counter && Env.Body.impliedAt(A.Key, Loc))
        return;
  const std::string &Me = Env.quotedName();
  Obligation O;
  O.K = Obligation::Need;
  O.AnyOf = S.AnyOf;
  bool AnyCounter = false;
  for (const Atom &A : S.AnyOf)
    AnyCounter |= A.K == Atom::Counter;
  O.Check = S.Assertion  ? CheckId::LockHeld
            : AnyCounter ? CheckId::RcuSection
                         : CheckId::LockdepCondition;
  O.What = Shown;
  O.Loc = Loc;
  O.Conditional = Env.Body.inGuard(Loc);
  if (S.Assertion) {
    const Atom &A = S.AnyOf.front();
    O.SiteNote = A.K == Atom::Lock
                     ? Me + " asserts that " + quoted(A.Key) + " is " + describeModes(A.Modes) + " here"
                     : Me + " asserts that it is inside " + describeSection(A.Key) + " here";
  } else {
    O.SiteNote = Me + " reads an RCU-protected pointer with " + Shown + " here";
  }
  Rec.emit(std::move(O), St, V, Env);
}
