//===- Plugin.cpp - RuchyTrace.so entry point -----------------------------===//
//
// Registers the pass two ways: by name for `opt -passes=ruchy-trace`, and
// at the start of every default pipeline for `clang -fpass-plugin=` and
// `rustc -Zllvm-plugins=`. Pipeline start is before any inlining or SROA,
// so parameters are still in the slots debug info describes, and it is
// invoked at -O0 as well. Two small passes follow at the end of the
// pipeline (EntryGate.cpp, DescriptorAddress.cpp).
//
// The plugin's command-line options are read here and nowhere else: they
// fill a PassOptions (ruchytrace/pass.h) that each pass is given, so a
// backend linking libRuchyTracePass.a can set the same things without them.
//
//===----------------------------------------------------------------------===//
#include "DescriptorAddress.h"
#include "EntryGate.h"
#include "Instrumenter.h"
#include "TailRecursion.h"
#include "ruchytrace/pass.h"

#include "llvm/Config/llvm-config.h"
#include "llvm/Passes/PassBuilder.h"
#include "llvm/Support/CommandLine.h"
#if LLVM_VERSION_MAJOR >= 22
#include "llvm/Plugins/PassPlugin.h"
#else
#include "llvm/Passes/PassPlugin.h"
#endif

using namespace llvm;
using namespace ruchytrace;

#ifndef RUCHYTRACE_VERSION
#define RUCHYTRACE_VERSION "0.0.0"
#endif

// The options' defaults are PassOptions' own (pass.h).
static const PassOptions Defaults;

static cl::opt<bool>
    ClEnable("ruchy-trace-enable", cl::init(Defaults.Enable),
             cl::desc("Instrument functions for RuchyTrace (set to false "
                      "to load the plugin without changing any code)"));

static cl::opt<bool> ClSplit(
    "ruchy-trace-split", cl::init(Defaults.Split),
    cl::desc("Hook a traced copy of each function and keep its own body "
             "untouched behind an entry check (false: hook the one body)"));

static cl::opt<unsigned> ClSplitMax(
    "ruchy-trace-split-max", cl::init(Defaults.SplitMax),
    cl::desc("Split only functions of at most this many IR instructions "
             "(before optimisation), and recursive ones; hook larger ones in "
             "their one body"));

static cl::opt<unsigned> ClCopySize(
    "ruchy-trace-copy-size", cl::init(Defaults.CopySize),
    cl::desc("How the traced copies are optimised: 0 like the function, "
             "1 for size, 2 for minimum size"));

static cl::opt<bool> ClColdCopy(
    "ruchy-trace-cold-copy", cl::init(Defaults.ColdCopy),
    cl::desc("Mark the traced copies cold and optimise them for size"));

static cl::opt<bool> ClEntryGate(
    "ruchy-trace-entry-gate", cl::init(Defaults.EntryGate),
    cl::desc("Check state and sampling countdown with one branch at a "
             "function's entry (false: two branches, as inlined checks)"));

static cl::opt<std::string> ClFilter(
    "ruchy-trace-filter", cl::init(Defaults.Filter),
    cl::desc("Comma-separated glob patterns on function names (qualified, "
             "or the last component); a leading '-' excludes. Functions "
             "filtered out get no instrumentation."));

static cl::opt<bool> ClInline(
    "ruchy-trace-inline", cl::init(Defaults.RustInline),
    cl::desc("Also instrument Rust functions marked #[inline]; by default "
             "they are left alone (C/C++ `inline` functions are traced)"));

static cl::opt<bool> ClStd(
    "ruchy-trace-std", cl::init(Defaults.RustStd),
    cl::desc("Also instrument the Rust standard library's functions that "
             "are compiled into the crate (generic instances); by default a "
             "Rust trace shows the program's own functions"));

static cl::opt<bool> ClSystem(
    "ruchy-trace-system", cl::init(Defaults.SystemCode),
    cl::desc("Also instrument C/C++ code from system headers (std::, "
             "__gnu_cxx::, /usr/include); by default a C++ trace shows the "
             "program's own functions"));

static PassOptions optionsFromCommandLine() {
  PassOptions O;
  O.Enable = ClEnable;
  O.Split = ClSplit;
  O.SplitMax = ClSplitMax;
  O.ColdCopy = ClColdCopy;
  O.CopySize = ClCopySize;
  O.EntryGate = ClEntryGate;
  O.Filter = ClFilter;
  O.RustInline = ClInline;
  O.RustStd = ClStd;
  O.SystemCode = ClSystem;
  return O;
}

// Makes `-passes=Name` (opt, tests) add the pass \p Make returns to a
// pipeline of its kind.
template <class Manager, class MakePass>
static void byName(PassBuilder &PB, StringRef Name, MakePass Make) {
  PB.registerPipelineParsingCallback(
      [Name, Make](StringRef Asked, Manager &PM,
                   ArrayRef<PassBuilder::PipelineElement>) {
        if (Asked != Name)
          return false;
        PM.addPass(Make());
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

// The passes at their places in every default pipeline.
static void addToDefaultPipelines(PassBuilder &PB, const PassOptions &Opts) {
  PB.registerPipelineStartEPCallback(
      [Opts](ModulePassManager &MPM, OptimizationLevel) {
        MPM.addPass(RuchyTracePass(Opts));
      });
  // Runs after each instruction combiner, one of which is just before the
  // pipeline's tail-recursion elimination (TailRecursion.cpp).
  PB.registerPeepholeEPCallback(
      [](FunctionPassManager &FPM, OptimizationLevel) {
        FPM.addPass(RuchyTraceTailRecursionPass());
      });
  // After inlining has placed every check (EntryGate.cpp, not before an
  // LTO link) and deleted the functions it could (DescriptorAddress.cpp).
  PB.registerOptimizerLastEPCallback(
      [Opts](ModulePassManager &MPM, OptimizationLevel, auto... Phase) {
        if (!beforeLTOLink(Phase...))
          MPM.addPass(
              createModuleToFunctionPassAdaptor(RuchyTraceEntryGatePass(Opts)));
        MPM.addPass(RuchyTraceAddressPass());
      });
}

// Each pass by name, for textual pipelines.
static void addByName(PassBuilder &PB, const PassOptions &Opts) {
  byName<ModulePassManager>(PB, "ruchy-trace",
                            [Opts] { return RuchyTracePass(Opts); });
  byName<FunctionPassManager>(PB, "ruchy-trace-tail-recursion",
                              [] { return RuchyTraceTailRecursionPass(); });
  byName<FunctionPassManager>(PB, "ruchy-trace-entry-gate",
                              [Opts] { return RuchyTraceEntryGatePass(Opts); });
  byName<ModulePassManager>(PB, "ruchy-trace-addresses",
                            [] { return RuchyTraceAddressPass(); });
}

void ruchytrace::registerPasses(PassBuilder &PB, const PassOptions &Opts) {
  addToDefaultPipelines(PB, Opts);
  addByName(PB, Opts);
}

// Hosts parse the command line (-mllvm, -C llvm-args, opt's own) before
// they build a pipeline, so the options are read then.
void ruchytrace::registerPasses(PassBuilder &PB) {
  registerPasses(PB, optionsFromCommandLine());
}

extern "C" LLVM_ATTRIBUTE_WEAK PassPluginLibraryInfo llvmGetPassPluginInfo() {
  return {LLVM_PLUGIN_API_VERSION, "RuchyTrace", RUCHYTRACE_VERSION,
          [](PassBuilder &PB) { ruchytrace::registerPasses(PB); }};
}
