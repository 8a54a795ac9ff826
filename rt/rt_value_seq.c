/*===- rt_value_seq.c - sequences, sets, maps and deques as text and JSON --===
 *
 * What a SEQ, RANGE or walk follow copied at record time (the element
 * count, then the first elements), and the strings inside those elements
 * (EACH_SLICE follows, one string item per element; EACH_DEREF and
 * EACH_SEQ alike):
 *
 *            text                         JSON
 *   vector   [1, 2, … (9 items)]          [1, 2, "… (9 items)"]
 *   set      {1, 2, … (9 items)}          [1, 2, "… (9 items)"]   kind S
 *   map      {"a": 1, … (9 items)}        {"a": 1, "…": "… (9 items)"} m
 *            {1: "a", … (9 items)}        [[1, "a"], "… (9 items)"]   kind M
 *
 * A map is an object in JSON when its keys are strings. Its keys are JSON
 * strings in text too, markers included ("<unreadable>"), so that the
 * tool writes the same text from the JSON alone.
 *
 *===----------------------------------------------------------------------===*/
#include "rt_value_print.h"

/* A map's key that is a string, as a JSON string in both formats. */
static void print_key(ctx *c, const __ruchy_trace_field *key,
                      const rt_followed *f, unsigned nf) {
  const rt_followed *s =
      rt_followed_inside(f, nf, 0, key->offset, key->type->size, 1);
  char buf[RT_STRING_TEXT_MAX];
  const char *text = buf;
  if (!s || (s->word & RT_LEN_CUT))
    text = RT_TEXT_CUT;
  else if (s->word & RT_LEN_NULL)
    text = RT_TEXT_NULL;
  else if (s->word & RT_LEN_BAD)
    text = RT_UNREADABLE;
  else
    rt_string_text(s, buf, sizeof buf);
  rt_out_json_string(c->o, text);
}

void rt_print_seq(ctx *c, const __ruchy_trace_type *t, size_t off) {
  rt_out *o = c->o;
  const rt_followed *f =
      rt_followed_inside(c->f, c->nf, c->level, off, t->size ? t->size : 1, 0);
  if (!f) {
    rt_vcut(c);
    return;
  }
  if (rt_print_no_target(c, f->word))
    return;
  size_t n = (size_t)(f->word & RT_LEN_MASK);
  if (n < 8) {
    rt_vcut(c);
    return;
  }
  uint64_t count = rt_read_uint(f->bytes, 8);
  const __ruchy_trace_type *e = t->members;
  size_t esize = e ? e->size : 0;
  uint64_t shown = esize ? (n - 8) / esize : 0;
  /* A map's entries are structs of (key, value). */
  const __ruchy_trace_field *kv =
      (t->flags & RUCHY_TRACE_T_MAP) && e && e->kind == RUCHY_TRACE_K_STRUCT &&
              e->count >= 2 && e->members &&
              ((const __ruchy_trace_field *)e->members)[0].type &&
              ((const __ruchy_trace_field *)e->members)[1].type
          ? e->members
          : NULL;
  int set = !kv && (t->flags & RUCHY_TRACE_T_SET);
  /* An object's keys are unique: a multimap's are pairs however keyed. */
  int object = kv && kv[0].type->kind == RUCHY_TRACE_K_STRSLICE &&
               !(t->flags & RUCHY_TRACE_T_MULTI);
  /* The string items of the elements: follows whose parent is this one. */
  rt_each_cursor each[RUCHY_TRACE_MAX_FOLLOWS];
  unsigned ne = rt_each_cursors(c->f, c->nf, f, each);
  if (kv || set)
    rt_vmark(c, object ? RT_KIND_MAP : kv ? RT_KIND_PAIRS : RT_KIND_SET);
  rt_out_char(o, (kv || set) && (!c->json || object) ? '{' : '[');
  uint64_t i = 0;
  int line_full = 0;
  for (; i < shown; ++i) {
    if (i && !c->json && rt_text_full(o)) {
      line_full = 1;
      break;
    }
    if (i)
      rt_out_cstr(o, ", ");
    rt_followed ef[RUCHY_TRACE_MAX_FOLLOWS];
    for (unsigned k = 0; k < ne; ++k)
      ef[k] = rt_each_next(&each[k]);
    /* No pointer inside an element is followed but its strings, rows
     * and trait objects' vtables, whose first methods are named (the
     * .rtrace walk names those: walk_seq). */
    ctx inner = {o, c->json, c->k, ef, ne, 0, 0, c->name_of};
    const uint8_t *img = f->bytes + 8 + (size_t)i * esize;
    if (!kv) {
      rt_print_at(&inner, e, img, esize, 0);
      continue;
    }
    if (object)
      print_key(&inner, &kv[0], ef, ne);
    else {
      if (c->json)
        rt_out_char(o, '[');
      rt_print_at(&inner, kv[0].type, img, esize, kv[0].offset);
    }
    rt_out_cstr(o, c->json && !object ? ", " : ": ");
    rt_print_at(&inner, kv[1].type, img, esize, kv[1].offset);
    if (c->json && !object)
      rt_out_char(o, ']');
  }
  /* Cut by the text line's room: the count only when it is more than
   * the elements copied (what JSON's count marker says; the tool's text
   * from JSON writes the same). */
  if (line_full && shown == count)
    rt_text_cut_mark(o, shown - i);
  else if (i < count) {
    if (i)
      rt_out_cstr(o, ", ");
    if (c->json && object)
      rt_out_cstr(o, "\"" RT_ELLIPSIS "\": ");
    rt_vmark(c, RT_KIND_TOKEN);
    rt_out_cstr(o, c->json ? "\"" RT_ELLIPSIS " (" : RT_ELLIPSIS " (");
    rt_out_u64(o, count);
    rt_out_cstr(o, count == 1 ? " item)" : " items)");
    if (c->json)
      rt_out_char(o, '"');
  }
  rt_out_char(o, (kv || set) && (!c->json || object) ? '}' : ']');
}
