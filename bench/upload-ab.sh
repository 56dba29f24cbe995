#!/usr/bin/env bash
# Two builds of Sluice side by side (e.g. before and after a change), 1 GiB uploads with curl, alternating runs.
# Usage: bench/upload-ab.sh A.jar B.jar [RUNS] [FSYNC]   Targets 127.0.0.1 only; stops the servers it started.
set -euo pipefail
jar_a=$1 jar_b=$2 runs=${3:-5} fsync=${4:-false}
work=$(mktemp -d)
ticks=$(getconf CLK_TCK)
head -c 1073741824 /dev/urandom > "$work/g1.bin"
start() { # name jar port
  java -Xmx256m -jar "$2" --server.port="$3" --sluice.storage.root="$work/$1" --sluice.storage.min-free-space=0 \
    --sluice.storage.fsync="$fsync" --sluice.upload.max-file-size=2GB --sluice.http.access-log=false \
    > "$work/$1.log" 2>&1 &
  echo $!
}
pid_a=$(start a "$jar_a" 18181); pid_b=$(start b "$jar_b" 18182)
trap 'kill $pid_a $pid_b 2>/dev/null; rm -rf "$work"' EXIT
for port in 18181 18182; do
  for _ in $(seq 120); do curl -s -o /dev/null "http://127.0.0.1:$port/actuator/health" && break; sleep 1; done
done
cpu() { awk -v t="$ticks" '{ printf "%.2f", ($14 + $15) / t }' "/proc/$1/stat"; }
median() { sort -n | awk '{ a[NR] = $1 } END { print (NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2) }'; }
declare -A speed used
for i in $(seq "$runs"); do
  for side in a b; do
    if [ $side = a ]; then port=18181 pid=$pid_a; else port=18182 pid=$pid_b; fi
    before=$(cpu "$pid")
    s=$(curl -s -o /dev/null -w '%{speed_upload}' -T "$work/g1.bin" "http://127.0.0.1:$port/api/v1/files/g1-$i.bin")
    after=$(cpu "$pid")
    speed[$side]+="$(awk -v s="$s" 'BEGIN { printf "%.0f", s / 1048576 }') "
    used[$side]+="$(awk -v a="$after" -v b="$before" 'BEGIN { printf "%.2f", a - b }') "
    rm -f "$work/$side/g1-$i.bin"
  done
done
printf '%-4s %-40s %-40s\n' side "1 GiB PUT MiB/s: median [runs]" "server CPU s per GiB: median [runs]"
for side in a b; do
  printf '%-4s %-40s %-40s\n' "$side" "$(tr ' ' '\n' <<< "${speed[$side]}" | grep . | median) [${speed[$side]% }]" \
    "$(tr ' ' '\n' <<< "${used[$side]}" | grep . | median) [${used[$side]% }]"
done
