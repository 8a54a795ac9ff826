//===- Convert.h - `ruchytrace convert` -----------------------------------===//
#ifndef RUCHYTRACE_TOOLS_CONVERT_H
#define RUCHYTRACE_TOOLS_CONVERT_H

#include <string>

namespace ruchytrace {

/// Converts the trace at \p Path to \p To (text, chrome, ndjson, folded),
/// into \p OutPath ("" or "-": stdout). Returns the exit status; on an
/// error, one message on stderr and no output file is left. With
/// \p ParamNames, text shows the parameters' names.
int convert(const std::string &Path, const std::string &To,
            const std::string &OutPath, bool Progress, bool ParamNames);

} // namespace ruchytrace

#endif
