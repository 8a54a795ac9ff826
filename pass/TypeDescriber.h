//===- TypeDescriber.h - source-level types to runtime type descriptors ---===//
//
// Turns a debug-info type (or, without debug info, an IR type) into the
// constant __ruchy_trace_type tree the runtime prints from, and decides how
// a value of that type is captured: as a 64-bit payload (scalars), or by
// address with a byte image copied at record time (aggregates, strings,
// anything wider), plus the pointers the runtime follows one level deep.
//
//===----------------------------------------------------------------------===//
#ifndef RUCHYTRACE_PASS_TYPEDESCRIBER_H
#define RUCHYTRACE_PASS_TYPEDESCRIBER_H

#include "ruchytrace/abi.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallVector.h"
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

struct LibcxxString;

// Bounds on what one descriptor tree may describe: deeper nesting, more
// fields or more followed pointers than this are cut (and shown cut).
inline constexpr unsigned MaxDepth = 8;
inline constexpr unsigned MaxFields = RUCHY_TRACE_MAX_FIELDS;
inline constexpr unsigned MaxFollows = RUCHY_TRACE_MAX_FOLLOWS;
inline constexpr uint32_t MaxDeref = RUCHY_TRACE_MAX_IMAGE;

// Kinds carried as a 64-bit payload (TypeDescriber.cpp).
bool isScalarKind(unsigned K);
// What a reference to a value of kind \p K shows after its address: the
// payload kinds, and an x87 long double.
bool isReadAsScalar(unsigned K);

/// How one parameter or return value is recorded.
struct Capture {
  enum Mode { Missing, Payload, ByRef } How = Missing;
  unsigned Kind = 0;                    // enum ruchy_trace_kind
  llvm::GlobalVariable *Desc = nullptr; // null only for void
  bool HasData = false; // the runtime copies bytes or follows pointers
};

class TypeDescriber {
public:
  explicit TypeDescriber(llvm::Module &M);

  /// A value of debug type \p DI. \p Scalar is the IR value carrying it
  /// when it arrives as one (may be null); \p HaveStorage says whether its
  /// address is known (an alloca or byval/indirect argument). \p Lang: the
  /// function is C, which spells tagged types with their tag. \p Target:
  /// a pointer's target may be shown (not a constructor's `this`).
  Capture describe(const llvm::DIType *DI, llvm::Value *Scalar,
                   bool HaveStorage, unsigned Lang, bool Target = true);

  /// The same from the IR type alone (no debug types).
  Capture describeIR(llvm::Type *IRTy);

  /// The descriptor for a void return.
  static Capture voidCapture() { return Capture(); }

  /// The source spelling of a debug-info type: "unsigned long",
  /// "const char *", "i64", "struct point" (C) or "Point" (C++, Rust).
  static std::string spell(const llvm::DIType *DI, unsigned Lang);

  /// Encodes a scalar \p V as the 64-bit payload for kind \p Kind; null
  /// if its IR type cannot carry that kind.
  static llvm::Value *encode(llvm::IRBuilder<> &B, llvm::Value *V,
                             unsigned Kind);

  /// Whether an IR type can be encoded as a payload of \p Kind.
  static bool fits(llvm::Type *IRTy, unsigned Kind);

  /// A private constant array of \p Elems (descriptor tables: fields,
  /// enumerators, variants, follows, a function's argument types).
  llvm::GlobalVariable *table(llvm::Type *ElemTy,
                              llvm::ArrayRef<llvm::Constant *> Elems,
                              llvm::StringRef Name);

  /// An enum-like type's variants descriptor (abi::Variants): the tag's
  /// offset and size in bytes, then the table of \p Vars (null if none).
  llvm::GlobalVariable *variants(uint64_t TagOffset, uint64_t TagSize,
                                 llvm::ArrayRef<llvm::Constant *> Vars);
  /// One variant (abi::Variant): its name, its payload (null: none) and
  /// its discriminant (null: the one any other value has).
  llvm::Constant *variant(llvm::StringRef Name, llvm::Constant *Payload,
                          llvm::Constant *Discr);
  /// A payload of one field shown alone (a tuple of one: the variant
  /// without a name is its value), of type \p Type at \p Off in a value
  /// of \p Size bytes.
  llvm::GlobalVariable *oneValue(llvm::Constant *Type, llvm::StringRef Name,
                                 uint64_t Off, uint64_t Size);

  /// The module's private, deduplicated NUL-terminated copy of \p S (type
  /// names, function names, file names all share one pool).
  llvm::Constant *str(llvm::StringRef S);

private:
  struct Follow {
    uint32_t PtrOffset, LenOffset, Size, Kind, Parent = 0;
    llvm::Constant *Order = nullptr; // __ruchy_trace_follow.order
  };
  unsigned classify(const llvm::DIType *DI) const;
  llvm::GlobalVariable *memberType(const llvm::DIType *DI, unsigned Lang,
                                   unsigned Depth);
  llvm::GlobalVariable *emit(unsigned Kind, unsigned Flags, uint64_t Size,
                             uint64_t Count, llvm::StringRef Name,
                             llvm::Constant *Members,
                             llvm::ArrayRef<Follow> Follows);
  void collectFollows(const llvm::DIType *DI, uint64_t Base,
                      llvm::SmallVectorImpl<Follow> &Out, unsigned Depth,
                      uint32_t Parent = 0);
  bool sliceLayout(const llvm::DIType *DI, uint64_t &PtrOff,
                   uint64_t &LenOff) const;
  /// Where a sequence's data pointer and its length (or end pointer) are
  /// and what its elements are (SequenceLayout.cpp).
  struct SeqLayout {
    uint64_t PtrOff = 0, LenOff = 0;
    unsigned FollowKind = 0; // RUCHY_TRACE_FOLLOW_SEQ, _RANGE or a walk
    const llvm::DIType *Elem = nullptr;
    unsigned Flags = 0;  // RUCHY_TRACE_T_SET or _MAP
    unsigned Params = 0; // a walk's node layout: PARAM follows (7 each)
    uint16_t Param[14] = {};
    // Which Param slots (bit I: Param[I]) are offsets in the container's
    // own bytes, as PtrOff and LenOff are (a BTreeMap's height, a deque's
    // iterators), which move with it inside a struct; the others are
    // offsets in its nodes.
    uint16_t InContainer = 0;
    // An element the walk puts together (a BTreeMap's key and value, kept
    // in two arrays): (Key, Value), Value at ValueOff; Elem is null.
    const llvm::DIType *Key = nullptr, *Value = nullptr;
    uint64_t ValueOff = 0, ElemSize = 0;
  };
  static bool seqLayout(const llvm::DIType *DI, SeqLayout &L);
  /// Maps, sets and deques: the walk that reads them (ContainerLayout.cpp).
  static bool walkLayout(const llvm::DICompositeType *CT, SeqLayout &L);
  static bool bTreeLayout(const llvm::DICompositeType *CT, bool Set,
                          SeqLayout &L);
  /// libc++'s maps and sets (LibcxxMaps.cpp).
  static bool libcxxWalkLayout(const llvm::DICompositeType *CT, SeqLayout &L);
  /// libc++'s std::list and std::deque (LibcxxSequences.cpp).
  static bool libcxxSeqWalkLayout(const llvm::DICompositeType *CT,
                                  SeqLayout &L);
  /// The array type a value of \p DI holds as a whole (itself, or a C++
  /// std::array's elements), or null.
  static const llvm::DICompositeType *arrayOf(const llvm::DIType *DI);
  /// What a C++ std::unique_ptr or std::shared_ptr of \p DI points to
  /// (its pointer is its first member), or null.
  static const llvm::DIType *smartPointee(const llvm::DIType *DI);
  /// What an owning pointer of \p DI points to, and where in the target
  /// the value starts: C++ unique_ptr/shared_ptr (0), Rust Rc<T>/Arc<T>
  /// (RcInner's `value`, ArcInner's `data`); null if it is none
  /// (StdLayout.cpp).
  static const llvm::DIType *ownedPointee(const llvm::DIType *DI,
                                          uint64_t &ValueOff);
  /// A libstdc++ std::variant: its alternatives, where their storage and
  /// the index are (StdLayout.cpp).
  struct CxxVariant {
    llvm::SmallVector<const llvm::DIType *, 4> Types;
    uint64_t StorageOff = 0, IndexOff = 0, IndexSize = 0;
  };
  static bool cxxVariantLayout(const llvm::DIType *DI, CxxVariant &L);
  llvm::GlobalVariable *cxxVariants(const CxxVariant &L, uint64_t Size,
                                    unsigned Lang, unsigned Depth);
  /// A libstdc++ std::function: where its manager and invoker are, and
  /// its signature; its targets as variants (StdFunction.cpp).
  struct StdFunction {
    const llvm::DIType *Signature = nullptr;
    uint64_t ManagerOff = 0, InvokerOff = 0;
    // libc++'s: ManagerOff is where its pointer to its target (__f_) is
    // (LibcxxFunction.cpp).
    bool Libcxx = false;
  };
  static bool libcxxFunctionLayout(const llvm::DICompositeType *CT,
                                   StdFunction &L);
  /// A libc++ std::function's target types this module made: each
  /// __func<F, R(A...)>, its vtable, F's offset in it (LibcxxFunction.cpp).
  struct LibcxxTarget {
    const llvm::DICompositeType *Func;
    const llvm::DIType *Fn;
    llvm::GlobalVariable *Vtable;
    uint64_t FnOff;
  };
  llvm::SmallVector<LibcxxTarget, 4> libcxxTargets(const llvm::DIType *Sig,
                                                   uint64_t &MaxSize);
  llvm::GlobalVariable *libcxxFunctionVariants(const llvm::DICompositeType *CT,
                                               const StdFunction &L,
                                               unsigned Lang, unsigned Depth,
                                               uint64_t &Count);
  static bool stdFunctionLayout(const llvm::DIType *DI, StdFunction &L);
  llvm::GlobalVariable *stdFunctionVariants(const llvm::DICompositeType *CT,
                                            const StdFunction &L, unsigned Lang,
                                            unsigned Depth, uint64_t &Count);
  /// The follows of what a pointer at \p Off (into parent \p Parent's
  /// bytes) owns: its target copied, then the strings and sequences in it.
  void addOwnedFollows(const llvm::DIType *DI, uint64_t Off,
                       llvm::SmallVectorImpl<Follow> &Out, unsigned Depth,
                       uint32_t Parent);
  /// A closure's capture of a scalar by reference, \p DI (`&i64`): a
  /// pointer shown with its target; null for any other type.
  llvm::GlobalVariable *captureRefType(const llvm::DIType *DI, unsigned Lang,
                                       unsigned Depth);
  /// What a Rust reference \p DI points to, when it is shown by content.
  const llvm::DIType *rustRefTarget(const llvm::DIType *DI) const;
  /// The follows of a pointer at \p Off to a \p Pointee shown by its
  /// content: the target copied, then the strings and sequences in it.
  void addTargetFollows(const llvm::DIType *Pointee, uint64_t Off,
                        llvm::SmallVectorImpl<Follow> &Out, uint32_t Parent);
  /// The follows for a value of \p FT at \p Off (strings, sequences,
  /// owned targets, and those inside its fields).
  void visitFollows(const llvm::DIType *FT, uint64_t Off,
                    llvm::SmallVectorImpl<Follow> &Out, unsigned Depth,
                    uint32_t Parent);
  /// A C++ std::optional: where its engaged flag and its value are.
  static bool optionalLayout(const llvm::DIType *DI, uint64_t &EngagedOff,
                             uint64_t &ValueOff, const llvm::DIType *&Value);
  llvm::GlobalVariable *optionalVariants(const llvm::DICompositeType *CT,
                                         uint64_t EngagedOff, uint64_t ValueOff,
                                         const llvm::DIType *Value,
                                         unsigned Lang, unsigned Depth);
  /// The element type of a sequence, set or map (a BTreeMap's, made).
  llvm::GlobalVariable *seqElement(const SeqLayout &L, unsigned Lang,
                                   unsigned Depth);
  void addSeqFollow(const llvm::DIType *DI, uint64_t Base,
                    llvm::SmallVectorImpl<Follow> &Out, uint32_t Parent);
  /// A libc++ std::string as a variant of its short and long forms, and
  /// the long form's follow (LibcxxLayout.cpp; false for another type).
  llvm::GlobalVariable *libcxxStringVariants(const llvm::DICompositeType *CT,
                                             const LibcxxString &S,
                                             unsigned Lang);
  bool addLibcxxStringFollow(const llvm::DIType *DI, uint64_t Base,
                             llvm::SmallVectorImpl<Follow> &Out,
                             uint32_t Parent);
  llvm::Constant *members(const llvm::DIType *DI, unsigned Kind, unsigned Lang,
                          unsigned Depth, uint64_t &Count);

  llvm::Module &M;
  llvm::LLVMContext &C;
  llvm::StructType *TypeTy, *FieldTy, *EnumTy, *VariantTy, *VariantsTy,
      *FollowTy;
  // Keyed by (type, language) as (type << 2 | Lang).
  llvm::DenseMap<uintptr_t, llvm::GlobalVariable *> MemberCache;
  // A libc++ string's variants, one table of its forms per module
  // (typedefs and qualifiers of it share it).
  llvm::DenseMap<const llvm::DICompositeType *, llvm::GlobalVariable *>
      LibcxxStrings;
  llvm::StringMap<llvm::GlobalVariable *> Cache;
  llvm::StringMap<llvm::Constant *> Strings;
  // A struct's fields in source order, for a follow of it
  // (__ruchy_trace_follow.order); null when there are none.
  llvm::Constant *fieldOrder(const llvm::DIType *DI);
  llvm::DenseMap<const llvm::DIType *, llvm::Constant *> FieldOrders;
  // The end of the last container addSeqFollow described (from the start
  // of the value the follows read): a struct's target is copied to there.
  uint64_t SeqEnd = 0;
  // The targets of owning pointers (Box, unique_ptr) whose follows are
  // still to describe: breadth first (drainOwned), so that a value's
  // every Box gets its target's follow before any target's own boxes use
  // up RUCHY_TRACE_MAX_FOLLOWS (a Bin{lhs, rhs} of an expression tree).
  struct OwnedTarget {
    const llvm::DIType *Type;
    unsigned Depth;
    uint32_t Parent;
  };
  llvm::SmallVector<OwnedTarget, 8> Owned;
  void drainOwned(llvm::SmallVectorImpl<Follow> &Out);
  // How many descriptors memberType cut to bytes for their depth.
  unsigned DepthCuts = 0;
};

} // namespace ruchytrace

#endif
