#!/usr/bin/env bash
# Validates every data schema (Schemas/data/*.xml) against Schemas/data-schema.xsd and every
# workflow (Workflows/**/*.xml) against Schemas/workflow.xsd with xmllint. It checks the grammar
# only; `wfrun validate` also lints transitions, schedules, connectors and expressions.
# Exits non-zero if any file fails, after reporting all of them.
set -uo pipefail
cd "$(dirname "$0")/.."

command -v xmllint >/dev/null || { echo "check-schemas: xmllint not found (apt-get install libxml2-utils)" >&2; exit 2; }

failures=0
checked=0

check() { # check SCHEMA FILE
    checked=$((checked + 1))
    if ! xmllint --noout --nonet --schema "$1" "$2"; then
        failures=$((failures + 1))
    fi
}

# find rather than globstar: macOS still ships bash 3.2.
data=$(find Schemas/data -name '*.xml' -type f | LC_ALL=C sort)
workflows=$(find Workflows -name '*.xml' -type f | LC_ALL=C sort)
if [ -z "$data" ] || [ -z "$workflows" ]; then
    echo "check-schemas: no files found under Schemas/data/ or Workflows/" >&2
    exit 2
fi

while IFS= read -r file; do check Schemas/data-schema.xsd "$file"; done <<< "$data"
while IFS= read -r file; do check Schemas/workflow.xsd "$file"; done <<< "$workflows"

if [ "$failures" -ne 0 ]; then
    echo "check-schemas: $failures of $checked files do not validate" >&2
    exit 1
fi
echo "check-schemas: all $checked files validate"
