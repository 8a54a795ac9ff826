//===- TailRecursion.h - tail recursion that skips the entry check --------===//
#ifndef RUCHYTRACE_PASS_TAILRECURSION_H
#define RUCHYTRACE_PASS_TAILRECURSION_H

#include "llvm/IR/PassManager.h"

namespace ruchytrace {

/// Runs tail-recursion elimination on a split function (Dispatch.cpp) so
/// that the loop it makes starts after the entry check instead of at it.
/// Registered after the instruction combiner, which the default pipelines
/// run just before their own tail-recursion elimination.
struct RuchyTraceTailRecursionPass
    : llvm::PassInfoMixin<RuchyTraceTailRecursionPass> {
  llvm::PreservedAnalyses run(llvm::Function &F,
                              llvm::FunctionAnalysisManager &FAM);
};

} // namespace ruchytrace

#endif
