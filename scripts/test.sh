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
  const path = require("path");
  const failures = [];
  let passed = 0, failed = 0, skipped = 0, read = 0;
  for (const file of process.argv.slice(1)) {
    try {
      const r = require(file);
      passed += r.numPassedTests; failed += r.numFailedTests; skipped += r.numPendingTests + r.numTodoTests; read++;
      // CI keeps only the tail of the log, so the failures are named again here, where the tail shows them.
      for (const suite of r.testResults) {
        const where = path.relative(process.cwd(), suite.name);
        if (suite.status === "failed" && suite.assertionResults.every((a) => a.status !== "failed")) {
          failures.push(`FAILED ${where}: ${(suite.message || "the file did not run").split("\n").find((l) => l.trim())?.trim() ?? ""}`.slice(0, 400));
        }
        for (const a of suite.assertionResults.filter((a) => a.status === "failed")) {
          // The first line, up to six more of the message (the expected and received values), and the
          // line of the test file that failed: enough to start from when only the log tail is kept.
          const lines = (a.failureMessages[0] || "").replace(/\x1b\[[0-9;]*m/g, "").split("\n").filter((l) => l.trim());
          const stack = lines.findIndex((l) => /^\s*at /.test(l));
          const message = (stack < 0 ? lines : lines.slice(0, stack)).slice(0, 7).map((l) => l.trim().slice(0, 300));
          const at = lines.find((l) => /^\s*at .*[/]test[/].*:\d+:\d+/.test(l))?.trim().replace(/.*[/](test[/][^ ]*?):(\d+):\d+.*/, "$1:$2");
          failures.push(`FAILED ${where} > ${a.fullName}: ${message[0] ?? ""}`.slice(0, 400));
          for (const line of message.slice(1)) failures.push(`    ${line}`);
          if (at) failures.push(`    at ${at}`);
        }
      }
    } catch { console.log(`a shard left no results (${file}); its jest process did not finish`); }
  }
  for (const line of failures) console.log(line);
  console.log(`${passed} passed, ${failed} failed, ${skipped} skipped` + (read < process.argv.length - 1 ? " (in the shards that finished)" : ""));
' "${results[@]}" || true
rm -f "${results[@]}"
if [ $audit_status -eq 1 ] || { [ $audit_status -eq 2 ] && [ "${FLOWDESK_REQUIRE_AUDIT:-0}" = 1 ]; }; then status=1; fi
[ $audit_status -eq 2 ] && echo "dependency audit: NOT RUN (no advisory source reachable; see above)"
exit $status
