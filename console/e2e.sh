#!/usr/bin/env bash
# End-to-end tests of the admin console: builds paycenter (which embeds the committed
# console/dist), then drives Debian's Chromium with Playwright against it (e2e/console.test.mjs).
# Screenshots land in console/screenshots/. Needs Node 20+, npm, and /usr/bin/chromium (installed
# from Debian's packages if missing and running as root). Never downloads a browser.
set -euo pipefail
cd "$(dirname "$0")"

if [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "e2e: /usr/bin/chromium is missing (apt-get install chromium)" >&2
    exit 1
  fi
fi

# The locked dependencies, unless node_modules was installed from this very lock already.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
(cd .. && cargo build -p paycenter --bin paycenter)
node --test --test-reporter=spec e2e/
