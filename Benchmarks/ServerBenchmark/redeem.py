"""Concurrent redemption over HTTP: a coupon template with a budget of 1,000 redemptions is issued to 1,600
customers, then 32 client threads redeem those coupons (one order each) as fast as they can. Exactly 1,000 must
redeem it; the other 600 orders go through without it (priced after the budget was spent) or are refused at
commit (priced before, committed after). Prints the count and the rate."""
import http.client
import json
import queue
import sys
import threading
import time
from urllib.parse import urlparse

base, key = urlparse(sys.argv[1]), sys.argv[2]
HEADERS = {"Authorization": f"Bearer {key}", "Content-Type": "application/json"}


def call(connection, method, path, body=None):
    connection.request(method, path, body=None if body is None else json.dumps(body), headers=HEADERS)
    response = connection.getresponse()
    return response.status, json.loads(response.read() or b"null")


setup = http.client.HTTPConnection(base.hostname, base.port, timeout=60)
template = {"id": "bench-20", "name": "压测 立减20", "benefit": {"type": "cash", "off": "20"},
            "validity": {"days": 30}, "redemption_budget": 1000}
status, answer = call(setup, "POST", "/v1/coupon-templates", template)
assert status == 201, (status, answer)
holders = []
# Customers of the demo shop are numbered from 1; issue to those of the first 2,400 ids that exist and take 1,600.
candidates = list(range(1, 2401))
for start in range(0, len(candidates), 1000):
    status, report = call(setup, "POST", "/v1/coupon-templates/bench-20/issue", {"customers": candidates[start:start + 1000]})
    assert status == 200, (status, report)
    holders += [(coupon["customerID"], coupon["code"]) for coupon in report["issued"]]
holders = holders[:1600]
assert len(holders) == 1600, f"only {len(holders)} coupons issued"

work = queue.Queue()
for number, (customer, code) in enumerate(holders):
    work.put((number, customer, code))
results = {"ok": 0, "without": 0, "refused": 0, "other": []}
lock = threading.Lock()


def client():
    connection = http.client.HTTPConnection(base.hostname, base.port, timeout=60)
    while True:
        try:
            number, customer, code = work.get_nowait()
        except queue.Empty:
            return
        body = {"customer": customer, "orderReference": f"BENCH-{number}", "coupons": [code],
                "cart": {"channel": "tmall", "lines": [{"sku": "BENCH-SKU", "price": "100", "quantity": 1}]}}
        status, answer = call(connection, "POST", "/v1/redemptions", body)
        with lock:
            if status == 201 and code in answer["redemption"]["couponCodes"]:
                results["ok"] += 1
            elif status == 201:
                # The budget was spent when it was priced: the order went through without the coupon.
                results["without"] += 1
            elif status == 409:
                results["refused"] += 1
            else:
                results["other"].append((status, answer))


started = time.perf_counter()
threads = [threading.Thread(target=client) for _ in range(32)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
elapsed = time.perf_counter() - started
status, stored = call(setup, "GET", "/v1/coupon-templates/bench-20")
print(f"redemption over HTTP: 32 clients, 1,600 holders, budget 1,000 → {results['ok']} redeemed, "
      f"{results['without']} priced without it, {results['refused']} refused at commit, {len(results['other'])} other · {1600 / elapsed:.0f} requests/s · "
      f"template says redeemed {stored.get('redeemed')}")
if results["other"]:
    print("unexpected answers:", results["other"][:3])
sys.exit(0 if results["ok"] == 1000 and not results["other"] else 1)
