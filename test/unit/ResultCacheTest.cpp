// The incremental cache (incremental/ResultCache.h): an entry is used only
// while everything it was made from is unchanged, a phase-2 result only for
// the same imported effects, and a damaged entry is never used.
#include "incremental/ResultCache.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include <gtest/gtest.h>

using namespace rcuctx;

namespace {
struct TempDir {
  llvm::SmallString<128> Path;
  TempDir() { EXPECT_FALSE(llvm::sys::fs::createUniqueDirectory("rcuctx-cache-test", Path)); }
  ~TempDir() { llvm::sys::fs::remove_directories(Path); }
  std::string file(llvm::StringRef Name, llvm::StringRef Text) const {
    llvm::SmallString<128> P(Path);
    llvm::sys::path::append(P, Name);
    std::error_code EC;
    llvm::raw_fd_ostream OS(P, EC);
    OS << Text;
    return std::string(P);
  }
};

std::unique_ptr<ResultCache> open(const TempDir &D, const std::string &Self = "v1") {
  llvm::SmallString<128> P(D.Path);
  llvm::sys::path::append(P, "cache");
  auto C = ResultCache::open(P, Self);
  EXPECT_TRUE(!!C);
  return std::move(*C);
}

std::vector<Dependency> deps(std::initializer_list<std::pair<std::string, std::string>> Files) {
  std::vector<Dependency> Out;
  for (auto &[Path, Text] : Files)
    Out.push_back({Path, ResultCache::hashContent(Text)});
  return Out;
}
} // namespace

TEST(ResultCache, KeyDependsOnEveryPart) {
  TempDir D;
  auto C = open(D);
  std::vector<std::pair<std::string, std::vector<std::string>>> Cmd{{"/src", {"clang", "-O2", "a.c"}}};
  std::string K = C->key("rules", "/src/a.c", Cmd);
  EXPECT_EQ(K, C->key("rules", "/src/a.c", Cmd));
  EXPECT_NE(K, C->key("other rules", "/src/a.c", Cmd));
  EXPECT_NE(K, C->key("rules", "/src/b.c", Cmd));
  auto Cmd2 = Cmd;
  Cmd2[0].second[1] = "-O1";
  EXPECT_NE(K, C->key("rules", "/src/a.c", Cmd2));
  // Arguments are not concatenated: {"ab"} and {"a", "b"} differ.
  EXPECT_NE(C->key("r", "f", {{"d", {"ab"}}}), C->key("r", "f", {{"d", {"a", "b"}}}));
  // Another rcuctx finds the same entry and refuses it (AnotherVersionIsNotUsed).
  EXPECT_EQ(K, open(D, "v2")->key("rules", "/src/a.c", Cmd));
}

TEST(ResultCache, ReusedUntilADependencyChanges) {
  TempDir D;
  std::string A = D.file("a.c", "int a;"), H = D.file("a.h", "#define X 1");
  {
    auto C = open(D);
    EXPECT_FALSE(C->summary("k1"));
    C->storeSummary("k1", A, "{\"s\":1}", deps({{A, "int a;"}, {H, "#define X 1"}}));
    EXPECT_EQ(C->counts().New, 1u);
  }
  {
    auto C = open(D);
    auto S = C->summary("k1");
    ASSERT_TRUE(S);
    EXPECT_EQ(*S, "{\"s\":1}");
    EXPECT_EQ(C->counts().Reused, 1u);
  }
  D.file("a.h", "#define X 2");
  auto C = open(D);
  EXPECT_FALSE(C->summary("k1"));
  EXPECT_EQ(C->counts().Changed, 1u);
  EXPECT_TRUE(C->takeWarnings().empty());
}

TEST(ResultCache, ADeletedDependencyIsAChange) {
  TempDir D;
  std::string A = D.file("a.c", "int a;");
  open(D)->storeSummary("k", A, "{}", deps({{A, "int a;"}}));
  llvm::sys::fs::remove(A);
  auto C = open(D);
  EXPECT_FALSE(C->summary("k"));
  EXPECT_EQ(C->counts().Changed, 1u);
}

TEST(ResultCache, AnotherVersionIsNotUsed) {
  TempDir D;
  std::string A = D.file("a.c", "int a;");
  open(D, "v1")->storeSummary("k", A, "{}", deps({{A, "int a;"}}));
  auto C = open(D, "v2");
  EXPECT_FALSE(C->summary("k"));
  EXPECT_EQ(C->counts().OtherVersion, 1u);
  EXPECT_TRUE(C->takeWarnings().empty());
}

TEST(ResultCache, PhaseTwoResultsMatchTheirImports) {
  TempDir D;
  std::string A = D.file("a.c", "int a;");
  {
    auto C = open(D);
    C->storeSummary("k", A, "{\"phase\":1}", deps({{A, "int a;"}}));
    C->storeComposed("k", "{\"phase\":2,\"v\":1}", {{"f", "fp1"}, {"g", ""}}, deps({{A, "int a;"}}));
    C->storeComposed("k", "{\"phase\":2,\"v\":2}", {{"f", "fp2"}, {"g", ""}}, deps({{A, "int a;"}}));
    // Analysed from other text than its phase 1 (edited in between): not kept.
    C->storeComposed("k", "{\"phase\":2,\"v\":3}", {{"f", "fp3"}, {"g", ""}}, deps({{A, "int b;"}}));
  }
  auto C = open(D);
  ASSERT_TRUE(C->summary("k"));
  std::map<std::string, std::string> Now{{"f", "fp1"}};
  auto FP = [&](llvm::StringRef N) {
    auto It = Now.find(N.str());
    return It == Now.end() ? std::string() : It->second;
  };
  EXPECT_EQ(C->composed("k", FP).value_or(""), "{\"phase\":2,\"v\":1}");
  Now["f"] = "fp2";
  EXPECT_EQ(C->composed("k", FP).value_or(""), "{\"phase\":2,\"v\":2}");
  // An effect the analysis found absent is now imported: not the same answers.
  Now["g"] = "fp3";
  EXPECT_FALSE(C->composed("k", FP));
  Now["g"] = "";
  Now["f"] = "fp3";
  EXPECT_FALSE(C->composed("k", FP)); // the one stored from other text
  // Never for a key whose phase 1 this run did not validate.
  EXPECT_FALSE(C->composed("other", FP));
}

TEST(ResultCache, DamagedEntriesAreReportedAndNotUsed) {
  TempDir D;
  std::string A = D.file("a.c", "int a;");
  auto EntryPath = [&](const std::string &Key) {
    llvm::SmallString<128> P(D.Path);
    llvm::sys::path::append(P, "cache", Key.substr(0, 2), Key.substr(2) + ".json");
    return std::string(P);
  };
  for (std::string Damage : {"truncated", "not an entry", "no deps", "moved"}) {
    std::string Key = "ab" + std::to_string(Damage.size());
    open(D)->storeSummary(Key, A, "{}", deps({{A, "int a;"}}));
    std::string P = EntryPath(Key);
    if (Damage == "truncated") {
      std::string Text;
      if (auto B = llvm::MemoryBuffer::getFile(P))
        Text = (*B)->getBuffer().substr(0, 10).str();
      D.file(llvm::StringRef(P).drop_front(D.Path.size() + 1), Text);
    } else if (Damage == "not an entry") {
      D.file(llvm::StringRef(P).drop_front(D.Path.size() + 1), "{\"format\":\"something\"}");
    } else if (Damage == "no deps") {
      open(D)->storeSummary(Key, A, "{}", {});
    } else {
      // Stored under one key, found under another (a copied file).
      std::string Other = "cd" + std::to_string(Damage.size());
      open(D)->storeSummary(Other, A, "{}", deps({{A, "int a;"}}));
      llvm::sys::fs::rename(EntryPath(Other), P);
    }
    auto C = open(D);
    EXPECT_FALSE(C->summary(Key)) << Damage;
    EXPECT_EQ(C->counts().Corrupt, 1u) << Damage;
    auto W = C->takeWarnings();
    ASSERT_EQ(W.size(), 1u) << Damage;
    EXPECT_NE(W[0].find(P), std::string::npos) << W[0];
  }
}
