// rules/*.yaml loader, on LLVM's YAML I/O. Errors carry file:line:col from
// the YAML parser's own positions; semantic checks (an op missing its
// argument, an unknown context) are reported at the offending mapping.
//
// Owns reading one rules file (parseRules(), loadRulesFile()), its
// conversion into a RuleSet and RuleSet::merge(), and the --version text.
// The file's schema and its checks are RulesSchema.h/.cpp; finding the
// bundled rules folder is RulesLookup.cpp: this file must not do either.
#include "rules/Rules.h"
#include "rules/RulesSchema.h"

#include <functional>

#include "llvm/Config/llvm-config.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SHA256.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/YAMLParser.h"
#include "llvm/Support/YAMLTraits.h"

// The build defines it for rcuctx-core; a target that compiles this file
// again (the libFuzzer harness) may not.
#ifndef RCUCTX_VERSION
#define RCUCTX_VERSION "unknown"
#endif

using namespace rcuctx;
using namespace rcuctx::rulesyaml;

void RuleSet::merge(RuleSet &&O) {
  Files.insert(Files.end(), O.Files.begin(), O.Files.end());
  for (auto &KV : O.Functions)
    Functions[KV.first] = std::move(KV.second);
  for (auto &KV : O.Predicates)
    Predicates[KV.first] = std::move(KV.second);
  for (auto &KV : O.LockTypeSpins)
    LockTypeSpins[KV.first] = KV.second;
  for (auto &KV : O.EntryContexts)
    EntryContexts[KV.first] = std::move(KV.second);
  for (auto &KV : O.FalseExcept)
    FalseExcept[KV.first] = std::move(KV.second);
  EntryFields.insert(EntryFields.end(), O.EntryFields.begin(), O.EntryFields.end());
  for (auto &KV : O.IrqLockClasses)
    IrqLockClasses[KV.first] = std::move(KV.second);
  for (auto &KV : O.UpdateSideLocks)
    UpdateSideLocks[KV.first] = std::move(KV.second);
  if (!O.GfpReclaimBitEnum.empty())
    GfpReclaimBitEnum = O.GfpReclaimBitEnum;
  if (O.GfpReclaimMask)
    GfpReclaimMask = O.GfpReclaimMask;
}

/// A return class's name in a rules file as lattice/ValueSplit.h's
/// ValueClass bit (the schema admits only these three names).
static uint8_t valueClassBit(const std::string &C) { return C == "zero" ? 1 : C == "error" ? 2 : 4; }

bool rcuctx::parseRules(const std::string &FileName, const std::string &Text, RuleSet &Out,
                        RulesError &Err) {
  bool HaveErr = false;
  auto Handler = [](const llvm::SMDiagnostic &D, void *Ctx) {
    auto *E = static_cast<std::pair<RulesError *, bool *> *>(Ctx);
    if (*E->second)
      return; // keep the first error: later ones are usually its echo
    *E->second = true;
    E->first->Line = D.getLineNo() > 0 ? D.getLineNo() : 1;
    E->first->Column = D.getColumnNo() >= 0 ? D.getColumnNo() + 1 : 1;
    E->first->Message = D.getMessage().str();
  };
  std::pair<RulesError *, bool *> Ctx{&Err, &HaveErr};
  Err.File = FileName;

  // LLVM's YAML reader (yaml::Input) has no notion of aliases: one at the
  // root leaves it without a current node, and its next error dereferences
  // it (found by fuzz-libfuzzer: `*a` then a malformed line). Refuse them
  // with their location before it sees the text. (An alias is written
  // `*name`: a text without '*' has none, and is not parsed twice -- the
  // bundled rules are read by every compile the plugin is in.)
  if (Text.find('*') != std::string::npos) {
    llvm::SourceMgr AliasSM;
    AliasSM.setDiagHandler([](const llvm::SMDiagnostic &, void *) {}, nullptr);
    llvm::yaml::Stream Scan(Text, AliasSM);
    std::function<const llvm::yaml::Node *(llvm::yaml::Node *, unsigned)> FindAlias =
        [&](llvm::yaml::Node *N, unsigned Depth) -> const llvm::yaml::Node * {
      if (!N || Depth > 256)
        return nullptr;
      if (llvm::isa<llvm::yaml::AliasNode>(N))
        return N;
      if (auto *M = llvm::dyn_cast<llvm::yaml::MappingNode>(N)) {
        for (auto &KV : *M) {
          if (const auto *A = FindAlias(KV.getKey(), Depth + 1))
            return A;
          if (const auto *A = FindAlias(KV.getValue(), Depth + 1))
            return A;
        }
      } else if (auto *Q = llvm::dyn_cast<llvm::yaml::SequenceNode>(N)) {
        for (auto &E : *Q)
          if (const auto *A = FindAlias(&E, Depth + 1))
            return A;
      }
      return nullptr;
    };
    for (auto &Doc : Scan) {
      if (const auto *A = FindAlias(Doc.getRoot(), 0)) {
        // An alias node has no source range; its name points into the text,
        // just after the '*'.
        llvm::StringRef Name = llvm::cast<llvm::yaml::AliasNode>(A)->getName();
        const char *P = Name.data() ? Name.data() - 1 : nullptr;
        Err.Line = Err.Column = 1;
        if (P && P >= Text.data() && P < Text.data() + Text.size())
          for (const char *C = Text.data(); C < P; ++C)
            *C == '\n' ? (++Err.Line, Err.Column = 1) : ++Err.Column;
        Err.Message = "YAML aliases ('*name') are not supported in rules files";
        return false;
      }
      if (Scan.failed())
        break;
    }
  }

  // LLVM's YAML reader expects a mapping at the root and misbehaves on an
  // empty document or a bare scalar or list: look at the root first.
  {
    llvm::SourceMgr PreSM;
    PreSM.setDiagHandler([](const llvm::SMDiagnostic &, void *) {}, nullptr);
    llvm::yaml::Stream Pre(Text, PreSM);
    auto Doc = Pre.begin();
    llvm::yaml::Node *Root = Doc != Pre.end() ? Doc->getRoot() : nullptr;
    if (!Root || llvm::isa<llvm::yaml::NullNode>(Root)) {
      Err.Line = Err.Column = 1;
      Err.Message = "empty rules file (expected 'version: 1')";
      return false;
    }
    if (!llvm::isa<llvm::yaml::MappingNode>(Root) && !Pre.failed()) {
      Err.Line = Err.Column = 1;
      Err.Message = "the rules file is not a mapping (expected 'version: 1' and 'functions:')";
      return false;
    }
    // A file written for a newer rcuctx: say so at its version, before its
    // content (which may use what this build does not know) is judged.
    if (auto *Map = llvm::dyn_cast<llvm::yaml::MappingNode>(Root)) {
      for (auto &KV : *Map) {
        auto *K = llvm::dyn_cast_or_null<llvm::yaml::ScalarNode>(KV.getKey());
        llvm::SmallString<16> KS, VS;
        if (!K || K->getValue(KS) != "version")
          continue;
        auto *V = llvm::dyn_cast_or_null<llvm::yaml::ScalarNode>(KV.getValue());
        unsigned long long N = 0;
        if (V && !V->getValue(VS).getAsInteger(10, N) && N > (unsigned)RulesFormatVersion) {
          auto LC = PreSM.getLineAndColumn(V->getSourceRange().Start);
          Err.Line = LC.first;
          Err.Column = LC.second;
          Err.Message = "rules version " + std::to_string(N) + " is newer than this rcuctx " RCUCTX_VERSION
                        " understands (version " + std::to_string(RulesFormatVersion) +
                        "): upgrade rcuctx or use rules made for it";
          return false;
        }
        break;
      }
    }
  }
  YFile File;
  llvm::yaml::Input In(Text, &Ctx, Handler, &Ctx);
  In >> File;
  if (In.error() || HaveErr) {
    if (!HaveErr) {
      Err.Line = 1;
      Err.Column = 1;
      Err.Message = "malformed rules file";
    }
    return false;
  }

  RuleSet RS;
  RS.GfpReclaimBitEnum.clear();
  RS.GfpReclaimMask = 0;
  for (auto &YF : File.Functions) {
    FunctionRule R;
    R.Match = YF.Match;
    R.Origin = FileName;
    for (auto &YS : YF.Steps) {
      RuleStep S;
      S.Op = YS.Op;
      S.Context = YS.Context;
      S.Arg = YS.Arg;
      S.Mode = YS.Mode;
      // A lock named by its class has no type to read, nor has a contract's
      // (composed as a summary, away from the call's argument): it spins
      // only if the rule says so.
      bool Contract = !YS.OnReturn.empty() || YS.WhenArg >= 0;
      S.Spins = YS.Spins.value_or(
          !((YS.Op == StepOp::Release || YS.Op == StepOp::Acquire) && (YS.Arg < 0 || Contract)));
      S.GfpArg = YS.GfpArg;
      S.CondArg = YS.CondArg;
      S.ListEntryArg = YS.ListEntryArg;
      S.ListMemberArg = YS.ListMemberArg;
      S.Assertion = YS.Assertion;
      S.CondNegated = YS.CondNegated;
      S.What = YS.What;
      S.SuccessZero = YS.SuccessZero;
      S.LockClass = YS.LockClass;
      S.OnTrue = YS.OnTrue;
      S.State = YS.State;
      S.Resched = YS.Resched;
      S.OutsideInterrupt = YS.OutsideInterrupt;
      S.FaultOnly = YS.FaultOnly;
      S.SubclassArg = YS.SubclassArg;
      S.Holds = YS.Holds;
      for (const std::string &C : YS.OnReturn)
        S.OnReturn |= valueClassBit(C);
      S.WhenArg = YS.WhenArg;
      S.Try = YS.Try;
      for (const std::string &C : YS.Classes)
        S.Classes |= valueClassBit(C);
      R.Steps.push_back(S);
    }
    for (auto &N : YF.Names) {
      R.Name = N;
      RS.Functions[N] = R;
    }
  }
  for (auto &YP : File.Predicates) {
    PredicateRule P;
    P.Context = YP.Context;
    P.Arg = YP.Arg;
    P.LockClass = YP.LockClass;
    P.Mode = YP.Mode;
    P.ModeArg = YP.ModeArg;
    for (auto &N : YP.Names) {
      P.Name = N;
      RS.Predicates[N] = P;
    }
  }
  for (auto &C : File.EntryContexts) {
    using I = EntryContext::Irq;
    RS.EntryContexts[C.Name] = {C.Name, C.Description, C.Raised, C.LocksMayBeHeld,
                                C.Irq == "enabled"   ? I::Enabled
                                : C.Irq == "softirq" ? I::Softirq
                                : C.Irq == "hardirq" ? I::Hardirq
                                                     : I::Unknown};
  }
  for (auto &C : File.IrqLockClasses)
    RS.IrqLockClasses[C.Class] = {C.Class,
                                  C.UsedIn == "softirq" ? EntryContext::Irq::Softirq
                                                        : EntryContext::Irq::Hardirq,
                                  C.Why};
  for (auto &F : File.EntryFields) {
    EntryField EF{F.Struct, F.Fields, F.Context, F.What, F.Holds};
    if (F.ByInit) {
      EF.InitNames = F.ByInit->Names;
      EF.InitModeArg = F.ByInit->ModeArg;
      EF.InitModeBits = F.ByInit->ModeBits;
      EF.InitContext = F.ByInit->Context;
      EF.InitWhat = F.ByInit->What;
    }
    RS.EntryFields.push_back(std::move(EF));
  }
  for (auto &T : File.ConditionTerms)
    for (auto &N : T.Names)
      RS.FalseExcept[N] = {T.FalseExceptIn, T.ArgClass};
  for (auto &L : File.LockTypes)
    RS.LockTypeSpins[L.Type] = L.Spins;
  for (auto &U : File.UpdateSideLocks)
    RS.UpdateSideLocks[U.Field] = U.Lock;
  if (File.Gfp) {
    RS.GfpReclaimBitEnum = File.Gfp->ReclaimBitEnum;
    RS.GfpReclaimMask = File.Gfp->ReclaimMask;
  }
  Out.merge(std::move(RS));
  return true;
}

bool rcuctx::loadRulesFile(const std::string &Path, RuleSet &Out, RulesError &Err) {
  auto Buf = llvm::MemoryBuffer::getFile(Path, /*IsText=*/true);
  if (!Buf) {
    Err.File = Path;
    Err.Line = Err.Column = 0;
    Err.Message = "cannot read rules file: " + Buf.getError().message();
    return false;
  }
  auto Text = std::make_shared<const std::string>((*Buf)->getBuffer().str());
  if (!parseRules(Path, *Text, Out, Err))
    return false;
  LoadedRulesFile F;
  F.Path = Path;
  F.Text = std::move(Text);
  Out.Files.push_back(std::move(F));
  return true;
}

const std::string &LoadedRulesFile::sha256() const {
  if (Sha256.empty() && Text)
    Sha256 = llvm::toHex(llvm::SHA256::hash(llvm::arrayRefFromStringRef(*Text)), /*LowerCase=*/true);
  return Sha256;
}

std::string rcuctx::versionText(const RuleSet &Rules, const std::string &RulesDir,
                                const std::string &How) {
  std::string S = "rcuctx " RCUCTX_VERSION " (built against LLVM " LLVM_VERSION_STRING
                  ", rules format " + std::to_string(RulesFormatVersion) + ")\n";
  if (!RulesDir.empty())
    S += "bundled rules: " + RulesDir + " (from " + How + ")\n";
  else
    S += "bundled rules: not loaded\n";
  S += "rules files loaded (sha256, path):\n";
  for (const LoadedRulesFile &F : Rules.Files)
    S += "  " + F.sha256() + "  " + F.Path + "\n";
  return S;
}
