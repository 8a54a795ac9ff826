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

class FunctionPolicy {
public:
  FunctionPolicy(llvm::Module &M, llvm::FunctionAnalysisManager *FAM);

  /// Why \p F, as the IR has it, is not instrumented; null if it may be.
  /// Every reason but "not code of this module" is a missed remark
  /// (-Rpass-missed=ruchy-trace).
  const char *skipReason(llvm::Function &F) const;
  void remark(llvm::Function &F, const char *Why);

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
  bool isRustInline(llvm::Function &F) const;
  void readAnnotations();
  void parseFilter();
  void reportUnmatchedFilter();
  void reportMirInlining();

  llvm::Module &M;
  llvm::FunctionAnalysisManager *FAM; // for remarks; null under no manager
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
