#!/usr/bin/env bash
# End-to-end tests of the admin console and the hosted checkout page: builds paycenter (which
# embeds the committed console/dist), then drives Debian's Chromium with Playwright against it
# (every e2e/*.test.mjs: console.test.mjs, checkout.test.mjs). Screenshots land in
# console/screenshots/. Needs Node 20+, npm, /usr/bin/chromium and a CJK font for the 简体中文
# pages (both installed from Debian's packages if missing and running as root). Never downloads a
# browser.
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
# Chinese text in the screenshots (the tests pass without it, the pictures show boxes).
if ! fc-list :lang=zh 2>/dev/null | grep -q . && [ "$(id -u)" = 0 ]; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-wqy-microhei >/dev/null \
    || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-wqy-microhei >/dev/null; } \
    || echo "e2e: no CJK font installed; Chinese text shows as boxes in the screenshots" >&2
fi

# The locked dependencies, unless node_modules was installed from this very lock already.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
(cd .. && cargo build -p paycenter --bin paycenter)
node --test --test-reporter=spec e2e/
