#!/bin/sh
# tests/tree_check.sh - the tree keeps its shape: the layering rules
# (scripts/check-layers.py: includes only run down the layer table, no
# cycle between modules) and the size limits (scripts/check-sizes.py: no
# product file over 600 lines, no function over 80).  Each script prints
# what it checked; this prints "N passed, N failed" for the test summary.
top=${srcdir:-.}
passed=0 failed=0
for check in check-layers check-sizes; do
	if python3 "$top/scripts/$check.py" "$top"; then
		passed=$((passed + 1))
	else
		echo "FAIL: scripts/$check.py"
		failed=$((failed + 1))
	fi
done
echo "$passed passed, $failed failed"
test "$failed" -eq 0
