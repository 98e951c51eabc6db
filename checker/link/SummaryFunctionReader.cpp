// The summary reader's functions (Reader, SummaryFieldReader.h): a
// function's summary (what it requires, its exits, declared contexts,
// lock acquisitions, ...), each obligation in it, and the detail the link
// needs to judge the function again (its blocks, calls and sited
// obligations).
//
// Owns Reader::summary(), obligation() and detail(). Fields, locations and
// plain values are read through SummaryFieldReader.cpp; the file's top level
// is SummaryReader.cpp.
#include "link/SummaryFieldReader.h"

#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"

#include <algorithm>
#include <limits>

using namespace clang;
using namespace rcuctx;
namespace json = llvm::json;

namespace rcuctx {
namespace summaryreader {

Obligation Reader::obligation(const json::Value *V, const std::string &Where) {
  Obligation O;
  const json::Object *J = object(V, Where);
  if (!J)
    return O;
  std::string Kind = str(*J, "kind", Where);
  if (Kind != "need" && Kind != "nosleep" && ok())
    fail(Where + ".kind", "expected \"need\" or \"nosleep\"");
  O.K = Kind == "nosleep" ? Obligation::NoSleep : Obligation::Need;
  if (const json::Array *A = array(J->get("any"), Where + ".any"))
    for (size_t I = 0; I < A->size(); ++I) {
      std::string W = Where + ".any[" + std::to_string(I) + "]";
      const json::Object *AO = object(&(*A)[I], W);
      if (!AO)
        continue;
      Atom At;
      std::string K = str(*AO, "k", W);
      if (K == "counter")
        At.K = Atom::Counter;
      else if (K == "lock")
        At.K = Atom::Lock;
      else if (K == "exempt")
        At.K = Atom::Exempt;
      else
        fail(W + ".k", "expected counter, lock or exempt");
      At.Key = keyStr(*AO, "key", W);
      At.Modes = (uint8_t)integer(*AO, "modes", W, 0, 255);
      O.AnyOf.push_back(At);
    }
  O.At = state(J->get("at"), Where + ".at");
  if (J->get("path"))
    O.PathFlags = state(J->get("path"), Where + ".path").Flags;
  O.When = valuation(J->get("when"), Where + ".when");
  if (J->get("gfp_param"))
    O.GfpParam = integer(*J, "gfp_param", Where, 0, 255);
  O.Check = check(str(*J, "check", Where), Where + ".check");
  O.What = str(*J, "what", Where);
  O.Loc = loc(J->get("loc"), Where + ".loc");
  O.SiteNote = str(*J, "site_note", Where);
  O.Chain = notes(J->get("chain"), Where + ".chain");
  O.Owner = str(*J, "owner", Where);
  O.Conditional = J->getBoolean("cond").value_or(false);
  O.OutsideInterrupt = J->getBoolean("outside_interrupt").value_or(false);
  O.FaultOnly = J->getBoolean("fault_only").value_or(false);
  O.ViaPointer = J->getBoolean("via_pointer").value_or(false);
  if (O.K == Obligation::Need && O.AnyOf.empty() && ok())
    fail(Where + ".any", "a need without atoms");
  return O;
}

Summary Reader::summary(const json::Value *V, const std::string &Where, const std::string &Name) {
  Summary S;
  S.Name = Name;
  const json::Object *J = object(V, Where);
  if (!J)
    return S;
  S.Computed = boolean(*J, "computed", Where);
  if (const json::Array *A = array(J->get("tracked"), Where + ".tracked"))
    for (size_t I = 0; I < A->size(); ++I)
      S.TrackedParams.push_back(
          (int)integer(&(*A)[I], Where + ".tracked[" + std::to_string(I) + "]", 0, ModeKeyLimit - 1));
  if (S.TrackedParams.size() > 8)
    fail(Where + ".tracked", "too many mode parameters");
  if (const json::Array *A = array(J->get("obligations"), Where + ".obligations"))
    for (size_t I = 0; I < A->size(); ++I)
      S.Obligations.push_back(
          obligation(&(*A)[I], Where + ".obligations[" + std::to_string(I) + "]"));
  if (const json::Array *A = array(J->get("exits"), Where + ".exits"))
    for (size_t I = 0; I < A->size(); ++I) {
      std::string W = Where + ".exits[" + std::to_string(I) + "]";
      if (const json::Object *X = object(&(*A)[I], W))
        S.Exits.push_back({valuation(X->get("when"), W + ".when"), state(X->get("state"), W + ".state")});
    }
  if (J->get("declared"))
    if (const json::Array *A = array(J->get("declared"), Where + ".declared"))
      for (size_t I = 0; I < A->size(); ++I)
        S.Declared.push_back(obligation(&(*A)[I], Where + ".declared[" + std::to_string(I) + "]"));
  if (const json::Array *A = array(J->get("conflicts"), Where + ".conflicts"))
    for (size_t I = 0; I < A->size(); ++I) {
      std::string W = Where + ".conflicts[" + std::to_string(I) + "]";
      if (const json::Object *C = object(&(*A)[I], W))
        S.Conflicts.push_back({keyStr(*C, "key", W), obligation(C->get("need"), W + ".need"),
                               obligation(C->get("forbid"), W + ".forbid")});
    }
  if (J->get("by_return"))
    if (const json::Array *A = array(J->get("by_return"), Where + ".by_return"))
      for (size_t I = 0; I < A->size(); ++I) {
        std::string W = Where + ".by_return[" + std::to_string(I) + "]";
        if (const json::Object *X = object(&(*A)[I], W)) {
          int64_t C = integer(X->get("class"), W + ".class", 1, VC_Const);
          if (C != VC_Zero && C != VC_Error && C != VC_Valid && C != VC_Const)
            fail(W + ".class", "not one value class");
          // The function's named constant (required for its class): not 0,
          // which is the zero class.
          int64_t K = C == VC_Const || X->get("const")
                          ? integer(X->get("const"), W + ".const", std::numeric_limits<int64_t>::min(),
                                    std::numeric_limits<int64_t>::max())
                          : 0;
          if ((C == VC_Const || X->get("const")) && K == 0)
            fail(W + ".const", "the named constant is not 0");
          S.ByReturn.push_back({valuation(X->get("when"), W + ".when"), uint8_t(C),
                                state(X->get("state"), W + ".state"), K});
        }
      }
  if (J->get("trylock"))
    if (const json::Object *T = object(J->get("trylock"), Where + ".trylock"))
      S.ReturnsTryLock = TryLockResult{keyStr(*T, "key", Where + ".trylock"),
                                       uint8_t(integer(T->get("modes"), Where + ".trylock.modes", 0, 15)),
                                       boolean(*T, "spins", Where + ".trylock"),
                                       boolean(*T, "zero", Where + ".trylock")};
  if (J->get("returns_rcu"))
    if (const json::Object *R = object(J->get("returns_rcu"), Where + ".returns_rcu"))
      S.ReturnsRcu = ReturnedRcuPointer{
          keyStr(*R, "key", Where + ".returns_rcu"),
          (int)integer(R->get("depth"), Where + ".returns_rcu.depth", -1000, 1000)};
  if (J->get("writes_rcu"))
    if (const json::Array *A = array(J->get("writes_rcu"), Where + ".writes_rcu")) {
      for (size_t I = 0; I < A->size(); ++I) {
        std::string W = Where + ".writes_rcu[" + std::to_string(I) + "]";
        if (const json::Object *D = object(&(*A)[I], W)) {
          WrittenRcuPointer X;
          X.Param = (int)integer(D->get("param"), W + ".param", 0, 255);
          X.Fields = str(*D, "fields", W);
          if (!WrittenRcuPointer::underPointee(X.Fields))
            fail(W + ".fields", "expected a place under the parameter (\"*\" or \"->...\")");
          X.Key = keyStr(*D, "key", W);
          X.Depth = (int)integer(D->get("depth"), W + ".depth", -1000, 1000);
          S.WritesRcu.push_back(std::move(X));
        }
      }
      if (!std::is_sorted(S.WritesRcu.begin(), S.WritesRcu.end()))
        fail(Where + ".writes_rcu", "expected a sorted list");
    }
  if (J->get("deref_params"))
    if (const json::Array *A = array(J->get("deref_params"), Where + ".deref_params"))
      for (size_t I = 0; I < A->size(); ++I) {
        std::string W = Where + ".deref_params[" + std::to_string(I) + "]";
        if (const json::Object *D = object(&(*A)[I], W))
          S.DerefParams.push_back({(int)integer(D->get("param"), W + ".param", 0, 255),
                                   loc(D->get("loc"), W + ".loc")});
      }
  if (J->get("acquires"))
    if (const json::Array *A = array(J->get("acquires"), Where + ".acquires"))
      for (size_t I = 0; I < A->size(); ++I) {
        std::string W = Where + ".acquires[" + std::to_string(I) + "]";
        const json::Object *X = object(&(*A)[I], W);
        if (!X)
          break;
        Acquisition Q;
        Q.Class = keyStr(*X, "class", W);
        if (!parseAcqMode(str(*X, "mode", W), Q.Mode))
          fail(W + ".mode", "expected write, read, recursive-read or sync");
        Q.Loc = loc(X->get("loc"), W + ".loc");
        Q.SiteNote = str(*X, "site_note", W);
        Q.Chain = notes(X->get("chain"), W + ".chain");
        if (const json::Array *D = array(X->get("dropped"), W + ".dropped"))
          for (const json::Value &V : *D) {
            if (auto S2 = V.getAsString())
              Q.Dropped.push_back(key(S2->str(), W + ".dropped"));
            else
              fail(W + ".dropped", "expected strings");
          }
        Q.IrqsOn = X->getBoolean("irqs_on").value_or(false);
        Q.BhOn = X->getBoolean("bh_on").value_or(false);
        Q.Spins = X->getBoolean("spins").value_or(false);
        Q.Conditional = X->getBoolean("conditional").value_or(false);
        Q.Try = X->getBoolean("try").value_or(false);
        if (X->get("object"))
          Q.Object = str(*X, "object", W);
        if (X->get("when"))
          Q.When = valuation(X->get("when"), W + ".when");
        S.Acquires.push_back(std::move(Q));
      }
  if (J->get("releases_entry"))
    if (const json::Array *A = array(J->get("releases_entry"), Where + ".releases_entry")) {
      for (const json::Value &V : *A) {
        if (auto K = V.getAsString())
          S.ReleasesEntry.push_back(key(K->str(), Where + ".releases_entry"));
        else
          fail(Where + ".releases_entry", "expected strings");
      }
      if (!std::is_sorted(S.ReleasesEntry.begin(), S.ReleasesEntry.end()))
        fail(Where + ".releases_entry", "expected sorted classes");
    }
  if (const json::Value *LO = J->get("lock_objects")) {
    if (const json::Object *O = LO->getAsObject()) {
      for (auto &KV : *O) {
        std::string W = Where + ".lock_objects." + KV.first.str();
        auto Obj = KV.second.getAsString();
        auto Path = [](llvm::StringRef O) { return O.substr(O.find('.') + 1); };
        if (!Obj || objectParam(Obj->str()) < 0 || Path(*Obj).empty() || Path(*Obj).starts_with(".") ||
            Path(*Obj).ends_with(".") || Path(*Obj).contains(".."))
          fail(W, "expected an object \"$N.path\"");
        else
          S.LockObjects[key(KV.first.str(), W)] = Obj->str();
      }
    } else {
      fail(Where + ".lock_objects", "expected an object");
    }
  }
  if (const json::Value *LS = J->get("lock_object_sets")) {
    if (const json::Object *O = LS->getAsObject()) {
      for (auto &KV : *O) {
        std::string W = Where + ".lock_object_sets." + KV.first.str();
        std::vector<std::string> Objects;
        if (const json::Array *A = array(&KV.second, W))
          for (size_t I = 0; I < A->size(); ++I) {
            auto Obj = (*A)[I].getAsString();
            if (!Obj || objectParam(Obj->str()) < 0 || Obj->find('.') == llvm::StringRef::npos)
              fail(W + "[" + std::to_string(I) + "]", "expected an object \"$N.path\"");
            else
              Objects.push_back(Obj->str());
          }
        if (Objects.size() < 2 || !std::is_sorted(Objects.begin(), Objects.end()))
          fail(W, "expected two or more sorted objects");
        else
          S.LockObjectSets[key(KV.first.str(), W)] = std::move(Objects);
      }
    } else {
      fail(Where + ".lock_object_sets", "expected an object");
    }
  }
  if (J->get("return_classes"))
    S.ReturnClasses = (uint8_t)integer(J->get("return_classes"), Where + ".return_classes", 1, 7);
  if (J->get("null_exit"))
    if (const json::Array *A = array(J->get("null_exit"), Where + ".null_exit"))
      for (size_t I = 0; I < A->size(); ++I)
        S.NullExitParams.push_back(
            (int)integer(&(*A)[I], Where + ".null_exit[" + std::to_string(I) + "]", 0, 255));
  if (J->get("ref_params"))
    if (const json::Array *A = array(J->get("ref_params"), Where + ".ref_params"))
      for (size_t I = 0; I < A->size(); ++I)
        S.RefParams.push_back(
            (int)integer(&(*A)[I], Where + ".ref_params[" + std::to_string(I) + "]", 0, 255));
  return S;
}

FunctionDetail Reader::detail(const json::Value *V, const std::string &Where, unsigned Partitions) {
  FunctionDetail D;
  const json::Object *J = object(V, Where);
  if (!J)
    return D;
  unsigned NumBlocks = 0;
  if (const json::Array *A = array(J->get("succs"), Where + ".succs")) {
    NumBlocks = A->size();
    for (size_t I = 0; I < A->size(); ++I) {
      std::string W = Where + ".succs[" + std::to_string(I) + "]";
      std::vector<unsigned> S;
      if (const json::Array *B = array(&(*A)[I], W))
        for (size_t K = 0; K < B->size(); ++K)
          S.push_back(integer(&(*B)[K], W + "[" + std::to_string(K) + "]", 0,
                              (int64_t)A->size() - 1));
      D.Succs.push_back(std::move(S));
    }
  }
  int64_t MaxBlock = NumBlocks ? NumBlocks - 1 : 0;
  if (const json::Array *A = array(J->get("calls"), Where + ".calls"))
    for (size_t I = 0; I < A->size(); ++I) {
      std::string W = Where + ".calls[" + std::to_string(I) + "]";
      const json::Object *C = object(&(*A)[I], W);
      if (!C)
        continue;
      CallRecord R;
      R.Facts.Callee = str(*C, "callee", W);
      R.CalleeExternal = boolean(*C, "external", W);
      R.Guarded = C->getBoolean("guarded").value_or(false);
      R.CalleeStatic = boolean(*C, "static", W);
      if (C->get("stale_arg"))
        R.PassesStale = boolean(*C, "stale_arg", W);
      if (C->get("composed"))
        R.EffectComposed = boolean(*C, "composed", W);
      if (C->get("via")) {
        R.Facts.Via = str(*C, "via", W);
        R.Facts.ViaNote = str(*C, "via_note", W);
      }
      if (C->get("one_of_many"))
        R.Facts.OneOfMany = boolean(*C, "one_of_many", W);
      if (C->get("indirect")) {
        R.IndirectKind = integer(*C, "indirect", W, 0, IndirectResolution::Unknown);
        R.Slot = str(*C, "slot", W);
        if (C->get("by_rule"))
          R.SlotByRule = boolean(*C, "by_rule", W);
        if (const json::Array *H = array(C->get("targets_here"), W + ".targets_here"))
          for (size_t K = 0; K < H->size(); ++K) {
            auto S = (*H)[K].getAsString();
            if (!S)
              fail(W + ".targets_here[" + std::to_string(K) + "]", "expected a string");
            else
              R.TargetsHere.push_back(S->str());
          }
      }
      R.Facts.Loc = loc(C->get("loc"), W + ".loc");
      R.Block = integer(*C, "block", W, 0, MaxBlock);
      R.Index = integer(*C, "index", W, 0);
      if (const json::Array *Args = array(C->get("args"), W + ".args"))
        for (size_t K = 0; K < Args->size(); ++K) {
          std::string WA = W + ".args[" + std::to_string(K) + "]";
          const json::Object *AO = object(&(*Args)[K], WA);
          if (!AO)
            continue;
          ArgFacts AF;
          AF.LockClass = keyStr(*AO, "lock", WA);
          AF.Gfp = (ResolvedStep::GfpKind)integer(*AO, "gfp", WA, 0, 2);
          AF.GfpParam = integer(*AO, "gfp_param", WA, -1, 255);
          AF.Text = str(*AO, "text", WA);
          if (AO->get("null"))
            AF.Null = boolean(*AO, "null", WA);
          if (AO->get("object"))
            AF.LockObject = str(*AO, "object", WA);
          R.Facts.Args.push_back(AF);
        }
      if (const json::Array *Ss = array(C->get("states"), W + ".states"))
        for (size_t K = 0; K < Ss->size(); ++K) {
          std::string WS = W + ".states[" + std::to_string(K) + "]";
          const json::Object *SO = object(&(*Ss)[K], WS);
          if (!SO)
            continue;
          CallRecord::At At;
          At.Partition = integer(*SO, "partition", WS, 0, Partitions - 1);
          At.St = state(SO->get("state"), WS + ".state");
          if (!SO->get("known")) // the writer always writes it, empty or not
            fail(WS + ".known", "missing field");
          tuples(*SO, "known", WS, 2, "expected [argument, boolean]",
                 [&](const json::Array &P, const std::string &WQ) {
                   if (!P[1].getAsBoolean())
                     return fail(WQ, "expected [argument, boolean]");
                   int Arg = (int)integer(&P[0], WQ, 0, 255);
                   At.Known[Arg] = *P[1].getAsBoolean();
                 });
          tuples(*SO, "consts", WS, 2, "expected [argument, integer]",
                 [&](const json::Array &P, const std::string &WQ) {
                   if (!P[1].getAsInteger())
                     return fail(WQ, "expected [argument, integer]");
                   int Arg = (int)integer(&P[0], WQ, 0, ModeParams - 1);
                   At.Consts[Arg] = *P[1].getAsInteger();
                 });
          tuples(*SO, "bits", WS, 3, "expected [argument, mask, values]",
                 [&](const json::Array &P, const std::string &WQ) {
                   int Arg = (int)integer(&P[0], WQ, 0, ModeParams - 1);
                   int64_t M = integer(&P[1], WQ, 0, INT64_MAX);
                   At.Bits[Arg] = {M, integer(&P[2], WQ, 0, INT64_MAX) & M};
                 });
          tuples(*SO, "fields", WS, 3, "expected [argument, field, value]",
                 [&](const json::Array &P, const std::string &WQ) {
                   int Arg = (int)integer(&P[0], WQ, 0, ModeParams - 1);
                   int Field = (int)integer(&P[1], WQ, 0, ModeFields - 1);
                   At.Fields[Arg][Field] = integer(&P[2], WQ, 0, ModeFieldConstants - 1);
                 });
          R.States.push_back(std::move(At));
        }
      tuples(*C, "passes", W, 2, "expected [argument, parameter]",
             [&](const json::Array &P, const std::string &WQ) {
               int Arg = (int)integer(&P[0], WQ, 0, ModeParams - 1);
               R.Passes[Arg] = (int)integer(&P[1], WQ, 0, ModeParams - 1);
             });
      tuples(*C, "passes_field", W, 3, "expected [argument, parameter, field]",
             [&](const json::Array &P, const std::string &WQ) {
               int Arg = (int)integer(&P[0], WQ, 0, ModeParams - 1);
               int Param = (int)integer(&P[1], WQ, 0, ModeParams - 1);
               R.PassesField[Arg] = {Param, (int)integer(&P[2], WQ, 0, ModeFields - 1)};
             });
      D.Calls.push_back(std::move(R));
    }
  if (const json::Array *A = array(J->get("obls"), Where + ".obls"))
    for (size_t I = 0; I < A->size(); ++I) {
      std::string W = Where + ".obls[" + std::to_string(I) + "]";
      const json::Object *O = object(&(*A)[I], W);
      if (!O)
        continue;
      SitedObligation SO;
      SO.O = obligation(O->get("o"), W + ".o");
      SO.Block = integer(*O, "block", W, 0, MaxBlock);
      SO.Index = integer(*O, "index", W, 0);
      SO.Partition = integer(*O, "partition", W, 0, Partitions - 1);
      SO.FromCall = integer(*O, "from", W, -1, (int64_t)D.Calls.size() - 1);
      if (O->get("slept"))
        if (const json::Array *Sl = array(O->get("slept"), W + ".slept")) {
          if (Sl->size() != 2 || !(*Sl)[0].getAsInteger() || !(*Sl)[1].getAsInteger() ||
              *(*Sl)[0].getAsInteger() < 0 || *(*Sl)[0].getAsInteger() > MaxBlock ||
              *(*Sl)[1].getAsInteger() < 0 || *(*Sl)[1].getAsInteger() > UINT32_MAX)
            fail(W + ".slept", "expected [block, index] of a sleep site");
          else {
            SO.SleptBlock = (int)*(*Sl)[0].getAsInteger();
            SO.SleptIndex = (unsigned)*(*Sl)[1].getAsInteger();
          }
        }
      D.Obls.push_back(std::move(SO));
    }
  return D;
}

} // namespace summaryreader
} // namespace rcuctx
