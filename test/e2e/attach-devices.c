// `ruchytrace attach -o` naming a device or a symlink: the trace is written
// into it like a shell's `>`, never renamed over it (as root, a temporary
// file used to replace /dev/null), and no file is left next to it. A full
// device is one clear message. Private nodes only, never /dev's.
// REQUIRES: mknod
// RUN: %ruchycc -O2 %S/attach.c -o %t -lpthread
// RUN: rm -rf %t.d && mkdir -p %t.d
// RUN: %python %S/../Inputs/attach_check.py devices %ruchytrace %t %t.d | FileCheck %s
// CHECK: null rc=0 process {{[0-9]+}}: trace written: {{.*}}null
// CHECK-NEXT: full rc=1 cannot put the trace at '{{.*}}full': No space left on device
// CHECK-NEXT: link rc=0 process {{[0-9]+}}: trace written: {{.*}}link
// CHECK-NEXT: link: real.json valid=0
// CHECK-NEXT: target output={{.*}} status=3
// CHECK-NEXT: left: full=c link=l null=c real.json=-
