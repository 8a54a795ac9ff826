//===- Dispatch.h - untouched body, traced copy, one check between --------===//
//
// How an instrumented function keeps its untraced path the optimiser's own
// code: see Dispatch.cpp.
//
//===----------------------------------------------------------------------===//
#ifndef RUCHYTRACE_PASS_DISPATCH_H
#define RUCHYTRACE_PASS_DISPATCH_H

#include "ruchytrace/pass.h"

#include "llvm/IR/DebugLoc.h"
#include "llvm/IR/IRBuilder.h"

namespace llvm {
class BasicBlock;
class BranchInst;
class CallInst;
class Function;
class GlobalVariable;
} // namespace llvm

namespace ruchytrace {

struct FunctionInfo;

/// What the entry check needs: the function's descriptor, the thread's
/// sampling countdown, and whether the function skips sampling.
struct Gate {
  llvm::GlobalVariable *Desc;
  llvm::GlobalVariable *Countdown;
  bool IsAlways;
  llvm::DebugLoc DL;

  /// Ends \p Entry (which has no terminator) with the state check and,
  /// unless IsAlways, the 1-in-N countdown: control reaches \p Go for a
  /// call to trace and \p Skip otherwise. Returns the countdown's block,
  /// or null.
  llvm::BasicBlock *emit(llvm::BasicBlock *Entry, llvm::BasicBlock *Go,
                         llvm::BasicBlock *Skip) const;
};

/// Whether \p BI is the state check Gate::emit made.
bool isGateBranch(const llvm::BranchInst *BI);

/// Subtracts \p State (the i8 state byte; 1 if null) from the thread's
/// sampling countdown at \p B and returns whether this call is one to
/// record: the countdown went below zero (abi.h, __ruchy_trace_countdown).
llvm::Value *countDown(llvm::IRBuilder<> &B, llvm::GlobalVariable *Countdown,
                       llvm::Value *State);

/// Marks \p BI as a state check (for isGateBranch).
void markGateBranch(llvm::BranchInst *BI);

/// Whether \p CI is the call of the traced copy splitTraced made.
bool isDispatchCall(const llvm::CallInst *CI);

/// Whether \p F contains a direct call of itself.
bool callsItself(llvm::Function &F);

/// Whether \p F can be split into a dispatching original and a traced copy
/// (presplit coroutines, inalloca/preallocated frames and functions whose
/// labels are taken as values cannot).
bool canSplit(const llvm::Function &F);

/// Copies \p F, before any hook is added, into an internal `F.traced`
/// that is never inlined, and makes \p F's entry dispatch to it through
/// \p G. \p Info, collected on \p F, is remapped to the copy; \p Opts
/// says how the copy is optimised (ColdCopy, CopySize). Returns the copy,
/// which the caller then instruments without a check of its own.
llvm::Function *splitTraced(llvm::Function &F, FunctionInfo &Info,
                            const Gate &G, const PassOptions &Opts);

} // namespace ruchytrace

#endif
