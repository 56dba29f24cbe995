#!/usr/bin/env bash
# What a listing of one folder of FILES files costs: pages of 1,000 through
# GET /api/v1/files?prefix=dir/&delimiter=/&limit=1000, following nextCursor to the end, timed page by page; one
# warm-up pass, then RUNS passes. Reports the median time per page (over every page of every pass), the median total
# per pass, and the server's CPU time and file reads per pass (from /proc/PID/stat and /proc/PID/io).
#
# Usage: bench/listing.sh [RUNS] [api|disk|trailer-disk]
#        (run it under the build lock: flock /tmp/sluice-build.lock bench/listing.sh)
#   api           the files are uploaded through the API (PUT, 8 at a time) before the passes: works with every store
#                 format, but takes minutes for 100,000 files on a small machine
#   disk          plain files written straight into an empty storage root before Sluice starts: for a store that
#                 serves a folder as it is (the plain-file format); the trailer format refuses such a root
#   trailer-disk  a store of the trailer format ("sluice-local-store 1") written straight to disk, byte for byte what
#                 that store writes for these uploads (content, then the 512-byte trailer of storage.local.ObjectTrailer);
#                 a version that converts such a store does so at start-up, before the passes
# Environment:
#   SLUICE_JAR        the packaged jar (default: build it with ./mvnw -o -q -B package -DskipTests, then target/)
#   SLUICE_JAVA_OPTS  JVM options (default: the ones the README recommends)
#   SLUICE_ARGS       extra application arguments
#   FILES             files in the folder (default 100000); FILE_BYTES: bytes in each (default 100)
#
# Sluice runs with security off, bound to 127.0.0.1 on a free port, storage in a temp folder, fsync=false (the
# uploads are set-up, not what is measured); the script stops exactly that process and removes the folder on exit.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
mode=${2:-api}
files=${FILES:-100000}
file_bytes=${FILE_BYTES:-100}
java_opts=${SLUICE_JAVA_OPTS:--Xmx128m -XX:MaxDirectMemorySize=64m -XX:+UseSerialGC}
case $mode in api|disk|trailer-disk) ;; *) echo "mode must be api, disk or trailer-disk, not $mode" >&2; exit 2 ;; esac
if [ -z "${SLUICE_JAR:-}" ]; then
  ./mvnw -o -q -B package -DskipTests
fi
jar=${SLUICE_JAR:-$(ls target/sluice-*.jar | grep -v -e '-plain' -e sources | head -1)}
work=$(mktemp -d /tmp/listing-bench.XXXXXX)
ticks=$(getconf CLK_TCK)
pid=
cleanup() {
  if [ -n "$pid" ]; then
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
median() { sort -g | awk '{ a[NR] = $1 } END { print (NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2) }'; }
pct() { sort -g | awk -v p="$1" '{ a[NR] = $1 } END { i = int(NR * p / 100 + 0.999); if (i < 1) i = 1; print a[i] }'; }
cpu() { awk -v t="$ticks" '{ printf "%.3f", ($14 + $15) / t }' "/proc/$pid/stat"; }
io() { awk -v f="$1" '$1 == f ":" { print $2 }' "/proc/$pid/io"; }

root="$work/root"
mkdir -p "$root"
if [ "$mode" != api ]; then
  python3 - "$root" "$files" "$file_bytes" "$mode" <<'EOF'
import hashlib, os, struct, sys, time
root, count, size, mode = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
folder = os.path.join(root, "dir")
os.makedirs(folder)
body = os.urandom(size)
if mode == "trailer-disk":
    def crc32c(data):
        crc = 0xFFFFFFFF
        for byte in data:
            crc ^= byte
            for _ in range(8):
                crc = (crc >> 1) ^ (0x82F63B78 if crc & 1 else 0)
        return crc ^ 0xFFFFFFFF
    # storage.local.ObjectTrailer, big-endian: magic, size, last-modified (s), SHA-256, type length, type, zeros, CRC32C
    kind = b"text/plain"
    head = b"SLUICE01" + struct.pack(">qq", size, int(time.time())) + hashlib.sha256(body).digest() \
        + struct.pack(">h", len(kind)) + kind
    head = head.ljust(508, b"\0")
    body = body + head + struct.pack(">I", crc32c(head))
    os.makedirs(os.path.join(root, ".sluice", "tmp"))
    with open(os.path.join(root, ".sluice", "format"), "w") as f:
        f.write("sluice-local-store 1\n")
for i in range(count):
    with open(os.path.join(folder, "f-%06d.txt" % i), "wb") as f:
        f.write(body)
EOF
fi

port=$(free_port)
# shellcheck disable=SC2086
java $java_opts -jar "$jar" --server.address=127.0.0.1 --server.port="$port" --sluice.security.enabled=false \
  --sluice.storage.root="$root" --sluice.storage.min-free-space=0 --sluice.storage.fsync=false \
  --sluice.http.access-log=false ${SLUICE_ARGS:-} > "$work/sluice.log" 2>&1 &
pid=$!
base="http://127.0.0.1:$port"
for _ in $(seq 240); do curl -sf -o /dev/null "$base/actuator/health" && break
  kill -0 "$pid" 2>/dev/null || { echo "Sluice exited:" >&2; cat "$work/sluice.log" >&2; exit 1; }; sleep 0.5; done

if [ "$mode" = api ]; then
  head -c "$file_bytes" /dev/urandom > "$work/body"
  awk -v n="$files" -v b="$base" -v body="$work/body" 'BEGIN { for (i = 0; i < n; i++) {
      printf "url = \"%s/api/v1/files/dir/f-%06d.txt\"\nupload-file = \"%s\"\noutput = \"/dev/null\"\n", b, i, body } }' \
    > "$work/uploads.curl"
  started=$(date +%s)
  curl -sf -Z --parallel-max 8 -K "$work/uploads.curl"
  echo "uploaded $files files in $(( $(date +%s) - started )) s" >&2
fi

# One pass: prints "<total seconds> <cpu seconds> <read syscalls> <bytes read> <items>"; page times go to $1.
pass() {
  local times=$1 cursor="" items=0 total=0 t n c0 c1 r0 r1 b0 b1 url
  : > "$times"
  c0=$(cpu); r0=$(io syscr); b0=$(io rchar)
  while :; do
    url="$base/api/v1/files?prefix=dir/&delimiter=/&limit=1000"
    [ -n "$cursor" ] && url+="&cursor=$cursor"
    t=$(curl -sf -o "$work/page.json" -w '%{time_total}' "$url")
    echo "$t" >> "$times"
    total=$(awk -v a="$total" -v b="$t" 'BEGIN { print a + b }')
    n=$(jq '.items | length' "$work/page.json"); items=$((items + n))
    cursor=$(jq -r '.nextCursor // empty | @uri' "$work/page.json")
    [ -z "$cursor" ] && break
  done
  c1=$(cpu); r1=$(io syscr); b1=$(io rchar)
  echo "$total $(awk -v a="$c1" -v b="$c0" 'BEGIN { printf "%.2f", a - b }') $((r1 - r0)) $((b1 - b0)) $items"
}

read -r warm_total warm_cpu _ _ warm_items <<< "$(pass "$work/warm.times")"
if [ "$warm_items" -ne "$files" ]; then
  echo "the listing returned $warm_items items, not $files" >&2; exit 1
fi
: > "$work/all.times"; : > "$work/passes"
for i in $(seq "$runs"); do
  pass "$work/run.times" >> "$work/passes"
  cat "$work/run.times" >> "$work/all.times"
  echo "pass $i: $(tail -1 "$work/passes")" >&2
done

col() { awk -v c="$1" '{ print $c }' "$work/passes"; }
echo
echo "mode: $mode, files: $files of $file_bytes bytes in one folder, pages of 1000, passes: $runs (+1 warm-up)," \
  "JVM: $java_opts, args: ${SLUICE_ARGS:-none}, jar: $jar"
echo
echo '| figure | median | min-max over passes or pages |'
echo '|---|---|---|'
printf '| time per page, ms | %s | %s-%s (p90 %s) |\n' \
  "$(awk '{ print $1 * 1000 }' "$work/all.times" | median)" \
  "$(awk '{ print $1 * 1000 }' "$work/all.times" | sort -g | head -1)" \
  "$(awk '{ print $1 * 1000 }' "$work/all.times" | sort -g | tail -1)" \
  "$(awk '{ print $1 * 1000 }' "$work/all.times" | pct 90)"
printf '| first page / last page of a pass, ms | %s / %s | |\n' \
  "$(awk 'NR == 1 { print $1 * 1000 }' "$work/run.times")" "$(awk 'END { print $1 * 1000 }' "$work/run.times")"
printf '| total per pass of %s items, s | %s | %s-%s |\n' "$files" "$(col 1 | median)" \
  "$(col 1 | sort -g | head -1)" "$(col 1 | sort -g | tail -1)"
printf '| server CPU per pass, s | %s | %s-%s |\n' "$(col 2 | median)" "$(col 2 | sort -g | head -1)" \
  "$(col 2 | sort -g | tail -1)"
printf '| server read syscalls per pass | %s | |\n' "$(col 3 | median)"
printf '| server bytes read per pass, MiB | %s | |\n' "$(col 4 | median | awk '{ printf "%.1f", $1 / 1048576 }')"
printf '| warm-up pass (cold JVM): total s / CPU s | %s / %s | |\n' "$warm_total" "$warm_cpu"
