//===- FunctionPolicy.cpp - which functions the pass instruments ----------===//
//
// The program's own functions are traced at every optimisation level: the
// pass runs before inlining, so a function inlined later still records its
// calls. Only an explicit request in the source opts a function out, and
// it must do so the same way at every level:
//   - always_inline / #[inline(always)] (alwaysinline at every level);
//   - Rust #[inline]: rustc gives it inlinehint at every level. rustc also
//     gives inlinehint to the instances it copies into each codegen unit
//     (closures, constructors, shims), which it names with braces
//     ({closure#0}, {constructor#0}): those are the program's code.
//   - C/C++ `inline` is not a signal: clang marks it (inlinehint) only at
//     -O1 and above, as at -O0 every function is optnone, so honouring it
//     would trace an `inline` function at -O0 and not at -O2. Like
//     -finstrument-functions, the pass traces them at every level.
//
//===----------------------------------------------------------------------===//
#include "FunctionPolicy.h"
#include "SourceInfo.h"

#include "llvm/ADT/Statistic.h"
#include "llvm/Analysis/OptimizationRemarkEmitter.h"
#include "llvm/BinaryFormat/Dwarf.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/DebugInfoMetadata.h"
#include "llvm/IR/Function.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/raw_ostream.h"

#include <atomic>

using namespace llvm;

#define DEBUG_TYPE "ruchy-trace"

STATISTIC(NumSkippedNaked, "Functions not instrumented: naked");
STATISTIC(NumSkippedInterrupt,
          "Functions not instrumented: interrupt handlers");
STATISTIC(NumSkippedNoSanitize,
          "Functions not instrumented: disable_sanitizer_instrumentation");
STATISTIC(NumSkippedXRayNever,
          "Functions not instrumented: xray_never_instrument");
STATISTIC(NumSkippedNever,
          "Functions not instrumented: annotated ruchy_trace_never");
STATISTIC(NumSkippedNoInstrument,
          "Functions not instrumented: no_instrument_function");
STATISTIC(NumSkippedAlwaysInline, "Functions not instrumented: always_inline");
STATISTIC(NumSkippedRustInline, "Functions not instrumented: Rust #[inline]");
STATISTIC(NumSkippedRustStd,
          "Functions not instrumented: Rust standard library instances");
STATISTIC(NumSkippedSystem,
          "Functions not instrumented: C/C++ code from system headers");
STATISTIC(NumSkippedRustGlue,
          "Functions not instrumented: Rust code without debug info (glue)");
STATISTIC(NumSkippedFilter,
          "Functions not instrumented: excluded by the filter");

namespace ruchytrace {

// A reason FunctionPolicy::skipReason gives: the remark's text and the
// counter.
struct SkipReason {
  const char *Why; // null: not this module's code to trace (no remark)
  Statistic *Count;
};
static const SkipReason SkipNotOurs{nullptr, nullptr},
    SkipNaked{"naked function (no prologue to instrument)", &NumSkippedNaked},
    SkipInterrupt{"interrupt handler", &NumSkippedInterrupt},
    SkipNoSanitize{"disable_sanitizer_instrumentation", &NumSkippedNoSanitize},
    SkipXRayNever{"xray_never_instrument", &NumSkippedXRayNever},
    SkipNever{"annotated ruchy_trace_never", &NumSkippedNever},
    SkipNoInstrument{"no_instrument_function", &NumSkippedNoInstrument},
    SkipAlwaysInline{"always_inline", &NumSkippedAlwaysInline},
    SkipRustInline{"#[inline] (-ruchy-trace-inline traces these)",
                   &NumSkippedRustInline};

// Clang leaves no IR mark on __attribute__((no_instrument_function)) unless
// -finstrument-functions-after-inlining is given; then every function it
// would instrument carries these attributes. ruchytrace.cfg passes that
// flag; the pass reads the marks and removes them so that the post-inline
// __cyg_profile_func_* instrumentation never runs.
static const char *const EntryMark = "instrument-function-entry-inlined";
static const char *const ExitMark = "instrument-function-exit-inlined";

FunctionPolicy::FunctionPolicy(Module &M, FunctionAnalysisManager *FAM,
                               const PassOptions &Opts)
    : M(M), FAM(FAM), Opts(Opts) {
  for (Function &F : M)
    ModuleMarked |= F.hasFnAttribute(EntryMark);
  for (DICompileUnit *CU : M.debug_compile_units())
    RustModule |= sourceLanguage(CU) == dwarf::DW_LANG_Rust;
  readAnnotations();
  parseFilter();
}

void FunctionPolicy::readAnnotations() {
  // llvm.global.annotations: [{ ptr fn, ptr string, ptr file, i32, ptr }]
  GlobalVariable *GA = M.getNamedGlobal("llvm.global.annotations");
  auto *Arr =
      GA ? dyn_cast_or_null<ConstantArray>(GA->getInitializer()) : nullptr;
  if (!Arr)
    return;
  for (Value *Op : Arr->operands()) {
    auto *Entry = dyn_cast<ConstantStruct>(Op);
    if (!Entry || Entry->getNumOperands() < 2)
      continue;
    auto *F = dyn_cast<Function>(Entry->getOperand(0)->stripPointerCasts());
    auto *StrGV =
        dyn_cast<GlobalVariable>(Entry->getOperand(1)->stripPointerCasts());
    auto *Str =
        StrGV
            ? dyn_cast_or_null<ConstantDataSequential>(StrGV->getInitializer())
            : nullptr;
    if (!F || !Str || !Str->isCString())
      continue;
    StringRef Text = Str->getAsCString();
    if (Text == "ruchy_trace_always")
      Always.insert(F);
    else if (Text == "ruchy_trace_never")
      Never.insert(F);
  }
}

void FunctionPolicy::parseFilter() {
  if (Opts.Filter.empty())
    return;
  // A malformed filter must not silently trace nothing or everything: the
  // compilation fails with one message.
  HasFilter = rt_name_filter_parse(&Filter, Opts.Filter.c_str());
  if (!HasFilter)
    M.getContext().emitError(Twine("-ruchy-trace-filter='") + Opts.Filter +
                             "' is not a comma-separated list of at most " +
                             Twine(RT_FILTER_MAX_PATTERNS) +
                             " glob patterns (a leading - excludes)");
}

const SkipReason *FunctionPolicy::skipReason(Function &F) const {
  StringRef Name = F.getName();
  if (F.isDeclaration() || F.hasAvailableExternallyLinkage() ||
      Name.starts_with("__ruchy_trace") || Name.starts_with("ruchy_trace."))
    return &SkipNotOurs;
  if (F.hasFnAttribute(Attribute::Naked))
    return &SkipNaked;
  if (F.getCallingConv() == CallingConv::X86_INTR)
    return &SkipInterrupt;
  if (F.hasFnAttribute(Attribute::DisableSanitizerInstrumentation))
    return &SkipNoSanitize;
  if (F.getFnAttribute("function-instrument").getValueAsString() ==
      "xray-never")
    return &SkipXRayNever;
  if (Never.count(&F))
    return &SkipNever;
  if (Always.count(&F))
    return nullptr;
  if (ModuleMarked && !F.hasFnAttribute(EntryMark))
    return &SkipNoInstrument;
  if (F.hasFnAttribute(Attribute::AlwaysInline))
    return &SkipAlwaysInline;
  if (!Opts.RustInline && isRustInline(F))
    return &SkipRustInline;
  return nullptr;
}

bool FunctionPolicy::admits(Function &F) {
  const SkipReason *S = skipReason(F);
  if (!S)
    return true;
  if (S->Count)
    ++*S->Count;
  remark(F, S->Why);
  return false;
}

bool FunctionPolicy::isRustInline(Function &F) const {
  if (!F.hasFnAttribute(Attribute::InlineHint))
    return false;
  DISubprogram *SP = F.getSubprogram();
  if (!SP)
    return RustModule;
  return sourceLanguage(SP->getUnit()) == dwarf::DW_LANG_Rust &&
         !SP->getName().starts_with("{");
}

void FunctionPolicy::remark(Function &F, const char *Why) {
  if (!FAM || !Why)
    return;
  auto &ORE = FAM->getResult<OptimizationRemarkEmitterAnalysis>(F);
  ORE.emit([&] {
    return OptimizationRemarkMissed("ruchy-trace", "NotInstrumented", &F)
           << "not traced: " << Why;
  });
}

// Rust: generic instances of core/alloc/std are compiled into every crate
// that uses them (Vec, String, fmt...). Their calls would bury the
// program's own, so they are left out unless -ruchy-trace-std. Judged by
// the crate whose code it is: `<alloc::vec::Vec<i64> as prog::Sum>::sum`
// is the program's.
static bool isRustStd(StringRef Crate) {
  return Crate == "core" || Crate == "alloc" || Crate == "std";
}

// The standard library's own dependencies (hashbrown behind HashMap,
// std_detect, gimli...) are built from the sysroot's vendored sources,
// which rustc's debug info places under /rust/deps/<crate>-<version>:
// std's code too, not the program's (a HashMap's insert put 166 hashbrown
// calls in a 300-line trace). A crate of the same name that the program
// depends on itself comes from its own registry path and stays traced.
static bool isRustSysroot(const DISubprogram *SP) {
  const DIFile *F = SP ? SP->getFile() : nullptr;
  return F && F->getDirectory().starts_with("/rust/deps/");
}

bool FunctionPolicy::wants(Function &F, const FunctionInfo &Info) {
  bool IsAlways = isAlways(F);
  if (!IsAlways && Info.Rust && !Opts.RustStd &&
      (isRustStd(Info.Crate) || isRustSysroot(F.getSubprogram()))) {
    ++NumSkippedRustStd;
    return false;
  }
  if (!IsAlways && Info.System && !Opts.SystemCode) {
    ++NumSkippedSystem;
    return false;
  }
  // rustc's C `main` shim (and other glue) has no debug info in a Rust
  // module: not the program's code.
  if (!IsAlways && RustModule && !F.getSubprogram()) {
    ++NumSkippedRustGlue;
    return false;
  }
  if (!HasFilter)
    return true;
  // On the source-level name, like the run-time filter; always-traced
  // functions are judged too, so that their patterns count as matched.
  if (!FilterSeen)
    FilterSeen = &F;
  if (rt_name_filter_match(&Filter, Info.Name.c_str()) || IsAlways)
    return true;
  ++NumSkippedFilter;
  remark(F, "excluded by -ruchy-trace-filter");
  return false;
}

// A pattern that matches no function of the module is normal in a program
// of many files, so this is a remark (-Rpass-analysis=ruchy-trace), which
// `ruchytrace build` turns on for its one-file programs.
void FunctionPolicy::reportUnmatchedFilter() {
  if (!FAM || !FilterSeen)
    return;
  auto &ORE = FAM->getResult<OptimizationRemarkEmitterAnalysis>(*FilterSeen);
  for (unsigned I = 0; I < Filter.npatterns; ++I)
    if (!Filter.matched[I])
      ORE.emit([&] {
        return OptimizationRemarkAnalysis("ruchy-trace", "FilterUnmatched",
                                          FilterSeen)
               << "-ruchy-trace-filter pattern '"
               << (Filter.excluded[I] ? "-" : "") << Filter.patterns[I]
               << "' matches no function of this module";
      });
}

// The pass runs before LLVM inlines anything, so a debug location inlined
// into a function here means rustc's MIR inliner (on at -O unless
// -Zinline-mir=no) already folded that callee away, where no event can be
// recorded. That silently loses the program's small functions and
// closures; say so once per rustc process (codegen units run on threads).
void FunctionPolicy::reportMirInlining() {
  static std::atomic<bool> Said{false};
  if (!RustModule || Said.load())
    return;
  for (Function &F : M)
    for (Instruction &I : instructions(F)) {
      const DILocation *DL = I.getDebugLoc();
      if (!DL || !DL->getInlinedAt())
        continue;
      DISubprogram *Callee = DL->getScope()->getSubprogram();
      if (isRustStd(outermostScope(Callee)) || isRustSysroot(Callee))
        continue;
      // An #[inline] function that also survives here was opted out anyway.
      Function *Copy = M.getFunction(Callee->getLinkageName());
      if (Copy && isRustInline(*Copy))
        continue;
      if (Said.exchange(true))
        return;
      errs() << "ruchytrace: rustc's MIR inliner inlined "
             << qualifiedName(Callee)
             << " (and perhaps other functions) before instrumentation, so "
                "their calls are not traced; build with -Zinline-mir=no\n";
      return;
    }
}

bool FunctionPolicy::finish() {
  reportUnmatchedFilter();
  reportMirInlining();
  if (!ModuleMarked)
    return false;
  for (Function &F : M) {
    F.removeFnAttr(EntryMark);
    F.removeFnAttr(ExitMark);
  }
  return true;
}

} // namespace ruchytrace
