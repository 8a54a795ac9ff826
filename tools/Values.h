//===- Values.h - typed values of a JSON trace: checked and written -------===//
//
// A typed value is {"type_info": {"name": N, "fields": F}, "value": V,
// "kinds": K}; "kinds" (rt_format.h) says what each string, null and
// object of V is, which is what writing V as the text format needs. The
// writers here produce exactly the runtime's bytes, through the runtime's
// own rt_out formatting.
//
//===----------------------------------------------------------------------===//
#ifndef RUCHYTRACE_TOOLS_VALUES_H
#define RUCHYTRACE_TOOLS_VALUES_H

#include "rt_format.h"
#include "simdjson.h"

#include <string>
#include <string_view>

namespace ruchytrace {

/// A trace that is valid JSON but not what the schema says.
struct BadTrace {
  std::string Message;
};

struct TypedValue {
  std::string_view Type, Kinds; // unescaped
  std::string_view Fields;      // raw JSON
  std::string_view Param;       // an argument's parameter name, unescaped
  bool HasParam = false;
  const char *param() const { return HasParam ? Param.data() : nullptr; }
};

/// Reads a typed value's type_info and kinds (keys in any order) and
/// returns its value, for the caller to read next. With \p Check, the
/// type_info is checked in depth (and Fields is left empty). Throws
/// BadTrace if a part is missing or of the wrong type.
simdjson::ondemand::value readTyped(simdjson::ondemand::object Obj,
                                    TypedValue &T, bool Check);

/// A field's key: as it stands in the input, unescaped only when it holds
/// an escape (rare, and slower).
std::string_view keyOf(simdjson::simdjson_result<simdjson::ondemand::field> &F);

/// The raw JSON text of any value (objects and arrays are consumed).
std::string_view rawJson(simdjson::ondemand::value V);

/// Any JSON value in the runtime's layout: ", " and ": ", one line,
/// strings escaped as the runtime escapes them.
void writeJson(rt_out *O, simdjson::ondemand::value V);
/// The same for a whole document (which may be a scalar).
void writeJson(rt_out *O, simdjson::ondemand::document &Doc);

/// A value as the text format shows it, its kinds read from \p Kinds;
/// throws BadTrace where a letter does not fit the value.
void writeText(rt_out *O, simdjson::ondemand::value V, std::string_view Kinds);

/// Checks a typed value in depth (validate): type_info, every scalar of
/// the value, and that the kinds fit it.
void checkTyped(simdjson::ondemand::value V);

/// {"file": F, "line": L, "column": C} or null (file == NULL). The file
/// name is a view into the parser.
rt_location readLocation(simdjson::ondemand::value V);

/// An exit's flags as one rt_exit_how.
enum rt_exit_how exitHow(bool TailCall, bool Unwound, bool Unfinished);

/// A reusable parser for a JSON fragment held elsewhere (simdjson wants
/// padding after it).
class Reparser {
public:
  simdjson::ondemand::document parse(std::string_view Json);

private:
  simdjson::ondemand::parser Parser;
  std::string Buf;
};

} // namespace ruchytrace

#endif
