#!/usr/bin/env bash
# `npm start`: install what is missing, build, and run the whole system on embedded defaults.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
node_modules/.bin/node scripts/build.mjs
exec node_modules/.bin/node dist/scripts/start-system.js
