#include "lattice/LockNesting.h"

#include <cctype>

namespace rcuctx {

LockNesting LockNesting::join(const LockNesting &O) const {
  if (*this == O)
    return *this;
  LockNesting R;
  for (auto &KV : ClassOf) {
    auto It = O.ClassOf.find(KV.first);
    R.ClassOf[KV.first] = It != O.ClassOf.end() && It->second == KV.second ? KV.second : "";
  }
  for (auto &KV : O.ClassOf)
    if (!ClassOf.count(KV.first))
      R.ClassOf[KV.first] = "";
  for (auto &KV : Nested) {
    auto It = O.Nested.find(KV.first);
    if (It != O.Nested.end() && It->second == KV.second)
      R.Nested.insert(KV);
  }
  return R;
}

bool LockNesting::leq(const LockNesting &O) const {
  for (auto &KV : O.Nested) {
    auto It = Nested.find(KV.first);
    if (It == Nested.end() || !(It->second == KV.second))
      return false;
  }
  auto Above = [&](const std::string &K) {
    std::string Theirs = O.classOf(K);
    return Theirs.empty() || Theirs == classOf(K);
  };
  for (auto &KV : ClassOf)
    if (!Above(KV.first))
      return false;
  for (auto &KV : O.ClassOf)
    if (!Above(KV.first))
      return false;
  return true;
}

void LockNesting::forgetKey(const std::string &K) {
  ClassOf.erase(K);
  for (auto It = Nested.begin(); It != Nested.end();)
    It = It->second.Base == K ? Nested.erase(It) : std::next(It);
}

std::string subclassName(const std::string &Class, int Subclass) {
  return Subclass > 0 ? Class + "/" + std::to_string(Subclass) : Class;
}

std::string baseClassOf(const std::string &Class, int *Subclass) {
  size_t Slash = Class.rfind('/');
  bool Digits = Slash != std::string::npos && Slash + 1 < Class.size();
  for (size_t I = Slash + 1; Digits && I < Class.size(); ++I)
    Digits = std::isdigit((unsigned char)Class[I]);
  if (Digits && Class.size() - Slash - 1 > 2)
    Digits = false; // lockdep has 8 subclasses: not one
  if (Subclass)
    *Subclass = Digits ? std::stoi(Class.substr(Slash + 1)) : 0;
  return Digits ? Class.substr(0, Slash) : Class;
}

} // namespace rcuctx
