#!/usr/bin/env bash
# A 1 GiB upload through tus (issue #16) with 8 MiB and 50 MiB chunks against one raw PUT of the same file, on the
# local backend (fsync on, the default). Starts the packaged jar on 127.0.0.1 with security off, makes a random
# file, then runs RUNS rounds, each sending the file once per method in an order that rotates every round (so that
# no method always runs first or last), deleting the stored object after each. One client for all three (Python's
# http.client sending slices of an mmap of the file), so that only the server's path differs. Prints each time and
# the medians, and the ratios of the medians (tus time / PUT time; the issue's goal is 1/ratio >= 0.9 at 50 MiB).
# Usage: bench/tus.sh [RUNS] [SIZE_MIB]   (after ./mvnw package; needs java, python3)
set -euo pipefail
runs=${1:-5}
size_mib=${2:-1024}
jar=${JAR:-$(ls target/sluice-*.jar | head -1)}
work=$(mktemp -d)
trap 'kill "${pid:-0}" 2>/dev/null || true; rm -rf "$work"' EXIT
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
mkdir -p "$work/root"
head -c $((size_mib * 1024 * 1024)) /dev/urandom > "$work/file.bin"
java -Xmx512m -jar "$jar" --server.port="$port" --server.address=127.0.0.1 --sluice.storage.root="$work/root" \
  --sluice.security.enabled=false --sluice.http.access-log=false --logging.threshold.console=WARN \
  --sluice.storage.min-free-space=0 --sluice.upload.max-file-size=20GB > "$work/server.log" 2>&1 &
pid=$!
for _ in $(seq 120); do curl -sf -o /dev/null "http://127.0.0.1:$port/actuator/health" && break; sleep 0.5; done
python3 - "$port" "$work/file.bin" "$runs" <<'PY'
import base64, http.client, mmap, statistics, sys, time
port, path, runs = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])
with open(path, 'rb') as f:
    data = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
size = len(data)
view = memoryview(data)

def conn():
    return http.client.HTTPConnection('127.0.0.1', port, timeout=600)

def put(c):
    c.request('PUT', '/api/v1/files/bench/put.bin', body=view, headers={'Content-Length': str(size)})
    r = c.getresponse(); r.read(); assert r.status in (200, 201), r.status
    return 'bench/put.bin'

def tus(c, chunk):
    meta = 'filename ' + base64.b64encode(b'tus.bin').decode() + ',prefix ' + base64.b64encode(b'bench/').decode()
    c.request('POST', '/api/v1/uploads', headers={'Tus-Resumable': '1.0.0', 'Upload-Length': str(size),
                                                  'Upload-Metadata': meta, 'Content-Length': '0'})
    r = c.getresponse(); r.read(); assert r.status == 201, r.status
    location = r.getheader('Location'); url = location[location.index('/api/v1/uploads'):]
    offset = 0
    while offset < size:
        end = min(size, offset + chunk)
        c.request('PATCH', url, body=view[offset:end], headers={'Tus-Resumable': '1.0.0', 'Upload-Offset': str(offset),
                  'Content-Type': 'application/offset+octet-stream', 'Content-Length': str(end - offset)})
        r = c.getresponse(); r.read(); assert r.status == 204, (r.status, offset)
        offset = int(r.getheader('Upload-Offset'))
    return 'bench/tus.bin'

def delete(c, key):
    c.request('DELETE', '/api/v1/files/' + key); r = c.getresponse(); r.read()

methods = {'PUT': put, 'tus 8 MiB': lambda c: tus(c, 8 << 20), 'tus 50 MiB': lambda c: tus(c, 50 << 20)}
names = list(methods)
times = {name: [] for name in names}
for run in range(runs):
    order = names[run % 3:] + names[:run % 3]
    for name in order:
        c = conn()
        start = time.perf_counter()
        key = methods[name](c)
        times[name].append(time.perf_counter() - start)
        delete(c, key); c.close()
    print('round %d: %s' % (run + 1, ', '.join('%s %.2f s' % (n, times[n][-1]) for n in names)), flush=True)
put_median = statistics.median(times['PUT'])
for name in names:
    m = statistics.median(times[name])
    print('%-11s median %.2f s = %.0f MiB/s, %.2fx the PUT time (throughput %.2f of the PUT)' % (
        name, m, size / m / 2**20, m / put_median, put_median / m))
PY
