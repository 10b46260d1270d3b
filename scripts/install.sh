#!/usr/bin/env bash
# Installs what a fresh machine lacks. Every step checks first, so running it again costs seconds.
#   scripts/install.sh            npm packages (root and ui), the Temporal CLI
#   scripts/install.sh --browser  also Debian's chromium, for the browser tests
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
want_browser=0
[ "${1:-}" = "--browser" ] && want_browser=1

say() { printf '==> %s\n' "$*"; }

# npm packages: `npm ci` from the committed lock, skipped while the lock is the one last installed.
# Node 24 itself arrives this way (the `node` package), whatever node runs npm.
install_npm() {
  local dir=$1 stamp sha
  stamp="$dir/node_modules/.flowdesk-installed-lock"
  sha=$(sha256sum "$dir/package-lock.json" | cut -d' ' -f1)
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$sha" ]; then return 0; fi
  say "installing npm packages in ${dir#$root/}${dir#$root} (npm ci)"
  (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error 2>&1 | grep -v -e EBADENGINE -e 'Unknown user config' || true)
  [ -d "$dir/node_modules" ] || { echo "npm ci failed in $dir" >&2; exit 1; }
  echo "$sha" > "$stamp"
}
install_npm "$root"
install_npm "$root/ui"
"$root/node_modules/.bin/node" -e 'if (+process.versions.node.split(".")[0] < 24) { console.error("node_modules/.bin/node is " + process.version + ", expected 24"); process.exit(1) }'

# The Temporal CLI (dev server), unless TEMPORAL_ADDRESS names a server already running.
temporal_version=v1.5.1
cache_dir="${XDG_CACHE_HOME:-$HOME/.cache}/flowdesk"
temporal_bin="${FLOWDESK_TEMPORAL_CLI:-$cache_dir/bin/temporal}"
if [ -z "${TEMPORAL_ADDRESS:-}" ] && [ ! -x "$temporal_bin" ]; then
  if command -v go >/dev/null 2>&1; then
    say "building the Temporal CLI $temporal_version from the Go module proxy into $(dirname "$temporal_bin") (about 3 minutes, once)"
    mkdir -p "$(dirname "$temporal_bin")"
    ( while sleep 20; do printf '    … still building the Temporal CLI\n'; done ) &
    ticker=$!
    trap 'kill $ticker 2>/dev/null || true' EXIT
    if ! GOBIN="$(dirname "$temporal_bin")" go install "github.com/temporalio/cli/cmd/temporal@$temporal_version"; then
      echo "go install github.com/temporalio/cli/cmd/temporal@$temporal_version failed; set TEMPORAL_ADDRESS to an existing Temporal server instead" >&2
      exit 1
    fi
    kill $ticker 2>/dev/null || true
    [ "$(basename "$temporal_bin")" = temporal ] || mv "$(dirname "$temporal_bin")/temporal" "$temporal_bin"
  else
    # Not fatal: the start then tries the Temporal SDK's own dev-server download, and says what failed.
    echo "==> neither Go nor a cached Temporal CLI ($temporal_bin): the Temporal SDK will try to download a dev server (needs the internet)." >&2
    echo "    To avoid that: install Go (https://go.dev/dl/), put a 'temporal' binary at that path, or set TEMPORAL_ADDRESS." >&2
  fi
fi

# Browser tests drive Debian's chromium; never a browser download.
if [ "$want_browser" = 1 ] && [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    say "installing chromium from Debian's packages"
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "The browser tests need /usr/bin/chromium: run 'sudo apt-get install -y chromium'." >&2
    exit 1
  fi
fi
