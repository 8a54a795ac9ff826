//===- Diff.cpp - `ruchytrace diff`: two traces, function by function -----===//
//
// Both traces are aggregated by Profile (in any format, with the same
// filters) and matched by function name.
//
//===----------------------------------------------------------------------===//
#include "Commands.h"

#include <algorithm>
#include <cinttypes>
#include <cmath>
#include <map>
#include <unistd.h>

namespace ruchytrace {

const char *DiffHelp =
    "usage: ruchytrace diff [--sort KEY] [filters] BEFORE AFTER\n"
    "Two traces of the same program (any formats: .json, .ndjson,\n"
    ".rtrace), per function: calls, total and self time in each, and the\n"
    "change from BEFORE to AFTER, absolute and relative (+new: only in\n"
    "AFTER; -100%: only in BEFORE). Sorted by the largest change, either\n"
    "way.\n"
    "  --sort KEY     the change of total (default), self or calls\n";

bool diffSortKey(const std::string &K) {
  return K == "total" || K == "self" || K == "calls";
}

namespace {

struct Side {
  uint64_t Calls = 0, Total = 0, Self = 0;
};

std::string relative(uint64_t A, uint64_t B) {
  if (A == 0)
    return B ? "+new" : "0.0%";
  char Buf[32];
  std::snprintf(Buf, sizeof Buf, "%+.1f%%", 100.0 * (double(B) - A) / A);
  return Buf;
}

} // namespace

int diff(const std::string &Before, const std::string &After, const Filter &F,
         const std::string &SortKey) {
  Profile P[2];
  const std::string *Paths[2] = {&Before, &After};
  for (int I = 0; I < 2; ++I) {
    std::string Err = P[I].read(*Paths[I], F, isatty(2));
    if (!Err.empty())
      return fail(*Paths[I], Err);
  }
  std::map<std::string_view, Side[2]> Rows;
  for (int I = 0; I < 2; ++I)
    for (auto &KV : P[I].Stats)
      for (uint32_t Id = 0; Id < KV.second.size(); ++Id) {
        const FuncStat &S = KV.second[Id];
        if (!S.Calls)
          continue;
        Side &D = Rows[P[I].name(Id)][I];
        D.Calls += S.Calls;
        D.Total += S.Total;
        D.Self += S.Self;
      }
  auto Get = [&](const Side &S) {
    return SortKey == "self" ? S.Self : SortKey == "calls" ? S.Calls : S.Total;
  };
  std::vector<std::pair<std::string_view, const Side *>> Order;
  for (auto &KV : Rows)
    Order.push_back({KV.first, KV.second});
  auto Change = [&](const Side *S) {
    return std::fabs(double(Get(S[1])) - double(Get(S[0])));
  };
  std::sort(Order.begin(), Order.end(), [&](auto &A, auto &B) {
    double CA = Change(A.second), CB = Change(B.second);
    return CA != CB ? CA > CB : A.first < B.first;
  });
  std::printf("# before: %s (%" PRIu64 " calls, %.3f ms traced)\n"
              "# after:  %s (%" PRIu64 " calls, %.3f ms traced)\n",
              displayName(Before).c_str(), P[0].Calls, P[0].Traced / 1e6,
              displayName(After).c_str(), P[1].Calls, P[1].Traced / 1e6);
  // Two header rows: what, then before / after / change.
  std::printf("%21s %9s %25s %22s %25s\n", "calls", "", "total ms", "",
              "self ms");
  std::printf("%10s %10s %9s %12s %12s %12s %9s %12s %12s %9s  %s\n", "before",
              "after", "change", "before", "after", "change ms", "change",
              "before", "after", "change", "function");
  for (auto &[Name, S] : Order) {
    std::printf("%10" PRIu64 " %10" PRIu64 " %9s %12.3f %12.3f %+12.3f %9s "
                "%12.3f %12.3f %9s  %.*s\n",
                S[0].Calls, S[1].Calls,
                relative(S[0].Calls, S[1].Calls).c_str(), S[0].Total / 1e6,
                S[1].Total / 1e6, (double(S[1].Total) - S[0].Total) / 1e6,
                relative(S[0].Total, S[1].Total).c_str(), S[0].Self / 1e6,
                S[1].Self / 1e6, relative(S[0].Self, S[1].Self).c_str(),
                int(Name.size()), Name.data());
  }
  for (int I = 0; I < 2; ++I)
    printNotes(stdout, P[I], F, I ? "after: " : "before: ");
  if (P[0].Sum.SampleRate != P[1].Sum.SampleRate)
    std::printf("(the traces are sampled differently, 1 in %" PRIu64
                " and 1 in %" PRIu64 ": their counts do not compare)\n",
                P[0].Sum.SampleRate, P[1].Sum.SampleRate);
  return 0;
}

} // namespace ruchytrace
