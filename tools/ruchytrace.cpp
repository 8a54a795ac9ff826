//===- ruchytrace.cpp - the trace analysis tool ---------------------------===//
//
//   ruchytrace report   [--threads] [--sort KEY] [filters] TRACE (Report.cpp)
//   ruchytrace flame    [--icicle] [filters] [-o OUT.svg] TRACE (Flame.cpp)
//   ruchytrace html     [filters] [-o OUT.html] TRACE        (Html.cpp)
//   ruchytrace graph    [filters] TRACE [FUNCTION]           (Graph.cpp)
//   ruchytrace diff     [filters] BEFORE AFTER               (Diff.cpp)
//   ruchytrace convert  --to text|chrome|folded|... [-o OUT] TRACE
//   ruchytrace validate TRACE
//   ruchytrace run | build PROGRAM.c|.rs ...   (Driver.cpp)
//   ruchytrace attach PID ...                   (Attach.cpp)
//
// Reads JSON traces in any layout, NDJSON and .rtrace with simdjson
// (TraceReader); the analysis commands aggregate through Profile.h; convert
// is Convert.cpp. Exit status: 0 success, 1 a bad or unreadable trace, 2 a
// usage error.
//
//===----------------------------------------------------------------------===//
#include "Commands.h"
#include "Convert.h"
#include "Input.h"
#include "TraceReader.h"

#include <algorithm>
#include <cerrno>
#include <cinttypes>
#include <cstdio>
#include <cstring>
#include <deque>
#include <map>
#include <string>
#include <unistd.h>
#include <unordered_map>
#include <vector>

using namespace ruchytrace;

int driverMain(bool Run, int argc, char **argv);
int attachMain(int argc, char **argv);
namespace ruchytrace {
int validatePerfetto(const std::string &Path); // PerfettoCheck.cpp
}

namespace {

const char *Usage =
    "usage: ruchytrace <command> [options] TRACE\n"
    "\n"
    "commands:\n"
    "  report    per-function calls, total, self, average, min, max time\n"
    "  flame     a flame graph: one self-contained SVG\n"
    "  html      one self-contained page: timeline, flame graph, table,\n"
    "            each call's arguments\n"
    "  graph     the call graph, or one function's callers and callees\n"
    "  diff      two traces side by side, per function\n"
    "  convert   to text, chrome (Perfetto / chrome://tracing), folded\n"
    "            stacks (flamegraph.pl, speedscope), ndjson or perfetto\n"
    "  validate  check a trace against the schema and its own consistency\n"
    "  run       build a .c or .rs program with RuchyTrace and run it:\n"
    "            ruchytrace run prog.c --trace --trace-sample=1000\n"
    "  build     only build it\n"
    "  attach    trace a running process for a while:\n"
    "            ruchytrace attach PID --duration 5 -o trace.json\n"
    "\n"
    "`ruchytrace <command> --help` describes one command.\n";

const char *ConvertHelp =
    "usage: ruchytrace convert --to json|text|chrome|folded|ndjson|perfetto\n"
    "                          [--param-names] [-o OUT] TRACE\n"
    "TRACE is a JSON or NDJSON trace, or a compact .rtrace file.\n"
    "  json    the spec's JSON document (from a .rtrace file)\n"
    "  text    the strace-style text format\n"
    "  chrome  Chrome Trace Event JSON: open it in ui.perfetto.dev\n"
    "  perfetto  Perfetto protobuf (.pftrace): ui.perfetto.dev and\n"
    "          trace_processor, for traces too large for JSON\n"
    "  folded  one line per call stack with its self time in ns, for\n"
    "          flamegraph.pl and speedscope\n"
    "  ndjson  one event per line\n"
    "Json, text, chrome, ndjson and perfetto are exactly what the runtime\n"
    "writes in that format (RUCHY_TRACE_FORMAT) for the same run.\n"
    "--param-names: text shows each argument's parameter name, `long n=5`\n"
    "(as RUCHY_TRACE_PARAM_NAMES=1 does).\n";
const char *ValidateHelp =
    "usage: ruchytrace validate TRACE\n"
    "Checks the metadata, every event's fields and typed values, that\n"
    "each thread's calls nest and balance, that its timestamps never go\n"
    "back, and that stats agree with the events. Prints the first problem\n"
    "with its byte offset and event index and exits 1.\n"
    "A Perfetto trace (.pftrace) is decoded and checked the same way:\n"
    "interned names defined before use, tracks described, slices\n"
    "balanced per track, timestamps never going back.\n";

//===---- validate
//-----------------------------------------------------------===

int validate(const std::string &Path) {
  struct Open {
    std::string Name;
    uint64_t Ts;
  };
  std::unordered_map<uint64_t, std::vector<Open>> Stacks;
  std::unordered_map<uint64_t, uint64_t> LastTs;
  uint64_t Count = 0, Orphans = 0;
  std::string OrphanAt;
  Summary Sum;
  Sum.Deep = true;
  std::string Err = readTrace(
      Path,
      [&](const Event &E) -> std::string {
        ++Count;
        if (E.TailCall + E.Unwound + E.Unfinished > 1)
          return "an exit is at most one of tail_call, unwound and unfinished";
        uint64_t &Last = LastTs[E.Thread];
        if (E.Timestamp < Last)
          return "timestamp_ns goes back in thread " + std::to_string(E.Thread);
        Last = E.Timestamp;
        auto &S = Stacks[E.Thread];
        if (E.Enter) {
          if (!E.HaveArgs || !E.HaveLocation)
            return "a function_enter needs \"args\" and \"location\"";
          S.push_back({std::string(E.Name), E.Timestamp});
          return "";
        }
        if (!E.HaveReturn || !E.HaveDuration)
          return "a function_exit needs \"return_value\" and \"duration_ns\"";
        if (S.empty()) {
          // Its entry was dropped by a full ring (the oldest events go
          // first, so the surviving window can start inside open frames).
          // Legal only if the trace says events were dropped: checked at
          // the end, when stats are known.
          ++Orphans;
          if (OrphanAt.empty())
            OrphanAt = "event " + std::to_string(E.Index) + ": exit of " +
                       std::string(E.Name) + " without an entry in thread " +
                       std::to_string(E.Thread);
          return "";
        }
        if (S.back().Name != E.Name)
          return "exit of " + std::string(E.Name) + " closes " + S.back().Name;
        if (E.Timestamp - S.back().Ts + 2 < E.Duration ||
            E.Duration + 2 < E.Timestamp - S.back().Ts)
          return "duration_ns " + std::to_string(E.Duration) +
                 " disagrees with the timestamps (" +
                 std::to_string(E.Timestamp - S.back().Ts) + ")";
        S.pop_back();
        return "";
      },
      Sum, isatty(2));
  if (!Err.empty())
    return fail(Path, Err);
  // The spec's TraceMetadata.
  if (!Sum.HaveMetadata)
    return fail(Path, "no \"metadata\"");
  if (!Sum.HaveProgram || !Sum.HaveStartTime || !Sum.HaveRuchyVersion ||
      !Sum.HaveRuchyruchyVersion)
    return fail(Path, "metadata needs program, start_time, ruchy_version and "
                      "ruchyruchy_version");
  for (auto &KV : Stacks)
    if (!KV.second.empty())
      return fail(Path, "thread " + std::to_string(KV.first) + ": " +
                            KV.second.back().Name + " never exits");
  if (!Sum.HaveStats)
    return fail(Path, "no \"stats\"");
  if (Sum.TotalEvents != Count)
    return fail(
        Path, "stats.total_events is " + std::to_string(Sum.TotalEvents) +
                  " but the trace holds " + std::to_string(Count) + " events");
  if (Orphans && !Sum.DroppedEvents)
    return fail(Path, OrphanAt + " (and nothing was dropped)");
  std::printf(
      "%s: valid, %" PRIu64 " events, %zu threads, %" PRIu64 " dropped\n",
      displayName(Path).c_str(), Count, Stacks.size(), Sum.DroppedEvents);
  return 0;
}

} // namespace

int main(int argc, char **argv) {
  if (argc < 2 || !std::strcmp(argv[1], "--help") ||
      !std::strcmp(argv[1], "-h")) {
    std::fputs(Usage, argc < 2 ? stderr : stdout);
    return argc < 2 ? 2 : 0;
  }
  std::string Cmd = argv[1];
  if (Cmd == "run" || Cmd == "build")
    return driverMain(Cmd == "run", argc, argv);
  if (Cmd == "attach")
    return attachMain(argc, argv);
  const char *Help = Cmd == "report"     ? ReportHelp
                     : Cmd == "convert"  ? ConvertHelp
                     : Cmd == "validate" ? ValidateHelp
                     : Cmd == "flame"    ? FlameHelp
                     : Cmd == "html"     ? HtmlHelp
                     : Cmd == "graph"    ? GraphHelp
                     : Cmd == "diff"     ? DiffHelp
                                         : nullptr;
  if (!Help) {
    std::fprintf(stderr,
                 "ruchytrace: unknown command '%s' ('ruchytrace --help' "
                 "lists them)\n",
                 Cmd.c_str());
    return 2;
  }
  // The analysis commands share Profile's filters.
  bool Analysis = Cmd != "convert" && Cmd != "validate";
  // One line, as a compiler's: the help is one option away, and a page of
  // it would bury the reason.
  auto Usage2 = [&](const std::string &Why) {
    std::fprintf(stderr,
                 "ruchytrace: %s: %s ('ruchytrace %s --help' for usage)\n",
                 Cmd.c_str(), Why.c_str(), Cmd.c_str());
    return 2;
  };
  // A number option's value (--width, --depth, --max-calls).
  auto Number = [&](const std::string &V, uint64_t Min, uint64_t Max,
                    uint64_t &Out) {
    char *End = nullptr;
    errno = 0;
    Out = std::strtoull(V.c_str(), &End, 10);
    return !V.empty() && V[0] != '-' && !*End && !errno && Out >= Min &&
           Out <= Max;
  };
  std::vector<std::string> Files;
  std::string To, Out, Sort = "total";
  bool Threads = false, Icicle = false, ParamNames = false;
  uint64_t Width = 1200, Depth = UINT32_MAX, MaxCalls = 20000;
  Filter Filt;
  for (int I = 2; I < argc; ++I) {
    std::string A = argv[I];
    if (A == "--help" || A == "-h") {
      std::fputs(Help, stdout);
      if (Analysis)
        std::fprintf(stdout, "Filters:\n%s", FilterHelp);
      return 0;
    }
    std::string FilterErr;
    // An option with a value, as "--opt V" or "--opt=V".
    auto Valued = [&](const char *Opt, std::string &V) {
      size_t L = std::strlen(Opt);
      if (A == Opt && I + 1 < argc) {
        V = argv[++I];
        return true;
      }
      if (A.size() > L && A.compare(0, L, Opt) == 0 && A[L] == '=') {
        V = A.substr(L + 1);
        return true;
      }
      return false;
    };
    std::string V;
    if (Analysis && parseFilterOption(argc, argv, I, Filt, FilterErr)) {
      if (!FilterErr.empty())
        return Usage2(FilterErr);
    } else if (A == "--threads" && Cmd == "report") {
      Threads = true;
    } else if (A == "--icicle" && Cmd == "flame") {
      Icicle = true;
    } else if (A == "--param-names" && Cmd == "convert") {
      ParamNames = true;
    } else if ((Cmd == "report" || Cmd == "diff") && Valued("--sort", V)) {
      if (Cmd == "report" ? !reportSortKey(V) : !diffSortKey(V))
        return Usage2("--sort takes " +
                      std::string(Cmd == "report"
                                      ? "total, self, calls, avg, max or name"
                                      : "total, self or calls") +
                      ", not '" + V + "'");
      Sort = V;
    } else if (Cmd == "flame" && Valued("--width", V)) {
      if (!Number(V, 100, 100000, Width))
        return Usage2("--width takes 100 to 100000 pixels, not '" + V + "'");
    } else if (Cmd == "graph" && Valued("--depth", V)) {
      // 0: the roots only.
      if (!Number(V, 0, UINT32_MAX, Depth))
        return Usage2("--depth takes a whole number, not '" + V + "'");
    } else if (Cmd == "html" && Valued("--max-calls", V)) {
      if (!Number(V, 1, 10000000, MaxCalls))
        return Usage2("--max-calls takes 1 to 10000000, not '" + V + "'");
    } else if (Cmd == "convert" && Valued("--to", V)) {
      To = V;
    } else if ((Cmd == "convert" || Cmd == "flame" || Cmd == "html") &&
               (Valued("-o", V) || Valued("--output", V))) {
      Out = V;
    } else if (!A.empty() && A[0] == '-' && A != "-") {
      return Usage2("unknown option '" + A + "'");
    } else {
      Files.push_back(A);
    }
  }
  if (Filt.Until == 0)
    return Usage2("--until 0 keeps nothing (calls that begin before the "
                  "first event)");
  if (Filt.Until != UINT64_MAX && Filt.Since >= Filt.Until)
    return Usage2("--since " + formatNs(Filt.Since) +
                  " is not before --until " + formatNs(Filt.Until));
  // How many operands each command takes: at least, at most.
  size_t Min = Cmd == "diff" ? 2 : 1, Max = Cmd == "graph" || Min == 2 ? 2 : 1;
  if (Cmd == "convert" && To.empty())
    return Usage2("no --to FORMAT given (json, text, chrome, folded, ndjson "
                  "or perfetto)");
  if (Files.size() < Min)
    return Usage2(Cmd == "diff" ? "two traces, BEFORE and AFTER"
                                : "no trace file given");
  if (Files.size() > Max)
    return Usage2(Cmd == "diff" ? "two traces, BEFORE and AFTER"
                                : "one trace at a time");
  for (std::string &F : Files)
    if ((F = spoolInput(F)).empty())
      return 1;
  const std::string &File = Files[0];
  if (Cmd == "report")
    return report(File, Filt, Threads, Sort);
  if (Cmd == "flame")
    return flame(File, Filt, Out, Icicle, unsigned(Width));
  if (Cmd == "html")
    return html(File, Filt, Out, size_t(MaxCalls));
  if (Cmd == "graph")
    return graph(File, Filt, Files.size() > 1 ? Files[1] : "",
                 unsigned(std::min<uint64_t>(Depth, UINT32_MAX)));
  if (Cmd == "diff")
    return diff(Files[0], Files[1], Filt, Sort);
  if (Cmd == "convert") {
    if (To != "text" && To != "chrome" && To != "folded" && To != "ndjson" &&
        To != "json" && To != "perfetto") {
      return Usage2("--to takes json, text, chrome, folded, ndjson or "
                    "perfetto, not '" +
                    To + "'");
    }
    return convert(File, To, Out, isatty(2), ParamNames);
  }
  // A Perfetto protobuf trace: by its extension, or a first byte that is
  // packet = 1's key where JSON has only whitespace, '{' or '['.
  if (File.size() > 8 && File.compare(File.size() - 8, 8, ".pftrace") == 0)
    return validatePerfetto(File);
  if (FILE *F = std::fopen(File.c_str(), "rb")) {
    int C0 = std::fgetc(F), C1 = std::fgetc(F);
    std::fclose(F);
    if (C0 == 0x0a && C1 != EOF && C1 != '{' && C1 != '[' && C1 != ' ' &&
        C1 != '\n' && C1 != '\r' && C1 != '\t')
      return validatePerfetto(File);
  }
  return validate(File);
}
