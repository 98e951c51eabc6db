#include "facts/MacroIndex.h"

#include "clang/AST/Expr.h"
#include "clang/AST/Stmt.h"
#include "clang/Lex/MacroArgs.h"
#include "clang/Lex/Preprocessor.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/StringSet.h"

#include <algorithm>

using namespace clang;
using namespace rcuctx;

namespace {
class Recorder : public PPCallbacks {
public:
  Recorder(MacroIndex &Index, const Preprocessor &PP, const std::vector<std::string> &Wanted)
      : Index(Index), PP(PP) {
    for (const std::string &N : Wanted)
      Names.insert(N);
  }

  // A macro is expanded only after its #define (the predefines buffer's
  // too, which the preprocessor enters after this callback is installed):
  // its identifier joins the set there, once per definition, and each of the
  // TU's millions of expansions is tested by the identifier's address in a
  // set small enough to stay in cache. (Looking the names up in the
  // identifier table up front would enter identifiers into it before the
  // compiler's builtins are: the plugin does not touch the compiler's
  // tables.)
  void MacroDefined(const Token &NameTok, const MacroDirective *) override {
    if (const IdentifierInfo *II = NameTok.getIdentifierInfo(); II && Names.contains(II->getName()))
      Wanted.insert(II);
  }

  void MacroExpands(const Token &NameTok, const MacroDefinition &Def, SourceRange,
                    const MacroArgs *Args) override {
    const IdentifierInfo *II = NameTok.getIdentifierInfo();
    if (!II)
      return;
    if (!Wanted.contains(II)) {
      // Defined in a precompiled header or module: no #define was seen.
      const MacroDirective *MD = Def.getLocalDirective();
      bool Imported = (MD && MD->isFromPCH()) || !Def.getModuleMacros().empty();
      if (!Imported || !Names.contains(II->getName()))
        return;
      Wanted.insert(II);
    }
    MacroInvocation Inv;
    Inv.Name = II->getName().str();
    Inv.NameLoc = NameTok.getLocation();
    if (Args) {
      for (unsigned I = 0, N = Args->getNumMacroArguments(); I < N; ++I) {
        // Split at top-level commas, so a variadic tail gives one entry per
        // argument as the call is written.
        const Token *T = Args->getUnexpArgument(I);
        Inv.ArgValues.push_back(Args->getArgLength(T) == 1 ? valueOf(*T) : std::nullopt);
        const IdentifierInfo *AI = Args->getArgLength(T) == 1 ? T->getIdentifierInfo() : nullptr;
        Inv.ArgIdents.push_back(AI && !PP.getMacroInfo(AI) ? AI->getName().str() : "");
        int Depth = 0;
        SourceLocation First, Last;
        for (; T->isNot(tok::eof); ++T) {
          if (T->is(tok::comma) && Depth == 0) {
            Inv.Args.push_back({First, Last});
            First = Last = SourceLocation();
            continue;
          }
          if (T->isOneOf(tok::l_paren, tok::l_square, tok::l_brace))
            ++Depth;
          else if (T->isOneOf(tok::r_paren, tok::r_square, tok::r_brace))
            --Depth;
          SourceLocation L = T->getLocation();
          if (First.isInvalid())
            First = L;
          Last = L;
        }
        Inv.Args.push_back({First, Last});
      }
    }
    Inv.ArgValues.resize(Inv.Args.size()); // a variadic tail's are not read
    Inv.ArgIdents.resize(Inv.Args.size());
    Index.add(std::move(Inv));
  }

private:
  /// An integer literal, or an object-like macro defined as one.
  std::optional<int64_t> valueOf(const Token &T) const {
    const Token *Lit = &T;
    if (const IdentifierInfo *II = T.getIdentifierInfo()) {
      const MacroInfo *MI = PP.getMacroInfo(II);
      if (!MI || !MI->isObjectLike() || MI->getNumTokens() != 1)
        return std::nullopt;
      Lit = &MI->getReplacementToken(0);
    }
    if (Lit->isNot(tok::numeric_constant))
      return std::nullopt;
    llvm::APInt V;
    StringRef Digits = StringRef(PP.getSpelling(*Lit)).rtrim("uUlL"); // `1U`
    if (Digits.getAsInteger(0, V) || V.getActiveBits() > 62)
      return std::nullopt;
    return int64_t(V.getZExtValue());
  }

  MacroIndex &Index;
  const Preprocessor &PP;
  /// The names of the macros to record, and the identifiers of those
  /// defined so far.
  llvm::StringSet<> Names;
  llvm::DenseSet<const IdentifierInfo *> Wanted;
};
} // namespace

std::unique_ptr<PPCallbacks> MacroIndex::makeRecorder(const Preprocessor &PP,
                                                      const std::vector<std::string> &Wanted) {
  return std::make_unique<Recorder>(*this, PP, Wanted);
}

bool MacroIndex::anyWithin(SourceRange R) const {
  if (!Written) {
    Written.emplace();
    // A file included inside a body (KVM's `#include <asm/kvm-x86-ops.h>`
    // between the definitions of an X-macro) counts as written at its
    // #include: each file's chain of includes is added once.
    llvm::DenseSet<unsigned> Chained;
    for (const MacroInvocation &Inv : Invocations) {
      std::pair<FileID, unsigned> D = SM.getDecomposedExpansionLoc(Inv.NameLoc);
      Written->push_back({D.first.getHashValue(), D.second});
      for (FileID F = D.first; F.isValid() && Chained.insert(F.getHashValue()).second;) {
        SourceLocation Inc = SM.getIncludeLoc(F);
        if (Inc.isInvalid())
          break;
        std::pair<FileID, unsigned> I = SM.getDecomposedExpansionLoc(Inc);
        Written->push_back({I.first.getHashValue(), I.second});
        F = I.first;
      }
    }
    std::sort(Written->begin(), Written->end());
  }
  CharSourceRange In = SM.getExpansionRange(R);
  std::pair<FileID, unsigned> B = SM.getDecomposedLoc(In.getBegin()),
                              E = SM.getDecomposedLoc(In.getEnd());
  if (B.first != E.first || B.first.isInvalid())
    return true; // not within one file: not told apart
  auto It = std::lower_bound(Written->begin(), Written->end(),
                             std::make_pair(B.first.getHashValue(), B.second));
  return It != Written->end() && It->first == (unsigned)E.first.getHashValue() && It->second <= E.second;
}

void MacroIndex::add(MacroInvocation Inv) {
  Written.reset();
  ByLoc[Inv.NameLoc.getRawEncoding()] = Invocations.size();
  Invocations.push_back(std::move(Inv));
}

/// One step outwards from a macro location: through a macro argument to
/// where the argument was written (it is the caller's code, not the
/// macro's), through a macro body to its invocation (the invocation's
/// start, or with End its end). Sets InBody for a step out of a body. One
/// SLocEntry lookup: the SourceManager's helpers (isMacroArgExpansion,
/// getImmediateSpellingLoc, getImmediateExpansionRange) would make three,
/// and every statement of a body asks, through the kernel's deep stacks.
static SourceLocation stepOut(SourceLocation Loc, bool End, const SourceManager &SM, bool &InBody) {
  auto [FID, Offset] = SM.getDecomposedLoc(Loc);
  const SrcMgr::ExpansionInfo &X = SM.getSLocEntry(FID).getExpansion();
  InBody = !X.isMacroArgExpansion();
  if (!InBody)
    return X.getSpellingLoc().getLocWithOffset(Offset);
  return End ? X.getExpansionLocEnd() : X.getExpansionLocStart();
}

const MacroInvocation *MacroIndex::owner(SourceLocation Loc) const {
  const MacroInvocation *Outermost = nullptr;
  // Walk outwards through the expansion stack, recording each macro whose
  // body a step leaves. (Keeping each step's answer in a map cost more than
  // the walks it saved: perf, seven large kernel objects.)
  for (unsigned Guard = 0; Loc.isMacroID() && Guard < 256; ++Guard) {
    bool InBody = false;
    Loc = stepOut(Loc, /*End=*/false, SM, InBody);
    if (!InBody)
      continue;
    auto It = ByLoc.find(Loc.getRawEncoding());
    if (It != ByLoc.end())
      Outermost = &Invocations[It->second];
  }
  return Outermost;
}

/// Whether Target is on the way from Loc out to the code the user wrote
/// (stepOut()). `End` follows the end of expansions instead of the
/// beginning, for an expression's last token.
static bool onExpansionPath(SourceLocation Loc, SourceLocation Target, bool End,
                            const SourceManager &SM) {
  for (unsigned Guard = 0; Guard < 256; ++Guard) {
    if (Loc == Target)
      return true;
    if (!Loc.isMacroID())
      return false;
    bool InBody = false;
    Loc = stepOut(Loc, End, SM, InBody);
  }
  return false;
}

static const Expr *findSpelled(const Stmt *S, SourceLocation First, SourceLocation Last,
                               const SourceManager &SM) {
  if (!S)
    return nullptr;
  if (const auto *E = dyn_cast<Expr>(S)) {
    if (onExpansionPath(E->getBeginLoc(), First, false, SM) &&
        onExpansionPath(E->getEndLoc(), Last, true, SM))
      return E;
  }
  for (const Stmt *C : S->children())
    if (const Expr *R = findSpelled(C, First, Last, SM))
      return R;
  return nullptr;
}

const Expr *MacroIndex::argument(const MacroInvocation &Inv, unsigned I,
                                 const Stmt *Root) const {
  if (I >= Inv.Args.size() || Inv.Args[I].first.isInvalid())
    return nullptr;
  return findSpelled(Root, Inv.Args[I].first, Inv.Args[I].second, SM);
}
