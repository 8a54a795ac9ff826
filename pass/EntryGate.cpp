//===- EntryGate.cpp - one branch for the check at a function's entry -----===//
//
// The check Dispatch.cpp emits asks two questions with two branches: is the
// function traced (the state byte), and is this call the Nth (the thread's
// countdown, behind the first branch). With tracing off only the first
// runs. But a sampled call takes both, and both are taken jumps, since the
// countdown block sits out of line, or the untraced path jumps over it
// (bench/RESULTS.md: plain fib sampled 1/1000, the tiny function off).
//
// So, at the end of the pipeline, the check in a function's entry block
// becomes one branch: the state (0 or 1) is subtracted from the countdown,
// which can only go below zero in a traced function, at its Nth call:
//
//   before:                                 after:
//   entry: %s = load atomic i8 @desc        entry: %s = load atomic i8 @desc
//            monotonic                                unordered
//          br %s != 0, %sample, %body              %c = countdown - zext %s
//   sample: %c = countdown - 1 ; store             store %c
//          br %c < 0, %traced, %body               br %c < 0, %traced, %body
//
// Only there: with tracing off the countdown's load and store then run at
// every call, and they form a chain through memory (each load waits for
// the last store). At most one link per call costs nothing measurable, but
// checks inlined into a loop would chain: the large workload, with its
// inlined helper's checks in the rounds loop, ran about a third slower.
// An entry block is in no loop, and the checks inlined elsewhere keep
// their two branches, of which tracing off runs only the first.
//
// Left as they are (the rewrite is an optimisation): an entry check whose
// blocks the optimiser reshaped beyond the form above; ifunc resolvers;
// functions marked optnone (-O0), which function passes skip; and, under
// LTO, the whole pre-link pipeline (Plugin.cpp), since inlining at the
// link would copy a fused check into its callers' loops (the plugin does
// not run at the link). With LLVM 19, which does not say which pipeline it
// builds, LTO pre-link builds are rewritten too.
//
//===----------------------------------------------------------------------===//
#include "EntryGate.h"
#include "Dispatch.h"

#include "llvm/ADT/Statistic.h"
#include "llvm/IR/GlobalIFunc.h"
#include "llvm/IR/GlobalVariable.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/IR/MDBuilder.h"
#include "llvm/IR/Module.h"
#include "llvm/IR/PatternMatch.h"
#include "llvm/Transforms/Utils/BasicBlockUtils.h"
#include "llvm/Transforms/Utils/Local.h"

using namespace llvm;
using namespace llvm::PatternMatch;

#define DEBUG_TYPE "ruchy-trace"

STATISTIC(NumGatesFused, "Entry checks made one branch");
STATISTIC(NumGatesOtherForm, "Entry checks not in the two-branch form "
                             "(ruchy_trace_always, or reshaped)");
STATISTIC(NumGatesIFunc,
          "Entry checks left with two branches: in an ifunc resolver");
STATISTIC(NumGatesPhis,
          "Entry checks left with two branches: their targets' phis");

namespace ruchytrace {

// The countdown a store in the sample block writes: the thread-local
// global, directly or through llvm.threadlocal.address.
static GlobalVariable *countdownOf(Value *Ptr) {
  if (auto *II = dyn_cast<IntrinsicInst>(Ptr);
      II && II->getIntrinsicID() == Intrinsic::threadlocal_address)
    Ptr = II->getArgOperand(0);
  auto *GV = dyn_cast<GlobalVariable>(Ptr);
  return GV && GV->isThreadLocal() ? GV : nullptr;
}

namespace {
// An entry check in its two-branch form.
struct TwoBranchGate {
  BranchInst *Check = nullptr; // on the state
  LoadInst *State = nullptr;
  BasicBlock *Sample = nullptr, *Go = nullptr, *Skip = nullptr;
  GlobalVariable *Countdown = nullptr;
};
} // namespace

// Whether \p BB holds nothing but the countdown: its address, load,
// decrement and store, the comparison and the branch, none used elsewhere.
static GlobalVariable *onlyCountdown(BasicBlock *BB) {
  StoreInst *Store = nullptr;
  for (Instruction &I : *BB) {
    for (User *U : I.users())
      if (cast<Instruction>(U)->getParent() != BB)
        return nullptr;
    if (auto *SI = dyn_cast<StoreInst>(&I)) {
      if (Store || SI->isVolatile() || SI->isAtomic())
        return nullptr;
      Store = SI;
    } else if (I.mayHaveSideEffects() &&
               !match(&I, m_Intrinsic<Intrinsic::threadlocal_address>())) {
      return nullptr;
    }
  }
  if (!Store)
    return nullptr;
  Value *Ptr = Store->getPointerOperand();
  // The stored value is one less than what was loaded from the same place.
  Value *Loaded;
  if (!match(Store->getValueOperand(), m_Add(m_Value(Loaded), m_AllOnes())) &&
      !match(Store->getValueOperand(), m_Sub(m_Value(Loaded), m_One())))
    return nullptr;
  auto *LI = dyn_cast<LoadInst>(Loaded);
  if (!LI || LI->getPointerOperand() != Ptr || !LI->getType()->isIntegerTy(32))
    return nullptr;
  return countdownOf(Ptr);
}

// The entry check whose state branch is \p BI, if it has the form above.
static TwoBranchGate findEntryGate(BranchInst *BI) {
  TwoBranchGate G;
  BasicBlock &Entry = *BI->getParent();
  auto *Cmp = dyn_cast<ICmpInst>(BI->getCondition());
  if (!Cmp || !Cmp->isEquality() || !match(Cmp->getOperand(1), m_Zero()))
    return G;
  auto *LI = dyn_cast<LoadInst>(Cmp->getOperand(0));
  if (!LI || !LI->isAtomic() || !LI->getType()->isIntegerTy(8))
    return G;
  unsigned On = Cmp->getPredicate() == ICmpInst::ICMP_NE ? 0 : 1;
  BasicBlock *Sample = BI->getSuccessor(On), *Skip = BI->getSuccessor(1 - On);
  auto *SB = dyn_cast<BranchInst>(Sample->getTerminator());
  if (Sample->getSinglePredecessor() != &Entry || !SB || !SB->isConditional())
    return G;
  unsigned SkipIdx = SB->getSuccessor(0) == Skip   ? 0
                     : SB->getSuccessor(1) == Skip ? 1
                                                   : 2;
  if (SkipIdx == 2 || SB->getSuccessor(1 - SkipIdx) == Skip)
    return G;
  GlobalVariable *Countdown = onlyCountdown(Sample);
  auto *Hit = dyn_cast<ICmpInst>(SB->getCondition());
  auto *Counted = Hit ? dyn_cast<Instruction>(Hit->getOperand(0)) : nullptr;
  if (!Countdown || !Counted || Counted->getParent() != Sample ||
      !Hit->isSigned() || !isa<Constant>(Hit->getOperand(1)))
    return G;
  return {BI, LI, Sample, SB->getSuccessor(1 - SkipIdx), Skip, Countdown};
}

// The rewrite keeps the values the phis of the two targets receive: the
// body's from the entry (it must get the same from the sample block), the
// traced side's from the sample block (now from the entry).
static bool phisAllow(const TwoBranchGate &G) {
  BasicBlock *Entry = G.Check->getParent();
  for (PHINode &P : G.Skip->phis())
    if (P.getIncomingValueForBlock(G.Sample) !=
        P.getIncomingValueForBlock(Entry))
      return false;
  for (PHINode &P : G.Go->phis()) {
    if (P.getBasicBlockIndex(Entry) >= 0) // reached from the entry as well
      return false;
    auto *I = dyn_cast<Instruction>(P.getIncomingValueForBlock(G.Sample));
    if (I && I->getParent() == G.Sample)
      return false;
  }
  return true;
}

static void fuse(const TwoBranchGate &G) {
  BasicBlock *Entry = G.Check->getParent();
  LLVMContext &C = Entry->getContext();
  IRBuilder<> B(G.Check);
  // Unordered now: the entry block is in no loop and the optimiser is
  // done, and the back end folds the widening into an unordered load (a
  // monotonic one costs a second move).
  G.State->setAtomic(AtomicOrdering::Unordered);
  Value *Hit = countDown(B, G.Countdown, G.State);
  BranchInst *BI = B.CreateCondBr(Hit, G.Go, G.Skip,
                                  MDBuilder(C).createUnlikelyBranchWeights());
  BI->copyMetadata(*G.Check, {LLVMContext::MD_dbg});
  markGateBranch(BI);
  // The traced side's phis get the entry's edge; deleting the sample
  // block then drops its edges from both sides' phis.
  for (PHINode &P : G.Go->phis())
    P.addIncoming(P.getIncomingValueForBlock(G.Sample), Entry);
  Value *Cond = G.Check->getCondition();
  G.Check->eraseFromParent();
  RecursivelyDeleteTriviallyDeadInstructions(Cond);
  DeleteDeadBlock(G.Sample); // and its incoming values in the body's phis
}

PreservedAnalyses RuchyTraceEntryGatePass::run(Function &F,
                                               FunctionAnalysisManager &) {
  if (!Enabled || F.isDeclaration())
    return PreservedAnalyses::all();
  auto *BI = dyn_cast<BranchInst>(F.getEntryBlock().getTerminator());
  if (!BI || !isGateBranch(BI))
    return PreservedAnalyses::all(); // no check of its own at its entry
  TwoBranchGate G = findEntryGate(BI);
  if (!G.Check) {
    ++NumGatesOtherForm;
    return PreservedAnalyses::all();
  }
  // An ifunc resolver can run before thread-local storage exists (static
  // glibc binaries apply IRELATIVE relocations first): tracing off, it
  // must not touch the countdown.
  for (GlobalIFunc &GI : F.getParent()->ifuncs())
    if (GI.getResolverFunction() == &F) {
      ++NumGatesIFunc;
      return PreservedAnalyses::all();
    }
  if (!phisAllow(G)) {
    ++NumGatesPhis;
    return PreservedAnalyses::all();
  }
  fuse(G);
  ++NumGatesFused;
  return PreservedAnalyses::none();
}

} // namespace ruchytrace
