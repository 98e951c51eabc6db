// Mode keys: the plain numbers that name a function's modes (dataflow/
// Partitions.h) in valuations and summaries, so that callers in other files
// can evaluate them on their arguments without the callee's AST.
//
//   Truth        `bool shared`, `if (flags)`            key = P
//   Equals       `reg == C`, `switch (reg)`             key = (C + 1) * 64 + P
//   FieldEquals  `ops->walk_lock == C` (P a pointer;    key = FieldModeBase +
//                F the field's index in its record)        ((F * 256 + C) * 64 + P)
//   Bit          `flags & (1 << B)`                     key = BitModeBase + B * 64 + P
//
// P is the parameter's index (< 64) in every kind, so modeParam() is one
// remainder. Readers of summaries accept keys in [0, ModeKeyLimit).
#pragma once

#include <cstdint>

namespace rcuctx {

constexpr int ModeParams = 64;                 // parameters a key can name
constexpr int64_t ModeConstantLimit = 1 << 23; // constants an equality key can hold: [0, limit)
constexpr int ModeFields = 64;                 // fields a field key can name: [0, 64)
constexpr int64_t ModeFieldConstants = 256;    // constants a field key can hold: [0, 256)
constexpr int ModeBits = 64;                   // bits a bit key can name
constexpr int ModeKeyMax = int((ModeConstantLimit + 1) * ModeParams); // end of Equals
constexpr int FieldModeBase = ModeKeyMax;
constexpr int BitModeBase = FieldModeBase + int(ModeFields * ModeFieldConstants * ModeParams);
constexpr int ModeKeyLimit = BitModeBase + ModeBits * ModeParams;

enum class ModeKind { Truth, Equals, FieldEquals, Bit };

inline int modeEquals(unsigned Param, int64_t C) { return int((C + 1) * ModeParams + Param); }
inline int modeFieldEquals(unsigned Param, unsigned Field, int64_t C) {
  return FieldModeBase + int((Field * ModeFieldConstants + C) * ModeParams + Param);
}
inline int modeBit(unsigned Param, unsigned Bit) { return BitModeBase + int(Bit * ModeParams + Param); }

inline ModeKind modeKind(int Key) {
  if (Key < ModeParams)
    return ModeKind::Truth;
  if (Key < FieldModeBase)
    return ModeKind::Equals;
  return Key < BitModeBase ? ModeKind::FieldEquals : ModeKind::Bit;
}
inline unsigned modeParam(int Key) { return unsigned(Key % ModeParams); }
/// The constant an Equals or FieldEquals key compares with; -1 otherwise.
inline int64_t modeConstant(int Key) {
  switch (modeKind(Key)) {
  case ModeKind::Equals:
    return Key / ModeParams - 1;
  case ModeKind::FieldEquals:
    return ((Key - FieldModeBase) / ModeParams) % ModeFieldConstants;
  default:
    return -1;
  }
}
/// The field index of a FieldEquals key.
inline unsigned modeField(int Key) {
  return unsigned((Key - FieldModeBase) / ModeParams / ModeFieldConstants);
}
/// The bit of a Bit key.
inline unsigned modeBitIndex(int Key) { return unsigned((Key - BitModeBase) / ModeParams); }
/// Modes a caller that does not fix them leaves open (truthModesOf()): a
/// parameter's truth or one of its bits.
inline bool isTruthLike(int Key) {
  ModeKind K = modeKind(Key);
  return K == ModeKind::Truth || K == ModeKind::Bit;
}

} // namespace rcuctx
