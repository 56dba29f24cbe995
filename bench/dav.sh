#!/usr/bin/env bash
# WebDAV (issue #17) against the v1 API on the local backend (fsync on, the default): a 1 GiB PUT and GET of the
# same random file through /dav/ and through /api/v1/files/, and a PROPFIND (Depth: 1, allprop) of a folder of
# 10,000 files. Starts the packaged jar on 127.0.0.1 with security off; the 10,000 files are written into the
# storage root before it starts (plain files, as a user's own would be). RUNS rounds, the order of the two routes
# rotating every round; one client for both (Python's http.client sending an mmap of the file, reading the body in
# 1 MiB reads), so only the server's path differs. Prints each time, the medians and the ratios of the medians
# (API time / WebDAV time: the issue's goal is >= 0.9 for PUT and GET).
# Usage: bench/dav.sh [RUNS] [SIZE_MIB] [FILES]   (after ./mvnw package; needs java, python3, curl)
set -euo pipefail
runs=${1:-5}
size_mib=${2:-1024}
files=${3:-10000}
jar=$(ls target/sluice-*.jar | head -1)
work=$(mktemp -d)
trap 'kill "${pid:-0}" 2>/dev/null || true; rm -rf "$work"' EXIT
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
mkdir -p "$work/root/bench/many"
head -c $((size_mib * 1024 * 1024)) /dev/urandom > "$work/file.bin"
python3 - "$work/root/bench/many" "$files" <<'PY'
import os, sys
for i in range(int(sys.argv[2])):
    with open(os.path.join(sys.argv[1], 'file-%05d.txt' % i), 'w') as f:
        f.write('x' * (i % 100))
PY
java -Xmx512m -jar "$jar" --server.port="$port" --server.address=127.0.0.1 --sluice.storage.root="$work/root" \
  --sluice.security.enabled=false --sluice.http.access-log=false --logging.threshold.console=WARN \
  --sluice.storage.min-free-space=0 --sluice.upload.max-file-size=20GB > "$work/server.log" 2>&1 &
pid=$!
for _ in $(seq 600); do curl -sf -o /dev/null "http://127.0.0.1:$port/actuator/health" && break; sleep 0.5; done
curl -sf -o /dev/null "http://127.0.0.1:$port/actuator/health" || { echo "the server did not start" >&2; cat "$work/server.log" >&2; exit 1; }
python3 - "$port" "$work/file.bin" "$runs" "$files" <<'PY'
import http.client, mmap, statistics, sys, time
port, path, runs, files = int(sys.argv[1]), sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
with open(path, 'rb') as f:
    data = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
size = len(data)
view = memoryview(data)
routes = {'API': '/api/v1/files/bench/api.bin', 'WebDAV': '/dav/bench/dav.bin'}

def conn():
    return http.client.HTTPConnection('127.0.0.1', port, timeout=900)

def put(url):
    c = conn(); start = time.perf_counter()
    c.request('PUT', url, body=view, headers={'Content-Length': str(size)})
    r = c.getresponse(); r.read(); assert r.status in (200, 201, 204), r.status
    return time.perf_counter() - start

def get(url):
    c = conn(); start = time.perf_counter()
    c.request('GET', url); r = c.getresponse(); assert r.status == 200, r.status
    got = 0
    while True:
        chunk = r.read(1 << 20)
        if not chunk: break
        got += len(chunk)
    assert got == size, got
    return time.perf_counter() - start

def propfind():
    c = conn(); start = time.perf_counter()
    c.request('PROPFIND', '/dav/bench/many/', headers={'Depth': '1', 'Content-Length': '0'})
    r = c.getresponse(); body = r.read(); assert r.status == 207, r.status
    assert body.count(b'<D:response>') == files + 1, body.count(b'<D:response>')
    return time.perf_counter() - start, len(body)

times = {(op, name): [] for op in ('PUT', 'GET') for name in routes}
names = list(routes)
for run in range(runs):
    order = names[run % 2:] + names[:run % 2]
    for name in order:
        times[('PUT', name)].append(put(routes[name]))
    for name in order:
        times[('GET', name)].append(get(routes[name]))
    for op, name in times:
        print(f'run {run + 1} {op} {name}: {times[(op, name)][-1]:.2f} s')
gib = size / (1 << 30)
for op in ('PUT', 'GET'):
    api, dav = statistics.median(times[(op, 'API')]), statistics.median(times[(op, 'WebDAV')])
    print(f'{op} {gib:.2f} GiB median: API {api:.2f} s ({gib / api * 1024:.0f} MiB/s), WebDAV {dav:.2f} s '
          f'({gib / dav * 1024:.0f} MiB/s); WebDAV/API throughput ratio {api / dav:.2f}')
listing = [propfind() for _ in range(runs)]
print(f'PROPFIND Depth 1 of {files} files: median {statistics.median(t for t, _ in listing) * 1000:.0f} ms, '
      f'{listing[0][1]} bytes; runs: ' + ', '.join(f'{t * 1000:.0f} ms' for t, _ in listing))
PY
