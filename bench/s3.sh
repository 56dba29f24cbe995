#!/usr/bin/env bash
# Sluice on S3 against the same transfers done directly with an S3 client (curl --aws-sigv4), on one S3 server, in one
# run, alternating which goes first. Also times the CopyObject that publishes an upload.
# Usage: flock /tmp/sluice-build.lock [S3_SERVER=rgw] bench/s3.sh [SIZE_MIB] [RUNS]
#   needs target/sluice-*.jar (./mvnw -B -o package -DskipTests), and
#   - S3_SERVER=s3proxy (the default): s3proxy's jar-with-dependencies, with a filesystem blob store in a temp folder:
#     ./mvnw -B dependency:get -Dartifact=org.gaul:s3proxy:4.1.0:jar:jar-with-dependencies -Dtransitive=false
#   - S3_SERVER=rgw: Ceph RGW 16.2 on a throw-away single-node cluster (src/test/ceph/rgw-cluster.sh: one monitor,
#     one memstore OSD, in RAM, one gateway), Debian's ceph-mon, ceph-osd and radosgw installed (see .ci/run). The
#     bucket is unversioned: RGW 16.2 honours conditional PutObject only there, so the publish locks live in it too.
# Binds 127.0.0.1 only; stops the servers it started (by PID) and removes its temp folder.
set -euo pipefail
cd "$(dirname "$0")/.."
size_mib=${1:-1024} runs=${2:-5}
server=${S3_SERVER:-s3proxy}
jar=$(ls target/sluice-*.jar | grep -v original | head -1)
s3_port=18900 sluice_port=18901
work=$(mktemp -d /tmp/sluice-bench-s3.XXXXXX)
ticks=$(getconf CLK_TCK)
pids=()
cleanup() {
  kill "${pids[@]}" 2>/dev/null || true
  wait 2>/dev/null || true
  if [ "$server" = rgw ]; then src/test/ceph/rgw-cluster.sh stop "$work/rgw" || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

head -c $((size_mib * 1048576)) /dev/urandom > "$work/payload.bin"
if [ "$server" = rgw ]; then
  # Room for the runs' objects in the OSD's memory: staging, published, direct and copied, one run at a time.
  RGW_MEMSTORE_BYTES=$(((size_mib * 6 + 1024) * 1048576)) RGW_PORT=$s3_port MON_PORT=18902 \
    src/test/ceph/rgw-cluster.sh start "$work/rgw" $$ > "$work/rgw.env"
  access=$(sed -n 's/^access-key=//p' "$work/rgw.env") secret=$(sed -n 's/^secret-key=//p' "$work/rgw.env")
  s3_pids=$(cat "$work/rgw/pids")
  s3_name="RGW (mon+osd+gateway)"
else
  s3proxy_jar=${S3PROXY_JAR:-$HOME/.m2/repository/org/gaul/s3proxy/4.1.0/s3proxy-4.1.0-jar-with-dependencies.jar}
  [ -f "$s3proxy_jar" ] || { echo "missing $s3proxy_jar (see the usage above)" >&2; exit 1; }
  access=access secret=secret
  mkdir -p "$work/blobs"
  cat > "$work/s3proxy.conf" <<CONF
s3proxy.endpoint=http://127.0.0.1:$s3_port
s3proxy.authorization=aws-v2-or-v4
s3proxy.identity=access
s3proxy.credential=secret
jclouds.provider=filesystem-nio2
jclouds.filesystem.basedir=$work/blobs
CONF
  java -jar "$s3proxy_jar" --properties "$work/s3proxy.conf" > "$work/s3proxy.log" 2>&1 &
  s3_pids=$!; pids+=("$s3_pids")
  s3_name=s3proxy
  for _ in $(seq 120); do curl -s -o /dev/null "http://127.0.0.1:$s3_port/" && break; sleep 0.5; done
fi
sigv4=(--aws-sigv4 aws:amz:us-east-1:s3 --user "$access:$secret" -H "x-amz-content-sha256: UNSIGNED-PAYLOAD")
s3=http://127.0.0.1:$s3_port/bench
curl -sf "${sigv4[@]}" -X PUT "$s3" -o /dev/null

# The measured path is the protected one: a bearer token (ignored by builds without access control).
token=bench-token-$(od -An -N8 -tx8 /dev/urandom | tr -d ' ')
token_sha=$(printf '%s' "$token" | sha256sum | cut -d' ' -f1)
java -Xmx256m -jar "$jar" --server.port=$sluice_port --sluice.http.access-log=false \
  --sluice.storage.type=s3 --sluice.storage.s3.endpoint=http://127.0.0.1:$s3_port --sluice.storage.s3.bucket=bench \
  --sluice.storage.s3.access-key="$access" --sluice.storage.s3.secret-key="$secret" --sluice.storage.s3.key-prefix=sluice/ \
  --sluice.upload.max-file-size=6GB \
  "--sluice.security.tokens[0].name=bench" "--sluice.security.tokens[0].sha256=$token_sha" \
  "--sluice.security.tokens[0].roles=admin" > "$work/sluice.log" 2>&1 &
sluice_pid=$!; pids+=("$sluice_pid")
for _ in $(seq 120); do curl -s -o /dev/null "http://127.0.0.1:$sluice_port/actuator/health" && break; sleep 1; done
api=http://127.0.0.1:$sluice_port/api/v1/files
auth=(-H "Authorization: Bearer $token")

# CPU seconds of the processes named (user + system), summed: the S3 server may be several daemons.
cpu() { local p; for p in "$@"; do cat "/proc/$p/stat"; done | awk -v t="$ticks" '{ s += $14 + $15 } END { printf "%.2f", s / t }'; }
mibs() { awk -v n="$((size_mib * 1048576))" -v t="$1" 'BEGIN { printf "%.1f", n / t / 1048576 }'; }
declare -A fig
record() { fig[$1]+="$2 "; }
# transfer NAME CURL-ARGS...: runs curl, records MiB/s from its total time, and both servers' CPU seconds per GiB
transfer() {
  local name=$1; shift
  local sluice_before s3_before seconds code
  sluice_before=$(cpu "$sluice_pid"); s3_before=$(cpu $s3_pids)
  read -r code seconds < <(curl -s -o /dev/null -w '%{http_code} %{time_total}\n' "$@")
  case $code in 2*) ;; *) echo "$name failed with HTTP $code" >&2; exit 1 ;; esac
  record "$name" "$(mibs "$seconds")"
  record "$name-cpu-sluice" "$(awk -v a="$(cpu "$sluice_pid")" -v b="$sluice_before" -v m="$size_mib" \
    'BEGIN { printf "%.2f", (a - b) * 1024 / m }')"
  record "$name-cpu-s3" "$(awk -v a="$(cpu $s3_pids)" -v b="$s3_before" -v m="$size_mib" \
    'BEGIN { printf "%.2f", (a - b) * 1024 / m }')"
}
# Warm-up, not recorded: both JVMs compile their hot paths first.
head -c $((64 * 1048576)) "$work/payload.bin" > "$work/warm.bin"
for _ in 1 2 3; do
  curl -sf "${auth[@]}" -T "$work/warm.bin" "$api/warm.bin" -o /dev/null
  curl -sf "${auth[@]}" "$api/warm.bin" -o /dev/null
  curl -sf "${sigv4[@]}" -T "$work/warm.bin" "$s3/warm.bin" -o /dev/null
  curl -sf "${sigv4[@]}" "$s3/warm.bin" -o /dev/null
done
for i in $(seq "$runs"); do
  if [ $((i % 2)) = 1 ]; then order="sluice direct"; else order="direct sluice"; fi
  for side in $order; do
    if [ "$side" = sluice ]; then
      transfer sluice-put "${auth[@]}" -T "$work/payload.bin" "$api/run-$i.bin"
    else
      transfer direct-put "${sigv4[@]}" -T "$work/payload.bin" "$s3/direct-$i.bin"
    fi
  done
  for side in $order; do
    if [ "$side" = sluice ]; then
      transfer sluice-get "${auth[@]}" "$api/run-$i.bin"
    else
      transfer direct-get "${sigv4[@]}" "$s3/direct-$i.bin"
    fi
  done
  # What a publish costs: the server-side copy of a whole object, with new metadata, as Sluice issues it.
  read -r code seconds < <(curl -s -o /dev/null -w '%{http_code} %{time_total}\n' "${sigv4[@]}" -X PUT \
    -H "x-amz-copy-source: /bench/direct-$i.bin" -H "x-amz-metadata-directive: REPLACE" \
    -H "x-amz-meta-sha256: 0" "$s3/copy-$i.bin")
  [ "${code:0:1}" = 2 ] || { echo "copy failed with HTTP $code" >&2; exit 1; }
  record copy-seconds "$seconds"
  curl -sf "${auth[@]}" -X DELETE "$api/run-$i.bin" -o /dev/null
  for key in "direct-$i.bin" "copy-$i.bin"; do curl -sf "${sigv4[@]}" -X DELETE "$s3/$key" -o /dev/null; done
done

median() { tr ' ' '\n' | grep . | sort -g | awk '{ a[NR] = $1 } END { print (NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2) }'; }
range() { tr ' ' '\n' | grep . | sort -g | awk 'NR == 1 { lo = $1 } { hi = $1 } END { print lo "–" hi }'; }
summary() { echo "$(median <<< "${fig[$1]}") ($(range <<< "${fig[$1]}"))"; }
ratio() { awk -v a="$(median <<< "${fig[$1]}")" -v b="$(median <<< "${fig[$2]}")" 'BEGIN { printf "%.2f", a / b }'; }
echo "server $s3_name; size ${size_mib} MiB, ${runs} runs; $(java -version 2>&1 | head -1); $(curl --version | head -1 | cut -d' ' -f1-2)"
printf '| %s | %s | %s | %s |\n' "figure" "through Sluice" "direct (curl --aws-sigv4)" "Sluice/direct"
printf '|---|---|---|---|\n'
for op in put get; do
  printf '| %s MiB/s | %s | %s | %s |\n' "${op^^}" "$(summary sluice-$op)" "$(summary direct-$op)" \
    "$(ratio sluice-$op direct-$op)"
  printf '| %s Sluice CPU s/GiB | %s | – | – |\n' "${op^^}" "$(summary sluice-$op-cpu-sluice)"
  printf '| %s %s CPU s/GiB | %s | %s | %s |\n' "${op^^}" "$s3_name" "$(summary sluice-$op-cpu-s3)" \
    "$(summary direct-$op-cpu-s3)" "$(ratio sluice-$op-cpu-s3 direct-$op-cpu-s3)"
done
printf '| CopyObject of the whole object, s | – | %s | – |\n' "$(summary copy-seconds)"
