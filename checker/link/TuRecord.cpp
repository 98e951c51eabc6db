#include "link/TuRecord.h"

#include "link/SummaryFile.h"

#include "clang/AST/TypeLoc.h"
#include "clang/Lex/Lexer.h"
#include "llvm/Support/VirtualFileSystem.h"

using namespace clang;
using namespace rcuctx;

TuRecord rcuctx::makeTuRecord(const TuAnalysis &TU, const std::vector<Finding> &Findings,
                              const SourceManager &SM) {
  TuRecord R;
  FileID Main = SM.getMainFileID();
  if (auto FE = SM.getFileEntryRefForID(Main)) {
    llvm::SmallString<256> Name(FE->getName());
    SM.getFileManager().getVirtualFileSystem().makeAbsolute(Name);
    R.Path = std::string(Name);
  }
  R.Hash = contentHash(SM.getBufferData(Main));
  for (auto &KV : TU.summaries()) {
    const FunctionDecl *FD = KV.first;
    LinkFunction F;
    F.Name = FD->getNameAsString();
    F.Static = !FD->isExternallyVisible();
    F.Weak = FD->isWeak();
    if (FD->doesThisDeclarationHaveABody() && SM.isInMainFile(FD->getLocation())) {
      SourceLocation RParen = FD->getFunctionTypeLoc().getRParenLoc();
      if (RParen.isValid() && RParen.isFileID())
        F.AnnotateAt = Lexer::getLocForEndOfToken(RParen, 0, SM, FD->getASTContext().getLangOpts());
    }
    for (const ParmVarDecl *P : FD->parameters()) {
      QualType T = P->getType();
      F.Params.push_back({P->getNameAsString(),
                          T->isPointerType() ? typeName(T->getPointeeType(), FD->getASTContext())
                                             : std::string()});
    }
    F.Loc = FD->getLocation();
    F.S = KV.second;
    auto D = TU.details().find(FD);
    if (D != TU.details().end())
      F.Detail = D->second;
    R.Functions.push_back(std::move(F));
  }
  for (const EntryPoint &E : TU.entries()) {
    if (!E.Fn)
      continue;
    R.Entries.push_back({E.Fn->getNameAsString(), !E.Fn->isExternallyVisible(), E.Context, E.What,
                         E.Loc, E.Holds});
  }
  // In source order, so the link numbers functions the same way every run.
  std::stable_sort(R.Functions.begin(), R.Functions.end(),
                   [](const LinkFunction &A, const LinkFunction &B) {
                     return A.Loc.getRawEncoding() < B.Loc.getRawEncoding();
                   });
  R.Findings = Findings;
  R.Edges = TU.orderEdges();
  R.Splits = TU.classSplits();
  if (const IndirectTargets *I = TU.indirect())
    R.Slots = I->localTable();
  return R;
}
