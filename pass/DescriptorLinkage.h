//===- DescriptorLinkage.h - how a function's descriptor is linked --------===//
#ifndef RUCHYTRACE_PASS_DESCRIPTORLINKAGE_H
#define RUCHYTRACE_PASS_DESCRIPTORLINKAGE_H

#include <cstdint>

namespace llvm {
class Function;
class GlobalVariable;
class Module;
} // namespace llvm

namespace ruchytrace {

/// Gives \p Desc, the descriptor of \p F, the linkage, name and COMDAT
/// group under which each function registers exactly once per image, and
/// every reference to it (including from copies of \p F's entry check
/// inlined into other functions, of this object or others) links.
/// \p CallDigest summarises how \p F's call sites pass values to the
/// runtime (see callDigest in Instrumenter.cpp).
void setDescriptorLinkage(llvm::Module &M, llvm::GlobalVariable *Desc,
                          llvm::Function &F, uint32_t CallDigest);

/// Links \p T, the traced copy of a function whose descriptor is \p Desc
/// (after setDescriptorLinkage), the way its descriptor is linked.
void setTracedLinkage(llvm::Module &M, llvm::Function &T,
                      llvm::GlobalVariable *Desc);

} // namespace ruchytrace

#endif
