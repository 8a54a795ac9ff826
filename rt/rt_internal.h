/*===- rt_internal.h - every layer of the runtime, for tests and tools ---===
 *
 * The runtime's files include the header of their own layer (rt_base.h,
 * rt_buffers.h and rt_record.h, rt_collect.h, rt_write.h, rt_control.h,
 * each including the one below), so a file cannot call upward. Unit tests
 * and fuzz targets, which drive every layer, include this.
 *
 *===----------------------------------------------------------------------===*/
#ifndef RUCHYTRACE_RT_INTERNAL_H
#define RUCHYTRACE_RT_INTERNAL_H

#include "rt_control.h"
#include "rt_record.h"

#endif /* RUCHYTRACE_RT_INTERNAL_H */
