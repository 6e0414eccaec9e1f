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

echo "[test] next build into $NEXT_DIST_DIR unless current (shared by the HTTP, CLI and browser tests)"
mkdir -p test-results
# The same build `npm start` makes (stamped with its sources' hash, so no server rebuilds it).
npx tsx scripts/build.ts --if-stale > test-results/next-build.log 2>&1 || { cat test-results/next-build.log; exit 1; }
export MREG_TEST_PREBUILT=1

echo "[test] vitest: domain (local folder and S3 storage), REST and CLI tests"
npx vitest run --project domain --project domain-own-db --project domain-s3 --project http --project stack

# The multi-instance suite (several production servers on one database: tests/multi)
# mostly waits on servers starting and stopping, so it runs beside the browser journeys.
echo "[test] vitest: multi-instance and external-database tests (beside the browser journeys; output follows them)"
( npx vitest run --project multi > test-results/multi.log 2>&1; echo $? > test-results/multi.rc ) &
multi=$!

echo "[test] playwright: browser journeys in Chromium"
e2e=0
npx playwright test || e2e=$?
wait "$multi" || true
cat test-results/multi.log
[ "$(cat test-results/multi.rc)" = 0 ] || { echo "[test] the multi-instance suite failed"; exit 1; }
[ "$e2e" = 0 ] || exit "$e2e"
