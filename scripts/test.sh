#!/usr/bin/env bash
# `npm test`: every test, against real parts. Domain, REST and CLI tests run under
# vitest on an embedded PostgreSQL; browser journeys run in Chromium via Playwright
# against a production build on its own fresh database.
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1

bash scripts/ensure-chromium.sh

echo "[test] vitest: domain, REST and CLI tests"
npx vitest run

echo "[test] next build for the browser tests"
export NEXT_DIST_DIR="${NEXT_DIST_DIR:-.next-e2e}"
npx next build > test-results-build.log 2>&1 || { cat test-results-build.log; exit 1; }
rm -f test-results-build.log

echo "[test] playwright: browser journeys in Chromium"
export E2E_DATA_DIR="$(mktemp -d -t mreg-e2e-XXXXXX)"
trap 'rm -rf "$E2E_DATA_DIR"' EXIT
npx playwright test
