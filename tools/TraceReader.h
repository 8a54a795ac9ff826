//===- TraceReader.h - reading RuchyTrace traces with simdjson ------------===//
//
// Streams the events of a trace (the spec's JSON document, or NDJSON) to a
// callback, with simdjson's On-Demand API: no DOM is built, strings are
// views into the parser's buffers. Documents over simdjson's 4 GiB limit
// are read event line by event line (the runtime writes one per line).
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
  bool Unwound = false, Unfinished = false, TailCall = false;
  std::string_view Args;     // raw JSON array (enter)
  std::string_view Return;   // raw JSON (exit), "null" for void
  std::string_view Location; // raw JSON object or null (enter)
  std::string_view Raw;      // the whole event object's raw JSON
  // Which of the spec's keys were present (for validate).
  bool HaveArgs = false, HaveLocation = false, HaveReturn = false,
       HaveDuration = false;
  size_t Index = 0;  // position in the trace
  size_t Offset = 0; // byte offset of the event in the file
};

struct Summary {
  bool WantRaw = false; // in: fill Event::Raw (costs a second scan)
  std::string Metadata; // raw JSON of "metadata" (or otherData)
  bool HaveStats = false;
  uint64_t TotalEvents = 0, DroppedEvents = 0, DurationNs = 0;
};

/// Reads \p Path; calls \p OnEvent for each event in order. Returns an
/// empty string on success, or one message naming what is wrong and where
/// (byte offset, event index).
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

} // namespace ruchytrace

#endif
