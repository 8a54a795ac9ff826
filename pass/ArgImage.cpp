//===- ArgImage.cpp - a by-value parameter's bytes from its IR arguments --===//
#include "ArgImage.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/Analysis/ValueTracking.h"
#include "llvm/IR/Function.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/IR/Module.h"

#include <algorithm>

using namespace llvm;

namespace ruchytrace {

namespace {
struct Writer {
  Instruction *I;
  uint64_t Off, Size; // the bytes of the base it writes
};
} // namespace

// The argument a stored value comes from through casts only (C's _Bool
// widened to i8, a pointer cast), or null.
static Argument *argumentOf(Value *V) {
  while (auto *CI = dyn_cast<CastInst>(V))
    V = CI->getOperand(0);
  return dyn_cast<Argument>(V);
}

// The first instruction of the entry block after its static allocas and
// the stores that spill arguments into them (with the casts and constant
// GEPs that feed those stores). Instrumentation goes there, so the static
// allocas stay static, and a parameter storage that is read back directly
// (no ArgImage could be found for it) holds what those stores put there.
BasicBlock::iterator firstAfterSpills(BasicBlock &Entry) {
  auto IsAllocaAddr = [](Value *P) {
    return isa<AllocaInst>(getUnderlyingObject(P));
  };
  auto IP = Entry.begin();
  while (IP != Entry.end() && isa<AllocaInst>(*IP) &&
         cast<AllocaInst>(*IP).isStaticAlloca())
    ++IP;
  for (; IP != Entry.end() && !IP->isTerminator(); ++IP) {
    Instruction &I = *IP;
    if (auto *SI = dyn_cast<StoreInst>(&I)) {
      if (argumentOf(SI->getValueOperand()) &&
          IsAllocaAddr(SI->getPointerOperand()))
        continue;
      break;
    }
    if (auto *GEP = dyn_cast<GetElementPtrInst>(&I))
      if (GEP->hasAllConstantIndices() && IsAllocaAddr(GEP))
        continue;
    if (auto *CI = dyn_cast<CastInst>(&I))
      if (isa<Argument>(CI->getOperand(0)))
        continue;
    break;
  }
  return IP;
}

// Every store and memcpy/memmove into Base at a constant offset, in program
// order (block layout, then position). Writes at variable offsets are the
// program's own (an array element), never the prologue's.
static SmallVector<Writer, 8> writersOf(Value *Base, const DataLayout &DL) {
  SmallVector<Writer, 8> Out;
  SmallVector<std::pair<Value *, uint64_t>, 8> Work{{Base, 0}};
  while (!Work.empty()) {
    auto [Ptr, Off] = Work.pop_back_val();
    for (User *U : Ptr->users()) {
      if (auto *GEP = dyn_cast<GetElementPtrInst>(U)) {
        APInt C(DL.getIndexTypeSizeInBits(GEP->getType()), 0);
        if (GEP->getPointerOperand() == Ptr &&
            GEP->accumulateConstantOffset(DL, C) && !C.isNegative())
          Work.push_back({GEP, Off + C.getZExtValue()});
      } else if (auto *SI = dyn_cast<StoreInst>(U)) {
        TypeSize Size = DL.getTypeStoreSize(SI->getValueOperand()->getType());
        if (SI->getPointerOperand() == Ptr && !Size.isScalable())
          Out.push_back({SI, Off, Size.getFixedValue()});
      } else if (auto *MT = dyn_cast<MemTransferInst>(U)) {
        auto *Len = dyn_cast<ConstantInt>(MT->getLength());
        if (MT->getRawDest() == Ptr && Len)
          Out.push_back({MT, Off, Len->getZExtValue()});
      }
    }
  }
  DenseMap<const BasicBlock *, unsigned> Block;
  if (Out.size() > 1)
    for (const BasicBlock &BB : *cast<Instruction>(Out[0].I)->getFunction())
      Block[&BB] = Block.size();
  llvm::sort(Out, [&](const Writer &A, const Writer &B) {
    const BasicBlock *BA = A.I->getParent(), *BB = B.I->getParent();
    return BA != BB ? Block[BA] < Block[BB] : A.I->comesBefore(B.I);
  });
  return Out;
}

// Whether a piece of V's store image can be cut out of it (shifting it as
// an integer on a little-endian target).
static bool cuttable(Type *Ty, const DataLayout &DL) {
  if (!DL.isLittleEndian())
    return false;
  if (Ty->isPointerTy())
    return true;
  if (!Ty->isIntOrIntVectorTy() && !Ty->isFPOrFPVectorTy())
    return false;
  TypeSize Bits = DL.getTypeSizeInBits(Ty);
  return !Bits.isScalable() && Bits == DL.getTypeStoreSizeInBits(Ty);
}

// Bytes [Lo, Hi) of the store image of Ty, the element at Path of V, go to
// Off. A first-class aggregate argument (rustc's extern "C" { i64, i32 },
// a { double, float }) is taken apart element by element, as its store
// image has padding the variable may not have room for.
bool ArgImage::addStore(Value *V, SmallVectorImpl<unsigned> &Path, Type *Ty,
                        uint64_t Lo, uint64_t Hi, uint64_t Off) {
  if (Ty->isStructTy() || Ty->isArrayTy()) {
    auto *STy = dyn_cast<StructType>(Ty);
    const StructLayout *SL = STy ? DL->getStructLayout(STy) : nullptr;
    unsigned N = STy ? STy->getNumElements() : Ty->getArrayNumElements();
    bool Any = false;
    for (unsigned I = 0; I < N; ++I) {
      Type *ETy = STy ? STy->getElementType(I) : Ty->getArrayElementType();
      uint64_t EOff = SL ? SL->getElementOffset(I).getFixedValue()
                         : I * DL->getTypeAllocSize(ETy).getFixedValue();
      uint64_t ESize = DL->getTypeStoreSize(ETy).getFixedValue();
      uint64_t A = std::max(EOff, Lo), B = std::min(EOff + ESize, Hi);
      if (A >= B)
        continue;
      Path.push_back(I);
      Any |= addStore(V, Path, ETy, A - EOff, B - EOff, Off + (A - Lo));
      Path.pop_back();
    }
    return Any;
  }
  TypeSize Whole = DL->getTypeStoreSize(Ty);
  if (Whole.isScalable() ||
      ((Lo || Hi != Whole.getFixedValue()) && !cuttable(Ty, *DL)))
    return false;
  Piece P;
  P.Val = V;
  P.Path.assign(Path.begin(), Path.end());
  P.Off = Off;
  P.Skip = Lo;
  P.Len = Hi - Lo;
  Pieces.push_back(std::move(P));
  return true;
}

// The pieces that make up bytes [Lo, Hi) of Base, placed at Off + (x - Lo)
// in the image. Before: only writes that precede it in its block (the
// temporaries a memcpy reads from). The prologue writes each byte once:
// a write over bytes already written is the program assigning to the
// parameter (`c.r = x` in Rust stores an argument too), not its
// initialisation.
void ArgImage::gather(Value *Base, uint64_t Lo, uint64_t Hi, uint64_t Off,
                      Instruction *Before, unsigned Depth) {
  SmallVector<std::pair<uint64_t, uint64_t>, 8> Done;
  for (const Writer &W : writersOf(Base, *DL)) {
    if (Before &&
        (W.I->getParent() != Before->getParent() || !W.I->comesBefore(Before)))
      continue;
    uint64_t A = std::max(W.Off, Lo), B = std::min(W.Off + W.Size, Hi);
    if (A >= B)
      continue;
    bool Overlaps = false;
    for (auto [DA, DB] : Done)
      Overlaps |= A < DB && DA < B;
    if (Overlaps)
      continue;
    bool Taken = false;
    if (auto *SI = dyn_cast<StoreInst>(W.I)) {
      Value *V = SI->getValueOperand();
      SmallVector<unsigned, 2> Path;
      Taken = argumentOf(V) && addStore(V, Path, V->getType(), A - W.Off,
                                        B - W.Off, Off + A - Lo);
    } else {
      auto *MT = cast<MemTransferInst>(W.I);
      APInt SrcOff(DL->getIndexTypeSizeInBits(MT->getRawSource()->getType()),
                   0);
      Value *Src = MT->getRawSource()->stripAndAccumulateConstantOffsets(
          *DL, SrcOff, /*AllowNonInbounds=*/true);
      uint64_t From = SrcOff.getZExtValue() + (A - W.Off);
      if (auto *Arg = dyn_cast<Argument>(Src)) {
        // A copy of the caller's byval or indirect aggregate: readable at
        // entry, as the caller keeps it for the duration of the call.
        if (!SrcOff.isNegative() && Arg->getType()->isPointerTy()) {
          Piece P;
          P.From = Arg;
          P.FromOff = From;
          P.Off = Off + A - Lo;
          P.Len = B - A;
          Pieces.push_back(std::move(P));
          Taken = true;
        }
      } else if (isa<AllocaInst>(Src) && Src != Base && Depth < 4 &&
                 !SrcOff.isNegative()) {
        // The ABI's coercion temporary (clang's { i64, i32 }, rustc's
        // [4 x i8] holding an i24), filled from the arguments just before.
        size_t N = Pieces.size();
        gather(Src, From, From + (B - A), Off + A - Lo, MT, Depth + 1);
        Taken = Pieces.size() > N;
      }
    }
    if (Taken)
      Done.push_back({A, B});
  }
}

ArgImage ArgImage::find(AllocaInst *Storage, uint64_t Size) {
  ArgImage Img;
  Img.DL = &Storage->getModule()->getDataLayout();
  Img.gather(Storage, 0, Size, 0, nullptr, 0);
  // Bytes no piece writes (padding, an enum's absent payload) are zeroed,
  // so the record never shows a previous call's stack contents.
  llvm::sort(Img.Pieces,
             [](const Piece &A, const Piece &B) { return A.Off < B.Off; });
  uint64_t Reached = 0;
  for (const Piece &P : Img.Pieces) {
    Img.Holes |= P.Off > Reached;
    Reached = std::max(Reached, P.Off + P.Len);
  }
  Img.Holes |= Reached < Size;
  Img.End = std::max(Reached, Size);
  return Img;
}

// V, recreated at B's insertion point: the casts between it and its
// argument may sit anywhere in the function.
static Value *materialize(IRBuilder<> &B, Value *V) {
  auto *CI = dyn_cast<CastInst>(V);
  if (!CI)
    return V; // the argument itself
  Value *Op = materialize(B, CI->getOperand(0));
  return B.CreateCast(CI->getOpcode(), Op, CI->getType());
}

void ArgImage::replay(IRBuilder<> &B, Value *Dst) const {
  Align DstAlign = Dst->getPointerAlignment(*DL);
  if (Holes)
    B.CreateMemSet(Dst, B.getInt8(0), End, DstAlign);
  for (const Piece &P : Pieces) {
    Value *To =
        P.Off ? B.CreateConstInBoundsGEP1_64(B.getInt8Ty(), Dst, P.Off) : Dst;
    Align ToAlign = commonAlignment(DstAlign, P.Off);
    if (P.From) {
      Value *From = P.FromOff ? B.CreateConstInBoundsGEP1_64(B.getInt8Ty(),
                                                             P.From, P.FromOff)
                              : P.From;
      B.CreateMemCpy(To, ToAlign, From, Align(1), P.Len);
      continue;
    }
    Value *V = materialize(B, P.Val);
    if (!P.Path.empty())
      V = B.CreateExtractValue(V, P.Path);
    Type *Ty = V->getType();
    if (P.Skip || P.Len != DL->getTypeStoreSize(Ty).getFixedValue()) {
      // Only part of the value lands in the variable: cut those bytes out.
      if (Ty->isPointerTy())
        V = B.CreatePtrToInt(V, DL->getIntPtrType(Ty));
      else
        V = B.CreateBitCast(
            V, B.getIntNTy(DL->getTypeSizeInBits(Ty).getFixedValue()));
      if (P.Skip)
        V = B.CreateLShr(V, P.Skip * 8);
      V = B.CreateTrunc(V, B.getIntNTy(P.Len * 8));
    }
    B.CreateAlignedStore(V, To, ToAlign);
  }
}

void ArgImage::remap(const ValueToValueMapTy &VMap) {
  for (Piece &P : Pieces) {
    if (P.Val)
      P.Val = VMap.lookup(P.Val);
    if (P.From)
      P.From = cast<Argument>(VMap.lookup(P.From));
  }
}

} // namespace ruchytrace
