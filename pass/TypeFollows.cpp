//===- TypeFollows.cpp - what a descriptor's follows read at record time
//---===//
//
// The pointers a value's descriptor follows when it is recorded: the target
// of a reference or a Box (with a struct's fields in source order, for
// RUCHY_TRACE_FOLLOW's budget), a closure's captures, strings and
// containers inside a value, inside what a reference points to. The printer
// finds what these copied by their offsets (rt_value.c).
//
//===----------------------------------------------------------------------===//
#include "DITypes.h"
#include "TypeDescriber.h"

#include "ruchytrace/abi.h"

#include "llvm/BinaryFormat/Dwarf.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/DebugInfoMetadata.h"

using namespace llvm;

namespace ruchytrace {

// A Rust reference (`&T`, `&mut T`) or box (`Box<T>`: named pointer
// types) to a value shown by its content: its pointee, or null. C and C++
// pointers inside a value are shown as addresses (they may point anywhere, or
// to an array).
const DIType *TypeDescriber::rustRefTarget(const DIType *DI) const {
  auto *D = dyn_cast_or_null<DIDerivedType>(stripSugar(DI));
  if (!D || D->getTag() != dwarf::DW_TAG_pointer_type ||
      !(D->getName().starts_with("&") ||
        D->getName().starts_with("alloc::boxed::Box<")))
    return nullptr;
  const DIType *P = stripSugar(D->getBaseType());
  unsigned K = P && bytesOf(P) ? classify(P) : RUCHY_TRACE_K_VOID;
  switch (K) {
  case RUCHY_TRACE_K_STRUCT:
  case RUCHY_TRACE_K_UNION:
  case RUCHY_TRACE_K_ARRAY:
  case RUCHY_TRACE_K_VARIANT:
  case RUCHY_TRACE_K_SEQ:
  case RUCHY_TRACE_K_STRSLICE:
    return D->getBaseType();
  default:
    // &i64, &bool: the number. A reference to a pointer (&*const T) is
    // not read: its target would be shown as an address anyway.
    return isReadAsScalar(K) && K != RUCHY_TRACE_K_PTR &&
                   K != RUCHY_TRACE_K_FUNCPTR && K != RUCHY_TRACE_K_CSTRING
               ? D->getBaseType()
               : nullptr;
  }
}

// A variable a closure captured by reference, when it is a scalar (`k` in
// `|x| x * k`, `[&k](int x)`): its reference's target is the variable's
// value, shown as the other captures are (an aggregate's reference is any
// reference's, rustRefTarget). The pointee, or null.
static const DIType *captureScalar(const DIType *DI) {
  auto *D = dyn_cast_or_null<DIDerivedType>(stripSugar(DI));
  if (!D || !isReference(D))
    return nullptr;
  const DIType *P = stripSugar(D->getBaseType());
  return isa_and_nonnull<DIBasicType>(P) && bytesOf(P) && bytesOf(P) <= 8
             ? D->getBaseType()
             : nullptr;
}

GlobalVariable *TypeDescriber::captureRefType(const DIType *DI, unsigned Lang,
                                              unsigned Depth) {
  const DIType *P = captureScalar(DI);
  return P ? emit(RUCHY_TRACE_K_PTR, 0, 8, 0, spell(DI, Lang),
                  memberType(P, Lang, Depth + 1), {})
           : nullptr;
}

void TypeDescriber::addTargetFollows(const DIType *Pointee, uint64_t Off,
                                     SmallVectorImpl<Follow> &Out,
                                     uint32_t Parent) {
  unsigned PK = classify(Pointee);
  uint32_t Deref = uint32_t(std::min<uint64_t>(bytesOf(Pointee), MaxDeref));
  if (Out.size() >= MaxFollows)
    return;
  uint32_t Me = uint32_t(Out.size()); // the target's follow, index
  // A container's header is copied whole: its walk's start and its count
  // may lie past RUCHY_TRACE_FOLLOW's bytes (a std::map's). So is an
  // enum's (an optional's, a variant's): its discriminant may lie past
  // them too, and without it there is nothing to show.
  if (PK == RUCHY_TRACE_K_SEQ || PK == RUCHY_TRACE_K_VARIANT)
    Out.push_back(
        {uint32_t(Off), Deref, Deref, RUCHY_TRACE_FOLLOW_HEADER, Parent});
  else
    Out.push_back({uint32_t(Off), 0, Deref, RUCHY_TRACE_FOLLOW_DEREF, Parent,
                   PK == RUCHY_TRACE_K_STRUCT ? fieldOrder(Pointee) : nullptr});
  // Strings inside the target (a Rust &self's String fields): read from
  // the copied target, so a reference shows them too.
  if (PK == RUCHY_TRACE_K_SEQ) {
    addSeqFollow(Pointee, 0, Out, Me + 1);
  } else if (PK == RUCHY_TRACE_K_STRSLICE) {
    uint64_t P, L;
    if (sliceLayout(Pointee, P, L) && Out.size() < MaxFollows)
      Out.push_back(
          {uint32_t(P), uint32_t(L), 0, RUCHY_TRACE_FOLLOW_SLICE, Me + 1});
  } else {
    // A struct's containers: copied up to the end of the last one, whose
    // header may lie past RUCHY_TRACE_FOLLOW's bytes.
    uint64_t Outer = SeqEnd;
    SeqEnd = 0;
    collectFollows(Pointee, 0, Out, 0, Me + 1);
    if (SeqEnd) {
      Out[Me].LenOffset = uint32_t(std::min<uint64_t>(SeqEnd, Deref));
      Out[Me].Kind = RUCHY_TRACE_FOLLOW_HEADER;
    }
    SeqEnd = Outer;
  }
}

void TypeDescriber::visitFollows(const DIType *FT, uint64_t Off,
                                 SmallVectorImpl<Follow> &Out, unsigned Depth,
                                 uint32_t Parent) {
  if (Out.size() >= MaxFollows)
    return;
  unsigned K = classify(FT);
  uint64_t P, L;
  if (K == RUCHY_TRACE_K_CSTRING)
    Out.push_back({uint32_t(Off), 0, 0, RUCHY_TRACE_FOLLOW_CSTRING, Parent});
  else if (K == RUCHY_TRACE_K_STRSLICE && sliceLayout(FT, P, L))
    Out.push_back({uint32_t(Off + P), uint32_t(Off + L), 0,
                   RUCHY_TRACE_FOLLOW_SLICE, Parent});
  else if (K == RUCHY_TRACE_K_SEQ)
    addSeqFollow(FT, Off, Out, Parent);
  else if (K == RUCHY_TRACE_K_PTR && Parent == 0 && rustRefTarget(FT))
    // A reference in the value itself (a tuple's, an Option<&T>'s): its
    // target, as a reference argument's. Not inside a target: one level.
    addTargetFollows(rustRefTarget(FT), Off, Out, Parent);
  else if (K == RUCHY_TRACE_K_PTR && Depth <= 3)
    addOwnedFollows(FT, Off, Out, Depth, Parent); // nothing if not owning
  else if (K == RUCHY_TRACE_K_STRUCT || K == RUCHY_TRACE_K_VARIANT)
    collectFollows(FT, Off, Out, Depth + 1, Parent);
  // An enum field (a std::optional, a variant) is only shown whole, with
  // its discriminant: a struct's target is copied to its end (SeqEnd).
  if (K == RUCHY_TRACE_K_VARIANT)
    SeqEnd = std::max<uint64_t>(SeqEnd, Off + bytesOf(FT));
}

void TypeDescriber::addOwnedFollows(const DIType *DI, uint64_t Off,
                                    SmallVectorImpl<Follow> &Out,
                                    unsigned Depth, uint32_t Parent) {
  uint64_t ValueOff;
  const DIType *Owned = ownedPointee(DI, ValueOff);
  if (!Owned || Out.size() >= MaxFollows)
    return;
  Out.push_back({uint32_t(Off), uint32_t(ValueOff),
                 uint32_t(std::min<uint64_t>(bytesOf(Owned), MaxDeref)),
                 RUCHY_TRACE_FOLLOW_DEREF, Parent});
  this->Owned.push_back({Owned, Depth + 1, uint32_t(Out.size())});
}

void TypeDescriber::drainOwned(SmallVectorImpl<Follow> &Out) {
  uint64_t Outer = SeqEnd;
  for (size_t I = 0; I < Owned.size(); ++I) {
    OwnedTarget T = Owned[I]; // visiting may add more
    visitFollows(T.Type, 0, Out, T.Depth, T.Parent);
  }
  Owned.clear();
  SeqEnd = Outer;
}

void TypeDescriber::collectFollows(const DIType *DI, uint64_t Base,
                                   SmallVectorImpl<Follow> &Out, unsigned Depth,
                                   uint32_t Parent) {
  const DIType *T = stripSugar(DI);
  auto *CT = dyn_cast_or_null<DICompositeType>(T);
  // A trait object's vtable is read for its first method only, in the
  // value itself or in a reference's target (`&Box<dyn T>`; the .rtrace
  // writer names the functions of those); a handle's internals are not
  // shown, nor read.
  if (const DIDerivedType *V = rustDynMethods(CT)) {
    if (Out.size() < MaxFollows)
      Out.push_back({uint32_t(Base + V->getOffsetInBits() / 8),
                     uint32_t(RustVtableMethod), 8, RUCHY_TRACE_FOLLOW_DEREF,
                     Parent});
    return;
  }
  if (!CT || Depth > MaxDepth || isRustDynPointer(CT) ||
      isRustOpaqueHandle(CT) || addLibcxxStringFollow(CT, Base, Out, Parent))
    return;
  auto Visit = [&](const DIType *FT, uint64_t Off) {
    visitFollows(FT, Off, Out, Depth, Parent);
  };
  uint64_t EngagedOff, ValueOff;
  const DIType *Value;
  if (optionalLayout(CT, EngagedOff, ValueOff, Value)) {
    Visit(Value, Base + ValueOff); // read whether engaged or not
    return;
  }
  CxxVariant CV;
  SmallVector<TupleElement, 8> Elems;
  StdFunction SF;
  if (stdFunctionLayout(CT, SF)) {
    // libc++'s: its target, wherever __f_ points (its own buffer or the
    // heap). libstdc++'s targets are stored inside: copied bitwise.
    uint64_t Size = 0;
    if (SF.Libcxx && Out.size() < MaxFollows &&
        !libcxxTargets(SF.Signature, Size).empty())
      Out.push_back({uint32_t(Base + SF.ManagerOff), 0,
                     uint32_t(std::min<uint64_t>(Size, MaxDeref)),
                     RUCHY_TRACE_FOLLOW_DEREF, Parent});
    return;
  }
  if (cxxVariantLayout(CT, CV)) {
    // Every alternative's: the writer uses the active one's only.
    for (const DIType *Alt : CV.Types)
      Visit(Alt, Base + CV.StorageOff);
    return;
  }
  if (cxxTupleElements(CT, Elems)) {
    for (const TupleElement &E : Elems)
      Visit(E.Type, Base + E.Offset);
    return;
  }
  if (classify(CT) == RUCHY_TRACE_K_VARIANT) {
    // Every variant's strings: the writer uses the active variant's only.
    for (const DINode *N : variantPart(CT)->getElements())
      if (auto *D = dyn_cast_or_null<DIDerivedType>(N))
        Visit(D->getBaseType(), Base + D->getOffsetInBits() / 8);
    return;
  }
  if (CT->getTag() != dwarf::DW_TAG_structure_type &&
      CT->getTag() != dwarf::DW_TAG_class_type)
    return;
  for (const DINode *N : CT->getElements()) {
    auto *D = dyn_cast_or_null<DIDerivedType>(N);
    if (!D)
      continue;
    if (D->getTag() == dwarf::DW_TAG_inheritance &&
        !(D->getFlags() & DINode::FlagVirtual)) {
      // A base class's strings and containers (a virtual base's place
      // is only known at run time).
      Visit(D->getBaseType(), Base + D->getOffsetInBits() / 8);
    } else if (D->getTag() == dwarf::DW_TAG_member && !D->isStaticMember() &&
               !D->isBitField()) {
      // A Rust closure's environment is the value itself; a C++ lambda's,
      // the target of its `this`.
      const DIType *Captured =
          (isRustClosureEnv(CT) && Parent == 0) || isLambda(CT)
              ? captureScalar(D->getBaseType())
              : nullptr;
      if (Captured && Out.size() < MaxFollows)
        Out.push_back({uint32_t(Base + D->getOffsetInBits() / 8), 0,
                       uint32_t(bytesOf(Captured)), RUCHY_TRACE_FOLLOW_DEREF,
                       Parent});
      else
        Visit(D->getBaseType(), Base + D->getOffsetInBits() / 8);
    }
  }
}

} // namespace ruchytrace
