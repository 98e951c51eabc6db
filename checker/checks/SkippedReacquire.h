// Where a loop path skips re-taking a lock it dropped (a `continue`,
// `break` or `goto` between the unlock and the lock again), the unlock that
// path reaches next is reported as an unlock of what may not be held
// (strict mode). This check adds, to each such finding, a note at the jump
// that skipped the re-acquisition: the place to fix (issue #19). It only
// adds notes to findings already made on the fixpoint; it never makes or
// drops a finding, and never changes a state.
#pragma once

#include "dataflow/FunctionScope.h"

namespace rcuctx {

/// For each pending "unlock of L, which is held or not" finding: the jump
/// statements (continue, break, goto) that leave L not held, from which the
/// unlock is reached through blocks where L may still be not held, become
/// notes (at most two, in source order).
void noteSkippedReacquire(const FunctionEnv &Env, WalkRecord &Rec, const FixpointView &Fix);

} // namespace rcuctx
