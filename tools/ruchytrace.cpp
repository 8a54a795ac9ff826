//===- ruchytrace.cpp - the trace analysis tool ---------------------------===//
//
//   ruchytrace report   [--threads] TRACE
//   ruchytrace convert  --to text|chrome|folded|ndjson|perfetto [-o OUT] TRACE
//   ruchytrace validate TRACE
//   ruchytrace run | build PROGRAM.c|.rs ...   (Driver.cpp)
//   ruchytrace attach PID ...                   (Attach.cpp)
//
// Reads JSON traces in any layout, and NDJSON, with simdjson (TraceReader);
// convert is Convert.cpp. Exit status: 0 success, 1 a bad or unreadable
// trace, 2 a usage error.
//
//===----------------------------------------------------------------------===//
#include "Convert.h"
#include "TraceReader.h"

#include <algorithm>
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
    "  report    per-function calls, total, self and average time\n"
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

const char *ReportHelp =
    "usage: ruchytrace report [--threads] TRACE\n"
    "Per function, sorted by total: total time (time inside it; a call\n"
    "nested in another of the same function adds nothing, so recursion\n"
    "is not counted twice), self time (minus its traced callees), calls,\n"
    "and the average duration of a call. --threads: per thread too.\n";
const char *ConvertHelp =
    "usage: ruchytrace convert --to json|text|chrome|folded|ndjson|perfetto\n"
    "                          [-o OUT] TRACE\n"
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
    "writes in that format (RUCHY_TRACE_FORMAT) for the same run.\n";
const char *ValidateHelp =
    "usage: ruchytrace validate TRACE\n"
    "Checks the metadata, every event's fields and typed values, that\n"
    "each thread's calls nest and balance, that its timestamps never go\n"
    "back, and that stats agree with the events. Prints the first problem\n"
    "with its byte offset and event index and exits 1.\n"
    "A Perfetto trace (.pftrace) is decoded and checked the same way:\n"
    "interned names defined before use, tracks described, slices\n"
    "balanced per track, timestamps never going back.\n";

// Interns function names: string_views from the parser do not outlive a
// document in streamed input.
struct Names {
  std::deque<std::string> Store;
  std::unordered_map<std::string_view, uint32_t> Ids;
  std::vector<std::string_view> ById;
  uint32_t id(std::string_view N) {
    auto It = Ids.find(N);
    if (It != Ids.end())
      return It->second;
    Store.emplace_back(N);
    std::string_view Kept = Store.back();
    uint32_t Id = uint32_t(ById.size());
    Ids.emplace(Kept, Id);
    ById.push_back(Kept);
    return Id;
  }
};

int fail(const std::string &Path, const std::string &Err) {
  std::fprintf(stderr, "ruchytrace: %s: %s\n", Path.c_str(), Err.c_str());
  return 1;
}

//===---- report -----------------------------------------------------------===

int report(const std::string &Path, bool PerThread) {
  struct Stat {
    uint64_t Calls = 0, Total = 0, Self = 0, Sum = 0;
  };
  struct Frame {
    uint32_t Name;
    uint64_t Children = 0;
  };
  struct Thread {
    std::vector<Frame> Stack;
    std::unordered_map<uint32_t, uint32_t> Open;    // activations on Stack
    std::unordered_map<uint32_t, uint64_t> Counted; // total counted so far
    uint64_t TopLevel = 0; // frames closed with nothing open under them
  };
  Names N;
  std::map<std::pair<uint64_t, uint32_t>, Stat> Stats; // (tid or 0, name)
  std::unordered_map<uint64_t, Thread> Threads;
  Summary Sum;
  std::string Err = readTrace(
      Path,
      [&](const Event &E) -> std::string {
        Thread &T = Threads[E.Thread];
        uint32_t Id = N.id(E.Name);
        if (E.Enter) {
          T.Stack.push_back({Id});
          T.Open[Id]++;
          return "";
        }
        uint64_t Children, Total;
        uint64_t &Counted = T.Counted[Id];
        if (!T.Stack.empty() && T.Stack.back().Name == Id) {
          Children = T.Stack.back().Children;
          T.Stack.pop_back();
          // Total: each outermost activation once, as uftrace counts it.
          Total = --T.Open[Id] ? 0 : E.Duration;
        } else {
          // Its entry was dropped (the ring keeps the newest events): the
          // frame encloses all this thread recorded so far, which are its
          // children, and any of its own activations counted already.
          Children = T.TopLevel;
          T.TopLevel = 0;
          Total = E.Duration > Counted ? E.Duration - Counted : 0;
        }
        Counted += Total;
        (T.Stack.empty() ? T.TopLevel : T.Stack.back().Children) += E.Duration;
        Stat &St = Stats[{PerThread ? E.Thread : 0, Id}];
        St.Calls++;
        St.Total += Total;
        St.Sum += E.Duration;
        St.Self += E.Duration > Children ? E.Duration - Children : 0;
        return "";
      },
      Sum, isatty(2));
  if (!Err.empty())
    return fail(Path, Err);
  std::vector<std::pair<std::pair<uint64_t, uint32_t>, Stat>> Rows(
      Stats.begin(), Stats.end());
  std::sort(Rows.begin(), Rows.end(), [](const auto &A, const auto &B) {
    return A.second.Total != B.second.Total ? A.second.Total > B.second.Total
                                            : A.first < B.first;
  });
  std::printf("%12s %12s %10s %12s  %s%s\n", "total ms", "self ms", "calls",
              "avg us", PerThread ? "thread  " : "", "function");
  for (auto &R : Rows) {
    const auto &S = R.second;
    std::printf("%12.3f %12.3f %10" PRIu64 " %12.3f  ", S.Total / 1e6,
                S.Self / 1e6, S.Calls, S.Calls ? S.Sum / 1e3 / S.Calls : 0.0);
    if (PerThread)
      std::printf("%-7" PRIu64 " ", R.first.first);
    std::string_view Name = N.ById[R.first.second];
    std::printf("%.*s\n", int(Name.size()), Name.data());
  }
  if (Sum.SampleRate > 1)
    std::printf("(counts are sampled: 1 in %" PRIu64
                " calls of each thread was recorded)\n",
                Sum.SampleRate);
  if (Sum.HaveStats && Sum.DroppedEvents)
    std::printf("(%" PRIu64 " events were dropped while tracing: counts are "
                "of what the trace holds)\n",
                Sum.DroppedEvents);
  return 0;
}

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
  std::printf("%s: valid, %" PRIu64 " events, %zu threads, %" PRIu64
              " dropped\n",
              Path.c_str(), Count, Stacks.size(), Sum.DroppedEvents);
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
                                         : nullptr;
  if (!Help) {
    std::fprintf(stderr, "ruchytrace: unknown command '%s'\n%s", Cmd.c_str(),
                 Usage);
    return 2;
  }
  std::string File, To, Out;
  bool Threads = false;
  for (int I = 2; I < argc; ++I) {
    std::string A = argv[I];
    if (A == "--help" || A == "-h") {
      std::fputs(Help, stdout);
      return 0;
    }
    if (A == "--threads" && Cmd == "report")
      Threads = true;
    else if ((A == "--to" || A == "-o") && Cmd == "convert" && I + 1 < argc)
      (A == "--to" ? To : Out) = argv[++I];
    else if (A.rfind("--to=", 0) == 0 && Cmd == "convert")
      To = A.substr(5);
    else if (!A.empty() && A[0] == '-' && A != "-") {
      std::fprintf(stderr, "ruchytrace: %s: unknown option '%s'\n%s",
                   Cmd.c_str(), A.c_str(), Help);
      return 2;
    } else if (File.empty())
      File = A;
    else {
      std::fprintf(stderr, "ruchytrace: %s: one trace at a time\n%s",
                   Cmd.c_str(), Help);
      return 2;
    }
  }
  if (File.empty() || (Cmd == "convert" && To.empty())) {
    std::fputs(Help, stderr);
    return 2;
  }
  if (Cmd == "report")
    return report(File, Threads);
  if (Cmd == "convert") {
    if (To != "text" && To != "chrome" && To != "folded" && To != "ndjson" &&
        To != "json" && To != "perfetto") {
      std::fprintf(stderr,
                   "ruchytrace: convert: --to takes json, text, chrome, "
                   "folded, ndjson or perfetto, not '%s'\n%s",
                   To.c_str(), ConvertHelp);
      return 2;
    }
    return convert(File, To, Out, isatty(2));
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
