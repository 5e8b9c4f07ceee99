#!/usr/bin/env python3
"""Groups a wfrun CPU profile into the parts of a sync: reads `perf script` output (perf record
-g, frame-pointer call chains) on standard input and prints, per part, the share of the samples.

Each sample is given to the first frame, walking from the leaf towards the thread's root, whose
symbol belongs to a known part; so a swift_retain or a malloc counts for whoever called it (a
JSON decoder, a SQLite statement, ...). Swift async functions show up as their resumed partial
functions right under swift_job_run, which is enough to find the activity they belong to.
Samples whose chain holds nothing but the concurrency runtime and libdispatch (switching tasks,
waking threads, idle workers polling the clock) form "scheduling"; `Task.yield` on its own is
"spin wait" (BatchTee's consumers waiting for each other).

SQLite's static functions have no symbol (perf prints an address): a frame in libsqlite3 counts
for the store whatever its symbol. libc has no frame pointers, so a malloc, free, memcmp or mutex
often loses its callers; such a sample (lost malloc, or nothing but runtime frames) is given to
its thread's main part when that part holds at least 75% of the thread's other samples
(SQLite's writer runs on dispatch threads of its own, where it holds over 95%), and stays where
it was otherwise.

    perf script -i perf.data | Benchmarks/profile_groups.py [--top 15]
"""
import argparse
import collections
import re
import sys

# (part, pattern), tried in this order on each frame, leaf first.
PARTS = [
    ("JSON decoding (JSONReader, XUserDecoder)", r"JSONReader|XUserDecoder|JSONNode|"
                                                r"FoundationEssentials.*JSON|JSONDecoder|JSONScanner|JSONMap|"
                                                r"XResponses.*Decoder|Decodable|KeyedDecodingContainer|UnkeyedDecodingContainer"),
    ("OAuth 1.0a signing", r"SocialAuth|OAuth1|HMAC|SHA1|SHA256|Crypto"),
    ("HTTP (AsyncHTTPClient, NIO, sockets)", r"AsyncHTTPClient|HTTPTransport|NIO|[Bb]yteBuffer|llhttp|"
                                             r"tcp_|sock_|inet_|skb|__sys_(send|recv)|epoll|ip_|__x64_sys_(read|write|sendmsg|recvmsg)"),
    ("store (WorkflowStore, GRDB, SQLite)", r"sqlite3|GRDB|WorkflowStore|SQLite|pwrite|pread|fdatasync|ext4|jbd2"),
    ("X records (XRecords, XServiceReader, XBatchSource)", r"XRecords|XServiceReader|XBatchSource|XCursor|SocialConnectors"),
    ("map, expressions, engine streams", r"MapActivity|RecordExpression|Expression|WorkflowEngine|WorkflowModel|"
                                         r"TransformedBatches|BatchTee|PrefetchedBatches|TrackedSource"),
    ("spin wait (Task.yield)", r"\$sScTss5NeverORszABRs_rlE5yieldyyYaFZ|swift_task_yield"),
]
COMPILED = [(name, re.compile(pattern)) for name, pattern in PARTS]
SCHEDULING = "scheduling (Swift concurrency runtime, libdispatch, idle workers)"
ALLOCATION = "malloc/free whose caller is lost (libc has no frame pointers)"
OTHER = "other (process start, reading the workflow, ...)"
RUNTIME = re.compile(r"dispatch|Dispatch|swift_task|swift_job|swift::|swift_continuation|Concurrency|clock_gettime|"
                     r"__vdso|futex|pthread|start_thread|clone|schedule|\$sScT|\$sSc|sem_|_swift_|StatusRecord|"
                     r"__tls_get_addr|_os_object|function_ref|wake_up|swift_retain|swift_release|entry_SYSCALL|"
                     r"do_syscall|syscall|irqentry|finish_task_switch|_raw_spin")
MALLOC = re.compile(r"^(malloc|_int_malloc|_int_free|cfree|free|unlink_chunk|malloc_consolidate|__memmove|"
                    r"__memcmp|__memset|_int_realloc|realloc|tcache)")


STORE_LIBRARY = re.compile(r"libsqlite3")
THREAD_SHARE = 0.75


def samples(lines):
    """Yields (thread id, [symbol, ...] leaf first) per sample of `perf script` text. A frame
    in SQLite's library is named after it when perf has no symbol for it."""
    thread, frames = None, []
    for line in lines:
        line = line.rstrip("\n")
        if not line.strip():
            if thread is not None:
                yield thread, frames
            thread, frames = None, []
            continue
        if thread is None:
            # "command tid time: period event:", the command possibly with spaces.
            words = line.split()
            stamp = next((i for i, word in enumerate(words) if re.fullmatch(r"\d+\.\d+:", word)), None)
            thread = words[stamp - 1] if stamp else "?"
            continue
        parts = line.strip().split(None, 1)
        if len(parts) == 2:
            symbol, _, library = parts[1].rpartition(" (")
            symbol = re.sub(r"\+0x[0-9a-f]+$", "", symbol or parts[1])
            if STORE_LIBRARY.search(library) and (symbol == "[unknown]" or symbol.startswith("0x")):
                symbol = "sqlite3 (static function)"
            frames.append(symbol)
    if thread is not None:
        yield thread, frames


def classify(frames):
    for frame in frames:
        for name, pattern in COMPILED:
            if pattern.search(frame):
                return name
    if frames and MALLOC.match(frames[0]) and all(MALLOC.match(f) or f == "[unknown]" for f in frames):
        return ALLOCATION
    if frames and all(RUNTIME.search(frame) or frame == "[unknown]" for frame in frames):
        return SCHEDULING
    return OTHER


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--top", type=int, default=0, help="also list the N hottest leaf symbols of each part")
    args = parser.parse_args()
    totals = collections.Counter()
    leaves = collections.defaultdict(collections.Counter)
    classified = [(thread, frames, classify(frames)) for thread, frames in samples(sys.stdin)]
    by_thread = collections.defaultdict(collections.Counter)
    for thread, _, part in classified:
        by_thread[thread][part] += 1
    for thread, frames, part in classified:
        if part in (ALLOCATION, SCHEDULING):
            known = [(n, name) for name, n in by_thread[thread].items() if name not in (ALLOCATION, SCHEDULING, OTHER)]
            n, main_part = max(known, default=(0, None))
            if n >= THREAD_SHARE * (sum(count for count, _ in known) + by_thread[thread][OTHER]):
                part = main_part
        totals[part] += 1
        if frames:
            leaves[part][frames[0]] += 1
    count = sum(totals.values())
    if not count:
        print("no samples", file=sys.stderr)
        return 1
    print(f"{count} samples")
    for part, n in totals.most_common():
        print(f"{100 * n / count:6.1f}%  {part}")
        if args.top:
            for symbol, m in leaves[part].most_common(args.top):
                print(f"          {100 * m / count:5.1f}%  {symbol[:150]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
