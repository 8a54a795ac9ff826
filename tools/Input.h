//===- Input.h - trace operands that are not regular files ----------------===//
//
// Every command may read its trace more than once (convert --to text makes
// a first pass for the thread count; perfetto one for the stats) and sniffs
// its first bytes for the format. A pipe can be read once: `cat t.json |
// ruchytrace report /dev/stdin` saw the data gone after the sniff and said
// "the trace is empty". So an operand that is not a regular file, and `-`
// for standard input, is read once into an anonymous memory file (memfd)
// and the command reads that, by its /proc/self/fd path, as often as it
// likes. Messages keep the name the user gave.
//
//===----------------------------------------------------------------------===//
#ifndef RUCHYTRACE_TOOLS_INPUT_H
#define RUCHYTRACE_TOOLS_INPUT_H

#include <string>

namespace ruchytrace {

/// The path to read Path's trace from: Path itself for a regular file (or
/// one that cannot be opened: the command says why), else a memory copy.
/// On a read error prints one line and returns "".
std::string spoolInput(const std::string &Path);

/// The name the user gave for a path spoolInput returned.
const std::string &displayName(const std::string &Path);
/// Msg with every path spoolInput returned replaced by the user's name
/// (the .rtrace reader's messages, made in C, start with the path).
std::string displayText(std::string Msg);

} // namespace ruchytrace

#endif
