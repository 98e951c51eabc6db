// Reading a summary file back, validating every field: the first problem is
// reported with the file and the JSON path of the element it is in.
//
// Owns readSummary() and readSummaryFile(): the file's format and version,
// the staleness check and its top level (functions, entries, findings,
// lock-order edges, class splits, slots, the command). Every element is read
// through Reader (SummaryFieldReader.h); this file must not read a field
// itself, nor write summaries (SummaryWriter.cpp).
#include "link/SummaryFile.h"
#include "link/SummaryFieldReader.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/xxhash.h"

#include <map>

using namespace clang;
using namespace rcuctx;
namespace json = llvm::json;

using rcuctx::summaryreader::Reader;

llvm::Expected<TuRecord> rcuctx::readSummary(llvm::StringRef Path, llvm::StringRef Text,
                                             SourceManager &SM, bool CheckStale) {
  auto Err = [&](const std::string &Msg) {
    return llvm::createStringError(std::errc::invalid_argument, "%s: %s", Path.str().c_str(),
                                   Msg.c_str());
  };
  auto Parsed = json::parse(Text);
  if (!Parsed)
    return Err("not a summary file: " + llvm::toString(Parsed.takeError()));
  const json::Object *Top = Parsed->getAsObject();
  if (!Top || Top->getString("format") != std::optional<llvm::StringRef>("rcuctx-summary"))
    return Err("not an rcuctx summary file (no \"format\": \"rcuctx-summary\")");
  auto Version = Top->getInteger("version");
  if (!Version)
    return Err("summary has no format version");
  if (*Version != SummaryFormatVersion)
    return Err("summary format version " + std::to_string(*Version) + ", this rcuctx reads version " +
               std::to_string(SummaryFormatVersion) + ": rebuild the summaries");

  Reader R(SM);
  TuRecord Rec;
  Rec.Path = R.str(*Top, "tu", "");
  Rec.Hash = R.str(*Top, "tu_hash", "");
  R.Files = R.strings(Top->get("files"), "files");
  if (!R.ok())
    return Err(R.Error);
  if (CheckStale) {
    auto Buf = llvm::MemoryBuffer::getFile(Rec.Path);
    if (Buf && contentHash((*Buf)->getBuffer()) != Rec.Hash)
      return Err("stale summary: '" + Rec.Path +
                 "' has changed since this summary was written; rebuild it");
  }
  R.MaxLine.assign(R.Files.size(), 1);
  R.MaxCol.assign(R.Files.size(), 1);
  R.scanLocs(*Parsed);

  if (const json::Array *Fns = R.array(Top->get("functions"), "functions"))
    for (size_t I = 0; I < Fns->size() && R.ok(); ++I) {
      std::string W = "functions[" + std::to_string(I) + "]";
      const json::Object *F = R.object(&(*Fns)[I], W);
      if (!F)
        break;
      LinkFunction LF;
      LF.Name = R.str(*F, "name", W);
      LF.Static = R.boolean(*F, "static", W);
      LF.Weak = R.boolean(*F, "weak", W);
      LF.Loc = R.loc(F->get("loc"), W + ".loc");
      LF.AnnotateAt = R.loc(F->get("annotate_at"), W + ".annotate_at");
      R.tuples(*F, "params", W, 2, "expected [name, type]",
               [&](const json::Array &P, const std::string &PW) {
                 auto Name = P[0].getAsString(), Type = P[1].getAsString();
                 if (!Name || !Type)
                   R.fail(PW, "expected [name, type]");
                 else
                   LF.Params.push_back({Name->str(), Type->str()});
               });
      LF.S = R.summary(F->get("summary"), W + ".summary", LF.Name);
      LF.Detail = R.detail(F->get("detail"), W + ".detail", 1u << LF.S.TrackedParams.size());
      Rec.Functions.push_back(std::move(LF));
    }
  if (const json::Array *Es = R.array(Top->get("entries"), "entries"))
    for (size_t I = 0; I < Es->size() && R.ok(); ++I) {
      std::string W = "entries[" + std::to_string(I) + "]";
      const json::Object *E = R.object(&(*Es)[I], W);
      if (!E)
        break;
      LinkEntry LE;
      LE.Fn = R.str(*E, "fn", W);
      LE.Static = R.boolean(*E, "static", W);
      LE.Context = R.str(*E, "context", W);
      LE.What = R.str(*E, "what", W);
      LE.Loc = R.loc(E->get("loc"), W + ".loc");
      if (const json::Array *H = R.array(E->get("holds"), W + ".holds"))
        for (const json::Value &X : *H)
          if (auto S = X.getAsString())
            LE.Holds.push_back(S->str());
      Rec.Entries.push_back(std::move(LE));
    }
  if (const json::Array *Fs = R.array(Top->get("findings"), "findings"))
    for (size_t I = 0; I < Fs->size() && R.ok(); ++I)
      Rec.Findings.push_back(R.finding(&(*Fs)[I], "findings[" + std::to_string(I) + "]"));
  if (Top->get("order_edges"))
    if (const json::Array *Es = R.array(Top->get("order_edges"), "order_edges"))
      for (size_t I = 0; I < Es->size() && R.ok(); ++I)
        Rec.Edges.push_back(R.edge(&(*Es)[I], "order_edges[" + std::to_string(I) + "]"));
  if (Top->get("class_splits"))
    if (const json::Array *Ss = R.array(Top->get("class_splits"), "class_splits"))
      for (size_t I = 0; I < Ss->size() && R.ok(); ++I) {
        std::string W = "class_splits[" + std::to_string(I) + "]";
        if (const json::Object *J = R.object(&(*Ss)[I], W))
          Rec.Splits.push_back({R.str(*J, "class", W), R.loc(J->get("loc"), W + ".loc"),
                                R.str(*J, "note", W)});
      }
  if (const json::Value *SV = Top->get("slots"))
    if (const json::Object *Ss = R.object(SV, "slots"))
      for (auto &KV : *Ss) {
        std::string W = "slots." + KV.first.str();
        const json::Object *S = R.object(&KV.second, W);
        if (!S)
          break;
        SlotSources Src;
        auto Names = [&](llvm::StringRef K, std::set<std::string> &Out) {
          for (std::string &N : R.strings(S->get(K), W + "." + K.str()))
            Out.insert(std::move(N));
        };
        Names("fns", Src.Fns);
        Names("slots", Src.Slots);
        Src.Unknown = R.boolean(*S, "unknown", W);
        Rec.Slots.add(KV.first.str(), Src);
      }
  if (const json::Value *CV = Top->get("command"))
    if (const json::Object *C = R.object(CV, "command")) {
      Rec.Directory = R.str(*C, "directory", "command");
      Rec.Command = R.strings(C->get("arguments"), "command.arguments");
      if (C->get("analysis")) // (absent: not analysed again, linked as written)
        Rec.Analysis = R.str(*C, "analysis", "command");
    }
  if (!R.ok())
    return Err("corrupt summary: " + R.Error);
  return Rec;
}

llvm::Expected<TuRecord> rcuctx::readSummaryFile(llvm::StringRef Path, SourceManager &SM,
                                                 bool CheckStale) {
  auto Buf = llvm::MemoryBuffer::getFile(Path);
  if (!Buf)
    return llvm::createStringError(Buf.getError(), "%s: cannot read summary: %s",
                                   Path.str().c_str(), Buf.getError().message().c_str());
  return readSummary(Path, (*Buf)->getBuffer(), SM, CheckStale);
}
