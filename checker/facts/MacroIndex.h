// Which macro invocation a statement came from. The kernel's context API is
// half macros (rcu_dereference, read_lock, lockdep_assert_held, guard) whose
// expansions differ with CONFIG_PROVE_RCU / CONFIG_LOCKDEP; recognising the
// macro by name at its invocation works for both. The preprocessor callback
// records every invocation of a macro the rules name, with its arguments'
// spelling positions; macroOwner() maps a statement back to the outermost
// such invocation whose *body* (not whose arguments) produced it.
#pragma once

#include "clang/Basic/SourceLocation.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Lex/PPCallbacks.h"
#include "llvm/ADT/DenseMap.h"

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace clang {
class Preprocessor;
class Stmt;
class Expr;
} // namespace clang

namespace rcuctx {

struct MacroInvocation {
  std::string Name;
  clang::SourceLocation NameLoc;
  /// Per argument (variadic ones split at top-level commas): the locations
  /// of its first and last token where the invocation was written. Empty for
  /// object-like macros.
  std::vector<std::pair<clang::SourceLocation, clang::SourceLocation>> Args;
  /// Per argument: its value where it is written as one integer literal or
  /// one object-like macro defined as one (`SINGLE_DEPTH_NESTING`). Read
  /// from the tokens, for an argument the expansion may drop (a lockdep
  /// subclass where lockdep is not configured).
  std::vector<std::optional<int64_t>> ArgValues;
  /// Per argument: the identifier it is, where it is one that names no
  /// macro (an enumerator such as I_MUTEX_PARENT, looked up after parsing).
  std::vector<std::string> ArgIdents;
};

class MacroIndex {
public:
  explicit MacroIndex(const clang::SourceManager &SM) : SM(SM) {}

  /// A callback to install on the Preprocessor; records invocations of the
  /// macros named in Wanted (RuleSet::recordedMacroNames()).
  std::unique_ptr<clang::PPCallbacks> makeRecorder(const clang::Preprocessor &PP,
                                                   const std::vector<std::string> &Wanted);

  /// The outermost recorded invocation whose expansion body produced the
  /// token at Loc, or null for code the user wrote (including macro arguments).
  const MacroInvocation *owner(clang::SourceLocation Loc) const;

  /// Finds, inside Root, the outermost expression that is argument I of the
  /// invocation: one whose first and last tokens expand from that argument's.
  const clang::Expr *argument(const MacroInvocation &Inv, unsigned I,
                              const clang::Stmt *Root) const;

  /// Whether some recorded invocation is written within R (both compared
  /// where they are written in a file, through any macro expanding them):
  /// without one, no statement in R has an owner(), and a caller asking for
  /// every statement of a function body need not ask.
  bool anyWithin(clang::SourceRange R) const;

  void add(MacroInvocation Inv);
  const std::vector<MacroInvocation> &all() const { return Invocations; }

private:
  const clang::SourceManager &SM;
  llvm::DenseMap<unsigned, size_t> ByLoc; // raw NameLoc -> index
  std::vector<MacroInvocation> Invocations;
  /// Where each invocation is written (file id, offset), sorted; built by
  /// the first anyWithin() (cleared by add()).
  mutable std::optional<std::vector<std::pair<unsigned, unsigned>>> Written;
};

} // namespace rcuctx
