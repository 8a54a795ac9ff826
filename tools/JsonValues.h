//===- JsonValues.h - the JSON pieces Values.cpp and TextValue.cpp share
//---===//
//
// Internal to the tool's value readers: a trace's numbers checked against
// the JSON grammar (simdjson's On-Demand does not check what it is not
// asked to convert), and the errors they raise.
//
//===----------------------------------------------------------------------===//
#ifndef RUCHYTRACE_TOOLS_JSONVALUES_H
#define RUCHYTRACE_TOOLS_JSONVALUES_H

#include "TraceReader.h"
#include "Values.h"

#include <string>
#include <string_view>

namespace ruchytrace::json {

[[noreturn]] inline void bad(std::string Message) {
  throw BadTrace{std::move(Message)};
}

// The JSON number grammar: On-Demand does not check a number it is not
// asked to convert, and these are copied as they are.
inline bool isJsonNumber(std::string_view S) {
  size_t I = 0, N = S.size();
  auto Digits = [&] {
    size_t From = I;
    while (I < N && S[I] >= '0' && S[I] <= '9')
      ++I;
    return I > From;
  };
  if (I < N && S[I] == '-')
    ++I;
  if (I < N && S[I] == '0')
    ++I;
  else if (!Digits())
    return false;
  if (I < N && S[I] == '.' && (++I, !Digits()))
    return false;
  if (I < N && (S[I] == 'e' || S[I] == 'E')) {
    ++I;
    if (I < N && (S[I] == '+' || S[I] == '-'))
      ++I;
    if (!Digits())
      return false;
  }
  return I == N;
}

inline std::string_view numberOf(simdjson::ondemand::value V) {
  std::string_view T = jsonScalar(V.raw_json_token());
  if (!isJsonNumber(T))
    bad("\"" + std::string(T) + "\" is not a JSON number");
  return T;
}

inline void nullOf(simdjson::ondemand::value V) {
  if (!V.is_null())
    bad("a value is not valid JSON");
}

// "[a, b]" or "{k: v}": Open, the elements with ", " between, Close.
template <typename Range, typename Fn>
inline void list(rt_out *O, char Open, Range &&Elements, char Close,
                 Fn Element) {
  rt_out_char(O, Open);
  bool First = true;
  for (auto E : Elements) {
    if (!First)
      rt_out_cstr(O, ", ");
    First = false;
    Element(E);
  }
  rt_out_char(O, Close);
}

} // namespace ruchytrace::json

#endif
