//===- SequenceLayout.cpp - where a container keeps its elements ---------===//
//
// The containers users pass around are shown as their elements: the pass
// reads from DWARF, once, where a value keeps its data pointer and its
// length (or its end pointer) and what its elements are, the member paths
// rust-gdb's providers and libstdc++'s printers read, and the runtime
// copies a bounded number of elements through a SEQ or RANGE follow.
//
//   Rust Vec<T>          buf.inner.ptr (first pointer in buf), len; T from
//                        the template parameter (the pointer is a u8's)
//   Rust &[T], Box<[T]>  data_ptr, length
//   C++ std::vector<T>   _M_impl._M_start, _M_impl._M_finish
//   C++ std::array<T,N>  _M_elems: an array, shown as one
//   C++ std::string      _M_dataplus._M_p, _M_string_length (a string)
//   C++ std::string_view _M_str, _M_len (a string)
//   C++ std::optional<T> _M_engaged, _M_value: a variant, nullopt or T
//   C++ std::unique_ptr, std::shared_ptr: the pointer first in them,
//                        shown as a pointer with its target
//
// A layout that does not match (another standard library's version) is
// not a sequence: the value is shown by its fields as before. libc++'s
// containers (std::__1) are LibcxxLayout.cpp's, tried next to these.
//
//===----------------------------------------------------------------------===//
#include "DITypes.h"
#include "LibcxxLayout.h"
#include "TypeDescriber.h"

#include <functional>

#include "AbiLayout.h"
#include "ruchytrace/abi.h"

#include "llvm/IR/Constants.h"
#include "llvm/IR/GlobalVariable.h"

using namespace llvm;

namespace ruchytrace {

const DIDerivedType *memberNamed(const DICompositeType *S, StringRef Name) {
  for (const DINode *N : S->getElements())
    if (auto *D = dyn_cast_or_null<DIDerivedType>(N))
      if (D->getTag() == dwarf::DW_TAG_member && D->getName() == Name)
        return D;
  return nullptr;
}

bool inNamespace(const DIType *T, StringRef NS) {
  auto *S = dyn_cast_or_null<DINamespace>(T->getScope());
  return S && S->getName() == NS;
}

bool rustVecLayout(const DICompositeType *VecT, uint64_t &PtrOff,
                   uint64_t &LenOff) {
  auto *Len = memberNamed(VecT, "len"), *Buf = memberNamed(VecT, "buf");
  if (!Len || !Buf)
    return false;
  // The data pointer is the first pointer inside `buf`, wherever the
  // standard library's version nests it (RawVec { inner: RawVecInner {
  // ptr: Unique { pointer: NonNull { pointer } } } } in 1.95).
  uint64_t Off = Buf->getOffsetInBits() / 8;
  const DIType *T = stripSugar(Buf->getBaseType());
  for (unsigned Depth = 0; Depth < 8; ++Depth) {
    auto *S = dyn_cast_or_null<DICompositeType>(T);
    if (!S)
      break;
    const DIDerivedType *Next = nullptr;
    for (const DINode *N : S->getElements()) {
      auto *D = dyn_cast_or_null<DIDerivedType>(N);
      if (!D || D->getTag() != dwarf::DW_TAG_member)
        continue;
      auto *DT = dyn_cast_or_null<DIDerivedType>(stripSugar(D->getBaseType()));
      if (DT && isPointerTag(DT->getTag())) {
        PtrOff = Off + D->getOffsetInBits() / 8;
        LenOff = Len->getOffsetInBits() / 8;
        return true;
      }
      if (!Next &&
          isa_and_nonnull<DICompositeType>(stripSugar(D->getBaseType())))
        Next = D;
    }
    if (!Next)
      break;
    Off += Next->getOffsetInBits() / 8;
    T = stripSugar(Next->getBaseType());
  }
  return false;
}

// A member named \p Name anywhere in \p S's members and bases (libstdc++
// nests vector's pointers in _M_impl's base _Vector_impl_data), with its
// offset from the start of \p S. \p Pointer: only a member whose type is
// a pointer.
const DIDerivedType *findMember(const DICompositeType *S, StringRef Name,
                                uint64_t &Off, unsigned Depth, bool Pointer) {
  if (!S || Depth > 8)
    return nullptr;
  for (const DINode *N : S->getElements()) {
    auto *D = dyn_cast_or_null<DIDerivedType>(N);
    if (!D || D->isStaticMember())
      continue;
    if (D->getTag() == dwarf::DW_TAG_member && D->getName() == Name &&
        (!Pointer || pointee(D))) {
      Off = D->getOffsetInBits() / 8;
      return D;
    }
    if (D->getTag() != dwarf::DW_TAG_member &&
        D->getTag() != dwarf::DW_TAG_inheritance)
      continue;
    uint64_t Inner = 0;
    if (auto *M = findMember(
            dyn_cast_or_null<DICompositeType>(stripSugar(D->getBaseType())),
            Name, Inner, Depth + 1, Pointer)) {
      Off = D->getOffsetInBits() / 8 + Inner;
      return M;
    }
  }
  return nullptr;
}

bool cxxStringLayout(const DICompositeType *CT, uint64_t &PtrOff,
                     uint64_t &LenOff) {
  if (libcxxStringView(CT, PtrOff, LenOff))
    return true;
  StringRef Name = CT->getName();
  const char *Ptr, *Len;
  bool Owning = Name.starts_with("basic_string<char,") &&
                (inNamespace(CT, "__cxx11") || inNamespace(CT, "std"));
  if (Owning)
    Ptr = "_M_p", Len = "_M_string_length"; // _M_dataplus._M_p
  else if (Name.starts_with("basic_string_view<char,") &&
           inNamespace(CT, "std"))
    Ptr = "_M_str", Len = "_M_len";
  else
    return false;
  uint64_t P = 0, L = 0;
  if (!findMember(CT, Len, L))
    return false;
  // A unit that declares std::string's _Alloc_hider without defining it
  // (the extern template) still has _M_p first in it: its allocator base
  // is empty.
  if (!findMember(CT, Ptr, P) && (!Owning || !findMember(CT, "_M_dataplus", P)))
    return false;
  PtrOff = P;
  LenOff = L;
  return true;
}

const DIType *pointee(const DIDerivedType *Member) {
  auto *P = dyn_cast_or_null<DIDerivedType>(stripSugar(Member->getBaseType()));
  return P && isPointerTag(P->getTag()) ? P->getBaseType() : nullptr;
}

bool TypeDescriber::seqLayout(const DIType *DI, SeqLayout &L) {
  auto *CT = dyn_cast_or_null<DICompositeType>(stripSugar(DI));
  if (!CT || (CT->getTag() != dwarf::DW_TAG_structure_type &&
              CT->getTag() != dwarf::DW_TAG_class_type))
    return false;
  StringRef Name = CT->getName();
  // Rust slices: fat pointers { data_ptr: *T, length } (&str is a string).
  if (auto *P = memberNamed(CT, "data_ptr")) {
    auto *Len = memberNamed(CT, "length");
    const DIType *Elem = pointee(P);
    if (!Len || !Elem || CT->getElements().size() != 2)
      return false;
    L = {P->getOffsetInBits() / 8, Len->getOffsetInBits() / 8,
         RUCHY_TRACE_FOLLOW_SEQ, Elem};
    return true;
  }
  if (Name.starts_with("Vec<") && inNamespace(CT, "vec")) {
    DINodeArray TP = CT->getTemplateParams();
    auto *T =
        TP.size() ? dyn_cast_or_null<DITemplateTypeParameter>(TP[0]) : nullptr;
    if (!T || !rustVecLayout(CT, L.PtrOff, L.LenOff))
      return false;
    L.FollowKind = RUCHY_TRACE_FOLLOW_SEQ;
    L.Elem = T->getType();
    return true;
  }
  if (Name.starts_with("vector<") && inNamespace(CT, "std")) {
    uint64_t Start = 0, Finish = 0;
    auto *S = findMember(CT, "_M_start", Start);
    auto *F = findMember(CT, "_M_finish", Finish);
    const DIType *Elem = S && F ? pointee(S) : nullptr;
    // vector<bool> keeps bits, not elements: shown by its fields.
    if (!Elem || Name.starts_with("vector<bool"))
      return false;
    L = {Start, Finish, RUCHY_TRACE_FOLLOW_RANGE, Elem};
    return true;
  }
  if (libcxxVector(CT, L.PtrOff, L.LenOff, L.Elem)) {
    L.FollowKind = RUCHY_TRACE_FOLLOW_RANGE;
    return true;
  }
  return walkLayout(CT, L);
}

const DIType *TypeDescriber::smartPointee(const DIType *DI) {
  if (const DIType *P = libcxxSmartPointee(DI))
    return P;
  auto *CT = dyn_cast_or_null<DICompositeType>(stripSugar(DI));
  if (!CT || !inNamespace(CT, "std"))
    return nullptr;
  StringRef Name = CT->getName();
  // unique_ptr's pointer is a _Head_base's _M_head_impl (its deleter's
  // base has one too, not a pointer); shared_ptr's is _M_ptr. Both first.
  const char *Member = Name.starts_with("unique_ptr<")   ? "_M_head_impl"
                       : Name.starts_with("shared_ptr<") ? "_M_ptr"
                                                         : nullptr;
  uint64_t Off = 0;
  const DIDerivedType *M =
      Member ? findMember(CT, Member, Off, 0, /*Pointer=*/true) : nullptr;
  const DIType *P = M && Off == 0 ? pointee(M) : nullptr;
  return P && bytesOf(P) && !Name.contains("[]") ? P : nullptr;
}

bool TypeDescriber::optionalLayout(const DIType *DI, uint64_t &EngagedOff,
                                   uint64_t &ValueOff, const DIType *&Value) {
  auto *CT = dyn_cast_or_null<DICompositeType>(stripSugar(DI));
  if (CT && libcxxOptional(CT, EngagedOff, ValueOff, Value))
    return true;
  if (!CT || !CT->getName().starts_with("optional<") || !inNamespace(CT, "std"))
    return false;
  // _Optional_base's _M_payload: { _M_payload: union { _M_empty, _M_value },
  // bool _M_engaged } (libstdc++'s printer reads the same two).
  const DIDerivedType *E = findMember(CT, "_M_engaged", EngagedOff);
  const DIDerivedType *V = findMember(CT, "_M_value", ValueOff);
  if (!E || !V || bytesOf(E->getBaseType()) != 1)
    return false;
  Value = V->getBaseType();
  return true;
}

const DICompositeType *TypeDescriber::arrayOf(const DIType *DI) {
  auto *CT = dyn_cast_or_null<DICompositeType>(stripSugar(DI));
  if (!CT)
    return nullptr;
  if (CT->getTag() == dwarf::DW_TAG_array_type)
    return CT;
  if (const DICompositeType *A = libcxxArray(CT))
    return A;
  if (!CT->getName().starts_with("array<") || !inNamespace(CT, "std"))
    return nullptr;
  auto *E = memberNamed(CT, "_M_elems");
  auto *A = E ? dyn_cast_or_null<DICompositeType>(stripSugar(E->getBaseType()))
              : nullptr;
  return A && A->getTag() == dwarf::DW_TAG_array_type &&
                 E->getOffsetInBits() == 0 && bytesOf(A) == bytesOf(CT)
             ? A
             : nullptr;
}

// A struct whose fields are positions: a Rust tuple `(i32, i64)` (fields
// __0, __1), a C++ std::pair (first, second; its empty base left out).
bool isTuple(const DIType *DI) {
  auto *CT = dyn_cast_or_null<DICompositeType>(stripSugar(DI));
  if (!CT || (CT->getTag() != dwarf::DW_TAG_structure_type &&
              CT->getTag() != dwarf::DW_TAG_class_type))
    return false;
  StringRef N = CT->getName();
  return (N.starts_with("(") && N.ends_with(")")) ||
         (N.starts_with("pair<") && (inNamespace(CT, "std") || inLibcxx(CT)));
}

// A Rust tuple struct or tuple variant (`struct Wrap(String)`,
// `Move(i32, i32)`): a struct whose members are __0, __1, … in order.
bool isRustTupleLike(const DIType *DI) {
  auto *CT = dyn_cast_or_null<DICompositeType>(stripSugar(DI));
  if (!CT || CT->getTag() != dwarf::DW_TAG_structure_type ||
      CT->getName().starts_with("("))
    return false;
  unsigned I = 0;
  for (const DINode *N : CT->getElements()) {
    auto *D = dyn_cast_or_null<DIDerivedType>(N);
    if (!D || D->getTag() != dwarf::DW_TAG_member)
      continue;
    if (D->getName() != "__" + std::to_string(I++))
      return false;
  }
  return I > 0;
}

// A class with no data: no field, and only bases like it.
bool isEmptyClass(const DIType *DI, unsigned Depth) {
  auto *CT = dyn_cast_or_null<DICompositeType>(stripSugar(DI));
  if (!CT || Depth > 8)
    return false;
  for (const DINode *N : CT->getElements())
    if (auto *D = dyn_cast_or_null<DIDerivedType>(N))
      if ((D->getTag() == dwarf::DW_TAG_member && !D->isStaticMember()) ||
          (D->getTag() == dwarf::DW_TAG_inheritance &&
           !isEmptyClass(D->getBaseType(), Depth + 1)))
        return false;
  return true;
}

// A C++ optional as a variant: `nullopt`, or its value alone (a variant
// without a name is shown as its payload's one field).
GlobalVariable *TypeDescriber::optionalVariants(const DICompositeType *CT,
                                                uint64_t EngagedOff,
                                                uint64_t ValueOff,
                                                const DIType *Value,
                                                unsigned Lang, unsigned Depth) {
  PointerType *P = PointerType::getUnqual(C);
  Type *I32 = Type::getInt32Ty(C), *I16 = Type::getInt16Ty(C),
       *I64 = Type::getInt64Ty(C);
  Constant *Field = ConstantStruct::get(
      FieldTy, {str("value"), memberType(Value, Lang, Depth + 1),
                ConstantInt::get(I32, ValueOff), ConstantInt::get(I16, 0),
                ConstantInt::get(I16, 0)});
  GlobalVariable *Payload = emit(
      RUCHY_TRACE_K_STRUCT, RUCHY_TRACE_T_TUPLE, bytesOf(CT), 1,
      spell(Value, Lang), table(FieldTy, {Field}, "ruchy_trace.fields"), {});
  Constant *Vars[] = {
      ConstantStruct::get(VariantTy,
                          {str("nullopt"), ConstantPointerNull::get(P),
                           ConstantInt::get(I64, 0), ConstantInt::get(I32, 1),
                           ConstantInt::get(I32, 0)}),
      ConstantStruct::get(
          VariantTy, {str(""), Payload, ConstantInt::get(I64, 1),
                      ConstantInt::get(I32, 1), ConstantInt::get(I32, 0)})};
  return variants(EngagedOff, 1, Vars);
}

GlobalVariable *TypeDescriber::seqElement(const SeqLayout &L, unsigned Lang,
                                          unsigned Depth) {
  if (!L.Key)
    return memberType(L.Elem, Lang, Depth);
  // A tuple (K, V) of the key and the value as the walk lays them out.
  Type *I32 = Type::getInt32Ty(C), *I16 = Type::getInt16Ty(C);
  Constant *Fields[] = {
      ConstantStruct::get(FieldTy,
                          {str("__0"), memberType(L.Key, Lang, Depth),
                           ConstantInt::get(I32, 0), ConstantInt::get(I16, 0),
                           ConstantInt::get(I16, 0)}),
      ConstantStruct::get(
          FieldTy, {str("__1"), memberType(L.Value, Lang, Depth),
                    ConstantInt::get(I32, L.ValueOff), ConstantInt::get(I16, 0),
                    ConstantInt::get(I16, 0)})};
  return emit(RUCHY_TRACE_K_STRUCT, RUCHY_TRACE_T_TUPLE, L.ElemSize, 2,
              "(" + spell(L.Key, Lang) + ", " + spell(L.Value, Lang) + ")",
              table(FieldTy, Fields, "ruchy_trace.fields"), {});
}

void TypeDescriber::addSeqFollow(const DIType *DI, uint64_t Base,
                                 SmallVectorImpl<Follow> &Out,
                                 uint32_t Parent) {
  SeqLayout L;
  if (!seqLayout(DI, L) || Out.size() + 1 + L.Params > RUCHY_TRACE_MAX_FOLLOWS)
    return;
  // Offsets in the container move with it: a BTreeMap or deque that is
  // not its struct's first field (Rust reorders fields) was read from
  // the bytes of another.
  for (unsigned I = 0; I < 7 * L.Params; ++I)
    if (L.InContainer >> I & 1) {
      if (L.Param[I] + Base > 0xffff)
        return;
      L.Param[I] = uint16_t(L.Param[I] + Base);
    }
  uint32_t Size = uint32_t(L.Key ? L.ElemSize : bytesOf(L.Elem));
  Out.push_back({uint32_t(Base + L.PtrOff), uint32_t(Base + L.LenOff), Size,
                 L.FollowKind, Parent});
  uint32_t Me = Out.size();
  SeqEnd = std::max<uint64_t>(SeqEnd, Base + bytesOf(DI));
  for (unsigned K = 0; K < L.Params; ++K) {
    const uint16_t *P = L.Param + 7 * K;
    Out.push_back({uint32_t(P[0]) | uint32_t(P[1]) << 16,
                   uint32_t(P[2]) | uint32_t(P[3]) << 16,
                   uint32_t(P[4]) | uint32_t(P[5]) << 16,
                   RUCHY_TRACE_FOLLOW_PARAM, P[6]});
  }
  // The strings in the elements (a Vec<String>'s, a map's keys and
  // values): one EACH_SLICE follow per string in an element, at most two.
  uint64_t P, Len;
  auto Each = [&](const DIType *T, uint64_t Off) {
    LibcxxString LS;
    if (Out.size() >= RUCHY_TRACE_MAX_FOLLOWS)
      return;
    if (classify(T) == RUCHY_TRACE_K_STRSLICE && sliceLayout(T, P, Len) &&
        Off + P + 8 <= Size && Off + Len + 8 <= Size)
      Out.push_back({uint32_t(Off + P), uint32_t(Off + Len), Size,
                     RUCHY_TRACE_FOLLOW_EACH_SLICE, Me});
    // A libc++ string's long form, read when its flag says so.
    else if (libcxxString(T, LS) && Off + LS.PtrOff + 8 <= Size &&
             Off + LS.LenOff + 8 <= Size && Off + LS.LenOff < 0x10000 &&
             Off * 8 + LS.FlagBit + 1 < 0x10000)
      Out.push_back(
          {uint32_t(Off + LS.PtrOff),
           uint32_t(Off + LS.LenOff) | uint32_t(Off * 8 + LS.FlagBit + 1) << 16,
           Size, RUCHY_TRACE_FOLLOW_EACH_SLICE_IF, Me});
  };
  if (L.Key) { // a made (key, value) element
    Each(L.Key, 0);
    Each(L.Value, L.ValueOff);
    return;
  }
  Each(L.Elem, 0);
  // A trait object element (a Vec<Box<dyn Shape>>'s): the type behind it,
  // from its vtable's first method, as a lone Box<dyn Shape> shows it.
  if (const DIDerivedType *V = rustDynMethods(L.Elem)) {
    uint64_t VOff = V->getOffsetInBits() / 8;
    if (Out.size() < RUCHY_TRACE_MAX_FOLLOWS && VOff + 8 <= Size)
      Out.push_back({uint32_t(VOff), uint32_t(RustVtableMethod), Size,
                     RUCHY_TRACE_FOLLOW_EACH_DEREF, Me});
    return;
  }
  // Sequences in the elements (a Vec<Vec<i64>>'s rows, a &[Vec<T>]'s):
  // each row's first elements, as the row alone would show them.
  SeqLayout Row;
  if (seqLayout(L.Elem, Row) && !Row.Key &&
      Out.size() < RUCHY_TRACE_MAX_FOLLOWS &&
      (Row.FollowKind == RUCHY_TRACE_FOLLOW_SEQ ||
       Row.FollowKind == RUCHY_TRACE_FOLLOW_RANGE) &&
      Row.PtrOff + 8 <= Size && Row.LenOff + 8 <= Size) {
    Out.push_back({uint32_t(Row.PtrOff), uint32_t(Row.LenOff),
                   uint32_t(bytesOf(Row.Elem)),
                   Row.FollowKind == RUCHY_TRACE_FOLLOW_SEQ
                       ? RUCHY_TRACE_FOLLOW_EACH_SEQ
                       : RUCHY_TRACE_FOLLOW_EACH_RANGE,
                   Me});
    return;
  }
  auto *ET = dyn_cast_or_null<DICompositeType>(stripSugar(L.Elem));
  if (!ET)
    return;
  // The string fields of a struct element, or of an enum element's
  // variants (an Option<String>'s Some, a Result<String, String>'s two):
  // every variant's are read, the printer uses the active one's only.
  // One level further, a field's own (a HashMap<String, Value>'s entry,
  // (String, Value), with Value::Str(String)).
  unsigned Strings = 0;
  std::function<void(const DICompositeType *, uint64_t, unsigned)> Within;
  auto Fields = [&](const DICompositeType *S, uint64_t Base, unsigned Depth) {
    for (const DINode *N : S->getElements())
      if (auto *D = dyn_cast_or_null<DIDerivedType>(N))
        if (D->getTag() == dwarf::DW_TAG_member && !D->isStaticMember() &&
            !D->isBitField() && Strings < 2) {
          uint64_t At = Base + D->getOffsetInBits() / 8;
          if (classify(D->getBaseType()) == RUCHY_TRACE_K_STRSLICE) {
            Each(D->getBaseType(), At);
            ++Strings;
          } else if (Depth == 0) {
            if (auto *F = dyn_cast_or_null<DICompositeType>(
                    stripSugar(D->getBaseType())))
              Within(F, At, 1);
          }
        }
  };
  Within = [&](const DICompositeType *T, uint64_t Base, unsigned Depth) {
    unsigned K = classify(T);
    if (K == RUCHY_TRACE_K_STRUCT) {
      Fields(T, Base, Depth);
      return;
    }
    const DICompositeType *VP =
        K == RUCHY_TRACE_K_VARIANT ? variantPart(T) : nullptr;
    for (const DINode *N : VP ? VP->getElements() : DINodeArray())
      if (auto *D = dyn_cast_or_null<DIDerivedType>(N))
        if (auto *Payload =
                dyn_cast_or_null<DICompositeType>(stripSugar(D->getBaseType())))
          Fields(Payload, Base + D->getOffsetInBits() / 8, Depth);
  };
  Within(ET, 0, 0);
}

} // namespace ruchytrace
