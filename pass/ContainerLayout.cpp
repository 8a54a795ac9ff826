//===- ContainerLayout.cpp - where maps, sets and deques keep elements ---===//
//
// The containers that are not one array are read by a walk in the runtime
// (abi.h's RBTREE, LIST, HASHBROWN, RING follows), bounded in steps. The
// pass decides here, once, from DWARF, where a value keeps the start of
// its walk, its element count and its node layout (the member paths GCC's
// libstdc++ printers and rust-gdb's providers read), and what an element
// is:
//
//   std::map, multimap   _M_impl._M_header._M_left (the leftmost node),
//   std::set, multiset   _M_node_count; a node's value after its
//                        _Rb_tree_node_base; _Rb_tree's _Val (a pair)
//   std::unordered_map,  _M_before_begin._M_nxt (the first node),
//   unordered_set (and   _M_element_count; a node's value after its
//   the multi ones)      _M_nxt; _Hashtable's _Value
//   std::list            _M_impl._M_node._M_next, _M_size; a node's
//                        value after its _List_node_base
//   std::deque           _M_impl._M_start, _M_finish: their _M_cur,
//                        _M_first, _M_last, _M_node (the count is theirs)
//   Rust HashMap,        table.table.ctrl, .items, .bucket_mask; a bucket
//   HashSet (hashbrown)  is RawTable's T: (K, V), a set's (K, ())
//   Rust VecDeque        buf's pointer, len, head, buf's cap
//   Rust BTreeMap,       root (height, node), length; a node's parent,
//   BTreeSet             parent_idx, len, keys, vals, an internal node's
//                        edges; an element made of a key and a value
//
// A layout that does not match (another library version) is no walk: the
// value is shown by its fields, as before.
//
//===----------------------------------------------------------------------===//
#include "DITypes.h"
#include "TypeDescriber.h"

#include "ruchytrace/abi.h"

using namespace llvm;

namespace ruchytrace {

static bool fits16(uint64_t V) { return V < 0x10000; }

// libstdc++'s red-black tree (std::map, std::set and the multi ones).
static bool rbTree(const DICompositeType *CT, uint64_t &Ptr, uint64_t &Count,
                   const DIType *&Elem, uint16_t *P) {
  uint64_t TreeOff, HeadOff, CountOff, Parent, Left, Right;
  const DIDerivedType *Tree = findMember(CT, "_M_t", TreeOff);
  const DIDerivedType *Head = findMember(CT, "_M_header", HeadOff);
  if (!Tree || !Head || !findMember(CT, "_M_node_count", CountOff))
    return false;
  const DICompositeType *Base = composite(Head->getBaseType());
  if (!Base || !findMember(Base, "_M_parent", Parent) ||
      !findMember(Base, "_M_left", Left) ||
      !findMember(Base, "_M_right", Right))
    return false;
  // _Rb_tree<Key, Val, ...>: a node is the base then Val, aligned (at
  // most 16: the base's 32 bytes are aligned for any such value).
  Elem = templateArg(composite(Tree->getBaseType()), 1);
  uint64_t ValueOff = (bytesOf(Base) + 15) & ~uint64_t(15);
  if (!Elem || !bytesOf(Elem) || !fits16(ValueOff))
    return false;
  Ptr = HeadOff + Left;
  Count = CountOff;
  P[0] = ValueOff, P[1] = Parent, P[2] = Left, P[3] = Right;
  return true;
}

// libstdc++'s _Hashtable (std::unordered_map, unordered_set, the multi
// ones): a singly linked list of all nodes from _M_before_begin.
static bool hashList(const DICompositeType *CT, uint64_t &Ptr, uint64_t &Count,
                     const DIType *&Elem, uint16_t *P) {
  uint64_t HOff, BeforeOff, CountOff, Next;
  const DIDerivedType *H = findMember(CT, "_M_h", HOff);
  const DIDerivedType *Before = findMember(CT, "_M_before_begin", BeforeOff);
  if (!H || !Before || !findMember(CT, "_M_element_count", CountOff))
    return false;
  const DICompositeType *NodeBase = composite(Before->getBaseType());
  if (!NodeBase || !findMember(NodeBase, "_M_nxt", Next))
    return false;
  // _Hashtable<Key, Value, ...>: a node is _M_nxt, then Value (aligned
  // as a pointer: values aligned more are not walked).
  Elem = templateArg(composite(H->getBaseType()), 1);
  uint64_t ValueOff = bytesOf(NodeBase);
  if (!Elem || !bytesOf(Elem) || ValueOff != 8 || Elem->getAlignInBits() > 64)
    return false;
  Ptr = BeforeOff + Next;
  Count = CountOff;
  P[0] = ValueOff, P[1] = Next;
  return true;
}

// libstdc++'s std::list: a circular doubly linked list through its
// header; its nodes from the header's _M_next, as many as _M_size (the
// walk never comes back round to the header).
static bool stdList(const DICompositeType *CT, uint64_t &Ptr, uint64_t &Count,
                    const DIType *&Elem, uint16_t *P) {
  uint64_t HeadOff, CountOff, Next;
  const DIDerivedType *Head = findMember(CT, "_M_node", HeadOff);
  if (!Head || !findMember(CT, "_M_size", CountOff))
    return false;
  const DICompositeType *Header = composite(Head->getBaseType());
  if (!Header || !findMember(Header, "_M_next", Next))
    return false;
  // _List_node<T>: _List_node_base (the two links), then T aligned (at
  // most 16: the base's 16 bytes are aligned for any such value).
  Elem = templateArg(CT, 0);
  uint64_t ValueOff = 16;
  if (!Elem || !bytesOf(Elem) || Elem->getAlignInBits() > 128 || Next >= 16)
    return false;
  Ptr = HeadOff + Next;
  Count = CountOff;
  P[0] = ValueOff, P[1] = Next;
  return true;
}

// libstdc++'s std::deque: its two iterators (_M_start, _M_finish), each
// _M_cur, _M_first, _M_last, _M_node (abi.h's DEQUE).
static bool stdDeque(const DICompositeType *CT, uint64_t &Ptr, uint64_t &Count,
                     const DIType *&Elem, uint16_t *P) {
  uint64_t Start, Finish, Off[4];
  const DIDerivedType *S = findMember(CT, "_M_start", Start);
  if (!S || !findMember(CT, "_M_finish", Finish))
    return false;
  const DICompositeType *It = composite(S->getBaseType());
  const char *Names[] = {"_M_cur", "_M_first", "_M_last", "_M_node"};
  for (unsigned I = 0; I < 4; ++I)
    if (!It || !findMember(It, Names[I], Off[I]))
      return false;
  Elem = templateArg(CT, 0);
  if (!Elem || !bytesOf(Elem) || !fits16(Finish + Off[3]))
    return false;
  Ptr = Start + Off[0];
  Count = Start + Off[0]; // no count word: the runtime computes size()
  for (unsigned I = 0; I < 4; ++I)
    P[I] = uint16_t(Start + Off[I]);
  P[4] = uint16_t(Finish + Off[0]), P[5] = uint16_t(Finish + Off[1]);
  P[6] = uint16_t(Finish + Off[3]);
  return true;
}

// Rust's hashbrown RawTable inside a HashMap or HashSet.
static bool hashbrown(const DICompositeType *CT, bool Set, uint64_t &Ptr,
                      uint64_t &Count, const DIType *&Elem, uint16_t *P) {
  uint64_t TableOff, Ctrl, Items, Mask;
  const DIDerivedType *Table = findMember(CT, "table", TableOff);
  const DICompositeType *Raw =
      Table ? composite(Table->getBaseType()) : nullptr;
  if (!Raw || !Raw->getName().starts_with("RawTable<") ||
      !findMember(Raw, "ctrl", Ctrl) || !findMember(Raw, "items", Items) ||
      !findMember(Raw, "bucket_mask", Mask))
    return false;
  Elem = templateArg(Raw, 0); // (K, V); a set's (K, ())
  const DICompositeType *Bucket = composite(Elem);
  if (!Elem || !bytesOf(Elem) || !fits16(TableOff + Mask))
    return false;
  if (Set) {
    // The bucket's key alone: () has no bytes, the key is the bucket.
    const DIDerivedType *Key = Bucket ? memberNamed(Bucket, "__0") : nullptr;
    if (!Key || Key->getOffsetInBits() || bytesOf(Key) != bytesOf(Elem))
      return false;
    Elem = Key->getBaseType();
  }
  Ptr = TableOff + Ctrl;
  Count = TableOff + Items;
  P[0] = TableOff + Mask;
  return true;
}

// Rust's VecDeque: a ring of the buffer's capacity from `head`.
static bool ring(const DICompositeType *CT, uint64_t &Ptr, uint64_t &Count,
                 const DIType *&Elem, uint16_t *P) {
  uint64_t Head, Cap;
  Elem = templateArg(CT, 0);
  if (!Elem || !rustVecLayout(CT, Ptr, Count) ||
      !findMember(CT, "head", Head) || !findMember(CT, "cap", Cap) ||
      !fits16(Head) || !fits16(Cap))
    return false;
  P[0] = Cap, P[1] = Head;
  return true;
}

// Option<T>'s payload: the member `__0` of its variant `Some`, with its
// offset in the Option.
static const DIDerivedType *somePayload(const DICompositeType *Opt,
                                        uint64_t &Off) {
  for (const DINode *N : Opt ? Opt->getElements() : DINodeArray())
    if (auto *VP = dyn_cast_or_null<DICompositeType>(N);
        VP && VP->getTag() == dwarf::DW_TAG_variant_part)
      for (const DINode *V : VP->getElements())
        if (auto *D = dyn_cast_or_null<DIDerivedType>(V);
            D && D->getName() == "Some")
          if (const DICompositeType *S = composite(D->getBaseType()))
            if (const DIDerivedType *F = memberNamed(S, "__0")) {
              Off = (D->getOffsetInBits() + F->getOffsetInBits()) / 8;
              return F;
            }
  return nullptr;
}

// What a member's pointer points to (through NonNull's `pointer`).
static const DICompositeType *pointeeOf(const DIType *T) {
  const DICompositeType *S = composite(T);
  if (const DIDerivedType *P = S ? memberNamed(S, "pointer") : nullptr)
    T = P->getBaseType();
  auto *D = dyn_cast_or_null<DIDerivedType>(stripSugar(T));
  return D && isPointerTag(D->getTag()) ? composite(D->getBaseType()) : nullptr;
}

// Rust's BTreeMap (a BTreeSet's `map`): root: Option<NodeRef { height,
// node: NonNull<LeafNode> }>, length; LeafNode { parent, parent_idx, len,
// keys, vals }; InternalNode { data: LeafNode, edges } (data first).
bool TypeDescriber::bTreeLayout(const DICompositeType *CT, bool Set,
                                SeqLayout &L) {
  uint64_t Base = 0, Some = 0;
  if (Set) {
    const DIDerivedType *M = memberNamed(CT, "map");
    CT = M ? composite(M->getBaseType()) : nullptr;
    Base = M ? M->getOffsetInBits() / 8 : 0;
  }
  const DIDerivedType *Root = CT ? memberNamed(CT, "root") : nullptr;
  const DIDerivedType *Length = CT ? memberNamed(CT, "length") : nullptr;
  const DIDerivedType *Ref =
      Root ? somePayload(composite(Root->getBaseType()), Some) : nullptr;
  const DICompositeType *NodeRef =
      Ref ? composite(Ref->getBaseType()) : nullptr;
  const DIDerivedType *Height =
      NodeRef ? memberNamed(NodeRef, "height") : nullptr;
  const DIDerivedType *Node = NodeRef ? memberNamed(NodeRef, "node") : nullptr;
  const DICompositeType *Leaf = Node ? pointeeOf(Node->getBaseType()) : nullptr;
  if (!Length || !Height || !Leaf)
    return false;
  uint64_t RootOff = Base + Root->getOffsetInBits() / 8 + Some;
  const DIDerivedType *F[5];
  const char *Names[] = {"parent", "parent_idx", "len", "keys", "vals"};
  for (unsigned I = 0; I < 5; ++I)
    if (!(F[I] = memberNamed(Leaf, Names[I])))
      return false;
  const DIType *K = templateArg(Leaf, 0), *V = templateArg(Leaf, 1);
  uint64_t KSize = bytesOf(K), VSize = Set ? 0 : bytesOf(V);
  uint64_t Cap = KSize ? bytesOf(F[3]->getBaseType()) / KSize : 0;
  if (!K || !V || !KSize || !Cap)
    return false;
  // An element: the key, then the value aligned as in a tuple (its
  // alignment from DWARF, else its size's, at most 8).
  uint64_t VAlign = V->getAlignInBits() / 8;
  if (!VAlign)
    VAlign = VSize ? std::min<uint64_t>(VSize & -VSize, 8) : 1;
  uint64_t ValueOff = Set ? KSize : (KSize + VAlign - 1) / VAlign * VAlign;
  uint64_t P[11] = {RootOff + Height->getOffsetInBits() / 8,
                    F[0]->getOffsetInBits() / 8,
                    F[1]->getOffsetInBits() / 8,
                    F[2]->getOffsetInBits() / 8,
                    F[3]->getOffsetInBits() / 8,
                    F[4]->getOffsetInBits() / 8,
                    (bytesOf(Leaf) + 7) / 8 * 8, // InternalNode's edges
                    KSize,
                    VSize,
                    ValueOff,
                    Cap};
  for (unsigned I = 0; I < 11; ++I) {
    if (!fits16(P[I]))
      return false;
    L.Param[I] = uint16_t(P[I]);
  }
  L.PtrOff = RootOff + Node->getOffsetInBits() / 8;
  L.LenOff = Base + Length->getOffsetInBits() / 8;
  L.Params = 2;
  L.InContainer = 1; // the height; the rest are offsets in a node
  if (Set)
    L.Elem = K; // the key alone: a set's value has no bytes
  else
    L.Key = K, L.Value = V, L.ValueOff = ValueOff,
    L.ElemSize = (ValueOff + VSize + 7) / 8 * 8;
  return true;
}

bool TypeDescriber::walkLayout(const DICompositeType *CT, SeqLayout &L) {
  StringRef Name = CT->getName();
  auto Is = [&](std::initializer_list<const char *> Prefixes) {
    for (const char *P : Prefixes)
      if (Name.starts_with(P))
        return true;
    return false;
  };
  if (libcxxWalkLayout(CT, L) || libcxxSeqWalkLayout(CT, L))
    return true;
  bool Ok = false;
  uint16_t *P = L.Param;
  if (inNamespace(CT, "std") &&
      Is({"map<", "multimap<", "set<", "multiset<"})) {
    Ok = rbTree(CT, L.PtrOff, L.LenOff, L.Elem, P);
    L.FollowKind = RUCHY_TRACE_FOLLOW_RBTREE;
    L.Flags = Is({"map<", "multimap<"}) ? RUCHY_TRACE_T_MAP : RUCHY_TRACE_T_SET;
    if (Is({"multimap<"}))
      L.Flags |= RUCHY_TRACE_T_MULTI;
  } else if (inNamespace(CT, "std") &&
             Is({"unordered_map<", "unordered_multimap<", "unordered_set<",
                 "unordered_multiset<"})) {
    Ok = hashList(CT, L.PtrOff, L.LenOff, L.Elem, P);
    L.FollowKind = RUCHY_TRACE_FOLLOW_LIST;
    L.Flags = Is({"unordered_map<", "unordered_multimap<"}) ? RUCHY_TRACE_T_MAP
                                                            : RUCHY_TRACE_T_SET;
    if (Is({"unordered_multimap<"}))
      L.Flags |= RUCHY_TRACE_T_MULTI;
  } else if (Is({"list<"}) &&
             (inNamespace(CT, "std") || inNamespace(CT, "__cxx11"))) {
    Ok = stdList(CT, L.PtrOff, L.LenOff, L.Elem, P);
    L.FollowKind = RUCHY_TRACE_FOLLOW_LIST;
  } else if (Is({"deque<"}) && inNamespace(CT, "std")) {
    Ok = stdDeque(CT, L.PtrOff, L.LenOff, L.Elem, P);
    L.FollowKind = RUCHY_TRACE_FOLLOW_DEQUE;
    L.InContainer = 0x7f; // both iterators: in the deque itself
  } else if ((Is({"HashMap<"}) && inNamespace(CT, "map")) ||
             (Is({"HashSet<"}) && inNamespace(CT, "set"))) {
    bool Set = Is({"HashSet<"});
    Ok = hashbrown(CT, Set, L.PtrOff, L.LenOff, L.Elem, P);
    L.FollowKind = RUCHY_TRACE_FOLLOW_HASHBROWN;
    L.Flags = Set ? RUCHY_TRACE_T_SET : RUCHY_TRACE_T_MAP;
  } else if ((Is({"BTreeMap<"}) && inNamespace(CT, "map")) ||
             (Is({"BTreeSet<"}) && inNamespace(CT, "set"))) {
    bool Set = Is({"BTreeSet<"});
    L.FollowKind = RUCHY_TRACE_FOLLOW_BTREE;
    L.Flags = Set ? RUCHY_TRACE_T_SET : RUCHY_TRACE_T_MAP;
    return bTreeLayout(CT, Set, L);
  } else if (Is({"VecDeque<"}) && inNamespace(CT, "vec_deque")) {
    Ok = ring(CT, L.PtrOff, L.LenOff, L.Elem, P);
    L.FollowKind = RUCHY_TRACE_FOLLOW_RING;
  }
  L.Params = Ok;
  return Ok;
}

} // namespace ruchytrace
