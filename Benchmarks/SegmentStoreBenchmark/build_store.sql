-- Fills a freshly migrated Regulars store from the RFM benchmark's orders CSV
-- (order_id,customer_id,paid_at,amount,refund_amount,status,sku), the way a long-running shop's store would hold it:
-- one customer and account identity per customer id, one order and one line per row. Run by the sqlite3 shell with
-- the CSV path substituted for :csv.
PRAGMA synchronous = OFF;
DROP INDEX IF EXISTS identities_key;
DROP INDEX IF EXISTS orders_key;
.import --csv :csv raw
BEGIN;
CREATE TEMP TABLE keys AS
    SELECT customer_id AS key, ROW_NUMBER() OVER (ORDER BY MIN(rowid)) AS id FROM raw GROUP BY customer_id;
CREATE INDEX temp.keys_key ON keys(key);
INSERT INTO customers(id, first_channel, created_at) SELECT id, 'tmall', 0 FROM keys;
INSERT INTO identities(customer_id, origin_customer_id, kind, channel, value) SELECT id, id, 'account', 'tmall', key FROM keys;
INSERT INTO products(sku, category) SELECT DISTINCT sku, 'C' || substr(sku, -1) FROM raw;
INSERT INTO orders(id, channel, external_id, customer_id, status, paid_at, amount, refunded, content_hash, file_status,
                   file_refunded)
    SELECT r.rowid, 'tmall', r.order_id, k.id, r.status, CAST(strftime('%s', r.paid_at) AS INTEGER) - 28800,
           CAST(round(r.amount * 100) AS INTEGER), CAST(round(r.refund_amount * 100) AS INTEGER), 0, r.status,
           CAST(round(r.refund_amount * 100) AS INTEGER)
    FROM raw r JOIN keys k ON k.key = r.customer_id;
INSERT INTO order_lines(order_id, line_no, sku, quantity, unit_price, amount)
    SELECT rowid, 1, sku, 1, CAST(round(amount * 100) AS INTEGER), CAST(round(amount * 100) AS INTEGER) FROM raw;
COMMIT;
DROP TABLE raw;
CREATE UNIQUE INDEX identities_key ON identities(kind, channel, value);
CREATE UNIQUE INDEX orders_key ON orders(channel, external_id);
