#include <stdio.h>
#include <ruchytrace/attributes.h>

RUCHY_TRACE_ALWAYS long square(long x) { return x * x; }

int main(void) {
  printf("%ld\n", square(7));
  return 0;
}
