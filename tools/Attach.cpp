//===- Attach.cpp - `ruchytrace attach`: trace a process that runs --------===//
//
//   ruchytrace attach PID [-o OUT] [--duration SECONDS] [--filter PATTERNS]
//       [--sample N] [--depth N] [--format F] [--snapshot]
//
// The client of the protocol in rt/rt_attach_proto.h. It checks what it
// can before it signals anything (the process exists, belongs to us, is
// not set-uid, catches the rendezvous signal, has not turned control off),
// creates the output under a temporary name, and hands the process that
// file's descriptor: the process never opens a path of ours. The file is
// renamed into place only when the process says the trace is complete.
//
//===----------------------------------------------------------------------===//
#include "Profile.h"
#include "rt_attach_proto.h"
#include "rt_format.h"

#include <cerrno>
#include <cinttypes>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <poll.h>
#include <string>
#include <strings.h>
#include <sys/mman.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

namespace {

const char *AttachHelp =
    "usage: ruchytrace attach PID [options]\n"
    "Traces a running process built with RuchyTrace, then puts it back as\n"
    "it was. The process writes the trace of the session only: calls from\n"
    "the time it was attached to the time it is detached.\n"
    "  -o OUT              the trace file (default: - for standard output)\n"
    "  --duration T        detach after this long (5 for seconds, 1.5s,\n"
    "                      250ms; default: at Ctrl-C)\n"
    "  --filter PATTERNS   only these functions (RUCHY_TRACE_FILTER's syntax;\n"
    "                      a pattern that matches none is refused)\n"
    "  --sample N          record one call in N per thread\n"
    "  --depth N           record calls at most N recorded frames deep\n"
    "  --format F          json, text, ndjson, chrome, rtrace or perfetto\n"
    "                      (default: from OUT's extension, like\n"
    "                      RUCHY_TRACE_OUTPUT; text on standard output)\n"
    "  --snapshot          write what is being recorded, change nothing:\n"
    "                      the process's own trace, or the running\n"
    "                      session's; a process not tracing refuses\n"
    "  --timeout T         wait this long for the process to answer (3s)\n"
    "Only the process's owner and root may attach; a process started with\n"
    "RUCHY_TRACE_CONTROL=off, or set-uid, refuses.\n";

int fail(const std::string &Msg) {
  std::fprintf(stderr, "ruchytrace: attach: %s\n", Msg.c_str());
  return 1;
}

// One line, as the other commands' usage errors.
int usage(const std::string &Msg) {
  std::fprintf(stderr,
               "ruchytrace: attach: %s ('ruchytrace attach --help' for "
               "usage)\n",
               Msg.c_str());
  return 2;
}

bool readFile(const std::string &Path, std::string &Out) {
  FILE *F = std::fopen(Path.c_str(), "rb");
  if (!F)
    return false;
  char Buf[4096];
  size_t N;
  while ((N = std::fread(Buf, 1, sizeof Buf, F)) > 0)
    Out.append(Buf, N);
  std::fclose(F);
  return true;
}

// The fields after "Name:" in /proc/PID/status.
std::string statusField(const std::string &Status, const char *Name) {
  std::string Key = std::string("\n") + Name + ":";
  size_t At = ("\n" + Status).find(Key);
  if (At == std::string::npos)
    return "";
  size_t End = Status.find('\n', At);
  return Status.substr(At + Key.size() - 1, End - (At + Key.size() - 1));
}

bool parseCount(const char *S, uint64_t Max, uint64_t &Out) {
  char *End;
  errno = 0;
  if (!*S || *S < '0' || *S > '9')
    return false;
  unsigned long long V = std::strtoull(S, &End, 10);
  if (errno || *End || V == 0 || V > Max)
    return false;
  Out = V;
  return true;
}

volatile sig_atomic_t Interrupted;
void onInterrupt(int) { Interrupted = 1; }

// Waits for the reply, up to Ms (-1: forever), interrupted by Ctrl-C when
// StopOnSignal. 1: a reply, 0: timeout or signal, -1: the process closed
// the connection (or an error).
int readReply(int Fd, rt_attach_reply &R, int Ms, bool StopOnSignal) {
  struct timespec Start;
  clock_gettime(CLOCK_MONOTONIC, &Start);
  for (;;) {
    struct timespec Now;
    clock_gettime(CLOCK_MONOTONIC, &Now);
    long Spent = (Now.tv_sec - Start.tv_sec) * 1000 +
                 (Now.tv_nsec - Start.tv_nsec) / 1000000;
    if (Ms >= 0 && Spent >= Ms)
      return 0;
    struct pollfd P = {Fd, POLLIN, 0};
    int N = poll(&P, 1, Ms < 0 ? -1 : int(Ms - Spent));
    if (N < 0 && errno == EINTR) {
      if (StopOnSignal && Interrupted)
        return 0;
      continue;
    }
    if (N <= 0)
      continue;
    ssize_t Got = recv(Fd, &R, sizeof R, MSG_WAITALL);
    if (Got != ssize_t(sizeof R) || R.magic != RT_ATTACH_MAGIC)
      return -1;
    R.message[sizeof R.message - 1] = 0;
    return 1;
  }
}

struct Options {
  pid_t Pid = 0;
  std::string Out = "-", Format, Filter;
  double Duration = 0, Timeout = 3;
  uint64_t Sample = 0, Depth = 0;
  bool Snapshot = false;
};

int parseArgs(int argc, char **argv, Options &O) {
  for (int I = 2; I < argc; ++I) {
    std::string A = argv[I], V;
    if (A == "--help" || A == "-h") {
      std::fputs(AttachHelp, stdout);
      return 0;
    }
    if (A == "--snapshot") {
      O.Snapshot = true;
      continue;
    }
    size_t Eq = A.find('=');
    bool Opt = A.size() > 1 && A[0] == '-';
    if (Opt && A.rfind("--", 0) == 0 && Eq != std::string::npos) {
      V = A.substr(Eq + 1);
      A = A.substr(0, Eq);
    } else if (Opt) {
      static const char *const Valued[] = {"-o",         "--output", "--format",
                                           "--filter",   "--sample", "--depth",
                                           "--duration", "--timeout"};
      bool Known = false;
      for (const char *K : Valued)
        Known |= A == K;
      if (!Known)
        return usage("unknown option '" + A + "'");
      if (I + 1 >= argc)
        return usage("'" + A + "' needs a value");
      V = argv[++I];
    }
    if (!Opt) {
      uint64_t P;
      if (O.Pid)
        return usage("one process at a time ('" + A + "' is one too many)");
      if (!parseCount(A.c_str(), 4194304, P))
        return usage("'" + A + "' is not a process id");
      O.Pid = pid_t(P);
    } else if (A == "-o" || A == "--output") {
      if (V.empty())
        return usage(A + " takes a file name, or - for standard output");
      O.Out = V;
    } else if (A == "--format") {
      O.Format = V;
    } else if (A == "--filter") {
      if (V.empty() || V.size() >= RT_ATTACH_FILTER_MAX)
        return usage("--filter takes 1 to 4095 characters");
      O.Filter = V;
    } else if (A == "--sample") {
      if (!parseCount(V.c_str(), 2147483647, O.Sample))
        return usage("--sample takes a whole number from 1 to 2147483647");
    } else if (A == "--depth") {
      if (!parseCount(V.c_str(), 4294967295u, O.Depth))
        return usage("--depth takes a whole number from 1 to 4294967295");
    } else if (A == "--duration" || A == "--timeout") {
      uint64_t Ns;
      if (!ruchytrace::parseTime(V, Ns) || Ns < 1000000 ||
          Ns > uint64_t(86400) * 365 * 1000000000)
        return usage(A + " takes a time from 1 ms to a year, such as 5 " +
                     "(seconds), 1.5s or 250ms, not '" + V + "'");
      (A == "--duration" ? O.Duration : O.Timeout) = double(Ns) / 1e9;
    } else {
      return usage("unknown option '" + A + "'");
    }
  }
  if (!O.Pid)
    return usage("which process? (a process id)");
  if (O.Snapshot && (O.Duration || O.Sample || O.Depth || !O.Filter.empty()))
    return usage("--snapshot changes nothing: it takes no --duration, "
                 "--filter, --sample or --depth");
  // Checked here, before the process is signalled: its refusal would be
  // an exit status of 1, as if the process had failed.
  bool Known = false;
#define RT_FORMAT_KNOWN(name, e, binary)                                       \
  Known |= !strcasecmp(O.Format.c_str(), name);
  RT_FORMATS(RT_FORMAT_KNOWN)
#undef RT_FORMAT_KNOWN
  if (!O.Format.empty() && !Known) {
    std::fprintf(stderr,
                 "ruchytrace: attach: --format '%s' is not a format (the "
                 "formats are " RT_FORMAT_NAMES ")\n",
                 O.Format.c_str());
    return 2;
  }
  return -1;
}

// Why the trace cannot be put at Path (one line), or "" if it can be
// tried: checked before the process is signalled.
std::string badOutput(const std::string &Path) {
  if (Path == "-")
    return "";
  struct stat St;
  if ((!Path.empty() && Path.back() == '/') ||
      (stat(Path.c_str(), &St) == 0 && S_ISDIR(St.st_mode)))
    return "it is a directory (-o takes a file name)";
  // A device, FIFO or symlink is written into at the end (Output), not
  // replaced: no file is created next to it.
  if (lstat(Path.c_str(), &St) == 0 && !S_ISREG(St.st_mode)) {
    if (S_ISLNK(St.st_mode) && stat(Path.c_str(), &St) != 0)
      return errno == ENOENT ? "" : std::strerror(errno); // `>` creates it
    return access(Path.c_str(), W_OK) == 0 ? "" : std::strerror(errno);
  }
  size_t Slash = Path.rfind('/');
  std::string Dir = Slash == std::string::npos ? "."
                    : Slash == 0               ? "/"
                                               : Path.substr(0, Slash);
  if (stat(Dir.c_str(), &St) != 0)
    return "directory '" + Dir + "' " +
           (errno == ENOENT ? "does not exist" : std::strerror(errno));
  if (!S_ISDIR(St.st_mode))
    return "'" + Dir + "' is not a directory";
  if (access(Dir.c_str(), W_OK | X_OK) != 0)
    return "cannot create files in directory '" + Dir +
           "': " + std::strerror(errno);
  return "";
}

// What the process's /proc says about attaching: 0 with the signal to
// send, or 1 after a message.
int checkTarget(pid_t Pid, int &Sig) {
  std::string Proc = "/proc/" + std::to_string(Pid), Status;
  if (!readFile(Proc + "/status", Status))
    return fail("no process " + std::to_string(Pid));
  unsigned long R, E, S, F;
  if (std::sscanf(statusField(Status, "Uid").c_str(), "%lu %lu %lu %lu", &R, &E,
                  &S, &F) != 4)
    return fail("cannot read the owner of process " + std::to_string(Pid));
  unsigned long GR, GE, GS, GF;
  if (std::sscanf(statusField(Status, "Gid").c_str(), "%lu %lu %lu %lu", &GR,
                  &GE, &GS, &GF) != 4 ||
      R != E || E != S || GR != GE || GE != GS)
    return fail("process " + std::to_string(Pid) +
                " runs set-uid or set-gid: it refuses attach");
  if (geteuid() != 0 && geteuid() != E)
    return fail("permission denied: process " + std::to_string(Pid) +
                " belongs to uid " + std::to_string(E) +
                " (only its owner and root may attach)");
  Sig = RT_ATTACH_DEFAULT_SIGNAL;
  std::string Env;
  if (readFile(Proc + "/environ", Env)) {
    static const char Key[] = "RUCHY_TRACE_CONTROL=";
    for (size_t At = 0; At < Env.size();) {
      size_t End = Env.find('\0', At);
      if (End == std::string::npos)
        End = Env.size();
      std::string Var = Env.substr(At, End - At);
      At = End + 1;
      if (Var.rfind(Key, 0) != 0)
        continue;
      std::string V = Var.substr(sizeof Key - 1);
      if (V == "1" || !strcasecmp(V.c_str(), "on") ||
          !strcasecmp(V.c_str(), "yes") || !strcasecmp(V.c_str(), "true"))
        continue;
      Sig = rt_signal_by_name(V.c_str());
      if (!Sig || Sig > SIGRTMAX)
        return fail("process " + std::to_string(Pid) +
                    " refuses attach (RUCHY_TRACE_CONTROL=" + V + ")");
    }
  }
  // SigCgt: the caught signals, in hex, bit N-1 for signal N.
  std::string Caught = statusField(Status, "SigCgt");
  size_t First = Caught.find_first_not_of(" \t");
  Caught = First == std::string::npos ? "" : Caught.substr(First);
  size_t Digit = Caught.size() - 1 - size_t(Sig - 1) / 4;
  bool Catches = false;
  if (Caught.size() > size_t(Sig - 1) / 4) {
    char C[2] = {Caught[Digit], 0};
    Catches = (std::strtoul(C, nullptr, 16) >> ((Sig - 1) % 4)) & 1;
  }
  if (!Catches)
    return fail("process " + std::to_string(Pid) +
                " does not take attach: it is not built with RuchyTrace, "
                "or its runtime is older than attach");
  return 0;
}

// Sends the request with the output descriptor.
bool sendRequest(int Fd, const rt_attach_request &Rq, int Out) {
  struct iovec Iov = {const_cast<rt_attach_request *>(&Rq), sizeof Rq};
  union {
    struct cmsghdr H;
    char Buf[CMSG_SPACE(sizeof(int))];
  } Ctl;
  std::memset(&Ctl, 0, sizeof Ctl);
  struct msghdr M = {};
  M.msg_iov = &Iov;
  M.msg_iovlen = 1;
  M.msg_control = Ctl.Buf;
  M.msg_controllen = sizeof Ctl.Buf;
  struct cmsghdr *C = CMSG_FIRSTHDR(&M);
  C->cmsg_level = SOL_SOCKET;
  C->cmsg_type = SCM_RIGHTS;
  C->cmsg_len = CMSG_LEN(sizeof(int));
  std::memcpy(CMSG_DATA(C), &Out, sizeof Out);
  return sendmsg(Fd, &M, MSG_NOSIGNAL) == ssize_t(sizeof Rq);
}

// The listening socket the process connects to.
int listenFor(uint64_t Nonce) {
  struct sockaddr_un A = {};
  A.sun_family = AF_UNIX;
  int N = std::snprintf(A.sun_path + 1, sizeof A.sun_path - 1,
                        RT_ATTACH_SOCKET_PREFIX "%d-%016" PRIx64, int(getpid()),
                        Nonce);
  socklen_t Len = socklen_t(offsetof(struct sockaddr_un, sun_path) + 1 + N);
  int Fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (Fd < 0 || bind(Fd, (struct sockaddr *)&A, Len) != 0 ||
      listen(Fd, 1) != 0) {
    if (Fd >= 0)
      close(Fd);
    return -1;
  }
  return Fd;
}

// Where the process writes the trace: always a regular file, which a
// write cannot block on (the process refuses anything else).
struct Output {
  std::string Path, Tmp;
  int Fd = -1;
  bool Unnamed = false; // O_TMPFILE
  bool CopyToPath = false;
  std::string Why; // why the trace could not be put at Path, if known
  bool copyOut(int To) {
    char Buf[1 << 16];
    ssize_t N;
    for (off_t At = 0; (N = pread(Fd, Buf, sizeof Buf, At)) > 0; At += N)
      for (ssize_t Done = 0, W; Done < N; Done += W)
        if ((W = write(To, Buf + Done, size_t(N - Done))) <= 0) {
          Why = W < 0 ? std::strerror(errno) : "nothing written";
          return false;
        }
    return N == 0;
  }
  // The finished trace into stdout, or into what -o names if that is not
  // a plain regular file: written into like a shell's `>`, never renamed
  // over (as root that would replace /dev/null with a file).
  bool copyOut() {
    if (!CopyToPath)
      return copyOut(1);
    int To =
        ::open(Path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (To < 0) {
      Why = std::strerror(errno);
      return false;
    }
    bool Ok = copyOut(To);
    return close(To) == 0 && Ok;
  }
  bool open(const std::string &P) {
    Path = P;
    struct stat St;
    CopyToPath = P != "-" && lstat(P.c_str(), &St) == 0 && !S_ISREG(St.st_mode);
    if (P == "-" ||
        CopyToPath) { // collected in memory, copied out when complete
      Fd = memfd_create("ruchytrace-attach", MFD_CLOEXEC);
      return Fd >= 0;
    }
    Tmp = P + ".tmp.attach." + std::to_string(getpid());
    // A file with no name (O_TMPFILE) in the output's directory: if this
    // command is killed (SIGKILL cannot be caught), the kernel frees it
    // once the process, which holds it too, ends the session; a named
    // temporary file would stay behind. It gets its name only when it is
    // complete (linkat), for the moment of the rename. A file system
    // without O_TMPFILE gets the named file.
    size_t Slash = P.rfind('/');
    std::string Dir = Slash == std::string::npos ? "."
                      : Slash == 0               ? "/"
                                                 : P.substr(0, Slash);
    Fd = ::open(Dir.c_str(), O_TMPFILE | O_WRONLY | O_CLOEXEC, 0600);
    Unnamed = Fd >= 0;
    if (!Unnamed)
      Fd = ::open(Tmp.c_str(),
                  O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    return Fd >= 0;
  }
  // Renames the finished trace into place, or removes it.
  bool finish(bool Ok) {
    bool Copied = Tmp.empty() && Ok && copyOut();
    bool Named = !Unnamed;
    if (Unnamed && Ok && !Tmp.empty()) {
      std::string Self = "/proc/self/fd/" + std::to_string(Fd);
      Named = linkat(AT_FDCWD, Self.c_str(), AT_FDCWD, Tmp.c_str(),
                     AT_SYMLINK_FOLLOW) == 0;
    }
    bool Closed = close(Fd) == 0;
    Fd = -1;
    if (Tmp.empty())
      return Copied && Closed;
    if (Ok && Named && Closed && rename(Tmp.c_str(), Path.c_str()) == 0)
      return true;
    if (Named)
      unlink(Tmp.c_str());
    return false;
  }
};

} // namespace

int attachMain(int argc, char **argv) {
  Options O;
  int Status = parseArgs(argc, argv, O);
  if (Status >= 0)
    return Status;
  std::string Bad = badOutput(O.Out);
  if (!Bad.empty())
    return fail("cannot write the trace to '" + O.Out + "': " + Bad);
  int Sig;
  if (checkTarget(O.Pid, Sig))
    return 1;
  std::string Who = "process " + std::to_string(O.Pid);

  rt_attach_request Rq;
  std::memset(&Rq, 0, sizeof Rq);
  Rq.magic = RT_ATTACH_MAGIC;
  Rq.version = RT_ATTACH_VERSION;
  Rq.op = O.Snapshot ? RT_ATTACH_SNAPSHOT : RT_ATTACH_START;
  Rq.sample = int32_t(O.Sample);
  Rq.max_depth = uint32_t(O.Depth);
  // Standard output gets text, as the runtime's own default (stderr) and
  // --help say; a file gets its extension's format in the process.
  std::snprintf(Rq.format, sizeof Rq.format, "%s",
                O.Format.empty() && O.Out == "-" ? "text" : O.Format.c_str());
  // Only its extension matters (the process never opens it).
  std::string Name = O.Out.substr(O.Out.rfind('/') + 1);
  if (Name.size() >= sizeof Rq.output_name)
    Name = Name.substr(Name.size() - (sizeof Rq.output_name - 1));
  std::snprintf(Rq.output_name, sizeof Rq.output_name, "%s",
                O.Out == "-" ? "" : Name.c_str());
  std::snprintf(Rq.filter, sizeof Rq.filter, "%s", O.Filter.c_str());

  uint64_t Nonce;
  if (getrandom(&Nonce, sizeof Nonce, 0) != ssize_t(sizeof Nonce))
    return fail("no random numbers (getrandom)");
  int Listen = listenFor(Nonce);
  if (Listen < 0)
    return fail(std::string("cannot create a socket: ") + std::strerror(errno));
  Output Out;
  if (!Out.open(O.Out)) {
    close(Listen);
    return fail("cannot write the trace to '" + O.Out +
                "': " + std::strerror(errno));
  }
  auto Abort = [&](const std::string &Msg) {
    Out.finish(false);
    close(Listen);
    return fail(Msg);
  };

  struct sigaction SA = {};
  SA.sa_handler = onInterrupt; // no SA_RESTART: poll returns EINTR
  sigemptyset(&SA.sa_mask);
  for (int S : {SIGINT, SIGTERM, SIGHUP})
    sigaction(S, &SA, nullptr);

  union sigval Val;
  Val.sival_ptr = reinterpret_cast<void *>(uintptr_t(Nonce));
  if (sigqueue(O.Pid, Sig, Val) != 0)
    return Abort("cannot signal " + Who + ": " + std::strerror(errno));
  struct pollfd P = {Listen, POLLIN, 0};
  int Ms = int(O.Timeout * 1000);
  int Ready;
  do
    Ready = poll(&P, 1, Ms);
  while (Ready < 0 && errno == EINTR && !Interrupted);
  if (Ready <= 0)
    return Abort(Interrupted
                     ? "interrupted"
                     : Who +
                           " did not answer: it blocks or handles "
                           "signal " +
                           std::to_string(Sig) + " itself, or is stopped");
  int Conn = accept4(Listen, nullptr, nullptr, SOCK_CLOEXEC);
  close(Listen);
  Listen = -1;
  struct ucred Cred;
  socklen_t Len = sizeof Cred;
  if (Conn < 0 || getsockopt(Conn, SOL_SOCKET, SO_PEERCRED, &Cred, &Len) != 0 ||
      Cred.pid != O.Pid) {
    if (Conn >= 0)
      close(Conn);
    Out.finish(false);
    return fail("another process answered in place of " + Who);
  }
  auto Done = [&](bool Ok, const std::string &Msg) {
    close(Conn);
    bool Written = Out.finish(Ok);
    if (!Ok)
      return fail(Msg);
    if (!Written)
      return fail("cannot put the trace at '" + O.Out + "'" +
                  (Out.Why.empty() ? "" : ": " + Out.Why));
    if (O.Out != "-")
      std::fprintf(stderr, "ruchytrace: attach: %s: %s: %s\n", Who.c_str(),
                   Msg.c_str(), O.Out.c_str());
    return 0;
  };

  rt_attach_reply R;
  if (!sendRequest(Conn, Rq, Out.Fd))
    return Done(false, "cannot send the request to " + Who);
  int Got = readReply(Conn, R, RT_ATTACH_IO_TIMEOUT_MS * 5, false);
  if (Got <= 0)
    return Done(false, Who + " closed the connection without an answer");
  if (R.status)
    return Done(false, Who + ": " + R.message);
  if (O.Snapshot)
    return Done(true, R.message);

  // Tracing. The process may exit meanwhile: it then writes the trace and
  // says so.
  int Wait = O.Duration ? int(O.Duration * 1000) : -1;
  if (!O.Duration)
    std::fprintf(stderr, "ruchytrace: attach: tracing %s; Ctrl-C detaches\n",
                 Who.c_str());
  Got = readReply(Conn, R, Wait, true);
  if (Got == 0) {
    if (Interrupted)
      std::fprintf(stderr, "ruchytrace: attach: detaching from %s\n",
                   Who.c_str());
    rt_attach_request Stop = Rq;
    Stop.op = RT_ATTACH_STOP;
    size_t Head = RT_ATTACH_STOP_BYTES;
    if (send(Conn, &Stop, Head, MSG_NOSIGNAL) != ssize_t(Head))
      return Done(false, Who + " went away without writing the trace");
    // The process notices the message by a signal the connection raises;
    // should that one be lost, nudge it with ours.
    Got = readReply(Conn, R, RT_ATTACH_IO_TIMEOUT_MS, false);
    if (Got == 0) {
      sigqueue(O.Pid, Sig, Val);
      Got = readReply(Conn, R, 120 * 1000, false);
    }
  }
  if (Got <= 0)
    return Done(false, Who + " ended without writing the trace");
  return Done(R.status == 0, R.status ? Who + ": " + R.message : R.message);
}
