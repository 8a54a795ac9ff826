//===- SourceInfo.h - what the source says about a function ---------------===//
//
// Collects, for one function, everything its descriptor needs: the name as
// the source language writes it, the location, and for each source-level
// parameter the debug type and the IR argument that carries its value.
//
//===----------------------------------------------------------------------===//
#ifndef RUCHYTRACE_PASS_SOURCEINFO_H
#define RUCHYTRACE_PASS_SOURCEINFO_H

#include "ArgImage.h"

#include "llvm/ADT/StringMap.h"
#include "llvm/Support/MemoryBuffer.h"
#include <memory>
#include <string>
#include <vector>

namespace llvm {
class Argument;
class DICompileUnit;
class DISubprogram;
class DIType;
class Function;
class Value;
} // namespace llvm

namespace ruchytrace {

struct ParamInfo {
  const llvm::DIType *DIType = nullptr; // null without debug types
  llvm::Argument *Arg = nullptr;        // null if no IR argument maps to it
  // The address of the parameter's storage, when debug info declares one:
  // the alloca it is spilled to, or a byval/indirect argument pointer.
  llvm::Value *Storage = nullptr;
  // When Storage is a stack slot (only kept when the prologue fills it
  // from IR arguments, possibly after the entry hook): how to rebuild its
  // bytes from those arguments instead.
  ArgImage Image;
  // The name the source gives it ("" when unnamed or unknown).
  std::string Name;
};

struct FunctionInfo {
  std::string Name;
  std::string File;
  unsigned Line = 0;
  unsigned Column = 0;
  bool HasLocation = false;
  bool HasTypes = false; // debug info with a subroutine type (not -gmlt)
  bool Variadic = false;
  unsigned Lang = 0;   // SourceLang (DITypes.h): how its types are spelled
  bool Rust = false;   // Rust source
  std::string Crate;   // Rust: the crate whose code this is (core, std, prog)
  bool System = false; // C/C++ from system headers: std::, /usr/include
  const llvm::DIType *RetDIType = nullptr; // meaningful only with HasTypes
  // A C++ constructor: at its entry `this` (Params[0]) points to memory
  // not yet built, shown by its address only.
  bool Constructor = false;
  std::vector<ParamInfo> Params;
};

/// The DW_LANG_* of a compile unit (0 without one).
unsigned sourceLanguage(const llvm::DICompileUnit *CU);
/// "ns::Class::method" (C++), "crate::module::function" (Rust): the name
/// and its scopes up to the compile unit.
std::string qualifiedName(const llvm::DISubprogram *SP);
/// The outermost scope of \p SP: for Rust, the crate that defines it.
llvm::StringRef outermostScope(const llvm::DISubprogram *SP);

class SourceInfo {
public:
  FunctionInfo collect(llvm::Function &F);

private:
  unsigned findColumn(const std::string &Path, unsigned Line,
                      llvm::StringRef Name);
  // A source file read for column lookups (one read per file per module),
  // with where each line starts: SQLite's amalgamation has 250k lines and
  // 2400 functions, and walking to each one's line from the top took 60%
  // of the pass's time.
  struct SourceFile {
    std::unique_ptr<llvm::MemoryBuffer> Buffer;
    std::vector<size_t> LineStarts;
  };
  llvm::StringMap<SourceFile> Files;
};

} // namespace ruchytrace

#endif
