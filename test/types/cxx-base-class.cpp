// A class seen through a pointer to a derived class: its base class's
// fields are read as its own are (a base's std::string was <cut>, even with
// RUCHY_TRACE_FOLLOW=all: no follow went into base classes), the budget
// counts the base's fields in source order (the string's 32 bytes, then
// lines_ is past them), and the vtable pointer, the
// compiler's and not a field the source wrote, is not shown. -O0 and -O2.
// RUN: %ruchycxx -O0 %s -o %t0
// RUN: env RUCHY_TRACE_OUTPUT=%t0.txt %t0 | FileCheck --check-prefix=OUT %s
// RUN: FileCheck --input-file=%t0.txt %s
// RUN: %ruchycxx -O2 %s -o %t2
// RUN: env RUCHY_TRACE_OUTPUT=%t2.txt %t2 | FileCheck --check-prefix=OUT %s
// RUN: FileCheck --input-file=%t2.txt %s
// RUN: env RUCHY_TRACE_OUTPUT=%t2.json %t2 > /dev/null
// RUN: FileCheck --check-prefix=JSON --input-file=%t2.json %s
// OUT: !! hello!
// CHECK: -> LoudLogger::log(LoudLogger *=0x{{[0-9a-f]+}}->{Logger: {prefix_: "!!", …}}, const std::string &=0x{{[0-9a-f]+}}->"hello")
// CHECK: -> Logger::log(Logger *=0x{{[0-9a-f]+}}->{prefix_: "!!", …}, const std::string &=0x{{[0-9a-f]+}}->"hello!")
// CHECK-NOT: _vptr
// CHECK-NOT: <cut>
// JSON: "name": "LoudLogger::log", "args": [{"type_info": {"name": "LoudLogger *", "fields": null}, "value": {"address": "0x{{[0-9a-f]+}}", "target": {"Logger": {"prefix_": "!!",
#include <cstdio>
#include <string>

class Logger {
public:
  explicit Logger(std::string prefix) : prefix_(std::move(prefix)) {}
  virtual ~Logger() = default;
  __attribute__((noinline)) virtual void log(const std::string &msg) {
    std::printf("%s %s\n", prefix_.c_str(), msg.c_str());
    ++lines_;
  }

protected:
  std::string prefix_;
  int lines_ = 0;
};

class LoudLogger : public Logger {
public:
  LoudLogger() : Logger("!!") {}
  __attribute__((noinline)) void log(const std::string &msg) override {
    Logger::log(msg + "!");
  }
};

int main() {
  LoudLogger *l = new LoudLogger;
  Logger *base = l;
  base->log("hello");
  delete l;
}
