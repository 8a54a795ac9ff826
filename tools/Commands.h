//===- Commands.h - the analysis commands of `ruchytrace`
//------------------===//
//
// Each command lives in its own file and reads its trace through Profile
// (Profile.h); ruchytrace.cpp parses the options and calls them.
//
//===----------------------------------------------------------------------===//
#ifndef RUCHYTRACE_TOOLS_COMMANDS_H
#define RUCHYTRACE_TOOLS_COMMANDS_H

#include "Input.h"
#include "Profile.h"

#include <string>
#include <vector>

namespace ruchytrace {

extern const char *ReportHelp, *FlameHelp, *HtmlHelp, *GraphHelp, *DiffHelp;

/// Report.cpp: the per-function table.
bool reportSortKey(const std::string &K);
int report(const std::string &Path, const Filter &F, bool PerThread,
           const std::string &SortKey);

/// Flame.cpp: a self-contained SVG flame graph (root at the bottom) or
/// icicle graph (root at the top).
int flame(const std::string &Path, const Filter &F, const std::string &Out,
          bool Icicle, unsigned Width);
/// `convert --to folded`: one line per call path with its self time in
/// ns, for flamegraph.pl and speedscope.
int folded(const std::string &Path, const std::string &Out);
/// One colour per function: a family (hue) per source file, or per
/// library (the name's first `::` component) where there is no file, a
/// shade per function. Used by flame and html.
std::vector<std::string> functionColours(const Profile &P);
/// Text made safe for XML and HTML.
std::string xmlEscape(std::string_view S);

/// Graph.cpp: the call tree, or one function's callers and callees.
int graph(const std::string &Path, const Filter &F, const std::string &Root,
          unsigned Depth);

/// Diff.cpp: per function, two traces side by side.
bool diffSortKey(const std::string &K);
int diff(const std::string &Before, const std::string &After, const Filter &F,
         const std::string &SortKey);

/// Html.cpp: one self-contained page.
int html(const std::string &Path, const Filter &F, const std::string &Out,
         size_t MaxCalls);

} // namespace ruchytrace

#endif
