# SPDX-License-Identifier: GPL-2.0
#
# TAP reporting for the VM suite. Each test point appends one line to
# $TAP_FILE ("ok - DESC" or "not ok - DESC"); the host numbers and counts
# them. Diagnostics go to stdout, which the suite keeps per scenario file.
#
#   t_ok DESC / t_not_ok DESC [WHY]    report directly
#   t_run DESC CMD...                  ok if CMD exits 0
#   t_eq DESC EXPECTED ACTUAL          ok if the strings are equal
#   t_match DESC REGEX TEXT            ok if TEXT matches the extended REGEX
#   t_ge DESC MIN ACTUAL               ok if integer ACTUAL >= MIN
#   t_le DESC MAX ACTUAL               ok if integer ACTUAL <= MAX
#   t_skip DESC WHY                    ok, marked "# SKIP WHY" (what this
#                                      kernel or machine cannot run)

: "${TAP_FILE:=/dev/stdout}"
t_failures=0

t_ok() {
	echo "ok - $1" >>"$TAP_FILE"
	echo "ok - $1"
}

t_skip() {
	echo "ok - $1 # SKIP $2" >>"$TAP_FILE"
	echo "ok - $1 # SKIP $2"
}

t_not_ok() {
	echo "not ok - $1" >>"$TAP_FILE"
	echo "not ok - $1${2:+ # $2}"
	t_failures=$((t_failures + 1))
}

t_run() {
	local desc=$1 out rc
	shift
	out=$("$@" 2>&1)
	rc=$?
	if [ $rc -eq 0 ]; then
		t_ok "$desc"
	else
		t_not_ok "$desc" "exit $rc: $*"
		printf '%s\n' "$out" | tail -n 20 | sed 's/^/#   /'
	fi
	return $rc
}

t_eq() {
	if [ "$2" = "$3" ]; then
		t_ok "$1"
	else
		t_not_ok "$1" "expected '$2', got '$3'"
		return 1
	fi
}

t_match() {
	if printf '%s\n' "$3" | grep -Eq -- "$2"; then
		t_ok "$1"
	else
		t_not_ok "$1" "no match for /$2/ in: $(printf '%s' "$3" | head -c 400)"
		return 1
	fi
}

# t__cmp DESC OP SIGN BOUND ACTUAL: ok if integer ACTUAL OP BOUND
t__cmp() {
	if [ -n "$5" ] && [ "$5" "$2" "$4" ] 2>/dev/null; then
		t_ok "$1"
	else
		t_not_ok "$1" "expected $3 $4, got '$5'"
		return 1
	fi
}
t_ge() { t__cmp "$1" -ge ">=" "$2" "$3"; }
t_le() { t__cmp "$1" -le "<=" "$2" "$3"; }
