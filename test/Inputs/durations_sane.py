#!/usr/bin/env python3
"""Checks a text trace's timeline against the program's own clock: the span
from its first to its last timestamp must be the microseconds the program
measured over the same calls (in FILE), within 10% and 0.3 ms. A clock rate
that is wrong stretches or shrinks it.

    durations_sane.py TRACE.txt FILE
"""
import re
import sys

path = sys.argv[1]
us = float(open(sys.argv[2]).read().split()[0])
stamps = []
for line in open(path, encoding="utf-8", errors="replace"):
    m = re.search(r"\[(\d+\.\d+)\] [-<]", line)
    if m:
        stamps.append(float(m.group(1)))
if not stamps:
    sys.exit("durations_sane: no events in " + path)
span_us = (max(stamps) - min(stamps)) * 1e6
if abs(span_us - us) > 0.1 * us + 300:
    sys.exit("durations_sane: the trace spans %.0f us, the program measured "
             "%.0f us" % (span_us, us))
print("durations_sane: %d events over %.0f us (program: %.0f us)"
      % (len(stamps), span_us, us))
