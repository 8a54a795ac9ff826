"""verify_all.py CLANG OPT PLUGIN TESTDIR: every C/C++ test source, at -O0
and -O2, with -g and without debug info (and -gline-tables-only at -O2),
and every .ll test, goes through -passes='ruchy-trace,verify'; and with
-g, unoptimised
IR goes through the whole -O2 pipeline the plugin joins (the split
functions, then tail-recursion elimination past their entry checks): the
pass never crashes and never emits invalid IR."""
import glob
import os
import subprocess
import sys
import tempfile

clang, opt, plugin, root = sys.argv[1:5]
sources = [p for p in glob.glob(os.path.join(root, "**", "*.c*"), recursive=True)
           if "/Inputs/" not in p and "/unit/" not in p and p.endswith((".c", ".cpp"))]
lls = [p for p in glob.glob(os.path.join(root, "**", "*.ll"), recursive=True)]
checked = 0
with tempfile.TemporaryDirectory() as tmp:
    ll = os.path.join(tmp, "x.ll")
    for src in sorted(sources):
        cxx = src.endswith(".cpp")
        # Line tables only: at -O2, where inlined scopes make them matter
        # (at -O0 they add nothing -g and -g0 do not cover).
        runs = [(o, d, "ruchy-trace,verify") for o in ("-O0", "-O2")
                for d in ("-g", "-gline-tables-only", "-g0")
                if (o, d) != ("-O0", "-gline-tables-only")]
        runs.append(("-O0 -Xclang -disable-O0-optnone", "-g", "default<O2>,verify"))
        for opt_level, dbg, passes in runs:
            cmd = [clang + ("++" if cxx else "")] + opt_level.split() + [
                dbg, "-S", "-emit-llvm",
                "-I" + os.path.join(root, "..", "include"), src, "-o", ll]
            if subprocess.run(cmd, capture_output=True).returncode != 0:
                continue  # some tests need special flags; the pass is what is checked
            r = subprocess.run([opt, "-load-pass-plugin=" + plugin,
                                "-passes=" + passes, "-disable-output", ll],
                               capture_output=True, text=True)
            if r.returncode != 0:
                sys.exit("%s %s %s: %s" % (src, opt_level, dbg, r.stderr[-2000:]))
            checked += 1
    for p in sorted(lls):
        r = subprocess.run([opt, "-load-pass-plugin=" + plugin, "-passes=ruchy-trace,verify",
                            "-disable-output", p], capture_output=True, text=True)
        if r.returncode != 0:
            sys.exit("%s: %s" % (p, r.stderr[-2000:]))
        checked += 1
print("verified %d modules" % checked)
