#include "lattice/LockNesting.h"

#include <algorithm>
#include <cctype>
#include <vector>

namespace rcuctx {

// Maps whose absent entry means "nothing known": a join keeps the entries
// both sides have alike, and a side is lower when it has all of the other's.
template <class M> static M commonEntries(const M &A, const M &B) {
  M R;
  for (auto &KV : A) {
    auto It = B.find(KV.first);
    if (It != B.end() && It->second == KV.second)
      R.insert(KV);
  }
  return R;
}
template <class M> static bool hasAllOf(const M &A, const M &B) {
  for (auto &KV : B) {
    auto It = A.find(KV.first);
    if (It == A.end() || !(It->second == KV.second))
      return false;
  }
  return true;
}

const std::string LockNesting::Several = "*several*";

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
  R.Nested = commonEntries(Nested, O.Nested);
  R.ObjectOf = commonEntries(ObjectOf, O.ObjectOf);
  for (auto &KV : HeldBy) {
    const std::string &Theirs = O.holderOf(KV.first);
    if (Theirs == KV.second)
      R.HeldBy[KV.first] = KV.second;
    else if (sameInstancesNestedApart(KV.first, O)) {
      R.HeldBy[KV.first] = instancesOf(KV.first);
      for (auto It = R.Nested.begin(); It != R.Nested.end();)
        It = It->second.Base == KV.first ? R.Nested.erase(It) : std::next(It);
    }
    else if (KV.second == Several || !Theirs.empty())
      R.HeldBy[KV.first] = Several;
  }
  for (auto &KV : O.HeldBy)
    if (KV.second == Several)
      R.HeldBy[KV.first] = Several;
  return R;
}

bool LockNesting::leq(const LockNesting &O) const {
  if (!hasAllOf(ObjectOf, O.ObjectOf) || !hasAllOf(Nested, O.Nested))
    return false;
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
  // Holders: known < unknown (absent) < Several; instances nested in one
  // another < the same instances held side by side (join()).
  for (auto &KV : HeldBy) {
    const std::string &Theirs = O.holderOf(KV.first);
    if (Theirs != KV.second && Theirs != Several && (!Theirs.empty() || KV.second == Several) &&
        !(KV.second != Several && Theirs == instancesOf(KV.first)))
      return false;
  }
  for (auto &KV : O.HeldBy)
    if (!HeldBy.count(KV.first) && KV.second != Several)
      return false;
  return true;
}

void LockNesting::forgetKey(const std::string &K) {
  ClassOf.erase(K);
  ObjectOf.erase(K);
  HeldBy.erase(K);
  for (auto It = Nested.begin(); It != Nested.end();)
    It = It->second.Base == K ? Nested.erase(It) : std::next(It);
}

// A holder set: instance keys (which hold no \x1f) in order, \x1f apart.
static std::vector<std::string> holderList(const std::string &Set) {
  std::vector<std::string> R;
  size_t Start = 0;
  while (Start <= Set.size() && !Set.empty()) {
    size_t End = Set.find('\x1f', Start);
    R.push_back(Set.substr(Start, End == std::string::npos ? std::string::npos : End - Start));
    if (End == std::string::npos)
      break;
    Start = End + 1;
  }
  return R;
}
static std::string holderString(const std::vector<std::string> &L) {
  std::string R;
  for (const std::string &I : L)
    R += (R.empty() ? "" : "\x1f") + I;
  return R;
}
// One holder is the common case: no list is built for it.
static bool single(const std::string &Set) { return Set.find('\x1f') == std::string::npos; }
// The second argument of these may be a set too (a wrapper's instances,
// CallTransfer::keepInstancesApart): has all of them, adds or removes each.
bool holderSetHas(const std::string &Set, const std::string &Instance) {
  if (!single(Instance)) {
    for (const std::string &I : holderList(Instance))
      if (!holderSetHas(Set, I))
        return false;
    return true;
  }
  if (single(Set))
    return !Set.empty() && Set == Instance;
  std::vector<std::string> L = holderList(Set);
  return std::find(L.begin(), L.end(), Instance) != L.end();
}
std::string holderSetAdd(const std::string &Set, const std::string &Instance) {
  if (Set.empty() || Set == Instance)
    return Instance;
  std::vector<std::string> L = holderList(Set);
  for (const std::string &I : holderList(Instance)) {
    auto It = std::lower_bound(L.begin(), L.end(), I);
    if (It == L.end() || *It != I)
      L.insert(It, I);
  }
  return holderString(L);
}
std::string holderSetRemove(const std::string &Set, const std::string &Instance) {
  if (single(Set) && single(Instance))
    return Set == Instance ? std::string() : Set;
  std::vector<std::string> L = holderList(Set);
  for (const std::string &I : holderList(Instance))
    L.erase(std::remove(L.begin(), L.end(), I), L.end());
  return holderString(L);
}
std::vector<std::string> holderSetList(const std::string &Set) { return holderList(Set); }

static bool isIdentifier(const std::string &S) {
  if (S.empty() || std::isdigit((unsigned char)S[0]))
    return false;
  for (char C : S)
    if (!std::isalnum((unsigned char)C) && C != '_')
      return false;
  return true;
}

int objectParam(const std::string &Object) {
  size_t Dot = Object.find('.');
  if (Object.size() < 3 || Object[0] != '$' || Dot == std::string::npos || Dot < 2 || Dot > 3)
    return -1;
  int N = 0;
  for (size_t I = 1; I < Dot; ++I) {
    if (!std::isdigit((unsigned char)Object[I]))
      return -1;
    N = N * 10 + (Object[I] - '0');
  }
  return N;
}

std::string resolveObject(const std::string &Object, const std::string &ArgClass) {
  if (objectParam(Object) < 0)
    return "";
  std::string Path = Object.substr(Object.find('.')); // ".mmap_lock"
  if (ArgClass.size() > 1 && ArgClass[0] == '$' && isIdentifier("p" + ArgClass.substr(1)))
    return ArgClass + Path; // the caller's parameter: decided at its callers
  if (objectParam(ArgClass) >= 0 || isObjectClass(ArgClass))
    return ArgClass + Path; // a field of either, itself an object (&init_mm.sub)
  return isIdentifier(ArgClass) ? ArgClass + Path : "";
}

bool isObjectClass(const std::string &Class) {
  size_t Dot = Class.find('.');
  return Dot != std::string::npos && Dot > 0 && Class[0] != '$' && isIdentifier(Class.substr(0, Dot));
}

void nameByObject(const std::string &O, int Sub, std::string &Class, std::string &Object) {
  if (isObjectClass(O))
    Class = subclassName(O, Sub);
  else if (objectParam(O) >= 0)
    Object = O;
}

std::string subclassName(const std::string &Class, int Subclass) {
  return Subclass > 0 ? Class + "/" + std::to_string(Subclass) : Class;
}

std::string baseClassOf(const std::string &Class, int *Subclass) {
  size_t Slash = Class.rfind('/');
  bool Digits = Slash != std::string::npos && Slash + 1 < Class.size();
  for (size_t I = Slash + 1; Digits && I < Class.size(); ++I)
    Digits = std::isdigit((unsigned char)Class[I]);
  if (Digits && (Class.size() - Slash - 1 != 1 || Class[Slash + 1] > '7'))
    Digits = false; // lockdep has 8 subclasses (0-7): not one
  if (Subclass)
    *Subclass = Digits ? std::stoi(Class.substr(Slash + 1)) : 0;
  return Digits ? Class.substr(0, Slash) : Class;
}

std::string LockNesting::instancesOf(const std::string &K) const {
  std::string Set = holderOf(K);
  if (Set.empty() || Set == Several)
    return "";
  for (auto &KV : Nested)
    if (KV.second.Base == K)
      Set = holderSetAdd(Set, KV.first);
  return Set;
}

bool LockNesting::sameInstancesNestedApart(const std::string &K, const LockNesting &O) const {
  std::string Mine = instancesOf(K);
  return !Mine.empty() && !single(Mine) && Mine == O.instancesOf(K);
}

} // namespace rcuctx
