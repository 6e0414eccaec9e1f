#!/usr/bin/env bash
# `npm test`: lint, then every test, against real parts. One production build (.next-test, or
# $NEXT_DIST_DIR) serves both the HTTP/CLI tests (vitest, tests/support/server-setup.ts)
# and the browser journeys (Playwright); domain tests run on their own embedded PostgreSQL.
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1
export NEXT_DIST_DIR="${NEXT_DIST_DIR:-.next-test}"

echo "[test] lint (ESLint with type information; fails fast, before the build)"
npm run --silent lint

bash scripts/ensure-chromium.sh

echo "[test] next build into $NEXT_DIST_DIR (shared by the HTTP, CLI and browser tests)"
mkdir -p test-results
npx next build > test-results/next-build.log 2>&1 || { cat test-results/next-build.log; exit 1; }
export MREG_TEST_PREBUILT=1

echo "[test] vitest: domain, REST and CLI tests"
npx vitest run

echo "[test] playwright: browser journeys in Chromium"
npx playwright test
