//===- TypeDescriber.cpp - source-level types to runtime descriptors ------===//
#include "TypeDescriber.h"
#include "AbiLayout.h"
#include "DITypes.h"
#include "LibcxxLayout.h"

#include "ruchytrace/abi.h"

#include "llvm/BinaryFormat/Dwarf.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/DebugInfoMetadata.h"
#include "llvm/IR/GlobalVariable.h"
#include "llvm/IR/Module.h"

using namespace llvm;

namespace ruchytrace {

// A struct shown by its values alone: a Rust tuple, std::pair, std::tuple,
// Rust's ().
static bool isPositional(const DIType *DI) {
  auto *CT = dyn_cast_or_null<DICompositeType>(stripSugar(DI));
  return isTuple(DI) || isRustUnit(DI) || isRustTupleLike(DI) ||
         (CT && CT->getName().starts_with("tuple<") &&
          (inNamespace(CT, "std") || inLibcxx(CT)));
}

// The flags of a struct's descriptor: positional fields are a tuple's, and
// a Rust tuple struct (`Wrap(String)`, `Reverse<&str>`) is also shown with
// its name, as written. A tuple variant's payload is a struct too, scoped
// in its enum, whose variant the printer names.
static unsigned structFlags(const DIType *DI) {
  uint64_t Off;
  if (rustCellValue(DI, Off)) // Mutex([3, 4])
    return RUCHY_TRACE_T_TUPLE | RUCHY_TRACE_T_NAMED;
  // A handle shown without its fields is `{}` (JoinHandle(JoinInner<T>)).
  if (!isPositional(DI) || isRustOpaqueHandle(DI))
    return 0;
  auto *CT = dyn_cast<DICompositeType>(stripSugar(DI));
  bool Named =
      isRustTupleLike(DI) && !isa_and_nonnull<DICompositeType>(CT->getScope());
  return RUCHY_TRACE_T_TUPLE | (Named ? RUCHY_TRACE_T_NAMED : 0);
}

TypeDescriber::TypeDescriber(Module &M) : M(M), C(M.getContext()) {
  // abi.h's structs, from the field lists checked against it (AbiLayout.h).
  TypeTy = abiStruct(C, abi::Type, "ruchy_trace.type");
  FieldTy = abiStruct(C, abi::Field, "ruchy_trace.field");
  EnumTy = abiStruct(C, abi::Enumerator, "ruchy_trace.enumerator");
  VariantTy = abiStruct(C, abi::Variant, "ruchy_trace.variant");
  VariantsTy = abiStruct(C, abi::Variants, "ruchy_trace.variants");
  FollowTy = abiStruct(C, abi::Follow, "ruchy_trace.follow");
}

const DICompositeType *variantPart(const DICompositeType *CT) {
  for (const DINode *N : CT->getElements())
    if (auto *VP = dyn_cast_or_null<DICompositeType>(N))
      if (VP->getTag() == dwarf::DW_TAG_variant_part)
        return VP;
  return nullptr;
}

// Rust's &str, &mut str and alloc::string::String, and C++'s std::string
// and std::string_view, are shown as strings.
static bool isString(const DICompositeType *CT) {
  StringRef N = CT->getName();
  uint64_t P, L;
  if (N == "&str" || N == "&mut str" || cxxStringLayout(CT, P, L))
    return true;
  auto *NS = dyn_cast_or_null<DINamespace>(CT->getScope());
  return N == "String" && NS && NS->getName() == "string";
}

unsigned TypeDescriber::classify(const DIType *DI) const {
  const DIType *T = stripSugar(DI);
  if (!T)
    return RUCHY_TRACE_K_VOID;
  if (isRustUnit(T))
    return RUCHY_TRACE_K_STRUCT; // a tuple of nothing: ()
  if (auto *B = dyn_cast<DIBasicType>(T))
    return basicKind(B, DI);
  if (auto *D = dyn_cast<DIDerivedType>(T)) {
    if (!isPointerTag(D->getTag()))
      return RUCHY_TRACE_K_BYTES; // pointer to member, etc.
    const DIType *P = stripSugar(D->getBaseType());
    if (auto *PB = dyn_cast_or_null<DIBasicType>(P))
      if ((PB->getEncoding() == dwarf::DW_ATE_signed_char ||
           PB->getEncoding() == dwarf::DW_ATE_unsigned_char) &&
          PB->getName() == "char")
        return RUCHY_TRACE_K_CSTRING;
    if (isa_and_nonnull<DISubroutineType>(P))
      return RUCHY_TRACE_K_FUNCPTR;
    return RUCHY_TRACE_K_PTR;
  }
  if (auto *CT = dyn_cast<DICompositeType>(T)) {
    if (isString(CT))
      return RUCHY_TRACE_K_STRSLICE;
    LibcxxString LS;
    if (libcxxString(CT, LS)) // its short and long forms
      return RUCHY_TRACE_K_VARIANT;
    SeqLayout L;
    if (seqLayout(CT, L))
      return RUCHY_TRACE_K_SEQ;
    if (arrayOf(CT))
      return RUCHY_TRACE_K_ARRAY;
    uint64_t E, V;
    if (ownedPointee(CT, V))
      return RUCHY_TRACE_K_PTR;
    const DIType *VT;
    CxxVariant CV;
    StdFunction SF;
    if (optionalLayout(CT, E, V, VT) || cxxVariantLayout(CT, CV) ||
        stdFunctionLayout(CT, SF))
      return RUCHY_TRACE_K_VARIANT;
    switch (CT->getTag()) {
    case dwarf::DW_TAG_structure_type:
    case dwarf::DW_TAG_class_type:
      return variantPart(CT) ? RUCHY_TRACE_K_VARIANT : RUCHY_TRACE_K_STRUCT;
    case dwarf::DW_TAG_union_type:
      return RUCHY_TRACE_K_UNION;
    case dwarf::DW_TAG_array_type:
      return RUCHY_TRACE_K_ARRAY;
    case dwarf::DW_TAG_enumeration_type:
      return RUCHY_TRACE_K_ENUM;
    default:
      return RUCHY_TRACE_K_BYTES;
    }
  }
  return RUCHY_TRACE_K_BYTES;
}

// Offsets of the data pointer and length inside a string value.
bool TypeDescriber::sliceLayout(const DIType *DI, uint64_t &PtrOff,
                                uint64_t &LenOff) const {
  auto *CT = dyn_cast_or_null<DICompositeType>(stripSugar(DI));
  if (!CT)
    return false;
  if (cxxStringLayout(CT, PtrOff, LenOff))
    return true;
  if (CT->getName() != "String") { // &str: { data_ptr, length }
    auto *P = memberNamed(CT, "data_ptr"), *L = memberNamed(CT, "length");
    if (!P || !L)
      return false;
    PtrOff = P->getOffsetInBits() / 8;
    LenOff = L->getOffsetInBits() / 8;
    return true;
  }
  // String { vec: Vec<u8> }
  auto *Vec = memberNamed(CT, "vec");
  auto *VecT =
      Vec ? dyn_cast_or_null<DICompositeType>(stripSugar(Vec->getBaseType()))
          : nullptr;
  if (!VecT || !rustVecLayout(VecT, PtrOff, LenOff))
    return false;
  PtrOff += Vec->getOffsetInBits() / 8;
  LenOff += Vec->getOffsetInBits() / 8;
  return true;
}

Constant *TypeDescriber::members(const DIType *DI, unsigned Kind, unsigned Lang,
                                 unsigned Depth, uint64_t &Count) {
  Type *I32 = Type::getInt32Ty(C), *I16 = Type::getInt16Ty(C),
       *I64 = Type::getInt64Ty(C);
  Count = 0;
  const DIType *T = stripSugar(DI);
  auto *CT = dyn_cast_or_null<DICompositeType>(T);
  switch (Kind) {
  case RUCHY_TRACE_K_STRUCT:
  case RUCHY_TRACE_K_UNION: {
    SmallVector<Constant *, 16> Fields;
    SmallVector<TupleElement, 8> Elems;
    if (isRustUnit(T) || isRustOpaqueHandle(T))
      return nullptr;
    uint64_t CellOff;
    if (const DIType *V = rustCellValue(T, CellOff)) {
      Count = 1;
      Constant *F = ConstantStruct::get(
          FieldTy, {str("__0"), memberType(V, Lang, Depth + 1),
                    ConstantInt::get(I32, CellOff), ConstantInt::get(I16, 0),
                    ConstantInt::get(I16, 0)});
      return table(FieldTy, {F}, "ruchy_trace.fields");
    }
    if (cxxTupleElements(T, Elems)) {
      // std::tuple: its elements by position, as a Rust tuple's.
      for (size_t I = 0; I < Elems.size(); ++I)
        Fields.push_back(ConstantStruct::get(
            FieldTy, {str("__" + std::to_string(I)),
                      memberType(Elems[I].Type, Lang, Depth + 1),
                      ConstantInt::get(I32, Elems[I].Offset),
                      ConstantInt::get(I16, 0), ConstantInt::get(I16, 0)}));
      Count = Fields.size();
      return Fields.empty() ? nullptr
                            : table(FieldTy, Fields, "ruchy_trace.fields");
    }
    for (const DINode *N : CT->getElements()) {
      auto *D = dyn_cast_or_null<DIDerivedType>(N);
      if (!D || Fields.size() >= MaxFields || D->isStaticMember() ||
          isVtablePointer(D) ||
          (D->getTag() != dwarf::DW_TAG_member &&
           D->getTag() != dwarf::DW_TAG_inheritance))
        continue;
      if (isRustDynPointer(CT) && D->getName() != "pointer") {
        // Its vtable: shown as the type its first method names.
        if (rustDynMethods(CT) == D)
          Fields.push_back(ConstantStruct::get(
              FieldTy,
              {str("type"),
               emit(RUCHY_TRACE_K_PTR, RUCHY_TRACE_T_IMPL, 8, 0,
                    spell(D->getBaseType(), Lang),
                    emit(RUCHY_TRACE_K_FUNCPTR, 0, 8, 0, "fn", nullptr, {}),
                    {}),
               ConstantInt::get(I32, D->getOffsetInBits() / 8),
               ConstantInt::get(I16, 0), ConstantInt::get(I16, 0)}));
        continue;
      }
      // A tuple's positions are its values (std::pair's __pair_base has
      // no bytes to show).
      if (D->getTag() == dwarf::DW_TAG_inheritance && isTuple(CT) &&
          isEmptyClass(D->getBaseType()))
        continue;
      std::string Name = D->getTag() == dwarf::DW_TAG_inheritance
                             ? spell(D->getBaseType(), Lang)
                             : D->getName().str();
      GlobalVariable *FT = nullptr;
      if (isRustClosureEnv(CT))
        Name = captureName(Name).str();
      if (isRustClosureEnv(CT) || isLambda(CT))
        FT = captureRefType(D->getBaseType(), Lang, Depth + 1);
      uint64_t Bits = D->getOffsetInBits();
      bool BitField = D->isBitField();
      Fields.push_back(ConstantStruct::get(
          FieldTy,
          {str(Name), FT ? FT : memberType(D->getBaseType(), Lang, Depth + 1),
           ConstantInt::get(I32, Bits / 8),
           ConstantInt::get(I16, BitField ? Bits % 8 : 0),
           ConstantInt::get(I16, BitField ? D->getSizeInBits() : 0)}));
    }
    Count = Fields.size();
    return Fields.empty() ? nullptr
                          : table(FieldTy, Fields, "ruchy_trace.fields");
  }
  case RUCHY_TRACE_K_ARRAY: {
    const DICompositeType *A = arrayOf(CT);
    uint64_t Elem = bytesOf(A->getBaseType());
    Count = Elem ? bytesOf(A) / Elem : 0;
    return memberType(A->getBaseType(), Lang, Depth + 1);
  }
  case RUCHY_TRACE_K_SEQ: {
    SeqLayout L;
    seqLayout(CT, L);
    return seqElement(L, Lang, Depth + 1);
  }
  case RUCHY_TRACE_K_COMPLEX: {
    // The two parts are the floating-point type of half the size.
    Count = 2;
    unsigned Part =
        bytesOf(T) == 16 ? RUCHY_TRACE_K_DOUBLE : RUCHY_TRACE_K_FLOAT;
    return emit(Part, 0, bytesOf(T) / 2, 0,
                Part == RUCHY_TRACE_K_DOUBLE ? "double" : "float", nullptr, {});
  }
  case RUCHY_TRACE_K_ENUM: {
    SmallVector<Constant *, 16> Enums;
    for (const DINode *N : CT->getElements())
      if (auto *E = dyn_cast_or_null<DIEnumerator>(N))
        Enums.push_back(ConstantStruct::get(
            EnumTy, {str(E->getName()),
                     ConstantInt::get(I64, E->getValue().getSExtValue())}));
    Count = Enums.size();
    return Enums.empty() ? nullptr
                         : table(EnumTy, Enums, "ruchy_trace.enumerators");
  }
  case RUCHY_TRACE_K_VARIANT: {
    const DICompositeType *VP = variantPart(CT);
    uint64_t EngagedOff = 0, ValueOff = 0;
    const DIType *Value = nullptr;
    if (!VP && optionalLayout(CT, EngagedOff, ValueOff, Value)) {
      Count = 2;
      return optionalVariants(CT, EngagedOff, ValueOff, Value, Lang, Depth);
    }
    LibcxxString LS;
    if (!VP && libcxxString(CT, LS)) {
      Count = LS.InlineCap + 1;
      return libcxxStringVariants(CT, LS, Lang);
    }
    CxxVariant CV;
    if (!VP && cxxVariantLayout(CT, CV)) {
      Count = CV.Types.size() + 1; // and valueless_by_exception
      return cxxVariants(CV, bytesOf(CT), Lang, Depth);
    }
    StdFunction SF;
    if (!VP && stdFunctionLayout(CT, SF)) {
      return stdFunctionVariants(CT, SF, Lang, Depth, Count);
    }
    SmallVector<Constant *, 8> Vars;
    for (const DINode *N : VP->getElements()) {
      auto *D = dyn_cast_or_null<DIDerivedType>(N);
      if (!D)
        continue;
      auto *Discr = dyn_cast_or_null<ConstantInt>(D->getDiscriminantValue());
      Vars.push_back(ConstantStruct::get(
          VariantTy,
          {str(D->getName()), memberType(D->getBaseType(), Lang, Depth + 1),
           ConstantInt::get(I64, Discr ? Discr->getSExtValue() : 0),
           ConstantInt::get(I32, Discr ? 1 : 0), ConstantInt::get(I32, 0)}));
    }
    Count = Vars.size();
    const DIDerivedType *Disc = VP->getDiscriminator();
    return variants(Disc ? Disc->getOffsetInBits() / 8 : 0,
                    Disc ? (Disc->getSizeInBits() + 7) / 8 : 0, Vars);
  }
  case RUCHY_TRACE_K_PTR: {
    // An owning pointer's target, for a smart pointer inside a value (the
    // follow that copies it is the value's: addOwnedFollows).
    uint64_t ValueOff;
    const DIType *Owned = ownedPointee(DI, ValueOff);
    if (!Owned)
      Owned = rustRefTarget(DI); // shown when the value's follows read it
    return Owned ? memberType(Owned, Lang, Depth + 1) : nullptr;
  }
  default:
    return nullptr;
  }
}

GlobalVariable *TypeDescriber::memberType(const DIType *DI, unsigned Lang,
                                          unsigned Depth) {
  uintptr_t Key = reinterpret_cast<uintptr_t>(DI) << 2 | Lang;
  auto It = MemberCache.find(Key);
  if (It != MemberCache.end())
    return It->second;
  unsigned Kind = classify(DI);
  // A descriptor cut short by depth (here or below) is this depth's only:
  // kept, a recursive type (a Node holding an Option<Box<Node>>) met
  // deep first would be cut where it is met shallow.
  unsigned CutsBefore = DepthCuts;
  if (Depth > MaxDepth &&
      (Kind == RUCHY_TRACE_K_STRUCT || Kind == RUCHY_TRACE_K_UNION ||
       Kind == RUCHY_TRACE_K_ARRAY || Kind == RUCHY_TRACE_K_VARIANT ||
       Kind == RUCHY_TRACE_K_SEQ)) {
    Kind = RUCHY_TRACE_K_BYTES; // too deep: raw bytes
    ++DepthCuts;
  }
  uint64_t Count = 0;
  Constant *Members = members(DI, Kind, Lang, Depth, Count);
  unsigned Flags = Kind == RUCHY_TRACE_K_STRUCT ? structFlags(DI) : 0;
  SeqLayout L;
  if (Kind == RUCHY_TRACE_K_SEQ && seqLayout(DI, L))
    Flags |= L.Flags; // a set or a map
  GlobalVariable *GV =
      emit(Kind, Flags, bytesOf(DI), Count, spell(DI, Lang), Members, {});
  if (DepthCuts == CutsBefore)
    MemberCache[Key] = GV;
  return GV;
}

// Kinds carried as a 64-bit payload.
bool isScalarKind(unsigned K) {
  switch (K) {
  case RUCHY_TRACE_K_SINT:
  case RUCHY_TRACE_K_UINT:
  case RUCHY_TRACE_K_BOOL:
  case RUCHY_TRACE_K_CHAR:
  case RUCHY_TRACE_K_UCHAR:
  case RUCHY_TRACE_K_FLOAT:
  case RUCHY_TRACE_K_DOUBLE:
  case RUCHY_TRACE_K_HALF:
  case RUCHY_TRACE_K_PTR:
  case RUCHY_TRACE_K_CSTRING:
  case RUCHY_TRACE_K_FUNCPTR:
  case RUCHY_TRACE_K_ENUM:
    return true;
  default:
    return false;
  }
}

// What a reference to a value of kind \p K shows after its address: the
// payload kinds, and an x87 long double.
bool isReadAsScalar(unsigned K) {
  return isScalarKind(K) || K == RUCHY_TRACE_K_LDOUBLE;
}

Capture TypeDescriber::describe(const DIType *DI, Value *Scalar,
                                bool HaveStorage, unsigned Lang, bool Target) {
  Capture Cp;
  if (!DI)
    return Cp; // void
  unsigned Kind = classify(DI);
  uint64_t Size = bytesOf(DI);
  std::string Name = spell(DI, Lang);
  SmallVector<Follow, 8> Follows;
  Constant *Members = nullptr;
  uint64_t Count = 0;
  unsigned Flags = 0;
  if (Kind == RUCHY_TRACE_K_LDOUBLE && Scalar &&
      fits(Scalar->getType(), RUCHY_TRACE_K_DOUBLE)) {
    Kind = RUCHY_TRACE_K_DOUBLE;
    Size = 8; /* the payload's size, not the source type's */
  }
  uint64_t SmartOff;
  const DIType *Smart = ownedPointee(DI, SmartOff);
  if (isRustUnit(DI) || (isRustClosureEnv(DI) && !Size)) {
    // (): no bytes and no IR argument; shown as the empty tuple. A
    // closure that captured nothing, passed by value: its captures, {}.
    Cp.How = Capture::Payload;
    Flags = isRustUnit(DI) ? RUCHY_TRACE_T_TUPLE : 0;
  } else if (Smart && (HaveStorage || (Scalar && Size == 8 &&
                                       Scalar->getType()->isPointerTy()))) {
    // An owning pointer (unique_ptr, shared_ptr, Rc, Arc), in memory or
    // as the pointer it is: the pointer at its start, with its value as
    // the target, whatever the value's type (it owns one object).
    Cp.How = HaveStorage ? Capture::ByRef : Capture::Payload;
    Flags = HaveStorage ? RUCHY_TRACE_T_BYREF : 0;
    Members = memberType(Smart, Lang, 1);
    addOwnedFollows(DI, 0, Follows, 0, 0);
  } else if (Smart) {
    Kind = RUCHY_TRACE_K_OPAQUE;
  } else if (isRustClosureEnv(DI) && !HaveStorage && Size <= 8 && Scalar &&
             fits(Scalar->getType(), RUCHY_TRACE_K_STRUCT)) {
    // A closure's captures moved in whole, in one register (FnOnce's
    // `move || y + 1`): the payload holds their bytes.
    Cp.How = Capture::Payload;
    Members = members(DI, Kind, Lang, 0, Count);
    collectFollows(DI, 0, Follows, 0);
  } else if (isScalarKind(Kind) && Size <= 8 && Scalar &&
             fits(Scalar->getType(), Kind)) {
    Cp.How = Capture::Payload;
    if (Kind == RUCHY_TRACE_K_CSTRING) {
      Follows.push_back({0, 0, 0, RUCHY_TRACE_FOLLOW_CSTRING});
    } else if (Kind == RUCHY_TRACE_K_PTR && Target) {
      // A pointer to an aggregate is shown with what it points to, one
      // level deep.
      auto *D = cast<DIDerivedType>(stripSugar(DI));
      const DIType *Pointee = stripSugar(D->getBaseType());
      unsigned PK = classify(Pointee);
      uint64_t PSize = Pointee ? bytesOf(Pointee) : 0;
      uint64_t OwnedOff;
      if (PSize && PK == RUCHY_TRACE_K_PTR && ownedPointee(Pointee, OwnedOff)) {
        // A reference to an owning pointer: the pointer, then its value.
        Members = memberType(D->getBaseType(), Lang, 1);
        Follows.push_back({0, 0, uint32_t(std::min<uint64_t>(PSize, MaxDeref)),
                           RUCHY_TRACE_FOLLOW_DEREF});
        addOwnedFollows(Pointee, 0, Follows, 0, /*Parent=*/1);
      } else if (PSize &&
                 (PK == RUCHY_TRACE_K_STRUCT || PK == RUCHY_TRACE_K_UNION ||
                  PK == RUCHY_TRACE_K_ARRAY || PK == RUCHY_TRACE_K_VARIANT ||
                  PK == RUCHY_TRACE_K_SEQ || PK == RUCHY_TRACE_K_STRSLICE)) {
        Members = memberType(D->getBaseType(), Lang, 1);
        addTargetFollows(Pointee, 0, Follows, 0);
      } else if (PSize && isReadAsScalar(PK) && isReference(D)) {
        // `const int &`, `&i64`: the address, then the value (a `char *&`
        // the string).
        Members = memberType(D->getBaseType(), Lang, 1);
        Follows.push_back({0, 0, uint32_t(std::min<uint64_t>(PSize, MaxDeref)),
                           RUCHY_TRACE_FOLLOW_DEREF});
        if (PK == RUCHY_TRACE_K_CSTRING)
          Follows.push_back({0, 0, 0, RUCHY_TRACE_FOLLOW_CSTRING, 1});
      }
    } else if (Kind == RUCHY_TRACE_K_ENUM) {
      Members = members(DI, Kind, Lang, 0, Count);
    }
  } else if (HaveStorage && Size > 0 && Kind != RUCHY_TRACE_K_VOID) {
    Cp.How = Capture::ByRef;
    Flags = RUCHY_TRACE_T_BYREF;
    uint64_t P, L;
    if (Kind == RUCHY_TRACE_K_STRSLICE) {
      if (sliceLayout(DI, P, L))
        Follows.push_back(
            {uint32_t(P), uint32_t(L), 0, RUCHY_TRACE_FOLLOW_SLICE});
      else
        Kind = RUCHY_TRACE_K_STRUCT; // unknown layout: show its fields
    } else if (Kind == RUCHY_TRACE_K_CSTRING) {
      Follows.push_back({0, 0, 0, RUCHY_TRACE_FOLLOW_CSTRING});
    } else if (Kind == RUCHY_TRACE_K_SEQ) {
      addSeqFollow(DI, 0, Follows, 0);
    } else {
      collectFollows(DI, 0, Follows, 0);
    }
    if (Kind != RUCHY_TRACE_K_STRSLICE)
      Members = members(DI, Kind, Lang, 0, Count);
    if (Kind == RUCHY_TRACE_K_STRUCT)
      Flags |= structFlags(DI);
    SeqLayout SL;
    if (Kind == RUCHY_TRACE_K_SEQ && seqLayout(DI, SL))
      Flags |= SL.Flags; // a set or a map
  } else {
    Kind = RUCHY_TRACE_K_OPAQUE; // no IR value or storage maps to it
  }
  drainOwned(Follows);
  Cp.Kind = Kind;
  Cp.HasData = Cp.How == Capture::ByRef || !Follows.empty();
  std::string Key = std::to_string(Kind) + ":" + std::to_string(Flags) + ":" +
                    std::to_string(Follows.size()) + ":" + Name + ":" +
                    std::to_string(reinterpret_cast<uintptr_t>(DI));
  auto It = Cache.find(Key);
  if (It != Cache.end()) {
    Cp.Desc = It->second;
    return Cp;
  }
  Cp.Desc = emit(Kind, Flags, Size, Count, Name, Members, Follows);
  Cache[Key] = Cp.Desc;
  return Cp;
}

} // namespace ruchytrace
