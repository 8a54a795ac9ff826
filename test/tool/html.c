// `ruchytrace html`: the page, loaded from disk by headless Chromium, is
// drawn by its script: the table's rows, the flame graph's frames, the
// selected call's typed arguments, return value and location, and the
// note that the timeline holds only the longest calls. Everything checked
// below is made by the script (the static page holds the names only in
// its JSON data). The screenshot is a real picture.
// REQUIRES: chromium
// RUN: %ruchycc -O1 %s -o %t
// RUN: env RUCHY_TRACE_OUTPUT=%t.rtrace %t
// RUN: %ruchytrace html --max-calls 5 %t.rtrace -o %t.html
// RUN: FileCheck --check-prefix=STATIC --input-file=%t.html %s
// RUN: %chromium --user-data-dir=%t.profile --window-size=1000,800 --screenshot=%t.png --dump-dom file://%t.html > %t.dom 2> %t.chromium.log
// RUN: FileCheck --input-file=%t.dom %s
// RUN: %python %S/../Inputs/png_check.py %t.png 1000 800 | FileCheck --check-prefix=PNG %s
// RUN: %ruchytrace html --help | FileCheck --check-prefix=HELP %s
#include <string.h>

struct item {
  int weight;
  const char *label;
};

#define NOINLINE __attribute__((noinline))
NOINLINE int weigh(struct item *it, double factor) {
  return (int)(it->weight * factor) + (int)strlen(it->label);
}
NOINLINE int pack(struct item *items, int n) {
  int sum = 0;
  for (int i = 0; i < n; i++)
    sum += weigh(&items[i], 1.5);
  return sum;
}

volatile int sink;
__attribute__((no_instrument_function)) int main(void) {
  struct item items[] = {{3, "apple"}, {5, "pear"}, {7, "plum"}};
  for (int round = 0; round < 4; round++)
    sink = pack(items, 3);
  return 0;
}
// The static page: no network, its data inline.
// STATIC-NOT: http{{s?}}://{{[^w]}}
// STATIC: <script id="data" type="application/json">
// STATIC-NOT: <td class="fn">
// The rendered page.
// CHECK: <div id="notes" class="note"></div>
// CHECK: <div id="tl-note" class="note">The timeline shows the 5 longest of the 16 calls (--max-calls); the table and the flame graph count them all.</div>
// CHECK: <div id="details">
// CHECK-SAME: function</span>pack</div>
// CHECK-SAME: arguments</span>arg0: items: struct item * = {"address":"0x{{[0-9a-f]+}}","target":{"weight":3,"label":"apple"}}</div>
// CHECK-SAME: </span>arg1: n: int = 3</div>
// CHECK-SAME: returned</span>int = {{[0-9]+}}</div>
// CHECK-SAME: location</span>{{[^<]*}}html.c:{{[0-9]+}}:{{[0-9]+}}</div>
// CHECK: <svg id="flame"
// CHECK-SAME: <text {{[^>]*}}>all</text>
// Each frame has a title (name, then its numbers on a line of their own;
// a frame's text may be cut or left out where the frame is narrow).
// CHECK-SAME: <title>pack
// CHECK-NEXT: calls 4, total {{.*}}<title>weigh
// CHECK-NEXT: calls 12, total
// CHECK: <tbody><tr><td class="fn"><span class="swatch" {{[^>]*}}></span>pack</td><td>4</td>
// CHECK-SAME: <td class="fn"><span class="swatch" {{[^>]*}}></span>weigh</td><td>12</td>
// PNG: png 1000x800, 16 or more colours
// HELP: usage: ruchytrace html
