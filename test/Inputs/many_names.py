"""many_names.py N OUT.json: a JSON trace of N calls, each of a function
with a name of its own (and a location, a string argument and a return
value), on two threads: more interned entries than the Perfetto writer's
tables hold, so that interning starts over mid-trace."""
import json
import sys

n, out = int(sys.argv[1]), sys.argv[2]
ts = 1700000000000000000
with open(out, "w") as f:
    f.write('{"metadata": {"program": "many", "start_time": '
            '"2023-11-14T22:13:20.000000000+00:00", "ruchy_version": "0.1.0", '
            '"ruchyruchy_version": "0.1.0", "pid": 7, "sample_rate": 1},\n'
            '"events": [\n')
    for i in range(n):
        name = "function_number_%d" % i
        tid = 7 + i % 2
        arg = {"type_info": {"name": "type_%d" % i, "fields": None},
               "value": "value %d" % i}
        ret = {"type_info": {"name": "int", "fields": None}, "value": -i}
        enter = {"type": "function_enter", "name": name, "args": [arg],
                 "location": {"file": "many_%d.c" % (i % 7), "line": i + 1,
                              "column": 1},
                 "timestamp_ns": ts + 10 * i, "thread_id": tid}
        exit_ = {"type": "function_exit", "name": name, "return_value": ret,
                 "duration_ns": 5, "timestamp_ns": ts + 10 * i + 5,
                 "thread_id": tid}
        f.write(json.dumps(enter) + ",\n" + json.dumps(exit_) +
                (",\n" if i + 1 < n else "\n"))
    f.write('], "stats": {"total_events": %d, "dropped_events": 0, '
            '"duration_ns": %d}}\n' % (2 * n, 10 * n))
