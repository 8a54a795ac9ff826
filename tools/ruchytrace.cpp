//===- ruchytrace.cpp - the trace analysis tool ---------------------------===//
//
//   ruchytrace report   [--threads] TRACE
//   ruchytrace convert  --to text|chrome|folded|ndjson [-o OUT] TRACE
//   ruchytrace validate TRACE
//   ruchytrace run | build PROGRAM.c|.rs ...   (Driver.cpp)
//
// Reads the runtime's JSON or NDJSON traces with simdjson (TraceReader).
// Exit status: 0 success, 1 a bad or unreadable trace, 2 a usage error.
//
//===----------------------------------------------------------------------===//
#include "TraceReader.h"

#include "simdjson.h"

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

namespace {

const char *Usage =
    "usage: ruchytrace <command> [options] TRACE\n"
    "\n"
    "commands:\n"
    "  report    per-function calls, total, self and average time\n"
    "  convert   to text, chrome (Perfetto / chrome://tracing), folded\n"
    "            stacks (flamegraph.pl, speedscope) or ndjson\n"
    "  validate  check a trace against the schema and its own consistency\n"
    "  run       build a .c or .rs program with RuchyTrace and run it:\n"
    "            ruchytrace run prog.c --trace --trace-sample=1000\n"
    "  build     only build it\n"
    "\n"
    "`ruchytrace <command> --help` describes one command.\n";

const char *ReportHelp =
    "usage: ruchytrace report [--threads] TRACE\n"
    "Per function: calls, total time, self time (total minus traced\n"
    "callees) and average, sorted by total. --threads: per thread too.\n";
const char *ConvertHelp =
    "usage: ruchytrace convert --to text|chrome|folded|ndjson [-o OUT] TRACE\n"
    "  text    the strace-style text format\n"
    "  chrome  Chrome Trace Event JSON: open it in ui.perfetto.dev\n"
    "  folded  one line per call stack with its self time in ns, for\n"
    "          flamegraph.pl and speedscope\n"
    "  ndjson  one event per line (for traces over 4 GiB)\n";
const char *ValidateHelp =
    "usage: ruchytrace validate TRACE\n"
    "Checks every event's fields, that each thread's calls nest and\n"
    "balance, that its timestamps never go back, and that stats agree\n"
    "with the events. Prints the first problem with its byte offset and\n"
    "event index and exits 1.\n";

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

struct Frame {
  uint32_t Name;
  uint64_t Start, Children = 0;
};

FILE *openOut(const std::string &Path) {
  if (Path.empty() || Path == "-")
    return stdout;
  FILE *F = std::fopen(Path.c_str(), "w");
  if (!F)
    std::fprintf(stderr, "ruchytrace: cannot write '%s': %s\n", Path.c_str(),
                 std::strerror(errno));
  return F;
}

int fail(const std::string &Path, const std::string &Err) {
  std::fprintf(stderr, "ruchytrace: %s: %s\n", Path.c_str(), Err.c_str());
  return 1;
}

//===---- report -----------------------------------------------------------===

int report(const std::string &Path, bool PerThread) {
  struct Stat {
    uint64_t Calls = 0, Total = 0, Self = 0;
  };
  Names N;
  std::map<std::pair<uint64_t, uint32_t>, Stat> Stats; // (tid or 0, name)
  std::unordered_map<uint64_t, std::vector<Frame>> Stacks;
  Summary Sum;
  std::string Err = readTrace(
      Path,
      [&](const Event &E) -> std::string {
        auto &S = Stacks[E.Thread];
        if (E.Enter) {
          S.push_back({N.id(E.Name), E.Timestamp});
          return "";
        }
        uint32_t Id = N.id(E.Name);
        uint64_t Children = 0;
        if (!S.empty() && S.back().Name == Id) {
          Children = S.back().Children;
          S.pop_back();
        }
        if (!S.empty())
          S.back().Children += E.Duration;
        Stat &St = Stats[{PerThread ? E.Thread : 0, Id}];
        St.Calls++;
        St.Total += E.Duration;
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
                S.Self / 1e6, S.Calls, S.Calls ? S.Total / 1e3 / S.Calls : 0.0);
    if (PerThread)
      std::printf("%-7" PRIu64 " ", R.first.first);
    std::string_view Name = N.ById[R.first.second];
    std::printf("%.*s\n", int(Name.size()), Name.data());
  }
  if (Sum.HaveStats && Sum.DroppedEvents)
    std::printf("(%" PRIu64 " events were dropped while tracing: counts are "
                "of what the trace holds)\n",
                Sum.DroppedEvents);
  return 0;
}

//===---- convert
//------------------------------------------------------------===

// "value" of a typed value in compact raw JSON, for the text format.
void textArgs(FILE *Out, std::string_view Args) {
  simdjson::ondemand::parser P;
  simdjson::padded_string Buf(Args);
  auto Doc = P.iterate(Buf);
  bool First = true;
  for (auto Elem : Doc.get_array()) {
    std::string_view Type = "?", Value = "?";
    for (auto Field : Elem.get_object()) {
      std::string_view Key = Field.unescaped_key();
      if (Key == "type_info") {
        for (auto F2 : Field.value().get_object()) {
          std::string_view K2 = F2.unescaped_key();
          if (K2 == "name")
            Type = F2.value().get_string();
          else
            F2.value().raw_json_token();
        }
      } else if (Key == "value") {
        auto V = Field.value();
        auto T = V.type().value();
        if (T == simdjson::ondemand::json_type::object)
          Value = V.get_object().value().raw_json().value();
        else if (T == simdjson::ondemand::json_type::array)
          Value = V.get_array().value().raw_json().value();
        else
          Value = jsonScalar(V.raw_json_token());
      }
    }
    std::fprintf(Out, "%s%.*s=%.*s", First ? "" : ", ", int(Type.size()),
                 Type.data(), int(Value.size()), Value.data());
    First = false;
  }
}

std::string locationText(std::string_view Loc) {
  if (Loc.empty() || Loc == "null")
    return "<no debug info>";
  simdjson::ondemand::parser P;
  simdjson::padded_string Buf(Loc);
  auto Doc = P.iterate(Buf);
  std::string File;
  uint64_t Line = 0, Col = 0;
  for (auto Field : Doc.get_object()) {
    std::string_view K = Field.unescaped_key();
    if (K == "file")
      File = std::string(std::string_view(Field.value().get_string()));
    else if (K == "line")
      Line = Field.value().get_uint64();
    else if (K == "column")
      Col = Field.value().get_uint64();
  }
  return "<" + File + ":" + std::to_string(Line) + ":" + std::to_string(Col) +
         ">";
}

std::string_view returnValue(std::string_view Ret) {
  // {"type_info": {...}, "value": V} -> V, by the runtime's layout.
  size_t At = Ret.rfind("\"value\": ");
  if (At == std::string_view::npos)
    return Ret;
  std::string_view V = Ret.substr(At + 9);
  if (!V.empty() && V.back() == '}')
    V.remove_suffix(1);
  return V;
}

int convert(const std::string &Path, const std::string &To,
            const std::string &OutPath) {
  if (To != "text" && To != "chrome" && To != "folded" && To != "ndjson") {
    std::fprintf(stderr,
                 "ruchytrace: convert: --to takes text, chrome, "
                 "folded or ndjson, not '%s'\n%s",
                 To.c_str(), ConvertHelp);
    return 2;
  }
  FILE *Out = openOut(OutPath);
  if (!Out)
    return 1;
  Summary Sum;
  Sum.WantRaw = To == "ndjson";
  Names N;
  uint64_t First = 0;
  size_t Count = 0;
  std::unordered_map<uint64_t, std::vector<Frame>> Stacks;
  std::map<std::string, uint64_t> Folded;
  bool MetaWritten = false;
  std::string Err = readTrace(
      Path,
      [&](const Event &E) -> std::string {
        if (!Count)
          First = E.Timestamp;
        ++Count;
        if (To == "ndjson") {
          if (!MetaWritten) {
            // One line: newlines only occur between tokens in JSON.
            std::string Meta = Sum.Metadata.empty() ? "{}" : Sum.Metadata;
            std::replace(Meta.begin(), Meta.end(), '\n', ' ');
            std::fprintf(Out, "{\"metadata\": %s}\n", Meta.c_str());
            MetaWritten = true;
          }
          std::fprintf(Out, "%.*s\n", int(E.Raw.size()), E.Raw.data());
        } else if (To == "text") {
          std::fprintf(Out, "[%" PRIu64 ".%06" PRIu64 "] %s %.*s(",
                       E.Timestamp / 1000000000, E.Timestamp / 1000 % 1000000,
                       E.Enter ? "->" : "<-", int(E.Name.size()),
                       E.Name.data());
          if (E.Enter) {
            textArgs(Out, E.Args);
            std::fprintf(Out, ") %s\n", locationText(E.Location).c_str());
          } else {
            std::string_view V = returnValue(E.Return);
            if (E.Unwound)
              V = "<unwound>";
            else if (E.Unfinished)
              V = "<unfinished>";
            else if (E.TailCall)
              V = "<tail call>";
            std::fprintf(Out, ")%s%.*s [%" PRIu64 ".%03" PRIu64 "ms]\n",
                         V == "null" ? "" : " = ",
                         V == "null" ? 0 : int(V.size()), V.data(),
                         E.Duration / 1000000, E.Duration / 1000 % 1000);
          }
        } else if (To == "chrome") {
          uint64_t Rel = E.Timestamp - First;
          std::fprintf(Out,
                       "%s{\"name\": \"%.*s\", \"cat\": \"function\", \"ph\": "
                       "\"%s\", \"ts\": %" PRIu64 ".%03" PRIu64
                       ", \"pid\": 1, \"tid\": %" PRIu64 ", \"args\": {",
                       Count == 1 ? "{\"displayTimeUnit\": \"ns\", "
                                    "\"traceEvents\": [\n"
                                  : ",\n",
                       int(E.Name.size()), E.Name.data(), E.Enter ? "B" : "E",
                       Rel / 1000, Rel % 1000, E.Thread);
          if (E.Enter)
            std::fprintf(Out, "\"args\": %.*s}}", int(E.Args.size()),
                         E.Args.data());
          else
            std::fprintf(Out, "\"return\": %.*s}}", int(E.Return.size()),
                         E.Return.data());
        } else { // folded: self time per call stack
          auto &S = Stacks[E.Thread];
          if (E.Enter) {
            S.push_back({N.id(E.Name), E.Timestamp});
            return "";
          }
          if (S.empty())
            return "";
          std::string Stack;
          for (const Frame &F : S) {
            if (!Stack.empty())
              Stack += ';';
            Stack += N.ById[F.Name];
          }
          uint64_t Children = S.back().Children;
          S.pop_back();
          if (!S.empty())
            S.back().Children += E.Duration;
          Folded[Stack] += E.Duration > Children ? E.Duration - Children : 0;
        }
        return "";
      },
      Sum, isatty(2));
  if (Err.empty()) {
    if (To == "chrome")
      std::fprintf(Out, Count ? "\n]}\n" : "{\"traceEvents\": []}\n");
    if (To == "folded")
      for (auto &F : Folded)
        std::fprintf(Out, "%s %" PRIu64 "\n", F.first.c_str(), F.second);
    if (To == "ndjson" && Sum.HaveStats)
      std::fprintf(Out,
                   "{\"stats\": {\"total_events\": %" PRIu64
                   ", \"dropped_events\": %" PRIu64
                   ", \"duration_ns\": %" PRIu64 "}}\n",
                   Sum.TotalEvents, Sum.DroppedEvents, Sum.DurationNs);
  }
  if (Out != stdout && std::fclose(Out) != 0 && Err.empty())
    Err = std::string("writing the output failed: ") + std::strerror(errno);
  return Err.empty() ? 0 : fail(Path, Err);
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
  std::string Err = readTrace(
      Path,
      [&](const Event &E) -> std::string {
        ++Count;
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
  if (Cmd == "convert")
    return convert(File, To, Out);
  return validate(File);
}
