//===- Html.cpp - `ruchytrace html`: one self-contained page --------------===//
//
// The page is tools/html_page.html, compiled in (CMakeLists.txt); this
// file fills its data: the per-function statistics and the call tree from
// Profile, and for the timeline the longest --max-calls calls with their
// typed arguments, return values and locations as the trace wrote them.
// A trace with more calls than that is shown whole in the table and the
// flame graph, and in outline (its longest calls) in the timeline, which
// says so on the page.
//
//===----------------------------------------------------------------------===//
#include "Commands.h"

#include "simdjson.h"

#include <algorithm>
#include <cinttypes>
#include <cstring>
#include <unistd.h>
#include <unordered_map>

namespace ruchytrace {

const char *HtmlHelp =
    "usage: ruchytrace html [--max-calls N] [filters] [-o OUT.html] TRACE\n"
    "One self-contained page (stdout without -o; no network: open it from\n"
    "disk in any browser): a timeline per thread that zooms (wheel) and\n"
    "pans (drag), the flame graph, a sortable table per function (calls,\n"
    "total, self, average, min, max) and, for the call clicked in the\n"
    "timeline, its typed arguments, return value and source location.\n"
    "  --max-calls N  the timeline holds the N longest calls (default\n"
    "                 20000); the page says when there were more. The\n"
    "                 table and the flame graph count every call.\n";

namespace {

const char Page[] =
#include "html_page.inc"
    ;
const char Slot[] = "RUCHYTRACE_DATA";

// A JSON string that is also safe inside <script>: no "</script>".
void jsonString(std::string &Out, std::string_view S) {
  Out += '"';
  for (unsigned char C : S) {
    if (C == '"' || C == '\\') {
      Out += '\\';
      Out += char(C);
    } else if (C < 0x20 || C == '<') {
      char B[8];
      std::snprintf(B, sizeof B, "\\u%04x", C);
      Out += B;
    } else {
      Out += char(C);
    }
  }
  Out += '"';
}

// JSON text from the trace (valid: the reader checked it), made safe
// inside <script>: a '<' can only be in a string, where \u003c is the same.
void jsonRaw(std::string &Out, std::string_view S) {
  if (S.empty()) {
    Out += "null";
    return;
  }
  for (char C : S) {
    if (C == '<')
      Out += "\\u003c";
    else
      Out += C;
  }
}

void num(std::string &Out, uint64_t V) { Out += std::to_string(V); }

// A typed value as the page shows it, [type, value] (and its parameter's
// name, when the trace has one), not the trace's {"type_info": ...,
// "kinds": ...}: half of the page's bytes were that wrapping.
void compactTyped(std::string &Out, simdjson::dom::element V) {
  simdjson::dom::object O;
  std::string_view Name;
  simdjson::dom::element Value;
  if (V.get(O) || O["type_info"]["name"].get(Name) || O["value"].get(Value)) {
    Out += simdjson::minify(V);
    return;
  }
  Out += '[';
  jsonString(Out, Name);
  Out += ',';
  Out += simdjson::minify(Value);
  std::string_view Param;
  if (!O["param"].get(Param)) {
    Out += ',';
    jsonString(Out, Param);
  }
  Out += ']';
}

// The raw JSON of arguments (an array) or a return value, compacted; ""
// (null on the page) for none.
std::string compactValues(simdjson::dom::parser &Parser, std::string_view Raw) {
  std::string Out;
  simdjson::dom::element V;
  if (Raw.empty() || Raw == "null" ||
      Parser.parse(simdjson::padded_string(Raw)).get(V))
    return Out;
  simdjson::dom::array A;
  if (V.get(A)) {
    compactTyped(Out, V);
    return Out;
  }
  Out += '[';
  for (simdjson::dom::element E : A) {
    if (Out.size() > 1)
      Out += ',';
    compactTyped(Out, E);
  }
  Out += ']';
  return Out;
}

struct Kept {
  uint64_t Thread, Start, Duration;
  uint32_t Name, Depth, Enclosing;
  const char *How;
  std::string Args, Return, Location;
};

} // namespace

int html(const std::string &Path, const Filter &F, const std::string &OutPath,
         size_t MaxCalls) {
  Profile P;
  P.KeepArgs = true;
  // The longest calls: a min-heap on duration.
  std::vector<Kept> Heap;
  auto Shorter = [](const Kept &A, const Kept &B) {
    return A.Duration > B.Duration;
  };
  simdjson::dom::parser Parser;
  P.OnCall = [&](const Call &C) {
    if (Heap.size() >= MaxCalls && C.Duration <= Heap.front().Duration)
      return;
    Kept K{C.Thread,
           C.Start,
           C.Duration,
           C.Name,
           C.Depth,
           C.Enclosing,
           C.Unwound      ? "unwound"
           : C.TailCall   ? "left by a tail call"
           : C.Unfinished ? "unfinished at the end of the trace"
                          : "",
           compactValues(Parser, C.Args),
           compactValues(Parser, C.Return),
           std::string(C.Location)};
    if (Heap.size() >= MaxCalls) {
      std::pop_heap(Heap.begin(), Heap.end(), Shorter);
      Heap.back() = std::move(K);
    } else {
      Heap.push_back(std::move(K));
    }
    std::push_heap(Heap.begin(), Heap.end(), Shorter);
  };
  std::string Err = P.read(Path, F, isatty(2));
  if (!Err.empty())
    return fail(Path, Err);
  // The timeline begins at the earliest call: in a ring trace, calls whose
  // entries were dropped began before the first event.
  uint64_t Origin = P.Origin;
  for (Kept &K : Heap) {
    K.Depth = P.depth(K.Thread, K.Depth, K.Enclosing);
    Origin = std::min(Origin, K.Start);
  }
  std::sort(Heap.begin(), Heap.end(), [](const Kept &A, const Kept &B) {
    return A.Start != B.Start ? A.Start < B.Start : A.Depth < B.Depth;
  });
  std::unordered_map<uint64_t, size_t> ThreadIndex;
  for (size_t I = 0; I < P.ThreadIds.size(); ++I)
    ThreadIndex[P.ThreadIds[I]] = I;

  std::string D;
  D.reserve(1 << 20);
  D += "{\"program\": ";
  jsonString(D, P.Sum.HaveProgram ? P.Sum.Program : displayName(Path));
  D += ", \"trace\": ";
  jsonString(D, displayName(Path));
  D += ", \"notes\": ";
  jsonString(D, notesLine(P, F));
  D += ", \"calls\": ";
  num(D, P.Calls);
  D += ", \"traced\": ";
  num(D, P.Traced);
  D += ", \"span\": ";
  num(D, P.Last > Origin ? P.Last - Origin : 0);
  D += ",\n\"threads\": [";
  for (size_t I = 0; I < P.ThreadIds.size(); ++I) {
    D += I ? ", " : "";
    num(D, P.ThreadIds[I]);
  }
  // Per function: [name, colour, file, calls, total, self, sum, min, max].
  std::vector<FuncStat> All(P.N.ById.size());
  for (auto &KV : P.Stats)
    for (size_t I = 0; I < KV.second.size(); ++I) {
      const FuncStat &S = KV.second[I];
      FuncStat &A = All[I];
      A.Calls += S.Calls;
      A.Total += S.Total;
      A.Self += S.Self;
      A.Sum += S.Sum;
      A.Min = std::min(A.Min, S.Min);
      A.Max = std::max(A.Max, S.Max);
    }
  std::vector<std::string> Colour = functionColours(P);
  D += "],\n\"fns\": [";
  for (size_t I = 0; I < All.size(); ++I) {
    D += I ? ",\n" : "";
    D += '[';
    jsonString(D, P.name(uint32_t(I)));
    D += ", ";
    jsonString(D, Colour[I]);
    D += ", ";
    jsonString(D, I < P.Files.size() ? P.Files[I] : "");
    const FuncStat &S = All[I];
    for (uint64_t V : {S.Calls, S.Total, S.Self, S.Sum,
                       S.Calls ? S.Min : uint64_t(0), S.Max}) {
      D += ", ";
      num(D, V);
    }
    D += ']';
  }
  // The call tree: [parent, function, calls, total, self], paths too thin
  // to see (under 1/100000 of the traced time) left out when there are
  // many.
  std::vector<uint32_t> NewId(P.Nodes.size(), UINT32_MAX);
  NewId[0] = 0;
  bool Many = P.Nodes.size() > 20000;
  uint64_t Pruned = 0;
  D += "],\n\"tree\": [[-1, -1, 0, ";
  num(D, P.Traced);
  D += ", 0]";
  uint32_t Next = 1;
  for (size_t I = 1; I < P.Nodes.size(); ++I) {
    const Node &Nd = P.Nodes[I];
    if (!Nd.Calls || NewId[Nd.Parent] == UINT32_MAX ||
        (Many && Nd.Total * 100000 < P.Traced)) {
      Pruned += Nd.Calls;
      continue;
    }
    NewId[I] = Next++;
    D += ",\n[";
    for (uint64_t V : {uint64_t(NewId[Nd.Parent]), uint64_t(Nd.Name), Nd.Calls,
                       Nd.Total, Nd.Self}) {
      num(D, V);
      D += ", ";
    }
    D.resize(D.size() - 2);
    D += ']';
  }
  // The timeline: [thread index, start, duration, function, depth, how]
  // and, apart, each call's [arguments, return value, location].
  D += "],\n\"tl\": [";
  for (size_t I = 0; I < Heap.size(); ++I) {
    const Kept &K = Heap[I];
    D += I ? ",\n[" : "[";
    for (uint64_t V : {uint64_t(ThreadIndex[K.Thread]), K.Start - Origin,
                       K.Duration, uint64_t(K.Name), uint64_t(K.Depth)}) {
      num(D, V);
      D += ", ";
    }
    jsonString(D, K.How);
    D += ']';
  }
  D += "],\n\"det\": [";
  for (size_t I = 0; I < Heap.size(); ++I) {
    const Kept &K = Heap[I];
    D += I ? ",\n[" : "[";
    jsonRaw(D, K.Args);
    D += ", ";
    jsonRaw(D, K.Return);
    D += ", ";
    jsonRaw(D, K.Location);
    D += ']';
  }
  D += "],\n\"tlNote\": ";
  std::string TlNote;
  if (P.Calls > Heap.size())
    TlNote = "The timeline shows the " + std::to_string(Heap.size()) +
             " longest of the " + std::to_string(P.Calls) +
             " calls (--max-calls); the table and the flame graph count "
             "them all.";
  if (Pruned)
    TlNote += std::string(TlNote.empty() ? "" : " ") + "The flame graph " +
              "leaves out call paths under 1/100000 of the traced time (" +
              std::to_string(Pruned) + " calls).";
  jsonString(D, TlNote);
  D += "}";

  FILE *Out = openOutput(OutPath, Path);
  if (!Out)
    return 1;
  const char *At = std::strstr(Page, Slot);
  std::fwrite(Page, 1, size_t(At - Page), Out);
  std::fwrite(D.data(), 1, D.size(), Out);
  std::fputs(At + sizeof Slot - 1, Out);
  return closeOutput(Out, OutPath);
}

} // namespace ruchytrace
