#!/usr/bin/env bash
# `npm run bench`: installs what is missing, then measures (bench/run.ts) and prints a table.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
exec node --expose-gc --import tsx bench/run.ts "$@"
