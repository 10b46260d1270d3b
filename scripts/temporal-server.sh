#!/usr/bin/env bash
# `npm run temporal:server`: build (once) and run a real Temporal server on PostgreSQL; see scripts/temporal-server.ts.
set -euo pipefail
cd "$(dirname "$0")/.."
node_modules/.bin/tsc -p tsconfig.build.json
exec node_modules/.bin/node dist/scripts/temporal-server.js
