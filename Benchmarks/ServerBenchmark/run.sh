#!/usr/bin/env bash
# The server benchmark (issue 6), on loopback with wrk (Debian's package) against a release build:
#  1. ingestion: POST /v1/orders/batch, 100 new orders a request, 8 connections, store opened durable (every commit
#     synced before the answer);
#  2. cart pricing: POST /v1/pricing at 16 connections, and in the same run GET /health as the trivial reference;
#  3. redemption: 32 clients redeeming coupons of one template whose budget is 1,000 redemptions — exactly 1,000.
# Usage: bash Benchmarks/ServerBenchmark/run.sh [seconds per wrk run, default 20]   (REGULARS_BINARY=… skips the build)
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds="${1:-20}"
here="Benchmarks/ServerBenchmark"

command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }
binary="${REGULARS_BINARY:-}"
if [ -z "$binary" ]; then
    swift build -c release --product regulars >/dev/null
    binary=.build/release/regulars
fi
work="$(mktemp -d)"
server_pid=""
stop_server() {
    if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; server_pid=""; fi
}
trap 'stop_server; rm -rf "$work"' EXIT

start_server() { # database port
    "$binary" serve --db "$1" --port "$2" > "$work/server-$2.log" 2>&1 &
    server_pid=$!
    for _ in $(seq 1 200); do curl -fsS "http://127.0.0.1:$2/health" >/dev/null 2>&1 && return; sleep 0.05; done
    echo "server did not start"; cat "$work/server-$2.log"; exit 1
}
new_key() { # database
    "$binary" key create --name "bench-$RANDOM" --role admin --db "$1" --json \
        | python3 -c 'import json, sys; print(json.load(sys.stdin)["secret"])'
}

echo "# $(date -u +%Y-%m-%dT%H:%M:%SZ) · $(nproc) cores · wrk $(wrk -v 2>&1 | head -1 | cut -d' ' -f2)"

# 1. Ingestion into a shop that already has segments (so every batch also re-scores its buyers).
db="$work/ingest.sqlite"
"$binary" demo --customers 3000 --orders 12000 --db "$db" >/dev/null
export REGULARS_KEY="$(new_key "$db")"
start_server "$db" 18401
wrk -t 4 -c 8 -d "${seconds}s" --latency -s "$here/ingest.lua" http://127.0.0.1:18401 | grep '^ingestion'
stop_server
echo "orders stored: $(sqlite3 "$db" 'SELECT count(*) FROM orders') (12000 from the demo before the run)"

# 2. Pricing against the trivial endpoint, same server, same run.
db="$work/pricing.sqlite"
"$binary" demo --db "$db" >/dev/null
export REGULARS_KEY="$(new_key "$db")"
python3 "$here/pricing_body.py" "$db" > "$work/pricing.json"
export PRICING_BODY_FILE="$work/pricing.json"
start_server "$db" 18402
wrk -t 4 -c 16 -d 3s -s "$here/pricing.lua" http://127.0.0.1:18402/v1/pricing >/dev/null   # warm-up
trivial=$(wrk -t 4 -c 16 -d "${seconds}s" --latency -s "$here/trivial.lua" http://127.0.0.1:18402/health | grep '^trivial')
pricing=$(wrk -t 4 -c 16 -d "${seconds}s" --latency -s "$here/pricing.lua" http://127.0.0.1:18402/v1/pricing | grep '^pricing')
echo "$trivial"
echo "$pricing"
python3 - "$trivial" "$pricing" <<'PY'
import re, sys
rate = lambda line: float(re.search(r"([0-9.]+) requests/s", line).group(1))
print(f"pricing / trivial: {rate(sys.argv[2]) / rate(sys.argv[1]) * 100:.0f}% (target ≥ 40%)")
PY
stop_server

# 3. 32 clients, one coupon template with a budget of 1,000 redemptions, 1,600 holders.
db="$work/redeem.sqlite"
"$binary" demo --db "$db" >/dev/null
key="$(new_key "$db")"
start_server "$db" 18403
python3 "$here/redeem.py" http://127.0.0.1:18403 "$key"
stop_server
