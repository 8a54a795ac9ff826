//===- ArgImage.h - a by-value parameter's bytes from its IR arguments ----===//
//
// An aggregate passed by value in registers arrives as coerced IR
// arguments (`i64, i32` for clang's struct {int a, b, c}; `i24` for Rust's
// [u8; 3]) that the function's prologue stores into a temporary and only
// then copies into the variable's debug storage, possibly after the entry
// hook. Reading that storage at entry reads whatever the stack held
// before. ArgImage finds which IR arguments initialise which bytes of the
// storage, by following the stores and memcpys from the arguments into it,
// and replays them into a fresh temporary when an entry is recorded.
//
//===----------------------------------------------------------------------===//
#ifndef RUCHYTRACE_PASS_ARGIMAGE_H
#define RUCHYTRACE_PASS_ARGIMAGE_H

#include "llvm/ADT/SmallVector.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/Transforms/Utils/ValueMapper.h"
#include <cstdint>

namespace llvm {
class AllocaInst;
class Argument;
class Function;
class Value;
} // namespace llvm

namespace ruchytrace {

class ArgImage {
public:
  /// How the prologue initialises the first \p Size bytes of \p Storage
  /// from the function's IR arguments; empty when nothing does.
  static ArgImage find(llvm::AllocaInst *Storage, uint64_t Size);

  bool empty() const { return Pieces.empty(); }

  /// Rebuilds the image into \p Dst (at least size() bytes), with the IR
  /// at \p B's insertion point, which must be dominated by nothing but the
  /// function's arguments and entry-block allocas.
  void replay(llvm::IRBuilder<> &B, llvm::Value *Dst) const;

  /// Bytes the image spans: the variable's size.
  uint64_t size() const { return End; }

  /// The same image in a clone of its function: \p VMap maps the original
  /// function's arguments and instructions to the clone's.
  void remap(const llvm::ValueToValueMapTy &VMap);

private:
  struct Piece {
    // Either a value derived from an argument (Val: the stored value, a
    // chain of casts down to the argument) or bytes behind a pointer
    // argument (From, at FromOff: byval or indirect copies).
    llvm::Value *Val = nullptr;
    llvm::SmallVector<unsigned, 2> Path; // extractvalue indices into Val
    llvm::Argument *From = nullptr;
    uint64_t FromOff = 0;
    uint64_t Off = 0;  // where the bytes go in the image
    uint64_t Skip = 0; // leading bytes of the element's store image dropped
    uint64_t Len = 0;  // bytes kept
  };
  void gather(llvm::Value *Base, uint64_t Lo, uint64_t Hi, uint64_t Off,
              llvm::Instruction *Before, unsigned Depth);
  bool addStore(llvm::Value *V, llvm::SmallVectorImpl<unsigned> &Path,
                llvm::Type *Ty, uint64_t Lo, uint64_t Hi, uint64_t Off);

  const llvm::DataLayout *DL = nullptr;
  llvm::SmallVector<Piece, 4> Pieces;
  uint64_t End = 0;
  bool Holes = false; // bytes no argument initialises (padding)
};

/// The first instruction of \p Entry after its static allocas and the
/// stores that spill arguments into them: where the entry hook goes.
llvm::BasicBlock::iterator firstAfterSpills(llvm::BasicBlock &Entry);

} // namespace ruchytrace

#endif
