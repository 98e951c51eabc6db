// Writing a translation unit's summary file (versioned JSON; the format is
// described in docs/whole-program.md, read back by SummaryReader.cpp).
#include "link/SummaryFile.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/xxhash.h"

#include <map>

using namespace clang;
using namespace rcuctx;
namespace json = llvm::json;

std::string rcuctx::contentHash(llvm::StringRef Data) {
  return llvm::utohexstr(llvm::xxh3_64bits(llvm::ArrayRef<uint8_t>(
                             reinterpret_cast<const uint8_t *>(Data.data()), Data.size())),
                         /*LowerCase=*/true);
}

static std::string absolute(llvm::StringRef P) {
  llvm::SmallString<256> S(P);
  llvm::sys::fs::make_absolute(S);
  llvm::sys::path::remove_dots(S, /*remove_dot_dot=*/true);
  return std::string(S);
}

// ---------------------------------------------------------------- writing

namespace {

static const char *kindName(Atom::Kind K) {
  return K == Atom::Counter ? "counter" : K == Atom::Lock ? "lock" : "exempt";
}

struct Writer {
  const SourceManager &SM;
  std::vector<std::string> Files;
  std::map<unsigned, unsigned> FileIndex; // FileID hash -> index

  json::Value loc(SourceLocation L) {
    if (L.isInvalid())
      return nullptr;
    SourceLocation E = SM.getExpansionLoc(L);
    FileID F = SM.getFileID(E);
    auto FE = SM.getFileEntryRefForID(F);
    if (!FE)
      return nullptr; // <built-in>, <command line>: nothing to point at
    auto It = FileIndex.find(F.getHashValue());
    if (It == FileIndex.end()) {
      It = FileIndex.insert({F.getHashValue(), (unsigned)Files.size()}).first;
      // Relative names are relative to the compilation's directory, which
      // the file system of this compilation knows (not the process's).
      llvm::SmallString<256> Name(FE->getName());
      SM.getFileManager().getVirtualFileSystem().makeAbsolute(Name);
      Files.push_back(absolute(Name));
    }
    return json::Array{It->second, SM.getExpansionLineNumber(E), SM.getExpansionColumnNumber(E)};
  }

  json::Value state(const ContextState &S) {
    json::Object O;
    if (!S.Counters.empty()) {
      json::Object C;
      for (auto &KV : S.Counters)
        C[KV.first] = json::Array{KV.second.Lo, KV.second.Hi};
      O["counters"] = std::move(C);
    }
    if (!S.Locks.empty()) {
      json::Object C;
      for (auto &KV : S.Locks)
        C[KV.first] = (int)KV.second.Bits;
      O["locks"] = std::move(C);
    }
    if (!S.LockSpins.empty()) {
      json::Object C;
      for (auto &KV : S.LockSpins)
        C[KV.first] = KV.second;
      O["spins"] = std::move(C);
    }
    // lockdep subclasses of held instances (lattice/LockNesting.h)
    if (!S.Nesting.ClassOf.empty()) {
      json::Object C;
      for (auto &KV : S.Nesting.ClassOf)
        C[KV.first] = KV.second;
      O["order_class"] = std::move(C);
    }
    if (!S.Nesting.ObjectOf.empty()) {
      json::Object C;
      for (auto &KV : S.Nesting.ObjectOf)
        C[KV.first] = KV.second;
      O["object_of"] = std::move(C);
    }
    if (!S.Nesting.Nested.empty()) {
      json::Object C;
      for (auto &KV : S.Nesting.Nested)
        C[KV.first] = KV.second.Before ? json::Array{KV.second.Base, KV.second.Class, KV.second.Shared,
                                                     int64_t(KV.second.Before)}
                                       : json::Array{KV.second.Base, KV.second.Class, KV.second.Shared};
      O["nested"] = std::move(C);
    }
    // named flag bits the path tested (transfer/FlagTransfer.h)
    if (!S.Flags.empty()) {
      json::Object C;
      for (auto &KV : S.Flags)
        C[KV.first] = KV.second;
      O["flags"] = std::move(C);
    }
    for (auto [Name, M] : {std::pair{"last_release", &S.LastRelease},
                           std::pair{"last_acquire", &S.LastAcquire}}) {
      if (M->empty())
        continue;
      json::Object C;
      for (auto &KV : *M)
        C[KV.first] = loc(KV.second);
      O[Name] = std::move(C);
    }
    return O;
  }

  json::Value valuation(const Valuation &V) {
    json::Array A;
    for (auto &PV : V)
      A.push_back(json::Array{PV.first, PV.second});
    return A;
  }

  json::Value notes(const std::vector<Note> &Ns) {
    json::Array A;
    for (const Note &N : Ns)
      A.push_back(json::Object{{"loc", loc(N.Loc)}, {"text", N.Text}});
    return A;
  }

  json::Value obligation(const Obligation &O) {
    json::Array Any;
    for (const Atom &A : O.AnyOf)
      Any.push_back(json::Object{{"k", kindName(A.K)}, {"key", A.Key}, {"modes", (int)A.Modes}});
    json::Object J{{"kind", O.K == Obligation::Need ? "need" : "nosleep"},
                   {"any", std::move(Any)},
                   {"at", state(O.At)},
                   {"when", valuation(O.When)},
                   {"check", checkName(O.Check)},
                   {"what", O.What},
                   {"loc", loc(O.Loc)},
                   {"site_note", O.SiteNote},
                   {"chain", notes(O.Chain)},
                   {"owner", O.Owner}};
    if (O.GfpParam >= 0)
      J["gfp_param"] = O.GfpParam;
    if (!O.PathFlags.empty()) { // the path's flags, as a state's
      ContextState P;
      P.Flags = O.PathFlags;
      J["path"] = state(P);
    }
    if (O.Conditional)
      J["cond"] = true;
    if (O.OutsideInterrupt)
      J["outside_interrupt"] = true;
    if (O.FaultOnly)
      J["fault_only"] = true;
    if (O.ViaPointer)
      J["via_pointer"] = true;
    return J;
  }

  json::Value summary(const Summary &S) {
    json::Array Obls, Exits, Conflicts, Tracked;
    for (int P : S.TrackedParams)
      Tracked.push_back(P);
    for (const Obligation &O : S.Obligations)
      Obls.push_back(obligation(O));
    for (const ExitEffect &X : S.Exits)
      Exits.push_back(json::Object{{"when", valuation(X.When)}, {"state", state(X.State)}});
    for (const EntryConflict &C : S.Conflicts)
      Conflicts.push_back(json::Object{
          {"key", C.Key}, {"need", obligation(C.Need)}, {"forbid", obligation(C.Forbid)}});
    json::Array Declared;
    for (const Obligation &O : S.Declared)
      Declared.push_back(obligation(O));
    json::Object Out{{"computed", S.Computed},   {"tracked", std::move(Tracked)},
                     {"obligations", std::move(Obls)}, {"exits", std::move(Exits)},
                     {"conflicts", std::move(Conflicts)}, {"declared", std::move(Declared)}};
    // What callers in other files compose (issue #16's phase 2): the exits
    // per class of the returned value, a try-lock result, references taken.
    if (!S.ByReturn.empty()) {
      json::Array B;
      for (const ClassExit &X : S.ByReturn) {
        json::Object O{{"when", valuation(X.When)}, {"class", (int)X.Class}, {"state", state(X.State)}};
        if (X.Const)
          O["const"] = X.Const;
        B.push_back(std::move(O));
      }
      Out["by_return"] = std::move(B);
    }
    if (S.ReturnsTryLock)
      Out["trylock"] = json::Object{{"key", S.ReturnsTryLock->Key},
                                    {"modes", (int)S.ReturnsTryLock->Modes},
                                    {"spins", S.ReturnsTryLock->Spins},
                                    {"zero", S.ReturnsTryLock->SuccessZero}};
    if (!S.RefParams.empty()) {
      json::Array R;
      for (int P : S.RefParams)
        R.push_back(P);
      Out["ref_params"] = std::move(R);
    }
    if (S.ReturnClasses != VC_All)
      Out["return_classes"] = (int)S.ReturnClasses;
    if (!S.NullExitParams.empty()) {
      json::Array R;
      for (int P : S.NullExitParams)
        R.push_back(P);
      Out["null_exit"] = std::move(R);
    }
    // For stale RCU pointers across files: a returned pointer valid only in
    // the caller's section, and parameters dereferenced on every path.
    if (S.ReturnsRcu)
      Out["returns_rcu"] = json::Object{{"key", S.ReturnsRcu->Key}, {"depth", S.ReturnsRcu->Depth}};
    if (!S.WritesRcu.empty()) {
      json::Array A;
      for (const WrittenRcuPointer &W : S.WritesRcu)
        A.push_back(json::Object{
            {"param", W.Param}, {"fields", W.Fields}, {"key", W.Key}, {"depth", W.Depth}});
      Out["writes_rcu"] = std::move(A);
    }
    if (!S.DerefParams.empty()) {
      json::Array D;
      for (auto &PL : S.DerefParams)
        D.push_back(json::Object{{"param", PL.first}, {"loc", loc(PL.second)}});
      Out["deref_params"] = std::move(D);
    }
    if (!S.Acquires.empty()) {
      json::Array A;
      for (const Acquisition &X : S.Acquires) {
        json::Array Dropped;
        for (const std::string &D : X.Dropped)
          Dropped.push_back(D);
        A.push_back(json::Object{{"class", X.Class},
                                 {"mode", acqModeName(X.Mode)},
                                 {"loc", loc(X.Loc)},
                                 {"site_note", X.SiteNote},
                                 {"chain", notes(X.Chain)},
                                 {"dropped", std::move(Dropped)},
                                 {"irqs_on", X.IrqsOn},
                                 {"bh_on", X.BhOn},
                                 {"spins", X.Spins},
                                 {"conditional", X.Conditional}});
        if (!X.Object.empty())
          A.back().getAsObject()->try_emplace("object", X.Object);
        if (X.Try)
          A.back().getAsObject()->try_emplace("try", true);
        if (!X.When.empty())
          A.back().getAsObject()->try_emplace("when", valuation(X.When));
      }
      Out["acquires"] = std::move(A);
    }
    if (!S.ReleasesEntry.empty()) {
      json::Array R;
      for (const std::string &K : S.ReleasesEntry)
        R.push_back(K);
      Out["releases_entry"] = std::move(R);
    }
    // The objects named (a class taken through several is left out: a
    // caller reads a class the function changes with no object the same).
    json::Object Objects;
    for (auto &KV : S.LockObjects)
      if (!KV.second.empty())
        Objects[KV.first] = KV.second;
    if (!Objects.empty())
      Out["lock_objects"] = std::move(Objects);
    json::Object Sets;
    for (auto &KV : S.LockObjectSets) {
      json::Array A;
      for (const std::string &O : KV.second)
        A.push_back(O);
      Sets[KV.first] = std::move(A);
    }
    if (!Sets.empty())
      Out["lock_object_sets"] = std::move(Sets);
    return Out;
  }

  json::Value detail(const FunctionDetail &D) {
    json::Array Obls, Calls, Succs;
    for (const SitedObligation &SO : D.Obls) {
      json::Object O{{"o", obligation(SO.O)},
                     {"block", SO.Block},
                     {"index", SO.Index},
                     {"partition", SO.Partition},
                     {"from", SO.FromCall}};
      if (SO.SleptBlock >= 0)
        O["slept"] = json::Array{SO.SleptBlock, SO.SleptIndex};
      Obls.push_back(std::move(O));
    }
    for (const CallRecord &C : D.Calls) {
      json::Array Args, States;
      for (const ArgFacts &A : C.Facts.Args)
        Args.push_back(json::Object{{"lock", A.LockClass},
                                    {"gfp", (int)A.Gfp},
                                    {"gfp_param", A.GfpParam},
                                    {"text", A.Text},
                                    {"null", A.Null}});
      for (size_t I = 0; I < C.Facts.Args.size(); ++I)
        if (!C.Facts.Args[I].LockObject.empty())
          Args[I].getAsObject()->try_emplace("object", C.Facts.Args[I].LockObject);
      for (const CallRecord::At &At : C.States) {
        json::Array Known;
        for (auto &KV : At.Known)
          Known.push_back(json::Array{KV.first, KV.second});
        json::Object O{{"partition", At.Partition}, {"state", state(At.St)}, {"known", std::move(Known)}};
        if (!At.Consts.empty()) {
          json::Array Consts;
          for (auto &KV : At.Consts)
            Consts.push_back(json::Array{KV.first, KV.second});
          O["consts"] = std::move(Consts);
        }
        if (!At.Bits.empty()) {
          json::Array Bits;
          for (auto &KV : At.Bits)
            Bits.push_back(json::Array{KV.first, KV.second.first, KV.second.second});
          O["bits"] = std::move(Bits);
        }
        if (!At.Fields.empty()) {
          json::Array Fields;
          for (auto &KV : At.Fields)
            for (auto &FV : KV.second)
              Fields.push_back(json::Array{KV.first, FV.first, FV.second});
          O["fields"] = std::move(Fields);
        }
        States.push_back(std::move(O));
      }
      json::Object Call{{"callee", C.Facts.Callee},
                        {"external", C.CalleeExternal},
                        {"guarded", C.Guarded},
                        {"static", C.CalleeStatic},
                        {"loc", loc(C.Facts.Loc)},
                        {"block", C.Block},
                        {"index", C.Index},
                        {"args", std::move(Args)},
                        {"states", std::move(States)}};
      if (!C.Passes.empty()) {
        json::Array Passes;
        for (auto &KV : C.Passes)
          Passes.push_back(json::Array{KV.first, KV.second});
        Call["passes"] = std::move(Passes);
      }
      if (!C.PassesField.empty()) {
        json::Array Passes;
        for (auto &KV : C.PassesField)
          Passes.push_back(json::Array{KV.first, KV.second.first, KV.second.second});
        Call["passes_field"] = std::move(Passes);
      }
      if (C.PassesStale)
        Call["stale_arg"] = true;
      if (C.EffectComposed)
        Call["composed"] = true;
      if (!C.Facts.Via.empty() || !C.Facts.ViaNote.empty()) {
        Call["via"] = C.Facts.Via;
        Call["via_note"] = C.Facts.ViaNote;
      }
      if (C.Facts.OneOfMany)
        Call["one_of_many"] = true;
      if (C.IndirectKind >= 0) {
        json::Array Here;
        for (const std::string &T : C.TargetsHere)
          Here.push_back(T);
        Call["indirect"] = C.IndirectKind;
        Call["slot"] = C.Slot;
        Call["targets_here"] = std::move(Here);
        if (C.SlotByRule)
          Call["by_rule"] = true;
      }
      Calls.push_back(std::move(Call));
    }
    for (const auto &S : D.Succs) {
      json::Array A;
      for (unsigned B : S)
        A.push_back(B);
      Succs.push_back(std::move(A));
    }
    return json::Object{
        {"obls", std::move(Obls)}, {"calls", std::move(Calls)}, {"succs", std::move(Succs)}};
  }

  json::Value edge(const OrderEdge &E) {
    return json::Object{{"from", E.From},         {"to", E.To},
                        {"from_shared", E.FromShared}, {"to_mode", acqModeName(E.ToMode)},
                        {"fn", E.Function},        {"loc", loc(E.Loc)},
                        {"notes", notes(E.Notes)}};
  }

  json::Value finding(const Finding &F) {
    return json::Object{{"check", checkName(F.Check)},
                        {"loc", loc(F.Loc)},
                        {"message", F.Message},
                        {"notes", notes(F.Notes)}};
  }
};

} // namespace

std::string rcuctx::writeSummary(const TuRecord &R, const SourceManager &SM) {
  Writer W{SM, {}, {}};
  json::Array Fns, Entries, Findings, Edges;
  for (const LinkFunction &F : R.Functions) {
    json::Array Params;
    for (auto &[Name, Type] : F.Params)
      Params.push_back(json::Array{Name, Type});
    Fns.push_back(json::Object{{"name", F.Name},
                               {"static", F.Static},
                               {"weak", F.Weak},
                               {"loc", W.loc(F.Loc)},
                               {"annotate_at", W.loc(F.AnnotateAt)},
                               {"params", std::move(Params)},
                               {"summary", W.summary(F.S)},
                               {"detail", W.detail(F.Detail)}});
  }
  for (const LinkEntry &E : R.Entries) {
    json::Array Holds;
    for (const std::string &H : E.Holds)
      Holds.push_back(H);
    Entries.push_back(json::Object{{"fn", E.Fn},
                                   {"static", E.Static},
                                   {"context", E.Context},
                                   {"what", E.What},
                                   {"loc", W.loc(E.Loc)},
                                   {"holds", std::move(Holds)}});
  }
  for (const Finding &F : R.Findings)
    Findings.push_back(W.finding(F));
  for (const OrderEdge &E : R.Edges)
    Edges.push_back(W.edge(E));
  json::Array Splits;
  for (const ClassSplit &S : R.Splits)
    Splits.push_back(json::Object{{"class", S.Class}, {"loc", W.loc(S.Loc)}, {"note", S.Note}});
  json::Object Slots;
  for (auto &[Name, S] : R.Slots.Slots) {
    json::Array Fns, From;
    for (const std::string &F : S.Fns)
      Fns.push_back(F);
    for (const std::string &F : S.Slots)
      From.push_back(F);
    Slots[Name] = json::Object{{"fns", std::move(Fns)}, {"slots", std::move(From)}, {"unknown", S.Unknown}};
  }
  json::Array Files;
  for (const std::string &F : W.Files)
    Files.push_back(F);
  json::Object Top{{"format", "rcuctx-summary"},
                   {"version", SummaryFormatVersion},
                   {"tu", absolute(R.Path)},
                   {"tu_hash", R.Hash},
                   {"files", std::move(Files)},
                   {"functions", std::move(Fns)},
                   {"entries", std::move(Entries)},
                   {"findings", std::move(Findings)},
                   {"slots", std::move(Slots)},
                   {"order_edges", std::move(Edges)},
                   {"class_splits", std::move(Splits)}};
  if (!R.Command.empty()) {
    json::Array Args;
    for (const std::string &A : R.Command)
      Args.push_back(A);
    Top["command"] = json::Object{
        {"directory", R.Directory}, {"arguments", std::move(Args)}, {"analysis", R.Analysis}};
  }
  std::string Out;
  llvm::raw_string_ostream OS(Out);
  OS << json::Value(std::move(Top));
  return Out;
}

std::string rcuctx::effectFingerprint(const Summary &S, const SourceManager &SM) {
  Writer W{SM, {}, {}};
  json::Value V = W.summary(S);
  json::Array Files;
  for (const std::string &F : W.Files)
    Files.push_back(F);
  std::string Out;
  llvm::raw_string_ostream OS(Out);
  json::Array Inexact;
  for (const Valuation &W : S.InexactWhen) {
    json::Array A;
    for (auto &[Param, Value] : W)
      A.push_back(json::Array{Param, Value});
    Inexact.push_back(std::move(A));
  }
  OS << json::Value(json::Object{{"summary", std::move(V)},
                                 {"exact", S.ImportExact},
                                 {"inexact", std::move(Inexact)},
                                 {"files", std::move(Files)}});
  return contentHash(Out);
}

llvm::Error rcuctx::writeSummaryFile(const TuRecord &R, const SourceManager &SM,
                                     llvm::StringRef Dir) {
  if (std::error_code EC = llvm::sys::fs::create_directories(Dir))
    return llvm::createStringError(EC, "cannot create summary folder '%s': %s", Dir.str().c_str(),
                                   EC.message().c_str());
  // One file per TU: the source's name, plus a hash of its absolute path so
  // that two foo.c in different folders do not collide.
  std::string Abs = absolute(R.Path);
  std::string Name = llvm::sys::path::filename(Abs).str() + "." +
                     contentHash(Abs).substr(0, 12) + ".rcuctx.json";
  llvm::SmallString<256> Final(Dir);
  llvm::sys::path::append(Final, Name);
  std::string Text = writeSummary(R, SM);
  llvm::SmallString<256> Tmp;
  int FD;
  if (std::error_code EC =
          llvm::sys::fs::createUniqueFile(Final + ".tmp-%%%%%%", FD, Tmp))
    return llvm::createStringError(EC, "cannot write summary in '%s': %s", Dir.str().c_str(),
                                   EC.message().c_str());
  {
    llvm::raw_fd_ostream OS(FD, /*shouldClose=*/true);
    OS << Text;
    if (OS.has_error()) {
      llvm::sys::fs::remove(Tmp);
      return llvm::createStringError(OS.error(), "cannot write summary '%s'", Tmp.c_str());
    }
  }
  if (std::error_code EC = llvm::sys::fs::rename(Tmp, Final)) {
    llvm::sys::fs::remove(Tmp);
    return llvm::createStringError(EC, "cannot write summary '%s': %s", Final.c_str(),
                                   EC.message().c_str());
  }
  return llvm::Error::success();
}
