#include "bodyfacts/HandOff.h"

using namespace clang;
using namespace rcuctx;

bool HandOffs::returnsOwnerOf(const std::string &K) const {
  QualType T = FD->getReturnType();
  if (!T->isPointerType())
    return false;
  std::string Owner = typeName(T->getPointeeType(), FX.astContext()) + "::";
  return K.compare(0, Owner.size(), Owner) == 0;
}

bool HandOffs::declaredHandOff(const std::string &K) const {
  if (!Declared)
    Declared = declaredContexts(FD, FX);
  for (const DeclaredContext &D : *Declared)
    if (D.K != DeclaredContext::Requires && D.What.Key == K)
      return true;
  return false;
}
