//===- TypeSpelling.cpp - debug-info types as source spells them ---===//
//
// How a type name reads in the trace: as the programmer wrote it, so
// `const char *`, `struct point`, `int[4]`, `char *const`.
//
//===----------------------------------------------------------------------===//
#include "DITypes.h"
#include "TypeDescriber.h"

using namespace llvm;

namespace ruchytrace {

std::string TypeDescriber::spell(const DIType *T, bool CTags) {
  if (!T)
    return "void";
  // C spells its boolean `bool` (stdbool.h, C23); DWARF says `_Bool`.
  if (isa<DIBasicType>(T) && T->getName() == "_Bool")
    return "bool";
  if (auto *CT = dyn_cast<DICompositeType>(T);
      CT && CTags && !T->getName().empty()) {
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
      case dwarf::DW_TAG_array_type: {
        uint64_t N = 0, E = bytesOf(CT->getBaseType());
        if (E)
          N = bytesOf(CT) / E;
        return spell(CT->getBaseType(), CTags) + "[" + std::to_string(N) + "]";
      }
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
    return P && isPointerTag(P->getTag());
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
    return IsPtrLike(Base) ? spell(Base, CTags) + "const"
                           : "const " + spell(Base, CTags);
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

} // namespace ruchytrace
