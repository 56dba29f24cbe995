#!/usr/bin/env bash
# A throw-away single-node Ceph cluster with an S3 gateway, for the tests: one monitor, one memstore OSD (RAM, no
# block device), one radosgw (beast) on 127.0.0.1, and one S3 user. No manager daemon: S3 I/O does not need one.
#
# Usage:
#   rgw-cluster.sh start DIR [WATCH_PID]  creates DIR (which must not exist), starts the daemons, and prints
#                                         "endpoint=..." "access-key=..." "secret-key=..." lines when S3 answers;
#                                         with WATCH_PID the daemons are stopped when that process exits (the test
#                                         JVM, even when it is killed)
#   rgw-cluster.sh stop DIR               stops the daemons whose PIDs are in DIR/pids, by PID
#
# Everything the cluster writes stays under DIR: its conf, keyring, monitor store, admin sockets, logs and the
# cluster log. Nothing binds anywhere but 127.0.0.1. Environment: RGW_MEMSTORE_BYTES (default 4 GiB) caps the OSD.
set -euo pipefail

die() { echo "rgw-cluster: $*" >&2; exit 1; }

free_port() {
  # Asks the kernel for a free port on 127.0.0.1 (bash cannot listen); CephGateway passes MON_PORT and RGW_PORT
  # instead, so python3 is needed only when the script is run by hand.
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

stop() {
  local dir=$1 pid
  [ -f "$dir/pids" ] || return 0
  # Gateway first, then the OSD, then the monitor: each stops cleanly while the ones below it still run.
  for pid in $(tac "$dir/pids"); do
    kill -TERM "$pid" 2>/dev/null || true
  done
  for _ in $(seq 50); do
    local alive=0
    for pid in $(cat "$dir/pids"); do
      kill -0 "$pid" 2>/dev/null && alive=1
    done
    [ "$alive" = 0 ] && break
    sleep 0.1
  done
  for pid in $(cat "$dir/pids"); do
    kill -KILL "$pid" 2>/dev/null || true
  done
  rm -f "$dir/pids"
}

# Runs a daemon in the foreground (-f) as a background job of this script, so that its PID is known exactly.
daemon() {
  local name=$1; shift
  # fd 3 is the caller's pipe: a daemon holding it open would keep the caller waiting for the end of our output.
  "$@" -f -c "$conf" > "$dir/log/$name.out" 2>&1 3>&- < /dev/null &
  echo $! >> "$dir/pids"
}

await() {
  local what=$1 seconds=$2; shift 2
  local deadline=$((SECONDS + seconds))
  until "$@" > /dev/null 2>&1; do
    [ $SECONDS -lt $deadline ] || { tail -n 30 "$dir"/log/*.log >&2 || true; die "$what not ready in $seconds s"; }
    sleep 0.1
  done
}

start() {
  dir=$1
  local watch=${2:-}
  [ ! -e "$dir" ] || die "$dir exists"
  mkdir -p "$dir"/{mon,osd/0,run,log,crash,rgw}
  dir=$(cd "$dir" && pwd)
  conf=$dir/ceph.conf
  # The tools' chatter goes to a log; only the result lines go to the caller (fd 3).
  exec 3>&1 1>> "$dir/log/setup.out"
  local fsid mon_port rgw_port osd_uuid access secret
  fsid=$(uuidgen)
  osd_uuid=$(uuidgen)
  mon_port=${MON_PORT:-$(free_port)}
  rgw_port=${RGW_PORT:-$(free_port)}
  access=sluice$(od -An -N6 -tx1 /dev/urandom | tr -d ' \n')
  secret=$(od -An -N24 -tx1 /dev/urandom | tr -d ' \n')

  cat > "$conf" <<CONF
[global]
fsid = $fsid
mon host = v2:127.0.0.1:$mon_port
public addr = 127.0.0.1
cluster addr = 127.0.0.1
ms bind ipv6 = false
ms bind msgr1 = false
keyring = $dir/keyring
run dir = $dir/run
admin socket = $dir/run/\$name.asok
log file = $dir/log/\$name.log
crash dir = $dir/crash
log to stderr = false
err to stderr = false
log to syslog = false
mon cluster log to syslog = false
mon cluster log file = $dir/log/cluster.log
# one OSD: size-1 pools, no warnings about it, and placement over OSDs rather than hosts
osd pool default size = 1
osd pool default min size = 1
osd pool default pg num = 8
osd pool default pgp num = 8
osd pool default pg autoscale mode = off
osd crush chooseleaf type = 0
mon allow pool size one = true
mon warn on pool no redundancy = false
# quiet daemons: the tests read the logs only when something failed
debug rgw = 0/0
debug ms = 0/0
debug osd = 0/0
debug mon = 0/0
debug paxos = 0/0
debug monc = 0/0
debug auth = 0/0
# a new cluster's monitor proposes every 1 s by default; each pool create and user create waits for it
paxos propose interval = 0.1
[mon]
mon data = $dir/mon/\$name
mon initial members = a
[osd]
osd data = $dir/osd/\$id
osd objectstore = memstore
memstore device bytes = ${RGW_MEMSTORE_BYTES:-4294967296}
# a memstore OSD reports its device size, which crush would turn into a weight near 0: no PG would map
osd crush initial weight = 1
osd op num shards = 2
osd op num threads per shard = 1
[client.rgw]
rgw frontends = beast endpoint=127.0.0.1:$rgw_port
rgw data = $dir/rgw
rgw thread pool size = 64
rgw enable usage log = false
# no background work a throw-away gateway needs (lifecycle, quota threads), but the garbage collector runs at
# once: deleted and overwritten objects' data is freed only by it (after 2 h by default), and the OSD is RAM
rgw enable lc threads = false
rgw enable quota threads = false
rgw gc obj min wait = 0
rgw gc processor period = 2
rgw dns name = 127.0.0.1
CONF

  # One keyring holds every entity; the monitor imports all of it at mkfs, so no "auth add" round trips later.
  ceph-authtool "$dir/keyring" --create-keyring --gen-key -n mon. --cap mon 'allow *'
  ceph-authtool "$dir/keyring" --gen-key -n client.admin --cap mon 'allow *' --cap osd 'allow *' \
    --cap mgr 'allow *'
  ceph-authtool "$dir/keyring" --gen-key -n osd.0 --cap mon 'allow profile osd' --cap osd 'allow *' \
    --cap mgr 'allow profile osd'
  ceph-authtool "$dir/keyring" --gen-key -n client.rgw --cap mon 'allow rw' --cap osd 'allow rwx' \
    --cap mgr 'allow rw'
  monmaptool --create --fsid "$fsid" --addv a "[v2:127.0.0.1:$mon_port]" "$dir/monmap"
  ceph-mon -c "$conf" --mkfs -i a --monmap "$dir/monmap" --keyring "$dir/keyring"
  : > "$dir/pids"

  if [ -n "$watch" ]; then
    # A watchdog: when the process that started the cluster goes away (however it ends), stop the daemons.
    ( while kill -0 "$watch" 2>/dev/null; do sleep 1; done; stop "$dir" ) > /dev/null 2>&1 3>&- < /dev/null &
    disown
  fi

  daemon mon.a ceph-mon -i a
  # The OSD's id comes from the monitor ("osd new" with its uuid): the first is 0, matching the keyring's osd.0.
  local id
  id=$(ceph -c "$conf" --connect-timeout 20 osd new "$osd_uuid")
  [ "$id" = 0 ] || die "expected osd id 0, got $id"
  ceph-osd -c "$conf" -i 0 --mkfs --osd-uuid "$osd_uuid" > "$dir/log/osd-mkfs.out" 2>&1 \
    || { cat "$dir/log/osd-mkfs.out" >&2; die "ceph-osd --mkfs failed"; }
  daemon osd.0 ceph-osd -i 0

  # The gateway's pools up front, in one CLI session (each separate "ceph" call costs a Python start), so that
  # the gateway does not create them one by one at its first start.
  {
    for pool in .rgw.root default.rgw.control default.rgw.meta default.rgw.log default.rgw.buckets.index \
        default.rgw.buckets.data default.rgw.buckets.non-ec; do
      echo "osd pool create $pool 8 8"
      echo "osd pool application enable $pool rgw"
    done
  } | ceph -c "$conf" > "$dir/log/pools.out" 2>&1 || { cat "$dir/log/pools.out" >&2; die "pool creation failed"; }

  radosgw-admin -c "$conf" user create --uid=sluice --display-name=Sluice --access-key="$access" \
    --secret-key="$secret" > "$dir/log/user.out" 2>&1 || { cat "$dir/log/user.out" >&2; die "user create failed"; }
  daemon rgw radosgw -n client.rgw
  await "the gateway" 60 curl -sf -o /dev/null "http://127.0.0.1:$rgw_port/"
  echo "endpoint=http://127.0.0.1:$rgw_port" >&3
  echo "access-key=$access" >&3
  echo "secret-key=$secret" >&3
}

case "${1:-}" in
  start) [ $# -ge 2 ] || die "usage: $0 start DIR [WATCH_PID]"; start "$2" "${3:-}" ;;
  stop) [ $# -eq 2 ] || die "usage: $0 stop DIR"; stop "$2" ;;
  *) die "usage: $0 start DIR [WATCH_PID] | stop DIR" ;;
esac
