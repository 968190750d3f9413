#!/usr/bin/env bash
# Quick start: installs what is missing, then starts everything on the embedded default.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
exec node_modules/.bin/tsx scripts/start.ts
