/* The example program traced by the README's first command. */
#include <stdio.h>

long fibonacci(long n) {
  if (n <= 1)
    return n;
  return fibonacci(n - 1) + fibonacci(n - 2);
}

int main(void) {
  printf("fibonacci(5) = %ld\n", fibonacci(5));
  return 0;
}
