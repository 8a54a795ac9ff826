//===- Payload.cpp - scalars as 64-bit payloads ---===//
//
// A scalar argument or return value travels to the runtime in one 64-bit
// register; this is the only place that decides how each kind is widened.
//
//===----------------------------------------------------------------------===//
#include "TypeDescriber.h"
#include "ruchytrace/abi.h"

#include "llvm/IR/IRBuilder.h"

using namespace llvm;

namespace ruchytrace {

bool TypeDescriber::fits(Type *Ty, unsigned Kind) {
  if (!Ty)
    return false;
  switch (Kind) {
  case RUCHY_TRACE_K_SINT:
  case RUCHY_TRACE_K_UINT:
  case RUCHY_TRACE_K_BOOL:
  case RUCHY_TRACE_K_CHAR:
  case RUCHY_TRACE_K_UCHAR:
  case RUCHY_TRACE_K_ENUM:
    return Ty->isIntegerTy() && Ty->getIntegerBitWidth() <= 64;
  case RUCHY_TRACE_K_FLOAT:
    return Ty->isFloatTy();
  case RUCHY_TRACE_K_DOUBLE:
    // A long double arriving as a value is narrowed to double (shown
    // under its own type name): lossy, but its 80 bits fit no payload.
    return Ty->isDoubleTy() || Ty->isX86_FP80Ty() || Ty->isFP128Ty();
  case RUCHY_TRACE_K_HALF:
    return Ty->isHalfTy();
  case RUCHY_TRACE_K_PTR:
  case RUCHY_TRACE_K_CSTRING:
  case RUCHY_TRACE_K_FUNCPTR:
    return Ty->isPointerTy();
  case RUCHY_TRACE_K_STRUCT:
    // A struct of at most 8 bytes passed in one register (a Rust
    // closure's moved-in captures): its bytes, as that register holds them.
    return (Ty->isIntegerTy() && Ty->getIntegerBitWidth() <= 64) ||
           Ty->isPointerTy() || Ty->isFloatTy() || Ty->isDoubleTy();
  default:
    return false;
  }
}

Value *TypeDescriber::encode(IRBuilder<> &B, Value *V, unsigned Kind) {
  Type *Ty = V->getType();
  if (!fits(Ty, Kind))
    return nullptr;
  Type *I64 = B.getInt64Ty();
  switch (Kind) {
  case RUCHY_TRACE_K_SINT:
  case RUCHY_TRACE_K_CHAR:
  case RUCHY_TRACE_K_ENUM:
    return B.CreateSExtOrTrunc(V, I64);
  case RUCHY_TRACE_K_UINT:
  case RUCHY_TRACE_K_UCHAR:
  case RUCHY_TRACE_K_BOOL:
    return B.CreateZExtOrTrunc(V, I64);
  case RUCHY_TRACE_K_FLOAT:
    return B.CreateZExt(B.CreateBitCast(V, B.getInt32Ty()), I64);
  case RUCHY_TRACE_K_HALF:
    return B.CreateZExt(B.CreateBitCast(V, B.getInt16Ty()), I64);
  case RUCHY_TRACE_K_DOUBLE:
    if (!Ty->isDoubleTy())
      V = B.CreateFPTrunc(V, B.getDoubleTy());
    return B.CreateBitCast(V, I64);
  case RUCHY_TRACE_K_PTR:
  case RUCHY_TRACE_K_CSTRING:
  case RUCHY_TRACE_K_FUNCPTR:
    return B.CreatePtrToInt(V, I64);
  case RUCHY_TRACE_K_STRUCT:
    if (Ty->isPointerTy())
      return B.CreatePtrToInt(V, I64);
    if (Ty->isFloatTy())
      return B.CreateZExt(B.CreateBitCast(V, B.getInt32Ty()), I64);
    if (Ty->isDoubleTy())
      return B.CreateBitCast(V, I64);
    return B.CreateZExtOrTrunc(V, I64);
  default:
    return nullptr;
  }
}

} // namespace ruchytrace
