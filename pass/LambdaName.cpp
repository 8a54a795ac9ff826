//===- LambdaName.cpp - C++ lambdas named where they are written ----------===//
//
// A lambda's closure type has no name in DWARF and its call operator is
// `operator()`, so every lambda of a function would read the same
// (`main::operator()`). Clang's diagnostics, and its own DWARF names of
// closure types used as template arguments, write one as
// `(lambda at prog.cpp:12:15)`; the trace writes `<lambda at
// prog.cpp:12:15>` (the file's base name: the trace shows the path
// elsewhere) for both the type and the function, so a person can tell them
// apart and find them.
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

// Per closure type, the first column of its body on its own line (the
// module's code, inlined copies included): its `[` is the last one before
// it, when a line holds several lambdas.
static DenseMap<const DICompositeType *, unsigned> &bodyColumns() {
  static DenseMap<const DICompositeType *, unsigned> Columns;
  return Columns;
}

// The closure type whose call operator \p SP is (not its destructor nor
// its copy: their code is not the body).
static const DICompositeType *closureOf(const DISubprogram *SP) {
  if (!SP || !SP->getName().starts_with("operator()"))
    return nullptr;
  const DISubprogram *Decl = SP->getDeclaration();
  const DIScope *S = Decl ? Decl->getScope() : SP->getScope();
  return isLambda(dyn_cast_or_null<DIType>(S)) ? cast<DICompositeType>(S)
                                               : nullptr;
}

void indexLambdas(const Module &M) {
  auto &Columns = bodyColumns();
  Columns.clear();
  DenseMap<const DISubprogram *, const DICompositeType *> Closures;
  for (const Function &F : M)
    for (const Instruction &I : instructions(F)) {
      const DILocation *DL = I.getDebugLoc().get();
      if (!DL || !DL->getColumn())
        continue;
      const DISubprogram *SP = DL->getScope()->getSubprogram();
      auto It = Closures.find(SP);
      if (It == Closures.end())
        It = Closures.try_emplace(SP, closureOf(SP)).first;
      const DICompositeType *CT = It->second;
      if (!CT || DL->getLine() != CT->getLine())
        continue;
      unsigned &Col = Columns[CT];
      if (!Col || DL->getColumn() < Col)
        Col = DL->getColumn();
    }
}

// DWARF gives the closure type a line but no column: the column of the
// lambda's introducer `[` on that line, when there is exactly one (not
// a subscript `a[i]`, nor an attribute `[[...]]`), or the last one before
// its body (\p Before, 0: unknown); 0 otherwise.
static unsigned introducerColumn(const DIFile *F, unsigned Line,
                                 unsigned Before) {
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
  unsigned Found = 0, Col = 0;
  for (size_t I = 0; I < S.size(); ++I) {
    if (S[I] != '[')
      continue;
    if (I + 1 < S.size() && S[I + 1] == '[') { // an attribute: skip it
      I = S.find("]]", I);
      if (I == StringRef::npos)
        break;
      continue;
    }
    size_t P = S.find_last_not_of(" \t", I ? I - 1 : 0);
    char Prev = I && P != StringRef::npos ? S[P] : '(';
    if (Prev == ')' || Prev == ']')
      continue; // a subscript
    if (isAlnum(Prev) || Prev == '_') {
      // A subscript, unless the word is one a lambda may follow.
      size_t W = S.find_last_not_of(
          "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_", P);
      StringRef Word = S.slice(W == StringRef::npos ? 0 : W + 1, P + 1);
      if (Word != "return" && Word != "co_return" && Word != "co_yield" &&
          Word != "throw")
        continue;
    }
    if (Before && I + 1 >= Before)
      break;
    ++Found;
    Col = I + 1;
  }
  return Found == 1 || (Found && Before) ? Col : 0;
}

unsigned lambdaColumn(const DICompositeType *CT) {
  const DIFile *F = CT->getFile();
  auto It = bodyColumns().find(CT);
  unsigned Before = It == bodyColumns().end() ? 0 : It->second;
  return F ? introducerColumn(F, CT->getLine(), Before) : 0;
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
