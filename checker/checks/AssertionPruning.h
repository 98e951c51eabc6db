// Developer assertions prune modes: `WARN_ON(shared)` or
// `KVM_BUG_ON(shared, kvm)` says that mode never reaches that point, so what
// was found on a path through it, in that partition, is dropped: pending
// obligations, violations, and the link's recorded call states.
#pragma once

#include "dataflow/FunctionScope.h"

namespace rcuctx {

/// Drops what was found on paths the assertions (WalkRecord::Failing) rule out.
void dropAssertedImpossible(const FunctionEnv &Env, WalkRecord &Rec, const FixpointView &Fix);


} // namespace rcuctx
