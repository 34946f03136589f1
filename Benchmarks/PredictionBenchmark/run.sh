#!/usr/bin/env bash
# Prediction benchmark: BG/NBD and Gamma-Gamma fitted on the same per-customer summary by Regulars and by the Python
# `lifetimes` package (parameters to 3 significant digits, log-likelihoods to 0.01, Regulars ≥ 20× faster), then the
# Regulars fit time for 2 million customers. Run from the repository root:
#     bash Benchmarks/PredictionBenchmark/run.sh [customers]        (default 100000)
# SCRATCH_PATH=.build-x builds into another scratch folder; SCALE_CUSTOMERS=0 skips the 2-million run.
set -euo pipefail

customers="${1:-100000}"
scale_customers="${SCALE_CUSTOMERS:-2000000}"
here="Benchmarks/PredictionBenchmark"
venv=".venv-lifetimes"
[[ -f Package.swift && -d "$here" ]] || { echo "run from the repository root" >&2; exit 2; }

if [[ ! -x "$venv/bin/python" ]]; then
    echo "== creating $venv with lifetimes 0.11.3" >&2
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet 'lifetimes==0.11.3' 'numpy==1.26.*' 'pandas==2.1.*' 'scipy==1.13.*'
fi

build=(swift build -c release --product PredictionBenchmark)
[[ -n "${SCRATCH_PATH:-}" ]] && build+=(--scratch-path "$SCRATCH_PATH")
echo "== ${build[*]}" >&2
"${build[@]}"
benchmark="$("${build[@]}" --show-bin-path)/PredictionBenchmark"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

echo "== simulating $customers customers" >&2
"$benchmark" simulate --customers "$customers" --out "$work/summary.csv"

echo "== fitting with lifetimes" >&2
"$venv/bin/python" "$here/lifetimes_fit.py" "$work/summary.csv" > "$work/lifetimes.json"

echo "== fitting with Regulars and comparing" >&2
status=0
"$benchmark" compare --summary "$work/summary.csv" --reference "$work/lifetimes.json" || status=$?

if (( scale_customers > 0 )); then
    echo "== Regulars at $scale_customers customers" >&2
    "$benchmark" scale --customers "$scale_customers"
fi
exit "$status"
