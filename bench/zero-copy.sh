#!/usr/bin/env bash
# Zero-copy (sendfile) against AsynchronousFileChannel streaming for downloads, side by side in one run.
# Usage: bench/zero-copy.sh PORT_ZERO_COPY PID_ZERO_COPY PORT_STREAMED PID_STREAMED [RUNS]
# Both servers must hold the objects g1.bin (1 GiB) and k4.bin (4 KiB). Targets 127.0.0.1 only.
set -euo pipefail
zc_port=$1 zc_pid=$2 st_port=$3 st_pid=$4 runs=${5:-5}
ticks=$(getconf CLK_TCK)
cpu() { awk -v t="$ticks" '{ printf "%.2f", ($14 + $15) / t }' "/proc/$1/stat"; }
median() { sort -n | awk '{ a[NR] = $1 } END { print (NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2) }'; }
declare -A speed cpu_used rps
for i in $(seq "$runs"); do
  for mode in zero-copy streamed; do
    if [ "$mode" = zero-copy ]; then port=$zc_port pid=$zc_pid; else port=$st_port pid=$st_pid; fi
    before=$(cpu "$pid")
    s=$(curl -s -o /dev/null -w '%{speed_download}' "http://127.0.0.1:$port/api/v1/files/g1.bin")
    after=$(cpu "$pid")
    speed[$mode]+="$(awk -v s="$s" 'BEGIN { printf "%.0f", s / 1048576 }') "
    cpu_used[$mode]+="$(awk -v a="$after" -v b="$before" 'BEGIN { printf "%.2f", a - b }') "
    r=$(wrk -t2 -c64 -d5s "http://127.0.0.1:$port/api/v1/files/k4.bin" | awk '/Requests\/sec/ { print $2 }')
    rps[$mode]+="$r "
  done
done
printf '%-10s %-28s %-28s %-28s\n' mode "1 GiB GET MiB/s (median)" "server CPU s per GiB" "4 KiB GET req/s (64 conn)"
for mode in zero-copy streamed; do
  printf '%-10s %-28s %-28s %-28s\n' "$mode" \
    "$(tr ' ' '\n' <<< "${speed[$mode]}" | grep . | median) [${speed[$mode]% }]" \
    "$(tr ' ' '\n' <<< "${cpu_used[$mode]}" | grep . | median) [${cpu_used[$mode]% }]" \
    "$(tr ' ' '\n' <<< "${rps[$mode]}" | grep . | median)"
done
