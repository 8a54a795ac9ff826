/*===- rt_container_unit.c - maps, sets and deques walked and printed ------===
 *
 * The runtime's walks (rt_capture_walk.c) over containers built by hand in
 * the layouts the pass describes (abi.h's walk follows), printed as text
 * and JSON: a red-black tree in order, a hash table's full buckets, a ring
 * from its head, a list whose string keys are followed, a std::deque's
 * buffers; and garbage that must end the walk, never the program: a tree
 * that loops back on itself, control bytes that cannot be read, a head
 * past the capacity, a deque's map entry that cannot be read, iterators
 * that cannot be a deque's. And the rows of a Vec<Vec<int>> (an EACH_SEQ
 * follow under the outer one), each bounded, a garbage row unreadable
 * among readable ones.
 *
 *===----------------------------------------------------------------------===*/
#include "unit_check.h"

#include <string.h>

static const __ruchy_trace_type t_int = SCALAR(SINT, 4, "int");

/*---- a red-black tree (std::set<int>) ------------------------------------*/

/* libstdc++'s node: color, parent, left, right, then the value at 32. */
typedef struct rb {
  long color;
  struct rb *parent, *left, *right;
  int value;
} rb;
/* The set: a comparator word, then the header node, then the count. */
typedef struct {
  long cmp;
  rb header; /* header.left (offset 24): the leftmost node */
  unsigned long count;
} rb_set;

static const __ruchy_trace_follow f_rb[] = {
    FOLLOW(RBTREE, 24, 48, 4, 0),
    FOLLOW(PARAM, 32 | 8u << 16, 16 | 24u << 16, 0, 0)};
static const __ruchy_trace_type t_rbset = {.kind = RUCHY_TRACE_K_SEQ,
                                           .flags = RUCHY_TRACE_T_BYREF |
                                                    RUCHY_TRACE_T_SET,
                                           .nfollows = 2,
                                           .size = sizeof(rb_set),
                                           .name = "std::set<int>",
                                           .members = &t_int,
                                           .follows = f_rb};

static void test_rbtree(void) {
  _Static_assert(offsetof(rb, value) == 32, "libstdc++'s node layout");
  _Static_assert(offsetof(rb_set, count) == 48, "the count after the header");
  rb n1 = {0}, n2 = {0}, n3 = {0};
  rb_set s = {0};
  n2.left = &n1, n2.right = &n3, n2.parent = &s.header;
  n1.parent = n3.parent = &n2;
  n1.value = 1, n2.value = 2, n3.value = 3;
  s.header.left = &n1, s.header.parent = &n2, s.header.right = &n3;
  s.count = 3;
  EXPECT(&t_rbset, ADDR(&s), "{1, 2, 3}", "[1, 2, 3]", "S");
  s.count = 0;
  EXPECT(&t_rbset, ADDR(&s), "{}", "[]", "S");
  /* A loop: the last node's right link leads back to the first. */
  s.count = 1000;
  n3.right = &n1;
  EXPECT(&t_rbset, ADDR(&s),
         "{1, 2, 3, 1, 2, 3, 1, 2, 3, 1, \xe2\x80\xa6 (1000 items)}",
         "[1, 2, 3, 1, 2, 3, 1, 2, 3, 1, \"\xe2\x80\xa6 (1000 items)\"]", "St");
  /* A leftmost node that cannot be read. */
  s.header.left = (rb *)0x10;
  EXPECT(&t_rbset, ADDR(&s), "<unreadable>", "\"<unreadable>\"", "t");
}

/*---- a hashbrown table (HashSet<u32>) -------------------------------------*/

typedef struct {
  unsigned buckets[8]; /* bucket j at buckets[7 - j]: before ctrl */
  unsigned char ctrl[8 + 16];
} table_mem;
typedef struct {
  const unsigned char *ctrl;
  unsigned long bucket_mask, growth_left, items;
} raw_table;

static const __ruchy_trace_follow f_hb[] = {FOLLOW(HASHBROWN, 0, 24, 4, 0),
                                            FOLLOW(PARAM, 8, 0, 0, 0)};
static const __ruchy_trace_type t_hbset = {.kind = RUCHY_TRACE_K_SEQ,
                                           .flags = RUCHY_TRACE_T_BYREF |
                                                    RUCHY_TRACE_T_SET,
                                           .nfollows = 2,
                                           .size = sizeof(raw_table),
                                           .name = "HashSet<u32>",
                                           .members = &t_int,
                                           .follows = f_hb};

static void test_hashbrown(void) {
  static table_mem m;
  memset(m.ctrl, 0xff, sizeof m.ctrl); /* EMPTY */
  m.ctrl[1] = 0x12, m.buckets[7 - 1] = 10;
  m.ctrl[5] = 0x34, m.buckets[7 - 5] = 50;
  m.ctrl[6] = 0x80, m.buckets[7 - 6] = 60; /* DELETED: not shown */
  raw_table t = {m.ctrl, 7, 0, 2};
  EXPECT(&t_hbset, ADDR(&t), "{10, 50}", "[10, 50]", "S");
  t.items = 0;
  EXPECT(&t_hbset, ADDR(&t), "{}", "[]", "S");
  t.ctrl = (const unsigned char *)0x10, t.items = 5;
  EXPECT(&t_hbset, ADDR(&t), "<unreadable>", "\"<unreadable>\"", "t");
}

/*---- a ring (VecDeque<i32>) -----------------------------------------------*/

typedef struct {
  unsigned long cap;
  const int *ptr;
  unsigned long head, len;
} ring;

static const __ruchy_trace_follow f_ring[] = {
    FOLLOW(RING, 8, 24, 4, 0), FOLLOW(PARAM, 0 | 16u << 16, 0, 0, 0)};
static const __ruchy_trace_type t_ring = {.kind = RUCHY_TRACE_K_SEQ,
                                          .flags = RUCHY_TRACE_T_BYREF,
                                          .nfollows = 2,
                                          .size = sizeof(ring),
                                          .name = "VecDeque<i32>",
                                          .members = &t_int,
                                          .follows = f_ring};

static void test_ring(void) {
  static const int buf[4] = {5, 6, 3, 4};
  ring r = {4, buf, 2, 4};
  EXPECT(&t_ring, ADDR(&r), "[3, 4, 5, 6]", "[3, 4, 5, 6]", "");
  r.head = 4; /* a head past the capacity is garbage */
  EXPECT(&t_ring, ADDR(&r), "<unreadable>", "\"<unreadable>\"", "t");
}

/*---- a list with string keys (std::unordered_map<std::string, int>) ------*/

typedef struct {
  const char *p;
  unsigned long len;
  int value;
} entry;
typedef struct lnode {
  struct lnode *next;
  entry e; /* the value at 8 */
} lnode;
typedef struct {
  long buckets, nbuckets;
  lnode *first; /* _M_before_begin._M_nxt */
  unsigned long count;
} hashtable;

static const __ruchy_trace_type t_key = SCALAR(STRSLICE, 16, "std::string");
static const __ruchy_trace_field entry_f[] = {{"first", &t_key, 0, 0, 0},
                                              {"second", &t_int, 16, 0, 0}};
static const __ruchy_trace_type t_entry = {.kind = RUCHY_TRACE_K_STRUCT,
                                           .flags = RUCHY_TRACE_T_TUPLE,
                                           .size = sizeof(entry),
                                           .count = 2,
                                           .name =
                                               "std::pair<std::string, int>",
                                           .members = entry_f};
static const __ruchy_trace_follow f_list[] = {
    FOLLOW(LIST, 16, 24, sizeof(entry), 0), FOLLOW(PARAM, 8, 0, 0, 0),
    FOLLOW(EACH_SLICE, 0, 8, sizeof(entry), 1)};
static const __ruchy_trace_type t_smap = {
    .kind = RUCHY_TRACE_K_SEQ,
    .flags = RUCHY_TRACE_T_BYREF | RUCHY_TRACE_T_MAP,
    .nfollows = 3,
    .size = sizeof(hashtable),
    .name = "std::unordered_map<std::string, int>",
    .members = &t_entry,
    .follows = f_list};

static void test_string_keys(void) {
  lnode b = {NULL, {"b\"b", 3, 2}}, a = {&b, {"a", 1, 1}};
  hashtable h = {0, 1, &a, 2};
  EXPECT(&t_smap, ADDR(&h), "{\"a\": 1, \"b\\\"b\": 2}",
         "{\"a\": 1, \"b\\\"b\": 2}", "m");
  /* A key that cannot be read is its marker, a JSON key all the same. */
  b.e.p = (const char *)0x10;
  EXPECT(&t_smap, ADDR(&h), "{\"a\": 1, \"<unreadable>\": 2}",
         "{\"a\": 1, \"<unreadable>\": 2}", "m");
  /* More entries than shown: the count under the key "…". */
  h.count = 40;
  b.next = &a; /* and a loop, ended by the bound */
  b.e.p = "b";
  b.e.len = 1;
  EXPECT(&t_smap, ADDR(&h),
         "{\"a\": 1, \"b\": 2, \"a\": 1, \"b\": 2, \"a\": 1, \"b\": 2, "
         "\"a\": 1, \"b\": 2, \"a\": 1, \"b\": 2, \xe2\x80\xa6 (40 items)}",
         "{\"a\": 1, \"b\": 2, \"a\": 1, \"b\": 2, \"a\": 1, \"b\": 2, "
         "\"a\": 1, \"b\": 2, \"a\": 1, \"b\": 2, "
         "\"\xe2\x80\xa6\": \"\xe2\x80\xa6 (40 items)\"}",
         "mt");
}

/*---- rows of a sequence (Rust Vec<Vec<i32>>) ------------------------------*/

typedef struct {
  unsigned long cap;
  void *ptr; /* the elements: int, or rows of them */
  unsigned long len;
} rvec;

static const __ruchy_trace_type t_row = {.kind = RUCHY_TRACE_K_SEQ,
                                         .size = sizeof(rvec),
                                         .name = "Vec<i32>",
                                         .members = &t_int};
static const __ruchy_trace_follow f_grid[] = {
    FOLLOW(SEQ, 8, 16, sizeof(rvec), 0), FOLLOW(EACH_SEQ, 8, 16, 4, 1)};
static const __ruchy_trace_type t_grid = {.kind = RUCHY_TRACE_K_SEQ,
                                          .flags = RUCHY_TRACE_T_BYREF,
                                          .nfollows = 2,
                                          .size = sizeof(rvec),
                                          .name = "Vec<Vec<i32>>",
                                          .members = &t_row,
                                          .follows = f_grid};

static void test_rows(void) {
  int a[] = {1, 2}, b[12] = {0};
  for (int i = 0; i < 12; ++i)
    b[i] = i;
  rvec rows[3] = {{2, a, 2}, {0, (int *)4, 0}, {12, b, 12}};
  rvec g = {3, rows, 3};
  EXPECT(
      &t_grid, ADDR(&g),
      "[[1, 2], [], [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, \xe2\x80\xa6 (12 items)]]",
      "[[1, 2], [], [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, "
      "\"\xe2\x80\xa6 (12 items)\"]]",
      "t");
  /* Rows whose memory is garbage, or NULL with elements: each its own
   * marker, the others shown. */
  rows[0].ptr = (int *)0x10;
  rows[1].ptr = NULL, rows[1].len = 3;
  rows[2].len = 1;
  EXPECT(&t_grid, ADDR(&g), "[<unreadable>, NULL, [0]]",
         "[\"<unreadable>\", null, [0]]", "tN");
  /* The outer one unreadable: no row is read. */
  g.ptr = (rvec *)0x10;
  EXPECT(&t_grid, ADDR(&g), "<unreadable>", "\"<unreadable>\"", "t");
}

/*---- a std::deque<int>: buffers listed in a map --------------------------*/

typedef struct {
  int *cur, *first, *last;
  int **node;
} dq_iter;
typedef struct {
  int **map;
  unsigned long map_size;
  dq_iter start, finish; /* at 16 and 48 */
} deque;

/* p0..p3: the start's cur, first, last, node; p4..p6: the finish's cur,
 * first, node. */
static const __ruchy_trace_follow f_dq[] = {
    FOLLOW(DEQUE, 16, 16, 4, 0),
    FOLLOW(PARAM, 16 | 24u << 16, 32 | 40u << 16, 48 | 56u << 16, 72)};
static const __ruchy_trace_type t_dq = {.kind = RUCHY_TRACE_K_SEQ,
                                        .flags = RUCHY_TRACE_T_BYREF,
                                        .nfollows = 2,
                                        .size = sizeof(deque),
                                        .name = "std::deque<int>",
                                        .members = &t_int,
                                        .follows = f_dq};

static void test_deque(void) {
  _Static_assert(offsetof(deque, finish.node) == 72, "libstdc++'s layout");
  int b0[4] = {0, 0, 1, 2}, b1[4] = {3, 4, 5, 0};
  int *map[2] = {b0, b1};
  deque d = {
      map, 2, {b0 + 2, b0, b0 + 4, &map[0]}, {b1 + 3, b1, b1 + 4, &map[1]}};
  EXPECT(&t_dq, ADDR(&d), "[1, 2, 3, 4, 5]", "[1, 2, 3, 4, 5]", "");
  /* One buffer: from the start's cur to the finish's. */
  dq_iter one = d.start;
  one.cur = b0 + 1;
  d.start = one, d.finish = one, d.finish.cur = b0 + 3;
  EXPECT(&t_dq, ADDR(&d), "[0, 1]", "[0, 1]", "");
  d.finish = d.start;
  EXPECT(&t_dq, ADDR(&d), "[]", "[]", "");
  /* A map entry that cannot be read: the walk ends there. */
  d.start = (dq_iter){b0 + 2, b0, b0 + 4, &map[0]};
  d.finish = (dq_iter){b1 + 3, b1, b1 + 4, &map[1]};
  map[1] = (int *)0x10;
  EXPECT(&t_dq, ADDR(&d), "[1, 2, \xe2\x80\xa6 (5 items)]",
         "[1, 2, \"\xe2\x80\xa6 (5 items)\"]", "t");
  /* Iterators that cannot be a deque's: the finish before the start, a
   * buffer not a whole number of elements. */
  d.finish.node = NULL;
  EXPECT(&t_dq, ADDR(&d), "<unreadable>", "\"<unreadable>\"", "t");
  d.finish.node = &map[1];
  d.start.last = (int *)(void *)((char *)b0 + 14);
  EXPECT(&t_dq, ADDR(&d), "<unreadable>", "\"<unreadable>\"", "t");
}

void container_tests(void) {
  test_rbtree();
  test_hashbrown();
  test_ring();
  test_string_keys();
  test_rows();
  test_deque();
}
