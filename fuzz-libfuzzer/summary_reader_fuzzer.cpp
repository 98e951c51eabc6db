// libFuzzer target for the summary-file reader (checker/link/SummaryReader.cpp).
//
// The reader's contract: a summary that is not JSON, has another version, a
// missing field, a wrong type or an out-of-range index is refused with an
// error naming the file and saying where (a JSON parse position
// "[line:col, byte=N]" or the element path "at 'functions[3]...'"), never a
// crash. Accepted input must survive a write and a second read unchanged in
// size (the writer and reader agree).
//
// Build: scripts/build-sanitized.sh summary-reader-fuzzer
// Run:   fuzz-libfuzzer/run.sh SECONDS summary
#include "link/SummaryFile.h"

#include "clang/Basic/Diagnostic.h"
#include "clang/Basic/DiagnosticOptions.h"
#include "clang/Basic/FileManager.h"
#include "clang/Basic/SourceManager.h"

#include <cstdio>
#include <cstdlib>
#include <string>

using namespace clang;
using namespace rcuctx;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  std::string Text(reinterpret_cast<const char *>(Data), Size);
  FileSystemOptions FSO;
  FileManager FM(FSO);
  DiagnosticsEngine Diags(new DiagnosticIDs(), new DiagnosticOptions());
  SourceManager SM(Diags, FM);
  auto R = readSummary("fuzz.rcuctx.json", Text, SM, /*CheckStale=*/false);
  if (!R) {
    std::string Msg = llvm::toString(R.takeError());
    bool Named = Msg.rfind("fuzz.rcuctx.json: ", 0) == 0;
    bool Placed = Msg.find(" at '") != std::string::npos || Msg.find(", byte=") != std::string::npos ||
                  Msg.find("format") != std::string::npos || Msg.find("version") != std::string::npos;
    if (!Named || !Placed) {
      std::fprintf(stderr, "summary-reader contract violated: %s\n", Msg.c_str());
      std::abort();
    }
    return 0;
  }
  // Accepted: writing it back and reading that again must succeed.
  std::string Again = writeSummary(*R, SM);
  auto R2 = readSummary("again.rcuctx.json", Again, SM, false);
  if (!R2) {
    std::fprintf(stderr, "summary-reader: re-reading what was written failed: %s\n",
                 llvm::toString(R2.takeError()).c_str());
    std::abort();
  }
  if (R2->Functions.size() != R->Functions.size() || R2->Findings.size() != R->Findings.size()) {
    std::fprintf(stderr, "summary-reader: write/read changed the record\n");
    std::abort();
  }
  return 0;
}
