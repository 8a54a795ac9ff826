//===- LibcxxLayout.h - libc++'s containers, from DWARF -------*- C++ -*-===//
//
// The libc++ counterparts of SequenceLayout.cpp's libstdc++ layouts
// (LibcxxLayout.cpp): each answers only for a libc++ type, so its caller
// tries it next to libstdc++'s.
//
//===----------------------------------------------------------------------===//
#ifndef RUCHYTRACE_PASS_LIBCXXLAYOUT_H
#define RUCHYTRACE_PASS_LIBCXXLAYOUT_H

#include "llvm/IR/DebugInfoMetadata.h"

namespace ruchytrace {

/// Whether \p T is declared in libc++'s ABI namespace (std::__1).
bool inLibcxx(const llvm::DIType *T);

/// A type's alignment in bytes, as the ABI gives it: DWARF's when it says
/// one, else its widest part's (a scalar's own size). 0: unknown
/// (LibcxxMaps.cpp).
uint64_t libcxxAlignOf(const llvm::DIType *DI, unsigned Depth = 0);

/// std::vector<T>: where its begin and end pointers are, and T.
bool libcxxVector(const llvm::DICompositeType *CT, uint64_t &BeginOff,
                  uint64_t &EndOff, const llvm::DIType *&Elem);
/// std::array<T, N>: the array it holds, or null.
const llvm::DICompositeType *libcxxArray(const llvm::DICompositeType *CT);
/// std::string_view: where its data pointer and its length are.
bool libcxxStringView(const llvm::DICompositeType *CT, uint64_t &PtrOff,
                      uint64_t &LenOff);
/// std::optional<T>: where its engaged flag and its value are.
bool libcxxOptional(const llvm::DICompositeType *CT, uint64_t &EngagedOff,
                    uint64_t &ValueOff, const llvm::DIType *&Value);
/// What a std::unique_ptr or std::shared_ptr points to, or null.
const llvm::DIType *libcxxSmartPointee(const llvm::DIType *DI);

/// std::string: the long form's pointer and length, the short form's
/// inline characters, and the flag between them (offsets in bytes from
/// the string's start, the flag in bits).
struct LibcxxString {
  uint64_t FlagBit = 0;   // __is_long_: set in the long form
  unsigned SizeShift = 0; // the short size's place in the flag's byte
  uint64_t InlineOff = 0, InlineCap = 0; // __s.__data_[InlineCap]
  uint64_t PtrOff = 0, LenOff = 0;       // __l.__data_, __l.__size_
};
bool libcxxString(const llvm::DIType *DI, LibcxxString &S);

} // namespace ruchytrace

#endif
