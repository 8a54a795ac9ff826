/* bench/visual/lib.c - the "library" half of app.c: its own source file,
 * so its functions get their own colour family in flame graphs. */
#define NOINLINE __attribute__((noinline))

NOINLINE unsigned long mix(unsigned long h, unsigned char c) {
  return (h ^ c) * 1099511628211ul;
}

NOINLINE unsigned long hash_bytes(const char *s, unsigned long h) {
  for (; *s; s++)
    h = mix(h, (unsigned char)*s);
  return h;
}

unsigned long checksum(const char *s, long n) {
  return hash_bytes(s, 1469598103934665603ul + (unsigned long)n);
}
