// Exits partitioned by the returned value (Summary::ByReturn): a function
// whose context at return depends on what it returns -- expand_stack()
// returns a VMA with mmap_lock held or NULL with it dropped,
// __pte_offset_map() a PTE inside an RCU section or NULL outside one,
// upgrade_mmap_lock_carefully() true with the write lock -- tells its callers
// the effect per class, and its own imbalance check sees a protocol rather
// than paths that disagree.
#pragma once

#include "dataflow/FunctionScope.h"

#include <functional>
#include <string>
#include <vector>

namespace rcuctx {

/// Each partition's return paths, a `return c ? a : b;` (seen through
/// statement expressions: spin_trylock_irq()'s `({ local_irq_disable();
/// raw_spin_trylock(l) ? 1 : ({ local_irq_enable(); 0; }); })`) once per
/// arm, with the arm's value and the state the arm leaves, where the return
/// does nothing else after the arms join.
std::vector<std::vector<ReturnPath>>
byConditionalArms(const std::vector<std::vector<ReturnPath>> &Returns, const FixpointView &Fix);

/// The conditional B returns, when B is the return block that joins its
/// arms and does nothing else (byConditionalArms() splits its paths; a join
/// check leaves the arms to the returns); else null.
const clang::ConditionalOperator *returnedConditional(const clang::CFGBlock *B);
/// The arm of CO whose evaluation ends P, or null.
const clang::Expr *armOf(const clang::CFGBlock *P, const clang::ConditionalOperator *CO);

/// Each partition's return paths, a path once per class its value can
/// take: a value held in a split (`return ret` after `ret =
/// down_write_killable()`, `return !mmap_write_lock_killable()`, a local
/// tested on the way) becomes one path per class with that class's state.
std::vector<std::vector<ReturnPath>>
byReturnedClass(const std::vector<std::vector<ReturnPath>> &Returns, const clang::ASTContext &Ctx);

/// Makes one constant a class of its own (VC_Const) where that is what
/// tells the exits apart: the paths of its class leave different contexts,
/// and those returning the constant one, the rest another, in some
/// partition (autofs's validate_request() returns -EINTR with the caller's
/// mutex dropped, its other errors and 1 with it held). Otherwise the
/// constant stays in its class. Only where no other return of the class
/// may be that constant: each is another constant, or an object where the
/// constant is a pointer token.
/// EntryIsFree: the lock classes the function takes itself (not its
/// caller's), whose "as at entry" is "not held" for the comparison.
void carveConstant(std::vector<std::vector<ReturnPath>> &Classed, bool ReturnsPointer,
                   const std::function<bool(const std::string &)> &EntryIsFree);

/// Summary::ReturnClasses from the return paths: the classes a
/// pointer-returning function's value surely stays within over all its
/// returns (facts/ValueTests.h's soundReturnClasses()).
uint8_t returnedClasses(const clang::FunctionDecl *FD,
                        const std::vector<std::vector<ReturnPath>> &Returns);

/// Summary::ByReturn from the classified paths: per partition, the exit of
/// each class, kept only where two classes leave the context differently.
std::vector<ClassExit> classExitsOf(const std::vector<std::vector<ReturnPath>> &Classed,
                                    const Partitions &Parts);

} // namespace rcuctx
