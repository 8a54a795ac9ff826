//===- Profile.cpp - one aggregation of a trace for every analysis command ===//
//
// Each thread's calls are matched on a stack as the events stream by: an
// entry pushes a frame (and, if the call is kept, finds its call-tree
// node), an exit pops it and adds the call to its function's statistics
// and its node. Nothing per event is kept beyond the open frames.
//
// A ring keeps the newest events, so a thread's trace may begin inside
// calls whose entries were dropped: their exits come last, innermost
// first, and each encloses everything the thread recorded before it. So
// each thread grows its own call tree under a root of its own, an exit
// without its entry adopts that root's children, and the threads' trees
// are merged by path at the end.
//
//===----------------------------------------------------------------------===//
#include "Profile.h"
#include "Input.h"

#include <cerrno>
#include <cinttypes>
#include <cmath>
#include <cstring>
#include <sys/stat.h>
#include <unistd.h>

namespace ruchytrace {

const char *FilterHelp =
    "  --tid N        only thread N's calls\n"
    "  --since T      only calls that begin T or more after the trace's\n"
    "                 first event (T: 250ms, 1.5s, 40us, 100ns; no unit:\n"
    "                 seconds)\n"
    "  --until T      only calls that begin before T\n"
    "A call begun before --since is left out and its callees in the window\n"
    "become roots; a kept call counts whole.\n";

bool parseTime(const std::string &S, uint64_t &Ns) {
  char *End = nullptr;
  errno = 0;
  double V = std::strtod(S.c_str(), &End);
  if (End == S.c_str() || errno || !(V >= 0) || std::isinf(V))
    return false;
  std::string Unit(End);
  double Scale = Unit == "" || Unit == "s" ? 1e9
                 : Unit == "ms"            ? 1e6
                 : Unit == "us"            ? 1e3
                 : Unit == "ns"            ? 1
                                           : -1;
  if (Scale < 0 || V * Scale >= 1.8e19)
    return false;
  Ns = uint64_t(V * Scale + 0.5);
  return true;
}

namespace {

// The "file" of a raw location object ({"file": F, "line": L, ...} or
// null), unescaped only for the common characters.
std::string locationFile(std::string_view Loc) {
  size_t K = Loc.find("\"file\"");
  if (K == std::string_view::npos)
    return "";
  size_t Q = Loc.find('"', K + 6);
  if (Q == std::string_view::npos)
    return "";
  std::string F;
  for (size_t I = Q + 1; I < Loc.size() && Loc[I] != '"'; ++I) {
    if (Loc[I] == '\\' && I + 1 < Loc.size())
      ++I;
    F += Loc[I];
  }
  return F;
}

struct Frame {
  Frame(uint32_t Name, uint32_t Node, uint64_t Start)
      : Name(Name), Node(Node), Start(Start) {}
  uint32_t Name, Node; // Node: UINT32_MAX when the call is not kept
  uint64_t Start, Children = 0;
  std::string Args, Location; // with KeepArgs
};

struct Thread {
  std::vector<Frame> Stack;
  std::unordered_map<uint32_t, uint32_t> Open;    // kept activations open
  std::unordered_map<uint32_t, uint64_t> Counted; // total counted so far
  uint64_t TopLevel = 0; // frames closed with nothing open under them
  uint32_t Root = 0;     // this thread's call-tree root
  std::vector<uint32_t> RootKids;
  uint32_t Orphans = 0; // exits seen whose entries were dropped
  std::vector<FuncStat> *Stats = nullptr;
  bool Kept = true; // --tid
};

// The runtime's formats written for other viewers (text, Perfetto) hold
// no event stream TraceReader reads: say which they are, not only that
// they are not JSON.
std::string otherFormat(const std::string &Path) {
  const char *Read = "; report, flame, graph, diff and html read the JSON, "
                     "NDJSON or .rtrace trace";
  FILE *F = std::fopen(Path.c_str(), "rb");
  if (!F)
    return "";
  char Head[64] = {0};
  size_t Got = std::fread(Head, 1, sizeof Head - 1, F);
  std::fclose(F);
  int C0 = Got > 0 ? (unsigned char)Head[0] : EOF;
  int C1 = Got > 1 ? (unsigned char)Head[1] : EOF;
  bool Perfetto =
      Path.size() > 8 && Path.compare(Path.size() - 8, 8, ".pftrace") == 0;
  // Perfetto: packet = 1's key, where JSON has only whitespace, '{' or '['.
  if (Perfetto || (C0 == 0x0a && C1 != EOF && C1 != '{' && C1 != '[' &&
                   C1 != ' ' && C1 != '\n' && C1 != '\r' && C1 != '\t'))
    return std::string("a Perfetto trace") + Read;
  // Text: a "# sampled" first line, or "[tid N] " or "[SECONDS.FRACTION] "
  // (no JSON value starts so).
  unsigned Digits = 0, Frac = 0;
  char Close = 0;
  bool Text = C0 == '#' || !std::strncmp(Head, "[tid ", 5) ||
              (std::sscanf(Head, "[%*[0-9]%n.%*[0-9]%n%c", &Digits, &Frac,
                           &Close) == 1 &&
               Frac > Digits + 1 && Close == ']');
  if (Text)
    return std::string("a text trace") + Read;
  return "";
}

} // namespace

bool parseFilterOption(int argc, char **argv, int &I, Filter &F,
                       std::string &Err) {
  std::string A = argv[I], Value;
  const char *Names[] = {"--tid", "--since", "--until"};
  for (const char *Opt : Names) {
    size_t L = std::strlen(Opt);
    if (A == Opt) {
      if (I + 1 >= argc) {
        Err = std::string(Opt) + " needs a value";
        return true;
      }
      Value = argv[++I];
    } else if (A.compare(0, L + 1, std::string(Opt) + "=") == 0) {
      Value = A.substr(L + 1);
    } else {
      continue;
    }
    if (A.rfind("--tid", 0) == 0) {
      char *End = nullptr;
      errno = 0;
      F.Tid = std::strtoull(Value.c_str(), &End, 10);
      F.HaveTid = true;
      if (Value.empty() || *End || errno || Value[0] == '-')
        Err = "--tid takes a thread id, not '" + Value + "'";
    } else if (!parseTime(Value,
                          A.rfind("--since", 0) == 0 ? F.Since : F.Until)) {
      Err = std::string(Opt) +
            " takes a time such as 250ms, 1.5s or 40us, "
            "not '" +
            Value + "'";
    }
    return true;
  }
  return false;
}

uint32_t Names::id(std::string_view Name) {
  auto It = Ids.find(Name);
  if (It != Ids.end())
    return It->second;
  Store.emplace_back(Name);
  std::string_view Kept = Store.back();
  uint32_t Id = uint32_t(ById.size());
  Ids.emplace(Kept, Id);
  ById.push_back(Kept);
  return Id;
}

uint32_t Profile::child(uint32_t Parent, uint32_t Name) {
  auto Ins = ChildOf.emplace(uint64_t(Parent) << 32 | Name, 0);
  if (Ins.second) {
    Ins.first->second = uint32_t(Nodes.size());
    Node Nd;
    Nd.Name = Name;
    Nd.Parent = Parent;
    Nodes.push_back(Nd);
  }
  return Ins.first->second;
}

std::string Profile::read(const std::string &Path, const Filter &F,
                          bool Progress) {
  std::unordered_map<uint64_t, Thread> Threads;
  uint64_t Lo = 0, Hi = UINT64_MAX;
  const uint32_t None = UINT32_MAX;
  auto InWindow = [&](uint64_t Start) { return Start >= Lo && Start < Hi; };
  std::string Other = otherFormat(Path);
  if (!Other.empty())
    return Other;
  std::string Err = readTrace(
      Path,
      [&](const Event &E) -> std::string {
        if (!Events++) {
          // The window is relative to the first event.
          Origin = E.Enter ? E.Timestamp : E.Timestamp - E.Duration;
          Lo = F.Since ? Origin + F.Since : 0;
          Hi = F.Until == UINT64_MAX || Origin + F.Until < Origin
                   ? UINT64_MAX
                   : Origin + F.Until;
        }
        Last = std::max(Last, E.Timestamp);
        auto TI = Threads.find(E.Thread);
        if (TI == Threads.end()) {
          TI = Threads.emplace(E.Thread, Thread()).first;
          TI->second.Stats = &Stats[PerThread ? E.Thread : 0];
          TI->second.Kept = !F.HaveTid || F.Tid == E.Thread;
          TI->second.Root = uint32_t(Nodes.size());
          Nodes.emplace_back();
          ThreadIds.push_back(E.Thread);
        }
        Thread &T = TI->second;
        uint32_t Id = N.id(E.Name);
        if (Id >= Files.size()) {
          Files.resize(Id + 1);
          if (T.Stats->size() <= Id)
            T.Stats->resize(Id + 1);
        }
        if (E.Enter) {
          if (Files[Id].empty() && E.HaveLocation)
            Files[Id] = locationFile(E.Location);
          uint32_t Nd = None;
          if (T.Kept && InWindow(E.Timestamp)) {
            uint32_t Parent = T.Stack.empty() || T.Stack.back().Node == None
                                  ? T.Root
                                  : T.Stack.back().Node;
            size_t Before = Nodes.size();
            Nd = child(Parent, Id);
            if (Parent == T.Root && Nodes.size() != Before)
              T.RootKids.push_back(Nd);
            T.Open[Id]++;
          }
          T.Stack.emplace_back(Id, Nd, E.Timestamp);
          if (KeepArgs && Nd != None) {
            T.Stack.back().Args = E.Args;
            T.Stack.back().Location = E.Location;
          }
          return "";
        }
        uint64_t Children, Total, Start = E.Timestamp - E.Duration;
        uint32_t Nd;
        Frame Popped(Id, None, Start);
        uint64_t &Counted = T.Counted[Id];
        if (!T.Stack.empty() && T.Stack.back().Name == Id) {
          Popped = std::move(T.Stack.back());
          T.Stack.pop_back();
          Children = Popped.Children;
          Nd = Popped.Node;
          // Total: each outermost activation once, as uftrace counts it.
          Total = Nd != None && !--T.Open[Id] ? E.Duration : 0;
        } else {
          // Its entry was dropped (the ring keeps the newest events): the
          // frame encloses all this thread recorded so far, which are its
          // children, and any of its own activations counted already.
          Children = T.TopLevel;
          T.TopLevel = 0;
          Nd = T.Kept && InWindow(Start) ? adopt(T.Root, T.RootKids, Id) : None;
          Total = E.Duration > Counted ? E.Duration - Counted : 0;
          T.Orphans++;
        }
        (T.Stack.empty() ? T.TopLevel : T.Stack.back().Children) += E.Duration;
        if (Nd == None)
          return "";
        Counted += Total;
        uint64_t Self = E.Duration > Children ? E.Duration - Children : 0;
        if (T.Stats->size() <= Id)
          T.Stats->resize(Id + 1);
        FuncStat &St = (*T.Stats)[Id];
        St.Calls++;
        St.Total += Total;
        St.Sum += E.Duration;
        St.Self += Self;
        St.Min = std::min(St.Min, E.Duration);
        St.Max = std::max(St.Max, E.Duration);
        Node &Nod = Nodes[Nd];
        Nod.Calls++;
        Nod.Total += E.Duration;
        Nod.Self += Self;
        ++Calls;
        if (OnCall) {
          Call C{E.Thread,
                 Start,
                 E.Duration,
                 Id,
                 uint32_t(T.Stack.size()),
                 E.Unwound,
                 E.TailCall,
                 E.Unfinished,
                 T.Orphans,
                 Popped.Args,
                 E.Return,
                 Popped.Location};
          OnCall(C);
        }
        return "";
      },
      Sum, Progress);
  for (auto &KV : Threads)
    Orphans[KV.first] = KV.second.Orphans;
  std::vector<uint32_t> Roots;
  for (uint64_t Tid : ThreadIds)
    Roots.push_back(Threads[Tid].Root);
  mergeThreads(Roots);
  if (!Err.empty())
    return Err;
  // A filter that keeps nothing is a mistake (a thread of another run, a
  // window past the end), not an empty profile.
  if (F.HaveTid && !Threads.count(F.Tid)) {
    std::string Have;
    for (size_t I = 0; I < ThreadIds.size() && I < 8; ++I)
      Have += (I ? ", " : "") + std::to_string(ThreadIds[I]);
    return "no thread " + std::to_string(F.Tid) + " in the trace" +
           (Have.empty() ? ""
                         : " (its threads: " + Have +
                               (ThreadIds.size() > 8 ? ", ..." : "") + ")");
  }
  if ((F.Since || F.Until != UINT64_MAX) && !Calls)
    return Events ? "no call begins in the window (the trace spans " +
                        formatNs(Last - Origin) + " from its first event)"
                  : std::string("no call begins in the window (the trace "
                                "holds no events)");
  return Err;
}

uint32_t Profile::adopt(uint32_t Root, std::vector<uint32_t> &Kids,
                        uint32_t Name) {
  // A new node for the call, in place of the root's children, which become
  // its own: moving a subtree is re-keying its top nodes, as every path
  // under them is relative to its parent node.
  uint32_t Nd = uint32_t(Nodes.size());
  Nodes.emplace_back();
  Nodes[Nd].Name = Name;
  for (uint32_t K : Kids) {
    ChildOf.erase(uint64_t(Root) << 32 | Nodes[K].Name);
    Nodes[K].Parent = Nd;
    ChildOf.emplace(uint64_t(Nd) << 32 | Nodes[K].Name, K);
  }
  Kids.assign(1, Nd);
  Nodes[Nd].Parent = Root;
  ChildOf.emplace(uint64_t(Root) << 32 | Name, Nd);
  return Nd;
}

void Profile::mergeThreads(const std::vector<uint32_t> &Roots) {
  std::vector<std::vector<uint32_t>> Kids(Nodes.size());
  for (uint32_t I = 0; I < Nodes.size(); ++I)
    if (Nodes[I].Parent != UINT32_MAX)
      Kids[Nodes[I].Parent].push_back(I);
  std::vector<Node> Old;
  Old.swap(Nodes);
  Nodes.emplace_back();
  ChildOf.clear();
  std::vector<std::pair<uint32_t, uint32_t>> Todo; // old node, new parent
  for (uint32_t R : Roots)
    for (uint32_t K : Kids[R])
      Todo.push_back({K, 0});
  while (!Todo.empty()) {
    auto [O, Parent] = Todo.back();
    Todo.pop_back();
    uint32_t Nd = child(Parent, Old[O].Name);
    Nodes[Nd].Calls += Old[O].Calls;
    Nodes[Nd].Total += Old[O].Total;
    Nodes[Nd].Self += Old[O].Self;
    if (!Parent)
      Traced += Old[O].Total;
    for (uint32_t K : Kids[O])
      Todo.push_back({K, Nd});
  }
}

std::vector<std::vector<uint32_t>> Profile::children() const {
  std::vector<std::vector<uint32_t>> C(Nodes.size());
  for (uint32_t I = 1; I < Nodes.size(); ++I)
    if (Nodes[I].Calls)
      C[Nodes[I].Parent].push_back(I);
  for (auto &L : C)
    std::sort(L.begin(), L.end(), [&](uint32_t A, uint32_t B) {
      return Nodes[A].Total != Nodes[B].Total ? Nodes[A].Total > Nodes[B].Total
                                              : A < B;
    });
  return C;
}

namespace {
// What the filter keeps, "" for no filter: a part of notesLine and of
// printNotes' last line.
std::string filterNote(const Filter &F) {
  std::string S;
  if (F.HaveTid)
    S = "thread " + std::to_string(F.Tid) + " only";
  std::string Window;
  if (F.Until == UINT64_MAX && F.Since)
    Window = "calls that begin " + formatNs(F.Since) +
             " or more after the first event";
  else if (F.Until != UINT64_MAX)
    Window = "calls that begin " +
             (F.Since ? "between " + formatNs(F.Since) + " and "
                      : std::string("before ")) +
             formatNs(F.Until) + " after the first event";
  if (!Window.empty())
    S += (S.empty() ? "" : "; ") + Window;
  return S;
}
} // namespace

std::string notesLine(const Profile &P, const Filter &F) {
  std::string S;
  auto Add = [&](const std::string &Part) {
    S += (S.empty() ? "" : "; ") + Part;
  };
  if (P.Sum.SampleRate > 1)
    Add("sampled: 1 in " + std::to_string(P.Sum.SampleRate) +
        " calls of each thread was recorded");
  if (P.Sum.HaveStats && P.Sum.DroppedEvents)
    Add(std::to_string(P.Sum.DroppedEvents) +
        " events were dropped while tracing");
  if (F.any())
    Add(filterNote(F));
  else if (!P.Events)
    Add("the trace holds no events");
  return S;
}

void printNotes(FILE *Out, const Profile &P, const Filter &F,
                const char *Prefix) {
  if (P.Sum.SampleRate > 1)
    std::fprintf(Out,
                 "%s(counts are sampled: 1 in %" PRIu64
                 " calls of each thread was recorded)\n",
                 Prefix, P.Sum.SampleRate);
  if (P.Sum.HaveStats && P.Sum.DroppedEvents)
    std::fprintf(Out,
                 "%s(%" PRIu64 " events were dropped while tracing: counts "
                 "are of what the trace holds)\n",
                 Prefix, P.Sum.DroppedEvents);
  if (F.any()) {
    std::fprintf(Out, "%s(%s: %" PRIu64 " call%s kept)\n", Prefix,
                 filterNote(F).c_str(), P.Calls, P.Calls == 1 ? "" : "s");
  } else if (!P.Events) {
    std::fprintf(Out, "%s(the trace holds no events)\n", Prefix);
  }
}

std::string formatNs(uint64_t Ns) {
  char B[64];
  if (Ns >= 1000000000)
    std::snprintf(B, sizeof B, "%.3f s", Ns / 1e9);
  else if (Ns >= 1000000)
    std::snprintf(B, sizeof B, "%.3f ms", Ns / 1e6);
  else if (Ns >= 1000)
    std::snprintf(B, sizeof B, "%.3f us", Ns / 1e3);
  else
    std::snprintf(B, sizeof B, "%" PRIu64 " ns", Ns);
  return B;
}

FILE *openOutput(const std::string &Path, const std::string &Input) {
  if (Path.empty() || Path == "-")
    return stdout;
  struct stat A, B;
  if (!stat(Path.c_str(), &A) && !stat(Input.c_str(), &B) &&
      A.st_dev == B.st_dev && A.st_ino == B.st_ino && S_ISREG(A.st_mode)) {
    std::fprintf(stderr, "ruchytrace: '%s' is the trace itself\n",
                 Path.c_str());
    return nullptr;
  }
  FILE *F = std::fopen(Path.c_str(), "we");
  if (!F)
    std::fprintf(stderr, "ruchytrace: cannot write '%s': %s\n", Path.c_str(),
                 std::strerror(errno));
  return F;
}

int closeOutput(FILE *F, const std::string &Path) {
  bool Bad = std::ferror(F);
  int Err = Bad ? EIO : 0;
  if (F == stdout) {
    if (std::fflush(F) != 0 && !Err)
      Err = errno;
  } else if (std::fclose(F) != 0 && !Err) {
    Err = errno;
  }
  if (!Err)
    return 0;
  std::fprintf(stderr, "ruchytrace: writing '%s' failed: %s\n",
               Path.empty() ? "-" : Path.c_str(), std::strerror(Err));
  discardOutput(Path);
  return 1;
}

void discardOutput(const std::string &Path) {
  struct stat St;
  if (!Path.empty() && Path != "-" && lstat(Path.c_str(), &St) == 0 &&
      S_ISREG(St.st_mode))
    unlink(Path.c_str());
}

int fail(const std::string &Path, const std::string &Err) {
  std::fprintf(stderr, "ruchytrace: %s: %s\n", displayName(Path).c_str(),
               Err.c_str());
  return 1;
}

} // namespace ruchytrace
