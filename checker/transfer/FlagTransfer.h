// Named flag bits a path has tested on an object's field: the mode of a
// device or object that decides whether code may sleep. blk-mq takes an RCU
// read-side section for a queue without BLK_MQ_F_BLOCKING and SRCU for one
// with it; the issue path it calls under RCU sleeps only
// `might_sleep_if(hctx->flags & BLK_MQ_F_BLOCKING)`. The two tests read
// different objects (the hardware context copies its tag set's flags), so
// the bit is keyed by field and constant name ("flags&BLK_MQ_F_BLOCKING")
// and taken to be one value along a call chain (ContextState::Flags). A
// pointer parameter's NULL test is a flag too, of that parameter.
#pragma once

#include "lattice/ContextState.h"

#include "clang/AST/Expr.h"
#include "clang/Analysis/CFG.h"

#include <optional>
#include <string>
#include <vector>

namespace rcuctx {

/// The flag key E tests, and the flag's value where E is true: `x->f &
/// NAME`, `NAME & x->f`, with `!= 0`/`== 0` and `!`, where NAME is an
/// enumerator or a macro of one bit and x->f an integer field (true: the
/// bit is set); a boolean field, `x->on` ("T::on": its record's), or a
/// pointer field's NULL test, `x->p` ("T::p", true where it is set); or a
/// pointer parameter's NULL test, `p`, `!p`, `p == NULL` (nullFlagKey();
/// true: it is NULL).
/// Written: the parameters the body assigns (dataflow/BodyWrites.h), whose
/// tests are no flags.
std::optional<std::pair<std::string, bool>> flagTestOf(const clang::Expr *E, const clang::ASTContext &Ctx,
                                                       const std::vector<unsigned> &Written);

/// The integer E tests one named bit of (`flags & NEED_RTNL`, negated,
/// `!= 0`, `== 0`), a local's too, or null.
const clang::Expr *namedFlagOperand(const clang::Expr *E, const clang::ASTContext &Ctx);

/// The flag of pointer parameter N's NULL test ("$N"): a callee's
/// requirement only where it found the pointer non-NULL (`if (skb)
/// skb_dst_force(skb)`) is none at a call passing NULL
/// (summaries/CallSite.cpp), and follows the argument up where it is the
/// caller's own parameter.
std::string nullFlagKey(unsigned Param);

/// The state along From's successor edge SuccIdx gains the bit its
/// condition tests.
void flagEdge(const clang::CFGBlock *From, unsigned SuccIdx, const clang::ASTContext &Ctx,
              const std::vector<unsigned> &Written, ContextState &St);

/// A store to a field (`x->f = ...`, `x->f |= ...`) forgets its bits, one
/// to a parameter its NULL test; a plain store to a place a parameter
/// reaches (`it->cache`, `*cookie`) of a constant, NULL, a field's address
/// or a pointer parameter records it as the place's last value
/// (storeFlagPrefix()), which tells a seq_file start's returns apart
/// (ipmr's `it->cache`: which list, under which lock). A callee's stores
/// are not seen.
void flagStores(const clang::Stmt *S, const clang::ASTContext &Ctx, ContextState &St);
/// The prefix of a field's store flags ("store:f="): this function's own,
/// never a caller's (summaries/CallSite.cpp drops them).
std::string storeFlagPrefix(llvm::StringRef Field);
/// Whether a flag key is a store flag.
bool isStoreFlag(llvm::StringRef Key);
/// Whether a store flag says only that the place is not 0 (tested so,
/// "store:f=!0") or was given a value not known ("store:f=?") after the path
/// had tested or stored it: enough to know a return found the place set, or
/// set it itself; not a value that tells returns apart.
bool isVagueStoreFlag(llvm::StringRef Key);
/// Whether a store flag says only that its place was found not 0 ("store:f=!0").
bool isNonZeroStoreFlag(llvm::StringRef Key);

} // namespace rcuctx
