#!/usr/bin/env bash
# The extraction benchmark's peers that cannot live in the project's venv:
# rs-trafilatura (a wheel for CPython 3.12 only) in bench-data/peers/rs-trafilatura.
# trafilatura itself comes with the project's `bench` extra.
set -euo pipefail
cd "$(dirname "$0")/../.."
py312=${PYTHON312:-}
if [ -z "$py312" ]; then
  for cand in python3.12 "$HOME"/.pyenv/versions/3.12*/bin/python3.12; do
    if "$cand" -c "import sys; assert sys.version_info[:2] == (3, 12)" >/dev/null 2>&1; then py312=$cand; break; fi
  done
fi
[ -n "$py312" ] || { echo "no Python 3.12 found: set PYTHON312=/path/to/python3.12" >&2; exit 1; }
venv=bench-data/peers/rs-trafilatura
"$py312" -m venv "$venv"
"$venv/bin/pip" install -q 'rs-trafilatura>=0.1'
echo "rs-trafilatura ready: $venv/bin/python"
