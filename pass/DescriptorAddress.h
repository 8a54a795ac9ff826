//===- DescriptorAddress.h - a descriptor's function address, set late ----===//
#ifndef RUCHYTRACE_PASS_DESCRIPTORADDRESS_H
#define RUCHYTRACE_PASS_DESCRIPTORADDRESS_H

#include "llvm/IR/PassManager.h"

namespace llvm {
class Constant;
class Function;
class GlobalVariable;
} // namespace llvm

namespace ruchytrace {

/// What a new descriptor's `addr` field holds: \p F, or null for a
/// function the optimiser may delete (see DescriptorAddress.cpp), whose
/// address deferAddress then records.
llvm::Constant *initialAddress(llvm::Function &F);

/// Records that \p Desc's `addr` field (field \p Field) is \p F's address
/// if \p F is still defined at the end of the pipeline.
void deferAddress(llvm::GlobalVariable &Desc, unsigned Field,
                  llvm::Function &F);

/// Fills in the recorded addresses of the functions that are still there.
/// Registered at the end of the optimisation pipeline.
struct RuchyTraceAddressPass : llvm::PassInfoMixin<RuchyTraceAddressPass> {
  llvm::PreservedAnalyses run(llvm::Module &M, llvm::ModuleAnalysisManager &);
};

} // namespace ruchytrace

#endif
