-- wrk: GET /health, the trivial reference of the pricing figure (the same server, the same key check skipped).
function done(summary, latency, requests)
    local seconds = summary.duration / 1e6
    io.write(string.format("trivial  GET /health: %.0f requests/s · p50 %.2f ms · p99 %.2f ms · %d errors\n",
        summary.requests / seconds, latency:percentile(50) / 1000, latency:percentile(99) / 1000,
        summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
