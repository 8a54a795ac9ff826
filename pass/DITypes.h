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

#include <string>

namespace llvm {
class Module;
}

namespace ruchytrace {

// The language a function's types are spelled in: C tags its structs
// (`struct point`), Rust writes `[u8; 4]` and `Vec<i64>`, C++ qualifies
// and drops default template arguments (TypeSpelling.cpp).
enum SourceLang : unsigned {
  LangOther = 0,
  LangC = 1,
  LangRust = 2,
  LangCxx = 3
};

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

// A reference: C++ `T &` and `T &&`, and Rust's `&T` and `&mut T` (pointer
// types named so). It always refers to a live object, so what it refers
// to is shown, as gdb does; a C or C++ pointer (`long *`) may be an array,
// one past its end, or an out-parameter not yet written: its address only.
inline bool isReference(const llvm::DIDerivedType *D) {
  return D->getTag() == llvm::dwarf::DW_TAG_reference_type ||
         D->getTag() == llvm::dwarf::DW_TAG_rvalue_reference_type ||
         (D->getTag() == llvm::dwarf::DW_TAG_pointer_type &&
          D->getName().starts_with("&"));
}

// A class's vtable pointer (clang's `_vptr$Logger`): the compiler's, not
// a field the source wrote; neither shown nor counted.
inline bool isVtablePointer(const llvm::DIDerivedType *D) {
  return D->isArtificial() && D->getName().starts_with("_vptr");
}

inline uint64_t bytesOf(const llvm::DIType *T) {
  // A typedef or qualifier may carry no size of its own.
  for (const llvm::DIType *X = T; X;
       X = stripSugar(X) == X ? nullptr : stripSugar(X))
    if (X->getSizeInBits())
      return (X->getSizeInBits() + 7) / 8;
  return 0;
}

// \p T as a class, struct, union or enum under its sugar, or null.
inline const llvm::DICompositeType *composite(const llvm::DIType *T) {
  return llvm::dyn_cast_or_null<llvm::DICompositeType>(stripSugar(T));
}

// Template argument \p I of \p CT as a type, or null.
inline const llvm::DIType *templateArg(const llvm::DICompositeType *CT,
                                       unsigned I) {
  llvm::DINodeArray TP = CT ? CT->getTemplateParams() : llvm::DINodeArray();
  auto *T = TP.size() > I
                ? llvm::dyn_cast_or_null<llvm::DITemplateTypeParameter>(TP[I])
                : nullptr;
  return T ? T->getType() : nullptr;
}

inline bool isPointerTag(unsigned Tag) {
  return Tag == llvm::dwarf::DW_TAG_pointer_type ||
         Tag == llvm::dwarf::DW_TAG_reference_type ||
         Tag == llvm::dwarf::DW_TAG_rvalue_reference_type;
}

// TypeSpelling.cpp: a type name (or a C++ function's qualified name) as
// the language's programmers write it: `std::vector<int>`, `Vec<i64>`.
std::string tidyTypeName(llvm::StringRef S, unsigned Lang);

// SequenceLayout.cpp: the member \p Name of \p S (not its bases'), or
// null; whether \p T's scope is the namespace \p NS; where a Rust Vec
// keeps its data pointer and length (String holds a Vec<u8>).
const llvm::DIDerivedType *memberNamed(const llvm::DICompositeType *S,
                                       llvm::StringRef Name);
bool inNamespace(const llvm::DIType *T, llvm::StringRef NS);
// A member named \p Name anywhere in \p S's members and bases, with its
// offset from the start of \p S (SequenceLayout.cpp); \p Pointer: only a
// member whose type is a pointer.
const llvm::DIDerivedType *findMember(const llvm::DICompositeType *S,
                                      llvm::StringRef Name, uint64_t &Off,
                                      unsigned Depth = 0, bool Pointer = false);
// A struct whose fields are positions: a Rust tuple, a C++ std::pair.
bool isTuple(const llvm::DIType *DI);
// A Rust tuple struct or tuple variant's payload: members __0, __1, ….
bool isRustTupleLike(const llvm::DIType *DI);
// A class with no data: no field, and only bases like it.
bool isEmptyClass(const llvm::DIType *DI, unsigned Depth = 0);
// Where a C++ std::string or std::string_view (of char) keeps its data
// pointer and length.
bool cxxStringLayout(const llvm::DICompositeType *CT, uint64_t &PtrOff,
                     uint64_t &LenOff);
bool rustVecLayout(const llvm::DICompositeType *VecT, uint64_t &PtrOff,
                   uint64_t &LenOff);
// What a pointer member points to, or null.
const llvm::DIType *pointee(const llvm::DIDerivedType *Member);

// TypeDescriber.cpp: a Rust enum's variant part (its variants, the
// discriminant), or null for a struct.
const llvm::DICompositeType *variantPart(const llvm::DICompositeType *CT);
// LambdaName.cpp: whether \p T is a C++ closure type, its name as the
// trace writes it (`<lambda at prog.cpp:12:15>`), and the column of its
// `[` (0: not known).
bool isLambda(const llvm::DIType *T);
// Where the module's lambdas' bodies start on their lines, to tell apart
// lambdas written on one line: before any lambdaName of the module.
void indexLambdas(const llvm::Module &M);
std::string lambdaName(const llvm::DICompositeType *CT);
unsigned lambdaColumn(const llvm::DICompositeType *CT);
// The column of a Rust closure's `|` (or `||`) on its line (0: not known),
// found as a lambda's `[`.
unsigned rustClosureColumn(const llvm::DISubprogram *SP);

// TypeTables.cpp: the kind (enum ruchy_trace_kind) of a basic type \p B,
// reached from \p DI (a typedef of `signed char` holds numbers).
unsigned basicKind(const llvm::DIBasicType *B, const llvm::DIType *DI);

// StdLayout.cpp: Rust's unit type `()`; a C++ std::tuple's elements in
// their order, with their offsets in it (false: not a tuple we can read).
bool isRustUnit(const llvm::DIType *DI);
// Rust's trait object pointers (Box<dyn T>, &dyn T): { pointer, vtable },
// shown as the pointer and the type its vtable's first method names; its
// handles whose fields are all the standard library's bookkeeping
// (JoinHandle<T>): shown without fields.
bool isRustDynPointer(const llvm::DIType *DI);
// A trait object's vtable member, when its vtable holds a method (its
// first at RustVtableMethod bytes in), or null.
constexpr uint64_t RustVtableMethod = 24;
const llvm::DIDerivedType *rustDynMethods(const llvm::DIType *DI);
// A Rust Mutex, RwLock, RefCell or Cell: the value it holds and its offset
// in it (through the UnsafeCell), shown alone, `Mutex([3, 4])`: the lock's
// futex and poison flag, a RefCell's borrow count, are the library's.
const llvm::DIType *rustCellValue(const llvm::DIType *DI, uint64_t &Off);
bool isRustOpaqueHandle(const llvm::DIType *DI);
// A Rust closure's environment, `{closure_env#0}`: its members are the
// variables it captured, a captured variable's name from its member's.
bool isRustClosureEnv(const llvm::DIType *DI);
llvm::StringRef captureName(llvm::StringRef Member);
struct TupleElement {
  const llvm::DIType *Type;
  uint64_t Offset;
};
bool cxxTupleElements(const llvm::DIType *DI,
                      llvm::SmallVectorImpl<TupleElement> &Out);

} // namespace ruchytrace

#endif
