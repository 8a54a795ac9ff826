//===- EntryGate.h - one branch for the check at a function's entry -------===//
#ifndef RUCHYTRACE_PASS_ENTRYGATE_H
#define RUCHYTRACE_PASS_ENTRYGATE_H

#include "ruchytrace/pass.h"

#include "llvm/IR/PassManager.h"

namespace ruchytrace {

/// Rewrites the entry check in a function's entry block from two branches
/// (state, then countdown) into one (the state subtracted from the
/// countdown); see EntryGate.cpp. Registered at the end of the optimisation
/// pipeline, after inlining has placed every other check. Does nothing
/// unless PassOptions::EntryGate.
struct RuchyTraceEntryGatePass : llvm::PassInfoMixin<RuchyTraceEntryGatePass> {
  explicit RuchyTraceEntryGatePass(const PassOptions &Opts)
      : Enabled(Opts.EntryGate) {}
  llvm::PreservedAnalyses run(llvm::Function &F,
                              llvm::FunctionAnalysisManager &FAM);

private:
  bool Enabled;
};

} // namespace ruchytrace

#endif
