#!/usr/bin/env bash
# The main job on a fresh Debian machine, offline: install, then crawl the bundled portal replicas
# (synthetic data, said so on every page) into the default SQLite archive and show what was found.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh run
exec .venv/bin/nianbao demo "$@"
