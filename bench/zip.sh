#!/usr/bin/env bash
# A folder's ZIP (issue #15) against a plain download of the same bytes, on the local backend: a folder of 1,000
# files of 1 MiB (one ZIP against 1,000 GETs on one keep-alive connection) and one file of 1 GiB (the ZIP of its
# folder against one GET). Starts the packaged jar on 127.0.0.1 with security off, uploads the files with PUT (so every
# CRC-32 is known and the archives are laid out: Content-Length, ETag, ranges), then runs RUNS rounds, each doing the
# four downloads in an order that rotates every round. One client for all (Python's http.client reading into one
# reused buffer). Prints each time, the medians, the ratios of throughput (plain time / ZIP time; the issue's goal is
# >= 0.8) and the server's peak resident memory while the ZIPs ran and while the plain downloads ran (sampled every
# 50 ms from /proc).
# Usage: bench/zip.sh [RUNS] [FILES] [BIG_MIB]   (after ./mvnw package; needs java, python3, curl)
set -euo pipefail
runs=${1:-5}
files=${2:-1000}
big_mib=${3:-1024}
jar=$(ls target/sluice-*.jar | head -1)
work=$(mktemp -d)
trap 'kill "${pid:-0}" 2>/dev/null || true; rm -rf "$work"' EXIT
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
mkdir -p "$work/root"
java -Xmx512m -jar "$jar" --server.port="$port" --server.address=127.0.0.1 --sluice.storage.root="$work/root" \
  --sluice.security.enabled=false --sluice.http.access-log=false --logging.threshold.console=WARN \
  --sluice.storage.min-free-space=0 --sluice.upload.max-file-size=20GB > "$work/server.log" 2>&1 &
pid=$!
for _ in $(seq 120); do curl -sf -o /dev/null "http://127.0.0.1:$port/actuator/health" && break; sleep 0.5; done
python3 - "$port" "$pid" "$runs" "$files" "$big_mib" <<'PY'
import http.client, os, statistics, sys, threading, time
port, pid, runs, files, big_mib = (int(a) for a in sys.argv[1:])
MIB = 1 << 20
buffer = bytearray(4 * MIB)
view = memoryview(buffer)

def conn():
    return http.client.HTTPConnection('127.0.0.1', port, timeout=600)

def upload(c, key, data):
    c.request('PUT', '/api/v1/files/' + key, body=data, headers={'Content-Length': str(len(data))})
    r = c.getresponse(); r.read(); assert r.status in (200, 201), r.status

def drain(c, path):
    c.request('GET', path)
    r = c.getresponse(); assert r.status == 200, (r.status, path)
    total = 0
    while True:
        n = r.readinto(view)
        if not n:
            return total
        total += n

c = conn()
for i in range(files):
    upload(c, 'bench/many/f%04d.bin' % i, os.urandom(MIB))
big = os.urandom(big_mib * MIB)
upload(c, 'bench/one/big.bin', big)
del big
c.close()

def plain_many(c):
    return sum(drain(c, '/api/v1/files/bench/many/f%04d.bin' % i) for i in range(files))

methods = {
    'plain %d x 1 MiB' % files: plain_many,
    'ZIP %d x 1 MiB' % files: lambda c: drain(c, '/api/v1/zip/bench/many'),
    'plain 1 x %d MiB' % big_mib: lambda c: drain(c, '/api/v1/files/bench/one/big.bin'),
    'ZIP 1 x %d MiB' % big_mib: lambda c: drain(c, '/api/v1/zip/bench/one'),
}
names = list(methods)
times = {name: [] for name in names}
peaks = {'ZIP': 0, 'plain': 0}

def rss_kib():
    with open('/proc/%d/status' % pid) as status:
        for line in status:
            if line.startswith('VmRSS:'):
                return int(line.split()[1])
    return 0

for run in range(runs):
    order = names[run % 4:] + names[:run % 4]
    for name in order:
        kind = name.split()[0]
        c = conn()
        done = threading.Event()
        def sample():
            while not done.is_set():
                peaks[kind] = max(peaks[kind], rss_kib()); time.sleep(0.05)
        sampler = threading.Thread(target=sample); sampler.start()
        start = time.perf_counter()
        size = methods[name](c)
        times[name].append(time.perf_counter() - start)
        done.set(); sampler.join(); c.close()
    print('round %d: %s' % (run + 1, ', '.join('%s %.2f s' % (n, times[n][-1]) for n in names)), flush=True)
for name in names:
    m = statistics.median(times[name])
    print('%-20s median %.2f s' % (name, m))
for plain, zipped in ((names[0], names[1]), (names[2], names[3])):
    p, z = statistics.median(times[plain]), statistics.median(times[zipped])
    print('%s: ZIP throughput %.2f of the plain download (%.0f vs %.0f MiB/s of content)' % (
        zipped, p / z, (files if 'x 1 MiB' in zipped else big_mib) / z, (files if 'x 1 MiB' in zipped else big_mib) / p))
print('peak RSS while ZIPs ran: %d MiB; while plain downloads ran: %d MiB' % (peaks['ZIP'] // 1024, peaks['plain'] // 1024))
PY
