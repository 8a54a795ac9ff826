//===- LibcxxMaps.cpp - libc++'s maps and sets, from DWARF ----------------===//
//
// libc++'s (-stdlib=libc++) std::map, set, unordered_map, unordered_set
// and their multi forms, read by the walks libstdc++'s use (abi.h's
// RBTREE and LIST), from the member paths lldb's libc++ formatters read:
//
//   map, set, multi    __tree_: __begin_node_ (the leftmost node),
//                      __size_; a node: __left_, __right_, __parent_,
//                      __is_black_, then its value where the Itanium ABI
//                      puts it: after the 25 bytes of those (their tail
//                      padding is reused), aligned as the value
//   unordered_*        __table_: __first_node_.__next_ (the first node),
//                      __size_ (not __bucket_list_'s, the bucket count);
//                      a node: __next_, __hash_, then its value (at 16)
//
// A map's entry is a pair<const K, V> in the node, laid out here from K
// and V (a unit that only reads a map may have no node type in its
// DWARF). A layout that does not match is shown by its fields.
//
//===----------------------------------------------------------------------===//
#include "DITypes.h"
#include "LibcxxLayout.h"
#include "TypeDescriber.h"

#include "ruchytrace/abi.h"

using namespace llvm;

namespace ruchytrace {

uint64_t libcxxAlignOf(const DIType *DI, unsigned Depth) {
  const DIType *T = stripSugar(DI);
  if (!T || Depth > 8)
    return 0;
  if (T->getAlignInBits())
    return T->getAlignInBits() / 8;
  if (isa<DIBasicType>(T)) {
    uint64_t S = bytesOf(T);
    return S && !(S & (S - 1)) && S <= 16 ? S : 0;
  }
  if (auto *D = dyn_cast<DIDerivedType>(T))
    return D->getTag() == dwarf::DW_TAG_ptr_to_member_type ? 8
           : isPointerTag(D->getTag())                     ? 8
                                                           : 0;
  auto *CT = cast<DICompositeType>(T);
  if (CT->getTag() == dwarf::DW_TAG_array_type ||
      CT->getTag() == dwarf::DW_TAG_enumeration_type)
    return CT->getBaseType() ? libcxxAlignOf(CT->getBaseType(), Depth + 1)
                             : bytesOf(CT);
  uint64_t A = 1;
  for (const DINode *N : CT->getElements())
    if (auto *D = dyn_cast_or_null<DIDerivedType>(N))
      if (!D->isStaticMember() && (D->getTag() == dwarf::DW_TAG_member ||
                                   D->getTag() == dwarf::DW_TAG_inheritance)) {
        uint64_t M = libcxxAlignOf(D->getBaseType(), Depth + 1);
        if (!M)
          return 0;
        A = std::max(A, M);
      }
  return A;
}

static uint64_t alignUp(uint64_t V, uint64_t A) { return (V + A - 1) / A * A; }

// The member \p Name of \p S outside its member \p Skip (and its offset).
static const DIDerivedType *memberOutside(const DICompositeType *S,
                                          StringRef Name, StringRef Skip,
                                          uint64_t &Off) {
  for (const DINode *N : S->getElements()) {
    auto *D = dyn_cast_or_null<DIDerivedType>(N);
    if (!D || D->isStaticMember() || D->getName() == Skip ||
        (D->getTag() != dwarf::DW_TAG_member &&
         D->getTag() != dwarf::DW_TAG_inheritance))
      continue;
    if (D->getName() == Name) {
      Off = D->getOffsetInBits() / 8;
      return D;
    }
    uint64_t Inner;
    if (const DIDerivedType *M =
            findMember(composite(D->getBaseType()), Name, Inner)) {
      Off = D->getOffsetInBits() / 8 + Inner;
      return M;
    }
  }
  return nullptr;
}

bool TypeDescriber::libcxxWalkLayout(const DICompositeType *CT, SeqLayout &L) {
  StringRef Name = CT->getName();
  bool Tree = Name.starts_with("map<") || Name.starts_with("multimap<") ||
              Name.starts_with("set<") || Name.starts_with("multiset<");
  bool Hash = Name.starts_with("unordered_map<") ||
              Name.starts_with("unordered_multimap<") ||
              Name.starts_with("unordered_set<") ||
              Name.starts_with("unordered_multiset<");
  if (!inLibcxx(CT) || (!Tree && !Hash))
    return false;
  bool Map = Name.contains("map<");
  const DIType *K = templateArg(CT, 0), *V = Map ? templateArg(CT, 1) : nullptr;
  uint64_t KA = libcxxAlignOf(K), VA = Map ? libcxxAlignOf(V) : 1;
  if (!K || !bytesOf(K) || !KA || (Map && (!V || !bytesOf(V) || !VA)))
    return false;
  uint64_t ElemAlign = std::max(KA, VA), ElemSize = bytesOf(K);
  if (Map) { // pair<const K, V>
    L.Key = K, L.Value = V, L.ValueOff = alignUp(bytesOf(K), VA);
    ElemSize = L.ValueOff + bytesOf(V);
  }
  L.ElemSize = alignUp(ElemSize, ElemAlign);
  if (!Map)
    L.Elem = K;
  L.Flags = Map ? RUCHY_TRACE_T_MAP : RUCHY_TRACE_T_SET;
  if (Name.starts_with("multimap<") || Name.starts_with("unordered_multimap<"))
    L.Flags |= RUCHY_TRACE_T_MULTI;
  uint64_t Outer, Off;
  if (Tree) {
    const DIDerivedType *T = findMember(CT, "__tree_", Outer);
    const DICompositeType *TT = T ? composite(T->getBaseType()) : nullptr;
    uint64_t Begin, Size;
    if (!TT || !findMember(TT, "__begin_node_", Begin) ||
        !findMember(TT, "__size_", Size))
      return false;
    // __tree_node_base: __left_ 0, __right_ 8, __parent_ 16, __is_black_
    // 24; the value in the node's tail padding from 25, aligned.
    L.PtrOff = Outer + Begin, L.LenOff = Outer + Size;
    L.FollowKind = RUCHY_TRACE_FOLLOW_RBTREE;
    L.Param[0] = uint16_t(alignUp(25, ElemAlign));
    L.Param[1] = 16, L.Param[2] = 0, L.Param[3] = 8;
  } else {
    const DIDerivedType *T = findMember(CT, "__table_", Outer);
    const DICompositeType *TT = T ? composite(T->getBaseType()) : nullptr;
    const DIDerivedType *First =
        TT ? findMember(TT, "__first_node_", Off) : nullptr;
    uint64_t Next, Size;
    if (!First ||
        !findMember(composite(First->getBaseType()), "__next_", Next) ||
        !memberOutside(TT, "__size_", "__bucket_list_", Size) || ElemAlign > 16)
      return false;
    // __hash_node: __next_ 0, __hash_ 8, the value from 16.
    L.PtrOff = Outer + Off + Next, L.LenOff = Outer + Size;
    L.FollowKind = RUCHY_TRACE_FOLLOW_LIST;
    L.Param[0] = 16, L.Param[1] = 0;
  }
  L.Params = 1;
  return true;
}

} // namespace ruchytrace
