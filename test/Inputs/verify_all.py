"""verify_all.py CLANG OPT PLUGIN TESTDIR: every C/C++ test source, at -O0
and -O2, with -g, -gline-tables-only and without debug info, and every .ll
test, goes through -passes='ruchy-trace,verify': the pass never crashes and
never emits invalid IR."""
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
        for opt_level in ("-O0", "-O2"):
            for dbg in ("-g", "-gline-tables-only", "-g0"):
                cmd = [clang + ("++" if cxx else ""), opt_level, dbg, "-S", "-emit-llvm",
                       "-I" + os.path.join(root, "..", "include"), src, "-o", ll]
                if subprocess.run(cmd, capture_output=True).returncode != 0:
                    continue  # some tests need special flags; the pass is what is checked
                r = subprocess.run([opt, "-load-pass-plugin=" + plugin,
                                    "-passes=ruchy-trace,verify", "-disable-output", ll],
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
