// What a container argument adds to a traced call: the same trivial
// function taking a long, a const long & (its value is read through it),
// a std::vector<int> (10 and 1000 elements: the
// runtime copies RUCHY_TRACE_SEQ_MAX of them either way), a std::string
// and a std::string_view, a std::map<int, int> and a std::map<std::string,
// int> of 100 entries (the runtime walks the first RUCHY_TRACE_SEQ_MAX
// nodes of the tree), timed in interleaved rounds in one process.
// Run it traced and untraced (RUCHY_TRACE_OUTPUT unset): the difference
// per variant is the tracer's cost per call; bench/RESULTS.md has them.
//   clang++-22 --config=build/ruchytrace.cfg -O2 bench/containers.cpp
//   taskset -c 0 env RUCHY_TRACE_OUTPUT=/tmp/x.rtrace ./a.out
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>
#include <string_view>
#include <vector>

__attribute__((noinline)) long scalar(long n) { return n + 1; }
__attribute__((noinline)) long ref(const long &n) { return n + 1; }
__attribute__((noinline)) long vec(const std::vector<int> &v) {
  return (long)v.size();
}
__attribute__((noinline)) long str(const std::string &s) {
  return (long)s.size();
}
__attribute__((noinline)) long view(std::string_view s) {
  return (long)s.size();
}
__attribute__((noinline)) long imap(const std::map<int, int> &m) {
  return (long)m.size();
}
__attribute__((noinline)) long smap(const std::map<std::string, int> &m) {
  return (long)m.size();
}

// A loop of plain calls (a lambda would be a traced call of its own).
#define NS_PER_CALL(N, CALL)                                                   \
  [&] {                                                                        \
    auto T0 = std::chrono::steady_clock::now();                                \
    for (long I = 0; I < (N); ++I)                                             \
      Sink = Sink + (CALL);                                                    \
    auto T1 = std::chrono::steady_clock::now();                                \
    return std::chrono::duration<double, std::nano>(T1 - T0).count() / (N);    \
  }()

int main(int argc, char **argv) {
  long N = argc > 1 ? std::atol(argv[1]) : 200000;
  std::vector<int> Small(10, 7), Big(1000, 7);
  std::string S = "a string long enough to live on the heap, 48 bytes";
  std::map<int, int> IM;
  std::map<std::string, int> SM;
  for (int I = 0; I < 100; ++I) {
    IM[I] = I;
    SM["key number " + std::to_string(I)] = I;
  }
  const char *Names[] = {"long",
                         "const long &",
                         "vector<int>(10)",
                         "vector<int>(1000)",
                         "std::string",
                         "std::string_view",
                         "map<int,int>(100)",
                         "map<string,int>(100)"};
  enum { Variants = 8 };
  double Best[Variants];
  for (double &B : Best)
    B = 1e9;
  volatile long Sink = 0;
  for (int Round = 0; Round < 7; ++Round) {
    double T[Variants];
    T[0] = NS_PER_CALL(N, scalar(I));
    T[1] = NS_PER_CALL(N, ref(I));
    T[2] = NS_PER_CALL(N, vec(Small));
    T[3] = NS_PER_CALL(N, vec(Big));
    T[4] = NS_PER_CALL(N, str(S));
    T[5] = NS_PER_CALL(N, view(S));
    T[6] = NS_PER_CALL(N, imap(IM));
    T[7] = NS_PER_CALL(N, smap(SM));
    for (int K = 0; K < Variants; ++K)
      Best[K] = T[K] < Best[K] ? T[K] : Best[K];
  }
  for (int K = 0; K < Variants; ++K)
    std::printf("%-18s %7.1f ns/call\n", Names[K], Best[K]);
  return 0;
}
