//===- TextValue.cpp - a typed value as the text format shows it ---------===//
//
// The text format is a function of the JSON: a value and its "kinds"
// letters (rt_format.h) give the runtime's text byte for byte, through the
// runtime's own rt_out formatting and its line-room rule (rt_text_full).
//
//===----------------------------------------------------------------------===//
#include "JsonValues.h"

using namespace simdjson;

namespace ruchytrace {

namespace {

using namespace json;

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

} // namespace

void writeText(rt_out *O, ondemand::value V, std::string_view Kinds) {
  TextWriter W(O, Kinds, !Kinds.empty());
  W.value(V);
  W.finish();
}

} // namespace ruchytrace
