/*===- rt_rtrace_pack.c - packing a thread's slots for a .rtrace file ------===
 *
 * The encoding is rt_rtrace_pack.h's. Packing runs on the spiller thread
 * (or the exit's writer), never on the record path; unpacking runs in the
 * tool. Both sides keep the same table, updated the same way, so what one
 * predicts the other predicts too.
 *
 *===----------------------------------------------------------------------===*/
#include "rt_rtrace_pack.h"

#include <string.h>

#define TAG_COUNT 15u  /* continuation slots, 15: a varint follows */
#define TAG_KNOWN 16u  /* the descriptor word is table[the next byte]'s */
#define TAG_RAW 32u    /* a varint count of raw slots follows */
#define TAG_CLOSES 64u /* the exit of the innermost call open */
#define TAG_NEXT 128u  /* the descriptor word that followed the last one */

static inline uint64_t zigzag(uint64_t d) {
  return (d << 1) ^ (uint64_t)((int64_t)d >> 63);
}
static inline uint64_t unzigzag(uint64_t z) { return (z >> 1) ^ -(z & 1); }

static inline uint8_t *put_varint(uint8_t *o, uint64_t v) {
  while (v >= 0x80) {
    *o++ = (uint8_t)(v | 0x80);
    v >>= 7;
  }
  *o++ = (uint8_t)v;
  return o;
}

static inline unsigned slot_hash(uint64_t key) {
  return (unsigned)((key * 0x9e3779b97f4a7c15ull) >> 56) & (RT_PACK_TABLE - 1);
}

static inline int is_exit(uint64_t key) {
  return (key & RT_EV_KIND_MASK) != RT_EV_ENTER;
}

/* The table entry for `key` in this chunk, emptied if it held another
 * descriptor (or was last set in another chunk). *known: it was key's. */
static rt_pack_entry *entry_for(rt_pack *p, uint64_t key, int *known) {
  rt_pack_entry *e = &p->table[slot_hash(key)];
  *known = e->gen == p->gen && e->key == key;
  if (!*known) {
    e->key = key;
    e->gen = p->gen;
    e->n = 0;
    e->next = 0;
  }
  return e;
}

/* The calls open in this chunk, as both sides see its records: an entry
 * opens one, an exit of the innermost closes it (an exit that matches
 * nothing changes nothing: records of calls opened in an earlier chunk). */
static inline void opened(rt_pack *p, uint64_t fn, uint64_t ticks) {
  p->open[p->depth % RT_PACK_OPEN].fn = fn;
  p->open[p->depth % RT_PACK_OPEN].ticks = ticks;
  p->depth++;
}
static inline int innermost(const rt_pack *p, uint64_t fn) {
  return p->depth && p->open[(p->depth - 1) % RT_PACK_OPEN].fn == fn;
}
static inline uint64_t token(uint64_t ticks) { /* rt_buffer.c's rt_token */
  return ticks | (ticks == 0);
}
static void track(rt_pack *p, uint64_t key, uint64_t ticks) {
  uint64_t fn = key & ~(uint64_t)RT_EV_KIND_MASK;
  if (!is_exit(key))
    opened(p, fn, ticks);
  else if (innermost(p, fn))
    p->depth--;
}

/* The record of entry e came after the previous one: what is predicted
 * to follow that one next time. */
static inline void followed(rt_pack *p, rt_pack_entry *e) {
  if (p->prev)
    p->prev->next = e->key;
  p->prev = e;
}

/* The previous record's word k of slot j (0 where there is none), and
 * keeping this record's in its place. */
static inline uint64_t predict(rt_pack_entry *e, uint64_t j, unsigned k,
                               uint64_t now) {
  if (j >= RT_PACK_KEEP)
    return 0;
  uint64_t was = j < e->n ? e->w[j][k] : 0;
  e->w[j][k] = now;
  return was;
}

size_t rt_pack_slots(rt_pack *p, const rt_slot *a, uint64_t na,
                     const rt_slot *b, uint64_t nb, uint8_t *out) {
  p->gen++;
  p->depth = 0;
  p->prev = NULL;
  uint8_t *o = out;
  uint64_t n = na + nb, last_ticks = 0;
#define AT(i) ((i) < na ? &a[i] : &b[(i) - na])
  for (uint64_t i = 0; i < n;) {
    const rt_slot *h = AT(i);
    uint64_t j = i + 1;
    if (!rt_slot_is_head(h)) { /* a run of slots that belong to no head here */
      while (j < n && !rt_slot_is_head(AT(j)))
        ++j;
      *o++ = TAG_RAW;
      o = put_varint(o, j - i);
      for (; i < j; ++i) {
        memcpy(o, AT(i), sizeof(rt_slot));
        o += sizeof(rt_slot);
      }
      continue;
    }
    while (j < n && AT(j)->w[1] == 0)
      ++j;
    uint64_t cont = j - i - 1, key = h->w[1];
    uint64_t fn = key & ~(uint64_t)RT_EV_KIND_MASK;
    int closes = (key & RT_EV_KIND_MASK) == RT_EV_EXIT && innermost(p, fn) &&
                 h->w[3] == token(p->open[(p->depth - 1) % RT_PACK_OPEN].ticks);
    int follows = !closes && p->prev && p->prev->next == key, known;
    rt_pack_entry *e = entry_for(p, key, &known);
    *o++ =
        (uint8_t)((cont < TAG_COUNT ? cont : TAG_COUNT) | (closes ? TAG_CLOSES
                                                           : follows ? TAG_NEXT
                                                           : known   ? TAG_KNOWN
                                                                     : 0));
    if (cont >= TAG_COUNT)
      o = put_varint(o, cont);
    if (closes || follows) {
      /* the descriptor (and a closing exit's entry time) is predicted */
    } else if (known) { /* which entry: the unpacker cannot hash it */
      *o++ = (uint8_t)(e - p->table);
    } else {
      memcpy(o, &key, 8);
      o += 8;
    }
    o = put_varint(o, zigzag(h->w[0] - last_ticks));
    last_ticks = h->w[0];
    uint64_t w3 = is_exit(key) ? h->w[0] - h->w[3] : h->w[3];
    o = put_varint(o, zigzag(h->w[2] - predict(e, 0, 0, h->w[2])));
    uint64_t w3_was = predict(e, 0, 1, w3);
    if (!closes)
      o = put_varint(o, zigzag(w3 - w3_was));
    track(p, key, h->w[0]);
    for (uint64_t k = 1; k <= cont; ++k) {
      const rt_slot *c = AT(i + k);
      o = put_varint(o, zigzag(c->w[0] - predict(e, k, 0, c->w[0])));
      o = put_varint(o, zigzag(c->w[2] - predict(e, k, 1, c->w[2])));
      o = put_varint(o, zigzag(c->w[3] - predict(e, k, 2, c->w[3])));
    }
    e->n = cont + 1 < RT_PACK_KEEP ? (uint32_t)cont + 1 : RT_PACK_KEEP;
    followed(p, e);
    i = j;
  }
#undef AT
  return (size_t)(o - out);
}

/*---- unpacking -----------------------------------------------------------*/

typedef struct reader {
  const uint8_t *p, *end;
  int bad;
} reader;

static uint64_t get_varint(reader *r) {
  uint64_t v = 0;
  for (unsigned shift = 0; shift < 64; shift += 7) {
    if (r->p >= r->end)
      break;
    uint8_t b = *r->p++;
    v |= (uint64_t)(b & 0x7f) << shift;
    if (!(b & 0x80))
      return v;
  }
  r->bad = 1;
  return 0;
}

static uint64_t get_delta(reader *r, rt_pack_entry *e, uint64_t j, unsigned k) {
  uint64_t now = unzigzag(get_varint(r));
  uint64_t was = j < RT_PACK_KEEP && j < e->n ? e->w[j][k] : 0;
  now += was;
  if (j < RT_PACK_KEEP)
    e->w[j][k] = now;
  return now;
}

int64_t rt_unpack_slots(rt_pack *p, const uint8_t *in, size_t len, rt_slot *out,
                        uint64_t cap) {
  p->gen++;
  p->depth = 0;
  p->prev = NULL;
  reader r = {in, in + len, 0};
  uint64_t n = 0, last_ticks = 0;
  while (r.p < r.end) {
    uint8_t tag = *r.p++;
    unsigned how = tag & (TAG_KNOWN | TAG_CLOSES | TAG_NEXT);
    if (((tag & TAG_RAW) && tag != TAG_RAW) || (how & (how - 1)))
      return -1; /* raw with more, or more than one way to the descriptor */
    if (tag == TAG_RAW) {
      uint64_t k = get_varint(&r);
      if (r.bad || k > cap - n || k > (size_t)(r.end - r.p) / sizeof(rt_slot))
        return -1;
      if (out)
        memcpy(out + n, r.p, k * sizeof(rt_slot));
      r.p += k * sizeof(rt_slot);
      n += k;
      continue;
    }
    uint64_t cont = tag & TAG_COUNT;
    if (cont == TAG_COUNT)
      cont = get_varint(&r);
    rt_pack_entry *e;
    uint64_t key, entry_ticks = 0;
    int known;
    if (tag & TAG_CLOSES) {
      if (!p->depth) /* nothing open to close */
        return -1;
      key = p->open[(p->depth - 1) % RT_PACK_OPEN].fn | RT_EV_EXIT;
      entry_ticks = p->open[(p->depth - 1) % RT_PACK_OPEN].ticks;
      e = entry_for(p, key, &known);
    } else if (tag & TAG_NEXT) {
      if (!p->prev || !p->prev->next)
        return -1;
      key = p->prev->next;
      e = entry_for(p, key, &known);
    } else if (tag & TAG_KNOWN) {
      if (r.p >= r.end)
        return -1;
      e = &p->table[*r.p++];
      if (e->gen != p->gen) /* no record of this chunk set it */
        return -1;
      key = e->key;
    } else {
      if ((size_t)(r.end - r.p) < 8)
        return -1;
      memcpy(&key, r.p, 8);
      r.p += 8;
      if (!(key & ~(uint64_t)RT_EV_KIND_MASK))
        return -1; /* not a head's */
      e = entry_for(p, key, &known);
    }
    if (r.bad || cont >= cap - n)
      return -1;
    rt_slot h;
    h.w[0] = last_ticks += unzigzag(get_varint(&r));
    h.w[1] = key;
    h.w[2] = get_delta(&r, e, 0, 0);
    if (tag & TAG_CLOSES) { /* kept as the packer's predict() keeps it */
      h.w[3] = token(entry_ticks);
      e->w[0][1] = h.w[0] - h.w[3];
    } else {
      uint64_t w3 = get_delta(&r, e, 0, 1);
      h.w[3] = is_exit(key) ? h.w[0] - w3 : w3;
    }
    track(p, key, h.w[0]);
    if (out)
      out[n] = h;
    for (uint64_t k = 1; k <= cont && !r.bad; ++k) {
      rt_slot c;
      c.w[0] = get_delta(&r, e, k, 0);
      c.w[1] = 0;
      c.w[2] = get_delta(&r, e, k, 1);
      c.w[3] = get_delta(&r, e, k, 2);
      if (out)
        out[n + k] = c;
    }
    if (r.bad)
      return -1;
    e->n = cont + 1 < RT_PACK_KEEP ? (uint32_t)cont + 1 : RT_PACK_KEEP;
    followed(p, e);
    n += cont + 1;
  }
  return (int64_t)n;
}
