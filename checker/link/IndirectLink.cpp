#include "link/IndirectLink.h"

#include "indirect/IndirectTargets.h"
#include "report/FindingText.h"

#include "llvm/Support/FormatVariadic.h"

#include <set>

using namespace rcuctx;

IndirectStats rcuctx::expandIndirectCalls(std::vector<TuRecord> &Tus, const TargetDefs &Defs) {
  IndirectStats St;
  SlotTable Global;
  // Which files store each function somewhere: a static target is found in
  // the file that names it.
  std::map<std::string, std::set<unsigned>> StoredIn;
  for (unsigned T = 0; T < Tus.size(); ++T) {
    Global.merge(Tus[T].Slots);
    for (auto &KV : Tus[T].Slots.Slots)
      for (const std::string &F : KV.second.Fns)
        StoredIn[F].insert(T);
  }
  for (auto &KV : Global.Slots) {
    St.SlotsKnown += !KV.second.Fns.empty();
    St.SlotsSeen.insert(KV.first);
  }

  for (TuRecord &Tu : Tus)
    for (LinkFunction &F : Tu.Functions) {
      std::vector<CallRecord> Added;
      for (const CallRecord &R : F.Detail.Calls) {
        if (R.IndirectKind < 0)
          continue;
        auto Kind = (IndirectResolution::Kind)R.IndirectKind;
        IndirectStats::Row &Row = St.ByKind[indirectKindName(Kind)];
        ++Row.Sites;
        ++St.Sites;
        std::set<std::string> Targets(R.TargetsHere.begin(), R.TargetsHere.end());
        if (!R.Slot.empty())
          St.SlotsSeen.insert(R.Slot);
        if (R.SlotByRule)
          continue; // the rule's steps are the call's semantics
        if (!R.Slot.empty()) {
          if (Kind == IndirectResolution::StaticCall && !Global.Slots.count(R.Slot))
            ++St.StaticCallsWithoutUpdate[R.Slot];
          auto G = Global.targets(R.Slot);
          if (!G) // some file stores what cannot be named: unknown everywhere
            continue;
          Targets.insert(G->begin(), G->end());
        }
        if (Targets.empty())
          continue;
        ++Row.Resolved;
        ++St.Resolved;
        St.Targets += Targets.size();
        St.MaxTargets = std::max<unsigned>(St.MaxTargets, Targets.size());
        std::set<std::string> Here(R.TargetsHere.begin(), R.TargetsHere.end());
        std::string Written = R.Facts.Via.empty() ? R.Slot : R.Facts.Via;
        std::string Via = describeVia(Written, R.Slot, Targets.size());
        // The targets this file judged are one of many once others add theirs.
        if (Targets.size() > 1)
          for (CallRecord &Other : F.Detail.Calls)
            if (Other.IndirectKind < 0 && !Other.Facts.Via.empty() && Other.Facts.Loc == R.Facts.Loc)
              Other.Facts.OneOfMany = true;
        for (const std::string &Name : Targets) {
          if (Here.count(Name))
            continue; // judged in the caller's own file
          for (int DefTu : Defs(Name, StoredIn[Name])) {
            CallRecord C;
            C.Facts = R.Facts;
            C.Facts.Callee = Name;
            C.Facts.Via = Via;
            C.Facts.ViaNote = " through " + quoted(Written);
            C.Facts.OneOfMany = Targets.size() > 1;
            C.CalleeExternal = true;
            C.TargetTu = DefTu;
            C.PassesStale = R.PassesStale;
            C.Block = R.Block;
            C.Index = R.Index;
            C.States = R.States;
            C.Passes = R.Passes;
            C.PassesField = R.PassesField;
            Added.push_back(std::move(C));
            ++St.CallsAdded;
          }
        }
      }
      for (CallRecord &C : Added)
        F.Detail.Calls.push_back(std::move(C));
    }
  return St;
}

void rcuctx::printIndirectStats(const IndirectStats &S, bool On, const RuleSet &Rules,
                                llvm::raw_ostream &OS) {
  if (!On) {
    OS << "rcuctx: calls through function pointers: not resolved (--no-indirect)\n";
    return;
  }
  auto Pct = [](unsigned A, unsigned B) {
    return B ? llvm::formatv("{0:F1}%", 100.0 * A / B).str() : std::string("-");
  };
  OS << "| call through a pointer | sites | resolved | share |\n|---|---:|---:|---:|\n";
  for (const char *K : {"ops member", "static_call", "table of functions", "local pointer", "unknown"}) {
    auto It = S.ByKind.find(K);
    IndirectStats::Row R = It == S.ByKind.end() ? IndirectStats::Row() : It->second;
    OS << "| " << K << " | " << R.Sites << " | " << R.Resolved << " | " << Pct(R.Resolved, R.Sites)
       << " |\n";
  }
  OS << "| **total** | " << S.Sites << " | " << S.Resolved << " | " << Pct(S.Resolved, S.Sites)
     << " |\n";
  OS << "rcuctx: targets per resolved site: "
     << (S.Resolved ? llvm::formatv("{0:F2}", double(S.Targets) / S.Resolved).str() : "-")
     << " on average, " << S.MaxTargets << " at most; " << S.SlotsKnown
     << " slots hold a known function; " << S.CallsAdded
     << " calls added for targets only other files install\n";
  // One note for all of them: tracepoints alone are dozens of static calls
  // whose probes are installed at run time.
  if (!S.StaticCallsWithoutUpdate.empty()) {
    unsigned Sites = 0, Shown = 0;
    std::string Names;
    for (auto &[Slot, N] : S.StaticCallsWithoutUpdate) {
      Sites += N;
      if (Shown++ < 5)
        Names += (Names.empty() ? "" : ", ") + Slot + " (" + std::to_string(N) + ")";
    }
    if (S.StaticCallsWithoutUpdate.size() > 5)
      Names += ", ...";
    OS << "rcuctx: note: " << S.StaticCallsWithoutUpdate.size()
       << (S.StaticCallsWithoutUpdate.size() == 1 ? " static call" : " static calls") << " ("
       << Sites << (Sites == 1 ? " site" : " sites")
       << ") that no static_call_update() or DEFINE_STATIC_CALL() the analysis sees installs a "
          "function into stay unknown: "
       << Names << "\n";
  }
  // A rule for a slot ("struct S::f", or a static call's trampoline) that no
  // analysed file stores into or calls through: probably a typo, or code
  // that was not analysed.
  for (auto &KV : Rules.Functions) {
    const std::string &N = KV.first;
    std::string Slot;
    if (N.find("::") != std::string::npos)
      Slot = N;
    else if (!staticCallName(N, TrampolinePrefix).empty())
      Slot = staticCallSlot(staticCallName(N, TrampolinePrefix));
    if (!Slot.empty() && !S.SlotsSeen.count(Slot))
      OS << "rcuctx: note: the rule for '" << N
         << "' names a slot that no analysed file stores into or calls through\n";
  }
}
