#!/bin/sh
# scripts/test-summary.sh BUILDDIR - add up the Check results of every test
# log under BUILDDIR and print one closing line "tests: N passed, N failed".
set -eu
find "$1" -name '*.log' ! -name test-suite.log ! -name config.log -print0 |
	xargs -0 cat |
	awk '/^[0-9]+%: Checks: [0-9]+, Failures: [0-9]+, Errors: [0-9]+/ {
		gsub(",", ""); checks += $3; failed += $5 + $7
	}
	END { printf "tests: %d passed, %d failed\n", checks - failed, failed;
	      exit failed > 0 }'
