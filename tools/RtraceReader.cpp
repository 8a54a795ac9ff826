//===- RtraceReader.cpp - reading a .rtrace file as it is replayed --------===//
//
// A .rtrace file: the runtime's own replay (rt_rtrace_read.c) writes it as
// NDJSON into a pipe from a second thread, and the events are read from
// the pipe a piece of whole lines at a time (TraceReader's NDJSON reading),
// so memory holds one piece, not the whole NDJSON image (11M events are
// about 3 GB of it).
//
//===----------------------------------------------------------------------===//
#include "TraceReader.h"
#include "rt_rtrace.h"

#include "simdjson.h"

#include <cctype>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <thread>
#include <unistd.h>
#include <vector>

namespace ruchytrace {

std::string readRtrace(const std::string &Path,
                       const std::function<std::string(const Event &)> &On,
                       Summary &Sum) {
  int P[2];
  if (pipe2(P, O_CLOEXEC) != 0)
    return std::string("cannot make a pipe to read it: ") +
           std::strerror(errno);
  char ConvErr[512] = "";
  int ConvRc = 0;
  bool Strict = Sum.Deep;
  std::thread Replay([&] {
    ConvRc = rt_rtrace_convert(Path.c_str(), "ndjson", -1, -1, Strict, P[1],
                               ConvErr, sizeof ConvErr);
    close(P[1]);
  });
  const size_t Piece = size_t(16) << 20;
  std::vector<char> Buf(Piece + simdjson::SIMDJSON_PADDING);
  size_t Have = 0, Bytes = 0, Events = 0;
  std::string Err;
  bool Stopped = false; // after an error: drain the pipe, read nothing
  for (bool Eof = false; !Eof;) {
    if (Buf.size() - Have <
        simdjson::SIMDJSON_PADDING + 4096) // a line longer than
      Buf.resize(Buf.size() * 2);          // a piece
    ssize_t Got = read(P[0], Buf.data() + Have,
                       Buf.size() - simdjson::SIMDJSON_PADDING - Have);
    if (Got < 0 && errno == EINTR)
      continue;
    if (Got < 0) {
      if (Err.empty())
        Err = std::string("cannot read the replay: ") + std::strerror(errno);
      break; // the replay then ends with EPIPE; ignored below
    }
    Eof = Got == 0;
    Have += size_t(Got);
    if (Stopped) {
      Have = 0;
      continue;
    }
    // Whole lines only, but for the last piece.
    size_t End = Have;
    if (!Eof) {
      const char *Nl =
          static_cast<const char *>(memrchr(Buf.data(), '\n', Have));
      End = Nl ? size_t(Nl - Buf.data()) + 1 : 0;
    }
    if (End == 0)
      continue;
    bool Blank = true;
    for (size_t I = 0; I < End && Blank; ++I)
      Blank = std::isspace(static_cast<unsigned char>(Buf[I]));
    if (!Blank || !Bytes) {
      Err =
          readNdjsonPiece(Buf.data(), End, Buf.size(), On, Sum, Bytes, Events);
      Stopped = !Err.empty();
    }
    std::memmove(Buf.data(), Buf.data() + End, Have - End);
    Have -= End;
    Bytes += End;
  }
  if (Stopped || !Err.empty()) { // let the replay finish writing
    char Sink[1 << 16];
    while (read(P[0], Sink, sizeof Sink) > 0) {
    }
  }
  Replay.join();
  close(P[0]);
  if (ConvRc != 0) {
    const char *Why = std::strchr(ConvErr, ':'); // the path is the caller's
    return Why ? Why + 2 : ConvErr;
  }
  return Err;
}

} // namespace ruchytrace
