//===- LambdaName.cpp - C++ lambdas named where they are written ----------===//
//
// A lambda's closure type has no name in DWARF and its call operator is
// `operator()`, so every lambda of a function would read the same
// (`main::operator()`). Clang's diagnostics, and its own DWARF names of
// closure types used as template arguments, write one as
// `(lambda at prog.cpp:12:15)`; the trace writes `<lambda at
// prog.cpp:12:15>` (the file's base name: the trace shows the path
// elsewhere) for both the type and the function, so a person can tell them
// apart and find them. A Rust closure has a name (`main::{closure#0}`)
// but no column either: the column of its `|` is found the same way.
//
//===----------------------------------------------------------------------===//
#include "DITypes.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/IR/DebugLoc.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

#include <memory>
#include <vector>

using namespace llvm;

namespace ruchytrace {

bool isLambda(const DIType *T) {
  auto *CT = dyn_cast_or_null<DICompositeType>(T);
  // Clang describes a closure type, and nothing else a program writes in
  // C++ (an unnamed `class {}` has no use), as an unnamed class.
  return CT && CT->getTag() == dwarf::DW_TAG_class_type &&
         CT->getName().empty() && CT->getLine();
}

namespace {
// The lines of the files read for lambda columns, once per file.
struct Lines {
  std::unique_ptr<MemoryBuffer> Buffer;
  std::vector<StringRef> Text;
};
} // namespace

static const Lines &linesOf(const std::string &Path) {
  static StringMap<Lines> Files;
  auto It = Files.find(Path);
  if (It != Files.end())
    return It->second;
  Lines L;
  if (auto Buf = MemoryBuffer::getFile(Path, /*IsText=*/true)) {
    L.Buffer = std::move(*Buf);
    SmallVector<StringRef, 0> Split;
    L.Buffer->getBuffer().split(Split, '\n');
    L.Text.assign(Split.begin(), Split.end());
  }
  return Files.try_emplace(Path, std::move(L)).first->second;
}

// Per closure (a C++ closure type, a Rust closure's subprogram), the
// first column of its body on its own line (the module's code, inlined
// copies included): its introducer is the last one before it, when a line
// holds several closures.
static DenseMap<const DIScope *, unsigned> &bodyColumns() {
  static DenseMap<const DIScope *, unsigned> Columns;
  return Columns;
}

// The closure whose body \p SP is: the closure type of a C++ call
// operator (not its destructor nor its copy: their code is not the body),
// a Rust closure's own subprogram; null for other functions.
static const DIScope *closureOf(const DISubprogram *SP) {
  if (SP && SP->getName().starts_with("{closure#"))
    return SP;
  if (!SP || !SP->getName().starts_with("operator()"))
    return nullptr;
  const DISubprogram *Decl = SP->getDeclaration();
  const DIScope *S = Decl ? Decl->getScope() : SP->getScope();
  return isLambda(dyn_cast_or_null<DIType>(S)) ? S : nullptr;
}

static unsigned lineOf(const DIScope *S) {
  if (auto *SP = dyn_cast<DISubprogram>(S))
    return SP->getLine();
  return cast<DIType>(S)->getLine();
}

void indexLambdas(const Module &M) {
  auto &Columns = bodyColumns();
  Columns.clear();
  DenseMap<const DISubprogram *, const DIScope *> Closures;
  for (const Function &F : M)
    for (const Instruction &I : instructions(F)) {
      const DILocation *DL = I.getDebugLoc().get();
      if (!DL || !DL->getColumn())
        continue;
      const DISubprogram *SP = DL->getScope()->getSubprogram();
      auto It = Closures.find(SP);
      if (It == Closures.end())
        It = Closures.try_emplace(SP, closureOf(SP)).first;
      const DIScope *CT = It->second;
      if (!CT || DL->getLine() != lineOf(CT))
        continue;
      unsigned &Col = Columns[CT];
      if (!Col || DL->getColumn() < Col)
        Col = DL->getColumn();
    }
}

namespace {
// How a language opens a closure: C++'s `[captures]`, Rust's `|params|`
// (or `||`), told apart from a subscript or a binary `|` by what precedes
// it: an operand (a name, `)`, `]`) unless the word is one a closure may
// follow.
struct Introducer {
  char Open;
  const char *const *Words; // null-terminated
};
const char *const CxxWords[] = {"return", "co_return", "co_yield", "throw",
                                nullptr};
const char *const RustWords[] = {"return", "move", "in", "break", nullptr};
const Introducer Cxx{'[', CxxWords}, Rust{'|', RustWords};
} // namespace

// DWARF gives a closure a line but no column: the column of its
// introducer on that line, when there is exactly one (not a subscript
// `a[i]`, nor an attribute `[[...]]`, nor a binary `a | b`), or the last
// one before its body (\p Before, 0: unknown); 0 otherwise.
static unsigned introducerColumn(const DIFile *F, unsigned Line,
                                 unsigned Before, const Introducer &In) {
  SmallString<256> Path(F->getFilename());
  if (!sys::path::is_absolute(Path)) {
    SmallString<256> Abs(F->getDirectory());
    sys::path::append(Abs, Path);
    Path = Abs;
  }
  const Lines &L = linesOf(std::string(Path));
  if (!Line || Line > L.Text.size())
    return 0;
  StringRef S = L.Text[Line - 1];
  // rustc may locate a closure's code at its own start, its `|` or the
  // `move` before it: the closure is there.
  if (In.Open == '|' && Before && Before <= S.size()) {
    StringRef At = S.drop_front(Before - 1);
    if (At.consume_front("move"))
      At = At.ltrim();
    if (At.starts_with("|"))
      return S.size() - At.size() + 1;
  }
  unsigned Found = 0, Col = 0;
  for (size_t I = 0; I < S.size(); ++I) {
    if (S[I] != In.Open)
      continue;
    bool Doubled = I + 1 < S.size() && S[I + 1] == In.Open;
    if (In.Open == '[' && Doubled) { // an attribute: skip it
      I = S.find("]]", I);
      if (I == StringRef::npos)
        break;
      continue;
    }
    // The character before it (find_last_not_of looks before From).
    size_t P = S.find_last_not_of(" \t", I);
    char Prev = P != StringRef::npos ? S[P] : '(';
    bool Operand = Prev == ')' || Prev == ']';
    if (!Operand && (isAlnum(Prev) || Prev == '_')) {
      // An operand, unless the word is one a closure may follow.
      size_t W = S.find_last_not_of(
          "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_", P);
      StringRef Word = S.slice(W == StringRef::npos ? 0 : W + 1, P + 1);
      Operand = true;
      for (const char *const *K = In.Words; *K; ++K)
        Operand &= Word != *K;
    }
    if (Operand) {
      I += In.Open == '|' && Doubled; // `a || b`: both bars
      continue;
    }
    if (Before && I + 1 >= Before)
      break;
    ++Found;
    Col = I + 1;
    if (In.Open == '|') { // past its parameters' closing bar
      I = S.find('|', I + 1);
      if (I == StringRef::npos)
        break;
    }
  }
  return Found == 1 || (Found && Before) ? Col : 0;
}

unsigned rustClosureColumn(const DISubprogram *SP) {
  const DIFile *F = SP->getFile();
  auto It = bodyColumns().find(SP);
  unsigned Before = It == bodyColumns().end() ? 0 : It->second;
  return F ? introducerColumn(F, SP->getLine(), Before, Rust) : 0;
}

unsigned lambdaColumn(const DICompositeType *CT) {
  const DIFile *F = CT->getFile();
  auto It = bodyColumns().find(CT);
  unsigned Before = It == bodyColumns().end() ? 0 : It->second;
  return F ? introducerColumn(F, CT->getLine(), Before, Cxx) : 0;
}

std::string lambdaName(const DICompositeType *CT) {
  std::string Out = "<lambda at ";
  if (const DIFile *F = CT->getFile()) {
    Out += sys::path::filename(F->getFilename()).str();
    Out += ":" + std::to_string(CT->getLine());
    if (unsigned Col = lambdaColumn(CT))
      Out += ":" + std::to_string(Col);
  } else {
    Out += "line " + std::to_string(CT->getLine());
  }
  return Out + ">";
}

} // namespace ruchytrace
