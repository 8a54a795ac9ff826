//===- Profile.h - one aggregation of a trace for every analysis command -===//
//
// report, flame, graph, diff and html all read a trace through Profile:
// per-function statistics, the call tree (one node per distinct call
// path) and, for html, each finished call. The filters every command
// takes (--tid, --since, --until) are applied here, once. Memory grows
// with the number of distinct functions and call paths, not with the
// number of events, so traces of any length aggregate.
//
//===----------------------------------------------------------------------===//
#ifndef RUCHYTRACE_TOOLS_PROFILE_H
#define RUCHYTRACE_TOOLS_PROFILE_H

#include "TraceReader.h"

#include <cstdint>
#include <cstdio>
#include <deque>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace ruchytrace {

/// Which calls count. A call is kept when its thread is --tid's (if given)
/// and it begins in [since, until), times after the trace's first event.
/// A kept call counts whole; a call begun before the window is left out
/// and its callees in the window become roots of the call tree.
struct Filter {
  bool HaveTid = false;
  uint64_t Tid = 0;
  uint64_t Since = 0, Until = UINT64_MAX; // ns after the first event
  bool any() const { return HaveTid || Since || Until != UINT64_MAX; }
};

/// "1.5s", "250ms", "40us", "100ns", "2" (seconds) to ns; false if it is
/// none of these.
bool parseTime(const std::string &S, uint64_t &Ns);

/// The filter options' --help lines, shared by every command.
extern const char *FilterHelp;

/// If argv[I] is a filter option, consumes it (and its value) and returns
/// true; a bad value sets \p Err. Otherwise returns false.
bool parseFilterOption(int argc, char **argv, int &I, Filter &F,
                       std::string &Err);

/// Interns function names: string_views from the parser do not outlive a
/// document in streamed input.
struct Names {
  std::deque<std::string> Store;
  std::unordered_map<std::string_view, uint32_t> Ids;
  std::vector<std::string_view> ById;
  uint32_t id(std::string_view N);
};

struct FuncStat {
  uint64_t Calls = 0;
  uint64_t Total = 0; // time inside it; nested own activations add nothing
  uint64_t Self = 0;  // minus its traced callees
  uint64_t Sum = 0;   // of the calls' durations (for the average)
  uint64_t Min = UINT64_MAX, Max = 0;
};

/// A call path: node 0 is the root (no function), every other node a
/// function called from its parent's path.
struct Node {
  uint32_t Name = UINT32_MAX, Parent = UINT32_MAX;
  uint64_t Calls = 0, Total = 0, Self = 0; // Total: inclusive, per path
};

/// A finished, kept call (for html's timeline).
struct Call {
  uint64_t Thread, Start, Duration;
  uint32_t Name, Depth;
  bool Unwound, TailCall, Unfinished;
  uint32_t Enclosing; // calls of its thread so far whose entries were
                      // dropped (Profile::depth)
  std::string_view Args, Return, Location; // raw JSON (Args, Location: if
                                           // Profile::KeepArgs)
};

class Profile {
public:
  // In: before read().
  bool PerThread = false; // Stats per thread (else all under thread 0)
  bool KeepArgs = false;  // Call::Args and Location for OnCall
  std::function<void(const Call &)> OnCall;

  // Out.
  Names N;
  std::vector<Node> Nodes{Node()};
  std::unordered_map<uint64_t, std::vector<FuncStat>> Stats; // tid or 0
  std::unordered_map<uint64_t, uint32_t> Orphans; // per thread: calls whose
                                                  // entries were dropped
  std::vector<std::string> Files;  // per name: its source file, or ""
  std::vector<uint64_t> ThreadIds; // in order of first appearance
  Summary Sum;
  uint64_t Events = 0, Calls = 0; // read; kept
  uint64_t Traced = 0;            // kept outermost time: sum of root totals
  uint64_t Origin = 0, Last = 0;  // first and last timestamp (absolute)

  /// Reads \p Path; "" or the reader's one message.
  std::string read(const std::string &Path, const Filter &F, bool Progress);

  /// Children of every node, by decreasing total (after read()).
  std::vector<std::vector<uint32_t>> children() const;
  std::string_view name(uint32_t Id) const { return N.ById[Id]; }
  /// A call's depth in its thread's stack (after read()). Calls whose
  /// entries a ring dropped end last and enclose all their thread did
  /// before: each one still to come is a level above this call.
  uint32_t depth(uint64_t Thread, uint32_t Depth, uint32_t Enclosing) const {
    auto It = Orphans.find(Thread);
    return Depth + (It == Orphans.end() ? 0 : It->second - Enclosing);
  }

private:
  std::unordered_map<uint64_t, uint32_t> ChildOf; // parent << 32 | name
  uint32_t child(uint32_t Parent, uint32_t Name);
  uint32_t adopt(uint32_t Root, std::vector<uint32_t> &Kids, uint32_t Name);
  void mergeThreads(const std::vector<uint32_t> &Roots);
};

/// The notes every command prints under its output: a sampled trace, lost
/// events, the filter.
void printNotes(FILE *Out, const Profile &P, const Filter &F,
                const char *Prefix = "");
/// The same as one line of text (for the SVG and the page).
std::string notesLine(const Profile &P, const Filter &F);

/// "1.234 ms" style: 3 significant decimals in the unit that fits.
std::string formatNs(uint64_t Ns);

/// Opens -o's file (or stdout for "" or "-"); refuses the trace itself.
/// Prints the one-line error and returns nullptr on failure.
FILE *openOutput(const std::string &Path, const std::string &Input);
/// Closes it; on a write error prints it, removes the file, returns 1.
int closeOutput(FILE *F, const std::string &Path);
/// After a failed write: removes Path if it is a regular file, so that no
/// partial output passes for a whole one. A device, FIFO or socket the
/// user named (-o /dev/full) is written into like a shell's `>`, never
/// removed: as root that would delete the device node.
void discardOutput(const std::string &Path);

int fail(const std::string &Path, const std::string &Err);

} // namespace ruchytrace

#endif
