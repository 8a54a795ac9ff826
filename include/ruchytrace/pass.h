//===- ruchytrace/pass.h - the pass as a library -------------------------===//
//
// For compiler backends that build their own LLVM pipeline (rather than
// loading RuchyTrace.so): link libRuchyTracePass.a and call this once per
// PassBuilder. It registers `ruchy-trace` for textual pipelines and adds
// the pass at the start of every default pipeline, as the plugin does.
//
//===----------------------------------------------------------------------===//
#ifndef RUCHYTRACE_PASS_H
#define RUCHYTRACE_PASS_H

namespace llvm {
class PassBuilder;
} // namespace llvm

namespace ruchytrace {
void registerPasses(llvm::PassBuilder &PB);
} // namespace ruchytrace

#endif
