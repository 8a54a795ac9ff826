//===- TraceReader.cpp - reading RuchyTrace traces with simdjson ----------===//
//
// The top level of a trace (the document's keys, the events array, the
// sequence of NDJSON values) is scanned here; each event, the metadata and
// the stats are parsed on their own by simdjson. The runtime writes one
// event per line, so an event is first tried as the rest of its line (one
// memchr, one parse): that is the fast path. Any other layout falls back,
// from its first event on, to finding each event's extent by scanning its
// brackets and strings.
//
//===----------------------------------------------------------------------===//
#include "TraceReader.h"
#include "rt_format.h"
#include "rt_rtrace.h"

#include "Values.h"
#include "simdjson.h"

#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace simdjson;

namespace ruchytrace {

std::string_view jsonScalar(std::string_view Raw) {
  size_t I = 0;
  if (!Raw.empty() && Raw[0] == '"') {
    for (I = 1; I < Raw.size(); ++I) {
      if (Raw[I] == '\\')
        ++I;
      else if (Raw[I] == '"')
        return Raw.substr(0, I + 1);
    }
    return Raw;
  }
  while (I < Raw.size() && Raw[I] != ',' && Raw[I] != '}' && Raw[I] != ']' &&
         Raw[I] != ' ' && Raw[I] != '\n' && Raw[I] != '\r' && Raw[I] != '\t')
    ++I;
  return Raw.substr(0, I);
}

namespace {

using Callback = std::function<std::string(const Event &)>;

[[noreturn]] void fail(std::string Message) {
  throw BadTrace{std::move(Message)};
}

void need(bool Cond, const char *Message) {
  if (!Cond)
    fail(Message);
}

// The callback's own complaint: it stops the reading.
struct Stop {
  std::string Message;
};

const char *const Truncated =
    "invalid JSON: the document ended early (truncated file?)";

bool isSpace(char C) { return C == ' ' || C == '\n' || C == '\r' || C == '\t'; }

bool isEventKey(std::string_view K) {
  return K == "type" || K == "name" || K == "timestamp_ns" ||
         K == "thread_id" || K == "args" || K == "location" ||
         K == "return_value" || K == "duration_ns";
}

// RFC 3339 ("2025-10-29T18:06:23.405460200+00:00") to ns since the epoch.
bool parseRfc3339(std::string_view S, uint64_t &Ns) {
  auto Num = [&](size_t At, size_t Len, unsigned &V) {
    V = 0;
    if (At + Len > S.size())
      return false;
    for (size_t I = At; I < At + Len; ++I) {
      if (S[I] < '0' || S[I] > '9')
        return false;
      V = V * 10 + unsigned(S[I] - '0');
    }
    return true;
  };
  unsigned Y, Mo, D, H, Mi, Se, OH = 0, OM = 0;
  if (!Num(0, 4, Y) || !Num(5, 2, Mo) || !Num(8, 2, D) || !Num(11, 2, H) ||
      !Num(14, 2, Mi) || !Num(17, 2, Se) || S[4] != '-' || S[7] != '-' ||
      (S[10] != 'T' && S[10] != 't') || S[13] != ':' || S[16] != ':' ||
      Mo < 1 || Mo > 12 || D < 1 || D > 31 || H > 23 || Mi > 59 || Se > 60)
    return false;
  size_t I = 19;
  uint64_t Frac = 0, Scale = 1000000000;
  if (I < S.size() && S[I] == '.') {
    size_t From = ++I;
    for (; I < S.size() && S[I] >= '0' && S[I] <= '9'; ++I)
      if (Scale > 1) {
        Scale /= 10;
        Frac += uint64_t(S[I] - '0') * Scale;
      }
    if (I == From)
      return false;
  }
  int Sign = 0;
  if (I < S.size() && (S[I] == 'Z' || S[I] == 'z')) {
    ++I;
  } else if (I < S.size() && (S[I] == '+' || S[I] == '-')) {
    Sign = S[I] == '+' ? 1 : -1;
    if (!Num(I + 1, 2, OH) || I + 3 >= S.size() || S[I + 3] != ':' ||
        !Num(I + 4, 2, OM))
      return false;
    I += 6;
  } else {
    return false;
  }
  if (I != S.size())
    return false;
  // Days from the civil date (Howard Hinnant's algorithm).
  int64_t Yr = int64_t(Y) - (Mo <= 2);
  int64_t Era = (Yr >= 0 ? Yr : Yr - 399) / 400;
  unsigned Yoe = unsigned(Yr - Era * 400);
  unsigned Doy = (153 * (Mo > 2 ? Mo - 3 : Mo + 9) + 2) / 5 + D - 1;
  unsigned Doe = Yoe * 365 + Yoe / 4 - Yoe / 100 + Doy;
  int64_t Days = Era * 146097 + int64_t(Doe) - 719468;
  int64_t Secs = Days * 86400 + H * 3600 + Mi * 60 + Se -
                 Sign * int64_t(OH * 3600 + OM * 60);
  if (Secs < 0)
    return false;
  Ns = uint64_t(Secs) * 1000000000 + Frac;
  return true;
}

// One event object, any key order; unknown keys are skipped. Deep checks
// typed values and the location in full (validate).
void parseEvent(ondemand::object Obj, Event &E, bool Deep) {
  bool HaveType = false, HaveName = false, HaveTs = false, HaveTid = false;
  for (auto Field : Obj) {
    std::string_view Key = keyOf(Field);
    ondemand::value V = Field.value();
    if (Key == "type") {
      std::string_view T = V.get_string();
      need(T == "function_enter" || T == "function_exit",
           "\"type\" is neither function_enter nor function_exit");
      E.Enter = T == "function_enter";
      HaveType = true;
    } else if (Key == "name") {
      E.Name = V.get_string();
      HaveName = true;
    } else if (Key == "timestamp_ns") {
      E.Timestamp = V.get_uint64();
      HaveTs = true;
    } else if (Key == "thread_id") {
      E.Thread = V.get_uint64();
      HaveTid = true;
    } else if (Key == "duration_ns") {
      E.Duration = V.get_uint64();
      E.HaveDuration = true;
    } else if (Key == "args") {
      if (Deep)
        for (ondemand::value A : V.get_array())
          checkTyped(A);
      else
        E.Args = V.get_array().value().raw_json().value();
      E.HaveArgs = true;
    } else if (Key == "return_value") {
      if (Deep && V.type().value() != ondemand::json_type::null)
        checkTyped(V);
      else
        E.Return = rawJson(V);
      E.HaveReturn = true;
    } else if (Key == "location") {
      if (Deep)
        readLocation(V);
      else
        E.Location = rawJson(V);
      E.HaveLocation = true;
    } else if (Key == rt_exit_json_key(RT_EXIT_UNWOUND)) {
      E.Unwound = V.get_bool();
    } else if (Key == rt_exit_json_key(RT_EXIT_UNFINISHED)) {
      E.Unfinished = V.get_bool();
    } else if (Key == rt_exit_json_key(RT_EXIT_TAIL_CALL)) {
      E.TailCall = V.get_bool();
    } else if (Key == "variadic") {
      E.Variadic = V.get_bool();
    } else {
      rawJson(V); // an extension: skipped
    }
  }
  need(HaveType, "an event has no \"type\"");
  need(HaveName, "an event has no \"name\"");
  need(HaveTs, "an event has no \"timestamp_ns\"");
  need(HaveTid, "an event has no \"thread_id\"");
}

class Reader {
public:
  // Data[0, Size) is the trace; Data[0, Readable) may be read (simdjson
  // reads up to SIMDJSON_PADDING bytes past what it parses).
  Reader(const char *Data, size_t Size, size_t Readable, const Callback &On,
         Summary &Sum, bool Progress)
      : D(Data), N(Size), Cap(Readable), On(On), Sum(Sum), Progress(Progress) {}

  /// For a piece of a longer NDJSON stream: where it starts in the stream
  /// and how many events came before it, for offsets and messages.
  void continueFrom(size_t ByteBase, size_t EventsBefore) {
    Base = ByteBase;
    Index = EventsBefore;
  }
  size_t eventCount() const { return Index; }

  std::string run() {
    try {
      top();
    } catch (BadTrace &F) {
      return at(F.Message);
    } catch (Stop &S) {
      return at(S.Message);
    } catch (simdjson_error &Err) {
      return at(std::string("invalid JSON: ") + Err.what());
    }
    return "";
  }

private:
  const char *D;
  size_t N, Cap;
  const Callback &On;
  Summary &Sum;
  bool Progress;
  ondemand::parser Parser;
  std::string Copy, Key;
  const char *ParsedAt = nullptr; // where the last parsed text is
  size_t ParsedFrom = 0;          // and where it is in the trace
  size_t Pos = 0, Where = 0, Index = 0, Base = 0;
  bool Lines = true; // still trying each event as the rest of its line

  std::string at(const std::string &What) const {
    return "at byte " + std::to_string(Base + Where) + " (event " +
           std::to_string(Index) + "): " + What;
  }

  void skipSpace() {
    while (Pos < N && isSpace(D[Pos]))
      ++Pos;
  }

  char next() {
    skipSpace();
    if (Pos >= N) {
      Where = N;
      fail(Truncated);
    }
    return D[Pos++];
  }

  // Past the string starting at P (a '"').
  size_t stringEnd(size_t P) const {
    for (size_t I = P + 1; I < N;) {
      const char *Q = static_cast<const char *>(memchr(D + I, '"', N - I));
      if (!Q)
        break;
      size_t At = size_t(Q - D), Slashes = 0;
      while (At - Slashes > P + 1 && D[At - Slashes - 1] == '\\')
        ++Slashes;
      if (Slashes % 2 == 0)
        return At + 1;
      I = At + 1;
    }
    fail(Truncated);
  }

  // Past the value starting at P, by its brackets and strings alone
  // (simdjson checks the rest when it parses it).
  size_t valueEnd(size_t P) const {
    char C = D[P];
    if (C == '"')
      return stringEnd(P);
    if (C != '{' && C != '[') {
      while (P < N && !isSpace(D[P]) && D[P] != ',' && D[P] != '}' &&
             D[P] != ']')
        ++P;
      return P;
    }
    size_t Depth = 0;
    for (size_t I = P; I < N; ++I) {
      switch (D[I]) {
      case '"':
        I = stringEnd(I) - 1;
        break;
      case '{':
      case '[':
        ++Depth;
        break;
      case '}':
      case ']':
        if (--Depth == 0)
          return I + 1;
        break;
      default:
        break;
      }
    }
    fail(Truncated);
  }

  // Parses D[B, E), in place when the trace goes on for simdjson's padding.
  ondemand::document parse(size_t B, size_t E) {
    ParsedFrom = B;
    if (Cap - E >= SIMDJSON_PADDING) {
      ParsedAt = D + B;
      return Parser.iterate(padded_string_view(D + B, E - B, Cap - B));
    }
    Copy.assign(D + B, E - B);
    Copy.append(SIMDJSON_PADDING, '\0');
    ParsedAt = Copy.data();
    return Parser.iterate(padded_string_view(Copy.data(), E - B, Copy.size()));
  }

  // Points an error inside a parsed value at its byte in the trace.
  void locate(ondemand::document &Doc) {
    const char *L = nullptr;
    if (!Doc.current_location().get(L) && L >= ParsedAt)
      Where = ParsedFrom + size_t(L - ParsedAt);
  }

  // A key and its colon; the key unescaped.
  std::string_view key() {
    if (next() != '"') {
      Where = Pos - 1;
      fail("expected a key (a string) in an object");
    }
    size_t B = Pos - 1, E = stringEnd(B);
    Key.assign(D + B + 1, E - B - 2);
    if (Key.find('\\') != std::string::npos) {
      ondemand::document Doc = parse(B, E);
      Key = std::string(std::string_view(Doc.get_string()));
    }
    Pos = E;
    if (next() != ':') {
      Where = Pos - 1;
      fail("expected ':' after a key");
    }
    skipSpace();
    if (Pos >= N) {
      Where = N;
      fail(Truncated);
    }
    return Key;
  }

  void deliver(Event &E, size_t At) {
    E.Index = Index;
    E.Offset = Base + At;
    std::string Err = On(E);
    if (!Err.empty())
      throw Stop{Err};
    if ((++Index & 0xfffff) == 0 && Progress)
      std::fprintf(stderr, "\rruchytrace: %3zu%% of %.1f MB", At * 100 / N,
                   N / 1e6);
  }

  // The event object at P; returns the position past it.
  size_t event(size_t P) {
    Where = P;
    if (D[P] != '{')
      fail("an event is not a JSON object");
    if (Lines) {
      // The rest of the line, less a trailing comma, if it is one object.
      const char *NL = static_cast<const char *>(memchr(D + P, '\n', N - P));
      size_t E = NL ? size_t(NL - D) : N;
      while (E > P && isSpace(D[E - 1]))
        --E;
      if (D[E - 1] == ',')
        for (--E; E > P && isSpace(D[E - 1]);)
          --E;
      if (D[E - 1] == '}' && E - P <= (1u << 20)) {
        try {
          ondemand::document Doc = parse(P, E);
          Event Ev;
          parseEvent(Doc.get_object(), Ev, Sum.Deep);
          const char *L;
          if (Doc.current_location().get(L) == OUT_OF_BOUNDS) {
            deliver(Ev, P);
            return E;
          }
        } catch (simdjson_error &) {
          // not one complete object: the slow path says what is wrong
        }
      }
      Lines = false;
    }
    size_t E = valueEnd(P);
    ondemand::document Doc = parse(P, E);
    Event Ev;
    try {
      parseEvent(Doc.get_object(), Ev, Sum.Deep);
    } catch (simdjson_error &) {
      locate(Doc);
      throw;
    }
    deliver(Ev, P);
    return E;
  }

  // The events array, Pos just past its '['.
  void events() {
    skipSpace();
    if (Pos < N && D[Pos] == ']') {
      ++Pos;
      return;
    }
    for (;;) {
      skipSpace();
      if (Pos >= N) {
        Where = N;
        fail(Truncated);
      }
      Pos = event(Pos);
      char C = next();
      Where = Pos - 1;
      if (C == ']')
        return;
      need(C == ',', "expected ',' or ']' after an event");
    }
  }

  // The object at Pos, parsed by simdjson: its fields to `Field`.
  template <typename Fn> void object(const char *What, Fn Field) {
    Where = Pos;
    if (D[Pos] != '{')
      fail(std::string("\"") + What + "\" is not an object");
    size_t E = valueEnd(Pos);
    ondemand::document Doc = parse(Pos, E);
    try {
      for (auto F : Doc.get_object())
        Field(keyOf(F), F.value());
    } catch (simdjson_error &) {
      locate(Doc);
      throw;
    }
    Pos = E;
  }

  void metadata() {
    need(!Sum.HaveMetadata, "a second \"metadata\"");
    size_t B = Pos;
    auto Text = [&](ondemand::value V, std::string &Out, bool &Have,
                    const char *Name) {
      if (V.type().value() != ondemand::json_type::string)
        fail(std::string("metadata.") + Name + " is not a string");
      Out = std::string(std::string_view(V.get_string()));
      Have = true;
    };
    object("metadata", [&](std::string_view K, ondemand::value V) {
      if (K == "program") {
        Text(V, Sum.Program, Sum.HaveProgram, "program");
      } else if (K == "start_time") {
        Text(V, Sum.StartTime, Sum.HaveStartTime, "start_time");
        need(parseRfc3339(Sum.StartTime, Sum.StartNs),
             "metadata.start_time is not an RFC 3339 date and time");
      } else if (K == "ruchy_version") {
        Text(V, Sum.RuchyVersion, Sum.HaveRuchyVersion, "ruchy_version");
      } else if (K == "ruchyruchy_version") {
        Text(V, Sum.RuchyruchyVersion, Sum.HaveRuchyruchyVersion,
             "ruchyruchy_version");
      } else if (K == "pid") {
        Sum.Pid = V.get_uint64();
        Sum.HavePid = true;
      } else if (K == "sample_rate") {
        Sum.SampleRate = V.get_uint64();
        need(Sum.SampleRate >= 1, "metadata.sample_rate is 0");
      } else if (K == RT_ATTACH_NOTE_KEY) {
        Text(V, Sum.AttachNote, Sum.HaveAttachNote, RT_ATTACH_NOTE_KEY);
      } else {
        rawJson(V);
      }
    });
    Sum.Metadata.assign(D + B, Pos - B);
    Sum.HaveMetadata = true;
  }

  void stats() {
    need(!Sum.HaveStats, "a second \"stats\"");
    object("stats", [&](std::string_view K, ondemand::value V) {
      if (K == "total_events")
        Sum.TotalEvents = V.get_uint64();
      else if (K == "dropped_events")
        Sum.DroppedEvents = V.get_uint64();
      else if (K == "duration_ns")
        Sum.DurationNs = V.get_uint64();
      else
        rawJson(V);
    });
    Sum.HaveStats = true;
  }

  // A value of an unknown key: skipped, but it must be valid JSON.
  void skipValue() {
    size_t E = valueEnd(Pos);
    ondemand::document Doc = parse(Pos, E);
    char Scratch[256];
    rt_out Discard;
    rt_out_init(&Discard, -1, Scratch, sizeof Scratch);
    try {
      writeJson(&Discard, Doc);
    } catch (simdjson_error &) {
      locate(Doc);
      throw;
    }
    Pos = E;
  }

  enum class Top { Document, Record, Event };

  // A top-level object at P: the document, a metadata or stats record
  // (NDJSON), or an event (NDJSON; recognised by its keys).
  Top topObject(size_t P) {
    Pos = P + 1;
    bool HaveEvents = false, Sections = false;
    if (next() == '}') {
      Where = P;
      fail("an empty object: not a RuchyTrace trace");
    }
    --Pos;
    for (;;) {
      Where = Pos;
      std::string_view K = key();
      if (K == "metadata") {
        metadata();
      } else if (K == "events") {
        need(!HaveEvents, "a second \"events\"");
        Where = Pos;
        need(D[Pos] == '[', "\"events\" is not an array");
        ++Pos;
        events();
        HaveEvents = true;
      } else if (K == "stats") {
        stats();
      } else if (K == "traceEvents" || K == "displayTimeUnit") {
        fail("this is a Chrome trace; give the RuchyTrace JSON or NDJSON "
             "trace instead");
      } else if (isEventKey(K)) {
        need(!Sections, "an object holds both a trace's sections and an "
                        "event's fields");
        Pos = P;
        Pos = event(P);
        return Top::Event;
      } else {
        skipValue();
      }
      Sections |= K == "metadata" || K == "events" || K == "stats";
      char C = next();
      Where = Pos - 1;
      if (C == '}')
        break;
      need(C == ',', "expected ',' or '}' in an object");
    }
    Where = P;
    need(Sections, "no \"events\" array: not a RuchyTrace trace");
    return HaveEvents ? Top::Document : Top::Record;
  }

  void top() {
    size_t Values = 0;
    bool Document = false, Ended = false;
    for (skipSpace(); Pos < N; skipSpace(), ++Values) {
      size_t P = Pos;
      Where = P;
      need(!Document, "more data after the trace's JSON document");
      need(!Ended, "more data after the stats");
      if (D[P] == '[') { // the C API's array of events
        need(Values == 0, "an array after other JSON values");
        ++Pos;
        events();
        Document = true;
        continue;
      }
      need(D[P] == '{', Values ? "expected a JSON object on the top level"
                               : "not a RuchyTrace trace: not a JSON object");
      // NDJSON's events, as the runtime writes them, go straight there.
      if (N - P > 7 && !std::memcmp(D + P, "{\"type\"", 7)) {
        Pos = event(P);
        continue;
      }
      bool HadStats = Sum.HaveStats;
      switch (topObject(P)) {
      case Top::Document:
        Where = P;
        need(Values == 0, "a trace document after other JSON values");
        Document = true;
        break;
      case Top::Record:
        Ended = Sum.HaveStats && !HadStats;
        break;
      case Top::Event:
        break;
      }
    }
    if (!Values) {
      Where = 0;
      fail("the trace is empty");
    }
  }
};

std::string readMemory(const char *Data, size_t Size, size_t Readable,
                       const Callback &On, Summary &Sum, bool Progress) {
  return Reader(Data, Size, Readable, On, Sum, Progress).run();
}

} // namespace

std::string readNdjsonPiece(const char *Data, size_t Size, size_t Readable,
                            const Callback &On, Summary &Sum, size_t ByteBase,
                            size_t &Events) {
  Reader R(Data, Size, Readable, On, Sum, false);
  R.continueFrom(ByteBase, Events);
  std::string Err = R.run();
  Events = R.eventCount();
  return Err;
}

std::string readTraceBuffer(const char *Data, size_t Size, const Callback &On,
                            Summary &Sum) {
  std::string Padded(Data, Size);
  Padded.append(SIMDJSON_PADDING, '\0');
  return readMemory(Padded.data(), Size, Padded.size(), On, Sum, false);
}

std::string readTrace(const std::string &Path, const Callback &On, Summary &Sum,
                      bool Progress) {
  int Fd = open(Path.c_str(), O_RDONLY | O_CLOEXEC);
  if (Fd < 0)
    return std::string("cannot open: ") + std::strerror(errno);
  struct stat St;
  if (fstat(Fd, &St) != 0) {
    close(Fd);
    return std::string("cannot stat: ") + std::strerror(errno);
  }
  if (!S_ISREG(St.st_mode)) { // a pipe or terminal: read it all
    std::string All;
    char Buf[1 << 16];
    ssize_t Got;
    while ((Got = read(Fd, Buf, sizeof Buf)) > 0)
      All.append(Buf, size_t(Got));
    close(Fd);
    if (Got < 0)
      return std::string("cannot read: ") + std::strerror(errno);
    return readTraceBuffer(All.data(), All.size(), On, Sum);
  }
  size_t Size = size_t(St.st_size);
  if (Size == 0) {
    close(Fd);
    return "the trace is empty";
  }
  char Magic[8];
  if (pread(Fd, Magic, 8, 0) == 8 && !std::memcmp(Magic, RT_RTRACE_MAGIC, 8)) {
    // A .rtrace file: the runtime's own writers turn it into NDJSON,
    // read like any other trace as it comes.
    close(Fd);
    return readRtrace(Path, On, Sum);
  }
  void *Map = mmap(nullptr, Size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, Fd, 0);
  close(Fd);
  if (Map == MAP_FAILED)
    return std::string("cannot map: ") + std::strerror(errno);
  // The mapping's last page is zero-filled past the file: simdjson may read
  // its padding there. A file that ends too close to a page boundary has
  // its last values copied instead (Reader::parse).
  size_t Page = size_t(sysconf(_SC_PAGESIZE));
  size_t Readable = (Size + Page - 1) / Page * Page;
  std::string Err = readMemory(static_cast<const char *>(Map), Size, Readable,
                               On, Sum, Progress);
  munmap(Map, Size);
  if (Progress)
    std::fprintf(stderr, "\r\033[K");
  return Err;
}

} // namespace ruchytrace
