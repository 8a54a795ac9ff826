//===- Driver.cpp - `ruchytrace build` and `ruchytrace run`
//----------------===//
//
// The spec's command line for a C or Rust source file:
//
//   ruchytrace run PROGRAM.c|.rs [ARGS...] --trace [--trace-sample=N]
//       [--trace-filter=PATTERN] [--trace-output=FILE] [--trace-format=F]
//   ruchytrace build PROGRAM.c|.rs [-o OUT]
//
// Builds with the plugin and the runtime found next to this executable
// (with ruchytrace.cfg and the clang of the LLVM the plugin was built
// against, which CMakeLists.txt passes in as RUCHYTRACE_CLANG and
// RUCHYTRACE_CLANGXX; or rustc -Zllvm-plugins), then runs the
// program with the matching RUCHY_TRACE_* environment and passes its exit
// status through. The trace goes to stderr as text unless --trace-output
// names a file; the program's stdout is never mixed with it.
//
//===----------------------------------------------------------------------===//
#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

namespace {

std::string selfDir() {
  char Buf[PATH_MAX];
  ssize_t N = readlink("/proc/self/exe", Buf, sizeof Buf - 1);
  if (N <= 0)
    return ".";
  Buf[N] = 0;
  std::string P(Buf);
  return P.substr(0, P.rfind('/'));
}

bool endsWith(const std::string &S, const char *Suffix) {
  size_t N = std::strlen(Suffix);
  return S.size() >= N && S.compare(S.size() - N, N, Suffix) == 0;
}

// Runs argv with extra environment; returns a shell-style status: the exit
// code, or 128 + the signal that ended it.
int spawn(const std::vector<std::string> &Argv,
          const std::vector<std::string> &Env) {
  pid_t Pid = fork();
  if (Pid < 0) {
    std::fprintf(stderr, "ruchytrace: fork: %s\n", std::strerror(errno));
    return 1;
  }
  if (Pid == 0) {
    for (const std::string &E : Env)
      putenv(const_cast<char *>(E.c_str()));
    std::vector<char *> A;
    for (const std::string &S : Argv)
      A.push_back(const_cast<char *>(S.c_str()));
    A.push_back(nullptr);
    execvp(A[0], A.data());
    std::fprintf(stderr, "ruchytrace: cannot run %s: %s\n", A[0],
                 std::strerror(errno));
    _exit(127);
  }
  int Status;
  while (waitpid(Pid, &Status, 0) < 0)
    if (errno != EINTR)
      return 1;
  if (WIFSIGNALED(Status))
    return 128 + WTERMSIG(Status);
  return WEXITSTATUS(Status);
}

// The plugin, configuration file and runtime: next to this executable in
// the build tree, or in the install layout (bin/ -> lib/, share/).
std::string find(const std::string &Dir, const char *Local,
                 const char *Installed) {
  std::string P = Dir + "/" + Local;
  return access(P.c_str(), R_OK) == 0 ? P : Dir + "/../" + Installed;
}

int build(const std::string &Src, const std::string &Out,
          const std::string &Filter, bool Run) {
  // C and C++ apply --trace-filter at compile time too: filtered-out
  // functions carry no instrumentation at all.
  std::string Dir = selfDir();
  std::string Plugin =
      find(Dir, "RuchyTrace.so", "lib/ruchytrace/RuchyTrace.so");
  std::string Cfg =
      find(Dir, "ruchytrace.cfg", "share/ruchytrace/ruchytrace.cfg");
  std::string Lib = Plugin.substr(0, Plugin.rfind('/'));
  if (Lib.size() > 11 && Lib.compare(Lib.size() - 11, 11, "/ruchytrace") == 0)
    Lib.resize(Lib.size() - 11); // lib/ruchytrace -> lib
  std::vector<std::string> Cmd;
  if (endsWith(Src, ".rs")) {
    // rustc's MIR inliner runs before LLVM and so before the pass: at -O
    // it would fold small functions and closures into their callers where
    // no trace can see them (LLVM's inliner runs after the pass, and its
    // inlined copies keep their entry and exit events).
    Cmd = {"rustc",
           "-Zllvm-plugins=" + Plugin,
           "-Zinline-mir=no",
           "-g",
           "-O",
           Src,
           "-o",
           Out,
           "-C",
           "link-args=-Wl,-rpath," + Lib + " -L" + Lib + " -lruchytrace_rt"};
    // rustc parses -C llvm-args before it loads -Zllvm-plugins, so the
    // plugin's options cannot be given: Rust gets the run-time filter only.
    if (!Run && !Filter.empty())
      std::fprintf(stderr, "ruchytrace: for Rust, --trace-filter applies when "
                           "the program runs: set RUCHY_TRACE_FILTER then\n");
    return spawn(Cmd, {"RUSTC_BOOTSTRAP=1"});
  }
  if (!endsWith(Src, ".c") && !endsWith(Src, ".cc") && !endsWith(Src, ".cpp")) {
    std::fprintf(stderr,
                 "ruchytrace: %s: a .c, .cc, .cpp or .rs file, please\n",
                 Src.c_str());
    return 2;
  }
  bool Cxx = !endsWith(Src, ".c");
  Cmd = {Cxx ? RUCHYTRACE_CLANGXX : RUCHYTRACE_CLANG,
         "--config=" + Cfg,
         "-O2",
         "-pthread",
         Src,
         "-o",
         Out};
  if (!Filter.empty()) {
    Cmd.push_back("-mllvm");
    Cmd.push_back("-ruchy-trace-filter=" + Filter);
    // The module is the whole program: a pattern that matches none of its
    // functions is worth a message. `run` leaves that to the runtime, which
    // applies the same filter and says it once at exit.
    if (!Run)
      Cmd.push_back("-Rpass-analysis=ruchy-trace");
  }
  return spawn(Cmd, {});
}

const char *RunHelp =
    "usage: ruchytrace run PROGRAM.c|.rs [ARGS...] [--trace]\n"
    "         [--trace-sample=N] [--trace-filter=PATTERN]\n"
    "         [--trace-output=FILE] [--trace-format=json|text|ndjson|chrome]\n"
    "       ruchytrace build PROGRAM.c|.rs [-o OUT] [--trace-filter=PATTERN]\n"
    "Builds PROGRAM with RuchyTrace (build: only that) and runs it with\n"
    "ARGS, passing its exit status through. --trace enables tracing (any\n"
    "other --trace-* option implies it): text on stderr, or FILE with the\n"
    "format from --trace-format or the file's extension. For C and C++,\n"
    "--trace-filter also leaves other functions uninstrumented.\n";

} // namespace

int driverMain(bool Run, int argc, char **argv) {
  std::string Src, Out, Filter, Sample, Output, Format;
  bool Trace = false;
  std::vector<std::string> ProgArgs;
  for (int I = 2; I < argc; ++I) {
    std::string A = argv[I];
    auto Value = [&](const char *Flag, std::string &Dst) {
      size_t N = std::strlen(Flag);
      if (A.compare(0, N, Flag) != 0 || A.size() <= N || A[N] != '=')
        return false;
      Dst = A.substr(N + 1);
      Trace = true;
      return true;
    };
    if (A == "--help" || A == "-h") {
      std::fputs(RunHelp, stdout);
      return 0;
    }
    if (A == "--trace") {
      Trace = true;
      continue;
    }
    if (Value("--trace-sample", Sample) || Value("--trace-filter", Filter) ||
        Value("--trace-output", Output) || Value("--trace-format", Format))
      continue;
    if (!Run && A == "-o" && I + 1 < argc) {
      Out = argv[++I];
      continue;
    }
    if (Src.empty() && A.rfind("--trace", 0) != 0)
      Src = A;
    else if (Run && !Src.empty())
      ProgArgs.push_back(A); // the program's own arguments
    else {
      std::fprintf(stderr, "ruchytrace: unexpected '%s'\n%s", A.c_str(),
                   RunHelp);
      return 2;
    }
  }
  if (Src.empty()) {
    std::fputs(RunHelp, stderr);
    return 2;
  }
  if (Out.empty()) {
    std::string Base = Src.substr(Src.rfind('/') + 1);
    Base = Base.substr(0, Base.rfind('.'));
    if (Run) {
      char Tmpl[] = "/tmp/ruchytrace-run-XXXXXX";
      if (!mkdtemp(Tmpl)) {
        std::fprintf(stderr,
                     "ruchytrace: cannot create a build directory: %s\n",
                     std::strerror(errno));
        return 1;
      }
      Out = std::string(Tmpl) + "/" + Base;
    } else {
      Out = Base;
    }
  }
  int Status = build(Src, Out, Filter, Run);
  if (Status != 0) {
    if (Status != 2)
      std::fprintf(stderr, "ruchytrace: building %s failed\n", Src.c_str());
    return Status == 2 ? 2 : 1;
  }
  if (!Run)
    return 0;
  std::vector<std::string> Env;
  if (Trace) {
    Env.push_back("RUCHY_TRACE=1");
    if (!Sample.empty())
      Env.push_back("RUCHY_TRACE_SAMPLE=" + Sample);
    if (!Filter.empty())
      Env.push_back("RUCHY_TRACE_FILTER=" + Filter);
    if (!Output.empty())
      Env.push_back("RUCHY_TRACE_OUTPUT=" + Output);
    if (!Format.empty())
      Env.push_back("RUCHY_TRACE_FORMAT=" + Format);
  }
  std::vector<std::string> Argv = {Out};
  Argv.insert(Argv.end(), ProgArgs.begin(), ProgArgs.end());
  Status = spawn(Argv, Env);
  // The temporary build goes; the program's status comes back unchanged.
  std::string Dir = Out.substr(0, Out.rfind('/'));
  unlink(Out.c_str());
  rmdir(Dir.c_str());
  return Status;
}
