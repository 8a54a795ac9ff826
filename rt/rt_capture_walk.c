/*===- rt_capture_walk.c - linked containers and the strings in elements ---===
 *
 * The containers that are not one array (abi.h's walk follows): a
 * libstdc++ std::map or std::set (a red-black tree), a std::unordered_map
 * (a singly linked list), a Rust HashMap (hashbrown's control bytes and
 * buckets), a VecDeque (a ring), a std::deque (libstdc++'s or libc++'s
 * blocks). The pass decided from DWARF where each
 * keeps its nodes (and a std::deque its buffers); here each walk copies the
 * first elements into the same item a sequence makes (the count, then the
 * elements), so the printers read a map like a vector. Every read goes through
 * rt_safe_copy and every walk is bounded in steps: garbage (a cycle, a wild
 * pointer, a huge count) ends the walk early, never the program.
 *
 * The strings inside copied elements (a Vec<String>'s, a map's keys) are
 * an EACH_SLICE follow's item: one string item per element; the vtable
 * words of trait objects in elements an EACH_DEREF's, the same way.
 *
 *===----------------------------------------------------------------------===*/
#include "rt_buffers.h"

#include <string.h>

/* A red-black tree holding 2^32 nodes is less than 64 levels deep. */
#define RT_WALK_DEPTH 64u
/* Control bytes of a hash table read per record, at most: a big table
 * with few entries is shown by those found in the first ones. */
#define RT_WALK_CTRL_MAX 4096u

static int read_word(uint64_t addr, uint64_t *v) {
  int complete;
  return rt_safe_copy(v, (uintptr_t)addr, 8, 0, &complete) == 8;
}

static int read_elem(uint64_t addr, uint8_t *dst, size_t size) {
  int complete;
  return !size ||
         rt_safe_copy(dst, (uintptr_t)addr, size, 0, &complete) == size;
}

static uint64_t img_word(const uint8_t *img, size_t len, size_t off, int *ok) {
  uint64_t v = 0;
  if (off + 8 <= len)
    memcpy(&v, img + off, 8);
  else
    *ok = 0;
  return v;
}

/* The walk's parameters (the PARAM follows after it), p0..p13; how
 * many PARAMs there were. */
static unsigned params(const __ruchy_trace_follow *p, unsigned np,
                       unsigned v[14]) {
  unsigned k = 0;
  for (; k < 2 && k < np && p[k].kind == RUCHY_TRACE_FOLLOW_PARAM; ++k) {
    unsigned *w = v + 7 * k;
    w[0] = p[k].ptr_offset & 0xffffu, w[1] = p[k].ptr_offset >> 16;
    w[2] = p[k].len_offset & 0xffffu, w[3] = p[k].len_offset >> 16;
    w[4] = p[k].size & 0xffffu, w[5] = p[k].size >> 16;
    w[6] = p[k].parent;
  }
  return k;
}

static int read_u16(uint64_t addr, uint64_t *v) {
  uint16_t x;
  int complete;
  if (rt_safe_copy(&x, (uintptr_t)addr, 2, 0, &complete) != 2)
    return 0;
  *v = x;
  return 1;
}

/* Rust's BTreeMap in order: from the leftmost leaf, each node's keys,
 * up through parent links past a node's last key, down through edges
 * after an internal node's key. Returns the elements copied. */
static uint64_t btree(uint64_t node, uint64_t height, const unsigned p[14],
                      uint64_t n, size_t size, uint8_t *dst) {
  uint64_t lvl = height, idx = 0, i = 0, len;
  for (; lvl > 0; --lvl)
    if (!read_word(node + p[6], &node) || !node)
      return 0;
  /* Each element takes at most a climb and a descent. */
  for (uint64_t steps = 0; i < n && steps < n * 2 * (RT_WALK_DEPTH + 1);
       ++steps) {
    if (!read_u16(node + p[3], &len) || len > p[10])
      break;
    if (idx < len) {
      uint8_t *e = dst + i * size;
      memset(e, 0, size);
      if (!read_elem(node + p[4] + idx * p[7], e, p[7]) ||
          !read_elem(node + p[5] + idx * p[8], e + p[9], p[8]))
        break;
      ++i;
      if (!lvl) {
        ++idx;
        continue;
      }
      /* After an internal node's key: the leftmost leaf right of it. */
      if (!read_word(node + p[6] + (idx + 1) * 8, &node) || !node)
        break;
      for (--lvl; lvl > 0; --lvl)
        if (!read_word(node + p[6], &node) || !node)
          return i;
      idx = 0;
      continue;
    }
    uint64_t parent;
    if (!read_word(node + p[1], &parent) || !parent || ++lvl > height ||
        !read_u16(node + p[2], &idx))
      break;
    node = parent;
  }
  return i;
}

/* A node is read whole, its links and its value at once (one safe read
 * per node visited, not one per field), when it fits this buffer. */
#define RT_WALK_NODE_MAX 256u

typedef struct node_buf {
  uint64_t addr;
  uint8_t b[RT_WALK_NODE_MAX];
} node_buf;

/* Reads the node at `addr`: its first `n` bytes. */
static int node_read(node_buf *nb, uint64_t addr, size_t n) {
  nb->addr = addr;
  return addr && read_elem(addr, nb->b, n);
}

static uint64_t node_link(const node_buf *nb, unsigned off) {
  uint64_t v;
  memcpy(&v, nb->b + off, 8);
  return v;
}

/* The node's value into `dst`: from the buffer, or read if it holds only
 * the links (`whole` false). */
static int node_value(const node_buf *nb, int whole, unsigned off, uint8_t *dst,
                      size_t size) {
  if (whole) {
    memcpy(dst, nb->b + off, size);
    return 1;
  }
  return read_elem(nb->addr + off, dst, size);
}

/* A libstdc++ red-black tree in order from its leftmost node: the
 * successor is the leftmost node right of a node, or the first ancestor
 * reached from a left child (_Rb_tree_increment, without the header's
 * case: the walk stops at the count). Returns the elements copied. */
static uint64_t rb_walk(uint64_t x, const unsigned p[14], uint64_t n,
                        size_t size, uint8_t *dst) {
  int whole = p[0] + size <= RT_WALK_NODE_MAX;
  size_t nsz = whole ? p[0] + size : p[0];
  node_buf nb, yb;
  uint64_t i = 0;
  if (!node_read(&nb, x, nsz))
    return 0;
  for (;;) {
    if (!node_value(&nb, whole, p[0], dst + i * size, size))
      return i;
    if (++i == n)
      return i;
    uint64_t y = node_link(&nb, p[3]);
    if (y) { /* down the right, then left as far as it goes */
      if (!node_read(&nb, y, nsz))
        return i;
      for (unsigned d = 0; d < RT_WALK_DEPTH && (y = node_link(&nb, p[2])); ++d)
        if (!node_read(&nb, y, nsz))
          return i;
      continue;
    }
    x = nb.addr; /* up while coming from a right child */
    y = node_link(&nb, p[1]);
    for (unsigned d = 0;; ++d) {
      if (d == RT_WALK_DEPTH || !node_read(&yb, y, nsz))
        return i;
      if (node_link(&yb, p[3]) != x)
        break;
      x = y;
      y = node_link(&yb, p[1]);
    }
    nb = yb;
  }
}

/* A std::deque's iterators (abi.h's DEQUE: p0..p6 into the image). */
typedef struct deque_iters {
  uint64_t cur, first, last, node, fcur, ffirst, fnode;
} deque_iters;

/* Its iterators, if they are a deque's: each within its buffer, buffers
 * a whole number of elements, the finish's node not before the start's. */
static int deque_read(const unsigned p[14], const uint8_t *img, size_t img_len,
                      size_t size, deque_iters *d) {
  int ok = 1;
  d->cur = img_word(img, img_len, p[0], &ok);
  d->first = img_word(img, img_len, p[1], &ok);
  d->last = img_word(img, img_len, p[2], &ok);
  d->node = img_word(img, img_len, p[3], &ok);
  d->fcur = img_word(img, img_len, p[4], &ok);
  d->ffirst = img_word(img, img_len, p[5], &ok);
  d->fnode = img_word(img, img_len, p[6], &ok);
  uint64_t buf = d->last - d->first;
  return ok && size && d->last > d->first && buf % size == 0 &&
         d->cur >= d->first && d->cur <= d->last &&
         (d->cur - d->first) % size == 0 && d->fcur >= d->ffirst &&
         d->fcur - d->ffirst < buf && (d->fcur - d->ffirst) % size == 0 &&
         d->fnode >= d->node && (d->fnode - d->node) % 8 == 0 &&
         (d->fnode != d->node || d->fcur >= d->cur);
}

int rt_capture_deque_count(const __ruchy_trace_follow *param, unsigned nparam,
                           const uint8_t *img, size_t img_len, size_t size,
                           uint64_t *count) {
  unsigned p[14] = {0};
  deque_iters d;
  if (params(param, nparam, p) < 1)
    return 0;
  for (unsigned k = 0; k < 7; ++k)
    if (p[k] + 8 > img_len) /* not in the image: no deque to read */
      return 0;
  if (!deque_read(p, img, img_len, size, &d)) {
    /* A deque moved from holds no map: all its iterators are null. */
    *count = 0;
    return !d.cur && !d.first && !d.last && !d.node && !d.fcur && !d.fnode;
  }
  /* size(): the start's buffer from cur, the full ones between, the
   * finish's up to cur (one buffer: from cur to the finish's cur). */
  uint64_t nodes = (d.fnode - d.node) / 8, per = (d.last - d.first) / size;
  if (!nodes)
    *count = (d.fcur - d.cur) / size;
  else
    *count = (nodes - 1) * per + (d.last - d.cur) / size +
             (d.fcur - d.ffirst) / size;
  return 1;
}

/* A deque's first n elements: the rest of the start's buffer, then each
 * next buffer of the map, a run of elements per read. */
static uint64_t deque_walk(uint64_t ptr, const unsigned p[14],
                           const uint8_t *img, size_t img_len, uint64_t n,
                           size_t size, uint8_t *dst) {
  deque_iters d;
  if (!deque_read(p, img, img_len, size, &d) || ptr != d.cur)
    return 0;
  uint64_t buf = d.last - d.first, cur = d.cur, last = d.last, node = d.node;
  uint64_t i = 0;
  while (i < n) { /* each turn copies at least one element, or ends */
    if (cur == last) {
      node += 8;
      if (!read_word(node, &cur) || !cur)
        break;
      last = cur + buf;
    }
    uint64_t k = (last - cur) / size;
    if (k > n - i)
      k = n - i;
    if (!read_elem(cur, dst + i * size, (size_t)(k * size)))
      break;
    i += k;
    cur += k * size;
  }
  return i;
}

/* libc++'s std::deque (abi.h's LIBCXX_DEQUE): its element i is element
 * (start + i) % per of the block the map lists at (start + i) / per; a
 * run of elements per read. */
static uint64_t libcxx_deque_walk(uint64_t map, const unsigned p[14],
                                  const uint8_t *img, size_t img_len,
                                  uint64_t n, size_t size, uint8_t *dst) {
  int ok = 1;
  uint64_t start = img_word(img, img_len, p[0], &ok), per = p[1];
  if (!ok || !per || start > (UINT64_MAX >> 4))
    return 0;
  uint64_t i = 0, block;
  while (i < n) { /* each turn copies at least one element, or ends */
    uint64_t at = start + i, k = per - at % per;
    if (!read_word(map + at / per * 8, &block) || !block)
      break;
    if (k > n - i)
      k = n - i;
    if (!read_elem(block + at % per * size, dst + i * size, (size_t)(k * size)))
      break;
    i += k;
  }
  return i;
}

long rt_capture_walk(const __ruchy_trace_follow *f,
                     const __ruchy_trace_follow *param, unsigned nparam,
                     uint64_t ptr, const uint8_t *img, size_t img_len,
                     uint64_t n, uint8_t *dst) {
  unsigned p[14] = {0};
  /* A walk without its parameters is not from the pass. */
  if (params(param, nparam, p) <
      (f->kind == RUCHY_TRACE_FOLLOW_BTREE ? 2u : 1u))
    return -1;
  size_t size = f->size;
  uint64_t i = 0;
  switch (f->kind) {
  case RUCHY_TRACE_FOLLOW_RBTREE:
    if (p[0] > RT_WALK_NODE_MAX || p[1] + 8 > p[0] || p[2] + 8 > p[0] ||
        p[3] + 8 > p[0])
      return -1; /* links past the value: not from the pass */
    i = rb_walk(ptr, p, n, size, dst);
    break;
  case RUCHY_TRACE_FOLLOW_LIST: {
    if (p[0] > RT_WALK_NODE_MAX || p[1] + 8 > p[0])
      return -1;
    int whole = p[0] + size <= RT_WALK_NODE_MAX;
    node_buf nb;
    for (uint64_t node = ptr; i < n; ++i, node = node_link(&nb, p[1]))
      if (!node_read(&nb, node, whole ? p[0] + size : p[0]) ||
          !node_value(&nb, whole, p[0], dst + i * size, size))
        break;
    break;
  }
  case RUCHY_TRACE_FOLLOW_HASHBROWN: {
    int ok = 1;
    uint64_t buckets = img_word(img, img_len, p[0], &ok) + 1;
    if (!ok || !buckets)
      return -1;
    if (buckets > RT_WALK_CTRL_MAX)
      buckets = RT_WALK_CTRL_MAX;
    uint8_t ctrl[64];
    for (uint64_t at = 0; at < buckets && i < n; at += sizeof ctrl) {
      size_t want =
          buckets - at < sizeof ctrl ? (size_t)(buckets - at) : sizeof ctrl;
      int complete;
      if (rt_safe_copy(ctrl, (uintptr_t)(ptr + at), want, 0, &complete) != want)
        return i ? (long)i : -1;
      /* A full bucket's control byte has its top bit clear; bucket j
       * lies j + 1 buckets before the control bytes. */
      for (size_t j = 0; j < want && i < n; ++j)
        if (!(ctrl[j] & 0x80)) {
          if (!read_elem(ptr - (at + j + 1) * size, dst + i * size, size))
            return i ? (long)i : -1;
          ++i;
        }
    }
    return (long)i;
  }
  case RUCHY_TRACE_FOLLOW_RING: {
    int ok = 1;
    uint64_t cap = img_word(img, img_len, p[0], &ok);
    uint64_t head = img_word(img, img_len, p[1], &ok);
    if (!ok || (n && (!cap || head >= cap)))
      return -1;
    uint64_t first = cap - head < n ? cap - head : n;
    if (!read_elem(ptr + head * size, dst, (size_t)(first * size)))
      return -1;
    if (n > first &&
        !read_elem(ptr, dst + first * size, (size_t)((n - first) * size)))
      return (long)first;
    return (long)n;
  }
  case RUCHY_TRACE_FOLLOW_BTREE: {
    int ok = 1;
    uint64_t height = img_word(img, img_len, p[0], &ok);
    if (!ok || height > RT_WALK_DEPTH || p[9] + p[8] > size || p[7] > size)
      return -1;
    i = btree(ptr, height, p, n, size, dst);
    break;
  }
  case RUCHY_TRACE_FOLLOW_DEQUE:
    i = deque_walk(ptr, p, img, img_len, n, size, dst);
    break;
  case RUCHY_TRACE_FOLLOW_LIBCXX_DEQUE:
    i = libcxx_deque_walk(ptr, p, img, img_len, n, size, dst);
    break;
  default:
    return -1;
  }
  return i || !n ? (long)i : -1;
}

size_t rt_capture_each(const __ruchy_trace_follow *f, const uint8_t *base,
                       size_t base_len, uint8_t *out, size_t pos, size_t room) {
  size_t start = pos, size = f->size, len_off = f->len_offset, flag = 0;
  uint64_t n = size && base_len >= 8 ? (base_len - 8) / size : 0;
  if (f->kind == RUCHY_TRACE_FOLLOW_EACH_SLICE_IF)
    flag = f->len_offset >> 16, len_off = f->len_offset & 0xffffu;
  pos += 8;
  for (uint64_t i = 0; i < n && room - (pos - start) >= 8; ++i) {
    const uint8_t *e = base + 8 + i * size;
    uint64_t ptr = 0, len = 0, word;
    if (f->ptr_offset + 8 <= size)
      memcpy(&ptr, e + f->ptr_offset, 8);
    /* EACH_DEREF: one word, at len_offset into the target. */
    int deref = f->kind == RUCHY_TRACE_FOLLOW_EACH_DEREF;
    if (deref)
      len = 8, ptr = ptr ? ptr + f->len_offset : 0;
    else if (len_off + 8 <= size)
      memcpy(&len, e + len_off, 8);
    /* A string in its short form: its characters are in the element,
     * where the pointer would be. */
    if (flag && ((flag - 1) / 8 >= size ||
                 !((e[(flag - 1) / 8] >> ((flag - 1) % 8)) & 1u)))
      len = 0;
    size_t max = room - (pos - start) - 8, got = 0;
    if (deref && max < 8)
      word = RT_LEN_CUT; /* a word whole or none */
    else if (!len)
      word = 0;
    else if (!max) /* the record's data is full */
      word = RT_LEN_CUT;
    else if (!ptr)
      word = RT_LEN_NULL;
    else {
      size_t want =
          deref || len < rt_cfg.string_max ? (size_t)len : rt_cfg.string_max;
      if (want > max)
        want = max;
      int complete;
      got =
          want ? rt_safe_copy(out + pos + 8, (uintptr_t)ptr, want, 0, &complete)
               : 0;
      if (got == (size_t)-1)
        got = 0, word = RT_LEN_BAD;
      else
        word = got | (got < len ? RT_LEN_TRUNC : 0);
    }
    memcpy(out + pos, &word, 8);
    size_t padded = (got + 7) & ~(size_t)7;
    memset(out + pos + 8 + got, 0, padded - got);
    pos += 8 + padded;
  }
  uint64_t word = pos - start - 8;
  memcpy(out + start, &word, 8);
  return pos;
}
