import GRDB
import Regulars

/// What attribution reads: every journey's sent messages (last touch is across journeys), the entrants of the
/// journey asked about, and the paid orders of everyone involved.
extension SQLiteStore {
    public func attributionInputs(journey id: String?, since: Instant) async throws
        -> (touches: [Touch], entrants: [Entrant], orders: [AttributableOrder]) {
        try await pool.read { db in
            let touches = try Row.fetchAll(db, sql: """
                SELECT id, customer_id, journey_id, step_id, channel, variant, sent_at, delivered_at, opened_at, clicked_at
                FROM messages WHERE journey_id IS NOT NULL AND sent_at >= ?
                    AND (status = 'sent' OR status = 'delivered' OR status = 'failed')
                """, arguments: [since.secondsSinceEpoch]).compactMap { row -> Touch? in
                guard let channel = ContactChannel(rawValue: row["channel"]) else { return nil }
                return Touch(messageID: row["id"], customerID: row["customer_id"], journeyID: row["journey_id"],
                             stepID: row["step_id"] ?? "", channel: channel, variant: row["variant"],
                             at: Instant(secondsSinceEpoch: row["sent_at"]), delivered: row["delivered_at"] != nil,
                             opened: row["opened_at"] != nil, clicked: row["clicked_at"] != nil)
            }
            let entrants = try Row.fetchAll(db, sql: """
                SELECT journey_id, customer_id, entered_at, holdout FROM enrolments
                WHERE entered_at >= ? \(id == nil ? "" : "AND journey_id = ?")
                """, arguments: id.map { [since.secondsSinceEpoch, $0] } ?? [since.secondsSinceEpoch]).map { row in
                Entrant(customerID: row["customer_id"], journeyID: row["journey_id"],
                        enteredAt: Instant(secondsSinceEpoch: row["entered_at"]), holdout: row["holdout"])
            }
            let customers = Array(Set(touches.map(\.customerID) + entrants.map(\.customerID)))
            var orders: [AttributableOrder] = []
            for start in stride(from: 0, to: customers.count, by: 500) {
                let chunk = Array(customers[start..<min(start + 500, customers.count)])
                orders += try Row.fetchAll(db, sql: """
                    SELECT customer_id, external_id, paid_at, amount - refunded AS net FROM orders
                    WHERE customer_id IN (\(databaseQuestionMarks(count: chunk.count))) AND paid_at >= ?
                    """, arguments: StatementArguments(chunk) + [since.secondsSinceEpoch]).map { row in
                    AttributableOrder(customerID: row["customer_id"], externalID: row["external_id"],
                                      at: Instant(secondsSinceEpoch: row["paid_at"]), amount: Money(fen: row["net"]))
                }
            }
            return (touches, entrants, orders)
        }
    }
}

extension SQLiteStore: AutomationStore {}
