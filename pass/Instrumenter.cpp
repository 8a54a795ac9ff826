//===- Instrumenter.cpp - the ruchy-trace module pass ---------------------===//
//
// Per function, the pass emits a descriptor and hooks the function's entry
// and returns. By default the hooks go into a traced copy that the
// function's entry check dispatches to (Dispatch.cpp): the copy records
// its entry unconditionally,
//
//   %tok = call @__ruchy_trace_enter(@desc, payloads...)
//
// and every return does `if (%tok) __ruchy_trace_exit(@desc, %tok, ret)`.
// A function that cannot be split (or with -ruchy-trace-split=false) gets
// the check and the hooks in its one body:
//
//   entry:          (static allocas stay here so they stay static)
//     %s = load atomic i8 @desc monotonic        ; 0 unless traced
//     br %s != 0, %ruchy.sample, %ruchy.body     ; predicted not taken
//   ruchy.sample:
//     %c = countdown(TLS) - 1 ; store            ; 1-in-N sampling inline
//     br %c < 0, %ruchy.record, %ruchy.body
//   ruchy.record:
//     %tok = call @__ruchy_trace_enter(@desc, payloads...)
//   ruchy.body:
//     %token = phi [0, entry], [0, sample], [%tok, record]
//
// The token makes "exit recorded iff entry recorded" a local property of
// the frame, so sampling and re-entrancy drops can never unbalance a trace.
//
//===----------------------------------------------------------------------===//
#include "Instrumenter.h"
#include "AbiLayout.h"
#include "ArgImage.h"
#include "DITypes.h"
#include "DescriptorAddress.h"
#include "DescriptorLinkage.h"
#include "Dispatch.h"
#include "FunctionPolicy.h"
#include "SourceInfo.h"
#include "TypeDescriber.h"

#include "ruchytrace/abi.h"

#include "llvm/ADT/Statistic.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/DebugInfoMetadata.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/MDBuilder.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/xxhash.h"
#include "llvm/TargetParser/Triple.h"
#include "llvm/Transforms/Utils/BasicBlockUtils.h"
#include "llvm/Transforms/Utils/ModuleUtils.h"

using namespace llvm;

#define DEBUG_TYPE "ruchy-trace"

STATISTIC(NumInstrumented, "Functions instrumented");
STATISTIC(NumSplit, "Functions instrumented in a traced copy (split)");
STATISTIC(NumWholeSplitOff, "Functions hooked in one body: splitting off");
STATISTIC(NumWholeCannotSplit,
          "Functions hooked in one body: cannot be split (coroutine, "
          "inalloca, computed goto)");
STATISTIC(NumWholeLarge,
          "Functions hooked in one body: larger than the split bound");
STATISTIC(NumIRTypesOnly,
          "Functions instrumented with IR types only (no debug types)");

namespace ruchytrace {

static const char *const CtorName = "ruchy_trace.module_ctor";
static const char *const DtorName = "ruchy_trace.module_dtor";
static const char *const DoneMarker = "ruchy_trace.instrumented";

namespace {

// One function's instrumentation, as the steps of Instrumenter::instrument
// fill it in.
struct Hooks {
  Hooks(Function &F, FunctionInfo Info, bool IsAlways)
      : F(F), Info(std::move(Info)), IsAlways(IsAlways) {}
  Function &F;       // as written; keeps the entry check when split
  FunctionInfo Info; // remapped to the traced copy when split
  bool IsAlways;
  SmallVector<Capture, 8> ArgCaps;
  Capture Ret;
  Argument *SRet = nullptr; // the hooked function's sret argument
  bool Split = false;
  GlobalVariable *Desc = nullptr;
  Gate Check{};                  // F's entry check
  Function *Hooked = nullptr;    // where the hooks go: F or its traced copy
  DebugLoc DL;                   // for the hooks: compiler-generated code
  AllocaInst *RetTemp = nullptr; // see retSlot
};

class Instrumenter {
public:
  Instrumenter(Module &M, FunctionAnalysisManager *FAM,
               const PassOptions &Opts);
  bool run();

private:
  bool alreadyInstrumented();
  void declareRuntime();
  void instrument(Function &F, FunctionPolicy &Policy);
  void describeValues(Hooks &H);
  bool shouldSplit(Function &F) const;
  GlobalVariable *emitDescriptor(Function &F, const FunctionInfo &Info,
                                 ArrayRef<Capture> Args, const Capture &Ret,
                                 bool IsAlways, bool OwnFrame);
  void chooseHooked(Hooks &H);
  Value *hookEntry(Hooks &H);
  Value *callEnter(Hooks &H, IRBuilder<> &B);
  void hookReturns(Hooks &H, Value *Token);
  void emitRegistration();
  Value *retSlot(Hooks &H, ReturnInst *RI, IRBuilder<> &B);
  Value *byRefAddress(const ParamInfo &P, IRBuilder<> &B);

  Module &M;
  LLVMContext &C;
  FunctionAnalysisManager *FAM; // for remarks; null under no manager
  const PassOptions &Opts;
  TypeDescriber Types;
  SourceInfo Source;
  Type *I8, *I16, *I32, *I64;
  PointerType *Ptr;
  StructType *FnDescTy;
  FunctionCallee Enter, EnterV, Exit, ExitRef, ExitTail;
  GlobalVariable *Countdown = nullptr;
  CallingConv::ID RuntimeCC = CallingConv::C;
  // Targets whose entry points are told where the frame's return address
  // is (abi.h, `frame`): the runtime finds abandoned frames with it.
  bool PassFrame = false;
  CallInst *callRuntime(IRBuilder<> &B, FunctionCallee Callee,
                        ArrayRef<Value *> Args) {
    CallInst *CI = B.CreateCall(Callee, Args);
    CI->setCallingConv(RuntimeCC);
    return CI;
  }
  unsigned Done = 0; // functions instrumented in this module
};

} // namespace

Instrumenter::Instrumenter(Module &M, FunctionAnalysisManager *FAM,
                           const PassOptions &Opts)
    : M(M), C(M.getContext()), FAM(FAM), Opts(Opts), Types(M),
      I8(Type::getInt8Ty(C)), I16(Type::getInt16Ty(C)),
      I32(Type::getInt32Ty(C)), I64(Type::getInt64Ty(C)),
      Ptr(PointerType::getUnqual(C)) {
  FnDescTy = abiStruct(C, abi::Fn, "ruchy_trace.fn"); // AbiLayout.h
}

// What a call site and the descriptor it names must agree on: how many
// payloads there are and how each one is encoded.
static uint32_t callDigest(unsigned Flags, ArrayRef<Capture> Args,
                           const Capture &Ret) {
  SmallVector<uint8_t, 32> Bytes = {uint8_t(Flags), uint8_t(Args.size()),
                                    uint8_t(Args.size() >> 8)};
  auto Add = [&](const Capture &Cp) {
    Bytes.append({uint8_t(Cp.How), uint8_t(Cp.Kind), uint8_t(Cp.HasData)});
  };
  for (const Capture &Cp : Args)
    Add(Cp);
  Add(Ret);
  return uint32_t(xxh3_64bits(Bytes));
}

GlobalVariable *Instrumenter::emitDescriptor(Function &F,
                                             const FunctionInfo &Info,
                                             ArrayRef<Capture> ArgCaps,
                                             const Capture &Ret, bool IsAlways,
                                             bool OwnFrame) {
  Constant *Args = ConstantPointerNull::get(Ptr);
  if (!ArgCaps.empty()) {
    SmallVector<Constant *, 8> Elems;
    for (const Capture &Cp : ArgCaps)
      Elems.push_back(Cp.Desc);
    Args = Types.table(Ptr, Elems, "ruchy_trace.args");
  }
  // The parameters' names, when debug info gives any: one table per
  // function, never touched per call.
  Constant *Params = ConstantPointerNull::get(Ptr);
  if (any_of(Info.Params, [](const ParamInfo &P) { return !P.Name.empty(); })) {
    SmallVector<Constant *, 8> Names;
    for (const ParamInfo &P : Info.Params)
      Names.push_back(P.Name.empty() ? ConstantPointerNull::get(Ptr)
                                     : Types.str(P.Name));
    Params = Types.table(Ptr, Names, "ruchy_trace.params");
  }
  unsigned Flags = 0;
  if (Info.HasLocation)
    Flags |= RUCHY_TRACE_F_LOCATION;
  if (Info.Variadic)
    Flags |= RUCHY_TRACE_F_VARIADIC;
  if (!Info.HasTypes)
    Flags |= RUCHY_TRACE_F_NO_DEBUG;
  if (IsAlways)
    Flags |= RUCHY_TRACE_F_ALWAYS;
  if (OwnFrame)
    Flags |= RUCHY_TRACE_F_OWN_FRAME;
  for (const Capture &Cp : ArgCaps)
    if (Cp.HasData)
      Flags |= RUCHY_TRACE_F_ARG_DATA;
  if (Ret.HasData)
    Flags |= RUCHY_TRACE_F_RET_DATA;
  Constant *RetDesc = Ret.Desc ? static_cast<Constant *>(Ret.Desc)
                               : ConstantPointerNull::get(Ptr);
  Constant *Init = ConstantStruct::get(
      FnDescTy,
      {ConstantInt::get(I8, 0), ConstantInt::get(I8, Flags),
       ConstantInt::get(I16, ArgCaps.size()), ConstantInt::get(I32, Info.Line),
       ConstantInt::get(I32, Info.Column), ConstantInt::get(I32, 0),
       Types.str(Info.Name),
       Info.HasLocation ? Types.str(Info.File) : ConstantPointerNull::get(Ptr),
       RetDesc, Args, &F, Params});
  // Not constant: the runtime writes `state`. Its address escapes into the
  // runtime calls, so no optimisation can fold the state load to zero.
  auto *GV = new GlobalVariable(M, FnDescTy, false, GlobalValue::PrivateLinkage,
                                Init, "ruchy_trace.fn." + F.getName());
  GV->setSection(RUCHY_TRACE_FN_SECTION);
  GV->setAlignment(Align(8));
  setDescriptorLinkage(M, GV, F, callDigest(Flags, ArgCaps, Ret));
  deferAddress(*GV, /*Field=*/10, F); // `addr`
  return GV;
}

// Where a returned aggregate can be read at an exit: the sret slot, or a
// temporary the return value is stored to (coerced returns such as
// {i64, i64} have the struct's bytes in the struct's layout).
Value *Instrumenter::retSlot(Hooks &H, ReturnInst *RI, IRBuilder<> &B) {
  if (H.SRet)
    return H.SRet;
  Value *RV = RI->getReturnValue();
  if (!H.RetTemp) {
    const DataLayout &DL = M.getDataLayout();
    uint64_t Bytes = DL.getTypeStoreSize(RV->getType()).getFixedValue();
    if (H.Info.RetDIType)
      Bytes = std::max<uint64_t>(Bytes,
                                 (H.Info.RetDIType->getSizeInBits() + 7) / 8);
    IRBuilder<> AB(&*H.Hooked->getEntryBlock().begin());
    H.RetTemp =
        AB.CreateAlloca(ArrayType::get(I8, Bytes), nullptr, "ruchy.ret");
    H.RetTemp->setAlignment(Align(16));
  }
  B.CreateStore(RV, H.RetTemp);
  return H.RetTemp;
}

// Where the runtime reads a by-reference parameter's bytes at entry. A
// stack slot the prologue fills from coerced IR arguments may not be
// filled yet (clang's memcpy from its { i64, i32 } temporary, rustc's
// from an i24 comes after the hook), so its bytes are rebuilt from those
// arguments in a temporary of the record block's own; byval and indirect
// arguments point at the caller's copy, readable as they are.
Value *Instrumenter::byRefAddress(const ParamInfo &P, IRBuilder<> &B) {
  if (P.Image.empty())
    return P.Storage;
  Function *F = B.GetInsertBlock()->getParent();
  IRBuilder<> AB(&*F->getEntryBlock().begin());
  AllocaInst *Temp =
      AB.CreateAlloca(ArrayType::get(I8, P.Image.size()), nullptr, "ruchy.arg");
  Temp->setAlignment(Align(16));
  P.Image.replay(B, Temp);
  return Temp;
}

// One function, step by step.
void Instrumenter::instrument(Function &F, FunctionPolicy &Policy) {
  // What the source says about F: names, location, types, parameters.
  FunctionInfo Info = Source.collect(F);
  if (!Policy.wants(F, Info))
    return;
  Hooks H(F, std::move(Info), Policy.isAlways(F));
  // How each argument and the return value are captured, decided before
  // any IR changes.
  describeValues(H);
  // Split or one body; the descriptor says which (its own frame or not).
  H.Split = shouldSplit(F);
  H.Desc = emitDescriptor(F, H.Info, H.ArgCaps, H.Ret, H.IsAlways,
                          /*OwnFrame=*/H.Split);
  // F's entry check, and the traced copy behind it when split.
  chooseHooked(H);
  // The entry hook (behind the check in one body), and its token.
  Value *Token = hookEntry(H);
  // At every return, the exit hook when the token is set.
  hookReturns(H, Token);
  ++Done;
  ++NumInstrumented;
}

void Instrumenter::describeValues(Hooks &H) {
  const FunctionInfo &Info = H.Info;
  if (!Info.HasTypes)
    ++NumIRTypesOnly;
  for (const ParamInfo &P : Info.Params)
    H.ArgCaps.push_back(
        Info.HasTypes
            ? Types.describe(
                  P.DIType, P.Arg, P.Storage != nullptr, Info.Lang,
                  /*Target=*/!(Info.Constructor && &P == &Info.Params.front()))
            : Types.describeIR(P.Arg ? P.Arg->getType() : nullptr));
  // The return value: through the sret slot when there is one; otherwise
  // as the IR value, spilled to a temporary when it is not a scalar.
  Type *RetIRTy = H.F.getReturnType();
  for (Argument &A : H.F.args())
    if (A.hasStructRetAttr())
      H.SRet = &A;
  Value *RetProxy = RetIRTy->isVoidTy() ? nullptr : UndefValue::get(RetIRTy);
  H.Ret = Info.HasTypes
              ? Types.describe(Info.RetDIType, RetProxy,
                               H.SRet || (RetProxy && RetIRTy->isSized()),
                               Info.Lang)
              : Types.describeIR(RetIRTy);
}

// Whether F gets a traced copy (Dispatch.cpp); counted by why not.
bool Instrumenter::shouldSplit(Function &F) const {
  if (!Opts.Split) {
    ++NumWholeSplitOff;
    return false;
  }
  if (!canSplit(F)) {
    ++NumWholeCannotSplit;
    return false;
  }
  if (F.getInstructionCount() > Opts.SplitMax && !callsItself(F)) {
    ++NumWholeLarge;
    return false;
  }
  ++NumSplit;
  return true;
}

void Instrumenter::chooseHooked(Hooks &H) {
  DebugLoc DL;
  if (DISubprogram *SP = H.F.getSubprogram())
    DL = DILocation::get(C, 0, 0, SP); // compiler-generated code
  H.Check = Gate{H.Desc, Countdown, H.IsAlways, DL};
  H.Hooked = &H.F;
  if (H.Split) { // Dispatch.cpp: hooks go into the copy, unconditionally
    H.Hooked = splitTraced(H.F, H.Info, H.Check, Opts);
    setTracedLinkage(M, *H.Hooked, H.Desc);
  }
  if (H.SRet)
    H.SRet = H.Hooked->getArg(H.SRet->getArgNo());
  if (DISubprogram *SP = H.Hooked->getSubprogram()) // the copy has its own
    DL = DILocation::get(C, 0, 0, SP);
  H.DL = DL;
}

// The copy records its entry unconditionally; one body records it in a
// block of its own behind the check. Returns the token: the enter call's
// result, or in one body a phi that is 0 on the untraced paths.
Value *Instrumenter::hookEntry(Hooks &H) {
  BasicBlock *Entry = &H.Hooked->getEntryBlock();
  auto IP = firstAfterSpills(*Entry);
  IRBuilder<> B(C);
  BasicBlock *Body = nullptr, *Sample = nullptr, *Record = nullptr;
  if (H.Split) {
    B.SetInsertPoint(Entry, IP);
  } else {
    // One body: the check and the record path at its entry.
    Body = Entry->splitBasicBlock(IP, "ruchy.body");
    Entry->getTerminator()->eraseFromParent();
    Record = BasicBlock::Create(C, "ruchy.record", &H.F, Body);
    Sample = H.Check.emit(Entry, Record, Body);
    Record->moveAfter(Sample ? Sample : Entry);
    B.SetInsertPoint(Record);
  }
  B.SetCurrentDebugLocation(H.DL);
  Value *Tok = callEnter(H, B);
  if (H.Split)
    return Tok;
  B.CreateBr(Body);
  PHINode *Phi = PHINode::Create(I64, 3, "ruchy.token");
  Phi->insertBefore(Body->begin());
  Phi->addIncoming(ConstantInt::get(I64, 0), Entry);
  if (Sample)
    Phi->addIncoming(ConstantInt::get(I64, 0), Sample);
  Phi->addIncoming(Tok, Record);
  return Phi;
}

// The enter call at \p B, with each argument's payload: two in registers,
// or more (or any the runtime reads through) in an array on the stack.
Value *Instrumenter::callEnter(Hooks &H, IRBuilder<> &B) {
  const FunctionInfo &Info = H.Info;
  // Addresses the runtime reads through (storage of by-reference values,
  // followed pointers) are stored as pointers into the argument array:
  // a ptrtoint would hand over the address without its provenance, and
  // the optimiser could then drop the stores that fill the storage.
  bool AnyData = false;
  for (const Capture &Cp : H.ArgCaps)
    AnyData |= Cp.HasData;
  SmallVector<Value *, 8> Payloads;
  for (size_t I = 0; I < Info.Params.size(); ++I) {
    Value *V = nullptr;
    const Capture &Cp = H.ArgCaps[I];
    Argument *A = Info.Params[I].Arg;
    if (Cp.How == Capture::ByRef)
      V = byRefAddress(Info.Params[I], B);
    else if (Cp.How == Capture::Payload && A && Cp.HasData &&
             A->getType()->isPointerTy())
      V = A;
    else if (Cp.How == Capture::Payload && A)
      V = TypeDescriber::encode(B, A, Cp.Kind);
    Payloads.push_back(V ? V : ConstantInt::get(I64, 0));
  }
  // Computed on the record path only: an address in this machine frame,
  // which after inlining is the caller's (what the runtime wants).
  Value *Frame =
      PassFrame
          ? B.CreateIntrinsic(Intrinsic::addressofreturnaddress, {Ptr}, {})
          : static_cast<Value *>(ConstantPointerNull::get(Ptr));
  if (Payloads.size() <= 2 && !AnyData) {
    while (Payloads.size() < 2)
      Payloads.push_back(ConstantInt::get(I64, 0));
    return callRuntime(B, Enter, {H.Desc, Payloads[0], Payloads[1], Frame});
  }
  IRBuilder<> AB(&*H.Hooked->getEntryBlock().begin());
  auto *ArrTy = ArrayType::get(I64, Payloads.size());
  AllocaInst *Arr = AB.CreateAlloca(ArrTy, nullptr, "ruchy.args");
  for (size_t I = 0; I < Payloads.size(); ++I)
    B.CreateAlignedStore(Payloads[I], B.CreateConstGEP2_32(ArrTy, Arr, 0, I),
                         Align(8));
  return callRuntime(B, EnterV, {H.Desc, Arr, Frame});
}

void Instrumenter::hookReturns(Hooks &H, Value *Token) {
  SmallVector<ReturnInst *, 8> Rets;
  for (BasicBlock &BB : *H.Hooked)
    if (auto *RI = dyn_cast<ReturnInst>(BB.getTerminator()))
      Rets.push_back(RI);
  MDBuilder MDB(C);
  for (ReturnInst *RI : Rets) {
    // A musttail call must stay immediately before its ret: the frame is
    // left at the call, so the exit is recorded just before it and carries
    // no value of its own (the callee returns it).
    CallInst *MustTail = RI->getParent()->getTerminatingMustTailCall();
    Instruction *Before = MustTail ? static_cast<Instruction *>(MustTail) : RI;
    IRBuilder<> EB(Before);
    Value *Has = EB.CreateICmpNE(Token, ConstantInt::get(I64, 0));
    Instruction *Then = SplitBlockAndInsertIfThen(
        Has, Before->getIterator(), false, MDB.createUnlikelyBranchWeights());
    EB.SetInsertPoint(Then);
    EB.SetCurrentDebugLocation(H.DL);
    if (MustTail) {
      callRuntime(EB, ExitTail, {H.Desc, Token});
      continue;
    }
    if (H.Ret.How == Capture::ByRef) { // by address, with provenance
      callRuntime(EB, ExitRef, {H.Desc, Token, retSlot(H, RI, EB)});
      continue;
    }
    Value *Enc = nullptr;
    if (H.Ret.How == Capture::Payload && RI->getReturnValue())
      Enc = TypeDescriber::encode(EB, RI->getReturnValue(), H.Ret.Kind);
    callRuntime(EB, Exit,
                {H.Desc, Token, Enc ? Enc : ConstantInt::get(I64, 0)});
  }
}

void Instrumenter::emitRegistration() {
  // The linker defines __start_/__stop_ for a section whose name is a C
  // identifier; hidden, so each image (executable or shared object)
  // registers its own descriptors and not another's.
  auto MakeBound = [&](const char *Name) {
    auto *GV = new GlobalVariable(M, I8, false, GlobalValue::ExternalLinkage,
                                  nullptr, Name);
    GV->setVisibility(GlobalValue::HiddenVisibility);
    return GV;
  };
  GlobalVariable *Start = MakeBound("__start_" RUCHY_TRACE_FN_SECTION);
  GlobalVariable *Stop = MakeBound("__stop_" RUCHY_TRACE_FN_SECTION);
  // One hook per image and direction: every object defines it in the same
  // COMDAT and the linker keeps one copy, as SanitizerCoverage does. It
  // calls Callee(ABI version, start, stop).
  auto MakeHook = [&](const char *Name, const char *Callee) {
    FunctionCallee Target = M.getOrInsertFunction(
        Callee, FunctionType::get(Type::getVoidTy(C), {I32, Ptr, Ptr}, false));
    Function *Hook =
        Function::Create(FunctionType::get(Type::getVoidTy(C), false),
                         GlobalValue::WeakODRLinkage, Name, M);
    Hook->setVisibility(GlobalValue::HiddenVisibility);
    Hook->setComdat(M.getOrInsertComdat(Name));
    Hook->addFnAttr(Attribute::NoUnwind);
    IRBuilder<> B(BasicBlock::Create(C, "", Hook));
    B.CreateCall(Target,
                 {ConstantInt::get(I32, RUCHY_TRACE_ABI_VERSION), Start, Stop});
    B.CreateRetVoid();
    return Hook;
  };
  // Referencing __ruchy_trace_register also pulls the runtime out of its
  // archive. Early, so functions called from the program's own
  // constructors are traced too.
  Function *Ctor = MakeHook(CtorName, "__ruchy_trace_register");
  appendToGlobalCtors(M, Ctor, 1, Ctor);
  // The matching destructor: when a dlopen'ed library is unloaded, the
  // runtime keeps copies of its descriptors for the events still buffered.
  Function *Dtor = MakeHook(DtorName, "__ruchy_trace_unregister");
  appendToGlobalDtors(M, Dtor, 1, Dtor);
}

// A module that went through the pass (its marker, or a registration
// constructor linked in) is left as it is: every hook exactly once.
bool Instrumenter::alreadyInstrumented() {
  return M.getNamedMetadata(DoneMarker) || M.getFunction(CtorName);
}

void Instrumenter::declareRuntime() {
  // abi.h: the entry points use preserve_most on x86-64 and AArch64.
  Triple TT(M.getTargetTriple());
  PassFrame = TT.getArch() == Triple::x86_64 || TT.isAArch64();
  RuntimeCC = PassFrame ? CallingConv::PreserveMost : CallingConv::C;
  auto Decl = [&](const char *Name, Type *RetTy, ArrayRef<Type *> Params) {
    FunctionCallee FC =
        M.getOrInsertFunction(Name, FunctionType::get(RetTy, Params, false));
    if (auto *Fn = dyn_cast<Function>(FC.getCallee())) {
      Fn->addFnAttr(Attribute::NoUnwind); // no landing pads needed around it
      Fn->setCallingConv(RuntimeCC);
      // Call through the GOT, never a lazy-binding PLT stub: the dynamic
      // linker's resolver does not preserve every register preserve_most
      // promises (r10, vector registers), and it would run on the first
      // traced call with the caller's values live in them.
      Fn->addFnAttr(Attribute::NonLazyBind);
    }
    return FC;
  };
  Type *Void = Type::getVoidTy(C);
  Enter = Decl("__ruchy_trace_enter", I64, {Ptr, I64, I64, Ptr});
  EnterV = Decl("__ruchy_trace_enter_v", I64, {Ptr, Ptr, Ptr});
  Exit = Decl("__ruchy_trace_exit", Void, {Ptr, I64, I64});
  ExitRef = Decl("__ruchy_trace_exit_ref", Void, {Ptr, I64, Ptr});
  ExitTail = Decl("__ruchy_trace_exit_tail", Void, {Ptr, I64});
  Countdown = M.getNamedGlobal("__ruchy_trace_countdown");
  if (!Countdown)
    Countdown = new GlobalVariable(M, I32, false, GlobalValue::ExternalLinkage,
                                   nullptr, "__ruchy_trace_countdown", nullptr,
                                   GlobalValue::InitialExecTLSModel);
}

// The module, step by step.
bool Instrumenter::run() {
  if (!Opts.Enable || alreadyInstrumented())
    return false;
  // Which functions are traced: attributes, annotations, the filter.
  FunctionPolicy Policy(M, FAM, Opts);
  // The runtime's entry points and the sampling countdown, as abi.h has them.
  declareRuntime();
  // Where lambdas written on one line start: their names tell them apart.
  indexLambdas(M);
  // The module's own functions, listed before any copy is added to it.
  SmallVector<Function *, 64> Work;
  for (Function &F : M)
    if (Policy.admits(F))
      Work.push_back(&F);
  for (Function *F : Work)
    instrument(*F, Policy);
  // The module's findings; clang's instrumentation marks removed.
  bool Unmarked = Policy.finish();
  // The constructor and destructor that register the descriptors.
  if (Done)
    emitRegistration();
  M.getOrInsertNamedMetadata(DoneMarker);
  return Done > 0 || Unmarked;
}

PreservedAnalyses RuchyTracePass::run(Module &M, ModuleAnalysisManager &MAM) {
  auto &FAM = MAM.getResult<FunctionAnalysisManagerModuleProxy>(M).getManager();
  return Instrumenter(M, &FAM, Opts).run() ? PreservedAnalyses::none()
                                           : PreservedAnalyses::all();
}

} // namespace ruchytrace
