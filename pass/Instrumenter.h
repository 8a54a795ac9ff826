//===- Instrumenter.h - the ruchy-trace module pass -----------------------===//
#ifndef RUCHYTRACE_PASS_INSTRUMENTER_H
#define RUCHYTRACE_PASS_INSTRUMENTER_H

#include "ruchytrace/pass.h"

#include "llvm/IR/PassManager.h"

namespace ruchytrace {

/// Instruments every eligible function of a module with an entry event and
/// an exit event on every return path, and emits the per-function
/// descriptors and the image's registration constructor. Required, so it
/// also runs on optnone functions at -O0.
struct RuchyTracePass : llvm::PassInfoMixin<RuchyTracePass> {
  explicit RuchyTracePass(const PassOptions &Opts) : Opts(Opts) {}
  llvm::PreservedAnalyses run(llvm::Module &M, llvm::ModuleAnalysisManager &);
  static bool isRequired() { return true; }

private:
  PassOptions Opts;
};

} // namespace ruchytrace

#endif
