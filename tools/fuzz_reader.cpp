//===- fuzz_reader.cpp - libFuzzer target for the trace reader ------------===//
//
// Any bytes: the reader must answer with events or one error message, never
// crash, hang or read out of bounds (built with ASan and UBSan).
//
//===----------------------------------------------------------------------===//
#include "TraceReader.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  ruchytrace::Summary Sum;
  Sum.Deep = Size & 1;
  size_t Events = 0;
  std::string Err = ruchytrace::readTraceBuffer(
      reinterpret_cast<const char *>(Data), Size,
      [&](const ruchytrace::Event &E) -> std::string {
        Events += E.Name.size() + E.Args.size() + E.Return.size();
        return "";
      },
      Sum);
  (void)Err;
  return 0;
}
