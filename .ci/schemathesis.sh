#!/usr/bin/env bash
# Runs Schemathesis (PyPI, in a virtual environment) against a live `regulars serve` on loopback over a small demo
# shop: a bounded number of generated requests per operation; it fails on any 5xx and on any answer that differs
# from /openapi.json (status, content type, headers, body schema), and on schema-violating requests accepted.
set -euo pipefail
cd "$(dirname "$0")/.."

binary="${1:-.build/debug/regulars}"
examples="${SCHEMATHESIS_EXAMPLES:-25}"
work="$(mktemp -d)"
venv="${SCHEMATHESIS_VENV:-$work/venv}"
port=$((20000 + RANDOM % 20000))
server_pid=""
cleanup() {
    if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT

if [ ! -x "$venv/bin/schemathesis" ]; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install -q "schemathesis==4.32.5"
fi

db="$work/shop.sqlite"
"$binary" demo --customers 300 --orders 1200 --db "$db" > "$work/demo.log"
secret="$("$binary" key create --name schemathesis --role admin --db "$db" --json \
    | python3 -c 'import json, sys; print(json.load(sys.stdin)["secret"])')"
"$binary" serve --db "$db" --port "$port" > "$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 100); do
    curl -fsS "http://127.0.0.1:$port/health" >/dev/null 2>&1 && break
    sleep 0.1
done

# keys.revoke is left out: a generated name or id could revoke the key the run itself uses.
status=0
"$venv/bin/schemathesis" run "http://127.0.0.1:$port/openapi.json" \
    --header "Authorization: Bearer $secret" \
    --checks not_a_server_error,status_code_conformance,content_type_conformance,response_headers_conformance,response_schema_conformance,negative_data_rejection,unsupported_method \
    --exclude-operation-id keys.revoke \
    --max-examples "$examples" --seed 6 --no-color --workers 2 --request-timeout 20 \
    --phases examples,coverage,fuzzing --suppress-health-check all || status=$?
if [ "$status" -ne 0 ]; then
    echo "--- server log (last 40 lines) ---"
    tail -40 "$work/server.log"
fi
exit "$status"
