//===- Dispatch.cpp - untouched body, traced copy, one check between ------===//
//
// Tracing off must cost what the optimiser's own code costs. Hooks placed
// in the function's one body do not: an exit hook after a recursive call
// keeps it from becoming a loop (tail-recursion elimination), and the
// record path's call makes every leaf function a non-leaf with a stack
// adjustment and register moves in its untraced path. So each function F
// is split in two before optimisation:
//
//   F:                                        ; the untouched body, plus
//     (static allocas)
//     %s = load atomic i8 @desc monotonic     ; 0 unless traced
//     br %s != 0, %ruchy.sample, %ruchy.body  ; predicted not taken
//   ruchy.sample:                             ; 1-in-N sampling inline
//     %c = countdown(TLS) - 1 ; store
//     br %c < 0, %ruchy.traced, %ruchy.body
//   ruchy.traced:
//     %r = tail call F.traced(args...)        ; a jump where the ABI allows
//     ret %r
//   ruchy.body: ...                           ; F as written
//
//   F.traced:                                 ; internal, noinline, cold
//     the same body with the entry and exit hooks (Instrumenter.cpp)
//
// At the end of the pipeline, EntryGate.cpp makes the check in F's own
// entry one branch (the state subtracted from the countdown).
//
// Calls anywhere, in F, in F.traced or inlined into a third function, go
// to F, so every source-level call still meets its check: with tracing
// on, F dispatches each one to F.traced, which records it. An inlined copy
// of F carries only the check and a call of F.traced. The state load is
// atomic, so no loop transformation hoists it.
//
// F.traced runs in a machine frame of its own (it is never inlined), which
// the runtime's abandoned-frame rules rely on (RUCHY_TRACE_F_OWN_FRAME).
//
//===----------------------------------------------------------------------===//
#include "Dispatch.h"
#include "SourceInfo.h"

#include "llvm/IR/Constants.h"
#include "llvm/IR/Function.h"
#include "llvm/IR/GlobalVariable.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/MDBuilder.h"
#include "llvm/IR/Module.h"
#include "llvm/Transforms/Utils/Cloning.h"

using namespace llvm;

namespace ruchytrace {

// Marks the check's branch, for TailRecursion.cpp to find after other
// passes have reshaped the function around it.
static const char *const GateKind = "ruchy.trace.gate";

bool isGateBranch(const BranchInst *BI) {
  return BI->isConditional() && BI->getMetadata(GateKind);
}

bool isDispatchCall(const CallInst *CI) { return CI->getMetadata(GateKind); }

void markGateBranch(BranchInst *BI) {
  BI->setMetadata(GateKind, MDNode::get(BI->getContext(), {}));
}

BasicBlock *Gate::emit(BasicBlock *Entry, BasicBlock *Go,
                       BasicBlock *Skip) const {
  LLVMContext &C = Entry->getContext();
  Function *F = Entry->getParent();
  MDBuilder MDB(C);
  Type *I8 = Type::getInt8Ty(C);
  IRBuilder<> B(Entry);
  B.SetCurrentDebugLocation(DL);
  LoadInst *State = B.CreateAlignedLoad(I8, Desc, Align(8), "ruchy.state");
  // Monotonic, not unordered: an unordered load can be hoisted out of loops
  // (large workload off 1.03x instead of 1.06x), but the tiny function's
  // sampled path measured 1.3x instead of 1.05x with it (bench/RESULTS.md).
  State->setAtomic(AtomicOrdering::Monotonic);
  BasicBlock *Sample =
      IsAlways ? nullptr : BasicBlock::Create(C, "ruchy.sample", F, Skip);
  BranchInst *Check = B.CreateCondBr(
      B.CreateICmpNE(State, ConstantInt::get(I8, 0)), Sample ? Sample : Go,
      Skip, MDB.createUnlikelyBranchWeights());
  markGateBranch(Check);
  if (!Sample)
    return nullptr;
  B.SetInsertPoint(Sample);
  // Not weighted: weights here let block placement put the countdown
  // before the body, and the untraced path then takes a jump. (At a
  // function's entry EntryGate.cpp merges the two branches into one.)
  B.CreateCondBr(countDown(B, Countdown, nullptr), Go, Skip);
  return Sample;
}

Value *countDown(IRBuilder<> &B, GlobalVariable *Countdown, Value *State) {
  Type *I32 = B.getInt32Ty();
  Value *CountAddr = B.CreateThreadLocalAddress(Countdown);
  Value *Count = B.CreateAlignedLoad(I32, CountAddr, Align(4));
  Value *Next = B.CreateSub(Count, State ? B.CreateZExt(State, I32)
                                         : ConstantInt::get(I32, 1));
  B.CreateAlignedStore(Next, CountAddr, Align(4));
  return B.CreateICmpSLT(Next, ConstantInt::get(I32, 0));
}

bool callsItself(Function &F) {
  for (User *U : F.users())
    if (auto *CB = dyn_cast<CallBase>(U))
      if (CB->getFunction() == &F && CB->getCalledOperand() == &F)
        return true;
  return false;
}

bool canSplit(const Function &F) {
  // A coroutine's ramp must reach coro.begin on every path that returns.
  if (F.isPresplitCoroutine())
    return false;
  for (const Argument &A : F.args())
    if (A.hasInAllocaAttr() || A.hasPreallocatedAttr())
      return false;
  // Labels taken as values (computed goto, as in interpreters' dispatch
  // loops) name F's blocks: a copy would jump into the original.
  for (const BasicBlock &BB : F)
    if (BB.hasAddressTaken())
      return false;
  return true;
}

// Points \p Info's IR values (arguments, parameter storage, prologue
// images) at their copies in the clone.
static void remapInfo(FunctionInfo &Info, const ValueToValueMapTy &VMap) {
  for (ParamInfo &P : Info.Params) {
    if (P.Arg)
      P.Arg = cast<Argument>(VMap.lookup(P.Arg));
    if (P.Storage)
      P.Storage = VMap.lookup(P.Storage);
    P.Image.remap(VMap);
  }
}

static Function *cloneTraced(Function &F, ValueToValueMapTy &VMap,
                             const PassOptions &Opts) {
  Function *T = CloneFunction(&F, VMap);
  T->setName(F.getName() + ".traced");
  T->setLinkage(GlobalValue::InternalLinkage);
  T->setVisibility(GlobalValue::DefaultVisibility);
  T->setDLLStorageClass(GlobalValue::DefaultStorageClass);
  T->setUnnamedAddr(GlobalValue::UnnamedAddr::Global);
  T->setComdat(nullptr); // DescriptorLinkage.cpp: linked like the descriptor
  T->removeFnAttr(Attribute::AlwaysInline);
  T->removeFnAttr(Attribute::InlineHint);
  T->removeFnAttr(Attribute::Hot);
  T->addFnAttr(Attribute::NoInline);
  if (Opts.ColdCopy && !T->hasFnAttribute(Attribute::OptimizeNone)) {
    // Only run when tracing, where the hooks dominate its cost: out of the
    // hot text, small, and a cold call wherever F's check is inlined.
    T->addFnAttr(Attribute::Cold);
    if (Opts.CopySize >= 1)
      T->addFnAttr(Attribute::OptimizeForSize);
    if (Opts.CopySize >= 2)
      T->addFnAttr(Attribute::MinSize);
  }
  return T;
}

Function *splitTraced(Function &F, FunctionInfo &Info, const Gate &G,
                      const PassOptions &Opts) {
  ValueToValueMapTy VMap;
  Function *T = cloneTraced(F, VMap, Opts);
  remapInfo(Info, VMap);

  // The check goes after the static allocas, which must stay in the entry
  // block to stay static; they cost nothing on either path.
  BasicBlock *Entry = &F.getEntryBlock();
  auto IP = Entry->begin();
  while (IP != Entry->end() && isa<AllocaInst>(*IP) &&
         cast<AllocaInst>(*IP).isStaticAlloca())
    ++IP;
  BasicBlock *Body = Entry->splitBasicBlock(IP, "ruchy.body");
  Entry->getTerminator()->eraseFromParent();
  LLVMContext &C = F.getContext();
  BasicBlock *Traced = BasicBlock::Create(C, "ruchy.traced", &F, Body);
  BasicBlock *Sample = G.emit(Entry, Traced, Body);
  Traced->moveAfter(Sample ? Sample : Entry);

  IRBuilder<> B(Traced);
  B.SetCurrentDebugLocation(G.DL);
  SmallVector<Value *, 8> Args;
  for (Argument &A : F.args())
    Args.push_back(&A);
  CallInst *CI = B.CreateCall(T, Args);
  CI->setCallingConv(F.getCallingConv());
  CI->setMetadata(GateKind, MDNode::get(C, {}));
  // ABI attributes (sret, byval, zeroext, inreg, ...) as F receives them.
  AttributeList FA = F.getAttributes();
  SmallVector<AttributeSet, 8> ArgAttrs;
  for (unsigned I = 0; I < F.arg_size(); ++I)
    ArgAttrs.push_back(FA.getParamAttrs(I));
  CI->setAttributes(
      AttributeList::get(C, AttributeSet(), FA.getRetAttrs(), ArgAttrs));
  // Only a musttail call can pass on a variadic function's arguments;
  // elsewhere `tail` lets the back end make it a jump when the arguments
  // stay in registers.
  CI->setTailCallKind(F.isVarArg() ? CallInst::TCK_MustTail
                                   : CallInst::TCK_Tail);
  if (F.getReturnType()->isVoidTy())
    B.CreateRetVoid();
  else
    B.CreateRet(CI);
  return T;
}

} // namespace ruchytrace
