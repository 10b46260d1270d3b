#!/usr/bin/env bash
# `npm start`: install what is missing, build, and run the whole system on embedded defaults.
# `npm run start:api` / `start:worker` / `start:mail` (this script with `api`, `worker` or `mail`): the same install and
# build, then only that process, against the PostgreSQL of DATABASE_URL and the Temporal of TEMPORAL_ADDRESS; further
# arguments go to it (`npm run start:worker -- --activities-only`: docs/operations.md, worker modes).
set -euo pipefail
cd "$(dirname "$0")/.."
case "${1:-all}" in
  all) entry=dist/workflows/main/all-in-one.js ;;
  api) entry=dist/service-catalog/main/api.js ;;
  worker) entry=dist/workflows/main/worker.js ;;
  mail) entry=dist/service-catalog/main/mail.js ;;
  *) echo "usage: scripts/start.sh [all|api|worker|mail]" >&2; exit 2 ;;
esac
bash scripts/install.sh
node_modules/.bin/node scripts/build.mjs
exec node_modules/.bin/node "$entry" "${@:2}"
