#!/usr/bin/env bash
# Quick start: installs what is missing, then starts everything on the embedded default.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
# node with tsx as a loader (not the tsx command, which may SIGKILL us on Ctrl-C: see start.ts).
exec node --import tsx scripts/start.ts
