// Branches where the code has tested that it is not atomic: `if
// (!in_atomic() && !irqs_disabled()) msleep(...)`, directly or through a
// local set once to such a test (i915's intel_guc_send_busy_loop():
// `bool not_atomic = !in_atomic() && !irqs_disabled();`, then
// `might_sleep_if(loop && not_atomic)` and `if (likely(not_atomic))
// msleep_interruptible(...)`, else a busy loop). A sleep there is what the
// developer made conditional on being allowed to sleep: not a sleep in
// atomic context (StepTransfer::sleep(), CallTransfer's lifted sleeps).
// Part of BodyIndex: only reads the body, before any walk.
#include "dataflow/BodyIndex.h"

#include "dataflow/BodyWrites.h"

#include <algorithm>
#include <optional>

using namespace clang;
using namespace rcuctx;

/// `likely(x)`, `unlikely(x)`: __builtin_expect(!!(x), v); and `!!x`.
static const Expr *stripExpect(const Expr *E) {
  for (;;) {
    E = E->IgnoreParenImpCasts();
    if (const auto *CE = dyn_cast<CallExpr>(E); CE && CE->getBuiltinCallee() == Builtin::BI__builtin_expect &&
                                               CE->getNumArgs() == 2) {
      E = CE->getArg(0);
      continue;
    }
    if (const auto *U = dyn_cast<UnaryOperator>(E); U && U->getOpcode() == UO_LNot)
      if (const auto *U2 = dyn_cast<UnaryOperator>(U->getSubExpr()->IgnoreParenImpCasts());
          U2 && U2->getOpcode() == UO_LNot) {
        E = U2->getSubExpr();
        continue;
      }
    return E;
  }
}

bool BodyIndex::saysNotAtomic(const Expr *Cond, const llvm::DenseMap<const VarDecl *, const Expr *> &Inits,
                              const std::function<bool(const VarDecl *)> &SetOnce,
                              unsigned Depth) const {
  std::vector<const Expr *> Work{Cond};
  while (!Work.empty()) {
    const Expr *C = stripExpect(Work.back());
    Work.pop_back();
    if (const auto *BO = dyn_cast<BinaryOperator>(C); BO && BO->getOpcode() == BO_LAnd) {
      Work.push_back(BO->getLHS());
      Work.push_back(BO->getRHS());
      continue;
    }
    // `!in_atomic()`: the test that is true in any atomic context, false.
    if (const auto *U = dyn_cast<UnaryOperator>(C); U && U->getOpcode() == UO_LNot)
      if (const FunctionRule *R = wholeRuleTest(U->getSubExpr()->IgnoreParenImpCasts()))
        for (const RuleStep &RS : R->Steps)
          if (RS.Op == StepOp::AtomicTest)
            return true;
    // A local set once, to such a test.
    if (const auto *DR = dyn_cast<DeclRefExpr>(C); DR && Depth < 2)
      if (const auto *VD = dyn_cast<VarDecl>(DR->getDecl())) {
        auto It = Inits.find(VD);
        if (It != Inits.end() && saysNotAtomic(It->second, Inits, SetOnce, Depth + 1) && SetOnce(VD))
          return true;
      }
  }
  return false;
}

void BodyIndex::noteSleepable(const std::vector<const IfStmt *> &Ifs,
                              const llvm::DenseMap<const VarDecl *, const Expr *> &Inits) {
  // What the body writes (the partitions' reading; read here only if some
  // test goes through a local and none was given).
  std::optional<BodyWrites> Own;
  auto SetOnce = [&](const VarDecl *VD) {
    if (!Writes && !Own)
      Own = bodyWrites(FD);
    const BodyWrites &W = Writes ? *Writes : *Own;
    return std::find(W.Vars.begin(), W.Vars.end(), VD) == W.Vars.end();
  };
  for (const IfStmt *If : Ifs)
    if (If->getCond() && If->getThen() && saysNotAtomic(If->getCond(), Inits, SetOnce, 0))
      Sleepable.add(SM.getExpansionLoc(If->getThen()->getBeginLoc()),
                    SM.getExpansionLoc(If->getThen()->getEndLoc()));
}
