/* bench/visual/app.c - a small request server for the visual commands'
 * benchmark (bench/visual.py) and the README's pictures: each thread
 * handles requests (parse, a recursive evaluation, a checksum in lib.c),
 * about 65 calls per request: `app REQUESTS [1|2]` (threads, default 2). */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#define NOINLINE __attribute__((noinline))

struct request {
  long id;
  const char *path;
  int depth;
};

unsigned long checksum(const char *s, long n); /* lib.c */

NOINLINE int next_token(const char *s, int at) {
  while (s[at] && s[at] != '/')
    at++;
  return s[at] ? at + 1 : at;
}

NOINLINE int parse(const struct request *r) {
  int tokens = 0;
  for (int at = 0; r->path[at]; at = next_token(r->path, at))
    tokens++;
  return tokens;
}

NOINLINE long evaluate(int depth, long x) {
  if (depth <= 0)
    return x & 0xff;
  return evaluate(depth - 1, x * 3 + 1) + evaluate(depth - 2, x ^ depth);
}

NOINLINE long handle_request(const struct request *r) {
  long v = parse(r);
  v += evaluate(r->depth, r->id);
  return v + (long)checksum(r->path, r->id);
}

static long requests, threads;

NOINLINE void *serve(void *arg) {
  long sum = 0, first = (long)arg;
  static const char *paths[] = {"/api/users/42", "/static/app.js",
                                "/api/orders/7/items", "/health"};
  for (long i = first; i < requests; i += threads) {
    struct request r = {i, paths[i & 3], 5 + (int)(i % 3)};
    sum += handle_request(&r);
  }
  return (void *)sum;
}

__attribute__((no_instrument_function)) int main(int argc, char **argv) {
  requests = argc > 1 ? atol(argv[1]) : 1000;
  threads = argc > 2 && atol(argv[2]) == 1 ? 1 : 2;
  pthread_t t;
  if (threads > 1)
    pthread_create(&t, 0, serve, (void *)1);
  long sum = (long)serve((void *)0);
  if (threads > 1) {
    void *other;
    pthread_join(t, &other);
    sum += (long)other;
  }
  printf("%ld\n", sum & 1);
  return 0;
}
