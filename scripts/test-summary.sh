#!/bin/sh
# scripts/test-summary.sh BUILDDIR - add up the results in every test log
# under BUILDDIR (Check suites' "N%: Checks: N, Failures: N, Errors: N" and
# the integration tests' "N passed, N failed", hss-sim's probe "N of M
# checks passed") and print one closing line
# "tests: N passed, N failed".
set -eu
find "$1" -name '*.log' ! -name test-suite.log ! -name config.log -print0 |
	xargs -0 cat |
	awk '/^[0-9]+%: Checks: [0-9]+, Failures: [0-9]+, Errors: [0-9]+/ {
		gsub(",", ""); passed += $3 - $5 - $7; failed += $5 + $7
	}
	/^[0-9]+ passed, [0-9]+ failed$/ { passed += $1; failed += $3 }
	/^[0-9]+ of [0-9]+ checks passed$/ { passed += $1; failed += $3 - $1 }
	END { printf "tests: %d passed, %d failed\n", passed, failed; exit failed > 0 }'
