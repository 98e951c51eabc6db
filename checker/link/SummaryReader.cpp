// Reading a summary file back, validating every field: the first problem is
// reported with the file and the JSON path of the element it is in.
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

// ---------------------------------------------------------------- reading

namespace {

/// Thrown-free validation: the first problem found is kept with the path of
/// the JSON element it is in ("functions[3].summary.exits[0].state").
class Reader {
public:
  Reader(SourceManager &SM) : SM(SM) {}

  std::string Error;
  std::vector<std::string> Files;
  std::vector<unsigned> MaxLine, MaxCol; // per file, for stand-ins

  bool ok() const { return Error.empty(); }
  void fail(const std::string &Where, const std::string &Msg) {
    if (Error.empty())
      Error = Msg + " at '" + Where + "'";
  }

  const json::Object *object(const json::Value *V, const std::string &Where) {
    const json::Object *O = V ? V->getAsObject() : nullptr;
    if (!O)
      fail(Where, V ? "expected an object" : "missing field");
    return O;
  }
  const json::Array *array(const json::Value *V, const std::string &Where) {
    const json::Array *A = V ? V->getAsArray() : nullptr;
    if (!A)
      fail(Where, V ? "expected an array" : "missing field");
    return A;
  }
  /// An array of strings ("files", "command.arguments", a slot's names).
  std::vector<std::string> strings(const json::Value *V, const std::string &Where) {
    std::vector<std::string> Out;
    if (const json::Array *A = array(V, Where))
      for (size_t I = 0; I < A->size(); ++I) {
        auto S = (*A)[I].getAsString();
        if (!S)
          fail(Where + "[" + std::to_string(I) + "]", "expected a string");
        Out.push_back(S ? S->str() : "");
      }
    return Out;
  }
  std::string str(const json::Object &O, llvm::StringRef K, const std::string &Where) {
    auto S = O.getString(K);
    if (!S) {
      fail(Where + "." + K.str(), O.get(K) ? "expected a string" : "missing field");
      return "";
    }
    return S->str();
  }
  /// A context or lock-class key: one naming a parameter must name one by
  /// its number ("$2", "$2/1", "srcu:$2"); anything else is a corrupt file.
  std::string key(std::string K, const std::string &Where) {
    if (ctx::isBadParamRef(K))
      fail(Where, "bad parameter key '" + K + "'");
    return K;
  }
  std::string keyStr(const json::Object &O, llvm::StringRef K, const std::string &Where) {
    return key(str(O, K, Where), Where + "." + K.str());
  }

  int64_t integer(const json::Value *V, const std::string &Where, int64_t Lo = INT32_MIN,
                  int64_t Hi = INT32_MAX) {
    auto I = V ? V->getAsInteger() : std::nullopt;
    if (!I) {
      fail(Where, V ? "expected an integer" : "missing field");
      return 0;
    }
    if (*I < Lo || *I > Hi) {
      fail(Where, "integer " + std::to_string(*I) + " out of range");
      return 0;
    }
    return *I;
  }
  int64_t integer(const json::Object &O, llvm::StringRef K, const std::string &Where,
                  int64_t Lo = INT32_MIN, int64_t Hi = INT32_MAX) {
    return integer(O.get(K), Where + "." + K.str(), Lo, Hi);
  }
  bool boolean(const json::Object &O, llvm::StringRef K, const std::string &Where) {
    auto B = O.getBoolean(K);
    if (!B)
      fail(Where + "." + K.str(), O.get(K) ? "expected a boolean" : "missing field");
    return B.value_or(false);
  }

  /// First pass: the largest line and column used per file, so a file no
  /// longer on disk can get a stand-in buffer its locations fit into.
  void scanLocs(const json::Value &V) {
    if (const json::Object *O = V.getAsObject()) {
      for (auto &KV : *O) {
        if (KV.first == "loc" || KV.first == "annotate_at" || KV.first == "last_release" ||
            KV.first == "last_acquire")
          noteLocs(KV.second);
        scanLocs(KV.second);
      }
    } else if (const json::Array *A = V.getAsArray()) {
      for (const json::Value &E : *A)
        scanLocs(E);
    }
  }

  SourceLocation loc(const json::Value *V, const std::string &Where) {
    if (!V || V->kind() == json::Value::Null)
      return SourceLocation();
    const json::Array *A = V->getAsArray();
    if (!A || A->size() != 3) {
      fail(Where, "expected a location [file, line, column]");
      return SourceLocation();
    }
    int64_t F = integer(&(*A)[0], Where + "[0]", 0, (int64_t)Files.size() - 1);
    int64_t L = integer(&(*A)[1], Where + "[1]", 1);
    int64_t C = integer(&(*A)[2], Where + "[2]", 1);
    if (!ok())
      return SourceLocation();
    FileID FID = fileID(F);
    if (FID.isInvalid())
      return SourceLocation();
    return SM.translateLineCol(FID, L, C);
  }

  ContextState state(const json::Value *V, const std::string &Where) {
    ContextState S;
    const json::Object *O = object(V, Where);
    if (!O)
      return S;
    if (const json::Value *C = O->get("counters")) {
      if (const json::Object *M = object(C, Where + ".counters"))
        for (auto &KV : *M) {
          std::string W = Where + ".counters." + KV.first.str();
          const json::Array *A = array(&KV.second, W);
          if (!A || A->size() != 2) {
            fail(W, "expected [low, high]");
            continue;
          }
          Interval I;
          I.Lo = integer(&(*A)[0], W + "[0]", Interval::NegInf, Interval::PosInf);
          I.Hi = integer(&(*A)[1], W + "[1]", Interval::NegInf, Interval::PosInf);
          S.Counters[key(KV.first.str(), W)] = I;
        }
    }
    if (const json::Value *C = O->get("locks")) {
      if (const json::Object *M = object(C, Where + ".locks"))
        for (auto &KV : *M)
          S.Locks[key(KV.first.str(), Where + ".locks." + KV.first.str())] =
              LockSet::of((uint8_t)integer(&KV.second, Where + ".locks." + KV.first.str(), 0, 255));
    }
    if (const json::Value *C = O->get("spins")) {
      if (const json::Object *M = object(C, Where + ".spins"))
        for (auto &KV : *M) {
          auto B = KV.second.getAsBoolean();
          if (!B)
            fail(Where + ".spins." + KV.first.str(), "expected a boolean");
          S.LockSpins[key(KV.first.str(), Where + ".spins." + KV.first.str())] = B.value_or(false);
        }
    }
    if (const json::Value *C = O->get("order_class")) {
      if (const json::Object *M = object(C, Where + ".order_class"))
        for (auto &KV : *M)
          S.Nesting.ClassOf[key(KV.first.str(), Where + ".order_class." + KV.first.str())] =
              keyStr(*M, KV.first, Where + ".order_class");
    }
    if (const json::Value *C = O->get("object_of")) {
      if (const json::Object *M = object(C, Where + ".object_of"))
        for (auto &KV : *M)
          S.Nesting.ObjectOf[key(KV.first.str(), Where + ".object_of." + KV.first.str())] =
              str(*M, KV.first, Where + ".object_of");
    }
    if (const json::Value *C = O->get("nested")) {
      if (const json::Object *M = object(C, Where + ".nested"))
        for (auto &KV : *M) {
          std::string W = Where + ".nested." + KV.first.str();
          const json::Array *A = array(&KV.second, W);
          if (!A || A->size() != 3 || !(*A)[0].getAsString() || !(*A)[1].getAsString() ||
              !(*A)[2].getAsBoolean()) {
            fail(W, "expected [base class, order class, shared]");
            continue;
          }
          S.Nesting.Nested[KV.first.str()] =
              NestedHold{key((*A)[0].getAsString()->str(), W + "[0]"),
                         key((*A)[1].getAsString()->str(), W + "[1]"), *(*A)[2].getAsBoolean()};
        }
    }
    for (auto [Name, M] : {std::pair{"last_release", &S.LastRelease},
                           std::pair{"last_acquire", &S.LastAcquire}})
      if (const json::Value *C = O->get(Name))
        if (const json::Object *Mo = object(C, Where + "." + Name))
          for (auto &KV : *Mo)
            (*M)[KV.first.str()] = loc(&KV.second, Where + "." + Name + "." + KV.first.str());
    return S;
  }

  Valuation valuation(const json::Value *V, const std::string &Where) {
    Valuation R;
    if (const json::Array *A = array(V, Where))
      for (size_t I = 0; I < A->size(); ++I) {
        std::string W = Where + "[" + std::to_string(I) + "]";
        const json::Array *P = array(&(*A)[I], W);
        if (!P || P->size() != 2 || !(*P)[1].getAsBoolean()) {
          fail(W, "expected [parameter, boolean]");
          continue;
        }
        R.push_back({(int)integer(&(*P)[0], W + "[0]", 0, ModeKeyMax), *(*P)[1].getAsBoolean()});
      }
    return R;
  }

  std::vector<Note> notes(const json::Value *V, const std::string &Where) {
    std::vector<Note> R;
    if (const json::Array *A = array(V, Where))
      for (size_t I = 0; I < A->size(); ++I) {
        std::string W = Where + "[" + std::to_string(I) + "]";
        if (const json::Object *O = object(&(*A)[I], W))
          R.push_back({loc(O->get("loc"), W + ".loc"), str(*O, "text", W)});
      }
    return R;
  }

  CheckId check(const std::string &Name, const std::string &Where) {
    for (CheckId C : {CheckId::RcuSection, CheckId::LockdepCondition, CheckId::LockHeld,
                      CheckId::SleepInAtomic, CheckId::Unbalanced, CheckId::Annotation,
                      CheckId::StalePointer, CheckId::LockOrder, CheckId::GracePeriod,
                      CheckId::BlockingState, CheckId::IrqSafety})
      if (Name == checkName(C))
        return C;
    fail(Where, "unknown check '" + Name + "'");
    return CheckId::RcuSection;
  }

  Obligation obligation(const json::Value *V, const std::string &Where) {
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
    O.ViaPointer = J->getBoolean("via_pointer").value_or(false);
    if (O.K == Obligation::Need && O.AnyOf.empty() && ok())
      fail(Where + ".any", "a need without atoms");
    return O;
  }

  Summary summary(const json::Value *V, const std::string &Where, const std::string &Name) {
    Summary S;
    S.Name = Name;
    const json::Object *J = object(V, Where);
    if (!J)
      return S;
    S.Computed = boolean(*J, "computed", Where);
    if (const json::Array *A = array(J->get("tracked"), Where + ".tracked"))
      for (size_t I = 0; I < A->size(); ++I)
        S.TrackedParams.push_back(
            (int)integer(&(*A)[I], Where + ".tracked[" + std::to_string(I) + "]", 0, ModeKeyMax));
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
            int64_t C = integer(X->get("class"), W + ".class", 1, 4);
            if (C != VC_Zero && C != VC_Error && C != VC_Valid)
              fail(W + ".class", "not one value class");
            S.ByReturn.push_back(
                {valuation(X->get("when"), W + ".when"), uint8_t(C), state(X->get("state"), W + ".state")});
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
          S.Acquires.push_back(std::move(Q));
        }
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

  FunctionDetail detail(const json::Value *V, const std::string &Where, unsigned Partitions) {
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
            if (const json::Array *Kn = array(SO->get("known"), WS + ".known"))
              for (size_t Q = 0; Q < Kn->size(); ++Q) {
                const json::Array *P = (*Kn)[Q].getAsArray();
                if (!P || P->size() != 2 || !(*P)[1].getAsBoolean()) {
                  fail(WS + ".known[" + std::to_string(Q) + "]", "expected [argument, boolean]");
                  continue;
                }
                At.Known[(int)integer(&(*P)[0], WS + ".known", 0, 255)] = *(*P)[1].getAsBoolean();
              }
            if (const json::Array *Cs = SO->get("consts") ? array(SO->get("consts"), WS + ".consts") : nullptr)
              for (size_t Q = 0; Q < Cs->size(); ++Q) {
                std::string WQ = WS + ".consts[" + std::to_string(Q) + "]";
                const json::Array *P = (*Cs)[Q].getAsArray();
                if (!P || P->size() != 2 || !(*P)[1].getAsInteger()) {
                  fail(WQ, "expected [argument, integer]");
                  continue;
                }
                At.Consts[(int)integer(&(*P)[0], WQ, 0, ModeParams - 1)] = *(*P)[1].getAsInteger();
              }
            R.States.push_back(std::move(At));
          }
        if (const json::Value *PV = C->get("passes"))
          if (const json::Array *Ps = array(PV, W + ".passes"))
            for (size_t Q = 0; Q < Ps->size(); ++Q) {
              std::string WQ = W + ".passes[" + std::to_string(Q) + "]";
              const json::Array *P = (*Ps)[Q].getAsArray();
              if (!P || P->size() != 2) {
                fail(WQ, "expected [argument, parameter]");
                continue;
              }
              int Arg = (int)integer(&(*P)[0], WQ, 0, ModeParams - 1);
              R.Passes[Arg] = (int)integer(&(*P)[1], WQ, 0, ModeParams - 1);
            }
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

  OrderEdge edge(const json::Value *V, const std::string &Where) {
    OrderEdge E;
    const json::Object *J = object(V, Where);
    if (!J)
      return E;
    E.From = keyStr(*J, "from", Where);
    E.To = keyStr(*J, "to", Where);
    E.FromShared = boolean(*J, "from_shared", Where);
    if (!parseAcqMode(str(*J, "to_mode", Where), E.ToMode))
      fail(Where + ".to_mode", "expected write, read, recursive-read or sync");
    E.Function = str(*J, "fn", Where);
    E.Loc = loc(J->get("loc"), Where + ".loc");
    E.Notes = notes(J->get("notes"), Where + ".notes");
    return E;
  }

  Finding finding(const json::Value *V, const std::string &Where) {
    Finding F;
    const json::Object *J = object(V, Where);
    if (!J)
      return F;
    F.Check = check(str(*J, "check", Where), Where + ".check");
    F.Loc = loc(J->get("loc"), Where + ".loc");
    F.Message = str(*J, "message", Where);
    F.Notes = notes(J->get("notes"), Where + ".notes");
    return F;
  }

  FileID fileID(unsigned I) {
    if (Fids.size() < Files.size())
      Fids.resize(Files.size());
    if (Fids[I].isValid())
      return Fids[I];
    FileManager &FM = SM.getFileManager();
    if (auto FE = FM.getOptionalFileRef(Files[I])) {
      Fids[I] = SM.getOrCreateFileID(*FE, SrcMgr::C_User);
    } else {
      // The source is gone (a summary folder moved to another machine):
      // blank lines long enough for every location in the summary.
      std::string Blank;
      for (unsigned L = 0; L < MaxLine[I] + 1; ++L)
        Blank += std::string(MaxCol[I] + 1, ' ') + "\n";
      auto FE2 = FM.getVirtualFileRef(Files[I], Blank.size(), 0);
      SM.overrideFileContents(FE2, llvm::MemoryBuffer::getMemBufferCopy(Blank, Files[I]));
      Fids[I] = SM.getOrCreateFileID(FE2, SrcMgr::C_User);
    }
    return Fids[I];
  }

private:
  void noteLocs(const json::Value &V) {
    auto One = [&](const json::Value &X) {
      const json::Array *A = X.getAsArray();
      if (!A || A->size() != 3)
        return;
      auto F = (*A)[0].getAsInteger(), L = (*A)[1].getAsInteger(), C = (*A)[2].getAsInteger();
      if (!F || !L || !C || *F < 0 || *F >= (int64_t)Files.size() || *L < 1 || *C < 1 ||
          *L > 10000000 || *C > 100000)
        return;
      MaxLine[*F] = std::max<unsigned>(MaxLine[*F], *L);
      MaxCol[*F] = std::max<unsigned>(MaxCol[*F], *C);
    };
    if (const json::Object *O = V.getAsObject()) {
      for (auto &KV : *O)
        One(KV.second);
    } else {
      One(V);
    }
  }

  SourceManager &SM;
  std::vector<FileID> Fids;
};

} // namespace

llvm::Expected<TuRecord> rcuctx::readSummary(llvm::StringRef Path, llvm::StringRef Text,
                                             SourceManager &SM, bool CheckStale) {
  auto Err = [&](const std::string &Msg) {
    return llvm::createStringError(std::errc::invalid_argument, "%s: %s", Path.str().c_str(),
                                   Msg.c_str());
  };
  auto Parsed = json::parse(Text);
  if (!Parsed)
    return Err("not a summary file: " + llvm::toString(Parsed.takeError()));
  const json::Object *Top = Parsed->getAsObject();
  if (!Top || Top->getString("format") != std::optional<llvm::StringRef>("rcuctx-summary"))
    return Err("not an rcuctx summary file (no \"format\": \"rcuctx-summary\")");
  auto Version = Top->getInteger("version");
  if (!Version)
    return Err("summary has no format version");
  if (*Version != SummaryFormatVersion)
    return Err("summary format version " + std::to_string(*Version) + ", this rcuctx reads version " +
               std::to_string(SummaryFormatVersion) + ": rebuild the summaries");

  Reader R(SM);
  TuRecord Rec;
  Rec.Path = R.str(*Top, "tu", "");
  Rec.Hash = R.str(*Top, "tu_hash", "");
  R.Files = R.strings(Top->get("files"), "files");
  if (!R.ok())
    return Err(R.Error);
  if (CheckStale) {
    auto Buf = llvm::MemoryBuffer::getFile(Rec.Path);
    if (Buf && contentHash((*Buf)->getBuffer()) != Rec.Hash)
      return Err("stale summary: '" + Rec.Path +
                 "' has changed since this summary was written; rebuild it");
  }
  R.MaxLine.assign(R.Files.size(), 1);
  R.MaxCol.assign(R.Files.size(), 1);
  R.scanLocs(*Parsed);

  if (const json::Array *Fns = R.array(Top->get("functions"), "functions"))
    for (size_t I = 0; I < Fns->size() && R.ok(); ++I) {
      std::string W = "functions[" + std::to_string(I) + "]";
      const json::Object *F = R.object(&(*Fns)[I], W);
      if (!F)
        break;
      LinkFunction LF;
      LF.Name = R.str(*F, "name", W);
      LF.Static = R.boolean(*F, "static", W);
      LF.Weak = R.boolean(*F, "weak", W);
      LF.Loc = R.loc(F->get("loc"), W + ".loc");
      LF.AnnotateAt = R.loc(F->get("annotate_at"), W + ".annotate_at");
      if (const json::Value *PV = F->get("params"))
        if (const json::Array *Ps = R.array(PV, W + ".params"))
          for (size_t K = 0; K < Ps->size(); ++K) {
            const json::Array *P = (*Ps)[K].getAsArray();
            if (!P || P->size() != 2 || !(*P)[0].getAsString() || !(*P)[1].getAsString()) {
              R.fail(W + ".params[" + std::to_string(K) + "]", "expected [name, type]");
              continue;
            }
            LF.Params.push_back({(*P)[0].getAsString()->str(), (*P)[1].getAsString()->str()});
          }
      LF.S = R.summary(F->get("summary"), W + ".summary", LF.Name);
      LF.Detail = R.detail(F->get("detail"), W + ".detail", 1u << LF.S.TrackedParams.size());
      Rec.Functions.push_back(std::move(LF));
    }
  if (const json::Array *Es = R.array(Top->get("entries"), "entries"))
    for (size_t I = 0; I < Es->size() && R.ok(); ++I) {
      std::string W = "entries[" + std::to_string(I) + "]";
      const json::Object *E = R.object(&(*Es)[I], W);
      if (!E)
        break;
      LinkEntry LE;
      LE.Fn = R.str(*E, "fn", W);
      LE.Static = R.boolean(*E, "static", W);
      LE.Context = R.str(*E, "context", W);
      LE.What = R.str(*E, "what", W);
      LE.Loc = R.loc(E->get("loc"), W + ".loc");
      if (const json::Array *H = R.array(E->get("holds"), W + ".holds"))
        for (const json::Value &X : *H)
          if (auto S = X.getAsString())
            LE.Holds.push_back(S->str());
      Rec.Entries.push_back(std::move(LE));
    }
  if (const json::Array *Fs = R.array(Top->get("findings"), "findings"))
    for (size_t I = 0; I < Fs->size() && R.ok(); ++I)
      Rec.Findings.push_back(R.finding(&(*Fs)[I], "findings[" + std::to_string(I) + "]"));
  if (Top->get("order_edges"))
    if (const json::Array *Es = R.array(Top->get("order_edges"), "order_edges"))
      for (size_t I = 0; I < Es->size() && R.ok(); ++I)
        Rec.Edges.push_back(R.edge(&(*Es)[I], "order_edges[" + std::to_string(I) + "]"));
  if (Top->get("class_splits"))
    if (const json::Array *Ss = R.array(Top->get("class_splits"), "class_splits"))
      for (size_t I = 0; I < Ss->size() && R.ok(); ++I) {
        std::string W = "class_splits[" + std::to_string(I) + "]";
        if (const json::Object *J = R.object(&(*Ss)[I], W))
          Rec.Splits.push_back({R.str(*J, "class", W), R.loc(J->get("loc"), W + ".loc"),
                                R.str(*J, "note", W)});
      }
  if (const json::Value *SV = Top->get("slots"))
    if (const json::Object *Ss = R.object(SV, "slots"))
      for (auto &KV : *Ss) {
        std::string W = "slots." + KV.first.str();
        const json::Object *S = R.object(&KV.second, W);
        if (!S)
          break;
        SlotSources Src;
        auto Names = [&](llvm::StringRef K, std::set<std::string> &Out) {
          for (std::string &N : R.strings(S->get(K), W + "." + K.str()))
            Out.insert(std::move(N));
        };
        Names("fns", Src.Fns);
        Names("slots", Src.Slots);
        Src.Unknown = R.boolean(*S, "unknown", W);
        Rec.Slots.add(KV.first.str(), Src);
      }
  if (const json::Value *CV = Top->get("command"))
    if (const json::Object *C = R.object(CV, "command")) {
      Rec.Directory = R.str(*C, "directory", "command");
      Rec.Command = R.strings(C->get("arguments"), "command.arguments");
      if (C->get("analysis")) // (absent: not analysed again, linked as written)
        Rec.Analysis = R.str(*C, "analysis", "command");
    }
  if (!R.ok())
    return Err("corrupt summary: " + R.Error);
  return Rec;
}

llvm::Expected<TuRecord> rcuctx::readSummaryFile(llvm::StringRef Path, SourceManager &SM,
                                                 bool CheckStale) {
  auto Buf = llvm::MemoryBuffer::getFile(Path);
  if (!Buf)
    return llvm::createStringError(Buf.getError(), "%s: cannot read summary: %s",
                                   Path.str().c_str(), Buf.getError().message().c_str());
  return readSummary(Path, (*Buf)->getBuffer(), SM, CheckStale);
}
