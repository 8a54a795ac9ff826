// What a container argument adds to a traced call: the same trivial
// function taking a long, a std::vector<int> (10 and 1000 elements: the
// runtime copies RUCHY_TRACE_SEQ_MAX of them either way), a std::string
// and a std::string_view, timed in interleaved rounds in one process.
// Run it traced and untraced (RUCHY_TRACE_OUTPUT unset): the difference
// per variant is the tracer's cost per call; bench/RESULTS.md has them.
//   clang++-22 --config=build/ruchytrace.cfg -O2 bench/containers.cpp
//   taskset -c 0 env RUCHY_TRACE_OUTPUT=/tmp/x.rtrace ./a.out
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

__attribute__((noinline)) long scalar(long n) { return n + 1; }
__attribute__((noinline)) long vec(const std::vector<int> &v) {
  return (long)v.size();
}
__attribute__((noinline)) long str(const std::string &s) {
  return (long)s.size();
}
__attribute__((noinline)) long view(std::string_view s) {
  return (long)s.size();
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
  const char *Names[] = {"long", "vector<int>(10)", "vector<int>(1000)",
                         "std::string", "std::string_view"};
  double Best[5] = {1e9, 1e9, 1e9, 1e9, 1e9};
  volatile long Sink = 0;
  for (int Round = 0; Round < 7; ++Round) {
    double T[5];
    T[0] = NS_PER_CALL(N, scalar(I));
    T[1] = NS_PER_CALL(N, vec(Small));
    T[2] = NS_PER_CALL(N, vec(Big));
    T[3] = NS_PER_CALL(N, str(S));
    T[4] = NS_PER_CALL(N, view(S));
    for (int K = 0; K < 5; ++K)
      Best[K] = T[K] < Best[K] ? T[K] : Best[K];
  }
  for (int K = 0; K < 5; ++K)
    std::printf("%-18s %7.1f ns/call\n", Names[K], Best[K]);
  return 0;
}
