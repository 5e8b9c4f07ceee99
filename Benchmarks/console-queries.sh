#!/usr/bin/env bash
# Times the console's store queries on a store made by Benchmarks/console-seed.sh and prints each
# one's SQLite query plan (see console-queries.py).
#
#   Benchmarks/console-queries.sh STORE.sqlite
set -euo pipefail
[ $# -eq 1 ] || { echo "usage: Benchmarks/console-queries.sh STORE.sqlite" >&2; exit 2; }
command -v python3 >/dev/null || { echo "console-queries.sh needs python3 (apt-get install python3)" >&2; exit 1; }
exec python3 "$(dirname "$0")/console-queries.py" "$1"
