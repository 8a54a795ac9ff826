//===- DescriptorLinkage.cpp - how a function's descriptor is linked ------===//
//
// The pass runs before inlining, so a function's entry check, which names
// its descriptor, is copied into every function it is inlined into. For a
// function the linker may see defined in several objects (C++ inline
// functions, templates, in-class members: linkonce_odr/weak_odr, in a COMDAT
// group) the linker keeps one group and discards the others, while the
// inlined copies stay behind in other groups and other objects. ELF forbids
// referencing a local symbol of a discarded group ("defined in discarded
// section"), so such a descriptor is a hidden linkonce_odr symbol named
// after its function, in a group of its own, as the instrprof counters are:
// every reference, from any object, resolves to the one copy the linker
// keeps, and that copy registers once per image (hidden: each executable or
// shared object registers its own). A group of its own rather than the
// function's keeps the link working when the copy of the function that
// prevails comes from an object built without instrumentation or with a
// compile-time filter that left it out.
//
// The same holds for the copies rustc makes of a function in each codegen
// unit that uses it (local functions with equal symbols): they share one
// descriptor, so the function registers once, not once per copy.
//
// Objects built with flags that change how values are passed to the runtime
// (-gline-tables-only next to -g, say) must not share a descriptor: one
// object's call sites would be read with the other's layout. The symbol
// therefore ends in a digest of that call contract; same flags, same
// symbol.
//
//===----------------------------------------------------------------------===//
#include "DescriptorLinkage.h"
#include "SourceInfo.h"

#include "llvm/ADT/Statistic.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/BinaryFormat/Dwarf.h"
#include "llvm/IR/DebugInfoMetadata.h"
#include "llvm/IR/Function.h"
#include "llvm/IR/GlobalVariable.h"
#include "llvm/IR/Module.h"
#include "llvm/TargetParser/Triple.h"

using namespace llvm;

#define DEBUG_TYPE "ruchy-trace"

STATISTIC(NumSharedDescriptors,
          "Descriptors shared across objects (linkonce_odr)");

namespace ruchytrace {

// rustc copies small functions, closures and #[inline] functions into each
// codegen unit (and crate) that uses them, as local functions with the
// same symbol; the symbol names the crate, the path and the generic
// arguments, so equal symbols are copies of one function.
static bool isRustLocalCopy(const Function &F) {
  const DISubprogram *SP = F.getSubprogram();
  return F.hasLocalLinkage() && SP &&
         sourceLanguage(SP->getUnit()) == dwarf::DW_LANG_Rust &&
         (F.getName().starts_with("_R") || F.getName().starts_with("_ZN"));
}

void setDescriptorLinkage(Module &M, GlobalVariable *Desc, Function &F,
                          uint32_t CallDigest) {
  if (F.hasLocalLinkage() && !isRustLocalCopy(F)) {
    // Local functions of different objects may share a name (C `static`),
    // so their descriptors stay local; a local function in a group (rare)
    // keeps its descriptor there, so both are kept or discarded together.
    if (Comdat *CD = F.getComdat())
      Desc->setComdat(CD);
    return;
  }
  // Defined once in the program, or interposable (plain weak: never
  // inlined, and another object's weak copy may be another function): a
  // private descriptor is right.
  if (!F.hasLocalLinkage() && !F.hasComdat() && !F.hasLinkOnceODRLinkage() &&
      !F.hasWeakODRLinkage())
    return;
  Desc->setName("ruchy_trace.fn." + F.getName() + "." +
                utohexstr(CallDigest, /*LowerCase=*/true));
  Desc->setLinkage(GlobalValue::LinkOnceODRLinkage);
  Desc->setVisibility(GlobalValue::HiddenVisibility);
  if (Triple(M.getTargetTriple()).supportsCOMDAT())
    Desc->setComdat(M.getOrInsertComdat(Desc->getName()));
  ++NumSharedDescriptors;
}

// The traced copy (Dispatch.cpp) is called from every inlined copy of F's
// entry check, like the descriptor is named there, and it passes values in
// its descriptor's layout: it is linked like its descriptor.
void setTracedLinkage(Module &M, Function &T, GlobalVariable *Desc) {
  T.setComdat(nullptr);
  if (Desc->hasLinkOnceODRLinkage()) {
    // The descriptor's name ends in the call digest (setDescriptorLinkage).
    T.setName(T.getName() + "." + Desc->getName().rsplit('.').second);
    T.setLinkage(GlobalValue::LinkOnceODRLinkage);
    T.setVisibility(GlobalValue::HiddenVisibility);
    if (Desc->hasComdat())
      T.setComdat(M.getOrInsertComdat(T.getName()));
  } else if (Desc->hasComdat()) {
    T.setComdat(Desc->getComdat());
  }
}

} // namespace ruchytrace
