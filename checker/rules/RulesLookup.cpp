// Where the bundled rules are and loading them: the folder an explicit
// setting, $RCUCTX_RULES_DIR or this object's own place names
// (bundledRulesDir(), thisObjectPath()), and every rules file in it
// (loadBundledRules()).
//
// Owns those and their helpers (anchor, absolutePath). Reading one file is
// loadRulesFile() (RulesLoader.cpp): this file must not parse rules itself.
#include "rules/Rules.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

#include <algorithm>
#include <cassert>
#include <cstdlib>
#include <dlfcn.h>

using namespace rcuctx;

namespace {
// Internal linkage: its address is this object's own, whichever other
// rcuctx module (plugin, tidy module) the process has loaded.
void anchor() {}

std::string absolutePath(llvm::StringRef P) {
  llvm::SmallString<256> S(P);
  llvm::sys::fs::make_absolute(S);
  llvm::SmallString<256> Real;
  if (!llvm::sys::fs::real_path(S, Real))
    return std::string(Real);
  llvm::sys::path::remove_dots(S, true);
  return std::string(S);
}
} // namespace

std::string rcuctx::thisObjectPath() {
  Dl_info Info;
  if (dladdr(reinterpret_cast<void *>(&anchor), &Info) && Info.dli_fname && *Info.dli_fname) {
    // For the main executable glibc gives argv[0], which may be a bare name
    // found through $PATH: only a path that exists is trusted.
    if (llvm::StringRef(Info.dli_fname).contains('/') && llvm::sys::fs::exists(Info.dli_fname))
      return absolutePath(Info.dli_fname);
  }
  return llvm::sys::fs::getMainExecutable(nullptr, reinterpret_cast<void *>(&anchor));
}

std::string rcuctx::bundledRulesDir(const RulesLookup &L, std::string *How,
                                    std::vector<std::string> *Tried) {
  auto Say = [&](const std::string &H) {
    if (How)
      *How = H;
  };
  if (!L.Explicit.empty()) {
    Say(L.ExplicitName);
    return L.Explicit;
  }
  if (const char *Env = std::getenv("RCUCTX_RULES_DIR"); Env && *Env) {
    Say("$RCUCTX_RULES_DIR");
    return Env;
  }
  std::string Self = L.Self.empty() ? thisObjectPath() : absolutePath(L.Self);
  llvm::StringRef Dir = llvm::sys::path::parent_path(Self);
  // bin/ and build/checker/ are one level below the prefix, lib/rcuctx/ two.
  for (const char *Rel : {"../share/rcuctx/rules", "../../share/rcuctx/rules"}) {
    llvm::SmallString<256> P(Dir);
    llvm::sys::path::append(P, Rel);
    llvm::sys::path::remove_dots(P, /*remove_dot_dot=*/true);
    if (Tried)
      Tried->push_back(std::string(P));
    if (llvm::sys::fs::is_directory(P)) {
      Say("next to " + Self);
      return std::string(P);
    }
  }
  Say("next to " + Self);
  return "";
}

bool rcuctx::loadBundledRules(RuleSet &Out, RulesError &Err, const RulesLookup &L) {
  std::string How;
  std::vector<std::string> Tried;
  std::string Dir = bundledRulesDir(L, &How, &Tried);
  Err.Line = Err.Column = 0;
  if (Dir.empty()) {
    Err.File = Tried.empty() ? std::string("rules") : Tried.front();
    std::string Also;
    for (size_t I = 1; I < Tried.size(); ++I)
      Also += (Also.empty() ? " (also looked in '" : "', '") + Tried[I];
    if (!Also.empty())
      Also += "')";
    Err.Message = "no rules folder " + How + Also +
                  "; give rules-dir=DIR (rcuctx --rules-dir DIR) or set $RCUCTX_RULES_DIR";
    return false;
  }
  auto Fail = [&](const std::string &Why) {
    Err.File = Dir;
    Err.Message = "rules folder (from " + How + ") " + Why;
    return false;
  };
  if (!llvm::sys::fs::exists(Dir))
    return Fail("does not exist");
  if (!llvm::sys::fs::is_directory(Dir))
    return Fail("is not a folder");
  std::vector<std::string> Files;
  std::error_code EC;
  for (llvm::sys::fs::directory_iterator It(Dir, EC), End; It != End && !EC; It.increment(EC))
    if (llvm::sys::path::extension(It->path()) == ".yaml")
      Files.push_back(It->path());
  if (EC)
    return Fail("cannot be read: " + EC.message());
  if (Files.empty())
    return Fail("holds no *.yaml rules files");
  std::sort(Files.begin(), Files.end());
  for (auto &F : Files)
    if (!loadRulesFile(F, Out, Err))
      return false;
  return true;
}

std::vector<std::string> RuleSet::recordedMacroNames() const {
  std::vector<std::string> Out;
  for (auto &KV : Functions)
    if (lookup(KV.first, /*IsMacro=*/true))
      Out.push_back(KV.first);
  for (auto &KV : Predicates)
    Out.push_back(KV.first);
  for (const char *N : {"__must_hold", "__must_hold_shared", "__acquires", "__acquires_shared", "__releases",
                        "__releases_shared"}) {
    assert(isContextAnnotationMacro(N));
    Out.push_back(N);
  }
  return Out;
}
