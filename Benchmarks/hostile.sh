#!/usr/bin/env bash
# Times `wfrun validate` on each hostile input: seconds and peak memory (GNU time), the exit code
# and the diagnostic code. The committed fixtures come from Tests/WfrunTests/Fixtures/hostile; the
# big ones (a 20 MB attribute, 100,000 nested elements, a 65 MB file) and the two that name an http:// URL are
# written to a temporary folder. The URLs point at 127.0.0.1:9, where nothing listens: wfrun must
# not try it (the tests check that with a real listener and strace; this script only measures).
#
#   Benchmarks/hostile.sh                   builds wfrun (release) first
#   WFRUN_BIN=path Benchmarks/hostile.sh    an already built wfrun
set -euo pipefail
cd "$(dirname "$0")/.."

[ -x /usr/bin/time ] || {
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then apt-get install -y -qq time >/dev/null
  else echo "hostile.sh needs GNU time: apt-get install time" >&2; exit 1; fi
}
if [ -n "${WFRUN_BIN:-}" ]; then
  wfrun="$WFRUN_BIN"
else
  echo "building wfrun (release)..." >&2
  swift build -c release --scratch-path .build-release --product wfrun >&2
  wfrun="$(swift build -c release --scratch-path .build-release --show-bin-path)/wfrun"
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cp Tests/WfrunTests/Fixtures/hostile/*.xml "$work/"
python3 - "$work" <<'PY'
import sys
folder = sys.argv[1]
tiny = ('<workflow xmlns="urn:wfrun:workflow:1" name="tiny">\n'
        '  <start name="begin"><next to="done"/></start>\n  <end name="done"/>\n</workflow>\n')
def write(name, text):
    with open(f"{folder}/{name}", "w", encoding="utf-8") as out:
        out.write(text)
write("external-parameter-entity.xml",
      '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE workflow [\n'
      '  <!ENTITY % p SYSTEM "http://127.0.0.1:9/p.dtd">\n  %p;\n]>\n' + tiny)
write("external-dtd-http.xml",
      '<?xml version="1.0" encoding="UTF-8"?>\n\n<!DOCTYPE workflow SYSTEM "http://127.0.0.1:9/w.dtd">\n' + tiny)
write("huge-attribute.xml",
      '<workflow xmlns="urn:wfrun:workflow:1" name="huge"\n          label="' + "a" * (20 * 1024 * 1024) + '">\n'
      + "\n".join(tiny.split("\n")[1:]))
write("deep-nesting.xml",
      '<workflow xmlns="urn:wfrun:workflow:1" name="deep">\n' + "<a>\n" * 99999 + "</a>" * 99999 + "\n</workflow>\n")
PY
truncate -s 65M "$work/oversized.xml"   # over the 64 MB limit; sparse, so no disk space

cpu="$(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //')"
echo "wfrun validate on hostile input; $(nproc) cores, ${cpu:-unknown CPU}; $(date -u '+%Y-%m-%d %H:%M UTC')"
printf '%-32s %10s %5s %6s %9s %10s\n' fixture size exit code seconds "peak KB"
for file in "$work"/*.xml; do
  set +e
  /usr/bin/time -f "%e %M" -o "$work/time" "$wfrun" validate --format json "$file" >"$work/out" 2>"$work/err"
  status=$?
  set -e
  read -r seconds kb < <(tail -n 1 "$work/time")
  code="$(grep -o '"WF[0-9]*"' "$work/out" | tr -d '"' | sort -u | paste -sd, -)"
  printf '%-32s %10s %5s %6s %9s %10s\n' "$(basename "$file")" "$(stat -c %s "$file")" "$status" "${code:--}" "$seconds" "$kb"
done
