//===- LibcxxLayout.cpp - where libc++'s containers keep their data -------===//
//
// The containers of clang's own standard library (-stdlib=libc++, declared
// in std::__1) shown as SequenceLayout.cpp shows libstdc++'s: the pass
// reads the member paths lldb's libc++ formatters read, from DWARF.
//
//   std::vector<T>        __begin_, __end_ (a RANGE follow)
//   std::array<T, N>      __elems_: an array, shown as one
//   std::string_view      __data_, __size_ (a string)
//   std::optional<T>      __engaged_, __val_: nullopt or T
//   std::unique_ptr, std::shared_ptr: __ptr_, first in them
//   std::string           __rep_: a union of a long form { __is_long_,
//                         __cap_, __size_, __data_ } and a short one
//                         { __is_long_, __size_, __data_[23] } whose
//                         characters are inline (see libcxxStringVariants)
//
// Either layout of the string (the default one and the one
// _LIBCPP_ABI_ALTERNATE_STRING_LAYOUT selects) is read from the bit
// offsets DWARF gives its members. A layout that does not match is not a
// container: the value is shown by its fields.
//
//===----------------------------------------------------------------------===//
#include "LibcxxLayout.h"

#include "DITypes.h"
#include "TypeDescriber.h"

#include "ruchytrace/abi.h"

#include "llvm/IR/Constants.h"
#include "llvm/IR/GlobalVariable.h"

using namespace llvm;

namespace ruchytrace {

bool inLibcxx(const DIType *T) {
  // libc++'s ABI namespace is an inline namespace of std (__1, __2 for
  // its next ABI, __ndk1 on Android); libstdc++'s inline __cxx11 is not
  // libc++'s.
  auto *NS = dyn_cast_or_null<DINamespace>(T ? T->getScope() : nullptr);
  auto *Std = NS ? dyn_cast_or_null<DINamespace>(NS->getScope()) : nullptr;
  return Std && NS->getExportSymbols() && NS->getName() != "__cxx11" &&
         Std->getName() == "std" && !Std->getScope();
}

static const DICompositeType *libcxxClass(const DIType *DI, StringRef Prefix) {
  auto *CT = dyn_cast_or_null<DICompositeType>(stripSugar(DI));
  return CT && CT->getName().starts_with(Prefix) && inLibcxx(CT) ? CT : nullptr;
}

static const DICompositeType *compositeOf(const DIDerivedType *Member) {
  return Member ? dyn_cast_or_null<DICompositeType>(
                      stripSugar(Member->getBaseType()))
                : nullptr;
}

bool libcxxVector(const DICompositeType *CT, uint64_t &BeginOff,
                  uint64_t &EndOff, const DIType *&Elem) {
  // vector<bool> keeps bits (__begin_, __size_): shown by its fields.
  if (!libcxxClass(CT, "vector<") || CT->getName().starts_with("vector<bool"))
    return false;
  auto *B = findMember(CT, "__begin_", BeginOff, 0, /*Pointer=*/true);
  auto *E = findMember(CT, "__end_", EndOff, 0, /*Pointer=*/true);
  Elem = B && E ? pointee(B) : nullptr;
  return Elem;
}

const DICompositeType *libcxxArray(const DICompositeType *CT) {
  if (!libcxxClass(CT, "array<"))
    return nullptr;
  auto *E = memberNamed(CT, "__elems_");
  const DICompositeType *A = compositeOf(E);
  return A && A->getTag() == dwarf::DW_TAG_array_type &&
                 E->getOffsetInBits() == 0 && bytesOf(A) == bytesOf(CT)
             ? A
             : nullptr;
}

bool libcxxStringView(const DICompositeType *CT, uint64_t &PtrOff,
                      uint64_t &LenOff) {
  if (!libcxxClass(CT, "basic_string_view<char,"))
    return false;
  uint64_t P = 0, L = 0;
  if (!findMember(CT, "__data_", P, 0, /*Pointer=*/true) ||
      !findMember(CT, "__size_", L))
    return false;
  PtrOff = P;
  LenOff = L;
  return true;
}

bool libcxxOptional(const DICompositeType *CT, uint64_t &EngagedOff,
                    uint64_t &ValueOff, const DIType *&Value) {
  // __optional_destruct_base: union { __null_state_, __val_ },
  // bool __engaged_.
  if (!libcxxClass(CT, "optional<"))
    return false;
  const DIDerivedType *E = findMember(CT, "__engaged_", EngagedOff);
  const DIDerivedType *V = findMember(CT, "__val_", ValueOff);
  if (!E || !V || bytesOf(E->getBaseType()) != 1)
    return false;
  Value = V->getBaseType();
  return true;
}

const DIType *libcxxSmartPointee(const DIType *DI) {
  const DICompositeType *CT = libcxxClass(DI, "unique_ptr<");
  if (!CT)
    CT = libcxxClass(DI, "shared_ptr<");
  // unique_ptr keeps __ptr_ first in its compressed pair with the
  // deleter; shared_ptr keeps it before its control block's. An array's
  // unique_ptr<T[]> points to a number of elements no one recorded.
  uint64_t Off = 0;
  const DIDerivedType *M =
      CT ? findMember(CT, "__ptr_", Off, 0, /*Pointer=*/true) : nullptr;
  const DIType *P = M && Off == 0 ? pointee(M) : nullptr;
  return P && bytesOf(P) && !CT->getName().contains("[]") ? P : nullptr;
}

bool libcxxString(const DIType *DI, LibcxxString &S) {
  const DICompositeType *CT = libcxxClass(DI, "basic_string<char,");
  uint64_t Rep = 0;
  const DICompositeType *U =
      CT ? compositeOf(findMember(CT, "__rep_", Rep)) : nullptr;
  const DICompositeType *Short =
      U ? compositeOf(memberNamed(U, "__s")) : nullptr;
  const DICompositeType *Long =
      U ? compositeOf(memberNamed(U, "__l")) : nullptr;
  if (!Short || !Long)
    return false;
  // The short form's flag and size share one byte (which bit is which
  // depends on the layout): its value is the size, shifted.
  uint64_t FlagOff = 0, SizeOff = 0, PtrOff = 0, LenOff = 0;
  const DIDerivedType *Flag = findMember(Short, "__is_long_", FlagOff);
  const DIDerivedType *Size = findMember(Short, "__size_", SizeOff);
  const DIDerivedType *Data = memberNamed(Short, "__data_");
  const DICompositeType *Inline = compositeOf(Data);
  if (!Flag || !Size || !Inline || !Flag->isBitField() || !Size->isBitField() ||
      Flag->getSizeInBits() != 1 || Size->getSizeInBits() != 7 ||
      Inline->getTag() != dwarf::DW_TAG_array_type ||
      bytesOf(Inline->getBaseType()) != 1 || bytesOf(Inline) < 2)
    return false;
  uint64_t FlagBit = FlagOff * 8 + Flag->getOffsetInBits() % 8;
  uint64_t SizeBit = SizeOff * 8 + Size->getOffsetInBits() % 8;
  // The long form's flag must be the short form's bit (a union).
  uint64_t LongFlagOff = 0;
  const DIDerivedType *LongFlag = findMember(Long, "__is_long_", LongFlagOff);
  if (FlagBit / 8 != SizeBit / 8 || !LongFlag ||
      LongFlagOff * 8 + LongFlag->getOffsetInBits() % 8 != FlagBit ||
      !findMember(Long, "__data_", PtrOff, 0, /*Pointer=*/true) ||
      !findMember(Long, "__size_", LenOff))
    return false;
  S.FlagBit = Rep * 8 + FlagBit;
  S.SizeShift = SizeBit % 8;
  S.InlineOff = Rep + Data->getOffsetInBits() / 8;
  S.InlineCap = bytesOf(Inline);
  S.PtrOff = Rep + PtrOff;
  S.LenOff = Rep + LenOff;
  return true;
}

bool TypeDescriber::addLibcxxStringFollow(const DIType *DI, uint64_t Base,
                                          SmallVectorImpl<Follow> &Out,
                                          uint32_t Parent) {
  LibcxxString S;
  if (!libcxxString(DI, S))
    return false;
  // The long form's characters, read only when the image says the string
  // is long (abi.h: a conditional slice).
  if (Out.size() < RUCHY_TRACE_MAX_FOLLOWS)
    Out.push_back({uint32_t(Base + S.PtrOff), uint32_t(Base + S.LenOff),
                   uint32_t((Base * 8 + S.FlagBit) + 1),
                   RUCHY_TRACE_FOLLOW_SLICE, Parent});
  return true;
}

// A libc++ string is a variant of its two forms, told apart by the byte
// that holds the short form's flag and size: each short size's value
// shows the inline characters (a char array: up to its NUL, which libc++
// keeps after them), any other value (the flag set) the long form's
// characters the conditional slice read. Neither variant has a name, so
// either reads as a plain string.
GlobalVariable *TypeDescriber::libcxxStringVariants(const DICompositeType *CT,
                                                    const LibcxxString &S,
                                                    unsigned Lang) {
  GlobalVariable *&Cached = LibcxxStrings[CT];
  if (Cached)
    return Cached;
  Type *I32 = Type::getInt32Ty(C), *I16 = Type::getInt16Ty(C),
       *I64 = Type::getInt64Ty(C);
  std::string Name = spell(CT, Lang);
  uint64_t Size = bytesOf(CT);
  auto OneField = [&](GlobalVariable *FieldType, uint64_t Off) {
    Constant *F = ConstantStruct::get(
        FieldTy, {str(""), FieldType, ConstantInt::get(I32, Off),
                  ConstantInt::get(I16, 0), ConstantInt::get(I16, 0)});
    return emit(RUCHY_TRACE_K_STRUCT, RUCHY_TRACE_T_TUPLE, Size, 1, Name,
                table(FieldTy, {F}, "ruchy_trace.fields"), {});
  };
  GlobalVariable *Char = emit(RUCHY_TRACE_K_CHAR, 0, 1, 0, "char", nullptr, {});
  GlobalVariable *Inline =
      emit(RUCHY_TRACE_K_ARRAY, 0, S.InlineCap, S.InlineCap,
           "char[" + std::to_string(S.InlineCap) + "]", Char, {});
  GlobalVariable *ShortForm = OneField(Inline, S.InlineOff);
  GlobalVariable *LongForm =
      OneField(emit(RUCHY_TRACE_K_STRSLICE, 0, Size, 0, Name, nullptr, {}), 0);
  SmallVector<Constant *, 32> Vars;
  for (uint64_t N = 0; N < S.InlineCap; ++N) // sizes 0 .. cap - 1 (the NUL)
    Vars.push_back(ConstantStruct::get(
        VariantTy, {str(""), ShortForm, ConstantInt::get(I64, N << S.SizeShift),
                    ConstantInt::get(I32, 1), ConstantInt::get(I32, 0)}));
  Vars.push_back(ConstantStruct::get(
      VariantTy, {str(""), LongForm, ConstantInt::get(I64, 0),
                  ConstantInt::get(I32, 0), ConstantInt::get(I32, 0)}));
  Constant *Info = ConstantStruct::get(
      VariantsTy,
      {ConstantInt::get(I32, S.FlagBit / 8), ConstantInt::get(I32, 1),
       ConstantInt::get(I32, Vars.size()), ConstantInt::get(I32, 0),
       table(VariantTy, Vars, "ruchy_trace.variant")});
  Cached = new GlobalVariable(M, VariantsTy, true, GlobalValue::PrivateLinkage,
                              Info, "ruchy_trace.variants");
  Cached->setAlignment(Align(8));
  return Cached;
}

} // namespace ruchytrace
