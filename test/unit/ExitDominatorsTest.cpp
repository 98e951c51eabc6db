// The one-sweep exit dominators (dataflow/ExitDominators.h) give the same
// answer as clang's dominator tree for every block of acyclic functions of
// the shapes the kernel writes (early returns, goto ladders, switches,
// short-circuit conditions, noreturn calls), and decline a CFG with a cycle.
#include "dataflow/Engine.h"
#include "dataflow/ExitDominators.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/Analysis/Analyses/Dominators.h"
#include "clang/Tooling/Tooling.h"

#include <gtest/gtest.h>

using namespace clang;
using namespace rcuctx;

namespace {

struct Built {
  std::unique_ptr<ASTUnit> AST;
  std::unique_ptr<CFG> Cfg;
};

Built cfgOf(const std::string &Code, const std::string &Fn) {
  Built B;
  B.AST = tooling::buildASTFromCodeWithArgs(Code, {"-xc", "-std=gnu11"}, "input.c");
  ASTContext &Ctx = B.AST->getASTContext();
  for (Decl *D : Ctx.getTranslationUnitDecl()->decls())
    if (auto *FD = dyn_cast<FunctionDecl>(D))
      if (FD->getName() == Fn && FD->hasBody())
        B.Cfg = CFG::buildCFG(FD, FD->getBody(), &Ctx, CFG::BuildOptions());
  return B;
}

/// Every block's answer agrees with CFGDomTree::dominates(B, exit).
void expectSameAsDomTree(const std::string &Code) {
  Built B = cfgOf(Code, "f");
  ASSERT_TRUE(B.Cfg) << Code;
  std::optional<std::vector<char>> Sweep = exitDominatorsIfAcyclic(*B.Cfg, reversePostOrder(*B.Cfg));
  ASSERT_TRUE(Sweep.has_value()) << Code;
  CFGDomTree Dom;
  Dom.buildDominatorTree(B.Cfg.get());
  for (const CFGBlock *X : *B.Cfg)
    EXPECT_EQ((*Sweep)[X->getBlockID()] != 0, Dom.dominates(X, &B.Cfg->getExit()))
        << "block B" << X->getBlockID() << " of\n" << Code;
}

const char *Decls = "extern int opaque(int);\n"
                    "extern void __attribute__((noreturn)) die(void);\n";

} // namespace

TEST(ExitDominators, StraightLineAndDiamond) {
  expectSameAsDomTree(std::string(Decls) + "int f(int a) { int s = opaque(a); return s + 1; }");
  expectSameAsDomTree(std::string(Decls) +
                      "int f(int a) { int s; if (opaque(a)) s = 1; else s = 2; opaque(s); return s; }");
}

TEST(ExitDominators, EarlyReturnsAndShortCircuit) {
  expectSameAsDomTree(std::string(Decls) +
                      "int f(int a) { if (a && opaque(a)) return 1; opaque(2);"
                      " if (opaque(3) || a > 4) return 2; opaque(5); return 0; }");
}

TEST(ExitDominators, GotoLadder) {
  expectSameAsDomTree(std::string(Decls) +
                      "int f(int a) { int s = 0; opaque(0);"
                      " if (opaque(1)) goto out1; s += 1;"
                      " if (opaque(2)) goto out2; s += 2;"
                      " if (opaque(3)) goto out1; s += 3;"
                      " out2: s -= 2; out1: s -= 1; opaque(s); return s; }");
}

TEST(ExitDominators, SwitchWithFallThrough) {
  expectSameAsDomTree(std::string(Decls) +
                      "int f(int a) { int s = 0; switch (a) { case 0: s = 1; case 1: s += 2; break;"
                      " case 2: return 7; default: opaque(s); } opaque(s); return s; }");
}

TEST(ExitDominators, NoreturnCallsAndNoExit) {
  expectSameAsDomTree(std::string(Decls) +
                      "int f(int a) { if (opaque(a)) die(); opaque(1); return 0; }");
  // No path returns: the exit is dominated by every block.
  expectSameAsDomTree(std::string(Decls) + "void f(int a) { opaque(a); die(); }");
}

TEST(ExitDominators, DeclinesACycle) {
  for (const char *Body : {"int f(int a) { while (opaque(a)) a++; return a; }",
                           "int f(int a) { again: if (opaque(a)) goto again; return a; }",
                           "void f(int a) { for (;;) opaque(a); }"}) {
    Built B = cfgOf(std::string(Decls) + Body, "f");
    ASSERT_TRUE(B.Cfg) << Body;
    EXPECT_FALSE(exitDominatorsIfAcyclic(*B.Cfg, reversePostOrder(*B.Cfg)).has_value()) << Body;
  }
}
