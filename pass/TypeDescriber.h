//===- TypeDescriber.h - source-level types to runtime type descriptors ---===//
//
// Turns a debug-info type (or, without debug info, an IR type) into the
// constant __ruchy_trace_type the runtime prints from, and turns an IR value
// of that type into the 64-bit payload recorded in an event.
//
//===----------------------------------------------------------------------===//
#ifndef RUCHYTRACE_PASS_TYPEDESCRIBER_H
#define RUCHYTRACE_PASS_TYPEDESCRIBER_H

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/IR/IRBuilder.h"
#include <string>

namespace llvm {
class DIType;
class GlobalVariable;
class Module;
class Type;
class Value;
} // namespace llvm

namespace ruchytrace {

struct TypeDesc {
  unsigned Kind = 0; // enum ruchy_trace_kind
  unsigned Size = 0; // bytes
  std::string Name;
};

class TypeDescriber {
public:
  explicit TypeDescriber(llvm::Module &M);

  /// Describes a value of debug type \p DI (null meaning void) that reaches
  /// the pass as IR type \p IRTy (null when there is no IR value, e.g. a
  /// struct returned through sret). The kind is only a scalar kind when the
  /// IR value can really be encoded as one; otherwise it is OPAQUE.
  /// \p CTags: the function is C, which spells tagged types with their tag.
  TypeDesc describe(const llvm::DIType *DI, llvm::Type *IRTy,
                    bool CTags) const;

  /// The same, from the IR type alone (no debug info, or line tables only).
  TypeDesc describeIR(llvm::Type *IRTy) const;

  /// The source spelling of a debug-info type: "unsigned long",
  /// "const char *", "i64", "struct point" (C) or "Point" (C++, Rust).
  static std::string spell(const llvm::DIType *DI, bool CTags);

  /// The per-module, deduplicated constant descriptor for \p T.
  llvm::GlobalVariable *getDescriptor(const TypeDesc &T);

  /// Encodes \p V as the 64-bit payload for kind \p Kind; returns null if
  /// the IR type cannot carry that kind (the caller then records zero and
  /// the descriptor says OPAQUE).
  static llvm::Value *encode(llvm::IRBuilder<> &B, llvm::Value *V,
                             unsigned Kind);

  /// Whether an IR type can be encoded as a payload of \p Kind.
  static bool fits(llvm::Type *IRTy, unsigned Kind);

  llvm::StructType *getTypeDescTy() const { return TypeDescTy; }

private:
  llvm::Module &M;
  llvm::StructType *TypeDescTy;
  llvm::StringMap<llvm::GlobalVariable *> Cache;
};

} // namespace ruchytrace

#endif
