#!/usr/bin/env bash
# The test command: installs everything the tests need (idempotently), then runs them all: the
# type check, the schema check, and every ava test (unit, workflow, web, browser, PostgreSQL,
# and the start command itself). Extra arguments go to ava (e.g. a file or --match).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
TEST_POSTGRES_URL=$(bash scripts/test-services.sh | tail -1)
export TEST_POSTGRES_URL

printf '\033[1m==> %s\033[0m\n' "Type check and schema check"
node_modules/.bin/tsc --noEmit
node_modules/.bin/tsx scripts/prisma.ts check

printf '\033[1m==> %s\033[0m\n' "Tests"
node_modules/.bin/ava "$@"
