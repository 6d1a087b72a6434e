#!/bin/sh
# End-to-end browser test of the web page, for .ci/run.
# Installs what it needs: Debian's chromium (only if missing) and playwright-core (npm ci,
# from the committed package-lock.json). Screenshots go to $EVENTWATCH_SCREENSHOTS
# (default: target/browser-screenshots). Extra environment: see page.test.mjs.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)

if ! command -v chromium >/dev/null 2>&1 && [ ! -x /usr/bin/chromium ]; then
  echo "run.sh: installing chromium" >&2
  if [ "$(id -u)" -eq 0 ]; then
    apt-get update -qq && apt-get install -y -qq chromium
  else
    sudo apt-get update -qq && sudo apt-get install -y -qq chromium
  fi
fi
command -v node >/dev/null 2>&1 || { echo "run.sh: expected node (>= 18) on PATH, found none" >&2; exit 2; }

cd "$here"
npm ci --no-audit --no-fund --silent
EVENTWATCH_SCREENSHOTS=${EVENTWATCH_SCREENSHOTS:-$repo/target/browser-screenshots}
export EVENTWATCH_SCREENSHOTS
exec node page.test.mjs
