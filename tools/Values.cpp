//===- Values.cpp - typed values of a JSON trace: checked and written -----===//
#include "Values.h"

#include "JsonValues.h"
#include "TraceReader.h"

#ifdef __SSE2__
#include <emmintrin.h>
#endif

using namespace simdjson;

namespace ruchytrace {

namespace {

using namespace json;

void checkFields(ondemand::value V) {
  if (V.type().value() == ondemand::json_type::null)
    return nullOf(V);
  if (V.type().value() != ondemand::json_type::array)
    bad("type_info.fields is neither null nor an array");
  for (ondemand::value Pair : V.get_array()) {
    if (Pair.type().value() != ondemand::json_type::array)
      bad("type_info.fields holds something other than [name, type] pairs");
    int N = 0;
    for (ondemand::value Part : Pair.get_array()) {
      // A variant without a payload has a null type.
      if (N == 1 && Part.type().value() == ondemand::json_type::null)
        nullOf(Part);
      else if (Part.type().value() == ondemand::json_type::string)
        Part.get_string();
      else
        N = 2;
      ++N;
    }
    if (N != 2)
      bad("type_info.fields holds something other than [name, type] pairs");
  }
}

// type_info: {"name": N, "fields": F}; Check: in depth (Fields left empty).
void readTypeInfo(ondemand::value TI, TypedValue &T, bool Check) {
  if (TI.type().value() != ondemand::json_type::object)
    bad("type_info is not an object");
  bool HaveName = false, HaveFields = false;
  for (auto F : TI.get_object()) {
    std::string_view Key = keyOf(F);
    ondemand::value V = F.value();
    if (Key == "name") {
      if (V.type().value() != ondemand::json_type::string)
        bad("type_info.name is not a string");
      T.Type = V.get_string();
      HaveName = true;
    } else if (Key == "fields") {
      HaveFields = true;
      if (Check)
        checkFields(V);
      else if (V.type().value() == ondemand::json_type::array ||
               V.type().value() == ondemand::json_type::null)
        T.Fields = rawJson(V);
      else
        bad("type_info.fields is neither null nor an array");
    } else {
      rawJson(V);
    }
  }
  if (!HaveName || (Check && !HaveFields))
    bad(HaveName ? "type_info has no \"fields\"" : "type_info has no \"name\"");
  if (!HaveFields)
    T.Fields = "null";
}

} // namespace

std::string_view keyOf(simdjson_result<ondemand::field> &F) {
  // The input is valid JSON (simdjson checked it): the key ends at a quote.
  const char *K = F.key().value().raw(), *Q = K;
#ifdef __SSE2__
  // Keys are short: 16 bytes at once (simdjson pads what it parses, so
  // reading past the key stays in the buffer).
  __m128i Bytes = _mm_loadu_si128(reinterpret_cast<const __m128i *>(K));
  unsigned Mask = unsigned(_mm_movemask_epi8(
      _mm_or_si128(_mm_cmpeq_epi8(Bytes, _mm_set1_epi8('"')),
                   _mm_cmpeq_epi8(Bytes, _mm_set1_epi8('\\')))));
  if (Mask)
    Q = K + __builtin_ctz(Mask);
  else
#endif
    while (*Q != '"' && *Q != '\\')
      ++Q;
  if (*Q == '"')
    return std::string_view(K, size_t(Q - K));
  return F.unescaped_key();
}

std::string_view rawJson(ondemand::value V) {
  switch (V.type().value()) {
  case ondemand::json_type::object:
    return V.get_object().value().raw_json().value();
  case ondemand::json_type::array:
    return V.get_array().value().raw_json().value();
  default:
    return jsonScalar(V.raw_json_token());
  }
}

ondemand::value readTyped(ondemand::object Obj, TypedValue &T, bool Check) {
  auto TI = Obj.find_field_unordered("type_info");
  if (TI.error() == NO_SUCH_FIELD)
    bad("a typed value has no \"type_info\"");
  readTypeInfo(TI.value(), T, Check);
  auto Kinds = Obj.find_field_unordered("kinds");
  if (Kinds.error() != NO_SUCH_FIELD) {
    if (Kinds.type().value() != ondemand::json_type::string)
      bad("\"kinds\" is not a string");
    T.Kinds = Kinds.get_string();
  }
  auto Param = Obj.find_field_unordered("param");
  if (Param.error() != NO_SUCH_FIELD) {
    if (Param.type().value() != ondemand::json_type::string)
      bad("\"param\" is not a string");
    T.Param = Param.get_string();
    T.HasParam = true;
  }
  auto V = Obj.find_field_unordered("value");
  if (V.error() == NO_SUCH_FIELD)
    bad("a typed value has no \"value\"");
  return V.value();
}

void writeJson(rt_out *O, ondemand::value V) {
  switch (V.type().value()) {
  case ondemand::json_type::object:
    return list(O, '{', V.get_object(), '}',
                [&](simdjson_result<ondemand::field> F) {
                  std::string_view Key = keyOf(F);
                  rt_out_json_stringn(O, Key.data(), Key.size());
                  rt_out_cstr(O, ": ");
                  writeJson(O, F.value());
                });
  case ondemand::json_type::array:
    return list(
        O, '[', V.get_array(), ']',
        [&](simdjson_result<ondemand::value> E) { writeJson(O, E.value()); });
  case ondemand::json_type::string: {
    std::string_view S = V.get_string();
    return rt_out_json_stringn(O, S.data(), S.size());
  }
  case ondemand::json_type::number: {
    std::string_view T = numberOf(V);
    return rt_out_bytes(O, T.data(), T.size());
  }
  case ondemand::json_type::boolean:
    return rt_out_cstr(O, V.get_bool() ? "true" : "false");
  case ondemand::json_type::null:
    nullOf(V);
    return rt_out_cstr(O, "null");
  }
}

void writeJson(rt_out *O, ondemand::document &Doc) {
  switch (Doc.type().value()) {
  case ondemand::json_type::object:
  case ondemand::json_type::array:
    return writeJson(O, Doc.get_value());
  case ondemand::json_type::string: {
    std::string_view S = Doc.get_string();
    return rt_out_json_stringn(O, S.data(), S.size());
  }
  case ondemand::json_type::number: {
    std::string_view T = jsonScalar(Doc.raw_json_token());
    if (!isJsonNumber(T))
      bad("\"" + std::string(T) + "\" is not a JSON number");
    return rt_out_bytes(O, T.data(), T.size());
  }
  case ondemand::json_type::boolean:
    return rt_out_cstr(O, Doc.get_bool() ? "true" : "false");
  case ondemand::json_type::null:
    if (!Doc.is_null())
      bad("a value is not valid JSON");
    return rt_out_cstr(O, "null");
  }
}

void checkTyped(ondemand::value V) {
  if (V.type().value() != ondemand::json_type::object)
    bad("a typed value is not an object");
  ondemand::object Obj = V.get_object();
  TypedValue T;
  // In one pass when the value is a number or a boolean (most are): it
  // takes no kinds letters. Otherwise its kinds are needed first.
  bool HaveInfo = false, HaveValue = false, Simple = true;
  for (auto F : Obj) {
    std::string_view Key = keyOf(F);
    ondemand::value X = F.value();
    if (Key == "type_info") {
      readTypeInfo(X, T, true);
      HaveInfo = true;
    } else if (Key == "value") {
      ondemand::json_type Type = X.type().value();
      if (Type == ondemand::json_type::number)
        numberOf(X);
      else if (Type == ondemand::json_type::boolean)
        X.get_bool();
      else
        Simple = false;
      HaveValue = true;
    } else if (Key == "kinds") {
      if (X.type().value() != ondemand::json_type::string)
        bad("\"kinds\" is not a string");
      T.Kinds = X.get_string();
    } else if (Key == "param" &&
               X.type().value() != ondemand::json_type::string) {
      bad("\"param\" is not a string");
    }
    if (!Simple)
      break;
  }
  if (Simple) {
    if (!HaveInfo || !HaveValue)
      bad(HaveInfo ? "a typed value has no \"value\""
                   : "a typed value has no \"type_info\"");
    if (!T.Kinds.empty())
      bad("\"kinds\" has more letters than its value has strings, nulls and "
          "objects");
    return;
  }
  Obj.reset();
  ondemand::value Val = readTyped(Obj, T, true);
  char Scratch[1024];
  rt_out Discard;
  rt_out_init(&Discard, -1, Scratch, sizeof Scratch);
  writeText(&Discard, Val, T.Kinds);
}

rt_location readLocation(ondemand::value V) {
  rt_location L = {nullptr, 0, 0, 0};
  if (V.type().value() == ondemand::json_type::null) {
    nullOf(V);
    return L;
  }
  if (V.type().value() != ondemand::json_type::object)
    bad("\"location\" is neither null nor an object");
  int Have = 0;
  for (auto F : V.get_object()) {
    std::string_view Key = keyOf(F);
    if (Key == "file") {
      std::string_view File = F.value().get_string();
      L.file = File.data();
      L.file_len = File.size();
      Have |= 1;
    } else if (Key == "line") {
      L.line = F.value().get_uint64();
      Have |= 2;
    } else if (Key == "column") {
      L.column = F.value().get_uint64();
      Have |= 4;
    } else {
      rawJson(F.value());
    }
  }
  if (Have != 7)
    bad("\"location\" needs \"file\", \"line\" and \"column\"");
  return L;
}

enum rt_exit_how exitHow(bool TailCall, bool Unwound, bool Unfinished) {
  return TailCall     ? RT_EXIT_TAIL_CALL
         : Unwound    ? RT_EXIT_UNWOUND
         : Unfinished ? RT_EXIT_UNFINISHED
                      : RT_EXIT_RETURN;
}

ondemand::document Reparser::parse(std::string_view Json) {
  Buf.assign(Json);
  Buf.append(SIMDJSON_PADDING, '\0');
  return Parser.iterate(
      padded_string_view(Buf.data(), Json.size(), Buf.size()));
}

} // namespace ruchytrace
