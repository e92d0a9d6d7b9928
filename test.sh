#!/usr/bin/env bash
# Runs every test as CI does: installs what the tests need (Chromium; Postfix and Dovecot for the mail
# tests), runs the unit and integration tests against real parts, and ends with the line
# "N passed, N failed".
# Extra arguments go to 'dotnet test', e.g. ./test.sh --filter FullyQualifiedName~Scenarios
set -uo pipefail
MSHOP_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=tools/setup.sh
. "$MSHOP_ROOT/tools/setup.sh"

ensure_dotnet
ensure_browser
ensure_mail_server

results="$MSHOP_ROOT/TestResults"
rm -rf "$results"
dotnet test "$MSHOP_ROOT/MysteryShopper.sln" -c Release --logger trx --results-directory "$results" \
  --blame-hang-timeout 10m "$@"
status=$?

passed=0 failed=0 skipped=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters="$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)"
  value() { sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p" <<<"$counters"; }
  passed=$((passed + $(value passed)))
  failed=$((failed + $(value failed) + $(value error) + $(value timeout) + $(value aborted)))
  skipped=$((skipped + $(value notExecuted)))
done

if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  echo "dotnet test exited with $status (a build error or a crashed test host): see above." >&2
fi
[ "$failed" -gt 0 ] && status=1
if [ "$skipped" -gt 0 ]; then
  echo "$passed passed, $failed failed, $skipped skipped"
else
  echo "$passed passed, $failed failed"
fi
exit "$status"
