import GRDB
import Regulars

/// What the trigger evaluator needs: the customers a trigger could concern in a window, and their facts.
extension SQLiteStore {
    public func triggerFacts(_ trigger: Trigger, after: Instant, through: Instant, lookback: Int64,
                             calendar: ShopCalendar) async throws -> [TriggerFacts] {
        try await pool.read { db in
            let candidates = try Self.candidates(trigger, after: after.secondsSinceEpoch, through: through.secondsSinceEpoch,
                                                 lookback: lookback, calendar: calendar, db)
            var facts: [TriggerFacts] = []
            facts.reserveCapacity(candidates.count)
            for chunk in stride(from: 0, to: candidates.count, by: 500).map({ candidates[$0..<min($0 + 500, candidates.count)] }) {
                facts += try Self.facts(Array(chunk), from: after.secondsSinceEpoch - lookback, through: through.secondsSinceEpoch, db)
            }
            return facts
        }
    }

    private static func candidates(_ trigger: Trigger, after a: Int64, through b: Int64, lookback: Int64,
                                   calendar: ShopCalendar, _ db: Database) throws -> [Int64] {
        let day: Int64 = 86_400
        func paid(_ from: Int64, _ to: Int64) throws -> [Int64] {
            try Int64.fetchAll(db, sql: """
                SELECT DISTINCT customer_id FROM orders WHERE paid_at > ? AND paid_at <= ? AND customer_id IS NOT NULL
                """, arguments: [from, to])
        }
        func events(_ type: EventType, _ from: Int64, _ to: Int64) throws -> [Int64] {
            try Int64.fetchAll(db, sql: """
                SELECT DISTINCT customer_id FROM events WHERE type = ? AND at > ? AND at <= ? AND customer_id IS NOT NULL
                """, arguments: [type.rawValue, from, to])
        }
        switch trigger {
        case .orderPaid, .firstOrder:
            return try paid(a, b)
        case .shipped:
            return try events(.shipped, a, b)
        case .delivered:
            return try events(.delivered, a, b)
        case .cartExpired:
            return try events(.cartExpired, a, b)
        case .cartAbandoned:
            return try events(.addToCart, a - lookback, b)
        case .productViewed:
            return try events(.view, a - lookback, b)
        case .presaleBalanceDue:
            return try Int64.fetchAll(db, sql: """
                SELECT DISTINCT customer_id FROM orders WHERE deposit > 0 AND status = 'pending' AND customer_id IS NOT NULL
                """)
        case .levelChanged:
            return try Int64.fetchAll(db, sql: """
                SELECT DISTINCT customer_id FROM segment_history WHERE dimension = 'pyramid' AND at > ? AND at <= ?
                """, arguments: [a, b])
        case .audienceEntered, .audienceLeft:
            return []
        case .birthday(let daysBefore):
            return try birthdays(from: a + Int64(daysBefore) * day, through: b + Int64(daysBefore) * day, calendar: calendar, db)
        case .noSecondOrder(let days), .silent(let days):
            return try paid(a - Int64(days) * day, b - Int64(days) * day)
        case .repurchase(let days, let cycles):
            let all = Array(cycles.values) + [days]
            return try paid(a - Int64(all.max()!) * day, b - Int64(all.min()!) * day)
        }
    }

    /// Customers whose birthday (month and day) falls on a local day the shifted window touches.
    private static func birthdays(from: Int64, through: Int64, calendar: ShopCalendar, _ db: Database) throws -> [Int64] {
        let first = calendar.local(Instant(secondsSinceEpoch: from)).date.daysSinceEpoch
        let last = calendar.local(Instant(secondsSinceEpoch: through)).date.daysSinceEpoch
        let rows = try Row.fetchAll(db, sql: "SELECT id, birthday FROM customers WHERE birthday IS NOT NULL AND merged_into IS NULL")
        guard last - first < 366 else { return rows.map { $0["id"] } }
        var monthDays = Set<Int>()
        for day in first...last {
            let date = CivilDate(daysSinceEpoch: day)
            monthDays.insert(date.month * 100 + date.day)
            // 29 Feb birthdays are kept on 28 Feb in other years.
            if date.month == 2 && date.day == 28 && CivilDate.daysIn(month: 2, year: date.year) == 28 { monthDays.insert(229) }
        }
        return rows.compactMap { row in
            let text: String = row["birthday"]
            let parts = text.split(separator: "-").compactMap { Int($0) }
            guard parts.count == 3, monthDays.contains(parts[1] * 100 + parts[2]) else { return nil }
            return row["id"]
        }
    }

    private static func facts(_ customers: [Int64], from: Int64, through: Int64, _ db: Database) throws -> [TriggerFacts] {
        let marks = databaseQuestionMarks(count: customers.count)
        var byCustomer: [Int64: TriggerFacts] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT id, birthday FROM customers WHERE id IN (\(marks))",
                                    arguments: StatementArguments(customers)) {
            let id: Int64 = row["id"]
            byCustomer[id] = TriggerFacts(customerID: id, birthday: (row["birthday"] as String?).flatMap(civilDate))
        }
        var orderIndex: [Int64: (customer: Int64, position: Int)] = [:]
        for row in try Row.fetchAll(db, sql: """
            SELECT id, customer_id, external_id, status, paid_at, created_at, deposit, balance FROM orders
            WHERE customer_id IN (\(marks)) AND (paid_at IS NOT NULL OR (deposit > 0 AND status = 'pending'))
            ORDER BY customer_id, COALESCE(paid_at, created_at), id
            """, arguments: StatementArguments(customers)) {
            let customer: Int64 = row["customer_id"]
            guard let status = OrderStatus(rawValue: row["status"]),
                  let at = (row["paid_at"] as Int64?) ?? (row["created_at"] as Int64?) else { continue }
            let order = TriggerFacts.PaidOrder(externalID: row["external_id"], at: Instant(secondsSinceEpoch: at), status: status,
                                               deposit: (row["deposit"] as Int64?).map(Money.init(fen:)),
                                               balance: (row["balance"] as Int64?).map(Money.init(fen:)))
            orderIndex[row["id"]] = (customer, byCustomer[customer]?.orders.count ?? 0)
            byCustomer[customer]?.orders.append(order)
        }
        if !orderIndex.isEmpty {
            let ids = Array(orderIndex.keys)
            for row in try Row.fetchAll(db, sql: """
                SELECT l.order_id, l.sku, p.name, p.category FROM order_lines l LEFT JOIN products p ON p.sku = l.sku
                WHERE l.order_id IN (\(databaseQuestionMarks(count: ids.count))) ORDER BY l.order_id, l.line_no
                """, arguments: StatementArguments(ids)) {
                guard let place = orderIndex[row["order_id"]] else { continue }
                byCustomer[place.customer]?.orders[place.position].items.append((row["sku"], row["name"], row["category"]))
            }
        }
        for row in try Row.fetchAll(db, sql: """
            SELECT customer_id, type, sku, at, duration_seconds FROM events
            WHERE customer_id IN (\(marks)) AND at > ? AND at <= ? ORDER BY customer_id, at, id
            """, arguments: StatementArguments(customers) + [from, through]) {
            guard let type = EventType(rawValue: row["type"]) else { continue }
            byCustomer[row["customer_id"]]?.events.append(TriggerFacts.Event(
                type: type, sku: row["sku"], at: Instant(secondsSinceEpoch: row["at"]), durationSeconds: row["duration_seconds"]))
        }
        for row in try Row.fetchAll(db, sql: """
            SELECT customer_id, from_value, to_value, at FROM segment_history
            WHERE dimension = 'pyramid' AND customer_id IN (\(marks)) AND at > ? AND at <= ? ORDER BY customer_id, at, id
            """, arguments: StatementArguments(customers) + [from, through]) {
            byCustomer[row["customer_id"]]?.levelChanges.append(TriggerFacts.LevelChange(
                from: row["from_value"], to: row["to_value"], at: Instant(secondsSinceEpoch: row["at"])))
        }
        return customers.compactMap { byCustomer[$0] }
    }

    private static func civilDate(_ text: String) -> CivilDate? {
        let parts = text.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3 else { return nil }
        let date = CivilDate(year: parts[0], month: parts[1], day: parts[2])
        return date.isValid ? date : nil
    }
}
