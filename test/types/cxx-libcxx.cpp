// REQUIRES: libcxx
// clang's own C++ library (-stdlib=libc++, declared in std::__1) reads as
// libstdc++ does: cxx-containers.cpp's program, built against libc++,
// passes that test's checks at -O0 and -O2, in text and JSON (vectors by
// their elements, std::array, std::string, std::string_view, std::pair,
// std::optional, std::unique_ptr and std::shared_ptr; type names with
// neither std::__1:: nor default arguments; only the program's functions
// traced unless the pass option asks for the library's). Its string is
// 24 bytes, libstdc++'s 32: a struct holding one, followed through a
// pointer, is cut after it by a follow budget of 24 bytes here as by the
// default 32 there.
// RUN: %ruchycxx -stdlib=libc++ -O0 %S/cxx-containers.cpp -o %t0
// RUN: env RUCHY_TRACE_OUTPUT=%t0.txt RUCHY_TRACE_FOLLOW=24 %t0 | FileCheck --check-prefix=OUT %S/cxx-containers.cpp
// RUN: FileCheck --input-file=%t0.txt %S/cxx-containers.cpp
// RUN: FileCheck --check-prefix=OWN --input-file=%t0.txt %S/cxx-containers.cpp
// RUN: FileCheck --check-prefix=NS --input-file=%t0.txt %s
// RUN: env RUCHY_TRACE_OUTPUT=%t0.json RUCHY_TRACE_FOLLOW=24 %t0 > /dev/null
// RUN: %check-trace json %t0.json | FileCheck --check-prefix=JSON %S/cxx-containers.cpp
// RUN: %ruchycxx -stdlib=libc++ -O2 %S/cxx-containers.cpp -o %t2
// RUN: env RUCHY_TRACE_OUTPUT=%t2.txt RUCHY_TRACE_FOLLOW=24 %t2 | FileCheck --check-prefix=OUT %S/cxx-containers.cpp
// RUN: FileCheck --input-file=%t2.txt %S/cxx-containers.cpp
// RUN: FileCheck --check-prefix=OWN --input-file=%t2.txt %S/cxx-containers.cpp
// RUN: env RUCHY_TRACE_OUTPUT=%t2.json RUCHY_TRACE_FOLLOW=24 %t2 > /dev/null
// RUN: %check-trace json %t2.json | FileCheck --check-prefix=JSON %S/cxx-containers.cpp
// RUN: %ruchycxx -stdlib=libc++ -O0 -mllvm -ruchy-trace-system %S/cxx-containers.cpp -o %t0s
// RUN: env RUCHY_TRACE_OUTPUT=%t0s.txt RUCHY_TRACE_BUFFER=1000000 %t0s > /dev/null
// RUN: FileCheck --check-prefix=SYSTEM --input-file=%t0s.txt %S/cxx-containers.cpp
// NS: -> main()
// NS-NOT: __1
//
// libc++'s string keeps up to 22 characters inline (its short form) and
// longer ones on the heap (its long form), one bit telling which: both
// read as strings, at the limit between them, a long string cleared (it
// stays long), in a struct through a pointer, in an optional, in a pair;
// a vector's short strings are its elements' bytes.
// RUN: %ruchycxx -stdlib=libc++ -O0 %s -o %t.s0
// RUN: env RUCHY_TRACE_OUTPUT=%t.s0.txt %t.s0 | FileCheck --check-prefix=SOUT %s
// RUN: FileCheck --check-prefix=STR --input-file=%t.s0.txt %s
// RUN: env RUCHY_TRACE_OUTPUT=%t.s0.json %t.s0 > /dev/null
// RUN: %check-trace json %t.s0.json | FileCheck --check-prefix=SJSON %s
// RUN: %ruchycxx -stdlib=libc++ -O2 %s -o %t.s2
// RUN: env RUCHY_TRACE_OUTPUT=%t.s2.txt %t.s2 | FileCheck --check-prefix=SOUT %s
// RUN: FileCheck --check-prefix=STR --input-file=%t.s2.txt %s
// RUN: env RUCHY_TRACE_OUTPUT=%t.s2.json %t.s2 > /dev/null
// RUN: %check-trace json %t.s2.json | FileCheck --check-prefix=SJSON %s
// The string's other layout (_LIBCPP_ABI_ALTERNATE_STRING_LAYOUT: the
// characters or the pointer first, the bit last), read from where its
// DWARF puts the bit, on strings laid out by hand (the installed library
// is built for the default one); a long one's bad pointer is unreadable.
// RUN: %ruchycxx -stdlib=libc++ -O0 -DALTERNATE -D_LIBCPP_ABI_ALTERNATE_STRING_LAYOUT %s -o %t.a
// RUN: env RUCHY_TRACE_OUTPUT=%t.a.txt %t.a > /dev/null
// RUN: FileCheck --check-prefix=BYTES --input-file=%t.a.txt %s
// RUN: FileCheck --check-prefix=BYTES --input-file=%t.s0.txt %s
#include <cstdio>
#include <cstring>
#include <new>
#include <optional>
#include <string>
#include <utility>
#include <vector>

struct Tag {
  std::string name;
  int id;
};

__attribute__((noinline)) size_t len(std::string s) { return s.size(); }
__attribute__((noinline)) size_t tag(const Tag &t) { return t.name.size(); }
__attribute__((noinline)) size_t maybe(std::optional<std::string> s) {
  return s ? s->size() : 0;
}
__attribute__((noinline)) size_t two(std::pair<std::string, int> p) {
  return p.first.size() + p.second;
}
__attribute__((noinline)) size_t many(const std::vector<std::string> &v) {
  return v.size();
}
__attribute__((noinline)) size_t bytes(const std::string &s) {
  return sizeof s;
}

// A string's 24 bytes as the library lays them out: short (the size and
// the characters, NUL-terminated) or long (the flag, the length and the
// pointer, which may point nowhere).
static const std::string &laid_out(unsigned char *b, bool is_long,
                                   const char *text, size_t n) {
  std::memset(b, 0, sizeof(std::string));
#ifdef ALTERNATE
  if (is_long) {
    std::memcpy(b, &text, 8);
    std::memcpy(b + 8, &n, 8);
    b[23] = 0x80;
  } else {
    std::memcpy(b, text, n);
    b[23] = (unsigned char)n;
  }
#else
  if (is_long) {
    b[0] = 1;
    std::memcpy(b + 8, &n, 8);
    std::memcpy(b + 16, &text, 8);
  } else {
    b[0] = (unsigned char)(n << 1);
    std::memcpy(b + 1, text, n);
  }
#endif
  return *std::launder(reinterpret_cast<std::string *>(b));
}

int main() {
  // Its constructor defines std::string in this unit's debug info.
  std::string keep;
  alignas(std::string) unsigned char b[3][sizeof(std::string)];
  const char *heap = "laid out long, on the heap";
  size_t t = bytes(laid_out(b[0], false, "laid out short", 14)) +
             bytes(laid_out(b[1], true, heap, std::strlen(heap))) +
             bytes(laid_out(b[2], true, (const char *)0x10, 5)) + keep.size();
#ifndef ALTERNATE
  for (const char *s : {"", "twenty-two characters!", "twenty-three characters",
                        "a string long enough for the heap"})
    t += len(s);
  std::string cleared(40, 'x');
  cleared.clear();
  t += len(cleared);
  t += tag({"label", 7}) + tag({"a name that does not fit inline", 8});
  t += maybe("opt") + maybe(std::nullopt) + maybe(std::string(30, 'z'));
  t += two({"pair", 2});
  t += many({"x", "yz"});
#endif
  std::printf("%zu\n", t);
}
// BYTES: -> bytes(const std::string &=0x{{[0-9a-f]+}}->"laid out short")
// BYTES: -> bytes(const std::string &=0x{{[0-9a-f]+}}->"laid out long, on the heap")
// BYTES: -> bytes(const std::string &=0x{{[0-9a-f]+}}-><unreadable>)
// SOUT: 227
// STR: -> len(std::string="")
// STR: -> len(std::string="twenty-two characters!")
// STR: -> len(std::string="twenty-three characters")
// STR: -> len(std::string="a string long enough for the heap")
// STR: -> len(std::string="")
// STR: -> tag(const Tag &=0x{{[0-9a-f]+}}->{name: "label", id: 7})
// STR: -> tag(const Tag &=0x{{[0-9a-f]+}}->{name: "a name that does not fit inline", id: 8})
// STR: -> maybe(std::optional<std::string>="opt")
// STR: -> maybe(std::optional<std::string>=nullopt)
// STR: -> maybe(std::optional<std::string>="zzzzzzzzzzzzzzzzzzzzzzzzzzzzzz")
// STR: -> two(std::pair<std::string, int>=("pair", 2))
// STR: -> many(const std::vector<std::string> &=0x{{[0-9a-f]+}}->["x", "yz"])
// SJSON: len(std::string="twenty-two characters!") = 22
// SJSON: len(std::string="twenty-three characters") = 23
// SJSON: tag(const Tag &={"address": "0x{{[0-9a-f]+}}", "target": {"name": "a name that does not fit inline", "id": 8}}) = 31
// SJSON: maybe(std::optional<std::string>="opt") = 3
// SJSON: many(const std::vector<std::string> &={"address": "0x{{[0-9a-f]+}}", "target": ["x", "yz"]}) = 2
