//===- TraceReader.h - reading RuchyTrace traces with simdjson ------------===//
//
// Streams the events of a trace to a callback. A trace is the spec's JSON
// document in any valid layout (the runtime's one event per line, pretty,
// compact, any whitespace, keys in any order), NDJSON ({"metadata": ...},
// one event per line, {"stats": ...}), or the C API's JSON array of
// events. Each event is parsed on its own with simdjson's On-Demand API,
// so memory stays small and traces over simdjson's 4 GiB document limit
// read like any other; strings are views into the input or the parser.
//
//===----------------------------------------------------------------------===//
#ifndef RUCHYTRACE_TOOLS_TRACEREADER_H
#define RUCHYTRACE_TOOLS_TRACEREADER_H

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

namespace ruchytrace {

struct Event {
  bool Enter = false;
  std::string_view Name;
  uint64_t Timestamp = 0, Thread = 0, Duration = 0;
  bool Unwound = false, Unfinished = false, TailCall = false, Variadic = false;
  std::string_view Args;     // raw JSON array (enter)
  std::string_view Return;   // raw JSON (exit), "null" for void
  std::string_view Location; // raw JSON object or null (enter)
  // Which of the spec's keys were present (for validate).
  bool HaveArgs = false, HaveLocation = false, HaveReturn = false,
       HaveDuration = false;
  size_t Index = 0;  // position in the trace
  size_t Offset = 0; // byte offset of the event in the file
};

struct Summary {
  // In: check every typed value, location and flag in depth (validate).
  bool Deep = false;
  // The metadata object as it was written, and its fields.
  bool HaveMetadata = false;
  std::string Metadata;
  std::string Program, StartTime, RuchyVersion, RuchyruchyVersion;
  bool HaveProgram = false, HaveStartTime = false, HaveRuchyVersion = false,
       HaveRuchyruchyVersion = false, HavePid = false;
  uint64_t StartNs = 0, Pid = 0, SampleRate = 1;
  // RT_ATTACH_NOTE_KEY, kept through conversions (empty: none).
  std::string AttachNote;
  bool HaveAttachNote = false;
  bool HaveStats = false;
  uint64_t TotalEvents = 0, DroppedEvents = 0, DurationNs = 0;
};

/// Reads \p Path; calls \p OnEvent for each event in order. Returns an
/// empty string on success, or one message naming what is wrong and where
/// (byte offset, event index). A non-empty string from \p OnEvent stops
/// the reading and is returned, located.
std::string readTrace(const std::string &Path,
                      const std::function<std::string(const Event &)> &OnEvent,
                      Summary &Sum, bool Progress);

/// A JSON scalar's own text at the start of \p Raw: simdjson's
/// raw_json_token may run on past the token.
std::string_view jsonScalar(std::string_view Raw);

/// The same over a buffer already in memory (the fuzz target's entry).
std::string
readTraceBuffer(const char *Data, size_t Size,
                const std::function<std::string(const Event &)> &OnEvent,
                Summary &Sum);

/// A piece of an NDJSON stream in memory (whole lines; Data[0, Readable)
/// may be read, Readable >= Size + SIMDJSON_PADDING): its byte offsets
/// count from \p ByteBase and its events from \p Events, which is
/// updated. The .rtrace reader's step.
std::string
readNdjsonPiece(const char *Data, size_t Size, size_t Readable,
                const std::function<std::string(const Event &)> &OnEvent,
                Summary &Sum, size_t ByteBase, size_t &Events);

/// A .rtrace file, replayed by the runtime into a pipe and read as it
/// comes (RtraceReader.cpp); readTrace calls it for such a file.
std::string readRtrace(const std::string &Path,
                       const std::function<std::string(const Event &)> &OnEvent,
                       Summary &Sum);

} // namespace ruchytrace

#endif
