-- wrk: POST /v1/orders/batch with 100 new orders per request. Each thread numbers its own batches, so every order id
-- is new; buyers come from a pool of 200,000 phone numbers, so repeat buyers and identity look-ups are real.
-- Counts answers that are not 200 or that rejected an item, and prints them at the end.
local threads = {}
local thread_number = 0

function setup(thread)
    thread_number = thread_number + 1
    thread:set("tid", thread_number)
    table.insert(threads, thread)
end

function init(args)
    batch = 0
    failures = 0
    rejected = 0
    math.randomseed(tid * 7919)
    wrk.headers["Authorization"] = "Bearer " .. os.getenv("REGULARS_KEY")
    wrk.headers["Content-Type"] = "application/json"
end

function request()
    batch = batch + 1
    local orders = {}
    for i = 1, 100 do
        local buyer = math.random(0, 199999)
        local cents = math.random(1000, 99999)
        local day = math.random(1, 28)
        orders[i] = string.format(
            '{"channel":"tmall","externalID":"W%d-%d-%d","phone":"138%08d","status":"completed",' ..
            '"createdAt":"2026-10-%02dT10:00:00Z","paidAt":"2026-10-%02dT10:05:00Z","amount":"%d.%02d",' ..
            '"lines":[{"sku":"SKU-%d","quantity":1,"unitPrice":"%d.%02d"}]}',
            tid, batch, i, buyer, day, day, math.floor(cents / 100), cents % 100, buyer % 500, math.floor(cents / 100), cents % 100)
    end
    return wrk.format("POST", "/v1/orders/batch", nil, '{"orders":[' .. table.concat(orders, ",") .. ']}')
end

function response(status, headers, body)
    if status ~= 200 then
        failures = failures + 1
    elseif not string.find(body, '"rejected":0', 1, true) then
        rejected = rejected + 1
    end
end

function done(summary, latency, requests)
    local failed, with_rejections = 0, 0
    for _, thread in ipairs(threads) do
        failed = failed + thread:get("failures")
        with_rejections = with_rejections + thread:get("rejected")
    end
    local seconds = summary.duration / 1e6
    local answered = summary.requests - failed
    io.write(string.format("ingestion: %d batches of 100 in %.1f s, %d not 200, %d with rejected items · %.0f orders/s · p50 %.1f ms · p99 %.1f ms\n",
        summary.requests, seconds, failed, with_rejections, answered * 100 / seconds,
        latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
