// The validating reader of a summary file's JSON (class Reader): each
// element it reads is checked for its type and range, and the first
// problem is kept with the JSON path of the element it is in. Its fields and
// values are read in SummaryFieldReader.cpp, a function's summary and detail
// in SummaryFunctionReader.cpp; readSummary() (SummaryReader.cpp) drives it
// over a whole file.
//
// Internal to the summary reader: the public interface is SummaryFile.h.
// Holds no writing of summaries (SummaryWriter.cpp).
#pragma once

#include "link/TuRecord.h"

#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/JSON.h"

#include <cstdint>
#include <string>
#include <vector>

namespace rcuctx {
namespace summaryreader {

/// Thrown-free validation: the first problem found is kept with the path of
/// the JSON element it is in ("functions[3].summary.exits[0].state").
class Reader {
public:
  Reader(clang::SourceManager &SM) : SM(SM) {}

  std::string Error;
  std::vector<std::string> Files;
  std::vector<unsigned> MaxLine, MaxCol; // per file, for stand-ins

  bool ok() const { return Error.empty(); }
  void fail(const std::string &Where, const std::string &Msg);

  const llvm::json::Object *object(const llvm::json::Value *V, const std::string &Where);
  const llvm::json::Array *array(const llvm::json::Value *V, const std::string &Where);
  /// The optional array O[K] of fixed-size tuples ([argument, parameter],
  /// [argument, mask, values], ...): each element must be an array of N
  /// values, else the file is corrupt with Shape as the message; Put reads
  /// one tuple, with the element's path for its own range checks.
  void tuples(const llvm::json::Object &O, llvm::StringRef K, const std::string &Where, size_t N,
              const char *Shape,
              llvm::function_ref<void(const llvm::json::Array &, const std::string &)> Put);
  /// An array of strings ("files", "command.arguments", a slot's names).
  std::vector<std::string> strings(const llvm::json::Value *V, const std::string &Where);
  std::string str(const llvm::json::Object &O, llvm::StringRef K, const std::string &Where);
  /// A context or lock-class key: one naming a parameter must name one by
  /// its number ("$2", "$2/1", "srcu:$2"); anything else is a corrupt file.
  std::string key(std::string K, const std::string &Where);
  std::string keyStr(const llvm::json::Object &O, llvm::StringRef K, const std::string &Where);

  int64_t integer(const llvm::json::Value *V, const std::string &Where, int64_t Lo = INT32_MIN,
                  int64_t Hi = INT32_MAX);
  int64_t integer(const llvm::json::Object &O, llvm::StringRef K, const std::string &Where,
                  int64_t Lo = INT32_MIN, int64_t Hi = INT32_MAX);
  bool boolean(const llvm::json::Object &O, llvm::StringRef K, const std::string &Where);

  /// First pass: the largest line and column used per file, so a file no
  /// longer on disk can get a stand-in buffer its locations fit into.
  void scanLocs(const llvm::json::Value &V);

  clang::SourceLocation loc(const llvm::json::Value *V, const std::string &Where);

  ContextState state(const llvm::json::Value *V, const std::string &Where);

  Valuation valuation(const llvm::json::Value *V, const std::string &Where);

  std::vector<Note> notes(const llvm::json::Value *V, const std::string &Where);

  CheckId check(const std::string &Name, const std::string &Where);

  Obligation obligation(const llvm::json::Value *V, const std::string &Where);

  Summary summary(const llvm::json::Value *V, const std::string &Where, const std::string &Name);

  FunctionDetail detail(const llvm::json::Value *V, const std::string &Where, unsigned Partitions);

  OrderEdge edge(const llvm::json::Value *V, const std::string &Where);

  Finding finding(const llvm::json::Value *V, const std::string &Where);

  clang::FileID fileID(unsigned I);

private:
  void noteLocs(const llvm::json::Value &V);

  clang::SourceManager &SM;
  std::vector<clang::FileID> Fids;
};

} // namespace summaryreader
} // namespace rcuctx
