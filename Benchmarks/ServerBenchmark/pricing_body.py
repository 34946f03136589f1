"""Writes the pricing benchmark's request: the demo shop's biggest spender (a 王者 customer) and a cart of the six
best-selling SKUs at their latest prices, priced with the best coupon combination."""
import json
import sqlite3
import sys

db = sqlite3.connect(sys.argv[1])
customer = db.execute("""
    SELECT customer_id FROM orders WHERE customer_id IS NOT NULL
    GROUP BY customer_id ORDER BY sum(amount - refunded) DESC LIMIT 1""").fetchone()[0]
lines = []
for sku, category, price in db.execute("""
        SELECT l.sku, coalesce(p.category, ''), max(l.unit_price) FROM order_lines l LEFT JOIN products p ON p.sku = l.sku
        GROUP BY l.sku ORDER BY count(*) DESC LIMIT 6"""):
    line = {"sku": sku, "price": f"{price // 100}.{price % 100:02d}", "quantity": 1 + len(lines) % 2}
    if category:
        line["category"] = category
    lines.append(line)
print(json.dumps({"customer": customer, "cart": {"channel": "tmall", "shipping": "10", "lines": lines}, "best": True},
                 ensure_ascii=False))
