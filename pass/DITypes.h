//===- DITypes.h - small queries on debug-info types ----------*- C++ -*-===//
//
// Shared by the descriptor builder and the type speller: both must look
// through typedefs and qualifiers the same way.
//
//===----------------------------------------------------------------------===//
#ifndef RUCHYTRACE_PASS_DITYPES_H
#define RUCHYTRACE_PASS_DITYPES_H

#include "llvm/BinaryFormat/Dwarf.h"
#include "llvm/IR/DebugInfoMetadata.h"

namespace ruchytrace {

// Qualifiers and typedefs do not change how a value is encoded, only how
// its type is spelled, so kind selection looks through them.
inline const llvm::DIType *stripSugar(const llvm::DIType *T) {
  while (auto *D = llvm::dyn_cast_or_null<llvm::DIDerivedType>(T)) {
    switch (D->getTag()) {
    case llvm::dwarf::DW_TAG_typedef:
    case llvm::dwarf::DW_TAG_const_type:
    case llvm::dwarf::DW_TAG_volatile_type:
    case llvm::dwarf::DW_TAG_restrict_type:
    case llvm::dwarf::DW_TAG_atomic_type:
      T = D->getBaseType();
      continue;
    default:
      return T;
    }
  }
  return T;
}

inline uint64_t bytesOf(const llvm::DIType *T) {
  // A typedef or qualifier may carry no size of its own.
  for (const llvm::DIType *X = T; X;
       X = stripSugar(X) == X ? nullptr : stripSugar(X))
    if (X->getSizeInBits())
      return (X->getSizeInBits() + 7) / 8;
  return 0;
}

inline bool isPointerTag(unsigned Tag) {
  return Tag == llvm::dwarf::DW_TAG_pointer_type ||
         Tag == llvm::dwarf::DW_TAG_reference_type ||
         Tag == llvm::dwarf::DW_TAG_rvalue_reference_type;
}

} // namespace ruchytrace

#endif
