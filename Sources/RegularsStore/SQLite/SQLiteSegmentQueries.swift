import GRDB
import Regulars

/// Segment history: one customer's moves, moves between two moments, and the flow matrix between two moments.
extension SQLiteStore {
    public func segmentHistory(customer: Int64) async throws -> [SegmentChange] {
        try await pool.read { db in
            guard let root = try SQLiteCustomerTree.root(of: customer, in: db) else { return [] }
            return try Row.fetchAll(db, sql: """
                SELECT customer_id, dimension, from_value, to_value, at FROM segment_history
                WHERE customer_id = ? ORDER BY at, id
                """, arguments: [root]).map(Self.change)
        }
    }

    public func segmentMoves(_ dimension: SegmentDimension, from: String?, to: String?, since: Instant,
                             until: Instant) async throws -> [SegmentChange] {
        try await pool.read { db in
            var sql = """
                SELECT customer_id, dimension, from_value, to_value, at FROM segment_history
                WHERE dimension = ? AND at >= ? AND at < ?
                """
            var arguments: StatementArguments = [dimension.rawValue, since.secondsSinceEpoch, until.secondsSinceEpoch]
            if let from {
                sql += " AND from_value = ?"
                arguments += [from]
            }
            if let to {
                sql += " AND to_value = ?"
                arguments += [to]
            }
            return try Row.fetchAll(db, sql: sql + " ORDER BY at, id", arguments: arguments).map(Self.change)
        }
    }

    /// A customer's state at a moment is the last move recorded at or before it.
    public func segmentFlow(_ dimension: SegmentDimension, from: Instant, to: Instant) async throws -> [SegmentFlowCell] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: """
                WITH known AS (SELECT id, customer_id, to_value, at FROM segment_history
                               WHERE dimension = :dimension AND at <= :to),
                before AS (SELECT customer_id, to_value FROM (
                    SELECT customer_id, to_value, ROW_NUMBER() OVER (PARTITION BY customer_id ORDER BY at DESC, id DESC) AS n
                    FROM known WHERE at <= :from) WHERE n = 1),
                after AS (SELECT customer_id, to_value FROM (
                    SELECT customer_id, to_value, ROW_NUMBER() OVER (PARTITION BY customer_id ORDER BY at DESC, id DESC) AS n
                    FROM known) WHERE n = 1)
                SELECT b.to_value AS from_value, a.to_value AS to_value, COUNT(*) AS customers
                FROM after a LEFT JOIN before b USING (customer_id)
                WHERE b.to_value IS NOT NULL OR a.to_value IS NOT NULL
                GROUP BY 1, 2 ORDER BY 1, 2
                """, arguments: ["dimension": dimension.rawValue, "from": from.secondsSinceEpoch, "to": to.secondsSinceEpoch])
                .map { SegmentFlowCell(from: $0["from_value"], to: $0["to_value"], customers: $0["customers"]) }
        }
    }

    private static func change(_ row: Row) -> SegmentChange {
        SegmentChange(customerID: row["customer_id"], dimension: SegmentDimension(rawValue: row["dimension"]) ?? .tag,
                      from: row["from_value"], to: row["to_value"], at: Instant(secondsSinceEpoch: row["at"]))
    }
}

/// The stored segments, counted and per customer.
extension SQLiteStore {
    public func storedSegmentSummary(calendar: ShopCalendar, windowDays: Int) async throws -> SegmentSummary? {
        guard let (baseline, at) = try await loadBaseline() else { return nil }
        return try await pool.read { db in
            var pyramid: [PyramidLevel: Int] = [:], lifecycle: [LifecycleStage: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT pyramid, COUNT(*) AS n FROM customer_segments GROUP BY 1") {
                if let level = PyramidLevel(rawValue: row["pyramid"]) { pyramid[level] = row["n"] }
            }
            for row in try Row.fetchAll(db, sql: "SELECT lifecycle, COUNT(*) AS n FROM customer_segments GROUP BY 1") {
                if let stage = LifecycleStage(rawValue: row["lifecycle"]) { lifecycle[stage] = row["n"] }
            }
            var classes: [RFMClass: (Int, Int64)] = [:]
            for row in try Row.fetchAll(db, sql: """
                SELECT rfm_class, COUNT(*) AS n, SUM(monetary) AS revenue FROM customer_segments
                WHERE rfm_class IS NOT NULL GROUP BY 1
                """) {
                if let rfmClass = RFMClass(rawValue: row["rfm_class"]) { classes[rfmClass] = (row["n"], row["revenue"]) }
            }
            let totals = try Row.fetchOne(db, sql: """
                SELECT COUNT(*) AS buyers, COUNT(rfm_class) AS scored, COALESCE(SUM(sleep_warning), 0) AS warnings
                FROM customer_segments
                """)!
            return SegmentSummary(
                asOf: calendar.local(at).date, windowDays: windowDays, buyers: totals["buyers"], scored: totals["scored"],
                pyramid: pyramid,
                classes: RFMClass.allCases.map {
                    .init(rfmClass: $0, customers: classes[$0]?.0 ?? 0, revenue: Money(fen: classes[$0]?.1 ?? 0))
                },
                lifecycle: lifecycle, sleepWarnings: totals["warnings"], baseline: baseline)
        }
    }

    public func storedSegment(customer: Int64, calendar: ShopCalendar) async throws -> CustomerSegment? {
        let computedAt = try await loadBaseline()?.at
        return try await pool.read { db in
            guard let computedAt, let root = try SQLiteCustomerTree.root(of: customer, in: db),
                  let row = try Row.fetchOne(db, sql: "SELECT * FROM customer_segments WHERE customer_id = ?", arguments: [root])
            else { return nil }
            let lastDay: Int64 = row["last_purchase_day"]
            let asOfDay = LocalTime.day(calendar.localSeconds(computedAt))
            return CustomerSegment(
                recencyDays: Int(asOfDay - lastDay), frequency: row["frequency"], monetary: Money(fen: row["monetary"]),
                rScore: row["r_score"], fScore: row["f_score"], mScore: row["m_score"],
                rfmClass: (row["rfm_class"] as String?).flatMap(RFMClass.init(rawValue:)),
                pyramid: PyramidLevel(rawValue: row["pyramid"]), lifecycle: LifecycleStage(rawValue: row["lifecycle"]),
                sleepWarning: row["sleep_warning"] == 1, orders: row["orders"], spend: Money(fen: row["spend"]),
                firstPurchaseDay: CivilDate(daysSinceEpoch: row["first_purchase_day"]),
                lastPurchaseDay: CivilDate(daysSinceEpoch: lastDay))
        }
    }
}
