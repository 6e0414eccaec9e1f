#!/usr/bin/env bash
# Browser tests drive Debian's Chromium (Playwright's own download cannot work on
# this project's machines). Install it when missing and we are root; otherwise
# stop with one line that says what to install.
set -euo pipefail
CHROMIUM_PATH="${CHROMIUM_PATH:-/usr/bin/chromium}"
[[ -x "$CHROMIUM_PATH" ]] && exit 0
if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
  echo "[test] installing Debian's chromium for the browser tests (about a minute)..."
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
    || { echo "[test] could not install chromium: run 'apt-get install -y chromium' as root, or set CHROMIUM_PATH." >&2; exit 1; }
  exit 0
fi
echo "[test] Chromium is missing: install it (Debian: 'sudo apt-get install -y chromium') or set CHROMIUM_PATH to a Chromium binary." >&2
exit 1
