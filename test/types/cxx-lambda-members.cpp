// A closure's other member functions are named as C++ names a class's, not
// as a call of the lambda: its copy constructor (std::function copies the
// closure it is given) `main::<lambda at …>::<lambda at …>`, its
// destructor `…::~<lambda at …>`, a captureless lambda's conversion to a
// function pointer and its static invoker by their names. They all read
// `main::<lambda at …>` before, as if the lambda had run. A scalar captured
// by reference shows its value, as a Rust closure's does ({min: 0x…->2.5};
// it was the address alone). -O0 and -O2.
// RUN: %ruchycxx -O0 %s -o %t0
// RUN: env RUCHY_TRACE_OUTPUT=%t0.txt %t0 | FileCheck --check-prefix=OUT %s
// RUN: FileCheck --input-file=%t0.txt %s
// RUN: %ruchycxx -O2 %s -o %t2
// RUN: env RUCHY_TRACE_OUTPUT=%t2.txt %t2 | FileCheck --check-prefix=OUT %s
// RUN: FileCheck --input-file=%t2.txt %s
// OUT: 43 6 1
// CHECK: -> main::<lambda at cxx-lambda-members.cpp:[[L:[0-9]+]]:12>::<lambda at cxx-lambda-members.cpp:[[L]]:12>(<lambda at cxx-lambda-members.cpp:[[L]]:12> *=0x{{[0-9a-f]+}}, const <lambda at cxx-lambda-members.cpp:[[L]]:12> &=0x{{[0-9a-f]+}}->{tag: "a tag long enough to live on the heap, 40+"})
// CHECK: -> main::<lambda at cxx-lambda-members.cpp:[[F:[0-9]+]]:20>::operator int (*)(int)(
// CHECK: -> main::<lambda at cxx-lambda-members.cpp:[[L]]:12>(const <lambda at cxx-lambda-members.cpp:[[L]]:12> *=0x{{[0-9a-f]+}}->{tag: "a tag long enough to live on the heap, 40+"}, int=1)
// CHECK: -> main::<lambda at cxx-lambda-members.cpp:[[F]]:20>::__invoke(int=3)
// CHECK: -> main::<lambda at cxx-lambda-members.cpp:[[F]]:20>(const <lambda at cxx-lambda-members.cpp:[[F]]:20> *=0x{{[0-9a-f]+}}->{}, int=3)
// CHECK: -> main::<lambda at cxx-lambda-members.cpp:[[R:[0-9]+]]:16>(const <lambda at cxx-lambda-members.cpp:[[R]]:16> *=0x{{[0-9a-f]+}}->{min: 0x{{[0-9a-f]+}}->2.5}, double=3.0)
// CHECK: -> main::<lambda at cxx-lambda-members.cpp:[[L]]:12>::~<lambda at cxx-lambda-members.cpp:[[L]]:12>(
#include <cstdio>
#include <functional>
#include <string>

__attribute__((noinline)) int run(std::function<int(int)> f, int x) {
  return f(x);
}

int main() {
  std::string tag = "a tag long enough to live on the heap, 40+";
  auto l = [tag](int x) { return x + (int)tag.size(); };
  std::function<int(int)> f = l;
  int (*fp)(int) = [](int x) { return x * 2; };
  double min = 2.5;
  auto above = [&min](double x) { return x > min; };
  std::printf("%d %d %d\n", run(f, 1), fp(3), (int)above(3));
}
