//===- TypeDescriber.cpp - source-level types to runtime descriptors ------===//
#include "TypeDescriber.h"

#include "ruchytrace/abi.h"

#include "llvm/BinaryFormat/Dwarf.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/DebugInfoMetadata.h"
#include "llvm/IR/GlobalVariable.h"
#include "llvm/IR/Module.h"

using namespace llvm;

namespace ruchytrace {

TypeDescriber::TypeDescriber(Module &M) : M(M) {
  LLVMContext &C = M.getContext();
  // Mirrors struct __ruchy_trace_type in abi.h.
  TypeDescTy = StructType::create(
      C,
      {Type::getInt8Ty(C), Type::getInt8Ty(C), Type::getInt16Ty(C),
       Type::getInt32Ty(C), PointerType::getUnqual(C),
       PointerType::getUnqual(C)},
      "ruchy_trace.type");
}

// Qualifiers and typedefs do not change how a value is encoded, only how
// its type is spelled, so kind selection looks through them.
static const DIType *stripSugar(const DIType *T) {
  while (auto *D = dyn_cast_or_null<DIDerivedType>(T)) {
    switch (D->getTag()) {
    case dwarf::DW_TAG_typedef:
    case dwarf::DW_TAG_const_type:
    case dwarf::DW_TAG_volatile_type:
    case dwarf::DW_TAG_restrict_type:
    case dwarf::DW_TAG_atomic_type:
      T = D->getBaseType();
      continue;
    default:
      return T;
    }
  }
  return T;
}

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
    return Bits <= 64 ? RUCHY_TRACE_K_SINT : RUCHY_TRACE_K_OPAQUE;
  case dwarf::DW_ATE_unsigned:
    return Bits <= 64 ? RUCHY_TRACE_K_UINT : RUCHY_TRACE_K_OPAQUE;
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
    return RUCHY_TRACE_K_OPAQUE; // long double, __float128
  default:
    return RUCHY_TRACE_K_OPAQUE;
  }
}

std::string TypeDescriber::spell(const DIType *T, bool CTags) {
  if (!T)
    return "void";
  // C spells its boolean `bool` (stdbool.h, C23); DWARF says `_Bool`.
  if (isa<DIBasicType>(T) && T->getName() == "_Bool")
    return "bool";
  if (auto *CT = dyn_cast<DICompositeType>(T); CT && CTags &&
                                                !T->getName().empty()) {
    // C names tagged types with their tag: `struct point`, `enum color`.
    switch (CT->getTag()) {
    case dwarf::DW_TAG_structure_type:
      return "struct " + T->getName().str();
    case dwarf::DW_TAG_union_type:
      return "union " + T->getName().str();
    case dwarf::DW_TAG_enumeration_type:
      return "enum " + T->getName().str();
    default:
      break;
    }
  }
  if (!T->getName().empty())
    return T->getName().str(); // basic, typedef, named composite, Rust "&str"
  auto *D = dyn_cast<DIDerivedType>(T);
  if (!D) {
    if (auto *CT = dyn_cast<DICompositeType>(T)) {
      switch (CT->getTag()) {
      case dwarf::DW_TAG_array_type:
        return spell(CT->getBaseType(), CTags) + "[]";
      case dwarf::DW_TAG_structure_type:
        return "struct <anonymous>";
      case dwarf::DW_TAG_union_type:
        return "union <anonymous>";
      case dwarf::DW_TAG_enumeration_type:
        return "enum <anonymous>";
      default:
        break;
      }
    }
    if (isa<DISubroutineType>(T))
      return "<function>";
    return "<unknown>";
  }
  const DIType *Base = D->getBaseType();
  auto IsPtrLike = [](const DIType *X) {
    auto *P = dyn_cast_or_null<DIDerivedType>(X);
    return P && (P->getTag() == dwarf::DW_TAG_pointer_type ||
                 P->getTag() == dwarf::DW_TAG_reference_type ||
                 P->getTag() == dwarf::DW_TAG_rvalue_reference_type);
  };
  switch (D->getTag()) {
  case dwarf::DW_TAG_pointer_type:
    if (isa_and_nonnull<DISubroutineType>(Base))
      return "<function> *";
    return spell(Base, CTags) + (IsPtrLike(Base) ? "*" : " *");
  case dwarf::DW_TAG_reference_type:
    return spell(Base, CTags) + " &";
  case dwarf::DW_TAG_rvalue_reference_type:
    return spell(Base, CTags) + " &&";
  case dwarf::DW_TAG_const_type:
    // `const char` before the name, `char *const` after a pointer, as C
    // programmers write them.
    return IsPtrLike(Base) ? spell(Base, CTags) + "const" : "const " + spell(Base, CTags);
  case dwarf::DW_TAG_volatile_type:
    return IsPtrLike(Base) ? spell(Base, CTags) + "volatile"
                           : "volatile " + spell(Base, CTags);
  case dwarf::DW_TAG_restrict_type:
    return spell(Base, CTags) + "restrict";
  case dwarf::DW_TAG_atomic_type:
    return "_Atomic " + spell(Base, CTags);
  default:
    return spell(Base, CTags);
  }
}

static std::string irTypeName(Type *Ty) {
  std::string S;
  raw_string_ostream OS(S);
  Ty->print(OS);
  return S;
}

bool TypeDescriber::fits(Type *Ty, unsigned Kind) {
  if (!Ty)
    return false;
  switch (Kind) {
  case RUCHY_TRACE_K_SINT:
  case RUCHY_TRACE_K_UINT:
  case RUCHY_TRACE_K_BOOL:
  case RUCHY_TRACE_K_CHAR:
  case RUCHY_TRACE_K_UCHAR:
    return Ty->isIntegerTy() && Ty->getIntegerBitWidth() <= 64;
  case RUCHY_TRACE_K_FLOAT:
    return Ty->isFloatTy();
  case RUCHY_TRACE_K_DOUBLE:
    return Ty->isDoubleTy();
  case RUCHY_TRACE_K_HALF:
    return Ty->isHalfTy();
  case RUCHY_TRACE_K_PTR:
    return Ty->isPointerTy();
  default:
    return false;
  }
}

TypeDesc TypeDescriber::describeIR(Type *Ty) const {
  TypeDesc D;
  if (!Ty || Ty->isVoidTy()) {
    D.Kind = RUCHY_TRACE_K_VOID;
    D.Name = "void";
    return D;
  }
  D.Name = irTypeName(Ty);
  const DataLayout &DL = M.getDataLayout();
  D.Size = Ty->isSized() ? DL.getTypeStoreSize(Ty).getFixedValue() : 0;
  if (Ty->isIntegerTy(1))
    D.Kind = RUCHY_TRACE_K_BOOL;
  else if (Ty->isIntegerTy() && Ty->getIntegerBitWidth() <= 64)
    D.Kind = RUCHY_TRACE_K_SINT; // IR integers carry no sign; show signed
  else if (Ty->isFloatTy())
    D.Kind = RUCHY_TRACE_K_FLOAT;
  else if (Ty->isDoubleTy())
    D.Kind = RUCHY_TRACE_K_DOUBLE;
  else if (Ty->isHalfTy())
    D.Kind = RUCHY_TRACE_K_HALF;
  else if (Ty->isPointerTy())
    D.Kind = RUCHY_TRACE_K_PTR;
  else
    D.Kind = RUCHY_TRACE_K_OPAQUE;
  return D;
}

TypeDesc TypeDescriber::describe(const DIType *DI, Type *IRTy,
                                 bool CTags) const {
  TypeDesc D;
  D.Name = spell(DI, CTags);
  if (!DI) {
    D.Kind = RUCHY_TRACE_K_VOID;
    return D;
  }
  D.Size = (DI->getSizeInBits() + 7) / 8;
  const DIType *Base = stripSugar(DI);
  unsigned Kind = RUCHY_TRACE_K_OPAQUE;
  if (auto *B = dyn_cast_or_null<DIBasicType>(Base)) {
    Kind = kindOfBasic(B, viaTypedef(DI));
  } else if (auto *P = dyn_cast_or_null<DIDerivedType>(Base)) {
    unsigned Tag = P->getTag();
    if (Tag == dwarf::DW_TAG_pointer_type ||
        Tag == dwarf::DW_TAG_reference_type ||
        Tag == dwarf::DW_TAG_rvalue_reference_type)
      Kind = RUCHY_TRACE_K_PTR;
    if (D.Size == 0)
      D.Size = M.getDataLayout().getPointerSize();
  } else if (auto *CT = dyn_cast_or_null<DICompositeType>(Base)) {
    // Enumerations travel as their underlying integer; enumerator names
    // are a later refinement of the descriptor's member table.
    if (CT->getTag() == dwarf::DW_TAG_enumeration_type) {
      const DIType *U = stripSugar(CT->getBaseType());
      auto *UB = dyn_cast_or_null<DIBasicType>(U);
      Kind = (UB && UB->getEncoding() == dwarf::DW_ATE_unsigned)
                 ? RUCHY_TRACE_K_UINT
                 : RUCHY_TRACE_K_SINT;
    }
  }
  if (Kind != RUCHY_TRACE_K_OPAQUE && !fits(IRTy, Kind))
    Kind = RUCHY_TRACE_K_OPAQUE;
  D.Kind = Kind;
  return D;
}

GlobalVariable *TypeDescriber::getDescriptor(const TypeDesc &T) {
  std::string Key = std::to_string(T.Kind) + ":" + std::to_string(T.Size) +
                    ":" + T.Name;
  auto It = Cache.find(Key);
  if (It != Cache.end())
    return It->second;
  LLVMContext &C = M.getContext();
  auto *I8 = Type::getInt8Ty(C);
  auto *I16 = Type::getInt16Ty(C);
  auto *I32 = Type::getInt32Ty(C);
  Constant *Name = ConstantDataArray::getString(C, T.Name);
  auto *NameGV =
      new GlobalVariable(M, Name->getType(), true, GlobalValue::PrivateLinkage,
                         Name, "ruchy_trace.tname");
  NameGV->setUnnamedAddr(GlobalValue::UnnamedAddr::Global);
  NameGV->setAlignment(Align(1));
  Constant *Init = ConstantStruct::get(
      TypeDescTy,
      {ConstantInt::get(I8, T.Kind), ConstantInt::get(I8, 0),
       ConstantInt::get(I16, T.Size > 0xffff ? 0xffff : T.Size),
       ConstantInt::get(I32, 0), NameGV,
       ConstantPointerNull::get(PointerType::getUnqual(C))});
  auto *GV = new GlobalVariable(M, TypeDescTy, true,
                                GlobalValue::PrivateLinkage, Init,
                                "ruchy_trace.type");
  GV->setAlignment(Align(8));
  Cache[Key] = GV;
  return GV;
}

Value *TypeDescriber::encode(IRBuilder<> &B, Value *V, unsigned Kind) {
  Type *Ty = V->getType();
  if (!fits(Ty, Kind))
    return nullptr;
  Type *I64 = B.getInt64Ty();
  switch (Kind) {
  case RUCHY_TRACE_K_SINT:
  case RUCHY_TRACE_K_CHAR:
    return B.CreateSExtOrTrunc(V, I64);
  case RUCHY_TRACE_K_UINT:
  case RUCHY_TRACE_K_UCHAR:
  case RUCHY_TRACE_K_BOOL:
    return B.CreateZExtOrTrunc(V, I64);
  case RUCHY_TRACE_K_FLOAT:
    return B.CreateZExt(B.CreateBitCast(V, B.getInt32Ty()), I64);
  case RUCHY_TRACE_K_HALF:
    return B.CreateZExt(B.CreateBitCast(V, B.getInt16Ty()), I64);
  case RUCHY_TRACE_K_DOUBLE:
    return B.CreateBitCast(V, I64);
  case RUCHY_TRACE_K_PTR:
    return B.CreatePtrToInt(V, I64);
  default:
    return nullptr;
  }
}

} // namespace ruchytrace
