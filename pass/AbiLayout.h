//===- AbiLayout.h - abi.h's structs as the pass emits them ---------------===//
//
// The pass writes descriptors as IR constants, field by field in the order
// of include/ruchytrace/abi.h's structs. Each struct's fields are listed
// here once, as the IR types the pass uses; the IR struct types are built
// from these lists, and static_asserts check every field's offset and the
// struct's size against abi.h as the C compiler lays it out (on the host;
// the IR layout follows the target's DataLayout, and the runtime checks
// its own side). A field added to abi.h and not here, or in another
// order, stops the build instead of shifting every field after it.
//
//===----------------------------------------------------------------------===//
#ifndef RUCHYTRACE_ABILAYOUT_H
#define RUCHYTRACE_ABILAYOUT_H

#include "ruchytrace/abi.h"

#include "llvm/IR/DerivedTypes.h"

#include <cstddef>

namespace ruchytrace {

enum class AbiField { I8, I16, I32, I64, Ptr };

namespace abi {
using F = AbiField;
// struct __ruchy_trace_fn
inline constexpr AbiField Fn[] = {F::I8,  F::I8,  F::I16, F::I32,
                                  F::I32, F::I32, F::Ptr, F::Ptr,
                                  F::Ptr, F::Ptr, F::Ptr, F::Ptr};
// struct __ruchy_trace_type
inline constexpr AbiField Type[] = {F::I8,  F::I8,  F::I16, F::I32, F::I32,
                                    F::I32, F::Ptr, F::Ptr, F::Ptr};
inline constexpr AbiField Field[] = {F::Ptr, F::Ptr, F::I32, F::I16, F::I16};
inline constexpr AbiField Enumerator[] = {F::Ptr, F::I64};
inline constexpr AbiField Variant[] = {F::Ptr, F::Ptr, F::I64, F::I32, F::I32};
inline constexpr AbiField Variants[] = {F::I32, F::I32, F::I32, F::I32, F::Ptr};
inline constexpr AbiField Follow[] = {F::I32, F::I32, F::I32,
                                      F::I16, F::I16, F::Ptr};

// Natural C layout on the host, which is what abi.h's structs get.
constexpr size_t bytes(AbiField K) {
  switch (K) {
  case F::I8:
    return 1;
  case F::I16:
    return 2;
  case F::I32:
    return 4;
  case F::I64:
    return 8;
  case F::Ptr:
    return sizeof(void *);
  }
  return 0;
}
template <size_t N>
constexpr size_t offsetOf(const AbiField (&L)[N], size_t I) {
  size_t Off = 0;
  for (size_t K = 0; K <= I; ++K) {
    size_t A = bytes(L[K]);
    Off = (Off + A - 1) / A * A;
    if (K < I)
      Off += bytes(L[K]);
  }
  return Off;
}
template <size_t N> constexpr size_t sizeOf(const AbiField (&L)[N]) {
  size_t End = offsetOf(L, N - 1) + bytes(L[N - 1]), Align = 1;
  for (size_t K = 0; K < N; ++K)
    Align = bytes(L[K]) > Align ? bytes(L[K]) : Align;
  return (End + Align - 1) / Align * Align;
}
} // namespace abi

#define RUCHY_ABI_FIELD(List, I, Struct, Member)                               \
  static_assert(abi::offsetOf(abi::List, I) == offsetof(Struct, Member) &&     \
                    abi::bytes(abi::List[I]) == sizeof(Struct::Member),        \
                #Struct "." #Member                                            \
                        ": the pass's field list and abi.h differ")
#define RUCHY_ABI_SIZE(List, Struct)                                           \
  static_assert(abi::sizeOf(abi::List) == sizeof(Struct),                      \
                #Struct ": the pass's field list and abi.h differ in size")

RUCHY_ABI_FIELD(Fn, 0, __ruchy_trace_fn, state);
RUCHY_ABI_FIELD(Fn, 1, __ruchy_trace_fn, flags);
RUCHY_ABI_FIELD(Fn, 2, __ruchy_trace_fn, nargs);
RUCHY_ABI_FIELD(Fn, 3, __ruchy_trace_fn, line);
RUCHY_ABI_FIELD(Fn, 4, __ruchy_trace_fn, column);
RUCHY_ABI_FIELD(Fn, 5, __ruchy_trace_fn, reserved);
RUCHY_ABI_FIELD(Fn, 6, __ruchy_trace_fn, name);
RUCHY_ABI_FIELD(Fn, 7, __ruchy_trace_fn, file);
RUCHY_ABI_FIELD(Fn, 8, __ruchy_trace_fn, ret);
RUCHY_ABI_FIELD(Fn, 9, __ruchy_trace_fn, args);
RUCHY_ABI_FIELD(Fn, 10, __ruchy_trace_fn, addr);
RUCHY_ABI_FIELD(Fn, 11, __ruchy_trace_fn, params);
RUCHY_ABI_SIZE(Fn, __ruchy_trace_fn);

RUCHY_ABI_FIELD(Type, 0, __ruchy_trace_type, kind);
RUCHY_ABI_FIELD(Type, 1, __ruchy_trace_type, flags);
RUCHY_ABI_FIELD(Type, 2, __ruchy_trace_type, nfollows);
RUCHY_ABI_FIELD(Type, 3, __ruchy_trace_type, size);
RUCHY_ABI_FIELD(Type, 4, __ruchy_trace_type, count);
RUCHY_ABI_FIELD(Type, 5, __ruchy_trace_type, reserved);
RUCHY_ABI_FIELD(Type, 6, __ruchy_trace_type, name);
RUCHY_ABI_FIELD(Type, 7, __ruchy_trace_type, members);
RUCHY_ABI_FIELD(Type, 8, __ruchy_trace_type, follows);
RUCHY_ABI_SIZE(Type, __ruchy_trace_type);

RUCHY_ABI_FIELD(Field, 0, __ruchy_trace_field, name);
RUCHY_ABI_FIELD(Field, 1, __ruchy_trace_field, type);
RUCHY_ABI_FIELD(Field, 2, __ruchy_trace_field, offset);
RUCHY_ABI_FIELD(Field, 3, __ruchy_trace_field, bit_offset);
RUCHY_ABI_FIELD(Field, 4, __ruchy_trace_field, bit_size);
RUCHY_ABI_SIZE(Field, __ruchy_trace_field);

RUCHY_ABI_FIELD(Enumerator, 0, __ruchy_trace_enumerator, name);
RUCHY_ABI_FIELD(Enumerator, 1, __ruchy_trace_enumerator, value);
RUCHY_ABI_SIZE(Enumerator, __ruchy_trace_enumerator);

RUCHY_ABI_FIELD(Variant, 0, __ruchy_trace_variant, name);
RUCHY_ABI_FIELD(Variant, 1, __ruchy_trace_variant, payload);
RUCHY_ABI_FIELD(Variant, 2, __ruchy_trace_variant, discr);
RUCHY_ABI_FIELD(Variant, 3, __ruchy_trace_variant, has_discr);
RUCHY_ABI_FIELD(Variant, 4, __ruchy_trace_variant, reserved);
RUCHY_ABI_SIZE(Variant, __ruchy_trace_variant);

RUCHY_ABI_FIELD(Variants, 0, __ruchy_trace_variants, discr_offset);
RUCHY_ABI_FIELD(Variants, 1, __ruchy_trace_variants, discr_size);
RUCHY_ABI_FIELD(Variants, 2, __ruchy_trace_variants, count);
RUCHY_ABI_FIELD(Variants, 3, __ruchy_trace_variants, reserved);
RUCHY_ABI_FIELD(Variants, 4, __ruchy_trace_variants, variants);
RUCHY_ABI_SIZE(Variants, __ruchy_trace_variants);

RUCHY_ABI_FIELD(Follow, 0, __ruchy_trace_follow, ptr_offset);
RUCHY_ABI_FIELD(Follow, 1, __ruchy_trace_follow, len_offset);
RUCHY_ABI_FIELD(Follow, 2, __ruchy_trace_follow, size);
RUCHY_ABI_FIELD(Follow, 3, __ruchy_trace_follow, kind);
RUCHY_ABI_FIELD(Follow, 4, __ruchy_trace_follow, parent);
RUCHY_ABI_FIELD(Follow, 5, __ruchy_trace_follow, order);
RUCHY_ABI_SIZE(Follow, __ruchy_trace_follow);

#undef RUCHY_ABI_FIELD
#undef RUCHY_ABI_SIZE

/// The IR struct type for one of the lists above.
template <size_t N>
llvm::StructType *abiStruct(llvm::LLVMContext &C, const AbiField (&L)[N],
                            llvm::StringRef Name) {
  llvm::SmallVector<llvm::Type *, N> Types;
  for (AbiField K : L)
    Types.push_back(
        K == AbiField::Ptr
            ? static_cast<llvm::Type *>(llvm::PointerType::getUnqual(C))
            : llvm::Type::getIntNTy(C, 8 * abi::bytes(K)));
  return llvm::StructType::create(C, Types, Name);
}

} // namespace ruchytrace

#endif
