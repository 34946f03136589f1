"""RFM reference for the Regulars RFM benchmark: the same figures as `regulars analyze rfm`, computed with DuckDB
(SQL over read_csv) or polars (lazy scan_csv), timed end to end including reading the CSV.

    python reference.py duckdb|polars ORDERS.csv AS_OF [WINDOW_DAYS]

Purchases: orders whose status is paid, shipped, completed or partially_refunded, one per order id, net = amount −
refund (never below 0), in fen. Window: the WINDOW_DAYS days ending on the as-of day (local dates are the
timestamp's date part). Recency days = as-of date − last purchase date; frequency = orders in the window; monetary =
net in the window. Score = 1 + floor(5 * (RANK() OVER (ORDER BY goodness) - 1) / N), goodness = −recency, frequency,
monetary. R high iff recency·N < Σrecency, F high iff f·N > Σf, M high iff m·N > Σm (exact integers).
Prints one JSON object: engine, seconds, peakMiB (this process's peak resident memory), counts, classes, scores.
"""
import datetime
import json
import resource
import sys
import time

PURCHASE = ["paid", "shipped", "completed", "partially_refunded"]
CLASSES = {
    (True, True, True): "important-value", (True, False, True): "important-develop",
    (False, True, True): "important-keep", (False, False, True): "important-retain",
    (True, True, False): "general-value", (True, False, False): "general-develop",
    (False, True, False): "general-keep", (False, False, False): "general-retain",
}


def summarise(rows, purchases, buyers):
    """rows: (r_high, f_high, m_high, r_score, f_score, m_score, customers) groups."""
    classes = {name: 0 for name in CLASSES.values()}
    scores = {"r": [0] * 5, "f": [0] * 5, "m": [0] * 5}
    scored = 0
    for rh, fh, mh, rs, fs, ms, n in rows:
        classes[CLASSES[(bool(rh), bool(fh), bool(mh))]] += n
        scores["r"][int(rs) - 1] += n
        scores["f"][int(fs) - 1] += n
        scores["m"][int(ms) - 1] += n
        scored += n
    return {"purchases": int(purchases), "buyers": int(buyers), "scored": scored, "classes": classes, "scores": scores}


def run_duckdb(path, as_of, window):
    import duckdb
    con = duckdb.connect()
    start = as_of - datetime.timedelta(days=window - 1)
    query = f"""
    WITH raw AS (
        SELECT * FROM read_csv(?, header = true, delim = ',', quote = '"',
            columns = {{'order_id': 'VARCHAR', 'customer_id': 'VARCHAR', 'paid_at': 'TIMESTAMP',
                        'amount': 'DECIMAL(18,2)', 'refund_amount': 'DECIMAL(18,2)', 'status': 'VARCHAR',
                        'sku': 'VARCHAR'}},
            timestampformat = '%Y-%m-%d %H:%M:%S')
    ),
    orders AS (
        SELECT DISTINCT ON (order_id) customer_id, paid_at, amount, refund_amount AS refund, status FROM raw
    ),
    purchases AS (
        SELECT customer_id, CAST(paid_at AS DATE) AS d,
               greatest(CAST(amount * 100 AS BIGINT) - CAST(coalesce(refund, 0) * 100 AS BIGINT), 0) AS net
        FROM orders
        WHERE status IN ('paid', 'shipped', 'completed', 'partially_refunded') AND customer_id IS NOT NULL
    ),
    customers AS (
        SELECT customer_id, count(*) AS orders, max(d) FILTER (WHERE d <= DATE '{as_of}') AS last_day,
               count(*) FILTER (WHERE d BETWEEN DATE '{start}' AND DATE '{as_of}') AS f,
               coalesce(sum(net) FILTER (WHERE d BETWEEN DATE '{start}' AND DATE '{as_of}'), 0) AS m
        FROM purchases GROUP BY customer_id
    ),
    counted AS (SELECT *, sum(orders) OVER () AS purchases, count(last_day) OVER () AS buyers FROM customers),
    scored AS (
        SELECT DATE '{as_of}' - last_day AS rec, f, CAST(m AS BIGINT) AS m, purchases, buyers FROM counted WHERE f > 0
    ),
    ranked AS (
        SELECT rec * count(*) OVER () < sum(rec) OVER () AS rh,
               f * count(*) OVER () > sum(f) OVER () AS fh,
               m * count(*) OVER () > sum(m) OVER () AS mh,
               1 + (5 * (rank() OVER (ORDER BY -rec) - 1)) // count(*) OVER () AS rs,
               1 + (5 * (rank() OVER (ORDER BY f) - 1)) // count(*) OVER () AS fs,
               1 + (5 * (rank() OVER (ORDER BY m) - 1)) // count(*) OVER () AS ms,
               purchases, buyers
        FROM scored
    )
    SELECT rh, fh, mh, rs, fs, ms, count(*) AS customers, any_value(purchases), any_value(buyers)
    FROM ranked GROUP BY rh, fh, mh, rs, fs, ms
    """
    rows = con.execute(query, [path]).fetchall()
    purchases = rows[0][7] if rows else 0
    buyers = rows[0][8] if rows else 0
    return summarise([row[:7] for row in rows], purchases, buyers)


def run_polars(path, as_of, window):
    import polars as pl
    start = as_of - datetime.timedelta(days=window - 1)
    schema = {"order_id": pl.String, "customer_id": pl.String, "paid_at": pl.String, "amount": pl.Float64,
              "refund_amount": pl.Float64, "status": pl.String, "sku": pl.String}
    orders = pl.scan_csv(path, schema=schema).unique(subset=["order_id"], keep="any")
    fen = lambda column: (pl.col(column).fill_null(0.0) * 100).round(0).cast(pl.Int64)
    purchases = (
        orders.filter(pl.col("status").is_in(PURCHASE) & pl.col("customer_id").is_not_null())
        .select(
            pl.col("customer_id"),
            pl.col("paid_at").str.slice(0, 10).str.to_date("%Y-%m-%d").alias("d"),
            pl.max_horizontal(fen("amount") - fen("refund_amount"), pl.lit(0)).alias("net"),
        )
    )
    in_window = pl.col("d").is_between(start, as_of)
    customers = (
        purchases.group_by("customer_id")
        .agg(
            pl.len().alias("orders"),
            pl.col("d").filter(pl.col("d") <= as_of).max().alias("last_day"),
            in_window.sum().cast(pl.Int64).alias("f"),
            pl.when(in_window).then(pl.col("net")).otherwise(0).sum().alias("m"),
        )
        .collect()
    )
    n = pl.len()
    ranked = (
        customers.lazy().filter(pl.col("f") > 0)
        .with_columns((pl.lit(as_of) - pl.col("last_day")).dt.total_days().cast(pl.Int64).alias("rec"))
        .select(
            (pl.col("rec") * n < pl.col("rec").sum()).alias("rh"),
            (pl.col("f") * n > pl.col("f").sum()).alias("fh"),
            (pl.col("m") * n > pl.col("m").sum()).alias("mh"),
            (1 + (5 * ((-pl.col("rec")).rank("min").cast(pl.Int64) - 1)) // n).alias("rs"),
            (1 + (5 * (pl.col("f").rank("min").cast(pl.Int64) - 1)) // n).alias("fs"),
            (1 + (5 * (pl.col("m").rank("min").cast(pl.Int64) - 1)) // n).alias("ms"),
        )
        .group_by(["rh", "fh", "mh", "rs", "fs", "ms"])
        .agg(pl.len().alias("customers"))
        .collect()
    )
    rows = ranked.select(["rh", "fh", "mh", "rs", "fs", "ms", "customers"]).rows()
    buyers = customers.filter(pl.col("last_day").is_not_null()).height
    return summarise(rows, customers["orders"].sum(), buyers)


def main():
    engine, path, as_of_text = sys.argv[1], sys.argv[2], sys.argv[3]
    window = int(sys.argv[4]) if len(sys.argv) > 4 else 365
    as_of = datetime.date.fromisoformat(as_of_text)
    run = {"duckdb": run_duckdb, "polars": run_polars}[engine]
    started = time.perf_counter()
    result = run(path, as_of, window)
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    print(json.dumps({"engine": engine, "seconds": seconds, "peakMiB": peak, **result}, sort_keys=True))


if __name__ == "__main__":
    main()
