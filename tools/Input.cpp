//===- Input.cpp - trace operands that are not regular files --------------===//
//
// See Input.h. A memfd rather than a string: the .rtrace reader maps its
// file, and every reader takes a path.
//
//===----------------------------------------------------------------------===//
#include "Input.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <map>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

namespace ruchytrace {

static std::map<std::string, std::string> &names() {
  static std::map<std::string, std::string> Names;
  return Names;
}

std::string spoolInput(const std::string &Path) {
  int In = Path == "-" ? dup(0) : open(Path.c_str(), O_RDONLY | O_CLOEXEC);
  struct stat St;
  if (In < 0 || (fstat(In, &St) == 0 && S_ISREG(St.st_mode))) {
    if (In >= 0)
      close(In);
    return Path == "-" && In < 0 ? "/dev/stdin" : Path;
  }
  if (S_ISDIR(St.st_mode)) { // the readers say "is a directory"
    close(In);
    return Path;
  }
  int Mem = memfd_create("ruchytrace-input", MFD_CLOEXEC);
  const char *Why = Mem < 0 ? "cannot hold it in memory" : nullptr;
  char Buf[1 << 16];
  ssize_t Got = 0;
  while (!Why && (Got = read(In, Buf, sizeof Buf)) != 0) {
    if (Got < 0 && errno == EINTR)
      continue;
    if (Got < 0) {
      Why = "cannot read";
      break;
    }
    for (ssize_t Done = 0, W; Done < Got; Done += W)
      if ((W = write(Mem, Buf + Done, size_t(Got - Done))) <= 0) {
        Why = "cannot hold it in memory";
        break;
      }
  }
  int Err = errno;
  close(In);
  if (Why) {
    std::fprintf(stderr, "ruchytrace: %s: %s: %s\n",
                 Path == "-" ? "standard input" : Path.c_str(), Why,
                 std::strerror(Err));
    if (Mem >= 0)
      close(Mem);
    return "";
  }
  std::string Spooled = "/proc/self/fd/" + std::to_string(Mem);
  names()[Spooled] = Path == "-" ? "standard input" : Path;
  return Spooled;
}

std::string displayText(std::string Msg) {
  for (const auto &[Spooled, Name] : names())
    for (size_t At; (At = Msg.find(Spooled)) != std::string::npos;)
      Msg.replace(At, Spooled.size(), Name);
  return Msg;
}

const std::string &displayName(const std::string &Path) {
  auto It = names().find(Path);
  return It == names().end() ? Path : It->second;
}

} // namespace ruchytrace
