//===- DescriptorAddress.h - a descriptor's function address, set late ----===//
#ifndef RUCHYTRACE_PASS_DESCRIPTORADDRESS_H
#define RUCHYTRACE_PASS_DESCRIPTORADDRESS_H

#include "llvm/IR/PassManager.h"

namespace llvm {
class Function;
class GlobalVariable;
} // namespace llvm

namespace ruchytrace {

/// For a local function with a descriptor of its own (see
/// DescriptorAddress.cpp): empties \p Desc's `addr` field (field \p Field)
/// and records that it is \p F's address if \p F is still defined at the
/// end of the pipeline.
void deferAddress(llvm::GlobalVariable &Desc, unsigned Field,
                  llvm::Function &F);

/// Fills in the recorded addresses of the functions that are still there.
/// Registered at the end of the optimisation pipeline.
struct RuchyTraceAddressPass : llvm::PassInfoMixin<RuchyTraceAddressPass> {
  llvm::PreservedAnalyses run(llvm::Module &M, llvm::ModuleAnalysisManager &);
};

} // namespace ruchytrace

#endif
