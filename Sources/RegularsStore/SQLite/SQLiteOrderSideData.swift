import GRDB
import Regulars

/// An order as its platform names it.
struct OrderKey: Hashable {
    var channel: Channel
    var externalID: String
}

/// Line files and after-sales files: what they say is kept in its own table (so the files may come in any order
/// and again), and every order they speak of is reconciled: its lines from the line file, its refund and state from
/// the order file's own word, its after-sales cases and its lines' refunds.
extension SQLiteImportSession {
    func writeLines(_ orders: ArraySlice<OrderLinesRecord>) async throws -> BatchCounts {
        try batch { db, _ in
            hasSideData = true
            for record in orders {
                try writeProducts(record.lines.lazy.map(\.product), db)
                let stored = try Self.storedLines(OrderKey(channel: record.channel, externalID: record.orderExternalID), db)
                if stored == record.lines {
                    state.counts.duplicate += 1
                    continue
                }
                try db.execute(sql: "DELETE FROM line_file_lines WHERE channel = ? AND order_external_id = ?",
                               arguments: [record.channel.rawValue, record.orderExternalID])
                for (number, line) in record.lines.enumerated() {
                    try db.execute(sql: """
                        INSERT INTO line_file_lines(channel, order_external_id, line_no, line_reference, sku, quantity,
                                                    unit_price, amount, refunded, refunded_in_full)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """, arguments: [record.channel.rawValue, record.orderExternalID, number + 1, line.lineReference,
                                         line.product.sku, line.quantity, line.unitPrice?.fen, line.amount?.fen,
                                         line.refunded.fen, line.refundedInFull])
                }
                if stored == nil { state.counts.inserted += 1 } else { state.counts.updated += 1 }
                if try !reconcile(OrderKey(channel: record.channel, externalID: record.orderExternalID), db,
                                  lines: record.lines) {
                    state.counts.awaitingOrder += 1
                }
            }
        }
    }

    func writeAfterSales(_ cases: ArraySlice<AfterSalesRecord>) async throws -> BatchCounts {
        try batch { db, _ in
            hasSideData = true
            var touched: [OrderKey] = []
            var seen = Set<OrderKey>()
            for record in cases {
                let existing = try Row.fetchOne(db, sql: """
                    SELECT order_external_id, line_reference, amount, outcome, status_text, created_at
                    FROM after_sales WHERE channel = ? AND external_id = ?
                    """, arguments: [record.channel.rawValue, record.externalID])
                if let existing, Self.afterSalesRecord(existing, channel: record.channel, id: record.externalID) == record {
                    state.counts.duplicate += 1
                    continue
                }
                try db.execute(sql: """
                    INSERT INTO after_sales(channel, external_id, order_external_id, line_reference, amount, outcome,
                                            status_text, created_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT(channel, external_id) DO UPDATE SET order_external_id = excluded.order_external_id,
                        line_reference = excluded.line_reference, amount = excluded.amount, outcome = excluded.outcome,
                        status_text = excluded.status_text, created_at = excluded.created_at
                    """, arguments: [record.channel.rawValue, record.externalID, record.orderExternalID,
                                     record.lineReference, record.amount?.fen, record.outcome.rawValue, record.statusText,
                                     record.createdAt?.secondsSinceEpoch])
                if existing == nil { state.counts.inserted += 1 } else { state.counts.updated += 1 }
                let key = OrderKey(channel: record.channel, externalID: record.orderExternalID)
                if seen.insert(key).inserted { touched.append(key) }
            }
            for key in touched where try !reconcile(key, db) {
                state.counts.awaitingOrder += 1
            }
        }
    }

    /// Brings one order in line with its line file and after-sales cases. Returns false when the order is not in
    /// the store (yet).
    /// `lines` are the order's line-file lines when the caller has just written them.
    @discardableResult
    func reconcile(_ key: OrderKey, _ db: Database, lines known: [OrderLinesRecord.Line]? = nil) throws -> Bool {
        guard let order = try Row.fetchOne(db, sql: """
            SELECT id, amount, refunded, status, file_status, file_refunded, paid_at FROM orders
            WHERE channel = ? AND external_id = ?
            """, arguments: [key.channel.rawValue, key.externalID]) else { return false }
        let orderID: Int64 = order["id"]
        let amount = Money(fen: order["amount"])
        var lineRefunds = Money.zero
        if let lines = try known ?? Self.storedLines(key, db) {
            let settled = OrderLinesRecord(channel: key.channel, orderExternalID: key.externalID, lines: lines)
                .settle(orderAmount: amount)
            lineRefunds = settled.refunded
            try db.execute(sql: "DELETE FROM order_lines WHERE order_id = ?", arguments: [orderID])
            for (number, line) in settled.lines.enumerated() {
                try db.execute(sql: """
                    INSERT INTO order_lines(order_id, line_no, sku, quantity, unit_price, amount) VALUES (?, ?, ?, ?, ?, ?)
                    """, arguments: [orderID, number + 1, line.product.sku, line.quantity, line.unitPrice.fen, line.amount.fen])
            }
        }
        let cases = try Row.fetchAll(db, sql: """
            SELECT external_id, order_external_id, line_reference, amount, outcome, status_text, created_at
            FROM after_sales WHERE channel = ? AND order_external_id = ?
            """, arguments: [key.channel.rawValue, key.externalID]).map { row in
            Self.afterSalesRecord(row, channel: key.channel, id: row["external_id"])
        }
        let reported = Money(fen: order["file_refunded"])
        if RefundReconciliation.casesTotal(cases, orderAmount: amount) > amount { state.counts.refundsCapped += 1 }
        let refunded = RefundReconciliation.refunded(orderAmount: amount, reported: reported, afterSales: cases,
                                                     lineRefunds: lineRefunds)
        let fileStatus = OrderStatus(rawValue: order["file_status"]) ?? .paid
        let status = OrderStatus.settled(reported: fileStatus, paidAt: (order["paid_at"] as Int64?).map(Instant.init(secondsSinceEpoch:)),
                                         amount: amount, refunded: refunded)
        if refunded.fen != order["refunded"] || status.rawValue != order["status"] {
            try db.execute(sql: "UPDATE orders SET refunded = ?, status = ? WHERE id = ?",
                           arguments: [refunded.fen, status.rawValue, orderID])
        }
        return true
    }

    private static func storedLines(_ key: OrderKey, _ db: Database) throws -> [OrderLinesRecord.Line]? {
        let rows = try Row.fetchAll(db, sql: """
            SELECT f.line_reference, f.sku, p.name, p.category, p.brand, f.quantity, f.unit_price, f.amount, f.refunded,
                   f.refunded_in_full
            FROM line_file_lines f JOIN products p ON p.sku = f.sku
            WHERE f.channel = ? AND f.order_external_id = ? ORDER BY f.line_no
            """, arguments: [key.channel.rawValue, key.externalID])
        guard !rows.isEmpty else { return nil }
        return rows.map { row in
            OrderLinesRecord.Line(
                lineReference: row["line_reference"],
                product: ProductRecord(sku: row["sku"], name: row["name"], category: row["category"], brand: row["brand"]),
                quantity: row["quantity"], unitPrice: (row["unit_price"] as Int64?).map(Money.init(fen:)),
                amount: (row["amount"] as Int64?).map(Money.init(fen:)), refunded: Money(fen: row["refunded"]),
                refundedInFull: row["refunded_in_full"])
        }
    }

    private static func afterSalesRecord(_ row: Row, channel: Channel, id: String) -> AfterSalesRecord {
        AfterSalesRecord(channel: channel, externalID: id, orderExternalID: row["order_external_id"],
                         lineReference: row["line_reference"], amount: (row["amount"] as Int64?).map(Money.init(fen:)),
                         outcome: AfterSalesOutcome(rawValue: row["outcome"]) ?? .none, statusText: row["status_text"],
                         createdAt: (row["created_at"] as Int64?).map(Instant.init(secondsSinceEpoch:)))
    }
}
