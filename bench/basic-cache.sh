#!/usr/bin/env bash
# HTTP Basic with and without the cache of successful password checks (sluice.security.password-cache, issue #19).
# Starts the packaged jar twice on 127.0.0.1 (cache on, ttl 60s; cache off, ttl 0s) with one user whose password
# is BCrypt cost 10, and times REQUESTS sequential keep-alive GET /api/v1/limits with the right credentials.
# Usage: bench/basic-cache.sh [REQUESTS]   (after ./mvnw package; needs java, curl, python3)
set -euo pipefail
requests=${1:-200}
jar=$(ls target/sluice-*.jar | head -1)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
crypto=$(find ~/.m2/repository/org/springframework/security/spring-security-crypto -name '*.jar' | head -1)
jcl=$(find ~/.m2/repository/commons-logging ~/.m2/repository/org/springframework/spring-jcl -name "*.jar" 2>/dev/null | head -1 || true)
cat > "$work/Hash.java" <<'JAVA'
public class Hash { public static void main(String[] a) {
  System.out.println(new org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder(10).encode(a[0])); } }
JAVA
hash=$(java -cp "$crypto:$jcl" "$work/Hash.java" bench-password | tail -1)
for ttl in 60s 0s; do
  port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  mkdir -p "$work/root-$ttl"
  java -Xmx256m -jar "$jar" --server.port="$port" --server.address=127.0.0.1 --sluice.storage.root="$work/root-$ttl" \
    --sluice.http.access-log=false --logging.threshold.console=WARN "--sluice.security.users[0].name=bench" \
    "--sluice.security.users[0].password={bcrypt}$hash" "--sluice.security.users[0].roles=reader" \
    --sluice.security.password-cache.ttl="$ttl" > "$work/server-$ttl.log" 2>&1 &
  pid=$!
  for _ in $(seq 120); do curl -sf -o /dev/null "http://127.0.0.1:$port/actuator/health" && break; sleep 0.5; done
  urls=$(for _ in $(seq "$requests"); do printf 'http://127.0.0.1:%s/api/v1/limits ' "$port"; done)
  curl -s -o /dev/null -u bench:bench-password "http://127.0.0.1:$port/api/v1/limits" # the first check pays BCrypt
  start=$(date +%s.%N)
  # shellcheck disable=SC2086
  codes=$(curl -s -o /dev/null -w '%{http_code}\n' -u bench:bench-password $urls | grep -c '200$' || true)
  end=$(date +%s.%N)
  python3 -c "print('password-cache.ttl=$ttl: $codes of $requests answered 200 in %.2f s = %.0f req/s' % ($end - $start, $requests / ($end - $start)))"
  kill "$pid"; wait "$pid" 2>/dev/null || true
done
