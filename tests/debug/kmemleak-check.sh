#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# In the debug kernel's guest, after the suite: with the module unloaded, a
# kmemleak scan must find no unreferenced object that ipsec_latch
# allocated, directly or through a kernel function it called. The debug
# kernel loads no module but ours, so a backtrace frame kallsyms cannot name
# (an address in an unloaded module) is ours, as is one it names
# "[ipsec_latch]". The kernel's own reports are counted, not failed.
#
# usage: kmemleak-check.sh LABEL   (appends one TAP line to $TAP_FILE)
set -u
label=$1
kml=/sys/kernel/debug/kmemleak
report=/run/results/logs/kmemleak-$label.txt
mkdir -p "$(dirname "$report")"

modprobe -r ipsec_latch 2>/dev/null
# Objects younger than 5 s are never reported, and an object is reported
# only once it was unreferenced in a scan: two scans, 6 s apart.
echo scan >"$kml"
sleep 6
echo scan >"$kml"
cat "$kml" >"$report"

counts=$(python3 - "$report" <<'EOF'
import re, sys
text = open(sys.argv[1]).read()
blocks = [b for b in re.split(r'(?m)^(?=unreferenced object )', text) if b.strip()]
frame = re.compile(r'^\s+\[<[0-9a-f]+>\] (.*)$', re.M)
ours = 0
for b in blocks:
    frames = frame.findall(b)
    if any('[ipsec_latch]' in f or re.fullmatch(r'0x[0-9a-f]+', f.strip())
           for f in frames):
        ours += 1
print(ours, len(blocks) - ours)
EOF
)
read -r ours others <<<"${counts:-? ?}"
if [ "$ours" = 0 ]; then
	echo "ok - kmemleak ($label): nothing of ipsec_latch unreferenced after unload ($others kernel reports, not ours)" >>"$TAP_FILE"
else
	echo "not ok - kmemleak ($label): $ours unreferenced objects allocated by ipsec_latch (see logs/kmemleak-$label.txt)" >>"$TAP_FILE"
fi
