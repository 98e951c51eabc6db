#include "link/Annotations.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

#include <map>
#include <set>

using namespace clang;
using namespace rcuctx;

/// The lock class as an expression over F's parameters ("struct kvm::mmu_lock"
/// with a `struct kvm *kvm` parameter: "&kvm->mmu_lock"), or "".
static std::string lockExpression(const std::string &Key, const LinkFunction &F) {
  if (ctx::isParamRef(Key)) {
    int I = ctx::paramOf(Key);
    return I >= 0 && (size_t)I < F.Params.size() ? F.Params[I].first : "";
  }
  size_t Sep = Key.rfind("::");
  if (Sep == std::string::npos)
    return Key.find_first_of(" []$:") == std::string::npos ? "&" + Key : ""; // a global lock
  std::string Type = Key.substr(0, Sep), Field = Key.substr(Sep + 2);
  if (Field.find_first_of("[]") != std::string::npos)
    return "";
  for (auto &[Name, Pointee] : F.Params)
    if (Pointee == Type && !Name.empty())
      return "&" + Name + "->" + Field;
  return "";
}

std::vector<AnnotationSuggestion> rcuctx::suggestAnnotations(const LinkFunction &F,
                                                             const Summary &S) {
  std::vector<AnnotationSuggestion> Out;
  if (F.AnnotateAt.isInvalid())
    return Out;
  // What the declaration already says.
  std::set<std::string> Declared;
  for (const Obligation &O : S.Declared)
    for (const Atom &A : O.AnyOf)
      Declared.insert(A.Key);
  // A requirement on every call: in every mode partition, a single atom,
  // at the state the function was entered in.
  std::map<std::string, std::set<Valuation>> Partitions;
  std::map<std::string, uint8_t> Modes;
  for (const Obligation &O : S.Obligations) {
    if (O.K != Obligation::Need || O.AnyOf.size() != 1 || O.Check == CheckId::Unbalanced)
      continue;
    const Atom &A = O.AnyOf.front();
    if (A.K == Atom::Exempt || ctx::isTaskState(A.Key) || Declared.count(A.Key))
      continue;
    if (A.K == Atom::Counter ? O.At.counter(A.Key) != Interval() : O.At.lock(A.Key) != LockSet::entry())
      continue;
    std::string Id = (A.K == Atom::Counter ? "c:" : "l:") + A.Key;
    Partitions[Id].insert(truthModesOf(O.When));
    Modes[Id] |= A.Modes;
  }
  size_t All = size_t(1) << truthModeCount(S.TrackedParams);
  for (auto &[Id, Vals] : Partitions) {
    if (Vals.size() != All)
      continue;
    std::string Key = Id.substr(2), Text;
    if (Id[0] == 'c') {
      const char *Token = Key == ctx::Rcu ? "RCU" : Key == ctx::RcuBh ? "RCU_BH" : Key == ctx::Preempt ? "RCU_SCHED" : nullptr;
      if (!Token)
        continue; // SRCU domains, IRQs off: no annotation spelling
      Text = std::string(" __must_hold_shared(") + Token + ")";
    } else {
      std::string Expr = lockExpression(Key, F);
      if (Expr.empty())
        continue;
      bool Exclusive = !(Modes[Id] & LB_Read);
      Text = std::string(Exclusive ? " __must_hold(" : " __must_hold_shared(") + Expr + ")";
    }
    Out.push_back({F.AnnotateAt, Text, F.Name});
  }
  return Out;
}

std::string rcuctx::annotationPatch(std::vector<AnnotationSuggestion> Sugs, const SourceManager &SM,
                                    const std::string &Root) {
  // Per file, per line: the insertions, right to left so columns stay valid.
  std::map<std::string, std::map<unsigned, std::vector<std::pair<unsigned, std::string>>>> ByFile;
  std::map<std::string, FileID> Fids;
  for (const AnnotationSuggestion &S : Sugs) {
    PresumedLoc P = SM.getPresumedLoc(S.At);
    if (P.isInvalid())
      continue;
    ByFile[P.getFilename()][P.getLine()].push_back({P.getColumn(), S.Text});
    Fids[P.getFilename()] = SM.getFileID(S.At);
  }
  std::string Out;
  for (auto &[File, Lines] : ByFile) {
    bool Invalid = false;
    llvm::StringRef Buf = SM.getBufferData(Fids[File], &Invalid);
    if (Invalid)
      continue;
    llvm::SmallVector<llvm::StringRef, 0> Text;
    Buf.split(Text, '\n');
    if (!Text.empty() && Text.back().empty())
      Text.pop_back(); // the final newline ends the last line, it starts none
    std::string Rel = File;
    if (!Root.empty() && llvm::StringRef(File).starts_with(Root + "/"))
      Rel = File.substr(Root.size() + 1);
    Out += "--- a/" + Rel + "\n+++ b/" + Rel + "\n";
    // One hunk per changed line, three lines of context, merged when close.
    std::vector<unsigned> Changed;
    for (auto &KV : Lines)
      Changed.push_back(KV.first);
    size_t I = 0;
    int Shift = 0;
    while (I < Changed.size()) {
      unsigned First = Changed[I] > 3 ? Changed[I] - 3 : 1, Last = Changed[I] + 3;
      size_t J = I;
      while (J + 1 < Changed.size() && Changed[J + 1] <= Last + 4)
        Last = Changed[++J] + 3;
      Last = std::min<unsigned>(Last, Text.size());
      std::string Body;
      unsigned OldN = 0, NewN = 0;
      for (unsigned L = First; L <= Last; ++L) {
        std::string Line = Text[L - 1].str();
        auto It = Lines.find(L);
        if (It == Lines.end()) {
          Body += " " + Line + "\n";
          ++OldN, ++NewN;
          continue;
        }
        std::string New = Line;
        auto Ins = It->second;
        std::sort(Ins.begin(), Ins.end(), [](auto &A, auto &B) { return A.first > B.first; });
        for (auto &[Col, T] : Ins)
          New.insert(std::min<size_t>(Col - 1, New.size()), T);
        Body += "-" + Line + "\n+" + New + "\n";
        ++OldN, ++NewN;
      }
      Out += "@@ -" + std::to_string(First) + "," + std::to_string(OldN) + " +" +
             std::to_string(First + Shift) + "," + std::to_string(NewN) + " @@\n" + Body;
      I = J + 1;
    }
  }
  return Out;
}
