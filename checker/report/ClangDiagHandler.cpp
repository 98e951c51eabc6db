#include "report/ClangDiagHandler.h"

#include "llvm/ADT/StringRef.h"

using namespace clang;
using namespace rcuctx;

ClangDiagHandler::ClangDiagHandler(DiagnosticsEngine &Diags, const SourceManager &SM,
                                   bool AsErrors, std::set<std::string> Disabled)
    : Diags(Diags), SM(SM), Disabled(std::move(Disabled)) {
  WarnId = Diags.getCustomDiagID(AsErrors ? DiagnosticsEngine::Error : DiagnosticsEngine::Warning,
                                 "%0 [%1]");
  NoteId = Diags.getCustomDiagID(DiagnosticsEngine::Note, "%0");
}

static bool namesCheck(llvm::StringRef List, llvm::StringRef Check) {
  llvm::SmallVector<llvm::StringRef, 4> Parts;
  List.split(Parts, ',');
  for (llvm::StringRef P : Parts) {
    P = P.trim();
    if (P == Check || P == "*" || P == "rcuctx-*")
      return true;
  }
  return false;
}

static bool lineSuppresses(llvm::StringRef Line, llvm::StringRef Marker, llvm::StringRef Check) {
  size_t P = Line.find(Marker);
  while (P != llvm::StringRef::npos) {
    llvm::StringRef Rest = Line.drop_front(P + Marker.size());
    // NOLINT must not be the prefix of NOLINTNEXTLINE when we look for NOLINT.
    if (!(Marker == "NOLINT" && Rest.starts_with("NEXTLINE"))) {
      if (!Rest.starts_with("("))
        return true;
      size_t Close = Rest.find(')');
      if (Close != llvm::StringRef::npos && namesCheck(Rest.slice(1, Close), Check))
        return true;
    }
    P = Line.find(Marker, P + 1);
  }
  return false;
}

bool rcuctx::suppressedByComment(const SourceManager &SM, SourceLocation Loc,
                                 const std::string &Check) {
  SourceLocation FL = SM.getFileLoc(Loc);
  if (FL.isInvalid())
    return false;
  FileID FID = SM.getFileID(FL);
  bool Invalid = false;
  llvm::StringRef Buf = SM.getBufferData(FID, &Invalid);
  if (Invalid)
    return false;
  unsigned Off = SM.getFileOffset(FL);
  size_t Begin = Buf.rfind('\n', Off);
  Begin = Begin == llvm::StringRef::npos ? 0 : Begin + 1;
  size_t End = Buf.find('\n', Off);
  llvm::StringRef Line = Buf.slice(Begin, End);
  if (lineSuppresses(Line, "NOLINT", Check))
    return true;
  if (Begin > 0) {
    size_t PrevBegin = Buf.rfind('\n', Begin - 2);
    PrevBegin = PrevBegin == llvm::StringRef::npos ? 0 : PrevBegin + 1;
    if (lineSuppresses(Buf.slice(PrevBegin, Begin - 1), "NOLINTNEXTLINE", Check))
      return true;
  }
  return false;
}

void ClangDiagHandler::handle(const Finding &F) {
  std::string Check = checkName(F.Check);
  if (Disabled.count(Check))
    return;
  if (F.Loc.isValid() && SM.isInSystemHeader(SM.getExpansionLoc(F.Loc)))
    return;
  if (suppressedByComment(SM, F.Loc, Check))
    return;
  Diags.Report(F.Loc, WarnId) << F.Message << Check;
  for (const Note &N : F.Notes)
    Diags.Report(N.Loc, NoteId) << N.Text;
  ++Reported;
}
