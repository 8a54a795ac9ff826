//===- TypeTables.cpp - scalar kinds and descriptor constants -------------===//
//
// The leaves of TypeDescriber: which kind a basic debug type is, how a
// descriptor and its tables are emitted as private constants, and the
// descriptors of functions without debug types (named in IR terms).
//
//===----------------------------------------------------------------------===//
#include "DITypes.h"
#include "TypeDescriber.h"

#include "AbiLayout.h"
#include "ruchytrace/abi.h"

#include "llvm/IR/Constants.h"
#include "llvm/IR/GlobalVariable.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/raw_ostream.h"

using namespace llvm;

namespace ruchytrace {

// True if a typedef stands between T and its base type: `int8_t` is a
// typedef of `signed char` but holds numbers.
static bool viaTypedef(const DIType *T) {
  while (auto *D = dyn_cast_or_null<DIDerivedType>(T)) {
    if (D->getTag() == dwarf::DW_TAG_typedef)
      return true;
    if (D->getTag() != dwarf::DW_TAG_const_type &&
        D->getTag() != dwarf::DW_TAG_volatile_type)
      return false;
    T = D->getBaseType();
  }
  return false;
}

static unsigned kindOfBasic(const DIBasicType *B, bool Typedefed) {
  uint64_t Bits = B->getSizeInBits();
  switch (B->getEncoding()) {
  case dwarf::DW_ATE_boolean:
    return RUCHY_TRACE_K_BOOL;
  case dwarf::DW_ATE_signed:
    return Bits <= 128 ? RUCHY_TRACE_K_SINT : RUCHY_TRACE_K_BYTES;
  case dwarf::DW_ATE_unsigned:
    return Bits <= 128 ? RUCHY_TRACE_K_UINT : RUCHY_TRACE_K_BYTES;
  // Plain `char` holds characters; `signed char`, `unsigned char` and
  // typedefs of them (int8_t, uint8_t) are used as small numbers.
  case dwarf::DW_ATE_signed_char:
    return !Typedefed && B->getName() == "char" ? RUCHY_TRACE_K_CHAR
                                                : RUCHY_TRACE_K_SINT;
  case dwarf::DW_ATE_unsigned_char:
    return !Typedefed && B->getName() == "char" ? RUCHY_TRACE_K_UCHAR
                                                : RUCHY_TRACE_K_UINT;
  case dwarf::DW_ATE_UTF:
    return RUCHY_TRACE_K_UCHAR;
  case dwarf::DW_ATE_float:
    if (Bits == 32)
      return RUCHY_TRACE_K_FLOAT;
    if (Bits == 64)
      return RUCHY_TRACE_K_DOUBLE;
    if (Bits == 16)
      return RUCHY_TRACE_K_HALF;
    // x86 long double: 80 bits of value in 16 bytes of storage.
    if (Bits == 128 && B->getName().contains("long double"))
      return RUCHY_TRACE_K_LDOUBLE;
    return RUCHY_TRACE_K_BYTES; // __float128 and friends
  case dwarf::DW_ATE_complex_float:
    return Bits == 64 || Bits == 128 ? RUCHY_TRACE_K_COMPLEX
                                     : RUCHY_TRACE_K_BYTES;
  default:
    return RUCHY_TRACE_K_BYTES;
  }
}

unsigned basicKind(const DIBasicType *B, const DIType *DI) {
  return kindOfBasic(B, viaTypedef(DI));
}

GlobalVariable *TypeDescriber::table(Type *ElemTy, ArrayRef<Constant *> Elems,
                                     StringRef Name) {
  auto *ArrTy = ArrayType::get(ElemTy, Elems.size());
  auto *GV = new GlobalVariable(M, ArrTy, true, GlobalValue::PrivateLinkage,
                                ConstantArray::get(ArrTy, Elems), Name);
  GV->setAlignment(Align(8));
  return GV;
}

// One __ruchy_trace_follow.order entry: the bytes of the fields so far
// and the end of the furthest, when the budget can reach them.
static void addOrderEntry(uint64_t Bytes, uint64_t End,
                          SmallVectorImpl<uint32_t> &Entries) {
  if (Bytes <= RUCHY_TRACE_MAX_IMAGE)
    Entries.push_back(uint32_t(Bytes << 16 | std::min<uint64_t>(End, 0xffff)));
}

// A struct's fields in source order, a base class's in its place, as
// (bytes of them so far, the end of the furthest) from \p Base.
static void orderFields(const DICompositeType *CT, uint64_t Base,
                        uint64_t &Bytes, uint64_t &End,
                        SmallVectorImpl<uint32_t> &Entries) {
  for (const DINode *N : CT->getElements()) {
    auto *D = dyn_cast_or_null<DIDerivedType>(N);
    if (!D || D->isStaticMember() || isVtablePointer(D) ||
        Bytes > RUCHY_TRACE_MAX_IMAGE)
      continue;
    uint64_t From = Base + D->getOffsetInBits();
    if (D->getTag() == dwarf::DW_TAG_inheritance) {
      auto *B = dyn_cast_or_null<DICompositeType>(stripSugar(D->getBaseType()));
      if (B && !(D->getFlags() & DINode::FlagVirtual))
        orderFields(B, From, Bytes, End, Entries);
      continue;
    }
    if (D->getTag() != dwarf::DW_TAG_member)
      continue;
    uint64_t Bits =
        D->isBitField() ? D->getSizeInBits() : bytesOf(D->getBaseType()) * 8;
    Bytes += (Bits + 7) / 8;
    End = std::max(End, (From + Bits + 7) / 8);
    addOrderEntry(Bytes, End, Entries);
  }
}

Constant *TypeDescriber::fieldOrder(const DIType *DI) {
  auto It = FieldOrders.find(DI);
  if (It != FieldOrders.end())
    return It->second;
  Constant *&Slot = FieldOrders[DI];
  auto *CT = dyn_cast_or_null<DICompositeType>(stripSugar(DI));
  if (!CT)
    return Slot = nullptr;
  // What members() lists, in its order, as far as RUCHY_TRACE_FOLLOW's
  // largest budget.
  SmallVector<uint32_t, 16> Order;
  uint64_t Bytes = 0, End = 0, CellOff;
  if (const DIType *V = rustCellValue(CT, CellOff)) {
    if (uint64_t Size = bytesOf(V)) // the one value shown
      addOrderEntry(Size, CellOff + Size, Order);
  } else {
    orderFields(CT, 0, Bytes, End, Order);
  }
  if (Order.empty())
    return Slot = nullptr;
  SmallVector<Constant *, 16> Entries;
  for (uint32_t E : Order)
    Entries.push_back(ConstantInt::get(Type::getInt32Ty(C), E));
  Entries.push_back(ConstantInt::get(Type::getInt32Ty(C), UINT32_MAX));
  return Slot = table(Type::getInt32Ty(C), Entries, "ruchy_trace.order");
}

Constant *TypeDescriber::variant(StringRef Name, Constant *Payload,
                                 Constant *Discr) {
  Type *I32 = Type::getInt32Ty(C), *I64 = Type::getInt64Ty(C);
  return ConstantStruct::get(
      VariantTy,
      {str(Name),
       Payload ? Payload : ConstantPointerNull::get(PointerType::getUnqual(C)),
       Discr ? Discr : ConstantInt::get(I64, 0),
       ConstantInt::get(I32, Discr ? 1 : 0), ConstantInt::get(I32, 0)});
}

GlobalVariable *TypeDescriber::oneValue(Constant *Type, StringRef Name,
                                        uint64_t Off, uint64_t Size) {
  Constant *Field = ConstantStruct::get(
      FieldTy, {str("value"), Type, ConstantInt::get(Type::getInt32Ty(C), Off),
                ConstantInt::get(Type::getInt16Ty(C), 0),
                ConstantInt::get(Type::getInt16Ty(C), 0)});
  return emit(RUCHY_TRACE_K_STRUCT, RUCHY_TRACE_T_TUPLE, Size, 1, Name,
              table(FieldTy, {Field}, "ruchy_trace.fields"), {});
}

GlobalVariable *TypeDescriber::variants(uint64_t TagOffset, uint64_t TagSize,
                                        ArrayRef<Constant *> Vars) {
  Type *I32 = Type::getInt32Ty(C);
  Constant *VarTable = ConstantPointerNull::get(PointerType::getUnqual(C));
  if (!Vars.empty())
    VarTable = table(VariantTy, Vars, "ruchy_trace.variant");
  Constant *Info = ConstantStruct::get(
      VariantsTy,
      {ConstantInt::get(I32, TagOffset), ConstantInt::get(I32, TagSize),
       ConstantInt::get(I32, Vars.size()), ConstantInt::get(I32, 0), VarTable});
  auto *GV =
      new GlobalVariable(M, VariantsTy, true, GlobalValue::PrivateLinkage, Info,
                         "ruchy_trace.variants");
  GV->setAlignment(Align(8));
  return GV;
}

Constant *TypeDescriber::str(StringRef S) {
  auto It = Strings.find(S);
  if (It != Strings.end())
    return It->second;
  Constant *Init = ConstantDataArray::getString(C, S);
  auto *GV =
      new GlobalVariable(M, Init->getType(), true, GlobalValue::PrivateLinkage,
                         Init, "ruchy_trace.str");
  GV->setUnnamedAddr(GlobalValue::UnnamedAddr::Global);
  GV->setAlignment(Align(1));
  Strings[S] = GV;
  return GV;
}

GlobalVariable *TypeDescriber::emit(unsigned Kind, unsigned Flags,
                                    uint64_t Size, uint64_t Count,
                                    StringRef Name, Constant *Members,
                                    ArrayRef<Follow> Follows) {
  PointerType *P = PointerType::getUnqual(C);
  Constant *FollowsC = ConstantPointerNull::get(P);
  if (!Follows.empty()) {
    SmallVector<Constant *, 8> Elems;
    for (const Follow &F : Follows)
      Elems.push_back(ConstantStruct::get(
          FollowTy, {ConstantInt::get(Type::getInt32Ty(C), F.PtrOffset),
                     ConstantInt::get(Type::getInt32Ty(C), F.LenOffset),
                     ConstantInt::get(Type::getInt32Ty(C), F.Size),
                     ConstantInt::get(Type::getInt16Ty(C), F.Kind),
                     ConstantInt::get(Type::getInt16Ty(C), F.Parent),
                     F.Order ? F.Order : ConstantPointerNull::get(P)}));
    FollowsC = table(FollowTy, Elems, "ruchy_trace.follows");
  }
  Constant *Init = ConstantStruct::get(
      TypeTy,
      {ConstantInt::get(Type::getInt8Ty(C), Kind),
       ConstantInt::get(Type::getInt8Ty(C), Flags),
       ConstantInt::get(Type::getInt16Ty(C), Follows.size()),
       ConstantInt::get(Type::getInt32Ty(C), std::min<uint64_t>(Size, ~0u)),
       ConstantInt::get(Type::getInt32Ty(C), std::min<uint64_t>(Count, ~0u)),
       ConstantInt::get(Type::getInt32Ty(C), 0), str(Name),
       Members ? Members : ConstantPointerNull::get(P), FollowsC});
  auto *GV = new GlobalVariable(M, TypeTy, true, GlobalValue::PrivateLinkage,
                                Init, "ruchy_trace.type");
  GV->setAlignment(Align(8));
  return GV;
}

static std::string irTypeName(Type *Ty) {
  std::string S;
  raw_string_ostream OS(S);
  Ty->print(OS);
  return S;
}

Capture TypeDescriber::describeIR(Type *Ty) {
  Capture Cp;
  if (!Ty || Ty->isVoidTy())
    return Cp;
  unsigned Kind = RUCHY_TRACE_K_OPAQUE;
  if (Ty->isIntegerTy(1))
    Kind = RUCHY_TRACE_K_BOOL;
  else if (Ty->isIntegerTy() && Ty->getIntegerBitWidth() <= 64)
    Kind = RUCHY_TRACE_K_SINT; // IR integers carry no sign; show signed
  else if (Ty->isFloatTy())
    Kind = RUCHY_TRACE_K_FLOAT;
  else if (Ty->isDoubleTy())
    Kind = RUCHY_TRACE_K_DOUBLE;
  else if (Ty->isHalfTy())
    Kind = RUCHY_TRACE_K_HALF;
  else if (Ty->isPointerTy())
    Kind = RUCHY_TRACE_K_PTR;
  Cp.How = Kind == RUCHY_TRACE_K_OPAQUE ? Capture::Missing : Capture::Payload;
  Cp.Kind = Kind;
  uint64_t Size = Ty->isSized()
                      ? M.getDataLayout().getTypeStoreSize(Ty).getFixedValue()
                      : 0;
  std::string Name = irTypeName(Ty);
  std::string Key = "ir:" + std::to_string(Kind) + ":" + Name;
  auto It = Cache.find(Key);
  if (It != Cache.end()) {
    Cp.Desc = It->second;
    return Cp;
  }
  Cp.Desc = emit(Kind, 0, Size, 0, Name, nullptr, {});
  Cache[Key] = Cp.Desc;
  return Cp;
}

} // namespace ruchytrace
