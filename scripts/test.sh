#!/usr/bin/env bash
# The checks CI runs: lint and type-check docgen/, then the test suite. Run after scripts/setup.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
.venv/bin/ruff check docgen
.venv/bin/mypy docgen
.venv/bin/python -m pytest "$@"
