// The transfer of a call through a function pointer (part of CallTransfer).
//
// Each function the program stores into the slot is a real possibility on
// some deployment (VMX or SVM hosts, nested or not), so its requirements are
// the call's, judged exactly as a direct call to it would be, with the
// target and the slot named in the message. Its effect on the context is
// applied only when every target that returns agrees on it; otherwise the
// call stays as an unknown call is: no effect.
//
// It owns that semantics only; which functions a slot holds is
// indirect/IndirectTargets.h.
#include "transfer/CallTransfer.h"

#include "report/FindingText.h"

using namespace clang;
using namespace rcuctx;

const IndirectResolution &CallTransfer::resolution(const CallExpr *CE) {
  auto &Slot = Resolutions[CE];
  if (!Slot) {
    Slot = std::make_unique<IndirectResolution>();
    if (Env.Opts.Indirect)
      *Slot = Env.Opts.Indirect->resolve(CE);
  }
  return *Slot;
}

void CallTransfer::indirect(const CallExpr *CE, ContextState &St, unsigned V, bool &Dead) {
  const FactExtractor &FX = Env.FX;
  // A rule naming the slot (an ops member, `struct kvm_x86_ops::vcpu_run`,
  // or a static_call() trampoline, `__SCT__kvm_x86_vcpu_run`) says it all.
  std::string Named = slotName(CE->getCallee());
  const FunctionRule *Rule = Named.empty() ? nullptr : FX.rules().lookup(Named, false);
  const IndirectResolution &R = resolution(CE);
  if (Rec.Collect && Env.Opts.KeepDetail && Env.Opts.Indirect) {
    int I = recordCall(CE, nullptr, nullptr, false, St, V);
    CallRecord &Site = Rec.Result.Detail.Calls[I];
    Site.IndirectKind = R.K;
    Site.Slot = R.Slot;
    Site.SlotByRule = Rule != nullptr;
    Site.Facts.Via = R.Written.empty() ? R.Slot : R.Written;
    // The targets judged here (each recorded as a call of its own below).
    if (Site.TargetsHere.empty() && R.Resolved)
      for (const IndirectResolution::Target &T : R.Targets)
        if (T.Fn)
          Site.TargetsHere.push_back(T.Name);
  }
  if (Rule) {
    Steps.apply(FX.resolve(*Rule, callArgs(CE), Env.FD), CE->getExprLoc(), Named, false, St, V);
    return;
  }
  if (!R.Resolved)
    return;

  Via Through{describeVia(R.Written, R.Slot, R.Targets.size()),
              " through " + quoted(R.Written.empty() ? R.Slot : R.Written), R.Targets.size() > 1};
  const ContextState Before = St;
  std::optional<ContextState> Agreed;
  bool Agree = true;
  for (const IndirectResolution::Target &T : R.Targets) {
    if (!T.Fn) {
      Agree = false; // known only to other files here: its effect is unknown
      continue;
    }
    ContextState After = Before;
    bool TargetDead = false;
    direct(CE, T.Fn, &Through, After, V, TargetDead);
    if (TargetDead)
      continue; // never returns: it adds no state after the call
    if (!Agreed)
      Agreed = std::move(After);
    else if (!Agreed->sameValue(After))
      Agree = false;
  }
  if (Agree && Agreed)
    St = std::move(*Agreed);
  (void)Dead; // a call that may reach a returning target is never dead
}
