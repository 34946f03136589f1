import GRDB
import Regulars

/// The outbox: claiming, delivery outcomes, receipts, clicks and opens.
extension SQLiteStore: OutboxStore {
    public func claimDueMessages(at now: Instant, limit: Int, leaseSeconds: Int64,
                                 channels: Set<ContactChannel>) async throws -> [OutboxMessage] {
        guard !channels.isEmpty else { return [] }
        let channelList = channels.map { "'\($0.rawValue)'" }.sorted().joined(separator: ", ")
        return try await pool.write { db in
            // The last guard of opt-outs: whatever is due for a customer who has opted out since it was written dies.
            try db.execute(sql: """
                UPDATE messages SET status = 'dead', last_error = 'opted out before delivery', next_attempt_at = NULL
                WHERE (status = 'queued' OR status = 'sending') AND next_attempt_at <= ? AND EXISTS (
                    SELECT 1 FROM contact_preferences p WHERE p.customer_id = messages.customer_id AND p.state = 'opted_out'
                        AND (p.channel = messages.channel OR p.channel = 'all'))
                """, arguments: [now.secondsSinceEpoch])
            let rows = try Row.fetchAll(db, sql: """
                SELECT * FROM messages WHERE status = 'queued' AND next_attempt_at <= ? AND channel IN (\(channelList))
                UNION ALL
                SELECT * FROM messages WHERE status = 'sending' AND next_attempt_at <= ? AND channel IN (\(channelList))
                ORDER BY next_attempt_at, id LIMIT ?
                """, arguments: [now.secondsSinceEpoch, now.secondsSinceEpoch - leaseSeconds, limit])
            let claim = try db.cachedStatement(sql: """
                UPDATE messages SET status = 'sending', attempts = attempts + 1, next_attempt_at = ? WHERE id = ?
                """)
            return try rows.map { row in
                try claim.execute(arguments: [now.secondsSinceEpoch, row["id"] as Int64])
                var message = try Self.outboxMessage(row)
                message.status = .sending
                message.attempts += 1
                return message
            }
        }
    }

    public func markSent(_ id: Int64, providerID: String?, at now: Instant) async throws {
        try await pool.write { db in
            try db.execute(sql: """
                UPDATE messages SET status = 'sent', provider_id = ?, sent_at = ?, last_error = NULL, next_attempt_at = NULL
                WHERE id = ? AND status = 'sending'
                """, arguments: [providerID, now.secondsSinceEpoch, id])
        }
    }

    public func markAttemptFailed(_ id: Int64, error: String, retryAt: Instant?, at now: Instant) async throws {
        try await pool.write { db in
            try db.execute(sql: """
                UPDATE messages SET status = ?, last_error = ?, next_attempt_at = ? WHERE id = ? AND status = 'sending'
                """, arguments: [retryAt == nil ? "dead" : "queued", String(error.prefix(500)), retryAt?.secondsSinceEpoch, id])
        }
    }

    public func recordReceipt(messageID: Int64?, providerID: String?, delivered: Bool, detail: String?,
                              at now: Instant) async throws -> Bool {
        try await pool.write { db in
            let (condition, argument): (String, DatabaseValueConvertible?) = messageID.map { ("id = ?", $0) }
                ?? ("provider_id = ?", providerID)
            guard argument != nil else { return false }
            // A receipt never moves a message backwards (delivered stays delivered if a late "failed" arrives).
            try db.execute(sql: """
                UPDATE messages SET status = ?, delivered_at = CASE WHEN ? THEN ? ELSE delivered_at END,
                    last_error = COALESCE(?, last_error)
                WHERE \(condition) AND status <> 'delivered'
                """, arguments: [delivered ? "delivered" : "failed", delivered, now.secondsSinceEpoch,
                                 delivered ? nil : detail, argument])
            if db.changesCount > 0 { return true }
            return try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM messages WHERE \(condition))", arguments: [argument]) ?? false
        }
    }

    public func recordClick(token: String, at now: Instant) async throws -> OutboxMessage? {
        try await pool.write { db in
            try db.execute(sql: "UPDATE messages SET clicked_at = ? WHERE token = ? AND clicked_at IS NULL",
                           arguments: [now.secondsSinceEpoch, token])
            return try Row.fetchOne(db, sql: "SELECT * FROM messages WHERE token = ?", arguments: [token]).map(Self.outboxMessage)
        }
    }

    public func recordOpen(token: String, at now: Instant) async throws -> Bool {
        try await pool.write { db in
            try db.execute(sql: "UPDATE messages SET opened_at = ? WHERE token = ? AND opened_at IS NULL",
                           arguments: [now.secondsSinceEpoch, token])
            if db.changesCount > 0 { return true }
            return try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM messages WHERE token = ?)", arguments: [token]) ?? false
        }
    }

    public func messages(_ filter: MessageFilter, limit: Int) async throws -> [OutboxMessage] {
        try await pool.read { db in
            var conditions: [String] = []
            var arguments: StatementArguments = []
            if let journey = filter.journeyID { conditions.append("journey_id = ?"); arguments += [journey] }
            if let customer = filter.customerID { conditions.append("customer_id = ?"); arguments += [customer] }
            if let status = filter.status { conditions.append("status = ?"); arguments += [status.rawValue] }
            if let campaign = filter.campaign { conditions.append("campaign = ?"); arguments += [campaign] }
            arguments += [limit]
            let whereClause = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
            return try Row.fetchAll(db, sql: "SELECT * FROM messages \(whereClause) ORDER BY id DESC LIMIT ?",
                                    arguments: arguments).map(Self.outboxMessage)
        }
    }

    public func message(id: Int64) async throws -> OutboxMessage? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM messages WHERE id = ?", arguments: [id]).map(Self.outboxMessage)
        }
    }

    public func heldBackCounts(journey id: String?) async throws -> [HeldBackReason: Int] {
        try await pool.read { db in
            var counts: [HeldBackReason: Int] = [:]
            for row in try Row.fetchAll(db, sql: """
                SELECT reason, COUNT(*) AS n FROM held_back \(id == nil ? "" : "WHERE journey_id = ?") GROUP BY reason
                """, arguments: id.map { [$0] } ?? []) {
                if let reason = HeldBackReason(rawValue: row["reason"]) { counts[reason] = row["n"] }
            }
            return counts
        }
    }

    static func outboxMessage(_ row: Row) throws -> OutboxMessage {
        func instant(_ column: String) -> Instant? { (row[column] as Int64?).map(Instant.init(secondsSinceEpoch:)) }
        guard let channel = ContactChannel(rawValue: row["channel"]), let status = MessageStatus(rawValue: row["status"]) else {
            throw StoreError.invalid("message \(row["id"] as Int64) has an unknown channel or status")
        }
        return OutboxMessage(id: row["id"], customerID: row["customer_id"], journeyID: row["journey_id"], stepID: row["step_id"],
                             campaign: row["campaign"], channel: channel, recipient: row["recipient"], subject: row["subject"],
                             body: row["body"], variant: row["variant"], marketing: row["marketing"], link: row["link"],
                             token: row["token"], status: status, attempts: row["attempts"],
                             nextAttemptAt: instant("next_attempt_at"), lastError: row["last_error"],
                             providerID: row["provider_id"], createdAt: instant("created_at")!, sentAt: instant("sent_at"),
                             deliveredAt: instant("delivered_at"), openedAt: instant("opened_at"), clickedAt: instant("clicked_at"))
    }
}

/// Consent and opt-outs.
extension SQLiteStore: ContactPreferenceStore {
    public func setContactPreference(customer: Int64, channel: ContactChannel?, _ preference: ContactPreference, source: String,
                                     at now: Instant) async throws {
        try await pool.write { db in
            let root = try Self.liveCustomer(customer, db)
            try Self.setPreference(root, channel, preference, source, db, at: now)
        }
    }

    public func optOut(phone: String, channel: ContactChannel?, source: String, at now: Instant) async throws -> [Int64] {
        guard case .mobile(let number)? = PhoneNumber.parse(phone) else {
            throw StoreError.invalid("'\(phone)' is not a mobile number")
        }
        return try await pool.write { db in
            let customers = try Int64.fetchAll(db, sql: """
                SELECT DISTINCT customer_id FROM identities WHERE kind = 'phone' AND value = ? AND customer_id IS NOT NULL
                """, arguments: [number])
            for customer in customers { try Self.setPreference(customer, channel ?? .sms, .optedOut, source, db, at: now) }
            return customers
        }
    }

    public func contactPreferences(customer: Int64) async throws -> [(channel: ContactChannel?, preference: ContactPreference, at: Instant)] {
        try await pool.read { db in
            let root = try SQLiteCustomerTree.root(of: customer, in: db) ?? customer
            return try Row.fetchAll(db, sql: "SELECT channel, state, at FROM contact_preferences WHERE customer_id = ? ORDER BY channel",
                                    arguments: [root]).compactMap { row in
                guard let preference = ContactPreference(rawValue: row["state"]) else { return nil }
                return (ContactChannel(rawValue: row["channel"]), preference, Instant(secondsSinceEpoch: row["at"]))
            }
        }
    }

    private static func setPreference(_ customer: Int64, _ channel: ContactChannel?, _ preference: ContactPreference,
                                      _ source: String, _ db: Database, at now: Instant) throws {
        try db.execute(sql: """
            INSERT INTO contact_preferences(customer_id, channel, state, source, at) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT(customer_id, channel) DO UPDATE SET state = excluded.state, source = excluded.source, at = excluded.at
            """, arguments: [customer, channel?.rawValue ?? "all", preference.rawValue, source, now.secondsSinceEpoch])
        // An opt-out also stops what is already waiting in the outbox for that channel.
        if preference == .optedOut {
            try db.execute(sql: """
                UPDATE messages SET status = 'dead', last_error = 'opted out before delivery', next_attempt_at = NULL
                WHERE customer_id = ? AND status = 'queued' \(channel == nil ? "" : "AND channel = ?")
                """, arguments: channel == nil ? [customer] : [customer, channel!.rawValue])
        }
    }
}
