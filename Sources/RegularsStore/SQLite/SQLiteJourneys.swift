import Foundation
import GRDB
import Regulars

/// Journeys, their enrolments and the staff tasks they create.
extension SQLiteStore: JourneyStore {
    public func saveJourney(_ definition: JourneyDefinition, source: String, at now: Instant) async throws -> StoredJourney {
        let json = String(decoding: try JSONEncoder().encode(definition), as: UTF8.self)
        return try await pool.write { db in
            try db.execute(sql: """
                INSERT INTO journeys(id, name, source, definition, status, version, created_at, updated_at)
                VALUES (?, ?, ?, ?, 'active', 1, ?, ?)
                ON CONFLICT(id) DO UPDATE SET name = excluded.name, source = excluded.source,
                    definition = excluded.definition, version = version + 1, updated_at = excluded.updated_at
                """, arguments: [definition.id, definition.name, source, json, now.secondsSinceEpoch, now.secondsSinceEpoch])
            // A replacement may have fewer steps: enrolments past its end finish at their next turn (the runner
            // ends them as completed), so nothing here needs rewriting.
            return try Self.journey(definition.id, db)!
        }
    }

    public func journey(id: String) async throws -> StoredJourney? {
        try await pool.read { db in try Self.journey(id, db) }
    }

    public func journeys() async throws -> [StoredJourney] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM journeys ORDER BY id").map(Self.storedJourney)
        }
    }

    public func setJourneyStatus(id: String, _ status: JourneyStatus, at now: Instant) async throws -> Bool {
        try await pool.write { db in
            try db.execute(sql: "UPDATE journeys SET status = ?, updated_at = ? WHERE id = ?",
                           arguments: [status.rawValue, now.secondsSinceEpoch, id])
            return db.changesCount > 0
        }
    }

    public func setWatermark(journey id: String, _ watermark: Instant) async throws {
        try await pool.write { db in
            try db.execute(sql: "UPDATE journeys SET watermark = ? WHERE id = ?", arguments: [watermark.secondsSinceEpoch, id])
        }
    }

    public func enrolments(journey id: String?, customer: Int64?, limit: Int) async throws -> [Enrolment] {
        try await pool.read { db in
            var conditions: [String] = []
            var arguments: StatementArguments = []
            if let id { conditions.append("journey_id = ?"); arguments += [id] }
            if let customer { conditions.append("customer_id = ?"); arguments += [customer] }
            let whereClause = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
            arguments += [limit]
            return try Row.fetchAll(db, sql: "SELECT * FROM enrolments \(whereClause) ORDER BY id DESC LIMIT ?",
                                    arguments: arguments).map(Self.enrolment)
        }
    }

    public func staffTasks(openOnly: Bool, limit: Int) async throws -> [StaffTask] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: """
                SELECT * FROM staff_tasks \(openOnly ? "WHERE status = 'open'" : "") ORDER BY due_at, id LIMIT ?
                """, arguments: [limit]).map { row in
                StaffTask(id: row["id"], customerID: row["customer_id"], journeyID: row["journey_id"], title: row["title"],
                          dueAt: Instant(secondsSinceEpoch: row["due_at"]), open: (row["status"] as String) == "open",
                          createdAt: Instant(secondsSinceEpoch: row["created_at"]))
            }
        }
    }

    static func journey(_ id: String, _ db: Database) throws -> StoredJourney? {
        try Row.fetchOne(db, sql: "SELECT * FROM journeys WHERE id = ?", arguments: [id]).map(storedJourney)
    }

    static func storedJourney(_ row: Row) throws -> StoredJourney {
        let definition = try JSONDecoder().decode(JourneyDefinition.self, from: Data((row["definition"] as String).utf8))
        return StoredJourney(definition: definition, source: row["source"],
                             status: JourneyStatus(rawValue: row["status"]) ?? .paused, version: row["version"],
                             watermark: (row["watermark"] as Int64?).map(Instant.init(secondsSinceEpoch:)),
                             createdAt: Instant(secondsSinceEpoch: row["created_at"]),
                             updatedAt: Instant(secondsSinceEpoch: row["updated_at"]))
    }

    static func enrolment(_ row: Row) throws -> Enrolment {
        let variables = try JSONDecoder().decode([String: String].self, from: Data((row["variables"] as String).utf8))
        return Enrolment(id: row["id"], journeyID: row["journey_id"], customerID: row["customer_id"],
                         occurrence: row["occurrence"], holdout: row["holdout"], active: (row["state"] as String) == "active",
                         step: row["step"], dueAt: Instant(secondsSinceEpoch: row["due_at"]), runs: row["runs"],
                         variables: variables, enteredAt: Instant(secondsSinceEpoch: row["entered_at"]),
                         exitedAt: (row["exited_at"] as Int64?).map(Instant.init(secondsSinceEpoch:)),
                         exitReason: row["exit_reason"])
    }
}
