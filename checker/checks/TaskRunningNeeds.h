// The needs rcuctx-blocking-state leaves in a function's summary: every
// blocking call emits "the task must be running", and one per kind is all
// a caller can judge. Runs on the pending obligations, after the
// assertion pruning and before the judge.
#pragma once

#include "dataflow/FunctionScope.h"

namespace rcuctx {

/// Keeps one "the task must be running" need (rcuctx-blocking-state) per
/// task state, partition, guard and call it came from: a caller judges
/// nothing else of it, so the others (one per blocking call of the
/// function) need not travel up the call graph. After the assertion pruning,
/// so the one kept is one that stays; per call, so the link's re-lift of a
/// call replaces exactly what came from it.
void keepOneTaskRunningNeed(WalkRecord &Rec);

} // namespace rcuctx
