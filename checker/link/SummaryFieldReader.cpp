// The summary reader's fields and values (Reader, SummaryFieldReader.h):
// objects, arrays, strings, keys, integers in range and booleans; locations,
// with stand-in buffers for sources no longer on disk (scanLocs(), loc(),
// fileID()); and the values made of them: states, valuations, notes, check
// names, lock-order edges and findings.
//
// Owns those Reader members. A function's summary, obligations and detail
// are SummaryFunctionReader.cpp; the file's top level is SummaryReader.cpp:
// this file must not read either.
#include "link/SummaryFieldReader.h"

#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"

#include <algorithm>

using namespace clang;
using namespace rcuctx;
namespace json = llvm::json;

namespace rcuctx {
namespace summaryreader {

void Reader::fail(const std::string &Where, const std::string &Msg) {
  if (Error.empty())
    Error = Msg + " at '" + Where + "'";
}

const json::Object *Reader::object(const json::Value *V, const std::string &Where) {
  const json::Object *O = V ? V->getAsObject() : nullptr;
  if (!O)
    fail(Where, V ? "expected an object" : "missing field");
  return O;
}

const json::Array *Reader::array(const json::Value *V, const std::string &Where) {
  const json::Array *A = V ? V->getAsArray() : nullptr;
  if (!A)
    fail(Where, V ? "expected an array" : "missing field");
  return A;
}

void Reader::tuples(const json::Object &O, llvm::StringRef K, const std::string &Where, size_t N,
                    const char *Shape,
                    llvm::function_ref<void(const json::Array &, const std::string &)> Put) {
  const json::Value *V = O.get(K);
  const json::Array *A = V ? array(V, Where + "." + K.str()) : nullptr;
  for (size_t I = 0; A && I < A->size(); ++I) {
    std::string W = Where + "." + K.str() + "[" + std::to_string(I) + "]";
    const json::Array *T = (*A)[I].getAsArray();
    if (!T || T->size() != N)
      fail(W, Shape);
    else
      Put(*T, W);
  }
}

std::vector<std::string> Reader::strings(const json::Value *V, const std::string &Where) {
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

std::string Reader::str(const json::Object &O, llvm::StringRef K, const std::string &Where) {
  auto S = O.getString(K);
  if (!S) {
    fail(Where + "." + K.str(), O.get(K) ? "expected a string" : "missing field");
    return "";
  }
  return S->str();
}

std::string Reader::key(std::string K, const std::string &Where) {
  if (ctx::isBadParamRef(K))
    fail(Where, "bad parameter key '" + K + "'");
  return K;
}

std::string Reader::keyStr(const json::Object &O, llvm::StringRef K, const std::string &Where) {
  return key(str(O, K, Where), Where + "." + K.str());
}

int64_t Reader::integer(const json::Value *V, const std::string &Where, int64_t Lo, int64_t Hi) {
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

int64_t Reader::integer(const json::Object &O, llvm::StringRef K, const std::string &Where,
                        int64_t Lo, int64_t Hi) {
  return integer(O.get(K), Where + "." + K.str(), Lo, Hi);
}

bool Reader::boolean(const json::Object &O, llvm::StringRef K, const std::string &Where) {
  auto B = O.getBoolean(K);
  if (!B)
    fail(Where + "." + K.str(), O.get(K) ? "expected a boolean" : "missing field");
  return B.value_or(false);
}

void Reader::scanLocs(const json::Value &V) {
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

SourceLocation Reader::loc(const json::Value *V, const std::string &Where) {
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

ContextState Reader::state(const json::Value *V, const std::string &Where) {
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
  // Maps of booleans by key: which classes spin; the flags the path found.
  auto Booleans = [&](const char *Name, CowMap<std::string, bool> &Into) {
    const json::Value *C = O->get(Name);
    const json::Object *M = C ? object(C, Where + "." + Name) : nullptr;
    if (!M)
      return;
    for (auto &KV : *M) {
      std::string W = Where + "." + Name + "." + KV.first.str();
      auto B = KV.second.getAsBoolean();
      if (!B)
        fail(W, "expected a boolean");
      Into[key(KV.first.str(), W)] = B.value_or(false);
    }
  };
  Booleans("spins", S.LockSpins);
  Booleans("flags", S.Flags);
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
        if (!A || (A->size() != 3 && A->size() != 4) || !(*A)[0].getAsString() || !(*A)[1].getAsString() ||
            !(*A)[2].getAsBoolean() ||
            (A->size() == 4 && (!(*A)[3].getAsInteger() || *(*A)[3].getAsInteger() <= 0 ||
                                *(*A)[3].getAsInteger() > 0xff))) {
          fail(W, "expected [base class, order class, shared, lock bits before (optional, 1-255)]");
          continue;
        }
        S.Nesting.Nested[KV.first.str()] =
            NestedHold{key((*A)[0].getAsString()->str(), W + "[0]"),
                       key((*A)[1].getAsString()->str(), W + "[1]"), *(*A)[2].getAsBoolean(),
                       A->size() == 4 ? uint8_t(*(*A)[3].getAsInteger()) : uint8_t(0)};
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

Valuation Reader::valuation(const json::Value *V, const std::string &Where) {
  Valuation R;
  if (const json::Array *A = array(V, Where))
    for (size_t I = 0; I < A->size(); ++I) {
      std::string W = Where + "[" + std::to_string(I) + "]";
      const json::Array *P = array(&(*A)[I], W);
      if (!P || P->size() != 2 || !(*P)[1].getAsBoolean()) {
        fail(W, "expected [parameter, boolean]");
        continue;
      }
      R.push_back({(int)integer(&(*P)[0], W + "[0]", 0, ModeKeyLimit - 1), *(*P)[1].getAsBoolean()});
    }
  return R;
}

std::vector<Note> Reader::notes(const json::Value *V, const std::string &Where) {
  std::vector<Note> R;
  if (const json::Array *A = array(V, Where))
    for (size_t I = 0; I < A->size(); ++I) {
      std::string W = Where + "[" + std::to_string(I) + "]";
      if (const json::Object *O = object(&(*A)[I], W))
        R.push_back({loc(O->get("loc"), W + ".loc"), str(*O, "text", W)});
    }
  return R;
}

CheckId Reader::check(const std::string &Name, const std::string &Where) {
  for (CheckId C : {CheckId::RcuSection, CheckId::LockdepCondition, CheckId::LockHeld,
                    CheckId::SleepInAtomic, CheckId::Unbalanced, CheckId::Annotation,
                    CheckId::StalePointer, CheckId::LockOrder, CheckId::GracePeriod,
                    CheckId::BlockingState, CheckId::IrqSafety})
    if (Name == checkName(C))
      return C;
  fail(Where, "unknown check '" + Name + "'");
  return CheckId::RcuSection;
}

OrderEdge Reader::edge(const json::Value *V, const std::string &Where) {
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

Finding Reader::finding(const json::Value *V, const std::string &Where) {
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

FileID Reader::fileID(unsigned I) {
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

void Reader::noteLocs(const json::Value &V) {
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

} // namespace summaryreader
} // namespace rcuctx
