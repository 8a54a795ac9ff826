//===- TailRecursion.cpp - tail recursion that skips the entry check ------===//
//
// Tail-recursion elimination turns `return f(n - 2) + acc` into a jump back
// to the function's entry block. In a split function (Dispatch.cpp) that
// block is the entry check, so every iteration would re-check the state
// byte and the loop keeps a shape loop rotation cannot fix: plain
// recursive fib ran 1.15x slower than uninstrumented with tracing off,
// against 0.99x with the check at entry only.
//
// So the pass runs the elimination itself, just before the pipeline's own,
// and then sends the loop's back edges past the check:
//
//   before:                          after:
//   header: %n = phi [%arg], [%m]    header: %n = phi [%arg]
//           (check)                          (check)
//   body:   uses %n                  body:   %n2 = phi [%n], [%m]
//   latch:  br %header                       uses %n2
//                                    latch:  br %body
//
// A call the optimiser turned into an iteration is then checked with the
// call that started the loop, like the rest of that call's body: with
// tracing on, that first call already runs the traced copy, whose calls
// are real calls (nothing is lost); when sampling, or when tracing is
// switched on while the loop runs, its iterations are not sampled or
// traced separately. The README says so.
//
//===----------------------------------------------------------------------===//
#include "TailRecursion.h"
#include "Dispatch.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/Statistic.h"
#include "llvm/Config/llvm-config.h"
#include "llvm/IR/CFG.h"
#include "llvm/IR/DebugInfo.h"
#include "llvm/IR/DebugProgramInstruction.h"
#include "llvm/IR/Dominators.h"
#include "llvm/IR/Instructions.h"
#include "llvm/Transforms/Scalar/TailRecursionElimination.h"
#include "llvm/Transforms/Utils/SSAUpdater.h"

using namespace llvm;

#define DEBUG_TYPE "ruchy-trace"

STATISTIC(NumTailLoopsPastCheck,
          "Tail-recursion loops sent past the entry check");
STATISTIC(NumTailLoopsThroughCheck,
          "Tail-recursion loops left through the entry check");

namespace ruchytrace {

// The blocks of the entry check: the one ending in the marked branch, the
// countdown block, and the block calling the traced copy.
struct GateBlocks {
  BasicBlock *Check = nullptr, *Sample = nullptr, *Traced = nullptr;
  BasicBlock *Body = nullptr; // where an untraced call goes on
};

static SmallVector<DbgVariableRecord *, 4> dbgRecordsOf(Value *V) {
  SmallVector<DbgVariableRecord *, 4> Records;
#if LLVM_VERSION_MAJOR >= 22
  findDbgUsers(V, Records);
#else
  SmallVector<DbgVariableIntrinsic *, 1> Intrinsics; // none: records only
  findDbgUsers(Intrinsics, V, &Records);
#endif
  return Records;
}

static bool callsTraced(BasicBlock *BB) {
  for (Instruction &I : *BB)
    if (auto *CI = dyn_cast<CallInst>(&I); CI && isDispatchCall(CI))
      return true;
  return false;
}

// Other passes may have inverted the check's branch: the traced side is
// the one that reaches the call of the traced copy, directly or through
// the countdown block (whose other way out is the body).
static GateBlocks findGate(Function &F) {
  GateBlocks G;
  for (BasicBlock &BB : F) {
    auto *BI = dyn_cast<BranchInst>(BB.getTerminator());
    if (!BI || !isGateBranch(BI))
      continue;
    for (unsigned Go = 0; Go < 2; ++Go) {
      BasicBlock *X = BI->getSuccessor(Go), *Other = BI->getSuccessor(1 - Go);
      if (callsTraced(X))
        return {&BB, nullptr, X, Other};
      auto *SB = dyn_cast<BranchInst>(X->getTerminator());
      if (!SB || !SB->isConditional())
        continue;
      for (unsigned K = 0; K < 2; ++K)
        if (SB->getSuccessor(1 - K) == Other &&
            callsTraced(SB->getSuccessor(K)))
          return {&BB, X, SB->getSuccessor(K), Other};
    }
    return G;
  }
  return G;
}

// Redirects the back edges that enter the check block to the body. Each
// phi P of the check block (an argument or an accumulator) gets a copy Q
// at the top of the body, which the back edges feed; uses inside the body
// take Q, and a block both paths reach (a return block shared with the
// traced call) gets a phi of the two from SSAUpdater.
static bool bypassCheck(const GateBlocks &G) {
  BasicBlock *Check = G.Check, *Body = G.Body;
  BasicBlock *Entry = &Check->getParent()->getEntryBlock();
  SmallVector<BasicBlock *, 4> Latches;
  for (BasicBlock *P : predecessors(Check))
    if (P != Entry)
      Latches.push_back(P);
  if (Latches.empty() || !isa<PHINode>(Check->front()) ||
      isa<PHINode>(Body->front()))
    return false;
  for (BasicBlock *L : Latches) // each must jump here unconditionally
    if (L->getSingleSuccessor() != Check)
      return false;
  SmallPtrSet<BasicBlock *, 4> Gate = {Check, G.Traced};
  if (G.Sample)
    Gate.insert(G.Sample);
  SmallVector<BasicBlock *, 4> BodyPreds(predecessors(Body));

  SmallVector<PHINode *, 4> Ps, Qs;
  for (PHINode &P : Check->phis())
    Ps.push_back(&P);
  DenseMap<Value *, PHINode *> QOf;
  for (PHINode *P : Ps) {
    PHINode *Q = PHINode::Create(P->getType(), 0, P->getName() + ".body");
    Q->insertBefore(Body->begin());
    Qs.push_back(Q);
    QOf[P] = Q;
  }
  for (size_t I = 0; I < Ps.size(); ++I) {
    // From the check and the countdown: the value at entry; around a
    // loop that starts the body: its own.
    for (BasicBlock *Pred : BodyPreds)
      Qs[I]->addIncoming(
          Gate.contains(Pred) ? static_cast<Value *>(Ps[I]) : Qs[I], Pred);
    for (BasicBlock *L : Latches) {
      Value *V = Ps[I]->getIncomingValueForBlock(L);
      if (PHINode *Q = QOf.lookup(V)) // this iteration's, not the first's
        V = Q;
      Qs[I]->addIncoming(V, L);
    }
  }
  for (BasicBlock *L : Latches) {
    L->getTerminator()->replaceSuccessorWith(Check, Body);
    for (PHINode *P : Ps)
      P->removeIncomingValue(L, /*DeletePHIIfEmpty=*/false);
  }
  for (size_t I = 0; I < Ps.size(); ++I) {
    PHINode *P = Ps[I], *Q = Qs[I];
    SSAUpdater SSA;
    SSA.Initialize(P->getType(), P->getName());
    SSA.AddAvailableValue(Check, P);
    SSA.AddAvailableValue(Body, Q);
    SmallVector<Use *, 8> Uses;
    for (Use &U : P->uses()) {
      auto *I = cast<Instruction>(U.getUser());
      if (!Gate.contains(I->getParent()) && !is_contained(Qs, I))
        Uses.push_back(&U);
    }
    for (Use *U : Uses) {
      auto *I = cast<Instruction>(U->getUser());
      if (I->getParent() == Body && !isa<PHINode>(I))
        U->set(Q);
      else
        SSA.RewriteUse(*U);
    }
  }
  // Debug records name values outside the use lists: in the body they
  // describe this iteration's value; where both paths meet, no one value.
  DominatorTree DT(*Check->getParent());
  for (size_t I = 0; I < Ps.size(); ++I)
    for (DbgVariableRecord *DVR : dbgRecordsOf(Ps[I])) {
      BasicBlock *BB = DVR->getParent();
      if (DT.dominates(Body, BB))
        DVR->replaceVariableLocationOp(Ps[I], Qs[I]);
      else if (!Gate.contains(BB))
        DVR->setKillLocation();
    }
  return true;
}

PreservedAnalyses
RuchyTraceTailRecursionPass::run(Function &F, FunctionAnalysisManager &FAM) {
  if (F.isDeclaration() || !callsItself(F))
    return PreservedAnalyses::all();
  GateBlocks G = findGate(F);
  if (!G.Check || G.Check != &F.getEntryBlock())
    return PreservedAnalyses::all();
  PreservedAnalyses PA = TailCallElimPass().run(F, FAM);
  if (PA.areAllPreserved())
    return PA;
  FAM.invalidate(F, PA);
  G = findGate(F);
  if (G.Check && bypassCheck(G)) {
    ++NumTailLoopsPastCheck;
    return PreservedAnalyses::none();
  }
  // Counted only if the elimination made a loop, which then goes through
  // the check (no longer the entry block, jumped to from a latch); it may
  // also have only marked calls `tail`.
  if (G.Check && G.Check != &F.getEntryBlock() &&
      G.Check->hasNPredecessorsOrMore(2))
    ++NumTailLoopsThroughCheck;
  return PA;
}

} // namespace ruchytrace
