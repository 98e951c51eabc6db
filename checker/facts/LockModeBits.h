// A rule's lock mode (LockMode: write, read, any, not held) as the lock-set
// bits of an atom or a resolved step (LB_Write, LB_Read, LB_Unheld,
// LockSet::Held). Shared by ConditionAtoms.cpp (a lock predicate's atom),
// which defines it, and FactExtractor.cpp (a lock step's modes).
//
// Holds only this declaration: FactExtractor's own interface is
// FactExtractor.h.
#pragma once

#include "rules/Rules.h"

#include <cstdint>

namespace rcuctx {

uint8_t modeBits(LockMode M);

} // namespace rcuctx
