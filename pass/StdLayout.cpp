//===- StdLayout.cpp - standard library values shown as their contents ----===//
//
// Values whose fields are an implementation's, shown as what they hold.
// The pass reads where from DWARF, once, following the member paths of
// rust-gdb's providers and libstdc++'s printers:
//
//   Rust ()              no bytes: shown as ()
//   Rust Rc<T>, Arc<T>   ptr.pointer -> RcInner { strong, weak, value } /
//                        ArcInner { strong, weak, data }: a pointer whose
//                        target is the value (a DEREF follow that starts
//                        at the value's offset in the allocation)
//   Rust Box<dyn T>,     { pointer, vtable }: the data pointer, and the
//   &dyn T, &mut dyn T   type implementing the trait, named by the
//                        vtable's first method (after drop, size, align:
//                        its fourth word, a DEREF follow of 8 bytes from
//                        24 into it): {pointer: 0x55d0..., type: prog::Sq};
//                        the vtable's other words are the compiler's
//   Rust JoinHandle<T>   the thread's native handle and the Arcs of its
//                        Thread and result packet: {}, no field, nothing
//                        followed (the type name says what it is)
//   C++ std::tuple<...>  _Tuple_impl<I, ...> bases: _Head_base<I>'s
//                        _M_head_impl, then the _Tuple_impl<I + 1> base;
//                        the elements in their order (the memory order is
//                        the reverse), shown as (1, 2.5, "x"); libc++'s:
//                        __base_'s __tuple_leaf<I, T> bases' __value_
//   C++ std::variant     _M_u (a union of every alternative, all at its
//                        start), _M_index (its byte or short): a variant
//                        named by the alternative's type, `int(5)`, or
//                        valueless_by_exception (index -1); libc++'s:
//                        __impl_'s __data (each alternative's __value
//                        at its start) and __index
//
// A layout that does not match is not shown this way: the value keeps its
// fields, as before.
//
//===----------------------------------------------------------------------===//
#include "DITypes.h"
#include "LibcxxLayout.h"
#include "TypeDescriber.h"

#include "AbiLayout.h"
#include "ruchytrace/abi.h"

#include "llvm/IR/Constants.h"
#include "llvm/IR/GlobalVariable.h"

using namespace llvm;

namespace ruchytrace {

bool isRustUnit(const DIType *DI) {
  const DIType *T = stripSugar(DI);
  return T && T->getName() == "()" && T->getSizeInBits() == 0 &&
         (isa<DIBasicType>(T) || isa<DICompositeType>(T));
}

bool isRustDynPointer(const DIType *DI) {
  auto *CT = dyn_cast_or_null<DICompositeType>(stripSugar(DI));
  if (!CT || CT->getTag() != dwarf::DW_TAG_structure_type ||
      !CT->getName().contains("dyn ") || CT->getElements().size() != 2)
    return false;
  const DIDerivedType *P = memberNamed(CT, "pointer");
  const DIDerivedType *V = memberNamed(CT, "vtable");
  return P && V && P->getOffsetInBits() == 0 && pointee(V) && pointee(P);
}

const DIDerivedType *rustDynMethods(const DIType *DI) {
  if (!isRustDynPointer(DI))
    return nullptr;
  const DIDerivedType *V =
      memberNamed(cast<DICompositeType>(stripSugar(DI)), "vtable");
  // &[usize; N]: drop_in_place, size, align, then N - 3 methods.
  auto *A = dyn_cast_or_null<DICompositeType>(stripSugar(pointee(V)));
  return A && A->getTag() == dwarf::DW_TAG_array_type &&
                 bytesOf(A) >= RustVtableMethod + 8 &&
                 V->getOffsetInBits() % 64 == 0
             ? V
             : nullptr;
}

bool isRustClosureEnv(const DIType *DI) {
  auto *CT = dyn_cast_or_null<DICompositeType>(stripSugar(DI));
  return CT && CT->getTag() == dwarf::DW_TAG_structure_type &&
         CT->getName().starts_with("{closure_env#");
}

StringRef captureName(StringRef Member) {
  // rustc names a variable captured by reference `_ref__x` (by mutable
  // reference `_ref_mut__x`), one moved in `x`.
  for (StringRef Prefix : {"_ref__", "_ref_mut__"})
    if (Member.starts_with(Prefix) && Member.size() > Prefix.size())
      return Member.drop_front(Prefix.size());
  return Member;
}

const DIType *rustCellValue(const DIType *DI, uint64_t &Off) {
  auto *CT = dyn_cast_or_null<DICompositeType>(stripSugar(DI));
  if (!CT || CT->getTag() != dwarf::DW_TAG_structure_type)
    return nullptr;
  StringRef N = CT->getName();
  bool Lock = (N.starts_with("Mutex<") && inNamespace(CT, "mutex")) ||
              (N.starts_with("RwLock<") && inNamespace(CT, "rwlock"));
  bool Cell = (N.starts_with("RefCell<") || N.starts_with("Cell<")) &&
              inNamespace(CT, "cell");
  if (!Lock && !Cell)
    return nullptr;
  // Its own member (a RefCell's borrow count holds a `value` too).
  const DIDerivedType *M = memberNamed(CT, Lock ? "data" : "value");
  if (!M)
    return nullptr;
  uint64_t At = M->getOffsetInBits() / 8;
  // Through its UnsafeCell to the value.
  auto *U = dyn_cast_or_null<DICompositeType>(stripSugar(M->getBaseType()));
  if (U && U->getName().starts_with("UnsafeCell<")) {
    M = memberNamed(U, "value");
    if (!M)
      return nullptr;
    At += M->getOffsetInBits() / 8;
  }
  Off = At;
  return M->getBaseType();
}

bool isRustOpaqueHandle(const DIType *DI) {
  auto *CT = dyn_cast_or_null<DICompositeType>(stripSugar(DI));
  if (!CT || CT->getTag() != dwarf::DW_TAG_structure_type)
    return false;
  StringRef N = CT->getName();
  // A formatter's options and its output's vtable are the library's
  // business: every Display::fmt would show them.
  if (N == "Formatter" && inNamespace(CT, "fmt"))
    return true;
  return (N.starts_with("JoinHandle<") || N.starts_with("ScopedJoinHandle<")) &&
         (inNamespace(CT, "join_handle") || inNamespace(CT, "thread") ||
          inNamespace(CT, "scoped"));
}

// The only member of \p S that is not zero-sized (Rust's PhantomData and
// allocator members have no bytes), if it is at offset 0.
static const DIDerivedType *soleMember(const DICompositeType *S) {
  const DIDerivedType *Found = nullptr;
  for (const DINode *N : S->getElements()) {
    auto *D = dyn_cast_or_null<DIDerivedType>(N);
    if (!D || D->getTag() != dwarf::DW_TAG_member || D->isStaticMember() ||
        D->getSizeInBits() == 0)
      continue;
    if (Found)
      return nullptr;
    Found = D;
  }
  return Found && Found->getOffsetInBits() == 0 ? Found : nullptr;
}

// Rust Rc<T> / Arc<T>: T, and its offset in the allocation the pointer
// points to. Rc<str> and Rc<[T]> are fat pointers: not these.
static const DIType *rustSharedValue(const DICompositeType *CT,
                                     uint64_t &ValueOff) {
  StringRef Name = CT->getName();
  bool Rc = Name.starts_with("Rc<") && inNamespace(CT, "rc");
  bool Arc = Name.starts_with("Arc<") && inNamespace(CT, "sync");
  if ((!Rc && !Arc) || bytesOf(CT) != 8)
    return nullptr;
  // Rc { ptr: NonNull<RcInner<T>> { pointer: *const RcInner<T> }, .. }
  const DIType *T = CT;
  for (unsigned Depth = 0; Depth < 4; ++Depth) {
    auto *S = dyn_cast_or_null<DICompositeType>(stripSugar(T));
    const DIDerivedType *M = S ? soleMember(S) : nullptr;
    if (!M)
      return nullptr;
    T = stripSugar(M->getBaseType());
    if (auto *P = dyn_cast_or_null<DIDerivedType>(T))
      if (isPointerTag(P->getTag()))
        break;
  }
  auto *P = dyn_cast_or_null<DIDerivedType>(T);
  auto *Inner =
      P && isPointerTag(P->getTag())
          ? dyn_cast_or_null<DICompositeType>(stripSugar(P->getBaseType()))
          : nullptr;
  if (!Inner)
    return nullptr;
  const DIDerivedType *V = memberNamed(Inner, Rc ? "value" : "data");
  if (!V || !memberNamed(Inner, "strong") || !bytesOf(V->getBaseType()))
    return nullptr;
  ValueOff = V->getOffsetInBits() / 8;
  return V->getBaseType();
}

const DIType *TypeDescriber::ownedPointee(const DIType *DI,
                                          uint64_t &ValueOff) {
  ValueOff = 0;
  if (const DIType *P = smartPointee(DI))
    return P;
  auto *CT = dyn_cast_or_null<DICompositeType>(stripSugar(DI));
  return CT ? rustSharedValue(CT, ValueOff) : nullptr;
}

// A member named \p Name in \p S or its bases (variant's storage is in
// _Variant_storage, a few bases down), with its offset from \p S's start.
static const DIDerivedType *findMemberAnywhere(const DICompositeType *S,
                                               StringRef Name, uint64_t &Off,
                                               unsigned Depth = 0) {
  if (!S || Depth > 8)
    return nullptr;
  for (const DINode *N : S->getElements()) {
    auto *D = dyn_cast_or_null<DIDerivedType>(N);
    if (!D || D->isStaticMember())
      continue;
    if (D->getTag() == dwarf::DW_TAG_member && D->getName() == Name) {
      Off = D->getOffsetInBits() / 8;
      return D;
    }
    if (D->getTag() != dwarf::DW_TAG_inheritance)
      continue;
    uint64_t Inner = 0;
    if (auto *M = findMemberAnywhere(
            dyn_cast_or_null<DICompositeType>(stripSugar(D->getBaseType())),
            Name, Inner, Depth + 1)) {
      Off = D->getOffsetInBits() / 8 + Inner;
      return M;
    }
  }
  return nullptr;
}

// A base class of \p S whose name starts with \p Prefix.
static const DIDerivedType *baseNamed(const DICompositeType *S,
                                      StringRef Prefix) {
  for (const DINode *N : S->getElements())
    if (auto *D = dyn_cast_or_null<DIDerivedType>(N))
      if (D->getTag() == dwarf::DW_TAG_inheritance)
        if (auto *B =
                dyn_cast_or_null<DICompositeType>(stripSugar(D->getBaseType())))
          if (B->getName().starts_with(Prefix))
            return D;
  return nullptr;
}

// libc++'s std::tuple: __base_, a __tuple_impl whose bases are the
// elements' __tuple_leaf<I, T> in their order, each holding __value_ (an
// empty element is a base of its leaf instead, shown as itself: {}).
static bool libcxxTupleElements(const DICompositeType *CT,
                                SmallVectorImpl<TupleElement> &Out) {
  const DIDerivedType *Base = memberNamed(CT, "__base_");
  auto *Impl =
      Base ? dyn_cast_or_null<DICompositeType>(stripSugar(Base->getBaseType()))
           : nullptr;
  if (!Impl)
    return false;
  uint64_t Off = Base->getOffsetInBits() / 8;
  for (const DINode *N : Impl->getElements()) {
    auto *D = dyn_cast_or_null<DIDerivedType>(N);
    if (!D || D->getTag() != dwarf::DW_TAG_inheritance)
      continue;
    auto *Leaf =
        dyn_cast_or_null<DICompositeType>(stripSugar(D->getBaseType()));
    const DIDerivedType *V =
        Leaf && Leaf->getName().starts_with("__tuple_leaf<")
            ? memberNamed(Leaf, "__value_")
            : nullptr;
    if (Out.size() >= RUCHY_TRACE_MAX_FIELDS)
      return false;
    if (V) {
      Out.push_back({V->getBaseType(), Off + D->getOffsetInBits() / 8 +
                                           V->getOffsetInBits() / 8});
      continue;
    }
    // An empty element: the leaf's base, no bytes of its own.
    const DIDerivedType *E = nullptr;
    for (const DINode *M : Leaf ? Leaf->getElements() : DINodeArray())
      if (auto *B = dyn_cast_or_null<DIDerivedType>(M);
          B && B->getTag() == dwarf::DW_TAG_inheritance)
        E = B;
    if (!E || !isEmptyClass(E->getBaseType()))
      return false;
    Out.push_back({E->getBaseType(), Off + D->getOffsetInBits() / 8});
  }
  return true;
}

bool cxxTupleElements(const DIType *DI, SmallVectorImpl<TupleElement> &Out) {
  auto *CT = dyn_cast_or_null<DICompositeType>(stripSugar(DI));
  if (!CT || !CT->getName().starts_with("tuple<"))
    return false;
  Out.clear();
  if (inLibcxx(CT))
    return libcxxTupleElements(CT, Out);
  if (!inNamespace(CT, "std"))
    return false;
  const DIDerivedType *Impl = baseNamed(CT, "_Tuple_impl<");
  uint64_t Off = Impl ? Impl->getOffsetInBits() / 8 : 0;
  // An empty tuple has no _Tuple_impl: no elements.
  for (unsigned I = 0; Impl && I < RUCHY_TRACE_MAX_FIELDS; ++I) {
    auto *S = dyn_cast<DICompositeType>(stripSugar(Impl->getBaseType()));
    const DIDerivedType *Head = baseNamed(S, "_Head_base<");
    auto *H = Head ? dyn_cast<DICompositeType>(stripSugar(Head->getBaseType()))
                   : nullptr;
    const DIDerivedType *V = H ? memberNamed(H, "_M_head_impl") : nullptr;
    // A declaration without members (constructor homing elsewhere), or
    // an empty element kept as a base: not a layout we can read.
    if (!V)
      return false;
    Out.push_back({V->getBaseType(), Off + Head->getOffsetInBits() / 8 +
                                         V->getOffsetInBits() / 8});
    Impl = baseNamed(S, "_Tuple_impl<");
    if (Impl)
      Off += Impl->getOffsetInBits() / 8;
  }
  return !Impl;
}

bool TypeDescriber::cxxVariantLayout(const DIType *DI, CxxVariant &L) {
  const auto *CT = dyn_cast_or_null<DICompositeType>(stripSugar(DI));
  bool Libcxx = CT && inLibcxx(CT);
  if (!CT || !CT->getName().starts_with("variant<") ||
      (!Libcxx && !inNamespace(CT, "std")))
    return false;
  // The alternatives: the template parameter pack _Types.
  L.Types.clear();
  for (const DINode *N : CT->getTemplateParams()) {
    auto *Pack = dyn_cast_or_null<DITemplateValueParameter>(N);
    if (!Pack || Pack->getTag() != dwarf::DW_TAG_GNU_template_parameter_pack)
      continue;
    if (auto *List = dyn_cast_or_null<MDTuple>(Pack->getValue()))
      for (const MDOperand &Op : List->operands())
        if (auto *TP = dyn_cast_or_null<DITemplateTypeParameter>(Op.get()))
          L.Types.push_back(TP->getType());
  }
  const DIDerivedType *U, *Index;
  if (Libcxx) {
    // libc++: __impl_, whose bases end in __base { __data, __index }.
    uint64_t ImplOff = 0;
    const DIDerivedType *Impl = memberNamed(CT, "__impl_");
    ImplOff = Impl ? Impl->getOffsetInBits() / 8 : 0;
    auto *IT = Impl ? composite(Impl->getBaseType()) : nullptr;
    U = findMemberAnywhere(IT, "__data", L.StorageOff);
    Index = findMemberAnywhere(IT, "__index", L.IndexOff);
    L.StorageOff += ImplOff, L.IndexOff += ImplOff;
  } else {
    U = findMemberAnywhere(CT, "_M_u", L.StorageOff);
    Index = findMemberAnywhere(CT, "_M_index", L.IndexOff);
  }
  if (L.Types.empty() || !U || !Index)
    return false;
  L.IndexSize = bytesOf(Index->getBaseType());
  if (L.IndexSize != 1 && L.IndexSize != 2 && L.IndexSize != 4)
    return false;
  for (const DIType *T : L.Types)
    if (!T || L.StorageOff + bytesOf(T) > bytesOf(CT))
      return false;
  return true;
}

// Each alternative as a variant named by its type, whose payload is its
// value alone (a struct of one field at the storage's offset).
GlobalVariable *TypeDescriber::cxxVariants(const CxxVariant &L, uint64_t Size,
                                           unsigned Lang, unsigned Depth) {
  PointerType *P = PointerType::getUnqual(C);
  Type *I32 = Type::getInt32Ty(C), *I16 = Type::getInt16Ty(C),
       *I64 = Type::getInt64Ty(C);
  SmallVector<Constant *, 8> Vars;
  for (size_t I = 0; I < L.Types.size() && I < RUCHY_TRACE_MAX_FIELDS; ++I) {
    const DIType *T = L.Types[I];
    Constant *Field = ConstantStruct::get(
        FieldTy, {str("value"), memberType(T, Lang, Depth + 1),
                  ConstantInt::get(I32, L.StorageOff), ConstantInt::get(I16, 0),
                  ConstantInt::get(I16, 0)});
    GlobalVariable *Payload =
        emit(RUCHY_TRACE_K_STRUCT, RUCHY_TRACE_T_TUPLE, Size, 1, spell(T, Lang),
             table(FieldTy, {Field}, "ruchy_trace.fields"), {});
    Vars.push_back(ConstantStruct::get(
        VariantTy, {str(spell(T, Lang)), Payload, ConstantInt::get(I64, I),
                    ConstantInt::get(I32, 1), ConstantInt::get(I32, 0)}));
  }
  // variant_npos in the index's width: the runtime compares the index as
  // it reads it, unsigned.
  uint64_t Npos = L.IndexSize >= 8 ? ~0ull : (1ull << (8 * L.IndexSize)) - 1;
  Vars.push_back(ConstantStruct::get(
      VariantTy, {str("valueless_by_exception"), ConstantPointerNull::get(P),
                  ConstantInt::get(I64, Npos), ConstantInt::get(I32, 1),
                  ConstantInt::get(I32, 0)}));
  return variants(L.IndexOff, L.IndexSize, Vars);
}

} // namespace ruchytrace
