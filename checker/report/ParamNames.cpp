#include "report/ParamNames.h"

using namespace clang;
using namespace rcuctx;

void rcuctx::nameParams(Finding &F, const FunctionDecl *FD, const SourceManager &SM) {
  // "'$1'" is this function's parameter 1: say its name. Only in text about
  // this function (notes from callees speak of their own parameters).
  auto Rename = [&](std::string &Text) {
    for (unsigned I = FD->getNumParams(); I-- > 0;) {
      std::string Key = "'$" + std::to_string(I) + "'";
      std::string Name = "'" + FD->getParamDecl(I)->getNameAsString() + "'";
      for (size_t P = Text.find(Key); P != std::string::npos; P = Text.find(Key, P + Name.size()))
        Text.replace(P, Key.size(), Name);
    }
  };
  SourceRange R = FD->getSourceRange();
  auto Inside = [&](SourceLocation L) {
    L = SM.getExpansionLoc(L);
    return L.isValid() && !SM.isBeforeInTranslationUnit(L, SM.getExpansionLoc(R.getBegin())) &&
           !SM.isBeforeInTranslationUnit(SM.getExpansionLoc(R.getEnd()), L);
  };
  if (Inside(F.Loc))
    Rename(F.Message);
  for (Note &N : F.Notes)
    if (Inside(N.Loc))
      Rename(N.Text);
}

