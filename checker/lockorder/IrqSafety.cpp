#include "lockorder/IrqSafety.h"

#include "report/FindingText.h"

#include "clang/Basic/SourceManager.h"

#include <algorithm>
#include <deque>
#include <map>
#include <optional>
#include <set>

using namespace rcuctx;

namespace {

using Irq = EntryContext::Irq;

/// Where a class was seen used one way: the entry, and the acquisition in
/// it (or, for a class the rules declare, only the reason).
struct Witness {
  const EntryAcquires *E = nullptr;
  const Acquisition *A = nullptr;
  std::string Why; // rules-declared
};

struct Usage {
  std::optional<Witness> InHardirq, InSoftirq, HardirqOn, SoftirqOn;
};

/// Where a class is taken: the deepest step of the acquisition's chain
/// that is not in a header (an inline helper's lock call, as a guard's
/// constructor in spinlock.h, is not where the caller's fix goes).
clang::SourceLocation lockSite(const Acquisition &A, const clang::SourceManager &SM) {
  auto InHeader = [&](clang::SourceLocation L) {
    return L.isValid() && SM.getFilename(SM.getExpansionLoc(L)).ends_with(".h");
  };
  for (auto It = A.Chain.rbegin(); It != A.Chain.rend(); ++It)
    if (!InHeader(It->Loc))
      return It->Loc;
  return A.Loc;
}

std::string entryWords(const EntryAcquires &E) {
  return quoted(E.Fn) + " (" + E.What + ")";
}

/// The notes that show a witness: the entry, then the way to the lock.
void explain(const Witness &W, const std::string &How, std::vector<Note> &Out) {
  if (!W.E) {
    return;
  }
  Out.push_back({W.E->Loc, quoted(W.E->Fn) + " is " + W.E->What + ": " + W.E->Ctx->Description});
  Out.push_back({W.A->Loc, W.A->SiteNote + How});
  Out.insert(Out.end(), W.A->Chain.begin(), W.A->Chain.end());
}

bool tracked(const Acquisition &A) {
  return A.Spins && A.Mode != AcqMode::Sync && !ctx::isSrcu(A.Class) && ctx::paramOf(A.Class) < 0;
}

} // namespace

std::vector<OrderEdge> rcuctx::entryHoldEdges(const EntryAcquires &E) {
  std::vector<OrderEdge> Out;
  if (!E.Acquires)
    return Out;
  for (const std::string &H : E.Holds)
    for (const Acquisition &A : *E.Acquires) {
      if (A.Class == H || A.Try || std::find(A.Dropped.begin(), A.Dropped.end(), H) != A.Dropped.end())
        continue;
      OrderEdge Dep;
      Dep.From = H;
      Dep.To = A.Class;
      Dep.ToMode = A.Mode;
      Dep.Function = E.Fn;
      Dep.Loc = A.Loc;
      Dep.Notes.push_back({E.Loc, quoted(E.Fn) + " is " + E.What + ", called with " +
                                      describeClass(H) + " held"});
      Dep.Notes.push_back({A.Loc, A.SiteNote});
      Dep.Notes.insert(Dep.Notes.end(), A.Chain.begin(), A.Chain.end());
      Out.push_back(std::move(Dep));
    }
  return Out;
}

std::vector<Finding> rcuctx::irqSafetyFindings(const std::vector<EntryAcquires> &Entries,
                                               const LockGraph &G, const RuleSet &Rules,
                                               const clang::SourceManager &SM,
                                               IrqUsageStats *Stats) {
  std::map<std::string, Usage> Use;
  for (auto &KV : Rules.IrqLockClasses) {
    Witness W;
    W.Why = KV.second.Why;
    (KV.second.UsedIn == Irq::Hardirq ? Use[KV.first].InHardirq : Use[KV.first].InSoftirq) = W;
  }
  // First witness of each usage, in the order entries were found; an
  // exclusive one replaces a reader (readers of an rwlock do not wait for
  // readers, so only an exclusive side makes a conflict).
  auto Keep = [](std::optional<Witness> &Slot, const Witness &W) {
    if (!Slot || (Slot->A && Slot->A->Mode != AcqMode::Write && W.A->Mode == AcqMode::Write))
      Slot = W;
  };
  for (const EntryAcquires &E : Entries) {
    if (!E.Ctx || !E.Acquires)
      continue;
    for (const Acquisition &A : *E.Acquires) {
      if (!tracked(A))
        continue;
      Usage &U = Use[A.Class];
      Witness W{&E, &A, ""};
      // Use in interrupt context is what makes a class "safe": it must
      // be shown on a path with no runtime test on the way (the folio a
      // freeing callback only takes a swap lock for when it is in the
      // swap cache, which page tables never are, is no such use).
      switch (E.Ctx->IrqState) {
      // A trylock is no such use either: it never spins on the lock.
      case Irq::Hardirq:
        if (!A.Conditional && !A.Try)
          Keep(U.InHardirq, W);
        break;
      case Irq::Softirq:
        if (!A.Conditional && !A.Try)
          Keep(U.InSoftirq, W);
        // Softirqs run with hardirqs enabled: unless the code disables
        // them, a timer's lock is taken with IRQs on.
        if (A.IrqsOn)
          Keep(U.HardirqOn, W);
        break;
      case Irq::Enabled:
        if (A.IrqsOn)
          Keep(U.HardirqOn, W);
        if (A.BhOn)
          Keep(U.SoftirqOn, W);
        break;
      case Irq::Unknown:
        break;
      }
    }
  }

  if (Stats)
    for (auto &KV : Use) {
      Stats->InHardirq += KV.second.InHardirq && KV.second.InHardirq->E;
      Stats->InSoftirq += KV.second.InSoftirq && KV.second.InSoftirq->E;
      Stats->HardirqOn += bool(KV.second.HardirqOn);
      Stats->SoftirqOn += bool(KV.second.SoftirqOn);
    }

  std::vector<Finding> Out;
  // A reader of an rwlock in interrupt context does not wait for readers
  // (in an interrupt, read_lock() does not queue behind a waiting writer):
  // only an exclusive side makes the conflict.
  auto Exclusive = [](const Witness &In, const Witness &On) {
    return !In.A || !On.A || In.A->Mode == AcqMode::Write || On.A->Mode == AcqMode::Write;
  };
  auto InWords = [](const Witness &W, const char *Where) {
    return W.E ? std::string("in ") + Where + " context by " + entryWords(*W.E)
               : std::string("in ") + Where + " context (" + W.Why + ")";
  };

  // Inconsistent lock state: one class, both usages.
  for (auto &KV : Use) {
    const Usage &U = KV.second;
    struct Pair {
      const std::optional<Witness> &In, &On;
      const char *Where, *Enabled;
    } Pairs[] = {{U.InHardirq, U.HardirqOn, "hardirq", "IRQs"},
                 {U.InSoftirq, U.SoftirqOn, "softirq", "bottom halves"}};
    for (const Pair &P : Pairs) {
      if (!P.In || !P.On || !Exclusive(*P.In, *P.On))
        continue;
      Finding F;
      F.Check = CheckId::IrqSafety;
      F.Loc = lockSite(*P.On->A, SM);
      F.Message = "inconsistent lock state: " + describeClass(KV.first) + " is acquired with " +
                  P.Enabled + " enabled here, and " + InWords(*P.In, P.Where) +
                  ": an interrupt that takes it on this CPU deadlocks";
      explain(*P.On, ", with " + std::string(P.Enabled) + " enabled", F.Notes);
      explain(*P.In, std::string(", in ") + P.Where + " context", F.Notes);
      Out.push_back(std::move(F));
      break; // the hardirq pair implies the softirq one's fix
    }
  }

  // Safe -> unsafe: a path in the graph from a class used in interrupt
  // context to one taken with that interrupt enabled.
  std::map<std::string, std::vector<const OrderEdge *>> Adj;
  for (const OrderEdge &E : G.edges())
    if (E.ToMode != AcqMode::Sync && !ctx::isSrcu(E.From) && !ctx::isSrcu(E.To))
      Adj[E.From].push_back(&E);
  // One finding per dependency that completes a chain (the first safe
  // class reaching it explains it; another one behind would repeat it).
  std::set<std::pair<const OrderEdge *, bool>> Reported;
  for (auto &KV : Use) {
    for (bool Hard : {true, false}) {
      const std::optional<Witness> &Safe = Hard ? KV.second.InHardirq : KV.second.InSoftirq;
      if (!Safe)
        continue;
      // Breadth-first: the shortest chain of dependencies to an unsafe class.
      std::map<std::string, const OrderEdge *> Via;
      std::deque<std::string> Work{KV.first};
      Via[KV.first] = nullptr;
      while (!Work.empty()) {
        std::string C = Work.front();
        Work.pop_front();
        auto It = Adj.find(C);
        if (It == Adj.end())
          continue;
        for (const OrderEdge *E : It->second) {
          if (Via.count(E->To))
            continue;
          Via[E->To] = E;
          Work.push_back(E->To);
          auto U = Use.find(E->To);
          const std::optional<Witness> *Unsafe =
              U == Use.end() ? nullptr : Hard ? &U->second.HardirqOn : &U->second.SoftirqOn;
          if (!Unsafe || !*Unsafe || !Reported.insert({E, Hard}).second)
            continue;
          std::vector<const OrderEdge *> Path;
          for (const OrderEdge *P = E; P; P = Via[P->From])
            Path.insert(Path.begin(), P);
          const char *Kind = Hard ? "HARDIRQ" : "SOFTIRQ";
          const char *Enabled = Hard ? "IRQs" : "bottom halves";
          Finding F;
          F.Check = CheckId::IrqSafety;
          F.Loc = E->Loc;
          F.Message = std::string(Kind) + "-safe -> " + Kind + "-unsafe lock order: " +
                      describeEdge(*E) + "; " + describeClass(KV.first) + " is taken " +
                      InWords(*Safe, Hard ? "hardirq" : "softirq") + ", and " +
                      describeClass(E->To) + " with " + Enabled + " enabled by " +
                      entryWords(*(*Unsafe)->E) +
                      ": an interrupt on the CPU holding the second can wait for the first";
          for (const OrderEdge *P : Path)
            F.Notes.insert(F.Notes.end(), P->Notes.begin(), P->Notes.end());
          explain(**Unsafe, ", with " + std::string(Enabled) + " enabled", F.Notes);
          explain(*Safe, std::string(", in ") + (Hard ? "hardirq" : "softirq") + " context",
                  F.Notes);
          Out.push_back(std::move(F));
        }
      }
    }
  }
  return Out;
}
