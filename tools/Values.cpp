//===- Values.cpp - typed values of a JSON trace: checked and written -----===//
#include "Values.h"

#include "TraceReader.h"

#ifdef __SSE2__
#include <emmintrin.h>
#endif

using namespace simdjson;

namespace ruchytrace {

namespace {

[[noreturn]] void bad(std::string Message) {
  throw BadTrace{std::move(Message)};
}

// The JSON number grammar: On-Demand does not check a number it is not
// asked to convert, and these are copied as they are.
bool isJsonNumber(std::string_view S) {
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

std::string_view numberOf(ondemand::value V) {
  std::string_view T = jsonScalar(V.raw_json_token());
  if (!isJsonNumber(T))
    bad("\"" + std::string(T) + "\" is not a JSON number");
  return T;
}

void nullOf(ondemand::value V) {
  if (!V.is_null())
    bad("a value is not valid JSON");
}

// Decodes the one character of a character value (valid UTF-8, as
// simdjson checked): its code point, or -1 if it is not one character.
long oneCodePoint(std::string_view S) {
  if (S.empty())
    return -1;
  unsigned char C = S[0];
  size_t Len = C < 0x80 ? 1 : C < 0xe0 ? 2 : C < 0xf0 ? 3 : 4;
  if (S.size() != Len)
    return -1;
  long Cp = Len == 1 ? C : C & (0xff >> (Len + 1));
  for (size_t I = 1; I < Len; ++I)
    Cp = Cp << 6 | (S[I] & 0x3f);
  return Cp;
}

int hexDigit(char C) {
  return C >= '0' && C <= '9'   ? C - '0'
         : C >= 'a' && C <= 'f' ? C - 'a' + 10
                                : -1;
}

// "[a, b]" or "{k: v}": Open, the elements with ", " between, Close.
template <typename Range, typename Fn>
void list(rt_out *O, char Open, Range &&Elements, char Close, Fn Element) {
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

// Walks a value with its kinds, writing it as the text format does (to a
// discarding rt_out when only checking it).
class TextWriter {
public:
  TextWriter(rt_out *O, std::string_view Kinds, bool Strict)
      : O(O), K(Kinds), Strict(Strict) {}

  void value(ondemand::value V) {
    switch (V.type().value()) {
    case ondemand::json_type::number: {
      std::string_view T = numberOf(V);
      rt_out_bytes(O, T.data(), T.size());
      return;
    }
    case ondemand::json_type::boolean:
      rt_out_cstr(O, V.get_bool() ? "true" : "false");
      return;
    case ondemand::json_type::null:
      nullOf(V);
      switch (letter(RT_KIND_NULL)) {
      case RT_KIND_NULL:
        return rt_out_cstr(O, RT_TEXT_NULL);
      case RT_KIND_CUT:
        return rt_out_cstr(O, RT_TEXT_CUT);
      case RT_KIND_UNCAPTURED:
        return rt_out_cstr(O, RT_TEXT_UNCAPTURED);
      default:
        misfit("a null");
      }
    case ondemand::json_type::string:
      return string(V.get_string(), letter(RT_KIND_STRING));
    case ondemand::json_type::array: {
      // A set's or a map's array has a letter of its own, before its
      // elements' (no string, null or object letter is either).
      char L = At < K.size() ? K[At] : 0;
      if (L == RT_KIND_SET || L == RT_KIND_PAIRS)
        ++At;
      if (L == RT_KIND_PAIRS)
        return items('{', V.get_array(), '}',
                     [&](simdjson_result<ondemand::value> E) { entry(E); });
      return items(
          L == RT_KIND_SET ? '{' : '[', V.get_array(),
          L == RT_KIND_SET ? '}' : ']',
          [&](simdjson_result<ondemand::value> E) { value(E.value()); });
    }
    case ondemand::json_type::object:
      switch (letter(RT_KIND_STRUCT)) {
      case RT_KIND_STRUCT:
        return fields(V.get_object());
      case RT_KIND_POINTER:
        return pointer(V.get_object());
      case RT_KIND_VARIANT:
        return variant(V.get_object());
      case RT_KIND_TUPLE:
        return fields(V.get_object(), /*Tuple=*/true);
      case RT_KIND_MAP:
        return mapObject(V.get_object());
      default:
        misfit("an object");
      }
    }
  }

  void finish() {
    if (Strict && At != K.size())
      bad("\"kinds\" has more letters than its value has strings, nulls and "
          "objects");
  }

private:
  rt_out *O;
  std::string_view K;
  bool Strict;
  size_t At = 0;

  char letter(char Default) {
    if (At < K.size())
      return K[At++];
    if (Strict)
      bad("\"kinds\" has fewer letters than its value has strings, nulls and "
          "objects");
    return Default;
  }

  [[noreturn]] void misfit(const char *What) {
    bad(std::string("\"kinds\" letter '") + K[At - 1] + "' does not fit " +
        What);
  }

  void string(std::string_view S, char L) {
    switch (L) {
    case RT_KIND_STRING:
      return rt_out_json_stringn(O, S.data(), S.size());
    case RT_KIND_TOKEN:
      if (S.substr(0, sizeof RT_ELLIPSIS + 1) == RT_ELLIPSIS " (")
        LastMarker = S;
      BareCut = S == RT_ELLIPSIS;
      return rt_out_bytes(O, S.data(), S.size());
    case RT_KIND_CHAR: {
      if (S.size() == 4 && S[0] == '\\' && S[1] == 'x' && hexDigit(S[2]) >= 0 &&
          hexDigit(S[3]) >= 0)
        return rt_out_char_byte(
            O, unsigned(hexDigit(S[2]) * 16 + hexDigit(S[3])), 0);
      long Cp = oneCodePoint(S);
      if (Cp < 0)
        bad("a character value is not one character");
      return rt_out_text_char(O, uint64_t(Cp), 0);
    }
    default:
      misfit("a string");
    }
  }

  // As list(), but a list that reaches its room ends at its next element
  // with rt_text_cut_mark, as the runtime's value printer does
  // (rt_text_full); the rest is still walked (its kinds letters, and
  // validation), into a discarding writer, and counted but for a bare
  // `…` (the fields past a partial image, an array's cut).
  // A sequence's count marker ("… (N items)", its last element) is kept
  // after the cut, as the runtime writes it.
  template <typename Range, typename Fn>
  void items(char Open, Range &&Elements, char Close, Fn Element) {
    rt_out_char(O, Open);
    bool First = true;
    rt_out *Kept = nullptr;
    std::string Marker;
    uint64_t More = 0;
    for (auto E : Elements) {
      if (!First && !Kept && rt_text_full(O)) {
        Kept = O;
        rt_out_init(&Discard, -1, DiscardBuf, sizeof DiscardBuf);
        O = &Discard;
      } else if (!First && !Kept) {
        rt_out_cstr(O, ", ");
      }
      First = false;
      LastMarker.clear();
      BareCut = false;
      Element(E);
      if (Kept) {
        Marker = LastMarker;
        More += Marker.empty() && !BareCut;
      }
    }
    if (Kept) {
      O = Kept;
      if (Marker.empty()) {
        rt_text_cut_mark(O, More);
      } else {
        rt_out_cstr(O, ", ");
        rt_out_bytes(O, Marker.data(), Marker.size());
      }
    }
    rt_out_char(O, Close);
    LastMarker.clear(); // not this list's parent's: it is no string
    BareCut = false;
  }
  // The count marker the element just walked was, if it was one.
  std::string LastMarker;
  // Whether the element just walked was a bare `…`.
  bool BareCut = false;
  rt_out Discard;
  char DiscardBuf[256];

  // A struct's {name: value, ...}; a tuple's (value, ...).
  void fields(ondemand::object Obj, bool Tuple = false) {
    items(Tuple ? '(' : '{', Obj, Tuple ? ')' : '}',
          [&](simdjson_result<ondemand::field> F) {
            std::string_view Key = keyOf(F);
            // The fields past a partial image: "…": null (cut) is text's `…`.
            if (Key == RT_ELLIPSIS && At < K.size() && K[At] == RT_KIND_CUT) {
              nullOf(F.value()); // a cut value is null
              ++At;
              BareCut = true;
              return rt_out_cstr(O, RT_ELLIPSIS);
            }
            if (!Tuple) {
              rt_out_bytes(O, Key.data(), Key.size());
              rt_out_cstr(O, ": ");
            }
            value(F.value());
          });
  }

  // A map's [key, value] pair: key: value (the count marker, a string,
  // as it is).
  void entry(simdjson_result<ondemand::value> E) {
    ondemand::value V = E.value();
    if (V.type().value() != ondemand::json_type::array)
      return value(V);
    int N = 0;
    for (ondemand::value Part : V.get_array()) {
      if (N == 1)
        rt_out_cstr(O, ": ");
      else if (N > 1)
        bad("a map's entry is not a [key, value] pair");
      value(Part);
      ++N;
    }
    if (N != 2)
      bad("a map's entry is not a [key, value] pair");
  }

  // A map with string keys: {"key": value, …}; its "…" key holds the
  // count marker, written alone.
  void mapObject(ondemand::object Obj) {
    items('{', Obj, '}', [&](simdjson_result<ondemand::field> F) {
      std::string_view Key = keyOf(F);
      if (Key == RT_ELLIPSIS && At < K.size() && K[At] == RT_KIND_TOKEN)
        return value(F.value());
      rt_out_json_stringn(O, Key.data(), Key.size());
      rt_out_cstr(O, ": ");
      value(F.value());
    });
  }

  // {"first": .., "second": ..} in that order, or BadTrace.
  template <typename Fn>
  void pair(ondemand::object Obj, const char *First, const char *Second,
            const char *What, Fn Between) {
    int Seen = 0;
    for (auto F : Obj) {
      std::string_view Key = keyOf(F);
      if (Seen > 1 || Key != (Seen ? Second : First))
        bad(std::string(What) + " is not {\"" + First + "\", \"" + Second +
            "\"}");
      Between(Seen++, F.value());
    }
    if (Seen != 2)
      bad(std::string(What) + " is not {\"" + First + "\", \"" + Second +
          "\"}");
  }

  // {"address": A, "target": T}: A->T
  void pointer(ondemand::object Obj) {
    pair(Obj, "address", "target", "a pointer", [&](int I, ondemand::value V) {
      if (I)
        rt_out_cstr(O, RT_TEXT_ARROW);
      value(V);
    });
  }

  // {"variant": Name, "value": V}: Name, Name(V), Name(a, b) or
  // Name{fields}
  void variant(ondemand::object Obj) {
    pair(Obj, "variant", "value", "a variant", [&](int I, ondemand::value V) {
      if (!I)
        return value(V);
      char Next = At < K.size() ? K[At] : 0;
      if (Next == RT_KIND_NO_PAYLOAD) {
        ++At;
        return nullOf(V);
      }
      if (Next == RT_KIND_FIELDS) {
        ++At;
        return fields(V.get_object());
      }
      // A tuple variant's values: their own parentheses.
      if (Next == RT_KIND_TUPLE_FIELDS) {
        ++At;
        return fields(V.get_object(), /*Tuple=*/true);
      }
      // One value (a tuple too: Some((1, 2)), Ok(())).
      rt_out_char(O, '(');
      value(V);
      rt_out_char(O, ')');
    });
  }
};

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

void writeText(rt_out *O, ondemand::value V, std::string_view Kinds) {
  TextWriter W(O, Kinds, !Kinds.empty());
  W.value(V);
  W.finish();
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
