#include "incremental/ResultCache.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/SHA256.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Support/xxhash.h"

#include <algorithm>

using namespace rcuctx;
namespace json = llvm::json;

/// The format of an entry; a change makes every old entry "another version".
static constexpr int CacheFormat = 1;
/// Phase-2 results kept per entry (one per set of imported effects seen).
static constexpr size_t MaxVariants = 4;

/// A [string, string] pair of an entry ([path, hash], [name, fingerprint]).
static std::optional<std::pair<std::string, std::string>> stringPair(const json::Value &V) {
  const json::Array *A = V.getAsArray();
  if (!A || A->size() != 2 || !(*A)[0].getAsString() || !(*A)[1].getAsString())
    return std::nullopt;
  return std::make_pair((*A)[0].getAsString()->str(), (*A)[1].getAsString()->str());
}

std::string ResultCache::hashContent(llvm::StringRef Data) {
  llvm::XXH128_hash_t H = llvm::xxh3_128bits(
      llvm::ArrayRef<uint8_t>(reinterpret_cast<const uint8_t *>(Data.data()), Data.size()));
  return llvm::utohexstr(H.high64, true, 16) + llvm::utohexstr(H.low64, true, 16);
}

llvm::Expected<std::unique_ptr<ResultCache>> ResultCache::open(llvm::StringRef Dir, std::string Self) {
  if (std::error_code EC = llvm::sys::fs::create_directories(Dir))
    return llvm::createStringError(EC, "cannot create cache folder '%s': %s", Dir.str().c_str(),
                                   EC.message().c_str());
  llvm::SmallString<256> Abs(Dir);
  llvm::sys::fs::make_absolute(Abs);
  return std::unique_ptr<ResultCache>(new ResultCache(std::string(Abs), std::move(Self)));
}

std::string ResultCache::key(
    llvm::StringRef Analysis, llvm::StringRef File,
    const std::vector<std::pair<std::string, std::vector<std::string>>> &Commands) const {
  // Each part length-prefixed, so no two different inputs read the same.
  llvm::SHA256 H;
  auto Add = [&H](llvm::StringRef S) {
    H.update(std::to_string(S.size()) + ":");
    H.update(S);
  };
  // Not Self: an entry of an older rcuctx is overwritten, not kept beside
  // (it is checked inside the entry: "from another rcuctx").
  Add(Analysis);
  Add(File);
  for (const auto &[Directory, Args] : Commands) {
    Add(Directory);
    Add(std::to_string(Args.size()));
    for (const std::string &A : Args)
      Add(A);
  }
  return llvm::toHex(H.final(), /*LowerCase=*/true);
}

std::string ResultCache::pathOf(const std::string &Key) const {
  llvm::SmallString<256> P(Dir);
  // Two levels, as git does, so a kernel's thousands of files do not share one folder.
  if (Key.size() > 2)
    llvm::sys::path::append(P, Key.substr(0, 2), Key.substr(2) + ".json");
  else
    llvm::sys::path::append(P, "_", Key + ".json");
  return std::string(P);
}

std::string ResultCache::currentHash(const std::string &Path) {
  {
    std::lock_guard<std::mutex> L(Mu);
    auto It = Hashes.find(Path);
    if (It != Hashes.end())
      return It->second;
  }
  std::string H;
  if (auto Buf = llvm::MemoryBuffer::getFile(Path, /*IsText=*/false, /*RequiresNullTerminator=*/false))
    H = hashContent((*Buf)->getBuffer());
  std::lock_guard<std::mutex> L(Mu);
  Hashes.emplace(Path, H);
  return H;
}

std::optional<ResultCache::Entry> ResultCache::read(const std::string &Key) {
  std::string P = pathOf(Key);
  auto Buf = llvm::MemoryBuffer::getFile(P, /*IsText=*/true);
  if (!Buf) {
    std::lock_guard<std::mutex> L(Mu);
    ++Counts.New;
    return std::nullopt;
  }
  std::string Why;   // corrupt: what is wrong
  bool OtherVersion = false;
  Entry E;
  auto Fail = [&](const std::string &W) {
    Why = W;
    return std::nullopt;
  };
  auto Parse = [&]() -> std::optional<Entry> {
    auto V = json::parse((*Buf)->getBuffer());
    if (!V) {
      std::string Msg = llvm::toString(V.takeError());
      return Fail("not JSON: " + Msg);
    }
    const json::Object *O = V->getAsObject();
    if (!O || O->getString("format") != "rcuctx-cache")
      return Fail("not an rcuctx cache entry");
    if (O->getInteger("cache_version") != CacheFormat || O->getString("self") != Self) {
      OtherVersion = true;
      return std::nullopt;
    }
    if (O->getString("key") != Key)
      return Fail("it is stored under another key");
    auto File = O->getString("file");
    auto Summary = O->getString("summary");
    auto SumHash = O->getString("summary_hash");
    const json::Array *Deps = O->getArray("deps");
    const json::Array *Comp = O->getArray("composed");
    if (!File || !Summary || !SumHash || !Deps || !Comp)
      return Fail("a field is missing");
    if (hashContent(*Summary) != *SumHash)
      return Fail("its summary does not match its hash");
    E.File = File->str();
    E.Summary = Summary->str();
    for (const json::Value &D : *Deps) {
      auto PH = stringPair(D);
      if (!PH)
        return Fail("a dependency is not [path, hash]");
      E.Deps.push_back({std::move(PH->first), std::move(PH->second)});
    }
    if (E.Deps.empty())
      return Fail("it has no dependencies (not even its own file)");
    for (const json::Value &C : *Comp) {
      const json::Object *CO = C.getAsObject();
      const json::Array *Imps = CO ? CO->getArray("imports") : nullptr;
      auto S = CO ? CO->getString("summary") : std::nullopt;
      auto SH = CO ? CO->getString("summary_hash") : std::nullopt;
      if (!Imps || !S || !SH || hashContent(*S) != *SH)
        return Fail("a result with imported effects is malformed or does not match its hash");
      Composed V;
      V.Summary = S->str();
      for (const json::Value &I : *Imps) {
        auto NF = stringPair(I);
        if (!NF)
          return Fail("an imported effect is not [name, fingerprint]");
        V.Imports.push_back(std::move(*NF));
      }
      E.Variants.push_back(std::move(V));
    }
    return E;
  };
  std::optional<Entry> R = Parse();
  if (!R) {
    std::lock_guard<std::mutex> L(Mu);
    if (OtherVersion) {
      ++Counts.OtherVersion;
    } else {
      ++Counts.Corrupt;
      Warnings.push_back("cache entry '" + P + "' is corrupt (" + Why +
                         "); its file is analysed again");
    }
  }
  return R;
}

std::optional<std::string> ResultCache::summary(const std::string &Key) {
  std::optional<Entry> E = read(Key);
  if (!E)
    return std::nullopt;
  for (const Dependency &D : E->Deps)
    if (currentHash(D.Path) != D.Hash) {
      std::lock_guard<std::mutex> L(Mu);
      ++Counts.Changed;
      return std::nullopt;
    }
  std::lock_guard<std::mutex> L(Mu);
  ++Counts.Reused;
  std::string S = E->Summary;
  Live[Key] = std::move(*E);
  return S;
}

void ResultCache::storeSummary(const std::string &Key, llvm::StringRef File,
                               const std::string &Summary, std::vector<Dependency> Deps) {
  Entry E;
  E.File = File.str();
  E.Summary = Summary;
  E.Deps = std::move(Deps);
  write(Key, E);
  std::lock_guard<std::mutex> L(Mu);
  Live[Key] = std::move(E);
}

std::optional<std::string>
ResultCache::composed(const std::string &Key,
                      llvm::function_ref<std::string(llvm::StringRef)> Fingerprint) {
  std::vector<Composed> Variants;
  {
    std::lock_guard<std::mutex> L(Mu);
    auto It = Live.find(Key);
    if (It == Live.end())
      return std::nullopt;
    Variants = It->second.Variants;
  }
  for (const Composed &V : Variants) {
    bool Same = true;
    for (const auto &[Name, FP] : V.Imports)
      if (Fingerprint(Name) != FP) {
        Same = false;
        break;
      }
    if (Same) {
      std::lock_guard<std::mutex> L(Mu);
      ++Counts.ComposedReused;
      return V.Summary;
    }
  }
  return std::nullopt;
}

void ResultCache::storeComposed(const std::string &Key, const std::string &Summary,
                                std::vector<std::pair<std::string, std::string>> Imports,
                                const std::vector<Dependency> &Deps) {
  Entry E;
  {
    std::lock_guard<std::mutex> L(Mu);
    auto It = Live.find(Key);
    if (It == Live.end())
      return; // phase 1 failed or was not kept: nothing to attach it to
    auto Same = [](const Dependency &A, const Dependency &B) {
      return A.Path == B.Path && A.Hash == B.Hash;
    };
    const std::vector<Dependency> &Had = It->second.Deps;
    if (Had.size() != Deps.size() || !std::equal(Had.begin(), Had.end(), Deps.begin(), Same))
      return; // read other files, or other contents, than its phase 1
    ++Counts.ComposedNew;
    auto &Vs = It->second.Variants;
    Vs.erase(std::remove_if(Vs.begin(), Vs.end(), [&](const Composed &C) { return C.Imports == Imports; }),
             Vs.end());
    Vs.insert(Vs.begin(), Composed{std::move(Imports), Summary}); // newest first
    if (Vs.size() > MaxVariants)
      Vs.resize(MaxVariants);
    E = It->second;
  }
  write(Key, E);
}

void ResultCache::write(const std::string &Key, const Entry &E) {
  json::Array Deps, Comp;
  for (const Dependency &D : E.Deps)
    Deps.push_back(json::Array{D.Path, D.Hash});
  for (const Composed &C : E.Variants) {
    json::Array Imps;
    for (const auto &[Name, FP] : C.Imports)
      Imps.push_back(json::Array{Name, FP});
    Comp.push_back(json::Object{
        {"imports", std::move(Imps)}, {"summary", C.Summary}, {"summary_hash", hashContent(C.Summary)}});
  }
  json::Object Top{{"format", "rcuctx-cache"},     {"cache_version", CacheFormat},
                   {"self", Self},                 {"key", Key},
                   {"file", E.File},               {"deps", std::move(Deps)},
                   {"summary", E.Summary},         {"summary_hash", hashContent(E.Summary)},
                   {"composed", std::move(Comp)}};
  std::string Final = pathOf(Key);
  auto Warn = [&](const std::string &What, std::error_code EC) {
    std::lock_guard<std::mutex> L(Mu);
    Warnings.push_back("cannot write cache entry '" + Final + "' (" + What + ": " + EC.message() +
                       "); the next run analyses its file again");
  };
  if (std::error_code EC = llvm::sys::fs::create_directories(llvm::sys::path::parent_path(Final)))
    return Warn("folder", EC);
  llvm::SmallString<256> Tmp;
  int FD;
  // Written whole under a temporary name, then renamed: a run killed midway
  // leaves at most a stray *.tmp-* file, which no lookup reads.
  if (std::error_code EC = llvm::sys::fs::createUniqueFile(Final + ".tmp-%%%%%%", FD, Tmp))
    return Warn("temporary file", EC);
  {
    llvm::raw_fd_ostream OS(FD, /*shouldClose=*/true);
    OS << json::Value(std::move(Top));
    OS.close();
    if (OS.has_error()) {
      std::error_code EC = OS.error();
      OS.clear_error();
      llvm::sys::fs::remove(Tmp);
      return Warn("write", EC);
    }
  }
  if (std::error_code EC = llvm::sys::fs::rename(Tmp, Final)) {
    llvm::sys::fs::remove(Tmp);
    return Warn("rename", EC);
  }
}

CacheCounts ResultCache::counts() const {
  std::lock_guard<std::mutex> L(Mu);
  return Counts;
}

std::vector<std::string> ResultCache::takeWarnings() {
  std::lock_guard<std::mutex> L(Mu);
  return std::move(Warnings);
}
