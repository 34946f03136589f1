-- wrk: POST /v1/pricing with the body written by pricing_body.py (a customer, a cart, the best coupons).
local file = io.open(os.getenv("PRICING_BODY_FILE"), "r")
local body = file:read("*a")
file:close()
wrk.method = "POST"
wrk.body = body
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("REGULARS_KEY")

function done(summary, latency, requests)
    local seconds = summary.duration / 1e6
    io.write(string.format("pricing  POST /v1/pricing: %.0f requests/s · p50 %.2f ms · p99 %.2f ms · %d errors\n",
        summary.requests / seconds, latency:percentile(50) / 1000, latency:percentile(99) / 1000,
        summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
