//===- StdFunction.cpp - a std::function shown as its target --------------===//
//
// libstdc++'s std::function<R(A...)> is a type-erased pair of functions
// (_M_manager, _M_invoker) and 16 bytes of storage (_M_functor): its fields
// say nothing to a reader. It is shown as what it calls: `empty` (no
// manager), or its target, recognised by its manager's address. Each
// _Function_handler<R(A...), F>::_M_manager this module defines is one
// target type F:
//
//   a function pointer     its value: `0x401136 <twice>`
//   a class of no data     its name: `<lambda at prog.cpp:12:15>`
//   a class stored inside  its name and value (libstdc++ keeps a
//                          trivially copyable functor of up to 16 bytes
//                          in _M_functor): `<lambda at ...>({base: 10})`
//   a class on the heap    its name
//
// A target this module never made (another unit's) is shown by its
// invoker's address (named where the runtime can).
//
//===----------------------------------------------------------------------===//
#include "DITypes.h"
#include "TypeDescriber.h"

#include "AbiLayout.h"
#include "ruchytrace/abi.h"

#include "llvm/IR/Constants.h"
#include "llvm/IR/Function.h"
#include "llvm/IR/GlobalVariable.h"
#include "llvm/IR/Module.h"

using namespace llvm;

namespace ruchytrace {

// Targets beyond this many per signature are shown by their invoker.
static constexpr unsigned MaxTargets = 32;

bool TypeDescriber::stdFunctionLayout(const DIType *DI, StdFunction &L) {
  auto *CT = dyn_cast_or_null<DICompositeType>(stripSugar(DI));
  if (CT && libcxxFunctionLayout(CT, L))
    return true;
  if (!CT || !CT->getName().starts_with("function<") || !inNamespace(CT, "std"))
    return false;
  L.Signature = templateArg(CT, 0);
  return L.Signature && findMember(CT, "_M_manager", L.ManagerOff) &&
         findMember(CT, "_M_invoker", L.InvokerOff) && bytesOf(CT) >= 32;
}

GlobalVariable *TypeDescriber::stdFunctionVariants(const DICompositeType *CT,
                                                   const StdFunction &L,
                                                   unsigned Lang,
                                                   unsigned Depth,
                                                   uint64_t &Count) {
  if (L.Libcxx)
    return libcxxFunctionVariants(CT, L, Lang, Depth, Count);
  Type *I64 = Type::getInt64Ty(C);
  // One field shown alone (the variant without a name is its value).
  auto Payload = [&](const DIType *T, uint64_t Off) {
    return oneValue(memberType(T, Lang, Depth + 1), spell(T, Lang), Off,
                    bytesOf(CT));
  };
  SmallVector<Constant *, 8> Vars;
  Vars.push_back(variant("empty", nullptr, ConstantInt::get(I64, 0)));
  for (Function &F : M) {
    DISubprogram *SP = F.getSubprogram();
    if (F.isDeclaration() || !SP || SP->getName() != "_M_manager" ||
        Vars.size() > MaxTargets)
      continue;
    const DIScope *S = SP->getDeclaration() ? SP->getDeclaration()->getScope()
                                            : SP->getScope();
    auto *H = dyn_cast_or_null<DICompositeType>(S);
    if (!H || !H->getName().starts_with("_Function_handler<") ||
        templateArg(H, 0) != L.Signature)
      continue;
    const DIType *Fn = templateArg(H, 1);
    if (!Fn)
      continue;
    const DIType *T = stripSugar(Fn);
    auto *D = dyn_cast_or_null<DIDerivedType>(T);
    auto *Cls = dyn_cast_or_null<DICompositeType>(T);
    Constant *Discr = ConstantExpr::getPtrToInt(&F, I64);
    if (D && D->getTag() == dwarf::DW_TAG_pointer_type)
      Vars.push_back(variant("", Payload(Fn, 0), Discr)); // its value
    else if (!Cls || isEmptyClass(Cls))
      Vars.push_back(variant(spell(Fn, Lang), nullptr, Discr));
    else if (bytesOf(Cls) <= 16 &&
             (Cls->getFlags() & DINode::FlagTypePassByValue))
      Vars.push_back(variant(spell(Fn, Lang), Payload(Fn, 0), Discr));
    else
      Vars.push_back(variant(spell(Fn, Lang), nullptr, Discr));
  }
  // Any other target: the invoker, as a function pointer.
  DIType *Invoker = nullptr;
  uint64_t Off;
  if (const DIDerivedType *Mem = findMember(CT, "_M_invoker", Off))
    Invoker = Mem->getBaseType();
  Vars.push_back(variant("", Payload(Invoker, L.InvokerOff), nullptr));
  Count = Vars.size();
  return variants(L.ManagerOff, 8, Vars);
}

} // namespace ruchytrace
