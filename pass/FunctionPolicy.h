//===- FunctionPolicy.h - which functions the pass instruments ------------===//
//
// Everything that decides whether a function is traced: what its IR says
// (declarations, naked, no_instrument_function, always_inline, Rust
// #[inline], the source annotations), what its source-level name says (Rust
// standard-library instances, the compile-time filter), and the module-level
// findings reported once the module is done.
//
//===----------------------------------------------------------------------===//
#ifndef RUCHYTRACE_PASS_FUNCTIONPOLICY_H
#define RUCHYTRACE_PASS_FUNCTIONPOLICY_H

#include "ruchytrace/pass.h"

#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/IR/PassManager.h"

// The filter syntax and matching rule, shared with the runtime.
#include "../rt/rt_name_filter.h"

namespace llvm {
class Function;
class Module;
} // namespace llvm

namespace ruchytrace {

struct FunctionInfo;
struct SkipReason; // FunctionPolicy.cpp

class FunctionPolicy {
public:
  /// \p Opts: the filter and the Rust switches (RustInline, RustStd).
  FunctionPolicy(llvm::Module &M, llvm::FunctionAnalysisManager *FAM,
                 const PassOptions &Opts);

  /// The first look, at what the IR says about \p F. False: leave \p F
  /// alone; every reason but "not code of this module" is counted (-stats)
  /// and a missed remark (-Rpass-missed=ruchy-trace).
  bool admits(llvm::Function &F);

  /// The second look, at what the source says about \p F (its name); may
  /// remark. False: leave \p F alone.
  bool wants(llvm::Function &F, const FunctionInfo &Info);

  /// Annotated ruchy_trace_always: traced whatever the filters and the
  /// sampling period.
  bool isAlways(llvm::Function &F) const { return Always.count(&F); }

  /// After the module's functions are done: reports the filter's patterns
  /// that matched nothing and functions rustc inlined before the pass ran,
  /// and removes clang's -finstrument-functions-after-inlining marks.
  /// Returns whether it changed the module.
  bool finish();

private:
  /// Why \p F, as the IR has it, is not instrumented; null if it may be.
  const SkipReason *skipReason(llvm::Function &F) const;
  void remark(llvm::Function &F, const char *Why);
  bool isRustInline(llvm::Function &F) const;
  void readAnnotations();
  void parseFilter();
  void reportUnmatchedFilter();
  void reportMirInlining();

  llvm::Module &M;
  llvm::FunctionAnalysisManager *FAM; // for remarks; null under no manager
  const PassOptions &Opts;
  bool ModuleMarked = false;
  bool RustModule = false;
  // __attribute__((annotate("ruchy_trace_always" / "ruchy_trace_never"))).
  llvm::SmallPtrSet<llvm::Function *, 8> Always, Never;
  rt_name_filter Filter;
  bool HasFilter = false;
  llvm::Function *FilterSeen = nullptr; // the first function judged by it
};

} // namespace ruchytrace

#endif
