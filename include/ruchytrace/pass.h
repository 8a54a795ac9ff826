//===- ruchytrace/pass.h - the pass as a library -------------------------===//
//
// For compiler backends that build their own LLVM pipeline (rather than
// loading RuchyTrace.so): link libRuchyTracePass.a and call registerPasses
// once per PassBuilder. It registers `ruchy-trace` for textual pipelines and
// adds the pass at the start of every default pipeline, as the plugin does.
//
//===----------------------------------------------------------------------===//
#ifndef RUCHYTRACE_PASS_H
#define RUCHYTRACE_PASS_H

#include <string>

namespace llvm {
class PassBuilder;
} // namespace llvm

namespace ruchytrace {

/// What the pass does. The defaults here are the plugin's: RuchyTrace.so
/// fills this from its command-line options (`-mllvm -ruchy-trace-...`,
/// named after each field below), which start from these values.
struct PassOptions {
  /// Instrument functions at all; false registers the passes and changes
  /// no code (-ruchy-trace-enable).
  bool Enable = true;
  /// Hook a traced copy of each function and keep its own body untouched
  /// behind an entry check; false hooks every function in its one body
  /// (-ruchy-trace-split).
  bool Split = true;
  /// Split only functions of at most this many IR instructions before
  /// optimisation, and recursive ones; larger ones are hooked in their one
  /// body (-ruchy-trace-split-max).
  unsigned SplitMax = 50;
  /// Mark the traced copies cold and optimise them for size
  /// (-ruchy-trace-cold-copy).
  bool ColdCopy = true;
  /// With ColdCopy, how the copies are optimised: 0 like the function,
  /// 1 for size, 2 for minimum size (-ruchy-trace-copy-size).
  unsigned CopySize = 2;
  /// At the end of the pipeline, check state and sampling countdown with
  /// one branch at a function's entry; false keeps the two branches that
  /// inlined checks have (-ruchy-trace-entry-gate).
  bool EntryGate = true;
  /// Comma-separated glob patterns on source-level function names
  /// (qualified, or the last component), a leading '-' excluding; empty
  /// instruments every function (-ruchy-trace-filter).
  std::string Filter;
  /// Rust: also instrument functions marked #[inline]
  /// (-ruchy-trace-inline).
  bool RustInline = false;
  /// Rust: also instrument the standard library's generic instances
  /// compiled into the crate (-ruchy-trace-std).
  bool RustStd = false;
  /// C/C++: also instrument code from system headers (the C++ standard
  /// library's std:: and __gnu_cxx:: templates and inline functions,
  /// anything under /usr/include or /usr/lib) (-ruchy-trace-system).
  bool SystemCode = false;
};

/// Registers the passes with the options the command line set (their
/// defaults in a backend that parses none).
void registerPasses(llvm::PassBuilder &PB);

/// Registers the passes with \p Opts; the command line is not consulted.
void registerPasses(llvm::PassBuilder &PB, const PassOptions &Opts);

} // namespace ruchytrace

#endif
