/*===- rt_data.c - reading a record's data stream back ---------------------===
 *
 * The other half of rt_capture.c's format (the comment there has it): the
 * writers and the value printer walk a record's items with these, so they
 * depend on the record format only, not on the code that captures it.
 * Lengths are checked against the record: a corrupt stream stops, it is
 * never read past.
 *
 *===----------------------------------------------------------------------===*/
#include "rt_base.h"

#include <string.h>

int rt_data_next(rt_data *d, const uint8_t **bytes, uint64_t *word) {
  if (d->left == 0 || d->pos + 8 > d->len) {
    *word = RT_LEN_CUT;
    *bytes = NULL;
    return 0;
  }
  memcpy(word, d->p + d->pos, 8);
  size_t n = (size_t)(*word & RT_LEN_MASK);
  size_t padded = (n + 7) & ~(size_t)7;
  if (d->pos + 8 + padded > d->len) { /* corrupt: stop here */
    d->left = 0;
    *word = RT_LEN_CUT;
    *bytes = NULL;
    return 0;
  }
  *bytes = d->p + d->pos + 8;
  d->pos += 8 + padded;
  d->left--;
  return 1;
}

void rt_data_init(rt_data *d, const uint8_t *p, size_t len) {
  d->p = p;
  d->len = len;
  d->pos = 8;
  d->left = 0;
  if (len >= 8)
    memcpy(&d->left, p, 8);
}
