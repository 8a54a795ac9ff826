/*===- rt_value_variant.c - Rust enums and tuple structs as written --------===
 *
 * A variant reads as its constructor in the source: no payload, a tuple
 * variant's values in parentheses, a struct variant's fields by name (even
 * one: its name is what says which field it is). A Rust tuple struct reads
 * the same way, named by its type:
 *
 *                 text            JSON
 *   unit variant   Quit            {"variant": "Quit", "value": null}
 *   tuple variant  Some(5)         {"variant": "Some", "value": 5}
 *                  Move(3, 4)      {"variant": "Move", "value":
 *                                    {"__0": 3, "__1": 4}}
 *   struct variant Remove{id: 9}   {"variant": "Remove", "value": {"id": 9}}
 *   tuple struct   Wrap("dog")     {"variant": "Wrap", "value": "dog"}
 *
 * JSON keeps a payload's fields as a struct's or a tuple's; the kinds
 * letters (T: a tuple, f: named fields) let the tool write the same text.
 *
 *===----------------------------------------------------------------------===*/
#include "rt_value_print.h"

/* `name` (n bytes) applied to payload p, whose fields are at `off`. */
static void print_constructor(ctx *c, const char *name, size_t n,
                              const __ruchy_trace_type *p, const uint8_t *img,
                              size_t len, size_t off) {
  rt_out *o = c->o;
  const __ruchy_trace_field *fs = p ? p->members : NULL;
  unsigned fields = fs ? p->count : 0;
  if (c->json) {
    rt_vmark(c, RT_KIND_VARIANT);
    rt_vmark(c, RT_KIND_TOKEN);
    rt_out_cstr(o, "{\"variant\": ");
    rt_out_json_stringn(o, name, n);
    rt_out_cstr(o, ", \"value\": ");
  } else {
    rt_out_bytes(o, name, n);
  }
  if (fields == 0) {
    rt_vmark(c, RT_KIND_NO_PAYLOAD);
    if (c->json)
      rt_out_cstr(o, "null");
  } else if (fields == 1 && (p->flags & RUCHY_TRACE_T_TUPLE)) {
    if (!c->json)
      rt_out_char(o, '(');
    rt_print_at(c, fs[0].type, img, len, off + fs[0].offset);
    if (!c->json)
      rt_out_char(o, ')');
  } else {
    /* A tuple's (a, b), else {x: a}: the payload's flags say which. */
    rt_print_fields(c, p, img, len, off,
                    (p->flags & RUCHY_TRACE_T_TUPLE) ? RT_KIND_TUPLE_FIELDS
                                                     : RT_KIND_FIELDS);
  }
  if (c->json)
    rt_out_char(o, '}');
}

void rt_print_variant(ctx *c, const __ruchy_trace_type *t, const uint8_t *img,
                      size_t len, size_t off) {
  const __ruchy_trace_variant *v = rt_variant_at(t, img, len, off);
  if (!v) {
    rt_vcut(c);
    return;
  }
  const __ruchy_trace_type *p = v->payload;
  const __ruchy_trace_field *fs = p ? p->members : NULL;
  /* A variant without a name (a C++ optional that holds a value) is its
   * value. */
  if (!v->name[0] && fs && p->count == 1) {
    rt_print_at(c, fs[0].type, img, len, off + fs[0].offset);
    return;
  }
  print_constructor(c, v->name, strlen(v->name), p, img, len, off);
}

void rt_print_named_tuple(ctx *c, const __ruchy_trace_type *t,
                          const uint8_t *img, size_t len, size_t off) {
  /* The name as written: without the path and the generic arguments
   * (`prog::Wrap` -> Wrap, `Reverse<&str>` -> Reverse). */
  const char *name = t->name ? t->name : "";
  size_t end = strcspn(name, "<"), start = 0;
  for (size_t i = 0; i + 1 < end; ++i)
    if (name[i] == ':' && name[i + 1] == ':')
      start = i + 2;
  print_constructor(c, name + start, end - start, t, img, len, off);
}
