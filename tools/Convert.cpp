//===- Convert.cpp - `ruchytrace convert` ---------------------------------===//
//
// A JSON trace to text, Chrome Trace Event JSON, NDJSON, Perfetto protobuf
// or folded stacks (Flame.cpp, from Profile's call tree). Text, Chrome and
// NDJSON are laid out by the runtime's own rt_layout.c, Perfetto by its
// rt_proto.c, and formatted by its rt_writer.c, so a converted trace is byte
// for byte what the runtime writes in that format for the same recording.
//
//===----------------------------------------------------------------------===//
#include "Convert.h"

#include "Commands.h"
#include "TraceReader.h"
#include "Values.h"
#include "rt_format.h"
#include "rt_proto.h"
#include "rt_rtrace.h"

#include <cerrno>
#include <cinttypes>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <map>
#include <memory>
#include <sys/stat.h>
#include <unistd.h>
#include <unordered_map>
#include <unordered_set>
#include <vector>

using namespace simdjson;

namespace ruchytrace {

namespace {

// One output file (or stdout) behind the runtime's buffered writer.
class Output {
public:
  bool open(const std::string &Path, const std::string &Input) {
    struct stat A, B;
    if (!stat(Path.c_str(), &A) && !stat(Input.c_str(), &B) &&
        A.st_dev == B.st_dev && A.st_ino == B.st_ino && S_ISREG(A.st_mode)) {
      std::fprintf(stderr, "ruchytrace: '%s' is the trace itself\n",
                   Path.c_str());
      return false;
    }
    Fd = Path.empty() || Path == "-"
             ? 1
             : ::open(Path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
                      0644);
    if (Fd < 0) {
      std::fprintf(stderr, "ruchytrace: cannot write '%s': %s\n", Path.c_str(),
                   std::strerror(errno));
      return false;
    }
    Buf.resize(1 << 20);
    rt_out_init(&O, Fd, Buf.data(), Buf.size());
    return true;
  }
  // "" or what went wrong.
  std::string close() {
    if (Fd < 0)
      return "";
    rt_out_flush(&O);
    int Err = O.failed;
    if (Fd != 1 && ::close(Fd) != 0 && !Err)
      Err = errno;
    Fd = -1;
    return Err ? std::string("writing the output failed: ") + std::strerror(Err)
               : "";
  }
  int fd() const { return Fd; }
  rt_out O;

private:
  int Fd = -1;
  std::vector<char> Buf;
};

// What a conversion knows of the trace before its first event.
struct Context {
  Summary Meta; // the metadata, from the pass itself or a first pass
  bool MultiThread = false;
  bool ParamNames = false; // text: `long n=5` (--param-names)
};

// Writes the events of one format.
class Converter {
public:
  Converter(rt_out *O, const Context &Ctx) : O(O), Ctx(Ctx) {}
  virtual ~Converter() = default;
  virtual void event(const Event &E) = 0;
  virtual void end(const Summary &Sum) = 0;

protected:
  rt_out *O;
  const Context &Ctx;
  Reparser Args, Inner, Loc;
  uint64_t Count = 0;

  const Summary &meta() const { return Ctx.Meta; }
  const char *note() const {
    return meta().HaveAttachNote ? meta().AttachNote.c_str() : nullptr;
  }

  // Calls Each(i, its type, its value) for each argument; returns how
  // many there are.
  template <typename Fn> unsigned eachArg(const Event &E, Fn Each) {
    unsigned I = 0;
    ondemand::document Doc = Args.parse(E.Args);
    for (ondemand::value A : Doc.get_array()) {
      TypedValue T;
      ondemand::value V = readTyped(A.get_object(), T, false);
      Each(I++, T, V);
    }
    return I;
  }
  rt_location location(const Event &E) {
    if (E.Location.empty() || E.Location == "null")
      return rt_location{nullptr, 0, 0, 0};
    ondemand::document Doc = Loc.parse(E.Location);
    return readLocation(Doc.get_value());
  }
  // Calls Each(its type, its value) for the return value, if any.
  template <typename Fn> void returned(const Event &E, Fn Each) {
    if (E.Return == "null")
      return;
    ondemand::document Doc = Args.parse(E.Return);
    TypedValue T;
    ondemand::value V = readTyped(Doc.get_object(), T, false);
    Each(T, V);
  }
};

class TextConverter : public Converter {
public:
  using Converter::Converter;
  void begin() { rt_text_begin(O, meta().SampleRate, note()); }
  void event(const Event &E) override {
    rt_text_event_start(O, Ctx.MultiThread, E.Thread, E.Timestamp, E.Enter,
                        E.Name.data(), E.Name.size());
    if (E.Enter) {
      // As the runtime's text sink: the arguments share the line
      // (rt_text_share), each measured first in a discarding writer.
      Room.clear();
      if (E.Args.size() > 2) { // not "[]"
        char Buf[512];
        rt_out M;
        rt_out_init(&M, -1, Buf, sizeof Buf);
        writeArgs(&M, E, /*Measure=*/true);
        if (Room.size() > 1) // one value has the whole line, as it is
          rt_text_share_line(O, rt_out_pos(&M), unsigned(Room.size()),
                             Room.data());
        else
          Room.clear();
      }
      unsigned N = writeArgs(O, E, /*Measure=*/false);
      rt_location L = location(E);
      rt_text_enter_end(O, E.Variadic, N, &L);
      return;
    }
    bool HasValue = E.Return != "null";
    if (rt_text_exit_how(O, exitHow(E.TailCall, E.Unwound, E.Unfinished),
                         HasValue))
      returned(E, [&](TypedValue &T, ondemand::value V) {
        writeText(O, V, T.Kinds);
      });
    rt_text_exit_end(O, E.Duration);
  }
  void end(const Summary &) override {}

private:
  std::vector<uint64_t> Room; // each argument's room, when they share one

  // Measuring, each value runs to a whole line and Room gets what it
  // took; writing, each ends at its Room (if any).
  unsigned writeArgs(rt_out *Out, const Event &E, bool Measure) {
    return eachArg(E, [&](unsigned I, TypedValue &T, ondemand::value V) {
      bool Named = Ctx.ParamNames && T.HasParam;
      rt_text_arg(Out, I, T.Type.data(), T.Type.size(),
                  Named ? T.Param.data() : nullptr, Named ? T.Param.size() : 0);
      uint64_t At = rt_out_pos(Out);
      if (Measure)
        Out->cut = At + RT_TEXT_LINE_MAX;
      else if (I < Room.size())
        Out->cut = At + Room[I];
      writeText(Out, V, T.Kinds);
      if (Measure)
        Room.push_back(rt_out_pos(Out) - At);
    });
  }
};

class ChromeConverter : public Converter {
public:
  using Converter::Converter;
  void event(const Event &E) override {
    if (!Count)
      begin(E.Timestamp);
    rt_chrome_note_thread(&Threads, E.Thread);
    rt_chrome_event_start(O, Count++, E.Enter, E.Name.data(), E.Name.size(),
                          E.Timestamp, Start, pid(), E.Thread);
    if (E.Enter) {
      unsigned N =
          eachArg(E, [&](unsigned I, TypedValue &T, ondemand::value V) {
            rt_chrome_arg_start(O, I, T.Type.data(), T.Type.size(), T.param(),
                                T.Param.size());
            writeJson(O, V);
            rt_out_char(O, '}');
          });
      rt_location L = location(E);
      rt_chrome_location(O, N, &L);
    } else {
      enum rt_exit_how How = exitHow(E.TailCall, E.Unwound, E.Unfinished);
      if (How != RT_EXIT_RETURN)
        rt_chrome_exit_how(O, How, nullptr, 0);
      returned(E, [&](TypedValue &T, ondemand::value V) {
        if (How == RT_EXIT_RETURN &&
            rt_chrome_exit_how(O, How, T.Type.data(), T.Type.size())) {
          writeJson(O, V);
          rt_out_char(O, '}');
        }
      });
    }
    rt_chrome_event_end(O);
  }
  void end(const Summary &Sum) override {
    if (!Count)
      begin(meta().StartNs);
    rt_chrome_end(O, Count, &Threads, pid(),
                  Sum.HaveStats ? Sum.TotalEvents : Count, Sum.DroppedEvents);
  }

private:
  rt_chrome_threads Threads{};
  uint64_t Start = 0;

  uint64_t pid() const { return meta().HavePid ? meta().Pid : 1; }
  void begin(uint64_t FirstTs) {
    // Relative to the run's start; a trace without one starts at its
    // first event.
    Start = meta().HaveStartTime ? meta().StartNs : FirstTs;
    const std::string &P = meta().Program, &V = meta().RuchyVersion;
    rt_chrome_begin(O, P.data(), P.size(), Start, V.data(), V.size(),
                    meta().SampleRate, note());
  }
};

class PerfettoConverter : public Converter {
public:
  // The first packet says whether events were dropped, so the stats (at
  // the end of a JSON trace) come from a first pass: \p Stats.
  PerfettoConverter(rt_out *O, const Context &Ctx, const Summary &Stats,
                    uint64_t Events)
      : Converter(O, Ctx), W(new rt_pf()), Stats(Stats), Events(Events) {}
  void event(const Event &E) override {
    if (!Count++)
      begin(E.Timestamp);
    rt_location L = E.Enter ? location(E) : rt_location{nullptr, 0, 0, 0};
    rt_pf_event_start(W.get(), E.Enter, E.Thread, E.Timestamp, E.Name.data(),
                      E.Name.size(), &L);
    if (E.Enter) {
      eachArg(E, [&](unsigned I, TypedValue &T, ondemand::value V) {
        rt_pf_arg_start(W.get(), I, T.Type.data(), T.Type.size(), T.param(),
                        T.Param.size());
        value(T, V);
        rt_pf_value_end(W.get());
      });
    } else {
      enum rt_exit_how How = exitHow(E.TailCall, E.Unwound, E.Unfinished);
      if (How != RT_EXIT_RETURN)
        rt_pf_exit_how(W.get(), How);
      else
        returned(E, [&](TypedValue &T, ondemand::value V) {
          rt_pf_return_start(W.get(), T.Type.data(), T.Type.size());
          value(T, V);
          rt_pf_value_end(W.get());
        });
    }
    rt_pf_event_end(W.get());
  }
  void end(const Summary &) override {
    if (!Count)
      begin(meta().StartNs);
  }

private:
  std::unique_ptr<rt_pf> W; // 6 MiB of fixed tables
  const Summary &Stats;
  uint64_t Events;

  void begin(uint64_t FirstTs) {
    const std::string &P = meta().Program, &V = meta().RuchyVersion;
    rt_pf_begin(W.get(), O, P.data(), P.size(), meta().HavePid ? meta().Pid : 1,
                meta().HaveStartTime ? meta().StartNs : FirstTs, V.data(),
                V.size(), meta().SampleRate,
                Stats.HaveStats ? Stats.TotalEvents : Events,
                Stats.DroppedEvents, note());
  }
  // What JSON shows as a bool or a number may be typed (the runtime's
  // rule, rt_pf_value_scalar); the rest is the text format's spelling.
  void value(TypedValue &T, ondemand::value V) {
    ondemand::json_type Type = V.type();
    writeText(rt_pf_scratch(W.get()), V, T.Kinds);
    if ((Type == ondemand::json_type::number ||
         Type == ondemand::json_type::boolean) &&
        rt_pf_value_scalar(W.get()))
      return;
    rt_pf_value_text(W.get());
  }
};

class NdjsonConverter : public Converter {
public:
  using Converter::Converter;
  void begin() {
    if (!meta().HaveMetadata)
      return;
    // The runtime's keys in its order, then any others.
    rt_out_cstr(O, "{\"metadata\": {");
    ondemand::document Doc = Inner.parse(meta().Metadata);
    ondemand::object Obj = Doc.get_object();
    bool First = true;
    auto Field = [&](std::string_view Key, ondemand::value V) {
      rt_out_cstr(O, First ? "" : ", ");
      First = false;
      rt_out_json_stringn(O, Key.data(), Key.size());
      rt_out_cstr(O, ": ");
      writeJson(O, V);
    };
    auto Known = [](std::string_view Key) {
      for (unsigned I = 0; rt_json_metadata_keys[I]; ++I)
        if (Key == rt_json_metadata_keys[I])
          return true;
      return false;
    };
    for (unsigned I = 0; rt_json_metadata_keys[I]; ++I) {
      auto V = Obj.find_field_unordered(rt_json_metadata_keys[I]);
      if (V.error() != NO_SUCH_FIELD)
        Field(rt_json_metadata_keys[I], V.value());
    }
    Obj.reset();
    for (auto F : Obj) {
      std::string_view Key = keyOf(F);
      if (!Known(Key)) // a known one was written: its value is skipped
        Field(Key, F.value());
    }
    rt_out_cstr(O, "}}\n");
  }
  void event(const Event &E) override {
    if (E.Enter) {
      rt_json_enter_start(O, E.Name.data(), E.Name.size());
      eachArg(E, [&](unsigned I, TypedValue &T, ondemand::value V) {
        rt_json_arg_sep(O, I);
        typed(T, V);
      });
      rt_location L = location(E);
      rt_json_enter_end(O, E.Variadic, &L);
    } else {
      rt_json_exit_start(O, E.Name.data(), E.Name.size());
      if (E.Return == "null")
        rt_out_cstr(O, "null");
      returned(E, [&](TypedValue &T, ondemand::value V) { typed(T, V); });
      rt_json_exit_end(O, exitHow(E.TailCall, E.Unwound, E.Unfinished),
                       E.Duration);
    }
    rt_json_event_end(O, E.Timestamp, E.Thread);
    rt_out_char(O, '\n');
  }
  void end(const Summary &Sum) override {
    if (!Sum.HaveStats)
      return;
    rt_out_cstr(O, "{\"stats\": ");
    rt_json_stats(O, &rt_json_one_line_seps, Sum.TotalEvents, Sum.DroppedEvents,
                  Sum.DurationNs);
    rt_out_cstr(O, "}\n");
  }

private:
  void typed(const TypedValue &T, ondemand::value V) {
    rt_json_typed_start(O, T.Type.data(), T.Type.size());
    if (T.Fields == "null") {
      rt_out_cstr(O, "null");
    } else {
      ondemand::document Fields = Inner.parse(T.Fields);
      writeJson(O, Fields.get_value());
    }
    rt_json_typed_value(O);
    writeJson(O, V);
    rt_json_typed_end(O, T.Kinds.data(), T.Kinds.size(), T.param(),
                      T.Param.size());
  }
};

// A first pass for what the output's start needs: the metadata (if it is
// not ahead of the events) and, for text, whether there is more than one
// thread. It stops as soon as it knows.
std::string firstPass(const std::string &Path, Context &Ctx, bool Threads) {
  std::unordered_set<uint64_t> Seen;
  bool Done = false;
  std::string Err = readTrace(
      Path,
      [&](const Event &E) -> std::string {
        if (Threads && Seen.size() < 2)
          Seen.insert(E.Thread);
        if ((!Threads || Seen.size() > 1) && Ctx.Meta.HaveMetadata) {
          Done = true;
          return "done";
        }
        return "";
      },
      Ctx.Meta, false);
  Ctx.MultiThread = Seen.size() > 1;
  return Done ? "" : Err;
}

} // namespace

// A .rtrace file is written by the runtime's own replay and writers
// (rt_rtrace_read.c), which give exactly the bytes the runtime writes.
static int convertRtrace(const std::string &Path, const std::string &To,
                         const std::string &OutPath, bool ParamNames) {
  Output Out;
  if (!Out.open(OutPath, Path))
    return 1;
  char Err[512];
  int Fd = Out.fd();
  if (rt_rtrace_convert(Path.c_str(), To.c_str(), -1, ParamNames ? 1 : -1, 0,
                        Fd, Err, sizeof Err) != 0) {
    Out.close();
    discardOutput(OutPath);
    std::fprintf(stderr, "ruchytrace: %s\n", displayText(Err).c_str());
    return 1;
  }
  std::string Closed = Out.close();
  if (!Closed.empty())
    return fail(Path, Closed);
  return 0;
}

int convert(const std::string &Path, const std::string &To,
            const std::string &OutPath, bool Progress, bool ParamNames) {
  if (To == "folded") // from the call tree every analysis command uses
    return folded(Path, OutPath);
  if (rt_rtrace_is(Path.c_str()))
    return convertRtrace(Path, To, OutPath, ParamNames);
  if (To == "json")
    return fail(Path, "is not a .rtrace file (--to json converts those; a "
                      "JSON trace is JSON already)");
  Context Ctx;
  Ctx.ParamNames = ParamNames;
  bool Text = To == "text", Searched = false;
  Summary Stats;
  uint64_t Events = 0;
  if (To == "perfetto") {
    // The stats are at the end of a JSON trace and Perfetto's first
    // packet needs them: a first pass (which finds the metadata too).
    std::string Err = readTrace(
        Path,
        [&](const Event &) -> std::string {
          ++Events;
          return "";
        },
        Stats, false);
    if (!Err.empty())
      return fail(Path, Err);
    Ctx.Meta = Stats;
    Searched = true;
  }
  if (Text) {
    // The "[tid N] " prefix depends on the whole trace's thread count.
    std::string Err = firstPass(Path, Ctx, true);
    if (!Err.empty())
      return fail(Path, Err);
    Searched = true;
  }
  Output Out;
  if (!Out.open(OutPath, Path))
    return 1;
  auto Failed = [&](const std::string &Err) {
    Out.close();
    discardOutput(OutPath);
    return fail(Path, Err);
  };
  for (;;) {
    std::unique_ptr<Converter> C;
    NdjsonConverter *Nd = nullptr;
    if (Text) {
      auto *T = new TextConverter(&Out.O, Ctx);
      C.reset(T);
      T->begin();
    } else if (To == "chrome") {
      C.reset(new ChromeConverter(&Out.O, Ctx));
    } else if (To == "perfetto") {
      C.reset(new PerfettoConverter(&Out.O, Ctx, Stats, Events));
    } else {
      C.reset(Nd = new NdjsonConverter(&Out.O, Ctx));
    }
    Summary Sum;
    bool Later = false, Started = false;
    auto Start = [&] {
      Started = true;
      if (Sum.HaveMetadata && !Ctx.Meta.HaveMetadata)
        Ctx.Meta = Sum;
      if (Nd)
        Nd->begin();
    };
    std::string Err = readTrace(
        Path,
        [&](const Event &E) -> std::string {
          if (!Started) {
            // Metadata after the events (keys in another order) is
            // needed before the first line: a first pass finds it.
            if (!Sum.HaveMetadata && !Ctx.Meta.HaveMetadata && !Searched) {
              Later = true;
              return "metadata later";
            }
            Start();
          }
          // What text, chrome and ndjson show cannot be guessed.
          if (E.Enter ? !E.HaveArgs : !E.HaveReturn)
            return E.Enter ? "a function_enter has no \"args\""
                           : "a function_exit has no \"return_value\"";
          C->event(E);
          return "";
        },
        Sum, Progress);
    if (Later) {
      Err = firstPass(Path, Ctx, false);
      if (!Err.empty())
        return Failed(Err);
      Searched = true;
      continue;
    }
    if (!Err.empty())
      return Failed(Err);
    if (!Started)
      Start();
    C->end(Sum);
    Err = Out.close();
    return Err.empty() ? 0 : Failed(Err);
  }
}

} // namespace ruchytrace
