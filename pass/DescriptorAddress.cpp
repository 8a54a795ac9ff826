//===- DescriptorAddress.cpp - a descriptor's function address, set late --===//
//
// A descriptor holds its function's address (abi.h, `addr`), so that the
// runtime can name a function pointer passed as a value. Written into the
// descriptor when the pass runs, before inlining, that reference kept every
// function alive: a static function inlined into all its callers, which the
// optimiser deletes in an uninstrumented build, stayed as dead code. In
// SQLite's amalgamation, 962 such functions (a third more than the 1476
// the uninstrumented object defines).
//
// So a function the optimiser may delete when unused (local, linkonce or
// available_externally) gets a null `addr`, and named metadata records the
// pair; metadata does not keep a function alive, and its operand becomes
// null when the function is deleted. At the end of the pipeline, the
// functions still defined get their addresses back. A deleted function has
// no address a pointer could hold, and the runtime never matches a null
// `addr` (rt_images_name_of).
//
//===----------------------------------------------------------------------===//
#include "DescriptorAddress.h"

#include "llvm/IR/Constants.h"
#include "llvm/IR/Function.h"
#include "llvm/IR/GlobalVariable.h"
#include "llvm/IR/Metadata.h"
#include "llvm/IR/Module.h"

using namespace llvm;

namespace ruchytrace {

static const char *const Deferred = "ruchy_trace.addresses";

static bool mayBeDeleted(const Function &F) {
  return F.isDiscardableIfUnused();
}

Constant *initialAddress(Function &F) {
  if (mayBeDeleted(F))
    return ConstantPointerNull::get(F.getType());
  return &F;
}

void deferAddress(GlobalVariable &Desc, unsigned Field, Function &F) {
  if (!mayBeDeleted(F))
    return;
  LLVMContext &C = F.getContext();
  Module &M = *F.getParent();
  Metadata *Ops[] = {
      ValueAsMetadata::get(&Desc),
      ConstantAsMetadata::get(ConstantInt::get(Type::getInt32Ty(C), Field)),
      ValueAsMetadata::get(&F)};
  M.getOrInsertNamedMetadata(Deferred)->addOperand(MDNode::get(C, Ops));
}

PreservedAnalyses RuchyTraceAddressPass::run(Module &M,
                                             ModuleAnalysisManager &) {
  NamedMDNode *N = M.getNamedMetadata(Deferred);
  if (!N)
    return PreservedAnalyses::all();
  for (MDNode *Op : N->operands()) {
    auto *Desc =
        mdconst::dyn_extract_or_null<GlobalVariable>(Op->getOperand(0));
    auto *Field = mdconst::dyn_extract_or_null<ConstantInt>(Op->getOperand(1));
    auto *F = mdconst::dyn_extract_or_null<Function>(Op->getOperand(2));
    if (!Desc || !Field || !F || F->isDeclaration() || !Desc->hasInitializer())
      continue;
    auto *Init = dyn_cast<ConstantStruct>(Desc->getInitializer());
    unsigned I = Field->getZExtValue();
    if (!Init || I >= Init->getNumOperands())
      continue;
    SmallVector<Constant *, 12> Fields;
    for (Use &U : Init->operands())
      Fields.push_back(cast<Constant>(U.get()));
    Fields[I] = F;
    Desc->setInitializer(ConstantStruct::get(Init->getType(), Fields));
  }
  N->eraseFromParent();
  return PreservedAnalyses::none();
}

} // namespace ruchytrace
