#!/usr/bin/env bash
# `npm test`: install what is missing (chromium too), check formatting and lint, type-check, build, and run every test suite
# against real PostgreSQL and Temporal servers that the suite starts itself.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh --browser
export PATH="$PWD/node_modules/.bin:$PATH"
# Style first: a formatting or lint problem fails in seconds, not after the suites.
echo '==> checking formatting (prettier --check)'
if ! prettier --check . --log-level warn; then
  echo "npm test: the files above are not formatted as prettier formats them; run 'npm run format' and commit the result." >&2
  exit 1
fi
echo '==> linting (eslint)'
if ! eslint . --max-warnings 0; then
  echo "npm test: eslint found the problems above (the import rules between rooms are in eslint.config.mjs); 'npm run lint' shows them again." >&2
  exit 1
fi
node scripts/build.mjs
# Advisories over both lockfiles. Found ones fail the run; an unreachable advisory source is said plainly
# (and fails too with FLOWDESK_REQUIRE_AUDIT=1, for CI that can reach one) — never counted as a pass.
audit_status=0
bash scripts/audit-dependencies.sh || audit_status=$?
# jest loads the ESM-only MikroORM through require(esm), which jest supports only with this flag.
# On two cores jest runs the files one after another inside its own process, and that process keeps
# what each integration file leaves behind: a whole run grew past 7.5 GB and CI's node died of it.
# So a whole run is split into shards, each a fresh jest process (with its own servers, started by the
# global setup) that stays near 2 GB; a run with arguments (a file, a pattern) is one process as before.
shards="${FLOWDESK_TEST_SHARDS:-4}"
[ $# -gt 0 ] && shards=1
results=()
status=0
for shard in $(seq 1 "$shards"); do
  out="$(mktemp -t flowdesk-jest.XXXXXX.json)"
  results+=("$out")
  shard_args=()
  if [ "$shards" -gt 1 ]; then
    shard_args=(--shard="$shard/$shards")
    echo "==> tests, shard $shard of $shards"
  fi
  NODE_OPTIONS="--experimental-vm-modules --no-warnings=ExperimentalWarning --max-old-space-size=6144" \
    jest --ci --json --outputFile="$out" "${shard_args[@]}" "$@" || status=$?
done
# One plain closing line for any reader of the log: "N passed, N failed, N skipped", over every shard.
node -e '
  let passed = 0, failed = 0, skipped = 0, read = 0;
  for (const file of process.argv.slice(1)) {
    try {
      const r = require(file);
      passed += r.numPassedTests; failed += r.numFailedTests; skipped += r.numPendingTests + r.numTodoTests; read++;
    } catch { console.log(`a shard left no results (${file}); its jest process did not finish`); }
  }
  console.log(`${passed} passed, ${failed} failed, ${skipped} skipped` + (read < process.argv.length - 1 ? " (in the shards that finished)" : ""));
' "${results[@]}" || true
rm -f "${results[@]}"
if [ $audit_status -eq 1 ] || { [ $audit_status -eq 2 ] && [ "${FLOWDESK_REQUIRE_AUDIT:-0}" = 1 ]; }; then status=1; fi
[ $audit_status -eq 2 ] && echo "dependency audit: NOT RUN (no advisory source reachable; see above)"
exit $status
