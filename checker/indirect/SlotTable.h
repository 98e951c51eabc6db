// What the program stores into each function-pointer slot, as plain data
// keyed by name so that tables from many files can be merged (the
// whole-program link) and written to summary files.
//
// A slot is a function-pointer member of a struct type, named like lock
// classes are ("struct kvm_x86_ops::vcpu_run": field-based, every object of
// the type shares it), or a static call ("static_call(kvm_x86_vcpu_run)":
// the trampoline, whatever static_call_update() installs there), or a table
// of functions ("table 'kvm_vmx_exit_handlers'", every element). Its sources
// are the functions stored into it, the other slots copied into it
// (`static_call_update(kvm_x86_foo, kvm_x86_ops.foo)`), and whether some
// value stored there cannot be named (then the slot stays unresolved).
//
// This file owns the data and the closure over it; it reads no AST
// (indirect/SlotScan.h fills a table from one TU).
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace rcuctx {

struct SlotSources {
  std::set<std::string> Fns;   // functions stored into the slot
  std::set<std::string> Slots; // slots whose value is copied into it
  bool Unknown = false;        // a store the analysis cannot name, or an escape

  void merge(const SlotSources &O) {
    Fns.insert(O.Fns.begin(), O.Fns.end());
    Slots.insert(O.Slots.begin(), O.Slots.end());
    Unknown |= O.Unknown;
  }
  bool operator==(const SlotSources &O) const {
    return Fns == O.Fns && Slots == O.Slots && Unknown == O.Unknown;
  }
};

class SlotTable {
public:
  std::map<std::string, SlotSources> Slots;

  void add(const std::string &Slot, const SlotSources &S) { Slots[Slot].merge(S); }
  void merge(const SlotTable &O) {
    for (auto &KV : O.Slots)
      add(KV.first, KV.second);
  }

  /// Every function a call through Slot may reach; nullopt when some value
  /// stored along the way cannot be named (the call stays unknown). A slot
  /// no store reaches has no targets (an empty set).
  std::optional<std::set<std::string>> targets(const std::string &Slot) const {
    std::set<std::string> Out, Seen;
    std::vector<std::string> Work{Slot};
    while (!Work.empty()) {
      std::string S = std::move(Work.back());
      Work.pop_back();
      if (!Seen.insert(S).second)
        continue;
      auto It = Slots.find(S);
      if (It == Slots.end())
        continue;
      if (It->second.Unknown)
        return std::nullopt;
      Out.insert(It->second.Fns.begin(), It->second.Fns.end());
      Work.insert(Work.end(), It->second.Slots.begin(), It->second.Slots.end());
    }
    return Out;
  }
};

/// The slot of a table of functions (`static int (*handlers[])(...)`):
/// every element shares it.
/// File: for a static table, the file defining it.
inline std::string tableSlot(const std::string &Var, const std::string &File) {
  return "table '" + Var + "'" + (File.empty() ? "" : " (" + File + ")");
}

/// The slot name of a static call's trampoline.
inline std::string staticCallSlot(const std::string &Name) { return "static_call(" + Name + ")"; }

/// The symbols a static call `name` is made of: its trampoline `__SCT__name`
/// (what the call goes to) and its key `__SCK__name` (what updates write).
inline constexpr const char *TrampolinePrefix = "__SCT__";
inline constexpr const char *KeyPrefix = "__SCK__";
/// "name" from `Prefix` + "name"; "" when Symbol does not start with Prefix.
inline std::string staticCallName(const std::string &Symbol, const char *Prefix) {
  std::string P = Prefix;
  return Symbol.size() > P.size() && Symbol.compare(0, P.size(), P) == 0 ? Symbol.substr(P.size())
                                                                         : std::string();
}

} // namespace rcuctx
