// Relative nesting depth of one counting context (an RCU flavour, an SRCU
// domain, the preemption or IRQ-disable count), as an interval over the paths
// reaching a program point. Depths are relative to function entry: 0 means
// "whatever the caller had", +1 one more section than that, -1 one fewer.
#pragma once

#include <algorithm>
#include <climits>
#include <string>

namespace rcuctx {

struct Interval {
  // Saturating ends stand for -infinity / +infinity after widening.
  static constexpr int NegInf = INT_MIN / 4;
  static constexpr int PosInf = INT_MAX / 4;

  int Lo = 0;
  int Hi = 0;

  static Interval exact(int V) { return {V, V}; }
  static Interval top() { return {NegInf, PosInf}; }

  bool operator==(const Interval &O) const { return Lo == O.Lo && Hi == O.Hi; }
  bool operator!=(const Interval &O) const { return !(*this == O); }

  /// Least upper bound: the hull of both.
  Interval join(const Interval &O) const {
    return {std::min(Lo, O.Lo), std::max(Hi, O.Hi)};
  }
  /// Partial order of the lattice: contained in.
  bool leq(const Interval &O) const { return O.Lo <= Lo && Hi <= O.Hi; }

  /// Adds two depth changes (composition of a caller's depth with a callee's).
  Interval plus(const Interval &O) const {
    return {addSat(Lo, O.Lo), addSat(Hi, O.Hi)};
  }
  Interval shift(int D) const { return plus(exact(D)); }

  /// Widening: an end that keeps moving jumps to infinity, so loops that
  /// nest a section once per iteration still reach a fixpoint.
  Interval widen(const Interval &Next) const {
    return {Next.Lo < Lo ? NegInf : Lo, Next.Hi > Hi ? PosInf : Hi};
  }

  bool isExact() const { return Lo == Hi && Lo != NegInf && Hi != PosInf; }
  std::string str() const;

private:
  static int addSat(int A, int B) {
    if (A == NegInf || B == NegInf)
      return NegInf;
    if (A == PosInf || B == PosInf)
      return PosInf;
    long long S = (long long)A + B;
    if (S <= NegInf)
      return NegInf;
    if (S >= PosInf)
      return PosInf;
    return (int)S;
  }
};

} // namespace rcuctx
