//===- LibcxxFunction.cpp - a libc++ std::function shown as its target ----===//
//
// libc++'s std::function<R(A...)> holds __f_, a __value_func: 24 bytes of
// buffer (__buf_) and __f_, a pointer to a __func<F, R(A...)> (a class
// with a vtable, F in its __func_ member) in that buffer or on the heap;
// null when empty. It is shown as libstdc++'s is (StdFunction.cpp):
// `empty`, or its target, recognised by the vtable of the __func it
// points to. Each __func<F, R(A...)> whose vtable this module has is one
// target type F:
//
//   a function pointer     its value: `0x401136 <twice>`
//   a class of no data     its name: `<lambda at prog.cpp:12:15>`
//   another class          its name and value:
//                          `<lambda at ...>({base: 10})` (wherever it is
//                          stored: the runtime copies the __func)
//
// A target this module never made (another unit's) is `<unknown>`.
//
//===----------------------------------------------------------------------===//
#include "DITypes.h"
#include "LibcxxLayout.h"
#include "TypeDescriber.h"

#include "AbiLayout.h"
#include "ruchytrace/abi.h"

#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/Function.h"
#include "llvm/IR/GlobalVariable.h"
#include "llvm/IR/Module.h"

using namespace llvm;

namespace ruchytrace {

// Targets beyond this many per signature are <unknown>.
static constexpr unsigned MaxTargets = 32;

bool TypeDescriber::libcxxFunctionLayout(const DICompositeType *CT,
                                         StdFunction &L) {
  if (!CT->getName().starts_with("function<") || !inLibcxx(CT))
    return false;
  const DIDerivedType *VF = memberNamed(CT, "__f_");
  const DICompositeType *VT = VF ? composite(VF->getBaseType()) : nullptr;
  const DIDerivedType *F = VT ? memberNamed(VT, "__f_") : nullptr;
  L.Signature = templateArg(CT, 0);
  if (!L.Signature || !F || !pointee(F))
    return false;
  L.ManagerOff = (VF->getOffsetInBits() + F->getOffsetInBits()) / 8;
  L.Libcxx = true;
  return L.ManagerOff + 8 <= bytesOf(CT);
}

SmallVector<TypeDescriber::LibcxxTarget, 4>
TypeDescriber::libcxxTargets(const DIType *Sig, uint64_t &MaxSize) {
  SmallVector<LibcxxTarget, 4> Out;
  SmallPtrSet<const DICompositeType *, 8> Seen;
  MaxSize = 8;
  // The vtable that lists each virtual function (a lambda's __func has no
  // ODR name to spell its vtable's from: its functions lead to it).
  DenseMap<const Function *, GlobalVariable *> VtableOf;
  for (GlobalVariable &G : M.globals()) {
    if (!G.getName().starts_with("_ZTVNSt3__110__function6__func") ||
        !G.hasInitializer())
      continue;
    for (const Use &Part : G.getInitializer()->operands())
      for (const Use &Slot : cast<Constant>(Part.get())->operands())
        if (auto *Fn = dyn_cast<Function>(Slot.get()->stripPointerCasts()))
          VtableOf.try_emplace(Fn, &G);
  }
  // __func's members are defined wherever its vtable is: their scope is
  // each target type's __func.
  for (Function &F : M) {
    DISubprogram *SP = F.getSubprogram();
    if (F.isDeclaration() || !SP || Out.size() >= MaxTargets)
      continue;
    const DIScope *S = SP->getDeclaration() ? SP->getDeclaration()->getScope()
                                            : SP->getScope();
    auto *Func = dyn_cast_or_null<DICompositeType>(S);
    GlobalVariable *VT = VtableOf.lookup(&F); // a virtual function's
    if (!VT || !Func || !Func->getName().starts_with("__func<") ||
        !inNamespace(Func, "__function") || templateArg(Func, 1) != Sig ||
        !Seen.insert(Func).second)
      continue;
    const DIDerivedType *Fn = memberNamed(Func, "__func_");
    if (!Fn || !templateArg(Func, 0))
      continue;
    Out.push_back({Func, templateArg(Func, 0), VT, Fn->getOffsetInBits() / 8});
    MaxSize = std::max<uint64_t>(MaxSize, bytesOf(Func));
  }
  return Out;
}

GlobalVariable *TypeDescriber::libcxxFunctionVariants(const DICompositeType *CT,
                                                      const StdFunction &L,
                                                      unsigned Lang,
                                                      unsigned Depth,
                                                      uint64_t &Count) {
  Type *I64 = Type::getInt64Ty(C), *I8 = Type::getInt8Ty(C);
  // The __func __f_ points to, told by its vtable (its address point is
  // two words into the vtable, after the offset to top and the RTTI).
  uint64_t Size;
  SmallVector<Constant *, 8> Targets;
  for (const LibcxxTarget &T : libcxxTargets(L.Signature, Size)) {
    Constant *Discr = ConstantExpr::getPtrToInt(
        ConstantExpr::getGetElementPtr(I8, T.Vtable, ConstantInt::get(I64, 16)),
        I64);
    const DIType *Fn = stripSugar(T.Fn);
    auto *D = dyn_cast_or_null<DIDerivedType>(Fn);
    std::string Name = spell(T.Fn, Lang);
    if (D && D->getTag() == dwarf::DW_TAG_pointer_type)
      Targets.push_back(variant(
          "", oneValue(memberType(T.Fn, Lang, Depth + 1), Name, T.FnOff, Size),
          Discr)); // its value
    else if (isEmptyClass(T.Fn))
      Targets.push_back(variant(Name, nullptr, Discr));
    else
      Targets.push_back(variant(
          Name,
          oneValue(memberType(T.Fn, Lang, Depth + 1), Name, T.FnOff, Size),
          Discr));
  }
  Targets.push_back(variant("<unknown>", nullptr, nullptr));
  GlobalVariable *Target = emit(RUCHY_TRACE_K_VARIANT, 0, Size, Targets.size(),
                                "<target>", variants(0, 8, Targets), {});
  // __f_, shown as its target alone (RUCHY_TRACE_T_INNER).
  GlobalVariable *Ptr = emit(RUCHY_TRACE_K_PTR, RUCHY_TRACE_T_INNER, 8, 0,
                             "<target> *", Target, {});
  Constant *Vars[] = {
      variant("empty", nullptr, ConstantInt::get(I64, 0)),
      variant("", oneValue(Ptr, "<target> *", L.ManagerOff, bytesOf(CT)),
              nullptr)};
  Count = 2;
  return variants(L.ManagerOff, 8, Vars);
}

} // namespace ruchytrace
