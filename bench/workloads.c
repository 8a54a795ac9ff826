/* bench/workloads.c - the spec's three function sizes, each called in a
 * timed loop: `workloads tiny|medium|large CALLS [THREADS]`. Timing is inside
 * the program, so start-up and trace writing are not counted. Prints
 * "ns_per_call <value>". */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define NOINLINE __attribute__((noinline))

/* Tiny (1-5 lines): the worst case for any tracer. */
NOINLINE long tiny(long x) { return x * 3 + 1; }

/* Medium (10-50 lines): a small mixing loop over a local array. */
NOINLINE uint64_t medium(uint64_t seed) {
  uint64_t v[8];
  for (int i = 0; i < 8; ++i)
    v[i] = seed + (uint64_t)i * 0x9e3779b97f4a7c15ull;
  for (int round = 0; round < 4; ++round) {
    for (int i = 0; i < 8; ++i) {
      uint64_t x = v[i] ^ (v[(i + 3) & 7] >> 7);
      x *= 0xff51afd7ed558ccdull;
      x ^= x >> 33;
      v[i] = x + v[(i + 1) & 7];
    }
  }
  uint64_t h = 0;
  for (int i = 0; i < 8; ++i)
    h ^= v[i] + (h << 6) + (h >> 2);
  return h;
}

/* Large (100+ lines): a SHA-256-style compression of a 64-byte block. */
static const uint32_t K[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1,
    0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
    0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
    0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147,
    0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
    0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
    0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
    0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
    0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};

static inline uint32_t rotr(uint32_t x, int n) {
  return (x >> n) | (x << (32 - n));
}

NOINLINE uint32_t large(uint32_t seed) {
  uint8_t block[64];
  uint32_t w[64];
  uint32_t state[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                       0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
  /* Fill the block from the seed. */
  for (int i = 0; i < 64; ++i)
    block[i] = (uint8_t)(seed * 31u + (uint32_t)i * 7u);
  /* Message schedule. */
  for (int i = 0; i < 16; ++i)
    w[i] = (uint32_t)block[4 * i] << 24 | (uint32_t)block[4 * i + 1] << 16 |
           (uint32_t)block[4 * i + 2] << 8 | (uint32_t)block[4 * i + 3];
  for (int i = 16; i < 64; ++i) {
    uint32_t s0 = rotr(w[i - 15], 7) ^ rotr(w[i - 15], 18) ^ (w[i - 15] >> 3);
    uint32_t s1 = rotr(w[i - 2], 17) ^ rotr(w[i - 2], 19) ^ (w[i - 2] >> 10);
    w[i] = w[i - 16] + s0 + w[i - 7] + s1;
  }
  /* Working variables. */
  uint32_t a = state[0];
  uint32_t b = state[1];
  uint32_t c = state[2];
  uint32_t d = state[3];
  uint32_t e = state[4];
  uint32_t f = state[5];
  uint32_t g = state[6];
  uint32_t h = state[7];
  /* Compression rounds. */
  for (int i = 0; i < 64; ++i) {
    uint32_t S1 = rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25);
    uint32_t ch = (e & f) ^ (~e & g);
    uint32_t t1 = h + S1 + ch + K[i] + w[i];
    uint32_t S0 = rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22);
    uint32_t maj = (a & b) ^ (a & c) ^ (b & c);
    uint32_t t2 = S0 + maj;
    h = g;
    g = f;
    f = e;
    e = d + t1;
    d = c;
    c = b;
    b = a;
    a = t1 + t2;
  }
  /* Add the compressed chunk to the state. */
  state[0] += a;
  state[1] += b;
  state[2] += c;
  state[3] += d;
  state[4] += e;
  state[5] += f;
  state[6] += g;
  state[7] += h;
  /* Fold the state into one word. */
  uint32_t r = 0;
  for (int i = 0; i < 8; ++i)
    r = rotr(r, 5) ^ state[i];
  return r;
}

/* A struct argument (24 bytes, passed in memory) and a string argument:
 * the cost of capturing structured values. */
struct vec3 {
  double x, y, z;
};
NOINLINE double dot(struct vec3 v) { return v.x * v.x + v.y * v.y + v.z * v.z; }
NOINLINE size_t named(const char *s) { return s[0] == 'w'; }

/* A pointer to a 256-byte struct: what RUCHY_TRACE_FOLLOW bounds. */
struct record {
  long id;
  double score;
  char name[16];
  long fields[28];
};
_Static_assert(sizeof(struct record) == 256, "a 256-byte struct");
NOINLINE long rank(const struct record *r) { return r->id + r->fields[27]; }

/* Heap-heavy: each call gets a string in a block malloc'ed just before it,
 * so the followed pointers keep landing in memory the heap took since the
 * runtime last read the mappings (it grows by a batch, is freed and
 * trimmed, and grows again). */
#define HEAP_BATCH (1 << 20)
NOINLINE size_t name_len(const char *s) { return strlen(s); }
static uint64_t heap_calls(long n) {
  char **live = malloc(HEAP_BATCH * sizeof *live); /* per thread */
  uint64_t sink = 0;
  for (long i = 0; i < n; ++i) {
    long k = i % HEAP_BATCH;
    if (k == 0)
      for (long f = 0; i && f < HEAP_BATCH; ++f)
        free(live[f]);
    live[k] = malloc(32 + (size_t)(i % 64));
    snprintf(live[k], 32, "user-%ld", i);
    sink += name_len(live[k]);
  }
  for (long f = 0; n > 0 && f <= (n - 1) % HEAP_BATCH; ++f)
    free(live[f]);
  free(live);
  return sink;
}

/* Recursive fib as anyone writes it: a call tree, not a loop of leaves. No
 * attribute and no asm: the optimiser turns the second call into a loop
 * (accumulator tail recursion), and the instrumented build must keep
 * that (issue 13: an exit hook placed before optimisation prevented it). */
long fib(long n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }
/* Read each time: fib has no side effects, and with a constant argument
 * the uninstrumented build computes it once for the whole loop. */
static volatile long fib_n = 20;

/* A realistic routine: run-length encode a buffer block by block with a
 * checksum per block, a few calls per 4 KiB of work. */
#define BLOCK 4096
NOINLINE uint32_t adler32(const uint8_t *p, size_t n) {
  uint32_t a = 1, b = 0;
  for (size_t i = 0; i < n; ++i) {
    a = (a + p[i]) % 65521;
    b = (b + a) % 65521;
  }
  return b << 16 | a;
}
NOINLINE size_t rle_block(const uint8_t *in, size_t n, uint8_t *out) {
  size_t o = 0;
  for (size_t i = 0; i < n;) {
    size_t run = 1;
    while (i + run < n && in[i + run] == in[i] && run < 255)
      ++run;
    out[o++] = (uint8_t)run;
    out[o++] = in[i];
    i += run;
  }
  return o;
}
NOINLINE size_t compress(const uint8_t *in, size_t n, uint8_t *out,
                         uint32_t *sums) {
  size_t o = 0;
  for (size_t b = 0; b * BLOCK < n; ++b) {
    size_t len = n - b * BLOCK < BLOCK ? n - b * BLOCK : BLOCK;
    sums[b] = adler32(in + b * BLOCK, len);
    o += rle_block(in + b * BLOCK, len, out + o);
  }
  return o;
}

static double now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1e9 + ts.tv_nsec;
}

struct job {
  const char *workload;
  long n;
  uint64_t sink;
};

static void *run(void *arg) {
  struct job *j = arg;
  volatile uint64_t sink = 0;
  if (!strcmp(j->workload, "tiny"))
    for (long i = 0; i < j->n; ++i)
      sink += (uint64_t)tiny(i);
  else if (!strcmp(j->workload, "struct"))
    for (long i = 0; i < j->n; ++i) {
      struct vec3 v = {(double)i, 1.0, 2.0};
      sink += (uint64_t)dot(v);
    }
  else if (!strcmp(j->workload, "pointer")) {
    struct record r = {0, 1.5, "record", {0}};
    for (long i = 0; i < j->n; ++i) {
      r.id = i;
      sink += (uint64_t)rank(&r);
    }
  } else if (!strcmp(j->workload, "string"))
    for (long i = 0; i < j->n; ++i)
      sink += named(i & 1 ? "widget" : "gadget-with-a-longer-name");
  else if (!strcmp(j->workload, "heap"))
    sink += heap_calls(j->n);
  else if (!strcmp(j->workload, "fib"))
    for (long i = 0; i < j->n; ++i)
      sink += (uint64_t)fib(fib_n); /* 21891 calls in the source */
  else if (!strcmp(j->workload, "compress")) {
    static uint8_t in[1 << 20], out[2 << 20];
    static uint32_t sums[(1 << 20) / BLOCK];
    for (size_t i = 0; i < sizeof in; ++i)
      in[i] = (uint8_t)((i / 7) ^ (i >> 11)); /* runs and variety */
    for (long i = 0; i < j->n; ++i)
      sink += compress(in, sizeof in, out, sums);
  } else if (!strcmp(j->workload, "medium"))
    for (long i = 0; i < j->n; ++i)
      sink += medium((uint64_t)i);
  else
    for (long i = 0; i < j->n; ++i)
      sink += large((uint32_t)i);
  j->sink = sink;
  return NULL;
}

/* workloads tiny|medium|large CALLS [THREADS]: every thread makes CALLS
 * calls at once; the figure is wall time per call of one thread. */
int main(int argc, char **argv) {
  if (argc < 3) {
    fprintf(stderr,
            "usage: %s tiny|medium|large|struct|pointer|string|heap|fib|"
            "compress CALLS [THREADS]\n",
            argv[0]);
    return 2;
  }
  int threads = argc > 3 ? atoi(argv[3]) : 1;
  if (threads < 1 || threads > 64)
    threads = 1;
  struct job jobs[64];
  pthread_t tids[64];
  for (int t = 0; t < threads; ++t)
    jobs[t] = (struct job){argv[1], atol(argv[2]), 0};
  double t0 = now_ns();
  if (threads == 1) {
    run(&jobs[0]);
  } else {
    for (int t = 0; t < threads; ++t)
      pthread_create(&tids[t], NULL, run, &jobs[t]);
    for (int t = 0; t < threads; ++t)
      pthread_join(tids[t], NULL);
  }
  double t1 = now_ns();
  printf("ns_per_call %.4f\n", (t1 - t0) / jobs[0].n);
  return 0;
}
