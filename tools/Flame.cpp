//===- Flame.cpp - `ruchytrace flame`: a self-contained SVG flame graph ---===//
//
// The standard layout: one box per call path, as wide as its inclusive
// time, its callees stacked on it (above for a flame graph, below for an
// icicle graph), each box's <title> giving its numbers. It is drawn from
// Profile's call tree, so its size follows the number of distinct call
// paths wide enough to see, never the number of events.
//
//===----------------------------------------------------------------------===//
#include "Commands.h"

#include <algorithm>
#include <cinttypes>
#include <map>
#include <unistd.h>

namespace ruchytrace {

const char *FlameHelp =
    "usage: ruchytrace flame [--icicle] [--width PX] [filters] [-o OUT.svg]\n"
    "                        TRACE\n"
    "A flame graph as one self-contained SVG (stdout without -o): a box per\n"
    "call path as wide as its total time, callees on top, one colour family\n"
    "per source file (or library), the name in the box where it fits and\n"
    "the numbers in its tooltip (calls, total, self, share of all traced\n"
    "time). Paths narrower than a third of a pixel are left out (counted\n"
    "in the subtitle).\n"
    "  --icicle       root at the top, callees below\n"
    "  --width PX     the picture's width (default 1200)\n";

namespace {

constexpr double FrameH = 16, FontSize = 11, CharW = 6.6; // monospace 11px
constexpr double Margin = 10, Header = 48, Footer = 24;

uint64_t fnv(std::string_view S) {
  uint64_t H = 1469598103934665603ull;
  for (unsigned char C : S)
    H = (H ^ C) * 1099511628211ull;
  return H;
}

// How many characters of \p S fit in \p Px, cut at a UTF-8 boundary with
// ".." when cut; "" when not even three fit.
std::string fitText(std::string_view S, double Px) {
  size_t Fit = size_t(std::max(0.0, (Px - 6) / CharW));
  size_t Chars = 0;
  for (unsigned char C : S)
    Chars += (C & 0xC0) != 0x80;
  if (Chars <= Fit)
    return std::string(S);
  if (Fit < 3)
    return "";
  std::string Out;
  size_t Kept = 0;
  for (size_t I = 0; I < S.size(); ++I) {
    if ((S[I] & 0xC0) != 0x80 && ++Kept > Fit - 2)
      break;
    Out += S[I];
  }
  return Out + "..";
}

} // namespace

std::string xmlEscape(std::string_view S) {
  std::string Out;
  Out.reserve(S.size());
  for (unsigned char C : S) {
    switch (C) {
    case '&':
      Out += "&amp;";
      break;
    case '<':
      Out += "&lt;";
      break;
    case '>':
      Out += "&gt;";
      break;
    case '"':
      Out += "&quot;";
      break;
    case '\'':
      Out += "&#39;";
      break;
    default:
      // XML 1.0 allows no control characters but tab and newlines.
      if (C < 0x20 && C != '\t' && C != '\n')
        Out += "?";
      else
        Out += char(C);
    }
  }
  return Out;
}

std::vector<std::string> functionColours(const Profile &P) {
  // A family per file (or library), the families by decreasing time so
  // the busiest files get the most distinct hues.
  static const int Hues[] = {8, 210, 120, 35, 275, 180, 320, 55, 95, 240};
  std::map<std::string, uint64_t> Time;
  std::vector<std::string> Family(P.N.ById.size());
  std::vector<uint64_t> Self(P.N.ById.size());
  for (auto &KV : P.Stats)
    for (size_t I = 0; I < KV.second.size(); ++I)
      Self[I] += KV.second[I].Self;
  for (size_t I = 0; I < Family.size(); ++I) {
    std::string_view Name = P.name(uint32_t(I));
    if (I < P.Files.size() && !P.Files[I].empty())
      Family[I] = P.Files[I];
    else if (size_t C = Name.find("::"); C != std::string_view::npos)
      Family[I] = std::string(Name.substr(0, C)) + "::";
    Time[Family[I]] += Self[I];
  }
  std::vector<std::pair<uint64_t, std::string>> Order;
  for (auto &KV : Time)
    if (!KV.first.empty())
      Order.push_back({KV.second, KV.first});
  std::sort(Order.begin(), Order.end(), [](auto &A, auto &B) {
    return A.first != B.first ? A.first > B.first : A.second < B.second;
  });
  std::map<std::string, int> Hue;
  for (size_t I = 0; I < Order.size(); ++I)
    Hue[Order[I].second] = Hues[I % (sizeof Hues / sizeof *Hues)];
  std::vector<std::string> Colours(Family.size());
  for (size_t I = 0; I < Family.size(); ++I) {
    uint64_t H = fnv(P.name(uint32_t(I)));
    char B[48];
    if (Family[I].empty()) // unknown origin: grey
      std::snprintf(B, sizeof B, "hsl(0,0%%,%d%%)", 62 + int(H % 16));
    else
      std::snprintf(B, sizeof B, "hsl(%d,%d%%,%d%%)",
                    Hue[Family[I]] + int(H % 14) - 7, 62 + int(H / 14 % 25),
                    58 + int(H / 350 % 16));
    Colours[I] = B;
  }
  return Colours;
}

int flame(const std::string &Path, const Filter &F, const std::string &OutPath,
          bool Icicle, unsigned Width) {
  Profile P;
  std::string Err = P.read(Path, F, isatty(2));
  if (!Err.empty())
    return fail(Path, Err);
  auto Kids = P.children();
  std::vector<std::string> Colour = functionColours(P);
  const double Scale = P.Traced ? (Width - 2 * Margin) / double(P.Traced) : 0;
  const double MinW = 1.0 / 3;

  // Lay out: depth-first, each node at its parent's x plus its elder
  // siblings' widths. Only nodes wide enough are kept.
  struct Box {
    uint32_t Node, Depth;
    double X, W;
  };
  std::vector<Box> Boxes;
  uint64_t Hidden = 0;
  uint32_t MaxDepth = 0;
  std::vector<Box> Todo;
  double X0 = Margin;
  for (uint32_t C : Kids[0]) {
    double W = P.Nodes[C].Total * Scale;
    Todo.push_back({C, 1, X0, W});
    X0 += W;
  }
  std::reverse(Todo.begin(), Todo.end());
  while (!Todo.empty()) {
    Box B = Todo.back();
    Todo.pop_back();
    if (B.W < MinW) { // it and all under it
      std::vector<uint32_t> Sub{B.Node};
      while (!Sub.empty()) {
        uint32_t S = Sub.back();
        Sub.pop_back();
        Hidden += P.Nodes[S].Calls;
        Sub.insert(Sub.end(), Kids[S].begin(), Kids[S].end());
      }
      continue;
    }
    Boxes.push_back(B);
    MaxDepth = std::max(MaxDepth, B.Depth);
    double X = B.X;
    size_t First = Todo.size();
    for (uint32_t C : Kids[B.Node]) {
      double W = P.Nodes[C].Total * Scale;
      Todo.push_back({C, B.Depth + 1, X, W});
      X += W;
    }
    std::reverse(Todo.begin() + First, Todo.end());
  }

  FILE *Out = openOutput(OutPath, Path);
  if (!Out)
    return 1;
  double Height = Header + (MaxDepth + 1) * FrameH + Footer;
  auto Y = [&](uint32_t Depth) {
    return Icicle ? Header + Depth * FrameH
                  : Height - Footer - (Depth + 1) * FrameH;
  };
  std::fprintf(Out,
               "<?xml version=\"1.0\" standalone=\"no\"?>\n"
               "<svg version=\"1.1\" xmlns=\"http://www.w3.org/2000/svg\" "
               "width=\"%u\" height=\"%.0f\" viewBox=\"0 0 %u %.0f\" "
               "font-family=\"monospace\" font-size=\"%.0f\">\n"
               "<rect width=\"100%%\" height=\"100%%\" fill=\"#fdfdf8\"/>\n",
               Width, Height, Width, Height, FontSize);
  std::string Program = P.Sum.HaveProgram ? P.Sum.Program : Path;
  std::string Notes = notesLine(P, F);
  std::fprintf(Out,
               "<text x=\"%u\" y=\"20\" text-anchor=\"middle\" "
               "font-size=\"15\">%s graph: %s</text>\n"
               "<text x=\"%u\" y=\"37\" text-anchor=\"middle\" "
               "fill=\"#555\">%" PRIu64 " calls, %s traced%s%s%s</text>\n",
               Width / 2, Icicle ? "Icicle" : "Flame",
               xmlEscape(Program).c_str(), Width / 2, P.Calls,
               formatNs(P.Traced).c_str(),
               Hidden ? (", " + std::to_string(Hidden) +
                         " calls in paths too narrow to draw")
                            .c_str()
                      : "",
               Notes.empty() ? "" : "; ", xmlEscape(Notes).c_str());
  // The root: all traced time.
  std::fprintf(Out,
               "<g><title>all: %" PRIu64 " calls, %s (100%%)</title>"
               "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.0f\" "
               "fill=\"#d8d8d0\" rx=\"2\"/><text x=\"%.1f\" y=\"%.1f\">all"
               "</text></g>\n",
               P.Calls, formatNs(P.Traced).c_str(), Margin, Y(0),
               Width - 2 * Margin, FrameH - 1, Margin + 3, Y(0) + FrameH - 4.5);
  for (const Box &B : Boxes) {
    const Node &Nd = P.Nodes[B.Node];
    std::string_view Name = P.name(Nd.Name);
    std::string Esc = xmlEscape(Name);
    std::fprintf(Out,
                 "<g><title>%s\ncalls %" PRIu64 ", total %s (%.2f%%), "
                 "self %s</title><rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
                 "height=\"%.0f\" fill=\"%s\" rx=\"2\"/>",
                 Esc.c_str(), Nd.Calls, formatNs(Nd.Total).c_str(),
                 100.0 * Nd.Total / double(P.Traced ? P.Traced : 1),
                 formatNs(Nd.Self).c_str(), B.X, Y(B.Depth), B.W, FrameH - 1,
                 Colour[Nd.Name].c_str());
    std::string Text = fitText(Name, B.W);
    if (!Text.empty())
      std::fprintf(Out, "<text x=\"%.1f\" y=\"%.1f\">%s</text>", B.X + 3,
                   Y(B.Depth) + FrameH - 4.5, xmlEscape(Text).c_str());
    std::fputs("</g>\n", Out);
  }
  std::fprintf(Out,
               "<text x=\"%.0f\" y=\"%.0f\" fill=\"#777\">width: total time "
               "of each call path; colour: source file; hover for the "
               "numbers</text>\n</svg>\n",
               Margin, Height - 7);
  return closeOutput(Out, OutPath);
}

int folded(const std::string &Path, const std::string &OutPath) {
  Profile P;
  std::string Err = P.read(Path, Filter(), isatty(2));
  if (!Err.empty())
    return fail(Path, Err);
  // Nodes come after their parents: each path is its parent's plus a name.
  std::vector<std::string> Stack(P.Nodes.size());
  std::map<std::string_view, uint64_t> Lines;
  for (uint32_t I = 1; I < P.Nodes.size(); ++I) {
    const Node &Nd = P.Nodes[I];
    Stack[I] = Nd.Parent ? Stack[Nd.Parent] + ";" : std::string();
    Stack[I] += P.name(Nd.Name);
    if (Nd.Calls)
      Lines[Stack[I]] += Nd.Self;
  }
  FILE *Out = openOutput(OutPath, Path);
  if (!Out)
    return 1;
  for (auto &L : Lines)
    std::fprintf(Out, "%.*s %" PRIu64 "\n", int(L.first.size()), L.first.data(),
                 L.second);
  return closeOutput(Out, OutPath);
}

} // namespace ruchytrace
