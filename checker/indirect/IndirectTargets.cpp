#include "indirect/IndirectTargets.h"

#include "clang/Basic/SourceManager.h"
#include "clang/Lex/Lexer.h"

using namespace clang;
using namespace rcuctx;

const char *rcuctx::indirectKindName(IndirectResolution::Kind K) {
  switch (K) {
  case IndirectResolution::OpsMember:
    return "ops member";
  case IndirectResolution::StaticCall:
    return "static_call";
  case IndirectResolution::LocalPointer:
    return "local pointer";
  case IndirectResolution::Table:
    return "table of functions";
  case IndirectResolution::Unknown:
    break;
  }
  return "unknown";
}

std::string rcuctx::describeVia(const std::string &Written, const std::string &Slot,
                                size_t Targets) {
  std::string S = " (through '" + (Written.empty() ? Slot : Written) + "'";
  if (!Slot.empty())
    S += Targets == 1 ? ", the function stored in '" + Slot + "'"
                      : ", one of " + std::to_string(Targets) + " functions stored in '" + Slot + "'";
  else
    S += Targets == 1 ? ", the function it holds"
                      : ", one of " + std::to_string(Targets) + " functions it may hold";
  return S + ")";
}

const SlotScan &IndirectTargets::scan() const {
  if (!Scan)
    Scan = std::make_unique<SlotScan>(Ctx);
  return *Scan;
}

std::optional<std::set<std::string>> IndirectTargets::targetsOfSlot(const std::string &Slot) const {
  if (!Imported)
    return scan().table().targets(Slot);
  if (!Merged) {
    Merged = std::make_unique<SlotTable>(*Imported);
    Merged->merge(scan().table());
  }
  return Merged->targets(Slot);
}

/// The callee as the programmer wrote it: `kvm_x86_call(vcpu_run)`,
/// `ops->flush`; "" when it cannot be read back from one file range.
static std::string writtenText(const Expr *E, const ASTContext &Ctx) {
  const SourceManager &SM = Ctx.getSourceManager();
  // The outermost macro call when the callee comes from one.
  CharSourceRange R = SM.getExpansionRange(E->getSourceRange());
  SourceLocation B = R.getBegin(), En = R.getEnd();
  if (B.isInvalid() || En.isInvalid() || SM.getFileID(B) != SM.getFileID(En) ||
      SM.isBeforeInTranslationUnit(En, B))
    return "";
  std::string S = Lexer::getSourceText(R, SM, Ctx.getLangOpts()).str();
  if (S.size() > 60)
    S = S.substr(0, 57) + "...";
  return S;
}

IndirectResolution IndirectTargets::resolve(const CallExpr *CE, bool WithText) const {
  IndirectResolution R;
  const Expr *Callee = peelFunctionValue(CE->getCallee());
  if (!Callee)
    return R;
  if (WithText)
    R.Written = writtenText(CE->getCallee(), Ctx);
  SlotSources Sources;
  if (const auto *DR = dyn_cast<DeclRefExpr>(Callee)) {
    if (const auto *FD = dyn_cast<FunctionDecl>(DR->getDecl())) {
      std::string Name = staticCallName(FD->getName().str(), TrampolinePrefix);
      if (!Name.empty()) {
        R.K = IndirectResolution::StaticCall;
        R.Slot = staticCallSlot(Name);
        Sources.Slots.insert(R.Slot);
      } else {
        // A known function called through a cast or a dereference.
        R.K = IndirectResolution::LocalPointer;
        Sources = scan().sourcesOf(Callee);
      }
    } else if (isa<VarDecl>(DR->getDecl())) {
      R.K = IndirectResolution::LocalPointer;
      Sources = scan().sourcesOf(Callee);
    }
  } else if (const auto *AE = dyn_cast<ArraySubscriptExpr>(Callee)) {
    R.Slot = scan().slotOf(AE);
    if (!R.Slot.empty()) {
      R.K = IndirectResolution::Table;
      Sources.Slots.insert(R.Slot);
    }
  } else if (const auto *ME = dyn_cast<MemberExpr>(Callee)) {
    R.Slot = scan().slotOf(ME);
    if (!R.Slot.empty()) {
      R.K = R.Slot.rfind("static_call(", 0) == 0 ? IndirectResolution::StaticCall
                                                  : IndirectResolution::OpsMember;
      Sources.Slots.insert(R.Slot);
    }
  }
  if (R.K == IndirectResolution::Unknown || Sources.Unknown)
    return R;
  std::set<std::string> Names = Sources.Fns;
  for (const std::string &S : Sources.Slots) {
    auto T = targetsOfSlot(S);
    if (!T)
      return R;
    Names.insert(T->begin(), T->end());
  }
  if (Names.empty())
    return R; // nothing the analysis sees is ever stored there
  R.Resolved = true;
  for (const std::string &N : Names) {
    const FunctionDecl *F = scan().function(N);
    if (!F) // stored by another file: this one may still declare it
      for (const NamedDecl *D : Ctx.getTranslationUnitDecl()->lookup(&Ctx.Idents.get(N)))
        if (const auto *FD = dyn_cast<FunctionDecl>(D)) {
          F = FD->getDefinition() ? FD->getDefinition() : FD;
          break;
        }
    R.Targets.push_back({N, F});
  }
  return R;
}
