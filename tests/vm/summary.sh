# SPDX-License-Identifier: GPL-2.0
#
# Sourced: read the closing "N passed, N failed" of a test run's log.
#
#   summary_counts LOG   prints "PASSED FAILED"; "0 1" when LOG has no such
#                        line (the run itself failed: count it)

summary_counts() {
	local line p f
	line=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$1" 2>/dev/null | tail -n 1)
	if [ -z "$line" ]; then
		echo "0 1"
		return
	fi
	p=${line%% passed*}
	f=${line#*, }
	echo "$p ${f%% failed}"
}
