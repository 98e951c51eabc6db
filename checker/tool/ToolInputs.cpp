// What the whole-program tool reads for the link (ToolRun, ToolRun.h): the
// summary files of --summaries folders, and the files of a compilation
// database (or those of summaries that say how their file was compiled),
// each analysed on a worker thread (phase 1), then analysed again with the
// effects of functions other files define until those settle (phase 2), with
// --cache's results used where nothing changed. Each file's record goes into
// ToolRun::Records; errors are printed and set the exit status.
//
// Owns ToolRun's constructor, readSummaryFolders() and analyseFiles(). One
// file's parse and analysis is AnalysisJob.cpp; the link and everything
// printed after it is ToolReport.cpp: this file must not link or report.
#include "tool/AnalysisJob.h"
#include "tool/ToolOptions.h"
#include "tool/ToolRun.h"

#include "incremental/ResultCache.h"
#include "link/EffectImports.h"
#include "link/ReanalysisCommand.h"
#include "link/SummaryFile.h"

#include "clang/Basic/DiagnosticOptions.h"
#include "clang/Basic/Version.h"
#include "clang/Tooling/CompilationDatabase.h"
#include "clang/Tooling/JSONCompilationDatabase.h"
#include "clang/Tooling/Tooling.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/VirtualFileSystem.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <map>
#include <mutex>
#include <set>
#include <thread>

using namespace clang;
using namespace rcuctx;
using namespace rcuctx::tool;

ToolRun::ToolRun(const RuleSet &Rules, SourceManager &SM, DiagnosticsEngine &Diags,
                 std::string &Report, llvm::raw_string_ostream &ReportOS, const char *Argv0)
    : Rules(Rules), SM(SM), Diags(Diags), Report(Report), ReportOS(ReportOS), Argv0(Argv0),
      ThisAnalysis(analysisSignature(Rules, Strict, !NoIndirect)) {}

// Summaries from plugin builds, each compared with this run's analysis
// (ThisAnalysis).
std::optional<int> ToolRun::readSummaryFolders() {
  for (const std::string &Dir : SummaryDirs) {
    std::error_code EC;
    if (!llvm::sys::fs::is_directory(Dir))
      return usageError("summary folder '" + Dir + "' does not exist");
    std::vector<std::string> Paths;
    for (llvm::sys::fs::recursive_directory_iterator It(Dir, EC), End; It != End && !EC; It.increment(EC))
      if (llvm::StringRef(It->path()).ends_with(".rcuctx.json"))
        Paths.push_back(It->path());
    std::sort(Paths.begin(), Paths.end());
    if (EC)
      return usageError("cannot read summary folder '" + Dir + "': " + EC.message());
    for (const std::string &P : Paths) {
      auto R = readSummaryFile(P, SM);
      if (!R) {
        llvm::errs() << "rcuctx: error: " << llvm::toString(R.takeError()) << "\n";
        Status = 2;
        continue;
      }
      // A summary that says how its file was compiled takes part in phase 2
      // like a file of a compilation database: read now, parsed again only
      // if an effect it imports from another file says so.
      // Only under the analysis it was made with: the same rules (by
      // content) and options. Otherwise its phase 1 stands as written.
      if (BuildPath.empty() && !NoEffectImports && !R->Command.empty()) {
        if (R->Analysis != ThisAnalysis) {
          ++OtherAnalysis;
        } else if (auto Buf = llvm::MemoryBuffer::getFile(P)) {
          Rerunnable.push_back({R->Path, (*Buf)->getBuffer().str(), R->Directory, R->Command});
          continue;
        }
      }
      Records.push_back(std::move(*R));
    }
  }
  return std::nullopt;
}

std::optional<int> ToolRun::analyseFiles() {
  // Parse the compilation database (or, for summaries that say how their
  // files were compiled, one made of those commands: phase 1 is read from
  // the summaries, and only phase 2 parses).
  if (!BuildPath.empty() || !Rerunnable.empty()) {
    std::string Err;
    std::unique_ptr<tooling::CompilationDatabase> DB;
    bool FromSummaries = BuildPath.empty();
    if (FromSummaries) {
      llvm::json::Array Entries;
      for (const RerunnableSummary &S : Rerunnable) {
        llvm::json::Array Args;
        for (const std::string &A : S.Command)
          Args.push_back(A);
        Entries.push_back(llvm::json::Object{
            {"directory", S.Directory}, {"file", S.File}, {"arguments", std::move(Args)}});
      }
      std::string Json;
      llvm::raw_string_ostream JOS(Json);
      JOS << llvm::json::Value(std::move(Entries));
      DB = tooling::JSONCompilationDatabase::loadFromBuffer(Json, Err,
                                                            tooling::JSONCommandLineSyntax::AutoDetect);
      if (!DB)
        return usageError("cannot use the commands recorded in the summaries: " + Err);
    } else if (llvm::sys::fs::is_directory(BuildPath))
      DB = tooling::CompilationDatabase::loadFromDirectory(BuildPath, Err);
    else
      DB = tooling::JSONCompilationDatabase::loadFromFile(BuildPath, Err,
                                                          tooling::JSONCommandLineSyntax::AutoDetect);
    if (!DB)
      return usageError("cannot load compilation database from '" + BuildPath + "': " + Err);
    std::vector<std::string> All = DB->getAllFiles();
    std::vector<Job> JobsList;
    if (FromSummaries) {
      for (RerunnableSummary &S : Rerunnable)
        JobsList.push_back({S.File, std::move(S.Text), "", ""});
    } else if (Files.empty()) {
      // Assembler sources (Kbuild lists vmenter.S) have nothing to check.
      for (const std::string &F : All) {
        llvm::StringRef Ext = llvm::sys::path::extension(F);
        if (Ext == ".S" || Ext == ".s" || Ext == ".asm")
          continue;
        JobsList.push_back({F, "", "", ""});
      }
    } else {
      for (const std::string &F : Files) {
        std::string A = absolute(F);
        bool Found = false;
        for (const std::string &G : All)
          if (absolute(G) == A) {
            JobsList.push_back({G, "", "", ""});
            Found = true;
          }
        if (!Found)
          return usageError("'" + F + "' is not in the compilation database");
      }
    }
    // --cache: each file's entry key, from this rcuctx, the analysis and
    // the commands as this run adjusts them (below).
    std::unique_ptr<ResultCache> Cache;
    if (!CacheDir.empty()) {
      // This rcuctx: its version, the Clang it runs (a libclang-cpp update
      // may parse differently) and its own executable's content.
      std::string Self = std::string(RCUCTX_VERSION) + "/" + clang::getClangFullVersion();
      if (auto Exe = llvm::MemoryBuffer::getFile(
              llvm::sys::fs::getMainExecutable(Argv0, reinterpret_cast<void *>(&usageError)),
              false, false))
        Self += "+" + ResultCache::hashContent((*Exe)->getBuffer());
      auto C = ResultCache::open(CacheDir, Self);
      if (!C)
        return usageError(llvm::toString(C.takeError()));
      Cache = std::move(*C);
    }
    unsigned N = Jobs ? Jobs : std::max(1u, std::thread::hardware_concurrency());
    N = std::min<unsigned>(N, std::max<size_t>(1, JobsList.size()));
    bool Progress = !Quiet && llvm::sys::Process::StandardErrIsDisplayed();
    std::mutex Mu;
    auto Adjust = [](const tooling::CommandLineArguments &Args, llvm::StringRef) {
      // A -cc1 command (recorded by a plugin build): its own resource
      // directory, no plugin, output or dependency file.
      if (Args.size() > 1 && Args[1] == "-cc1") {
        tooling::CommandLineArguments Out = withoutSideEffects(Args);
        Out.push_back("-w");
        for (const std::string &E : ExtraArgs)
          Out.push_back(E);
        return Out;
      }
      tooling::CommandLineArguments Out;
      for (size_t I = 0; I < Args.size(); ++I) {
        llvm::StringRef A = Args[I];
        // Never load plugins (a kernel built with KCFLAGS=-fplugin=rcuctx.so)
        // into this process, and keep compiler warnings out of the report.
        if (A.starts_with("-fplugin=") || A.starts_with("-fplugin-arg-") || A.starts_with("-Werror"))
          continue;
        // No dependency files: the build writes them (Kbuild's
        // -Wp,-MMD,dir/.x.o.d), and a relative one would land wherever
        // this process happens to be.
        if (A.starts_with("-Wp,-M") || A == "-MD" || A == "-MMD" || A == "-MP")
          continue;
        if ((A == "-MF" || A == "-MT" || A == "-MQ") && I + 1 < Args.size()) {
          ++I;
          continue;
        }
        Out.push_back(Args[I]);
      }
      Out.push_back("-w");
#ifdef RCUCTX_CLANG_RESOURCE_DIR
      Out.push_back("-resource-dir=" RCUCTX_CLANG_RESOURCE_DIR);
#endif
      for (const std::string &E : ExtraArgs)
        Out.push_back(E);
      return Out;
    };
    if (Cache)
      for (Job &J : JobsList) {
        std::vector<std::pair<std::string, std::vector<std::string>>> Commands;
        for (const tooling::CompileCommand &C : DB->getCompileCommands(J.File))
          Commands.push_back({C.Directory, Adjust(C.CommandLine, C.Filename)});
        // The environment the driver reads include folders from.
        std::vector<std::string> Env;
        for (const char *V : {"CPATH", "C_INCLUDE_PATH", "CPLUS_INCLUDE_PATH", "OBJC_INCLUDE_PATH"})
          Env.push_back(std::string(V) + "=" + (getenv(V) ? getenv(V) : ""));
        Commands.push_back({"<environment>", Env});
        J.Key = Cache->key(ThisAnalysis, absolute(J.File), Commands);
      }
    // Runs the files Which (indexes into JobsList), importing Imports (with
    // --cache, their fingerprints by name: Fingerprints).
    auto RunJobs = [&](const std::vector<size_t> &Which, const TuAnalysis::ImportTable *Imports,
                       const std::map<std::string, std::string> *Fingerprints) {
      std::atomic<size_t> Next{0}, Done{0};
      auto Worker = [&] {
        for (size_t K; (K = Next++) < Which.size();) {
          Job &J = JobsList[Which[K]];
          if (Progress) {
            std::lock_guard<std::mutex> L(Mu);
            llvm::errs() << "\r\033[K[" << (Done + 1) << "/" << Which.size() << "] " << J.File;
          }
          J.Summary.clear();
          J.Error.clear();
          J.Diags.clear();
          J.Deps.clear();
          J.LookedUp.clear();
          // An imported effect's fingerprint, "" for one not imported.
          auto Fingerprint = [&](llvm::StringRef Name) {
            auto It = Fingerprints->find(Name.str());
            return It == Fingerprints->end() ? std::string() : It->second;
          };
          if (Cache) {
            std::optional<std::string> Hit =
                Imports ? Cache->composed(J.Key, Fingerprint) : Cache->summary(J.Key);
            if (Hit) {
              J.Summary = std::move(*Hit);
              ++Done;
              continue;
            }
          }
          // A file system with its own working directory per file: the
          // process-wide one is shared by all threads.
          tooling::ClangTool Tool(*DB, {J.File}, std::make_shared<PCHContainerOperations>(),
                                  llvm::vfs::createPhysicalFileSystem());
          Tool.appendArgumentsAdjuster(Adjust);
          llvm::raw_string_ostream DOS(J.Diags);
          DiagnosticOptions *PO = new DiagnosticOptions();
          Buffered Client(DOS, PO);
          Tool.setDiagnosticConsumer(&Client);
          Factory F(Rules, J, Imports, /*WantDeps=*/Cache != nullptr);
          int Rc = Tool.run(&F);
          if (Rc != 0 && J.Error.empty())
            J.Error = "could not be parsed; it was not checked";
          // Only a clean analysis is kept (a file that failed is tried again).
          if (Cache && J.Error.empty() && !J.Summary.empty()) {
            if (!Imports) {
              Cache->storeSummary(J.Key, absolute(J.File), J.Summary, std::move(J.Deps));
            } else {
              std::vector<std::pair<std::string, std::string>> Used;
              for (const std::string &Name : J.LookedUp)
                Used.push_back({Name, Fingerprint(Name)});
              Cache->storeComposed(J.Key, J.Summary, std::move(Used), J.Deps);
            }
          }
          ++Done;
        }
      };
      unsigned T = std::min<unsigned>(N, std::max<size_t>(1, Which.size()));
      std::vector<std::thread> Threads;
      for (unsigned I = 0; I < T; ++I)
        Threads.emplace_back(Worker);
      for (auto &Th : Threads)
        Th.join();
      if (Progress)
        llvm::errs() << "\r\033[K";
    };
    std::vector<size_t> AllJobs(JobsList.size());
    for (size_t I = 0; I < AllJobs.size(); ++I)
      AllJobs[I] = I;
    if (!FromSummaries)
      RunJobs(AllJobs, nullptr, nullptr);

    // Each file's summary read into a record once per text: the rounds of
    // phase 2 and the link read the same summaries again and again, and
    // reading a large summary costs more than linking it.
    std::vector<std::optional<TuRecord>> Parsed(JobsList.size());
    std::vector<std::string> ParsedFrom(JobsList.size());
    auto ParsedRecord = [&](size_t I) -> TuRecord * {
      const Job &J = JobsList[I];
      if (!J.Error.empty() || J.Summary.empty())
        return nullptr;
      std::string H = contentHash(J.Summary) + ":" + std::to_string(J.Summary.size());
      if (ParsedFrom[I] != H) {
        ParsedFrom[I] = H;
        Parsed[I].reset();
        if (auto R = readSummary(J.File, J.Summary, SM, false))
          Parsed[I] = std::move(*R);
        else
          llvm::consumeError(R.takeError()); // reported when read for the link
      }
      return Parsed[I] ? &*Parsed[I] : nullptr;
    };
    // Phase 2 (link/EffectImports.h): the files that call functions other
    // files define with an effect run again, importing those effects,
    // until no imported effect changes.
    std::set<size_t> RerunFailed; // their record is from an earlier round's imports
    if (!NoEffectImports) {
      auto Phase2Start = std::chrono::steady_clock::now();
      std::vector<const TuRecord *> Fixed; // from summary folders: imported, never re-run
      for (const TuRecord &R : Records)
        Fixed.push_back(&R);
      auto ReadAll = [&] {
        std::vector<const TuRecord *> Out(JobsList.size(), nullptr);
        for (size_t I = 0; I < JobsList.size(); ++I)
          if (const TuRecord *R = ParsedRecord(I))
            Out[I] = R;
        return Out;
      };
      auto Rerun = [&](const std::vector<size_t> &Which, const TuAnalysis::ImportTable &Imports) {
        std::vector<Job> Saved;
        for (size_t I : Which)
          Saved.push_back(JobsList[I]);
        // What each imported effect says, comparable across runs (computed
        // here: the link's SourceManager is not for the workers' threads).
        std::map<std::string, std::string> Fingerprints;
        if (Cache)
          for (const auto &[Name, S] : Imports)
            Fingerprints[Name] = effectFingerprint(S, SM);
        RunJobs(Which, &Imports, &Fingerprints);
        for (size_t K = 0; K < Which.size(); ++K)
          if (!JobsList[Which[K]].Error.empty()) {
            // Keep what phase 1 found, and say why this file is not composed.
            RerunFailures.push_back(JobsList[Which[K]].File +
                                    ": not analysed again for effects across files (its first "
                                    "analysis is used): " + JobsList[Which[K]].Error +
                                    (JobsList[Which[K]].Diags.empty() ? "" : "\n" + JobsList[Which[K]].Diags));
            JobsList[Which[K]] = Saved[K];
            RerunFailed.insert(Which[K]);
          }
      };
      Phase2 = composeEffectsAcrossFiles(JobsList.size(), Fixed, ReadAll, Rerun, MaxEffectRounds);
      Phase2Secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - Phase2Start).count();
    }
    if (Cache) {
      for (const std::string &W : Cache->takeWarnings())
        llvm::errs() << "rcuctx: warning: " << W << "\n";
      CacheCounts C = Cache->counts();
      if (!Quiet)
        llvm::errs() << "rcuctx: cache: " << C.Reused << " of " << JobsList.size()
                     << " files reused; analysed " << C.Changed << " changed, " << C.New
                     << " new, " << C.Corrupt << " corrupt, " << C.OtherVersion
                     << " from another rcuctx; effects across files: " << C.ComposedReused
                     << " reused, " << C.ComposedNew << " analysed\n";
    }
    // A record not analysed with the imports phase 2 ended with (it stopped
    // at its bound, or this file's last run failed): the link must not take
    // its states as including its callees' effects.
    auto Settle = [&](size_t I, TuRecord &R) {
      if (Phase2.Bounded || RerunFailed.count(I))
        for (LinkFunction &F : R.Functions)
          for (CallRecord &C : F.Detail.Calls)
            C.EffectComposed = false;
    };
    for (size_t I = 0; I < JobsList.size(); ++I) {
      Job &J = JobsList[I];
      if (!J.Diags.empty())
        llvm::errs() << J.Diags;
      if (!J.Error.empty()) {
        llvm::errs() << "rcuctx: error: " << J.File << ": " << J.Error << "\n";
        Status = 2;
      }
      if (J.Summary.empty())
        continue;
      if (TuRecord *Known = ParsedRecord(I)) {
        Settle(I, *Known);
        Records.push_back(std::move(*Known));
        Parsed[I].reset();
        ParsedFrom[I].clear();
        continue;
      }
      auto R = readSummary(J.File, J.Summary, SM, /*CheckStale=*/false);
      if (!R) {
        llvm::errs() << "rcuctx: error: " << llvm::toString(R.takeError()) << "\n";
        Status = 2;
        continue;
      }
      Settle(I, *R);
      Records.push_back(std::move(*R));
    }
  }
  return std::nullopt;
}
