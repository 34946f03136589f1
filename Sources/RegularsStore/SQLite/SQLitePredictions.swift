import Foundation
import GRDB
import Regulars

/// Prediction models and customers' predictions: a scoring run replaces every row in one transaction (a million rows
/// through one prepared statement), readers join live customers so merged-away rows never show.
extension SQLiteStore: PredictionStore {
    public func savePredictions(model: PredictionModel, columns: CustomerPredictionColumns, customerIDs: [Int64],
                                at now: Instant) async throws -> Int64 {
        try PredictionRows.check(columns, customerIDs: customerIDs)
        let json = String(decoding: try PredictionRows.encoder.encode(model), as: UTF8.self)
        return try await pool.write { db in
            try db.execute(sql: "INSERT INTO prediction_models(fitted_at, created_at, model, reliable) VALUES (?, ?, ?, ?)",
                           arguments: [model.fittedAt.secondsSinceEpoch, now.secondsSinceEpoch, json,
                                       model.isReliable ? 1 : 0])
            let modelID = db.lastInsertedRowID
            // Every row is replaced: the rank indexes are built once at the end (a sort) rather than row by row.
            try db.execute(sql: """
                DROP INDEX IF EXISTS customer_predictions_clv;
                DROP INDEX IF EXISTS customer_predictions_churn;
                DELETE FROM customer_predictions;
                """)
            // A customer merged away or erased since the columns were loaded is skipped, not a failed run.
            var insert = try BulkStatement(db, """
                INSERT INTO customer_predictions(customer_id, model_id, p_alive, expected_purchases, expected_spend, clv,
                    churn_score, churn_level, scored_at)
                SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9 FROM customers WHERE id = ?1 AND merged_into IS NULL
                """)
            for i in 0 ..< columns.count where columns.scored[i] {
                insert.bind(customerIDs[i])
                insert.bind(modelID)
                insert.bind(columns.pAlive[i])
                insert.bind(columns.expectedPurchases[i])
                insert.bind(columns.expectedSpend[i])
                insert.bind(columns.clv[i])
                insert.bind(columns.churnScore[i])
                insert.bind(columns.churnLevel[i]!.rawValue)
                insert.bind(now.secondsSinceEpoch)
                try insert.run()
            }
            try db.execute(sql: """
                CREATE INDEX customer_predictions_clv ON customer_predictions(clv DESC);
                CREATE INDEX customer_predictions_churn ON customer_predictions(churn_score DESC);
                """)
            return modelID
        }
    }

    public func latestPredictionModel() async throws -> (id: Int64, model: PredictionModel)? {
        let stored = try await pool.read { db -> (id: Int64, json: String)? in
            try Row.fetchOne(db, sql: "SELECT id, model FROM prediction_models ORDER BY id DESC LIMIT 1").map { ($0["id"], $0["model"]) }
        }
        guard let (id, json) = stored else { return nil }
        do {
            return (id, try PredictionRows.decoder.decode(PredictionModel.self, from: Data(json.utf8)))
        } catch {
            throw StoreError.invalid("prediction model \(id) cannot be read: \(error)")
        }
    }

    public func loadPredictionColumns(customerIDs: [Int64]) async throws -> CustomerPredictionColumns {
        try await pool.read { db in
            var columns = CustomerPredictionColumns(count: customerIDs.count)
            let ascending = zip(customerIDs, customerIDs.dropFirst()).allSatisfy { $0 < $1 }
            let positions = ascending ? [:] : Dictionary(customerIDs.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
            var next = 0
            var select = try BulkStatement(db, """
                SELECT customer_id, p_alive, expected_purchases, expected_spend, clv, churn_score, churn_level
                FROM customer_predictions ORDER BY customer_id
                """)
            defer { select.reset() }
            while try select.step() {
                let id = select.int(0)!
                let index: Int
                if ascending {
                    // Both ascending: walk the ids alongside the rows.
                    while next < customerIDs.count, customerIDs[next] < id { next += 1 }
                    guard next < customerIDs.count, customerIDs[next] == id else { continue }
                    index = next
                } else {
                    guard let position = positions[id] else { continue }
                    index = position
                }
                guard let level = select.bytes(6).flatMap(PredictionRows.level) else { continue }
                columns.scored[index] = true
                columns.pAlive[index] = select.double(1) ?? 0
                columns.expectedPurchases[index] = select.double(2) ?? 0
                columns.expectedSpend[index] = select.int(3) ?? 0
                columns.clv[index] = select.int(4) ?? 0
                columns.churnScore[index] = select.double(5) ?? 0
                columns.churnLevel[index] = level
            }
            return columns
        }
    }

    public func topPredictions(by ranking: PredictionRanking, limit: Int) async throws -> [CustomerPredictionRow] {
        let order = ranking == .clv ? "p.clv DESC" : "p.churn_score DESC"
        return try await pool.read { db in
            try Row.fetchAll(db, sql: PredictionRows.select + """
                WHERE c.merged_into IS NULL ORDER BY \(order), p.customer_id LIMIT ?
                """, arguments: [max(0, limit)]).compactMap(PredictionRows.row)
        }
    }

    public func prediction(of customerID: Int64) async throws -> CustomerPredictionRow? {
        try await pool.read { db in
            guard let root = try SQLiteCustomerTree.root(of: customerID, in: db) else { return nil }
            return try Row.fetchOne(db, sql: PredictionRows.select + "WHERE p.customer_id = ?", arguments: [root])
                .flatMap(PredictionRows.row)
        }
    }

    public func churnLevelCounts() async throws -> [ChurnLevel: Int] {
        let rows = try await pool.read { db -> [(level: String, count: Int)] in
            try Row.fetchAll(db, sql: """
                SELECT p.churn_level, COUNT(*) FROM customer_predictions p JOIN customers c ON c.id = p.customer_id
                WHERE c.merged_into IS NULL GROUP BY p.churn_level
                """).map { ($0[0], $0[1]) }
        }
        var counts = Dictionary(uniqueKeysWithValues: ChurnLevel.allCases.map { ($0, 0) })
        for row in rows {
            guard let level = ChurnLevel(rawValue: row.level) else { continue }
            counts[level] = row.count
        }
        return counts
    }
}

/// How prediction rows are checked, written and read back.
private enum PredictionRows {
    /// Doubles a failed fit leaves infinite or NaN (a log-likelihood) still round-trip.
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf",
                                                                      nan: "nan")
        return encoder
    }()

    static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf",
                                                                        nan: "nan")
        return decoder
    }()

    /// Says which customer's numbers cannot be stored, before anything is written.
    static func check(_ columns: CustomerPredictionColumns, customerIDs: [Int64]) throws {
        let n = columns.count
        guard customerIDs.count == n, columns.pAlive.count == n, columns.expectedPurchases.count == n,
              columns.expectedSpend.count == n, columns.clv.count == n, columns.churnScore.count == n,
              columns.churnLevel.count == n else {
            throw StoreError.invalid("predictions for \(n) customers do not line up with \(customerIDs.count) customer ids")
        }
        for i in 0 ..< n where columns.scored[i] {
            let id = customerIDs[i]
            func bad(_ what: String) -> StoreError { .invalid("customer \(id): \(what); predictions not saved") }
            guard columns.pAlive[i].isFinite, (0 ... 1).contains(columns.pAlive[i]) else {
                throw bad("P(alive) \(columns.pAlive[i]) is not between 0 and 1")
            }
            guard columns.expectedPurchases[i].isFinite, columns.expectedPurchases[i] >= 0 else {
                throw bad("expected purchases \(columns.expectedPurchases[i]) is not a count")
            }
            guard columns.churnScore[i].isFinite else { throw bad("churn score \(columns.churnScore[i]) is not a number") }
            guard columns.churnLevel[i] != nil else { throw bad("scored without a churn level") }
        }
    }

    /// The level stored as `low`, `medium` or `high` (the CHECK allows nothing else): its first letter says which.
    static func level(_ text: UnsafeBufferPointer<UInt8>) -> ChurnLevel? {
        switch text.first {
        case UInt8(ascii: "l"): return .low
        case UInt8(ascii: "m"): return .medium
        case UInt8(ascii: "h"): return .high
        default: return nil
        }
    }

    /// The columns `row` reads, for a `WHERE` to follow.
    static let select = """
        SELECT p.customer_id, p.model_id, p.p_alive, p.expected_purchases, p.expected_spend, p.clv, p.churn_score,
               p.churn_level, p.scored_at, c.name, c.phone_display,
               (SELECT COALESCE(i.display, i.value) FROM identities i WHERE i.customer_id = c.id AND i.kind = 'phone'
                ORDER BY i.id LIMIT 1) AS phone
        FROM customer_predictions p JOIN customers c ON c.id = p.customer_id

        """

    static func row(_ row: Row) -> CustomerPredictionRow? {
        guard let level = ChurnLevel(rawValue: row["churn_level"]) else { return nil }
        return CustomerPredictionRow(
            customerID: row["customer_id"], name: row["name"], phone: row["phone"] ?? row["phone_display"],
            pAlive: row["p_alive"], expectedPurchases: row["expected_purchases"],
            expectedSpend: Money(fen: row["expected_spend"]), clv: Money(fen: row["clv"]), churnScore: row["churn_score"],
            churnLevel: level, modelID: row["model_id"], scoredAt: Instant(secondsSinceEpoch: row["scored_at"]))
    }
}
