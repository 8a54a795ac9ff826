//===- Graph.cpp - `ruchytrace graph`: the call graph with its numbers ----===//
//
// Without a function: Profile's call tree as it is, one line per call
// path. With one: its callers (each path from a root down to it, upside
// down) and its callees (the subtrees under its calls, merged), both over
// its outermost calls, so that a recursive call is counted once, inside
// the callee tree, and the times add up.
//
//===----------------------------------------------------------------------===//
#include "Commands.h"

#include <algorithm>
#include <cinttypes>
#include <map>
#include <unistd.h>

namespace ruchytrace {

const char *GraphHelp =
    "usage: ruchytrace graph [--depth N] [filters] TRACE [FUNCTION]\n"
    "The call graph: one line per call path with its calls, total time\n"
    "(inclusive) and self time, callees indented under their caller,\n"
    "busiest first. With FUNCTION: who calls it (each calling path, from\n"
    "FUNCTION up to a root, with FUNCTION's calls and time along it) and\n"
    "what it calls (the trees under all its calls, merged). Both are over\n"
    "its outermost calls: a recursive call inside another is part of the\n"
    "callee tree.\n"
    "  --depth N      at most N levels under the top (0: the top only;\n"
    "                 default: all)\n";

namespace {

// A tree whose nodes are keyed by name under their parent, for merging.
struct Merged {
  struct M {
    explicit M(uint32_t Name) : Name(Name) {}
    uint32_t Name;
    uint64_t Calls = 0, Total = 0, Self = 0;
    std::map<uint32_t, uint32_t> Kids; // name -> node
  };
  std::vector<M> Nodes;
  explicit Merged(uint32_t RootName) { Nodes.emplace_back(RootName); }
  uint32_t child(uint32_t Parent, uint32_t Name) {
    auto It = Nodes[Parent].Kids.find(Name);
    if (It != Nodes[Parent].Kids.end())
      return It->second;
    uint32_t Id = uint32_t(Nodes.size());
    Nodes[Parent].Kids.emplace(Name, Id);
    Nodes.emplace_back(Name);
    return Id;
  }
  void add(uint32_t At, uint64_t Calls, uint64_t Total, uint64_t Self) {
    Nodes[At].Calls += Calls;
    Nodes[At].Total += Total;
    Nodes[At].Self += Self;
  }
};

void header() {
  std::printf("%10s %12s %12s  %s\n", "calls", "total ms", "self ms",
              "function");
}

void line(uint64_t Calls, uint64_t Total, uint64_t Self, unsigned Depth,
          const char *Arrow, std::string_view Name, bool ShowSelf = true) {
  char SelfBuf[32] = "-";
  if (ShowSelf)
    std::snprintf(SelfBuf, sizeof SelfBuf, "%.3f", Self / 1e6);
  std::printf("%10" PRIu64 " %12.3f %12s  %*s%s%.*s\n", Calls, Total / 1e6,
              SelfBuf, int(2 * Depth), "", Depth ? Arrow : "", int(Name.size()),
              Name.data());
}

// Prints a merged tree depth-first, busiest child first.
void printMerged(const Profile &P, const Merged &T, unsigned MaxDepth,
                 const char *Arrow, bool ShowSelf) {
  std::vector<std::pair<uint32_t, unsigned>> Todo{{0, 0}};
  while (!Todo.empty()) {
    auto [Id, Depth] = Todo.back();
    Todo.pop_back();
    const Merged::M &Nd = T.Nodes[Id];
    line(Nd.Calls, Nd.Total, Nd.Self, Depth, Arrow, P.name(Nd.Name),
         ShowSelf || !Depth);
    if (Depth >= MaxDepth)
      continue;
    std::vector<uint32_t> Kids;
    for (auto &KV : Nd.Kids)
      Kids.push_back(KV.second);
    std::sort(Kids.begin(), Kids.end(), [&](uint32_t A, uint32_t B) {
      return T.Nodes[A].Total != T.Nodes[B].Total
                 ? T.Nodes[A].Total < T.Nodes[B].Total
                 : A > B; // reversed: the stack pops the busiest first
    });
    for (uint32_t K : Kids)
      Todo.push_back({K, Depth + 1});
  }
}

} // namespace

int graph(const std::string &Path, const Filter &F, const std::string &Root,
          unsigned MaxDepth) {
  Profile P;
  std::string Err = P.read(Path, F, isatty(2));
  if (!Err.empty())
    return fail(Path, Err);
  auto Kids = P.children();
  if (Root.empty()) {
    std::printf("# call graph: %" PRIu64 " calls, %.3f ms traced\n", P.Calls,
                P.Traced / 1e6);
    header();
    std::vector<std::pair<uint32_t, unsigned>> Todo;
    for (auto It = Kids[0].rbegin(); It != Kids[0].rend(); ++It)
      Todo.push_back({*It, 0});
    while (!Todo.empty()) {
      auto [Id, Depth] = Todo.back();
      Todo.pop_back();
      const Node &Nd = P.Nodes[Id];
      line(Nd.Calls, Nd.Total, Nd.Self, Depth, "", P.name(Nd.Name));
      if (Depth < MaxDepth)
        for (auto It = Kids[Id].rbegin(); It != Kids[Id].rend(); ++It)
          Todo.push_back({*It, Depth + 1});
    }
    printNotes(stdout, P, F);
    return 0;
  }
  auto Found = P.N.Ids.find(Root);
  if (Found == P.N.Ids.end())
    return fail(Path, "no function '" + Root + "' in the trace");
  uint32_t Fn = Found->second;
  // The outermost calls of Fn: nodes named Fn with no Fn above them.
  Merged Callers(Fn), Callees(Fn);
  std::vector<uint32_t> Todo;
  for (auto It = Kids[0].rbegin(); It != Kids[0].rend(); ++It)
    Todo.push_back(*It);
  while (!Todo.empty()) {
    uint32_t Id = Todo.back();
    Todo.pop_back();
    const Node &Nd = P.Nodes[Id];
    if (Nd.Name != Fn) {
      for (auto It = Kids[Id].rbegin(); It != Kids[Id].rend(); ++It)
        Todo.push_back(*It);
      continue;
    }
    // Callers: up the path, Fn's numbers on every step.
    uint32_t At = 0;
    Callers.add(0, Nd.Calls, Nd.Total, Nd.Self);
    for (uint32_t Up = Nd.Parent; Up != 0; Up = P.Nodes[Up].Parent) {
      At = Callers.child(At, P.Nodes[Up].Name);
      Callers.add(At, Nd.Calls, Nd.Total, Nd.Self);
    }
    // Callees: the subtree, merged by relative path.
    std::vector<std::pair<uint32_t, uint32_t>> Sub{{Id, 0}};
    while (!Sub.empty()) {
      auto [S, M] = Sub.back();
      Sub.pop_back();
      const Node &SN = P.Nodes[S];
      Callees.add(M, SN.Calls, SN.Total, SN.Self);
      for (uint32_t K : Kids[S])
        Sub.push_back({K, Callees.child(M, P.Nodes[K].Name)});
    }
  }
  const FuncStat *All = nullptr;
  for (auto &KV : P.Stats)
    if (Fn < KV.second.size())
      All = &KV.second[Fn];
  std::printf("# %s: %" PRIu64 " calls, total %.3f ms, self %.3f ms\n",
              Root.c_str(), All ? All->Calls : 0, All ? All->Total / 1e6 : 0.0,
              All ? All->Self / 1e6 : 0.0);
  std::printf("# callers (%s's calls and time along each path)\n",
              Root.c_str());
  header();
  printMerged(P, Callers, MaxDepth, "<- ", false);
  std::printf("# callees\n");
  header();
  printMerged(P, Callees, MaxDepth, "", true);
  printNotes(stdout, P, F);
  return 0;
}

} // namespace ruchytrace
