//===- Plugin.cpp - RuchyTrace.so entry point -----------------------------===//
//
// Registers the pass two ways: by name for `opt -passes=ruchy-trace`, and
// at the start of every default pipeline for `clang -fpass-plugin=` and
// `rustc -Zllvm-plugins=`. Pipeline start is before any inlining or SROA,
// so parameters are still in the slots debug info describes, and it is
// invoked at -O0 as well. Two small passes follow at the end of the
// pipeline (EntryGate.cpp, DescriptorAddress.cpp).
//
//===----------------------------------------------------------------------===//
#include "DescriptorAddress.h"
#include "EntryGate.h"
#include "Instrumenter.h"
#include "TailRecursion.h"
#include "ruchytrace/pass.h"

#include "llvm/Config/llvm-config.h"
#include "llvm/Passes/PassBuilder.h"
#if LLVM_VERSION_MAJOR >= 22
#include "llvm/Plugins/PassPlugin.h"
#else
#include "llvm/Passes/PassPlugin.h"
#endif

using namespace llvm;

#ifndef RUCHYTRACE_VERSION
#define RUCHYTRACE_VERSION "0.0.0"
#endif

// Makes `-passes=Name` (opt, tests) add a Pass to a pipeline of its kind.
template <class Manager, class Pass>
static void byName(PassBuilder &PB, StringRef Name) {
  PB.registerPipelineParsingCallback(
      [Name](StringRef Asked, Manager &PM,
             ArrayRef<PassBuilder::PipelineElement>) {
        if (Asked != Name)
          return false;
        PM.addPass(Pass());
        return true;
      });
}

// Whether a pipeline is the compile step of an LTO build (LLVM 20 and
// later say so to OptimizerLast callbacks; LLVM 19 does not).
[[maybe_unused]] static bool beforeLTOLink() { return false; }
[[maybe_unused]] static bool beforeLTOLink(ThinOrFullLTOPhase P) {
  return P == ThinOrFullLTOPhase::ThinLTOPreLink ||
         P == ThinOrFullLTOPhase::FullLTOPreLink;
}

void ruchytrace::registerPasses(PassBuilder &PB) {
  using namespace ruchytrace;
  PB.registerPipelineStartEPCallback(
      [](ModulePassManager &MPM, OptimizationLevel) {
        MPM.addPass(ruchytrace::RuchyTracePass());
      });
  // Runs after each instruction combiner, one of which is just before the
  // pipeline's tail-recursion elimination (TailRecursion.cpp).
  PB.registerPeepholeEPCallback(
      [](FunctionPassManager &FPM, OptimizationLevel) {
        FPM.addPass(ruchytrace::RuchyTraceTailRecursionPass());
      });
  // After inlining has placed every check (EntryGate.cpp, not before an
  // LTO link) and deleted the functions it could (DescriptorAddress.cpp).
  PB.registerOptimizerLastEPCallback([](ModulePassManager &MPM,
                                        OptimizationLevel, auto... Phase) {
    if (!beforeLTOLink(Phase...))
      MPM.addPass(createModuleToFunctionPassAdaptor(RuchyTraceEntryGatePass()));
    MPM.addPass(RuchyTraceAddressPass());
  });
  byName<ModulePassManager, RuchyTracePass>(PB, "ruchy-trace");
  byName<FunctionPassManager, RuchyTraceTailRecursionPass>(
      PB, "ruchy-trace-tail-recursion");
  byName<FunctionPassManager, RuchyTraceEntryGatePass>(
      PB, "ruchy-trace-entry-gate");
  byName<ModulePassManager, RuchyTraceAddressPass>(PB, "ruchy-trace-addresses");
}

extern "C" LLVM_ATTRIBUTE_WEAK PassPluginLibraryInfo llvmGetPassPluginInfo() {
  return {LLVM_PLUGIN_API_VERSION, "RuchyTrace", RUCHYTRACE_VERSION,
          [](PassBuilder &PB) { ruchytrace::registerPasses(PB); }};
}
