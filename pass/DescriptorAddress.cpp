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
// So a local function with a descriptor of its own gets a null `addr`,
// and named metadata records the pair; metadata does not keep a function
// alive, and its operand becomes null when the function is deleted. At the
// end of the pipeline, the functions still defined get their addresses
// back. A deleted local function has no address a pointer could hold, and
// the runtime never matches a null `addr` (rt_images_name_of; the frame
// rules in rt_frames.c read a null one as "no copy of its own").
//
// Not for a descriptor shared across objects (inline functions, templates,
// Rust's per-unit copies: DescriptorLinkage.cpp): the linker keeps one
// copy, which must say what every object's says. A function whose address
// nothing took may also be replaced by another optimisation (dead argument
// elimination) and lose its `addr`: a pointer cannot hold it either.
//
//===----------------------------------------------------------------------===//
#include "DescriptorAddress.h"

#include "llvm/ADT/Statistic.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/Function.h"
#include "llvm/IR/GlobalVariable.h"
#include "llvm/IR/Metadata.h"
#include "llvm/IR/Module.h"

using namespace llvm;

#define DEBUG_TYPE "ruchy-trace"

STATISTIC(NumAddressesDeferred,
          "Descriptor addresses left to the end of the pipeline");
STATISTIC(NumAddressesDropped,
          "Descriptor addresses dropped: function deleted by the optimiser");

namespace ruchytrace {

static const char *const Deferred = "ruchy_trace.addresses";

// Writes \p V into field \p I of \p Desc's initializer.
static void setField(GlobalVariable &Desc, unsigned I, Constant *V) {
  auto *Init = cast<ConstantStruct>(Desc.getInitializer());
  SmallVector<Constant *, 12> Fields;
  for (Use &U : Init->operands())
    Fields.push_back(cast<Constant>(U.get()));
  Fields[I] = V;
  Desc.setInitializer(ConstantStruct::get(Init->getType(), Fields));
}

void deferAddress(GlobalVariable &Desc, unsigned Field, Function &F) {
  if (!F.hasLocalLinkage() || !Desc.hasLocalLinkage())
    return;
  setField(Desc, Field, ConstantPointerNull::get(F.getType()));
  LLVMContext &C = F.getContext();
  Module &M = *F.getParent();
  Metadata *Ops[] = {
      ValueAsMetadata::get(&Desc),
      ConstantAsMetadata::get(ConstantInt::get(Type::getInt32Ty(C), Field)),
      ValueAsMetadata::get(&F)};
  M.getOrInsertNamedMetadata(Deferred)->addOperand(MDNode::get(C, Ops));
  ++NumAddressesDeferred;
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
    if (!Desc || !Field || !Desc->hasInitializer())
      continue; // the descriptor went too
    if (F && !F->isDeclaration())
      setField(*Desc, Field->getZExtValue(), F);
    else
      ++NumAddressesDropped;
  }
  N->eraseFromParent();
  return PreservedAnalyses::none();
}

} // namespace ruchytrace
