// The cache behind `rcuctx -p BUILD --cache DIR` (incremental runs, issue
// #16). One entry per file of the compilation database holds the file's
// summary (phase 1) and its analyses with effects imported from other files
// (phase 2), each with what decided it. An entry is trusted only if all of
// that is unchanged:
//   - this rcuctx (version and the executable's own content);
//   - the key: the analysis (rules by content, options), the file and its
//     command;
//   - the content of every file its parse read: the main file, each header,
//     the forced includes (hashed from the buffers the parse used);
//   - for a phase-2 result, every imported effect the analysis looked up
//     (TuAnalysis::importsLookedUp), present or absent, by fingerprint.
// An entry that does not parse, lacks a field, or whose summary does not
// match its own hash is corrupt: reported by name and rebuilt, never used.
// Entries are written to a temporary file and renamed into place, so an
// interrupted run leaves no half-written entry under an entry's name.
//
// This file owns the entries on disk and their validation; it does not run
// the compiler or the analysis (checker/tool/RcuctxTool.cpp does).
#pragma once

#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace rcuctx {

/// A file a parse read, by absolute path, and the hash of what it read.
struct Dependency {
  std::string Path, Hash;
};

/// What a run did with the cache (printed by the tool).
struct CacheCounts {
  unsigned Reused = 0;       // phase 1 taken from the cache
  unsigned Changed = 0;      // an entry whose files changed: analysed again
  unsigned New = 0;          // no entry yet
  unsigned Corrupt = 0;      // an entry that could not be trusted
  unsigned OtherVersion = 0; // written by another rcuctx: analysed again
  unsigned ComposedReused = 0, ComposedNew = 0; // phase 2
};

class ResultCache {
public:
  /// Opens the cache folder DIR, creating it. Self identifies this rcuctx
  /// (its version and a hash of its executable): entries of another one are
  /// not used.
  static llvm::Expected<std::unique_ptr<ResultCache>> open(llvm::StringRef Dir, std::string Self);

  /// The key of one file's entry: the analysis signature, the file, and
  /// each command the database gives for it (folder, arguments). Which
  /// rcuctx wrote it is checked inside the entry, so a new build overwrites
  /// its old entries instead of piling new ones beside them.
  std::string key(llvm::StringRef Analysis, llvm::StringRef File,
                  const std::vector<std::pair<std::string, std::vector<std::string>>> &Commands) const;

  /// Phase 1: the summary stored under Key, if its entry is sound and every
  /// file it depends on has the content it had.
  std::optional<std::string> summary(const std::string &Key);
  void storeSummary(const std::string &Key, llvm::StringRef File, const std::string &Summary,
                    std::vector<Dependency> Deps);

  /// Phase 2: a result stored under Key whose imported effects all have
  /// the fingerprint Fingerprint gives now ("" for an effect not imported).
  /// Key's phase 1 must have been looked up or stored in this run.
  std::optional<std::string>
  composed(const std::string &Key, llvm::function_ref<std::string(llvm::StringRef)> Fingerprint);
  /// Deps: the files that analysis read. Kept only if they are the ones its
  /// phase 1 read (a file edited between the two would otherwise attach a
  /// result of the new text to the entry of the old).
  void storeComposed(const std::string &Key, const std::string &Summary,
                     std::vector<std::pair<std::string, std::string>> Imports,
                     const std::vector<Dependency> &Deps);

  CacheCounts counts() const;
  /// Corrupt entries and entries that could not be written, one line each.
  std::vector<std::string> takeWarnings();

  /// The hash the cache keeps for a file's content.
  static std::string hashContent(llvm::StringRef Data);

private:
  ResultCache(std::string Dir, std::string Self) : Dir(std::move(Dir)), Self(std::move(Self)) {}

  struct Composed {
    std::vector<std::pair<std::string, std::string>> Imports;
    std::string Summary;
  };
  struct Entry {
    std::string File;
    std::vector<Dependency> Deps;
    std::string Summary;
    std::vector<Composed> Variants;
  };

  std::string pathOf(const std::string &Key) const;
  /// Reads and validates the entry file of Key (not its dependencies).
  std::optional<Entry> read(const std::string &Key);
  /// The current hash of a file on disk ("" if it cannot be read), once per run.
  std::string currentHash(const std::string &Path);
  void write(const std::string &Key, const Entry &E);

  std::string Dir, Self;
  mutable std::mutex Mu;
  std::map<std::string, Entry> Live; // entries valid in this run, by key
  std::map<std::string, std::string> Hashes;
  CacheCounts Counts;
  std::vector<std::string> Warnings;
};

} // namespace rcuctx
