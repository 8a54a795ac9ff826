//===- Report.cpp - `ruchytrace report`: the per-function table
//------------===//
//
// One row per function (per thread with --threads) from Profile's
// statistics, sorted by the column --sort names.
//
//===----------------------------------------------------------------------===//
#include "Commands.h"
#include "Profile.h"

#include <algorithm>
#include <cinttypes>
#include <unistd.h>

namespace ruchytrace {

const char *ReportHelp =
    "usage: ruchytrace report [--threads] [--sort KEY] [filters] TRACE\n"
    "Per function: total time (time inside it; a call nested in another\n"
    "of the same function adds nothing, so recursion is not counted\n"
    "twice) and its share of all traced time, self time (minus its traced\n"
    "callees) and its share, calls, and the average, shortest and longest\n"
    "call. Shares are of the traced time: the outermost calls' durations\n"
    "summed over threads, so the self shares add up to 100%.\n"
    "  --sort KEY     total (default), self, calls, avg, max or name\n"
    "  --threads      per thread too\n";

bool reportSortKey(const std::string &K) {
  return K == "total" || K == "self" || K == "calls" || K == "avg" ||
         K == "max" || K == "name";
}

int report(const std::string &Path, const Filter &F, bool PerThread,
           const std::string &SortKey) {
  Profile P;
  P.PerThread = PerThread;
  std::string Err = P.read(Path, F, isatty(2));
  if (!Err.empty())
    return fail(Path, Err);
  struct Row {
    uint64_t Thread;
    uint32_t Name;
    const FuncStat *S;
  };
  std::vector<Row> Rows;
  for (auto &KV : P.Stats)
    for (uint32_t I = 0; I < KV.second.size(); ++I)
      if (KV.second[I].Calls)
        Rows.push_back({KV.first, I, &KV.second[I]});
  auto Key = [&](const Row &R) -> double {
    const FuncStat &S = *R.S;
    if (SortKey == "self")
      return double(S.Self);
    if (SortKey == "calls")
      return double(S.Calls);
    if (SortKey == "avg")
      return double(S.Sum) / double(S.Calls);
    if (SortKey == "max")
      return double(S.Max);
    return double(S.Total);
  };
  std::sort(Rows.begin(), Rows.end(), [&](const Row &A, const Row &B) {
    std::string_view NA = P.name(A.Name), NB = P.name(B.Name);
    if (SortKey != "name" && Key(A) != Key(B))
      return Key(A) > Key(B);
    return NA != NB ? NA < NB : A.Thread < B.Thread;
  });
  double Traced = P.Traced ? double(P.Traced) : 1;
  std::printf("%12s %7s %12s %7s %10s %12s %12s %12s  %s%s\n", "total ms",
              "total%", "self ms", "self%", "calls", "avg us", "min us",
              "max us", PerThread ? "thread  " : "", "function");
  for (const Row &R : Rows) {
    const FuncStat &S = *R.S;
    std::printf("%12.3f %6.2f%% %12.3f %6.2f%% %10" PRIu64
                " %12.3f %12.3f %12.3f  ",
                S.Total / 1e6, 100.0 * S.Total / Traced, S.Self / 1e6,
                100.0 * S.Self / Traced, S.Calls, S.Sum / 1e3 / S.Calls,
                S.Min / 1e3, S.Max / 1e3);
    if (PerThread)
      std::printf("%-7" PRIu64 " ", R.Thread);
    std::string_view Name = P.name(R.Name);
    std::printf("%.*s\n", int(Name.size()), Name.data());
  }
  printNotes(stdout, P, F);
  return 0;
}

} // namespace ruchytrace
