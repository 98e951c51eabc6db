// A sorted map whose copies share their contents until one of them changes
// (copy-on-write). The dataflow keeps two states per CFG block and partition
// and copies a state at every edge, join and transfer; most blocks change
// nothing, so a copy that is a reference count instead of a tree of
// allocations is what keeps a 64k-block function near plain clang's time
// (issue #13). Iteration order and values are exactly std::map's.
//
// Reads never copy: find(), begin() and end() give const iterators, also on
// a non-const map. Changes go through operator[], erase(), insert() and
// emplace() and edit(), which copy the contents first when another map shares them. A
// reference from operator[] must not outlive a copy of the map taken after
// it (it would write through to the copy): take it, write, let it go.
#pragma once

#include <map>
#include <memory>
#include <utility>

namespace rcuctx {

template <typename K, typename V> class CowMap {
  using Map = std::map<K, V>;

public:
  using key_type = K;
  using mapped_type = V;
  using value_type = typename Map::value_type;
  using size_type = typename Map::size_type;
  using const_iterator = typename Map::const_iterator;
  using iterator = const_iterator;

  CowMap() = default;
  CowMap(std::initializer_list<value_type> L) {
    if (L.size())
      P = std::make_shared<Map>(L);
  }

  const_iterator begin() const { return get().begin(); }
  const_iterator end() const { return get().end(); }
  const_iterator find(const K &Key) const { return get().find(Key); }
  const_iterator lower_bound(const K &Key) const { return get().lower_bound(Key); }
  size_type count(const K &Key) const { return get().count(Key); }
  size_type size() const { return P ? P->size() : 0; }
  bool empty() const { return !P || P->empty(); }
  const V &at(const K &Key) const { return get().at(Key); }

  V &operator[](const K &Key) { return mut()[Key]; }
  /// Key's value becomes Value; a map shared with a copy is copied only if
  /// that changes something (a lock taken again at the same place, a spin
  /// flag already known: most writes of a replayed transfer).
  void assign(const K &Key, const V &Value) {
    auto It = get().find(Key);
    if (It != get().end() && It->second == Value)
      return;
    mut()[Key] = Value;
  }
  size_type erase(const K &Key) {
    if (!P || !P->count(Key))
      return 0;
    return mut().erase(Key);
  }
  /// Erases the entry It points to; returns the entry after it.
  const_iterator erase(const_iterator It) {
    if (P.use_count() == 1)
      return P->erase(It);
    K Key = It->first;
    Map &M = mut();
    return M.erase(M.find(Key));
  }
  template <typename... Args> std::pair<const_iterator, bool> emplace(Args &&...A) {
    auto R = mut().emplace(std::forward<Args>(A)...);
    return {R.first, R.second};
  }
  template <typename... Args> std::pair<const_iterator, bool> try_emplace(const K &Key, Args &&...A) {
    auto R = mut().try_emplace(Key, std::forward<Args>(A)...);
    return {R.first, R.second};
  }
  std::pair<const_iterator, bool> insert(const value_type &KV) {
    auto R = mut().insert(KV);
    return {R.first, R.second};
  }
  template <typename It> void insert(It First, It Last) {
    if (First != Last)
      mut().insert(First, Last);
  }
  void clear() { P.reset(); }
  /// The contents for a change in place (entries' values edited while
  /// iterating), unshared first.
  Map &edit() { return mut(); }

  bool operator==(const CowMap &O) const { return P == O.P || get() == O.get(); }
  bool operator!=(const CowMap &O) const { return !(*this == O); }

private:
  static const Map &emptyMap() {
    static const Map E;
    return E;
  }
  const Map &get() const { return P ? *P : emptyMap(); }
  Map &mut() {
    if (!P)
      P = std::make_shared<Map>();
    else if (P.use_count() > 1)
      P = std::make_shared<Map>(*P);
    return *P;
  }

  std::shared_ptr<Map> P;
};

} // namespace rcuctx
