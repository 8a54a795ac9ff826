//===- TypeSpelling.cpp - debug-info types as source spells them ---===//
//
// How a type name reads in the trace: as the programmer wrote it, so
// `const char *`, `struct point`, `int[4]`, `char *const`.
//
//===----------------------------------------------------------------------===//
#include "DITypes.h"
#include "TypeDescriber.h"

#include <regex>

using namespace llvm;

namespace ruchytrace {

// The arguments of the template argument list that opens at S[Open]
// ('<'), split at its top-level commas; End: just past its '>'. Parens
// and brackets nest too (Rust's tuples and arrays: `(i32, i64)`).
static bool templateArgs(StringRef S, size_t Open,
                         SmallVectorImpl<StringRef> &Args, size_t &End) {
  int Depth = 0;
  size_t Start = Open + 1;
  for (size_t I = Open; I < S.size(); ++I) {
    char C = S[I];
    if (C == '<' || C == '(' || C == '[')
      ++Depth;
    else if (C == '>' || C == ')' || C == ']') {
      if (--Depth == 0) {
        Args.push_back(S.slice(Start, I).trim());
        End = I + 1;
        return true;
      }
    } else if (C == ',' && Depth == 1) {
      Args.push_back(S.slice(Start, I).trim());
      Start = I + 1;
    }
  }
  return false;
}

// A template argument a reader never wrote: the defaults of the standard
// containers (C++) and Rust's allocator parameter.
static bool isDefaultArg(StringRef A, unsigned Lang) {
  if (Lang == LangRust) // the allocator, and HashMap's and HashSet's hasher
    return A == "alloc::alloc::Global" || A == "Global" || A == "RandomState";
  for (const char *P :
       {"std::allocator<", "std::char_traits<", "std::default_delete<",
        "std::less<", "std::hash<", "std::equal_to<"})
    if (A.starts_with(P))
      return true;
  return false;
}

// A type name as its language's programmers read it: C++'s
// `std::vector<int>` for DWARF's `vector<int, std::allocator<int> >`,
// `std::string`, `std::array<int, 4>`; Rust's `Vec<i64>` for
// `alloc::vec::Vec<i64, alloc::alloc::Global>` (the standard library's
// paths say nothing a reader needs).
std::string tidyTypeName(StringRef S, unsigned Lang) {
  std::string Out;
  for (size_t I = 0; I < S.size();) {
    SmallVector<StringRef, 4> Args;
    size_t End;
    if (S[I] != '<' || !templateArgs(S, I, Args, End)) {
      Out += S[I++];
      continue;
    }
    Out += '<';
    bool First = true;
    for (size_t K = 0; K < Args.size(); ++K) {
      std::string A = tidyTypeName(Args[K], Lang);
      if (K > 0 && isDefaultArg(A, Lang))
        continue;
      // `4UL` is C++'s spelling of a size_t argument: `4` in the source.
      StringRef AR(A);
      size_t Digits = AR.find_first_not_of("-0123456789");
      if (Lang != LangRust && Digits != StringRef::npos && Digits > 0 &&
          AR.substr(Digits).find_first_not_of("ULul") == StringRef::npos)
        A.resize(Digits);
      Out += (First ? "" : ", ") + A;
      First = false;
    }
    Out += '>';
    I = End;
  }
  if (Lang == LangRust) {
    static const std::regex Std(
        "\\b(?:alloc|core|std)::(?:[A-Za-z_][A-Za-z0-9_]*::)*");
    return std::regex_replace(Out, Std, "");
  }
  // Clang's name of a closure type in a template argument, `(lambda at
  // dir/prog.cpp:12:15)`, as the trace names lambdas (LambdaName.cpp).
  static const std::regex Lambda("\\(lambda at (?:[^():]*/)?([^():/]+:[0-9]+:["
                                 "0-9]+)\\)");
  Out = std::regex_replace(Out, Lambda, "<lambda at $1>");
  // A function type as C++ programmers write it in a template argument:
  // `std::function<int(int)>`, not DWARF's `int (int)`.
  static const std::regex FnType("([A-Za-z0-9_>*&]) \\(");
  Out = std::regex_replace(Out, FnType, "$1(");
  // libstdc++'s and libc++'s inline namespaces say nothing to a reader.
  for (auto [From, To] : {std::pair<StringRef, StringRef>{"__cxx11::", ""},
                          {"std::__1::", "std::"},
                          {"std::basic_string<char>", "std::string"},
                          {"std::basic_string_view<char>", "std::string_view"}})
    for (size_t At; (At = Out.find(From.str())) != std::string::npos;)
      Out.replace(At, From.size(), To.str());
  return Out;
}

// C++: the namespaces a type is declared in (not inline __cxx11), as a
// prefix; none for a type nested in a class, which DWARF names alone.
static std::string namespaces(const DIType *T) {
  std::string P;
  for (const DIScope *S = T->getScope(); S; S = S->getScope()) {
    auto *NS = dyn_cast<DINamespace>(S);
    if (!NS)
      return isa<DICompileUnit>(S) || isa<DIFile>(S) ? P : "";
    if (NS->getName().empty())
      P = "(anonymous namespace)::" + P;
    else if (NS->getName() != "__cxx11")
      P = NS->getName().str() + "::" + P;
  }
  return P;
}

std::string TypeDescriber::spell(const DIType *T, unsigned Lang) {
  if (!T)
    return "void";
  // C spells its boolean `bool` (stdbool.h, C23); DWARF says `_Bool`.
  if (isa<DIBasicType>(T) && T->getName() == "_Bool")
    return "bool";
  if (auto *CT = dyn_cast<DICompositeType>(T);
      CT && Lang == LangC && !T->getName().empty()) {
    // C names tagged types with their tag: `struct point`, `enum color`.
    switch (CT->getTag()) {
    case dwarf::DW_TAG_structure_type:
      return "struct " + T->getName().str();
    case dwarf::DW_TAG_union_type:
      return "union " + T->getName().str();
    case dwarf::DW_TAG_enumeration_type:
      return "enum " + T->getName().str();
    default:
      break;
    }
  }
  // A closure's environment has no name in the source: it is what the
  // closure captured (SourceInfo.cpp shows it by value).
  if (Lang == LangRust && isRustClosureEnv(T))
    return "captures";
  if (!T->getName().empty()) {
    // basic, typedef, named composite, Rust "&str"
    if (Lang == LangRust)
      return tidyTypeName(T->getName(), Lang);
    if (Lang == LangCxx && !isa<DIBasicType>(T))
      return tidyTypeName(namespaces(T) + T->getName().str(), Lang);
    return T->getName().str();
  }
  auto *D = dyn_cast<DIDerivedType>(T);
  if (!D) {
    if (auto *CT = dyn_cast<DICompositeType>(T)) {
      switch (CT->getTag()) {
      case dwarf::DW_TAG_array_type: {
        uint64_t N = 0, E = bytesOf(CT->getBaseType());
        if (E)
          N = bytesOf(CT) / E;
        if (Lang == LangRust)
          return "[" + spell(CT->getBaseType(), Lang) + "; " +
                 std::to_string(N) + "]";
        return spell(CT->getBaseType(), Lang) + "[" + std::to_string(N) + "]";
      }
      case dwarf::DW_TAG_class_type:
        if (isLambda(CT))
          return lambdaName(CT);
        break;
      case dwarf::DW_TAG_structure_type:
        return "struct <anonymous>";
      case dwarf::DW_TAG_union_type:
        return "union <anonymous>";
      case dwarf::DW_TAG_enumeration_type:
        return "enum <anonymous>";
      default:
        break;
      }
    }
    if (isa<DISubroutineType>(T))
      return "<function>";
    return "<unknown>";
  }
  const DIType *Base = D->getBaseType();
  auto IsPtrLike = [](const DIType *X) {
    auto *P = dyn_cast_or_null<DIDerivedType>(X);
    return P && isPointerTag(P->getTag());
  };
  switch (D->getTag()) {
  case dwarf::DW_TAG_pointer_type:
    if (isa_and_nonnull<DISubroutineType>(Base))
      return "<function> *";
    return spell(Base, Lang) + (IsPtrLike(Base) ? "*" : " *");
  // `int &`, but `const char *&` as `char **` is.
  case dwarf::DW_TAG_reference_type:
    return spell(Base, Lang) + (IsPtrLike(Base) ? "&" : " &");
  case dwarf::DW_TAG_rvalue_reference_type:
    return spell(Base, Lang) + (IsPtrLike(Base) ? "&&" : " &&");
  case dwarf::DW_TAG_const_type:
    // `const char` before the name, `char *const` after a pointer, as C
    // programmers write them.
    return IsPtrLike(Base) ? spell(Base, Lang) + "const"
                           : "const " + spell(Base, Lang);
  case dwarf::DW_TAG_volatile_type:
    return IsPtrLike(Base) ? spell(Base, Lang) + "volatile"
                           : "volatile " + spell(Base, Lang);
  case dwarf::DW_TAG_restrict_type:
    return spell(Base, Lang) + "restrict";
  case dwarf::DW_TAG_atomic_type:
    return "_Atomic " + spell(Base, Lang);
  default:
    return spell(Base, Lang);
  }
}

} // namespace ruchytrace
