// The Clang tooling action of one file's job (AnalysisJob.h): it records the
// rules' macros and the source annotations while the file is parsed, runs
// the analysis on the parsed file (an internal error is kept as the job's
// error, not a crash of the tool), and keeps the summary as JSON text and,
// with --cache, the files the parse read (dependenciesOf()).
//
// Owns Action, Factory::create() and dependenciesOf(). It must not run other
// files or touch the link's source manager (ToolInputs.cpp).
#include "tool/AnalysisJob.h"
#include "tool/ToolOptions.h"

#include "facts/FactExtractor.h"
#include "facts/MacroIndex.h"
#include "facts/SourceAnnotations.h"
#include "link/SummaryFile.h"

#include "clang/Basic/FileManager.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Frontend/FrontendAction.h"
#include "clang/Lex/Preprocessor.h"
#include "llvm/Support/CrashRecoveryContext.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/VirtualFileSystem.h"

#include <algorithm>

using namespace clang;
using namespace rcuctx;
using namespace rcuctx::tool;

namespace {

/// The files a parse read (main file, headers, forced includes), each with
/// the hash of the buffer the parse used.
std::vector<Dependency> dependenciesOf(const SourceManager &SM) {
  std::vector<Dependency> Out;
  for (auto It = SM.fileinfo_begin(), End = SM.fileinfo_end(); It != End; ++It) {
    FileEntryRef FE = It->first;
    // The name the parse used (made absolute), not the symlink-resolved
    // one: re-pointing a symlinked header or folder must change the entry.
    llvm::SmallString<256> P(FE.getName());
    SM.getFileManager().getVirtualFileSystem().makeAbsolute(P);
    llvm::sys::path::remove_dots(P, false);
    std::string Path(P);
    std::string Hash;
    if (auto Buf = It->second->getBufferIfLoaded())
      Hash = ResultCache::hashContent(Buf->getBuffer());
    else if (auto B = llvm::MemoryBuffer::getFile(Path, false, false))
      Hash = ResultCache::hashContent((*B)->getBuffer());
    Out.push_back({std::move(Path), std::move(Hash)});
  }
  std::sort(Out.begin(), Out.end(), [](const Dependency &A, const Dependency &B) { return A.Path < B.Path; });
  return Out;
}

/// Runs the analysis on one parsed TU and keeps its summary as JSON text.
class Action : public ASTFrontendAction {
public:
  Action(const RuleSet &Rules, Job &J, const TuAnalysis::ImportTable *Imports, bool WantDeps)
      : Rules(Rules), J(J), Imports(Imports), WantDeps(WantDeps) {}

  std::unique_ptr<ASTConsumer> CreateASTConsumer(CompilerInstance &CI, llvm::StringRef) override {
    Macros = std::make_unique<MacroIndex>(CI.getSourceManager());
    CI.getPreprocessor().addPPCallbacks(Macros->makeRecorder(CI.getPreprocessor(), Rules.recordedMacroNames()));
    Comments = SourceAnnotations::makeHandler(Annotations);
    CI.getPreprocessor().addCommentHandler(Comments.get());
    return std::make_unique<Consumer>(*this, CI);
  }

  void EndSourceFileAction() override {
    if (Comments && getCompilerInstance().hasPreprocessor())
      getCompilerInstance().getPreprocessor().removeCommentHandler(Comments.get());
  }

private:
  struct Consumer : ASTConsumer {
    Consumer(Action &A, CompilerInstance &CI) : A(A), CI(CI) {}
    void HandleTranslationUnit(ASTContext &Ctx) override {
      if (CI.getDiagnostics().hasErrorOccurred())
        return; // reported by the diagnostics consumer
      llvm::CrashRecoveryContext CRC;
      bool Ok = CRC.RunSafely([&] {
        FactExtractor FX(Ctx, A.Rules, *A.Macros);
        AnalysisOptions AO;
        AO.Strict = Strict;
        AO.ResolveIndirect = !NoIndirect;
        AO.KeepDetail = true;
        TuAnalysis TU(Ctx, FX, AO);
        TU.setEntryAnnotations(A.Annotations.Entries);
        TU.setImports(A.Imports);
        std::vector<Finding> Findings = TU.run();
        A.J.Summary = writeSummary(makeTuRecord(TU, Findings, Ctx.getSourceManager()), Ctx.getSourceManager());
        A.J.LookedUp = TU.importsLookedUp();
        if (A.WantDeps)
          A.J.Deps = dependenciesOf(Ctx.getSourceManager());
      });
      if (!Ok)
        A.J.Error = "internal error while analysing this file; it was not checked";
    }
    Action &A;
    CompilerInstance &CI;
  };

  const RuleSet &Rules;
  Job &J;
  const TuAnalysis::ImportTable *Imports;
  bool WantDeps;
  std::unique_ptr<MacroIndex> Macros;
  SourceAnnotations Annotations;
  std::unique_ptr<CommentHandler> Comments;
};

} // namespace

std::unique_ptr<FrontendAction> Factory::create() {
  return std::make_unique<Action>(Rules, J, Imports, WantDeps);
}
