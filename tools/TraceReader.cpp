//===- TraceReader.cpp - reading RuchyTrace traces with simdjson ----------===//
#include "TraceReader.h"

#include "simdjson.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace simdjson;

namespace ruchytrace {

namespace {

struct Failure {
  std::string Message;
};

std::string_view trim(std::string_view S) {
  while (!S.empty() &&
         (S.back() == ' ' || S.back() == '\n' || S.back() == '\r' ||
          S.back() == '\t' || S.back() == ','))
    S.remove_suffix(1);
  return S;
}

// A scalar's own text at the start of `Raw` (raw_json_token may run on
// past it): a string up to its closing quote, anything else up to a
// delimiter.
} // namespace

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

// The raw JSON text of any value (objects and arrays are consumed).
std::string_view rawOf(ondemand::value V) {
  switch (V.type().value()) {
  case ondemand::json_type::object:
    return V.get_object().value().raw_json().value();
  case ondemand::json_type::array:
    return V.get_array().value().raw_json().value();
  default:
    return jsonScalar(V.raw_json_token());
  }
}

void need(bool Cond, const std::string &What) {
  if (!Cond)
    throw Failure{What};
}

// One event object, any key order; unknown keys are skipped.
void parseEvent(ondemand::object Obj, Event &E) {
  bool HaveType = false, HaveName = false, HaveTs = false, HaveTid = false;
  for (auto Field : Obj) {
    std::string_view Key = Field.unescaped_key();
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
      E.Args = V.get_array().value().raw_json().value();
      E.HaveArgs = true;
    } else if (Key == "return_value") {
      E.Return = rawOf(V);
      E.HaveReturn = true;
    } else if (Key == "location") {
      E.Location = rawOf(V);
      E.HaveLocation = true;
    } else if (Key == "unwound") {
      E.Unwound = V.get_bool();
    } else if (Key == "unfinished") {
      E.Unfinished = V.get_bool();
    } else if (Key == "tail_call") {
      E.TailCall = V.get_bool();
    } else {
      rawOf(V); // skip it
    }
  }
  need(HaveType, "an event has no \"type\"");
  need(HaveName, "an event has no \"name\"");
  need(HaveTs, "an event has no \"timestamp_ns\"");
  need(HaveTid, "an event has no \"thread_id\"");
}

// The metadata object re-serialised field by field (kept for convert).
std::string metadataOf(ondemand::object Obj) {
  std::string Out = "{";
  for (auto Field : Obj) {
    if (Out.size() > 1)
      Out += ", ";
    Out += "\"";
    Out += std::string_view(Field.unescaped_key()); // plain ASCII keys
    Out += "\": ";
    Out += rawOf(Field.value());
  }
  return Out + "}";
}

void parseStats(ondemand::object Obj, Summary &Sum) {
  for (auto Field : Obj) {
    std::string_view Key = Field.unescaped_key();
    ondemand::value V = Field.value();
    if (Key == "total_events")
      Sum.TotalEvents = V.get_uint64();
    else if (Key == "dropped_events")
      Sum.DroppedEvents = V.get_uint64();
    else if (Key == "duration_ns")
      Sum.DurationNs = V.get_uint64();
    else
      rawOf(V);
  }
  Sum.HaveStats = true;
}

using Callback = std::function<std::string(const Event &)>;

std::string at(size_t Offset, size_t Index, const std::string &What) {
  return "at byte " + std::to_string(Offset) + " (event " +
         std::to_string(Index) + "): " + What;
}

void progress(bool On, size_t Done, size_t Total) {
  if (On && Total)
    std::fprintf(stderr, "\rruchytrace: %3zu%% of %.1f MB", Done * 100 / Total,
                 Total / 1e6);
}

// Parses one event object and hands it to the callback; advances Index.
// Returns the callback's complaint, located, or "".
std::string deliver(ondemand::object Obj, size_t Offset, size_t &Index,
                    const Callback &On, const Summary &Sum) {
  Event E;
  if (Sum.WantRaw) {
    E.Raw = Obj.raw_json().value();
    Obj.reset();
  }
  parseEvent(Obj, E);
  E.Index = Index;
  E.Offset = Offset;
  std::string Err = On(E);
  ++Index;
  return Err.empty() ? Err : at(Offset, E.Index, Err);
}

// The spec's document: {"metadata": ..., "events": [...], "stats": ...}.
std::string readDocument(const padded_string_view &Json, const Callback &On,
                         Summary &Sum, bool Progress) {
  ondemand::parser Parser;
  size_t Index = 0, Offset = 0;
  const char *Base = Json.data();
  ondemand::document Doc;
  bool Started = false; // Doc only has a location once iterate succeeded
  try {
    Doc = Parser.iterate(Json);
    Started = true;
    ondemand::object Top = Doc.get_object();
    bool HaveEvents = false;
    for (auto Field : Top) {
      std::string_view Key = Field.unescaped_key();
      ondemand::value V = Field.value();
      if (Key == "metadata") {
        Sum.Metadata = metadataOf(V.get_object());
      } else if (Key == "events") {
        HaveEvents = true;
        for (auto Elem : V.get_array()) {
          Offset = size_t(Elem.current_location().value() - Base);
          std::string Err = deliver(Elem.get_object(), Offset, Index, On, Sum);
          if (!Err.empty())
            return Err;
          progress(Progress && (Index & 0xfffff) == 0, Offset, Json.size());
        }
      } else if (Key == "stats") {
        parseStats(V.get_object(), Sum);
      } else if (Key == "traceEvents") {
        return "this is a Chrome trace; give the RuchyTrace JSON or NDJSON "
               "trace instead";
      } else {
        rawOf(V);
      }
    }
    need(HaveEvents, "no \"events\" array: not a RuchyTrace trace");
  } catch (simdjson_error &Err) {
    const char *P = nullptr;
    size_t Where = Offset;
    if (Err.error() == INCOMPLETE_ARRAY_OR_OBJECT)
      Where = Json.size(); // it ends early: the problem is at its end
    else if (Started && !Doc.current_location().get(P) && P >= Base)
      Where = size_t(P - Base);
    return at(Where, Index, std::string("invalid JSON: ") + Err.what());
  } catch (Failure &F) {
    return at(Offset, Index, F.Message);
  }
  return "";
}

// NDJSON: {"metadata": ...}, one event per line, {"stats": ...}.
std::string readLines(const padded_string_view &Json, const Callback &On,
                      Summary &Sum, bool Progress) {
  ondemand::parser Parser;
  size_t Index = 0, Offset = 0;
  try {
    ondemand::document_stream Docs = Parser.iterate_many(
        reinterpret_cast<const uint8_t *>(Json.data()), Json.length(), 1 << 20);
    for (auto It = Docs.begin(); It != Docs.end(); ++It) {
      Offset = It.current_index();
      auto DocRef = *It;
      ondemand::object Obj = DocRef.get_object();
      // Peek at the first key without consuming the object: reset after.
      std::string_view First;
      for (auto Field : Obj) {
        First = Field.unescaped_key();
        break;
      }
      Obj.reset();
      if (First == "metadata") {
        for (auto Field : Obj)
          Sum.Metadata = metadataOf(Field.value().get_object());
        continue;
      }
      if (First == "stats") {
        for (auto Field : Obj)
          parseStats(Field.value().get_object(), Sum);
        continue;
      }
      std::string Err = deliver(Obj, Offset, Index, On, Sum);
      if (!Err.empty())
        return Err;
      progress(Progress && (Index & 0xfffff) == 0, Offset, Json.size());
    }
    if (Docs.truncated_bytes())
      throw Failure{"the last line is incomplete (truncated file?)"};
  } catch (simdjson_error &Err) {
    return at(Offset, Index, std::string("invalid JSON: ") + Err.what());
  } catch (Failure &F) {
    return at(Offset, Index, F.Message);
  }
  return "";
}

// A document over simdjson's 4 GiB limit, written by the runtime (one
// event per line): parsed event line by event line.
std::string readEventLines(const char *Data, size_t Size, const Callback &On,
                           Summary &Sum, bool Progress) {
  ondemand::parser Parser;
  size_t Index = 0, Offset = 0;
  bool InEvents = false;
  std::string Meta = "{";
  try {
    for (size_t Pos = 0; Pos < Size;) {
      const char *NL =
          static_cast<const char *>(memchr(Data + Pos, '\n', Size - Pos));
      size_t End = NL ? size_t(NL - Data) : Size;
      std::string_view Line(Data + Pos, End - Pos);
      Offset = Pos;
      Pos = End + 1;
      size_t Lead = Line.find_first_not_of(' ');
      if (Lead == std::string_view::npos)
        continue;
      Line.remove_prefix(Lead);
      if (Line.rfind("\"events\": [", 0) == 0) {
        InEvents = true;
        continue;
      }
      if (Line[0] == '"' && !InEvents && trim(Line).back() != '{') {
        // a metadata field on its own line
        Meta += Meta.size() > 1 ? ", " : "";
        Meta += trim(Line);
        continue;
      }
      if (Line.rfind("\"total_events\":", 0) == 0) {
        Sum.TotalEvents = std::strtoull(Line.data() + 15, nullptr, 10);
        Sum.HaveStats = true;
      } else if (Line.rfind("\"dropped_events\":", 0) == 0) {
        Sum.DroppedEvents = std::strtoull(Line.data() + 17, nullptr, 10);
      } else if (Line.rfind("\"duration_ns\":", 0) == 0) {
        Sum.DurationNs = std::strtoull(Line.data() + 14, nullptr, 10);
      }
      if (Line.rfind("{\"type\"", 0) != 0)
        continue;
      if (Sum.Metadata.empty())
        Sum.Metadata = Meta + "}";
      // In place when the file goes on for at least the padding simdjson
      // reads past a document (it is only read, never interpreted).
      std::string_view Body = trim(Line);
      padded_string Copy;
      padded_string_view One;
      if (size_t(Data + Size - Body.data()) >= Body.size() + SIMDJSON_PADDING) {
        One = padded_string_view(Body.data(), Body.size(),
                                 Body.size() + SIMDJSON_PADDING);
      } else {
        Copy = padded_string(Body);
        One = Copy;
      }
      ondemand::document Doc = Parser.iterate(One);
      Event E;
      if (Sum.WantRaw)
        E.Raw = trim(Line);
      parseEvent(Doc.get_object(), E);
      E.Index = Index;
      E.Offset = Offset;
      std::string Err = On(E);
      if (!Err.empty())
        return at(Offset, Index, Err);
      if ((++Index & 0xfffff) == 0)
        progress(Progress, Offset, Size);
    }
  } catch (simdjson_error &Err) {
    return at(Offset, Index, std::string("invalid JSON: ") + Err.what());
  } catch (Failure &F) {
    return at(Offset, Index, F.Message);
  }
  return "";
}

// The runtime's JSON layout (RUCHY_TRACE_JSON_STYLE=lines, the default).
bool ownLayout(const char *Data, size_t Size) {
  static const char Head[] = "{\n  \"metadata\": {\n    \"program\": ";
  static const char Tail[] = "\n  }\n}\n";
  return Size > 64 && !std::memcmp(Data, Head, sizeof Head - 1) &&
         !std::memcmp(Data + Size - (sizeof Tail - 1), Tail, sizeof Tail - 1);
}

bool looksLikeNdjson(const char *Data, size_t Size) {
  // The runtime's NDJSON: {"metadata": ...} on a line of its own, then an
  // event or the stats on the next. (A one-line JSON document also starts
  // with {"metadata": but has no such second line.)
  const char *NL = static_cast<const char *>(memchr(Data, '\n', Size));
  if (Size < 12 || std::memcmp(Data, "{\"metadata\"", 11) || !NL)
    return false;
  size_t Rest = Size - size_t(NL + 1 - Data);
  return (Rest >= 7 && !std::memcmp(NL + 1, "{\"type\"", 7)) ||
         (Rest >= 8 && !std::memcmp(NL + 1, "{\"stats\"", 8));
}

std::string readAny(const char *Data, size_t Size, const Callback &On,
                    Summary &Sum, bool Progress) {
  // simdjson wants SIMDJSON_PADDING readable bytes past the end.
  padded_string Copy;
  padded_string_view View;
  if (Size == 0)
    return "the trace is empty";
  if (ownLayout(Data, Size))
    return readEventLines(Data, Size, On, Sum, Progress);
  Copy = padded_string(Data, Size);
  View = Copy;
  return looksLikeNdjson(Data, Size) ? readLines(View, On, Sum, Progress)
                                     : readDocument(View, On, Sum, Progress);
}

} // namespace

std::string readTraceBuffer(const char *Data, size_t Size, const Callback &On,
                            Summary &Sum) {
  return readAny(Data, Size, On, Sum, false);
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
    ssize_t N;
    while ((N = read(Fd, Buf, sizeof Buf)) > 0)
      All.append(Buf, size_t(N));
    close(Fd);
    if (N < 0)
      return std::string("cannot read: ") + std::strerror(errno);
    return readAny(All.data(), All.size(), On, Sum, false);
  }
  size_t Size = size_t(St.st_size);
  if (Size == 0) {
    close(Fd);
    return "the trace is empty";
  }
  void *Map = mmap(nullptr, Size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, Fd, 0);
  close(Fd);
  if (Map == MAP_FAILED)
    return std::string("cannot map: ") + std::strerror(errno);
  const char *Data = static_cast<const char *>(Map);
  std::string Err;
  if (Size > SIMDJSON_MAXSIZE_BYTES - SIMDJSON_PADDING &&
      !looksLikeNdjson(Data, Size)) {
    // Over the 4 GiB document limit: the runtime's layout has one event
    // per line, so read it in line-sized documents.
    Err = readEventLines(Data, Size, On, Sum, Progress);
  } else {
    // simdjson reads SIMDJSON_PADDING bytes past the end. The mapping's
    // last page is zero-filled past the file: when that tail is long
    // enough, parse the mapping in place instead of copying the trace.
    size_t Page = size_t(sysconf(_SC_PAGESIZE));
    size_t Capacity = (Size + Page - 1) / Page * Page;
    if (ownLayout(Data, Size)) {
      // The runtime's document: one event per line. Parsing it line by line
      // keeps simdjson's buffers small; a whole-document parse would build
      // a structural index as large as the trace.
      Err = readEventLines(Data, Size, On, Sum, Progress);
    } else if (Capacity - Size >= SIMDJSON_PADDING) {
      padded_string_view View(Data, Size, Capacity);
      Err = looksLikeNdjson(Data, Size) ? readLines(View, On, Sum, Progress)
                                        : readDocument(View, On, Sum, Progress);
    } else {
      Err = readAny(Data, Size, On, Sum, Progress);
    }
  }
  munmap(Map, Size);
  if (Progress)
    std::fprintf(stderr, "\r\033[K");
  return Err;
}

} // namespace ruchytrace
