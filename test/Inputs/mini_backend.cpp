// A compiler backend with its own pipeline: parses IR, registers
// RuchyTrace with one call, runs the default -O2 pipeline, prints the IR.
// Arguments after the IR file set pass options through the struct, as a
// backend would from its own configuration: split=0, filter=PATTERNS.
#include "ruchytrace/pass.h"

#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"
#include "llvm/IRReader/IRReader.h"
#include "llvm/Passes/PassBuilder.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"

using namespace llvm;

int main(int argc, char **argv) {
  if (argc < 2)
    return 2;
  ruchytrace::PassOptions Opts;
  for (int I = 2; I < argc; ++I) {
    auto [Name, Value] = StringRef(argv[I]).split('=');
    if (Name == "split")
      Opts.Split = Value != "0";
    else if (Name == "filter")
      Opts.Filter = Value.str();
    else
      return 2;
  }
  LLVMContext Ctx;
  SMDiagnostic Err;
  std::unique_ptr<Module> M = parseIRFile(argv[1], Err, Ctx);
  if (!M) {
    Err.print(argv[0], errs());
    return 1;
  }
  PassBuilder PB;
  if (argc == 2)
    ruchytrace::registerPasses(PB);
  else
    ruchytrace::registerPasses(PB, Opts);
  LoopAnalysisManager LAM;
  FunctionAnalysisManager FAM;
  CGSCCAnalysisManager CGAM;
  ModuleAnalysisManager MAM;
  PB.registerModuleAnalyses(MAM);
  PB.registerCGSCCAnalyses(CGAM);
  PB.registerFunctionAnalyses(FAM);
  PB.registerLoopAnalyses(LAM);
  PB.crossRegisterProxies(LAM, FAM, CGAM, MAM);
  ModulePassManager MPM = PB.buildPerModuleDefaultPipeline(OptimizationLevel::O2);
  MPM.run(*M, MAM);
  M->print(outs(), nullptr);
  return 0;
}
