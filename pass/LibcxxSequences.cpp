//===- LibcxxSequences.cpp - libc++'s std::list and std::deque ------------===//
//
// libc++'s (-stdlib=libc++) linked sequences, read by the walks that read
// libstdc++'s (abi.h's LIST) or by one of their own (LIBCXX_DEQUE), from
// the member paths lldb's libc++ formatters read:
//
//   std::list<T>    __end_ (the sentinel node: __prev_, __next_), __size_;
//                   a node: __prev_, __next_, then __value_ (at 16)
//   std::deque<T>   __map_ (a __split_buffer of block pointers: its
//                   __begin_), __start_ (the first element's index in
//                   the first block), __size_; a block holds
//                   4096 / sizeof(T) elements (16 from 256 bytes on), as
//                   __deque_block_size says
//
// A layout that does not match is shown by its fields.
//
//===----------------------------------------------------------------------===//
#include "DITypes.h"
#include "LibcxxLayout.h"
#include "TypeDescriber.h"

#include "ruchytrace/abi.h"

using namespace llvm;

namespace ruchytrace {

// std::list: a circular doubly linked list through its sentinel; its
// nodes from the sentinel's __next_, as many as __size_.
static bool libcxxList(const DICompositeType *CT, uint64_t &Ptr,
                       uint64_t &Count, const DIType *&Elem, uint16_t *P) {
  uint64_t EndOff, Next, Prev;
  const DIDerivedType *End = findMember(CT, "__end_", EndOff);
  const DICompositeType *Base = End ? composite(End->getBaseType()) : nullptr;
  if (!Base || !findMember(CT, "__size_", Count) ||
      !findMember(Base, "__next_", Next) ||
      !findMember(Base, "__prev_", Prev) || bytesOf(Base) != 16)
    return false;
  // __list_node<T>: the base's two links, then T (aligned, at most 16).
  Elem = templateArg(CT, 0);
  uint64_t A = libcxxAlignOf(Elem);
  if (!Elem || !bytesOf(Elem) || !A || A > 16)
    return false;
  Ptr = EndOff + Next;
  P[0] = 16, P[1] = uint16_t(Next);
  return true;
}

// std::deque: its map's first block pointer, __start_, __size_.
static bool libcxxDeque(const DICompositeType *CT, uint64_t &Ptr,
                        uint64_t &Count, const DIType *&Elem, uint16_t *P) {
  uint64_t MapOff, Begin, Start;
  const DIDerivedType *Map = findMember(CT, "__map_", MapOff);
  const DICompositeType *MT = Map ? composite(Map->getBaseType()) : nullptr;
  if (!MT || !findMember(MT, "__begin_", Begin, 0, /*Pointer=*/true) ||
      !findMember(CT, "__start_", Start) || !findMember(CT, "__size_", Count))
    return false;
  Elem = templateArg(CT, 0);
  uint64_t Size = bytesOf(Elem);
  if (!Elem || !Size || Start > 0xffff)
    return false;
  Ptr = MapOff + Begin;
  P[0] = uint16_t(Start);
  P[1] = uint16_t(Size < 256 ? 4096 / Size : 16); // __deque_block_size
  return true;
}

bool TypeDescriber::libcxxSeqWalkLayout(const DICompositeType *CT,
                                        SeqLayout &L) {
  StringRef Name = CT->getName();
  if (!inLibcxx(CT))
    return false;
  bool Ok = false;
  if (Name.starts_with("list<")) {
    Ok = libcxxList(CT, L.PtrOff, L.LenOff, L.Elem, L.Param);
    L.FollowKind = RUCHY_TRACE_FOLLOW_LIST;
  } else if (Name.starts_with("deque<")) {
    Ok = libcxxDeque(CT, L.PtrOff, L.LenOff, L.Elem, L.Param);
    L.FollowKind = RUCHY_TRACE_FOLLOW_LIBCXX_DEQUE;
    L.InContainer = 1; // __start_: in the deque itself
  }
  L.Params = Ok;
  return Ok;
}

} // namespace ruchytrace
