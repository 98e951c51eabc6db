#include "report/SarifWriter.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/Path.h"

#include <map>

using namespace clang;
using namespace rcuctx;
namespace json = llvm::json;

namespace {

const std::vector<std::pair<CheckId, const char *>> &checkDescriptions() {
  static const std::vector<std::pair<CheckId, const char *>> D = {
      {CheckId::RcuSection, "An RCU-protected pointer is read outside the read-side section (or SRCU domain) that protects it."},
      {CheckId::LockdepCondition, "A lockdep-checked accessor's condition (lockdep_is_held) does not hold here."},
      {CheckId::LockHeld, "A lockdep assertion or a callee requires a lock (or context) that is not held here."},
      {CheckId::SleepInAtomic, "A call that may sleep is made inside an RCU read-side section, under a spinning lock, or with preemption or interrupts disabled."},
      {CheckId::Unbalanced, "A lock or section is released when not held, taken twice, or held on some returns only."},
      {CheckId::StalePointer, "A pointer read under RCU is dereferenced after its read-side section ended."},
      {CheckId::LockOrder, "Two lock classes are acquired in opposite orders on two paths: a possible deadlock (lockdep's circular locking dependency)."},
      {CheckId::BlockingState, "A call that may block after set_current_state() set a sleeping task state, before schedule() or __set_current_state(TASK_RUNNING): lockdep's \"do not call blocking ops when !TASK_RUNNING\"."},
      {CheckId::IrqSafety, "A lock class taken in interrupt context and elsewhere with interrupts enabled, or ordered before such a lock (lockdep's inconsistent lock state and HARDIRQ-safe -> HARDIRQ-unsafe order)."},
      {CheckId::GracePeriod, "A grace-period wait (synchronize_srcu) that can never end: inside a reader of its own domain, or under a lock one of its readers takes."},
      {CheckId::Annotation, "An rcuctx annotation comment is malformed or names an unknown context."},
  };
  return D;
}

std::string uriEscape(llvm::StringRef S) {
  std::string Out;
  for (unsigned char C : S) {
    if (isalnum(C) || C == '/' || C == '-' || C == '_' || C == '.' || C == '~')
      Out += C;
    else {
      char Buf[4];
      snprintf(Buf, sizeof Buf, "%%%02X", C);
      Out += Buf;
    }
  }
  return Out;
}

struct Builder {
  const SourceManager &SM;
  const SarifOptions &Opts;

  json::Value physical(SourceLocation L) {
    PresumedLoc P = SM.getPresumedLoc(SM.getExpansionLoc(L));
    llvm::SmallString<256> Path(P.getFilename());
    llvm::sys::fs::make_absolute(Path);
    llvm::sys::path::remove_dots(Path, true);
    json::Object Art;
    llvm::StringRef Rel = Path;
    if (!Opts.SourceRoot.empty() && Rel.consume_front(Opts.SourceRoot) &&
        (Rel.consume_front("/") || Opts.SourceRoot.back() == '/')) {
      Art["uri"] = uriEscape(Rel);
      Art["uriBaseId"] = "%SRCROOT%";
    } else {
      Art["uri"] = "file://" + uriEscape(Path);
    }
    return json::Object{{"artifactLocation", std::move(Art)},
                        {"region", json::Object{{"startLine", P.getLine()},
                                                {"startColumn", P.getColumn()}}}};
  }

  json::Value location(SourceLocation L, const std::string &Msg, int Id = -1) {
    json::Object O;
    if (Id >= 0)
      O["id"] = Id;
    if (L.isValid())
      O["physicalLocation"] = physical(L);
    O["message"] = json::Object{{"text", Msg}};
    return O;
  }
};

} // namespace

std::string rcuctx::writeSarif(const std::vector<Finding> &Findings, const SourceManager &SM,
                               const SarifOptions &Opts) {
  Builder B{SM, Opts};
  json::Array Rules;
  std::map<std::string, unsigned> RuleIndex;
  for (auto &[Id, Text] : checkDescriptions()) {
    RuleIndex[checkName(Id)] = Rules.size();
    Rules.push_back(json::Object{{"id", checkName(Id)},
                                 {"shortDescription", json::Object{{"text", Text}}},
                                 {"defaultConfiguration", json::Object{{"level", "warning"}}}});
  }
  json::Array Results;
  for (const Finding &F : Findings) {
    json::Object R;
    std::string Check = checkName(F.Check);
    R["ruleId"] = Check;
    if (RuleIndex.count(Check))
      R["ruleIndex"] = RuleIndex[Check];
    R["level"] = "warning";
    R["message"] = json::Object{{"text", F.Message}};
    json::Array Locs;
    if (F.Loc.isValid())
      Locs.push_back(json::Object{{"physicalLocation", B.physical(F.Loc)}});
    R["locations"] = std::move(Locs);
    if (!F.Notes.empty()) {
      json::Array Related, Flow;
      Flow.push_back(json::Object{{"location", B.location(F.Loc, F.Message)}});
      for (size_t I = 0; I < F.Notes.size(); ++I) {
        Related.push_back(B.location(F.Notes[I].Loc, F.Notes[I].Text, I + 1));
        Flow.push_back(json::Object{{"location", B.location(F.Notes[I].Loc, F.Notes[I].Text)}});
      }
      R["relatedLocations"] = std::move(Related);
      R["codeFlows"] = json::Array{json::Object{
          {"threadFlows", json::Array{json::Object{{"locations", std::move(Flow)}}}}}};
    }
    Results.push_back(std::move(R));
  }
  json::Object Run{
      {"tool", json::Object{{"driver", json::Object{{"name", "rcuctx"},
                                                    {"version", Opts.ToolVersion},
                                                    {"rules", std::move(Rules)}}}}},
      {"columnKind", "unicodeCodePoints"},
      {"results", std::move(Results)}};
  if (!Opts.SourceRoot.empty()) {
    std::string Root = Opts.SourceRoot;
    if (Root.back() != '/')
      Root += '/';
    Run["originalUriBaseIds"] =
        json::Object{{"%SRCROOT%", json::Object{{"uri", "file://" + uriEscape(Root)}}}};
  }
  json::Object Log{{"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
                   {"version", "2.1.0"},
                   {"runs", json::Array{std::move(Run)}}};
  std::string Out;
  llvm::raw_string_ostream OS(Out);
  OS << llvm::formatv("{0:2}", json::Value(std::move(Log)));
  return Out;
}
