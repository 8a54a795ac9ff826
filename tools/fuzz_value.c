/*===- fuzz_value.c - libFuzzer target for the value printer ---------------===
 *
 * The writers print values from a record's data stream (rt_value.c); a
 * record damaged in the ring, or a stream a future capture lays out
 * differently, must still print something bounded, never read past the
 * stream, and keep the JSON valid. The input picks one to four of a fixed
 * set of descriptors (the shapes pass/TypeDescriber.cpp emits) with their
 * payloads; the rest of it is the stream, read in place, so that ASan sees
 * any read past its end. Each value is printed as text and as JSON with
 * its kinds; the JSON must parse and the kinds describe it.
 *
 *   input: [n-1] then n * ([descriptor] [8-byte payload]), then the stream
 *
 *===----------------------------------------------------------------------===*/
#include "rt_internal.h"
#include "unit_check.h"

#include <stdlib.h>
#include <string.h>

static const __ruchy_trace_type t_i8 = SCALAR(SINT, 1, "int8_t"),
                                t_u16 = SCALAR(UINT, 2, "uint16_t"),
                                t_i32 = SCALAR(SINT, 4, "int"),
                                t_u32 = SCALAR(UINT, 4, "unsigned int"),
                                t_u64 = SCALAR(UINT, 8, "uint64_t"),
                                t_short = SCALAR(SINT, 2, "short"),
                                t_bool = SCALAR(BOOL, 1, "bool"),
                                t_char = SCALAR(CHAR, 1, "char"),
                                t_char32 = SCALAR(UCHAR, 4, "char32_t"),
                                t_float = SCALAR(FLOAT, 4, "float"),
                                t_double = SCALAR(DOUBLE, 8, "double"),
                                t_half = SCALAR(HALF, 2, "_Float16"),
                                t_voidp = SCALAR(PTR, 8, "void *"),
                                t_fnptr = SCALAR(FUNCPTR, 8, "void (*)(void)"),
                                t_opaque = SCALAR(OPAQUE, 8, "struct hidden"),
                                t_bytes = SCALAR(BYTES, 8, "__m64"),
                                t_cstr_field =
                                    SCALAR(CSTRING, 8, "const char *"),
                                t_str_field = SCALAR(STRSLICE, 16, "&str"),
                                t_u8 = SCALAR(UINT, 1, "u8");
static const __ruchy_trace_type t_i128 = BYREF(SINT, 16, "__int128"),
                                t_u128 = BYREF(UINT, 16, "unsigned __int128"),
                                t_ldouble = BYREF(LDOUBLE, 16, "long double"),
                                t_complex =
                                    BYREF(COMPLEX, 16, "complex", .count = 2,
                                          .members = &t_double);
static const __ruchy_trace_follow f_cstr = FOLLOW(CSTRING, 0, 0, 0, 0);
static const __ruchy_trace_type t_cstr = {.kind = RUCHY_TRACE_K_CSTRING,
                                          .nfollows = 1,
                                          .size = 8,
                                          .name = "const char *",
                                          .follows = &f_cstr};
static const __ruchy_trace_enumerator colors[] = {
    {"RED", 0}, {"GREEN", 5}, {"NONE", -1}};
static const __ruchy_trace_type t_color = {.kind = RUCHY_TRACE_K_ENUM,
                                           .size = 4,
                                           .count = 3,
                                           .name = "enum color",
                                           .members = colors};

/* struct point { int x, y; const char *label; struct { short s;
 * char tag[4]; } in; unsigned bits : 3; int sb : 5; }, by value and
 * through a pointer (its target, the label inside the target). */
static const __ruchy_trace_type t_tag = {.kind = RUCHY_TRACE_K_ARRAY,
                                         .size = 4,
                                         .count = 4,
                                         .name = "char[4]",
                                         .members = &t_char};
static const __ruchy_trace_field inner_f[] = {{"s", &t_short, 0, 0, 0},
                                              {"tag", &t_tag, 2, 0, 0}};
static const __ruchy_trace_type t_inner = {.kind = RUCHY_TRACE_K_STRUCT,
                                           .size = 6,
                                           .count = 2,
                                           .name = "struct inner",
                                           .members = inner_f};
static const __ruchy_trace_field point_f[] = {{"x", &t_i32, 0, 0, 0},
                                              {"y", &t_i32, 4, 0, 0},
                                              {"label", &t_cstr_field, 8, 0, 0},
                                              {"in", &t_inner, 16, 0, 0},
                                              {"bits", &t_u32, 22, 0, 3},
                                              {"sb", &t_i32, 22, 3, 5},
                                              {"flag", &t_bool, 23, 7, 1}};
static const __ruchy_trace_type t_point_m = {.kind = RUCHY_TRACE_K_STRUCT,
                                             .size = 24,
                                             .count = 7,
                                             .name = "struct point",
                                             .members = point_f};
static const __ruchy_trace_follow f_label = FOLLOW(CSTRING, 8, 0, 0, 0);
static const __ruchy_trace_type t_point =
    BYREF(STRUCT, 24, "struct point", .count = 7, .members = point_f,
          .nfollows = 1, .follows = &f_label);
static const __ruchy_trace_follow f_point_ptr[] = {FOLLOW(DEREF, 0, 0, 24, 0),
                                                   FOLLOW(CSTRING, 8, 0, 0, 1)};
static const __ruchy_trace_type t_point_ptr = {.kind = RUCHY_TRACE_K_PTR,
                                               .nfollows = 2,
                                               .size = 8,
                                               .name = "struct point *",
                                               .members = &t_point_m,
                                               .follows = f_point_ptr};
static const __ruchy_trace_field u_f[] = {{"i", &t_i32, 0, 0, 0},
                                          {"f", &t_float, 0, 0, 0}};
static const __ruchy_trace_type t_union =
    BYREF(UNION, 4, "union u", .count = 2, .members = u_f);
static const __ruchy_trace_type t_longs = {.kind = RUCHY_TRACE_K_ARRAY,
                                           .size = 320,
                                           .count = 40,
                                           .name = "long[40]",
                                           .members = &t_u64};
static const __ruchy_trace_field longs_f[] = {{"a", &t_longs, 0, 0, 0}};
static const __ruchy_trace_type t_longs_s =
    BYREF(STRUCT, 320, "struct longs", .count = 1, .members = longs_f);

/* Rust: &str, String, Option<i32>, Result<u8, &str>, an enum with a
 * payload of fields, &User { id: u64, name: String } with its string. */
static const __ruchy_trace_follow f_str = FOLLOW(SLICE, 0, 8, 0, 0),
                                  f_string = FOLLOW(SLICE, 8, 16, 0, 0);
static const __ruchy_trace_type t_str =
    BYREF(STRSLICE, 16, "&str", .nfollows = 1, .follows = &f_str);
static const __ruchy_trace_type t_string =
    BYREF(STRSLICE, 24, "String", .nfollows = 1, .follows = &f_string);
static const __ruchy_trace_type t_string_m = SCALAR(STRSLICE, 24, "String");
static const __ruchy_trace_type t_none = {
    .kind = RUCHY_TRACE_K_STRUCT, .size = 8, .name = "None"};
static const __ruchy_trace_field some_f[] = {{"__0", &t_i32, 4, 0, 0}};
static const __ruchy_trace_type t_some = {.kind = RUCHY_TRACE_K_STRUCT,
                                          .size = 8,
                                          .count = 1,
                                          .name = "Some",
                                          .members = some_f};
static const __ruchy_trace_variant opt_v[] = {{"None", &t_none, 0, 1, 0},
                                              {"Some", &t_some, 1, 1, 0}};
static const __ruchy_trace_variants opt = {0, 4, 2, 0, opt_v};
static const __ruchy_trace_type t_opt =
    BYREF(VARIANT, 8, "Option<i32>", .count = 2, .members = &opt);
static const __ruchy_trace_field ok_f[] = {{"__0", &t_u8, 8, 0, 0}},
                                 err_f[] = {{"__0", &t_str_field, 0, 0, 0}};
static const __ruchy_trace_type t_ok = {.kind = RUCHY_TRACE_K_STRUCT,
                                        .size = 16,
                                        .count = 1,
                                        .name = "Ok",
                                        .members = ok_f},
                                t_err = {.kind = RUCHY_TRACE_K_STRUCT,
                                         .size = 16,
                                         .count = 1,
                                         .name = "Err",
                                         .members = err_f};
static const __ruchy_trace_variant res_v[] = {{"Ok", &t_ok, 0, 1, 0},
                                              {"Err", &t_err, 0, 0, 0}};
static const __ruchy_trace_variants res = {0, 8, 2, 0, res_v};
static const __ruchy_trace_type t_result =
    BYREF(VARIANT, 16, "Result<u8, &str>", .count = 2, .members = &res,
          .nfollows = 1, .follows = &f_str);
static const __ruchy_trace_field rect_f[] = {{"w", &t_u32, 4, 0, 0},
                                             {"h", &t_u32, 8, 0, 0}};
static const __ruchy_trace_type t_rect = {.kind = RUCHY_TRACE_K_STRUCT,
                                          .size = 12,
                                          .count = 2,
                                          .name = "Rect",
                                          .members = rect_f};
static const __ruchy_trace_variant shape_v[] = {{"Dot", &t_none, 0, 1, 0},
                                                {"Rect", &t_rect, 1, 1, 0}};
static const __ruchy_trace_variants shape = {0, 1, 2, 0, shape_v};
static const __ruchy_trace_type t_shape =
    BYREF(VARIANT, 12, "Shape", .count = 2, .members = &shape);
static const __ruchy_trace_field user_f[] = {{"id", &t_u64, 0, 0, 0},
                                             {"name", &t_string_m, 8, 0, 0}};
static const __ruchy_trace_type t_user = {.kind = RUCHY_TRACE_K_STRUCT,
                                          .size = 32,
                                          .count = 2,
                                          .name = "User",
                                          .members = user_f};
static const __ruchy_trace_follow f_user[] = {FOLLOW(DEREF, 0, 0, 32, 0),
                                              FOLLOW(SLICE, 16, 24, 0, 1)};
static const __ruchy_trace_type t_user_ref = {.kind = RUCHY_TRACE_K_PTR,
                                              .nfollows = 2,
                                              .size = 8,
                                              .name = "&User",
                                              .members = &t_user,
                                              .follows = f_user};

/* C++: a map with string keys (std::unordered_map: a LIST walk, its
 * parameters, the keys' strings), a set and a map of ints (RBTREE). */
static const __ruchy_trace_field entry_f[] = {{"first", &t_string_m, 0, 0, 0},
                                              {"second", &t_i32, 32, 0, 0}};
static const __ruchy_trace_type t_entry = {.kind = RUCHY_TRACE_K_STRUCT,
                                           .flags = RUCHY_TRACE_T_TUPLE,
                                           .size = 40,
                                           .count = 2,
                                           .name =
                                               "std::pair<std::string, int>",
                                           .members = entry_f};
static const __ruchy_trace_follow f_smap[] = {FOLLOW(LIST, 16, 24, 40, 0),
                                              FOLLOW(PARAM, 8, 0, 0, 0),
                                              FOLLOW(EACH_SLICE, 0, 8, 40, 1)};
static const __ruchy_trace_type t_smap = {
    .kind = RUCHY_TRACE_K_SEQ,
    .flags = RUCHY_TRACE_T_BYREF | RUCHY_TRACE_T_MAP,
    .nfollows = 3,
    .size = 56,
    .name = "std::unordered_map<std::string, int>",
    .members = &t_entry,
    .follows = f_smap};
static const __ruchy_trace_follow f_tree[] = {
    FOLLOW(RBTREE, 24, 40, 4, 0),
    FOLLOW(PARAM, 32 | 8u << 16, 16 | 24u << 16, 0, 0)};
static const __ruchy_trace_type t_set = {.kind = RUCHY_TRACE_K_SEQ,
                                         .flags = RUCHY_TRACE_T_BYREF |
                                                  RUCHY_TRACE_T_SET,
                                         .nfollows = 2,
                                         .size = 48,
                                         .name = "std::set<int>",
                                         .members = &t_i32,
                                         .follows = f_tree};
static const __ruchy_trace_field pair_f[] = {{"first", &t_i32, 0, 0, 0},
                                             {"second", &t_i32, 4, 0, 0}};
static const __ruchy_trace_type t_pair = {.kind = RUCHY_TRACE_K_STRUCT,
                                          .flags = RUCHY_TRACE_T_TUPLE,
                                          .size = 8,
                                          .count = 2,
                                          .name = "std::pair<const int, int>",
                                          .members = pair_f};
static const __ruchy_trace_follow f_imap[] = {
    FOLLOW(RBTREE, 24, 40, 8, 0),
    FOLLOW(PARAM, 32 | 8u << 16, 16 | 24u << 16, 0, 0)};
static const __ruchy_trace_type t_imap = {.kind = RUCHY_TRACE_K_SEQ,
                                          .flags = RUCHY_TRACE_T_BYREF |
                                                   RUCHY_TRACE_T_MAP,
                                          .nfollows = 2,
                                          .size = 48,
                                          .name = "std::map<int, int>",
                                          .members = &t_pair,
                                          .follows = f_imap};

/* Rust: a Vec<Vec<i32>> (rows: an EACH_SEQ follow, one sequence item per
 * row copied). */
static const __ruchy_trace_type t_row = {.kind = RUCHY_TRACE_K_SEQ,
                                         .size = 24,
                                         .name = "Vec<i32>",
                                         .members = &t_i32};
static const __ruchy_trace_follow f_grid[] = {FOLLOW(SEQ, 8, 16, 24, 0),
                                              FOLLOW(EACH_SEQ, 8, 16, 4, 1)};
static const __ruchy_trace_type t_grid = {.kind = RUCHY_TRACE_K_SEQ,
                                          .flags = RUCHY_TRACE_T_BYREF,
                                          .nfollows = 2,
                                          .size = 24,
                                          .name = "Vec<Vec<i32>>",
                                          .members = &t_row,
                                          .follows = f_grid};

/* Rust: a Box<dyn Area> (its vtable's first method named, T_IMPL). */
static const __ruchy_trace_type t_vtable = {.kind = RUCHY_TRACE_K_PTR,
                                            .flags = RUCHY_TRACE_T_IMPL,
                                            .size = 8,
                                            .name = "&[usize; 4]",
                                            .members = &t_fnptr};
static const __ruchy_trace_field dyn_f[] = {{"pointer", &t_voidp, 0, 0, 0},
                                            {"type", &t_vtable, 8, 0, 0}};
static const __ruchy_trace_follow f_dyn = FOLLOW(DEREF, 8, 24, 8, 0);
static const __ruchy_trace_type t_dyn = {.kind = RUCHY_TRACE_K_STRUCT,
                                         .flags = RUCHY_TRACE_T_BYREF,
                                         .nfollows = 1,
                                         .size = 16,
                                         .count = 2,
                                         .name = "Box<dyn Area>",
                                         .members = dyn_f,
                                         .follows = &f_dyn};

/* C++ (libc++): a std::function, a variant on its pointer to its target
 * (empty when null), the pointer shown as its target alone (T_INNER), a
 * variant on the target's vtable word. */
static const __ruchy_trace_field capture_f[] = {{"value", &t_i32, 8, 0, 0}};
static const __ruchy_trace_type t_capture = {.kind = RUCHY_TRACE_K_STRUCT,
                                             .size = 16,
                                             .count = 1,
                                             .name = "<lambda>",
                                             .members = capture_f};
static const __ruchy_trace_variant target_v[] = {
    {"<lambda>", &t_capture, 0x1000, 1, 0}, {"<unknown>", NULL, 0, 0, 0}};
static const __ruchy_trace_variants target = {0, 8, 2, 0, target_v};
static const __ruchy_trace_type t_target = {.kind = RUCHY_TRACE_K_VARIANT,
                                            .size = 16,
                                            .count = 2,
                                            .name = "<target>",
                                            .members = &target};
static const __ruchy_trace_type t_fn_target = {.kind = RUCHY_TRACE_K_PTR,
                                               .flags = RUCHY_TRACE_T_INNER,
                                               .size = 8,
                                               .name = "<target> *",
                                               .members = &t_target};
static const __ruchy_trace_field func_f[] = {{"value", &t_fn_target, 32, 0, 0}};
static const __ruchy_trace_type t_func_some = {.kind = RUCHY_TRACE_K_STRUCT,
                                               .size = 48,
                                               .count = 1,
                                               .name = "<target> *",
                                               .members = func_f};
static const __ruchy_trace_variant func_v[] = {{"empty", NULL, 0, 1, 0},
                                               {"", &t_func_some, 0, 0, 0}};
static const __ruchy_trace_variants func = {32, 8, 2, 0, func_v};
static const __ruchy_trace_follow f_func = FOLLOW(DEREF, 32, 0, 16, 0);
static const __ruchy_trace_type t_func = {.kind = RUCHY_TRACE_K_VARIANT,
                                          .flags = RUCHY_TRACE_T_BYREF,
                                          .nfollows = 1,
                                          .size = 48,
                                          .count = 2,
                                          .name = "std::function<int(int)>",
                                          .members = &func,
                                          .follows = &f_func};

static const __ruchy_trace_type *const all[] = {
    &t_i8,     &t_u16,    &t_i32,    &t_u64,       &t_bool,    &t_char,
    &t_char32, &t_float,  &t_double, &t_half,      &t_voidp,   &t_fnptr,
    &t_opaque, &t_bytes,  &t_i128,   &t_u128,      &t_ldouble, &t_complex,
    &t_cstr,   &t_color,  &t_point,  &t_point_ptr, &t_union,   &t_longs_s,
    &t_str,    &t_string, &t_opt,    &t_result,    &t_shape,   &t_user_ref,
    &t_smap,   &t_set,    &t_imap,   &t_grid,      &t_dyn,     &t_func,
    NULL};
#define NTYPES (sizeof all / sizeof *all)

/* Output far beyond what any descriptor here can print is a bug. */
#define OUT_MAX 65536

static void print(const __ruchy_trace_type *const *types, const uint64_t *v,
                  unsigned n, const uint8_t *stream, size_t len, int json) {
  static char out[OUT_MAX + 1], kinds[OUT_MAX + 1], cls[OUT_MAX + 1];
  rt_out o, k;
  rt_out_init(&o, -1, out, OUT_MAX);
  rt_out_init(&k, -1, kinds, OUT_MAX);
  rt_data d;
  rt_data_init(&d, stream, len);
  rt_out_char(&o, '[');
  for (unsigned i = 0; i < n; ++i) {
    if (i)
      rt_out_cstr(&o, ", ");
    rt_value_write(&o, types[i], v[i], &d, json, json ? &k : NULL);
  }
  rt_out_char(&o, ']');
  if (o.total || k.total)
    abort(); /* more than OUT_MAX bytes */
  out[o.len] = kinds[k.len] = 0;
  if (json &&
      (!json_valid(out, o.len, cls, sizeof cls) || !kinds_describe(kinds, cls)))
    abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 1)
    return 0;
  unsigned n = 1 + data[0] % 4;
  size_t head = 1 + 9 * (size_t)n;
  if (size < head)
    return 0;
  const __ruchy_trace_type *types[4];
  uint64_t v[4];
  for (unsigned i = 0; i < n; ++i) {
    types[i] = all[data[1 + 9 * i] % NTYPES];
    memcpy(&v[i], data + 2 + 9 * i, 8);
  }
  print(types, v, n, data + head, size - head, 0);
  print(types, v, n, data + head, size - head, 1);
  char fields[4096];
  for (unsigned i = 0; i < n; ++i) {
    rt_out o;
    rt_out_init(&o, -1, fields, sizeof fields);
    rt_fields_write(&o, types[i]);
  }
  return 0;
}
