//===- SourceInfo.cpp - what the source says about a function -------------===//
#include "SourceInfo.h"
#include "DITypes.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/BinaryFormat/Dwarf.h"
#include "llvm/Config/llvm-config.h"
#include "llvm/Demangle/Demangle.h"
#include "llvm/IR/DebugInfoMetadata.h"
#include "llvm/IR/DebugProgramInstruction.h"
#include "llvm/IR/Function.h"
#include "llvm/IR/Instructions.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

#include <cstring>

using namespace llvm;

namespace ruchytrace {

// The names of a subprogram's enclosing scopes, outermost first.
static SmallVector<StringRef, 8> scopeNames(const DISubprogram *SP) {
  SmallVector<StringRef, 8> Names;
  const DIScope *Scope = SP->getScope();
  if (const DISubprogram *Decl = SP->getDeclaration())
    Scope = Decl->getScope();
  for (; Scope && !isa<DIFile>(Scope) && !isa<DICompileUnit>(Scope);
       Scope = Scope->getScope())
    if (!Scope->getName().empty())
      Names.insert(Names.begin(), Scope->getName());
  return Names;
}

// "ns::Class::method" for C++, "crate::module::function" for Rust: the
// scope chain of the subprogram up to the compile unit.
std::string qualifiedName(const DISubprogram *SP) {
  std::string Name;
  for (StringRef S : scopeNames(SP))
    Name += (S + "::").str();
  return Name + SP->getName().str();
}

// Whether a C++ member function is a constructor or a destructor, as its
// Itanium mangling says (C1, C2: a constructor; D0-D2 a destructor): the
// only record of it for a closure's, whose class has no name.
enum class Special { None, Constructor, Destructor };
static Special specialMember(const DISubprogram *SP) {
  StringRef Linkage = SP->getLinkageName();
  ItaniumPartialDemangler D;
  if (Linkage.empty() || D.partialDemangle(Linkage.str().c_str()) ||
      !D.isCtorOrDtor())
    return Special::None;
  size_t N = 0;
  char *Base = D.getFunctionBaseName(nullptr, &N);
  Special K = !Base            ? Special::None
              : Base[0] == '~' ? Special::Destructor
                               : Special::Constructor;
  std::free(Base);
  return K;
}

// A lambda's call operator (or one nested in a lambda) by its closure
// types: `main::<lambda at prog.cpp:12:15>`, not `main::operator()`; its
// copy or move constructor and destructor as C++ names a class's,
// `main::<lambda at …>::<lambda at …>` and `…::~<lambda at …>`, not as
// a call of the lambda; "" for any other function.
static std::string lambdaFunctionName(const DISubprogram *SP) {
  // A method's class is its declaration's scope.
  auto ClassOf = [](const DISubprogram *S) {
    const DISubprogram *D = S->getDeclaration();
    return D ? D->getScope() : S->getScope();
  };
  const DIScope *Scope = ClassOf(SP);
  if (!isLambda(dyn_cast_or_null<DIType>(Scope)))
    return "";
  std::string Name;
  while (Scope && !isa<DIFile>(Scope) && !isa<DICompileUnit>(Scope)) {
    std::string Part = isLambda(dyn_cast<DIType>(Scope))
                           ? lambdaName(cast<DICompositeType>(Scope))
                           : Scope->getName().str();
    if (auto *S = dyn_cast<DISubprogram>(Scope)) {
      Scope = ClassOf(S);
      // An enclosing lambda's operator(): its closure type names it.
      if (isLambda(dyn_cast_or_null<DIType>(Scope)))
        Part.clear();
    } else {
      Scope = Scope->getScope();
    }
    if (!Part.empty())
      Name = Part + (Name.empty() ? "" : "::") + Name;
  }
  if (SP->getName().starts_with("operator()"))
    return Name;
  const DIScope *Closure = ClassOf(SP);
  switch (specialMember(SP)) {
  case Special::Constructor:
    return Name + "::" + lambdaName(cast<DICompositeType>(Closure));
  case Special::Destructor:
    return Name + "::~" + lambdaName(cast<DICompositeType>(Closure));
  case Special::None:
    break;
  }
  // Its conversion to a function pointer, its static invoker.
  return Name + "::" + SP->getName().str();
}

StringRef outermostScope(const DISubprogram *SP) {
  auto Names = scopeNames(SP);
  return Names.empty() ? StringRef() : Names.front();
}

// An inherent impl's item as its methods are named (`prog::T::m`, from
// their scope, the type): `<prog::T>::m::{closure#0}` ->
// `prog::T::m::{closure#0}`, so that a filter `prog::T::*` selects both. A
// trait impl's `<A as B>::f` is kept: it has no other spelling.
static std::string inherentPath(std::string Name) {
  if (Name.empty() || Name[0] != '<')
    return Name;
  unsigned Depth = 0;
  for (size_t I = 0; I < Name.size(); ++I) {
    if (Name[I] == '<') {
      ++Depth;
    } else if (Name[I] == '>' && Depth && --Depth == 0) {
      if (Name.compare(I + 1, 2, "::") != 0)
        return Name;
      return Name.substr(1, I - 1) + Name.substr(I + 1);
    } else if (Depth == 1 && Name.compare(I, 4, " as ") == 0) {
      return Name;
    }
  }
  return Name;
}

// rustc's debug info puts a trait impl's methods (and their closures) in
// an `{impl#N}` namespace, which says nothing about the impl; the symbol
// does: `<prog::Money as core::fmt::Display>::fmt`, as backtraces and
// debuggers show it. Other Rust names stay as debug info spells them.
static std::string implName(const DISubprogram *SP) {
  std::string Name = qualifiedName(SP);
  bool InImpl = false;
  for (StringRef S : scopeNames(SP))
    InImpl |= S.starts_with("{impl#");
  StringRef Symbol = SP->getLinkageName();
  if (!InImpl || (!Symbol.starts_with("_R") && !Symbol.starts_with("_ZN")))
    return Name;
  std::string Demangled = demangle(Symbol);
  if (Demangled == Symbol)
    return Name;
  if (Symbol.starts_with("_R"))
    return Demangled; // v0 mangling: the demangler knows Rust
  // Legacy mangling, an Itanium name whose segments escape Rust's
  // punctuation: `_$LT$prog..Sq$u20$as$u20$prog..Area$GT$::area::h<hash>`.
  StringRef D = Demangled;
  size_t Hash = D.rfind("::h");
  if (Hash != StringRef::npos && D.size() - Hash == 19)
    D = D.take_front(Hash);
  if (D.starts_with("_$"))
    D = D.drop_front();
  static const std::pair<const char *, const char *> Escapes[] = {
      {"$LT$", "<"},   {"$GT$", ">"},  {"$u20$", " "}, {"$RF$", "&"},
      {"$BP$", "*"},   {"$C$", ","},   {"$u7b$", "{"}, {"$u7d$", "}"},
      {"$u5b$", "["},  {"$u5d$", "]"}, {"$u27$", "'"}, {"$u3b$", ";"},
      {"$u22$", "\""}, {"$u2b$", "+"}, {"$LP$", "("},  {"$RP$", ")"},
      {"..", "::"}};
  std::string Out;
  while (!D.empty()) {
    bool Hit = false;
    for (auto &E : Escapes)
      if (D.starts_with(E.first)) {
        Out += E.second;
        D = D.drop_front(strlen(E.first));
        Hit = true;
        break;
      }
    if (!Hit) {
      Out += D.front();
      D = D.drop_front();
    }
  }
  return Out.find('$') == std::string::npos ? Out : Name;
}

static std::string rustName(const DISubprogram *SP) {
  return inherentPath(implName(SP));
}

static std::string sourcePath(const DIFile *File);

// C/C++ code the program did not write: the standard library's templates
// and inline functions (by namespace, wherever its headers are) and
// anything from the system's header directories. Instantiated in every
// unit that uses them, their calls would bury the program's own (1288
// lines of libstdc++ for 70 calls of a program's).
static bool isSystemCode(const DISubprogram *SP) {
  StringRef NS = outermostScope(SP);
  if (NS == "std" || NS == "__gnu_cxx" || NS == "__cxxabiv1" ||
      NS == "__gnu_debug")
    return true;
  const DIFile *File = SP->getFile();
  if (!File)
    return false;
  std::string Path = sourcePath(File);
  for (const char *Dir :
       {"/usr/include/", "/usr/lib/", "/usr/local/include/", "/usr/lib64/"})
    if (StringRef(Path).starts_with(Dir))
      return true;
  return false;
}

static std::string sourcePath(const DIFile *File) {
  SmallString<256> P(File->getFilename());
  if (!sys::path::is_absolute(P)) {
    SmallString<256> Abs(File->getDirectory());
    sys::path::append(Abs, P);
    return std::string(Abs);
  }
  return std::string(P);
}

unsigned SourceInfo::findColumn(const std::string &Path, unsigned Line,
                                StringRef Name) {
  // DWARF gives a subprogram a line but no column. The spec's locations
  // point at the function's name (`fun fibonacci` -> column 5), so find the
  // name on its line in the source; 0 says "unknown" when the source is
  // not readable at compile time.
  auto It = Files.find(Path);
  if (It == Files.end()) {
    SourceFile SF;
    if (auto BufOrErr = MemoryBuffer::getFile(Path, /*IsText=*/true)) {
      SF.Buffer = std::move(*BufOrErr);
      StringRef Text = SF.Buffer->getBuffer();
      SF.LineStarts.push_back(0);
      for (size_t Pos = Text.find('\n'); Pos != StringRef::npos;
           Pos = Text.find('\n', Pos + 1))
        SF.LineStarts.push_back(Pos + 1);
    }
    It = Files.try_emplace(Path, std::move(SF)).first;
  }
  const SourceFile &SF = It->second;
  if (!SF.Buffer || Line == 0 || Line > SF.LineStarts.size() || Name.empty())
    return 0;
  StringRef LineText =
      SF.Buffer->getBuffer().substr(SF.LineStarts[Line - 1]).split('\n').first;
  auto IsIdent = [](char C) { return isAlnum(C) || C == '_'; };
  for (size_t Pos = LineText.find(Name); Pos != StringRef::npos;
       Pos = LineText.find(Name, Pos + 1)) {
    size_t End = Pos + Name.size();
    if ((Pos == 0 || !IsIdent(LineText[Pos - 1])) &&
        (End >= LineText.size() || !IsIdent(LineText[End])))
      return Pos + 1;
  }
  return 0;
}

// The IR argument whose value a debug record describes: either directly
// (#dbg_value of an argument) or through the stack slot clang and rustc
// spill parameters to (#dbg_declare of an alloca that an argument is stored
// into). Anything else is not a parameter value we can read at entry.
static Argument *argumentBehind(Value *V) {
  if (auto *A = dyn_cast_or_null<Argument>(V))
    return A;
  auto *AI = dyn_cast_or_null<AllocaInst>(V);
  if (!AI)
    return nullptr;
  for (User *U : AI->users())
    if (auto *SI = dyn_cast<StoreInst>(U))
      if (SI->getPointerOperand() == AI) {
        // C's _Bool arrives as i1 and is stored widened to i8.
        Value *Stored = SI->getValueOperand();
        if (auto *Cast = dyn_cast<CastInst>(Stored))
          Stored = Cast->getOperand(0);
        if (auto *A = dyn_cast<Argument>(Stored))
          return A;
      }
  return nullptr;
}

// A parameter's name, from a variable of F's own: an inlined callee's
// parameters carry argument numbers too, of its own signature.
static void nameParam(ParamInfo &P, const DILocalVariable *V,
                      const DebugLoc &DL, const DISubprogram *SP) {
  if (!P.Name.empty() || !V || V->getName().empty() ||
      (DL && DL.getInlinedAt()) || !V->getScope() ||
      V->getScope()->getSubprogram() != SP)
    return;
  P.Name = V->getName().str();
}

static void mapParams(Function &F, FunctionInfo &Info) {
  // Optimised code keeps every parameter's variable in the subprogram's
  // retained nodes, even one whose records were optimised away.
  if (const DISubprogram *SP = F.getSubprogram())
    for (const DINode *N : SP->getRetainedNodes())
      if (auto *V = dyn_cast<DILocalVariable>(N))
        if (V->getArg() && V->getArg() <= Info.Params.size())
          nameParam(Info.Params[V->getArg() - 1], V, DebugLoc(), SP);

  // Debug records name the parameter they describe (arg: N), which survives
  // ABI lowering that reorders or adds IR arguments (sret, this, split
  // aggregates); positional mapping is only the fallback.
  for (BasicBlock &BB : F)
    for (Instruction &I : BB)
      for (DbgVariableRecord &DVR : filterDbgVars(I.getDbgRecordRange())) {
        // With optimisation and -g, clang's assignment tracking has already
        // turned a parameter's dbg_declare into dbg_assigns that name both
        // the stored value and the address.
        if (!DVR.isDbgDeclare() && !DVR.isDbgValue() && !DVR.isDbgAssign())
          continue;
        unsigned ArgNo = DVR.getVariable()->getArg();
        // A fragment starting at bit 0 still locates the value (a long
        // double's 80 bits in its 128-bit variable); other expressions
        // describe something computed from it.
        const DIExpression *Expr = DVR.getExpression();
        auto Frag = Expr->getFragmentInfo();
        bool Plain =
            Expr->getNumElements() == 0 ||
            (Frag && Frag->OffsetInBits == 0 && Expr->getNumElements() == 3);
        if (ArgNo == 0 || ArgNo > Info.Params.size())
          continue;
        ParamInfo &P = Info.Params[ArgNo - 1];
        nameParam(P, DVR.getVariable(), DVR.getDebugLoc(), F.getSubprogram());
        Value *Loc = DVR.getVariableLocationOp(0);
        // A C++ class with a non-trivial copy or destructor, passed by
        // value, arrives as the address of the caller's copy: a value
        // `*arg` (-O2), or a slot holding the argument, `**slot` (-O0).
        // That copy is the storage, readable for the whole call.
        if (!Plain && !P.Storage && Expr->getNumElements() == 1 &&
            Expr->getElement(0) == dwarf::DW_OP_deref) {
          Argument *A = dyn_cast_or_null<Argument>(Loc);
          if (!A && DVR.isDbgDeclare() && isa_and_nonnull<AllocaInst>(Loc))
            A = argumentBehind(Loc);
          if (A && A->getType()->isPointerTy() && !A->hasByValAttr())
            P.Storage = A;
          continue;
        }
        if (!Plain)
          continue;
        if (DVR.isDbgAssign()) {
          if (DVR.getAddressExpression()->getNumElements() == 0) {
            Value *Addr = DVR.getAddress();
            if (!P.Storage && isa_and_nonnull<AllocaInst>(Addr))
              P.Storage = Addr;
            if (!P.Arg)
              P.Arg = argumentBehind(Addr);
          }
          if (!P.Arg)
            P.Arg = dyn_cast_or_null<Argument>(Loc);
          continue;
        }
        if (!P.Storage && DVR.isDbgDeclare() &&
            (isa_and_nonnull<AllocaInst>(Loc) ||
             (isa_and_nonnull<Argument>(Loc) && Loc->getType()->isPointerTy())))
          P.Storage = Loc;
        // A declared location is an address: the value is the argument
        // stored there, not the location itself.
        if (!P.Arg)
          P.Arg = DVR.isDbgDeclare()
                      ? (isa_and_nonnull<AllocaInst>(Loc) ? argumentBehind(Loc)
                                                          : nullptr)
                      : dyn_cast_or_null<Argument>(Loc);
      }
  // Positional fallback for parameters no record described, only when the
  // IR signature has exactly one argument per source parameter (no split
  // or coerced aggregates that would shift the positions).
  SmallVector<Argument *, 8> Plain;
  for (Argument &A : F.args())
    if (!A.hasStructRetAttr())
      Plain.push_back(&A);
  if (Plain.size() != Info.Params.size())
    return;
  for (size_t I = 0; I < Plain.size(); ++I) {
    bool Taken = false;
    for (const ParamInfo &P : Info.Params)
      Taken |= P.Arg == Plain[I];
    if (!Info.Params[I].Arg && !Taken)
      Info.Params[I].Arg = Plain[I];
  }
}

// Parameters as the IR signature has them, for functions without debug
// types. The hidden sret pointer is the return slot, not a parameter.
static void irParams(Function &F, FunctionInfo &Info) {
  for (Argument &A : F.args())
    if (!A.hasStructRetAttr())
      Info.Params.push_back({nullptr, &A, nullptr, {}, {}});
}

unsigned sourceLanguage(const DICompileUnit *CU) {
  if (!CU)
    return 0;
#if LLVM_VERSION_MAJOR >= 22
  return CU->getSourceLanguage().getUnversionedName();
#else
  return CU->getSourceLanguage();
#endif
}

static bool isCxx(const DICompileUnit *CU) {
  switch (sourceLanguage(CU)) {
  case dwarf::DW_LANG_C_plus_plus:
  case dwarf::DW_LANG_C_plus_plus_03:
  case dwarf::DW_LANG_C_plus_plus_11:
  case dwarf::DW_LANG_C_plus_plus_14:
  case dwarf::DW_LANG_C_plus_plus_17:
  case dwarf::DW_LANG_C_plus_plus_20:
    return true;
  default:
    return false;
  }
}

static bool isC(const DICompileUnit *CU) {
  switch (sourceLanguage(CU)) {
  case dwarf::DW_LANG_C89:
  case dwarf::DW_LANG_C:
  case dwarf::DW_LANG_C99:
  case dwarf::DW_LANG_C11:
  case dwarf::DW_LANG_C17:
    return true;
  default:
    return false;
  }
}

// A C++ constructor: a member function named as its class (`Point` in
// `Point`, `Box` in `Box<int>`) whose first parameter is `this`. DWARF has
// no flag for it; the name is what the language defines it by, and holds
// for complete, base and inheriting constructors alike.
static bool isConstructor(const DISubprogram *SP, DITypeRefArray Types) {
  const DISubprogram *Decl = SP->getDeclaration();
  auto *Class = dyn_cast_or_null<DICompositeType>(Decl ? Decl->getScope()
                                                       : SP->getScope());
  if (!Class || Types.size() < 2 || !Types[1] || !Types[1]->isObjectPointer())
    return false;
  // A constructor template's name carries its arguments: `Box<int>`.
  StringRef Name = SP->getName(), ClassName = Class->getName();
  Name = Name.substr(0, Name.find('<'));
  if (!Name.empty() && Name == ClassName.substr(0, ClassName.find('<')))
    return true;
  // A closure's copy and move constructors: its class has no name.
  return specialMember(SP) == Special::Constructor;
}

// A Rust closure's first parameter is its environment, the variables it
// captured: by value (FnOnce), else a `&` or `&mut` of it, a pointer that
// cannot dangle. It is shown as those captures by name, read where the
// pointer points as a by-value struct is, not as an address to a type
// named `&prog::main::{closure_env#0}`; a closure that captured nothing
// (its environment has no bytes) has no such parameter to show.
static void closureEnvironment(std::vector<ParamInfo> &Params) {
  if (Params.empty())
    return;
  ParamInfo &Env = Params.front();
  auto *D = dyn_cast_or_null<DIDerivedType>(stripSugar(Env.DIType));
  if (D && isPointerTag(D->getTag()) && isRustClosureEnv(D->getBaseType())) {
    if (bytesOf(D->getBaseType()) == 0) {
      Params.erase(Params.begin());
      return;
    }
    if (Env.Arg && Env.Arg->getType()->isPointerTy()) {
      Env.DIType = D->getBaseType();
      Env.Storage = Env.Arg;
      Env.Image = ArgImage();
    }
  } else if (isRustClosureEnv(Env.DIType) && bytesOf(Env.DIType) == 0) {
    Params.erase(Params.begin());
  } else if (isRustClosureEnv(Env.DIType) && !Env.Storage && Env.Arg &&
             Env.Arg->getType()->isPointerTy() && bytesOf(Env.DIType) > 16) {
    // Moved in whole (FnOnce), larger than two registers: the Rust ABI
    // passes it indirectly, as the address of the caller's copy, and
    // rustc names no variable for it (so no record says so).
    Env.Storage = Env.Arg;
  }
}

FunctionInfo SourceInfo::collect(Function &F) {
  FunctionInfo Info;
  Info.Variadic = F.isVarArg();
  DISubprogram *SP = F.getSubprogram();
  if (!SP) {
    Info.Name = demangle(F.getName().str());
    irParams(F, Info);
    return Info;
  }
  Info.Lang = isC(SP->getUnit())                                     ? LangC
              : sourceLanguage(SP->getUnit()) == dwarf::DW_LANG_Rust ? LangRust
              : isCxx(SP->getUnit()) ? LangCxx
                                     : LangOther;
  Info.Rust = sourceLanguage(SP->getUnit()) == dwarf::DW_LANG_Rust;
  Info.Name = Info.Rust ? rustName(SP) : qualifiedName(SP);
  // `std::vector<int>::push_back`, as the type reads in its arguments (an
  // operator's name has a '<' of its own: left as it is).
  if (Info.Lang == LangCxx && Info.Name.find("operator") == std::string::npos)
    Info.Name = tidyTypeName(Info.Name, LangCxx);

  if (Info.Rust)
    Info.Crate = outermostScope(SP).str();
  else
    Info.System = isSystemCode(SP);
  if (const DIFile *File = SP->getFile()) {
    Info.File = File->getFilename().str();
    Info.Line = SP->getLine();
    StringRef Short = SP->getName();
    Short = Short.substr(0, Short.find('<')); // Rust/C++ generic arguments
    Info.Column = Info.Rust && Short.starts_with("{closure#")
                      ? rustClosureColumn(SP)
                      : findColumn(sourcePath(File), Info.Line, Short);
    Info.HasLocation = true;
  }
  if (std::string L = lambdaFunctionName(SP); !L.empty()) {
    Info.Name = L;
    // Where the lambda starts, as its name says (not its operator()).
    const DISubprogram *Decl = SP->getDeclaration();
    auto *Closure =
        cast<DICompositeType>(Decl ? Decl->getScope() : SP->getScope());
    if (Closure->getLine() == Info.Line)
      Info.Column = lambdaColumn(Closure);
  }
  DISubroutineType *ST = SP->getType();
  if (!ST || ST->getTypeArray().size() == 0) {
    // -gline-tables-only: names and lines but no types. Fall back to the IR
    // signature, which the descriptor then names in IR terms.
    irParams(F, Info);
    return Info;
  }
  auto Types = ST->getTypeArray();
  Info.HasTypes = true;
  Info.RetDIType = Types[0];
  for (unsigned I = 1; I < Types.size(); ++I) {
    if (!Types[I]) { // a trailing null stands for "..."
      Info.Variadic = true;
      break;
    }
    Info.Params.push_back({Types[I], nullptr, nullptr, {}, {}});
  }
  Info.Constructor = Info.Lang == LangCxx && isConstructor(SP, Types);
  mapParams(F, Info);
  if (Info.Rust && SP->getName().starts_with("{closure#"))
    closureEnvironment(Info.Params);
  for (ParamInfo &P : Info.Params)
    if (auto *AI = dyn_cast_or_null<AllocaInst>(P.Storage)) {
      P.Image = ArgImage::find(AI, bytesOf(P.DIType));
      // A slot no IR argument initialises holds nothing of this call at
      // entry: shown as unknown rather than as the stack's old bytes.
      if (P.Image.empty())
        P.Storage = nullptr;
    }
  return Info;
}

} // namespace ruchytrace
