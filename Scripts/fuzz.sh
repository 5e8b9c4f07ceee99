#!/usr/bin/env bash
# Fuzzes one target with libFuzzer for a given time: Scripts/fuzz.sh expression|xml SECONDS
#
# The committed corpus Fuzz/corpus/TARGET is read, never written: new inputs go to
# .build/fuzz/TARGET/corpus and a crash, a trap or a hang to .build/fuzz/TARGET/crash-* (or
# timeout-*, oom-*). To keep a finding fixed, copy the input into Fuzz/corpus/TARGET: the corpus
# test (FuzzCorpusTests) replays every committed input in-process. To replay one by hand:
#   swift build --product wfrun-fuzz && .build/debug/wfrun-fuzz TARGET FILE
set -euo pipefail
cd "$(dirname "$0")/.."

target=${1:-}
seconds=${2:-}
if [[ ! "$target" =~ ^(expression|xml)$ || ! "$seconds" =~ ^[0-9]+$ ]]; then
    echo "usage: Scripts/fuzz.sh expression|xml SECONDS" >&2
    exit 2
fi

# A release build instrumented for libFuzzer, in its own folder so that it never mixes with the
# plain builds (the flags apply to every module). SwiftPM links an executable's entry point as
# `main`, which libFuzzer defines too, so the modules are built by SwiftPM and linked here with
# libFuzzer's `main`.
scratch=.build/fuzz/build
swift build -c release --scratch-path "$scratch" --target wfrun-fuzz \
    -Xswiftc -sanitize=fuzzer -Xswiftc -DLIBFUZZER -Xswiftc -parse-as-library
objects=$scratch/release
binary=$objects/wfrun-fuzz-libfuzzer
swiftc -sanitize=fuzzer "$objects"/WorkflowModel.build/*.o "$objects"/WorkflowXML.build/*.o \
    "$objects"/wfrun_fuzz.build/*.o $(pkg-config --libs libxml-2.0) -o "$binary"

work=.build/fuzz/$target
mkdir -p "$work/corpus"
dictionary=()
[[ -f Fuzz/$target.dict ]] && dictionary=(-dict="Fuzz/$target.dict")

WFRUN_FUZZ_TARGET=$target exec "$binary" "$work/corpus" "Fuzz/corpus/$target" \
    -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
    -artifact_prefix="$work/" -print_final_stats=1 "${dictionary[@]}"
