import Foundation
import GRDB
import Regulars

/// Entering customers into journeys and moving them along, one transaction per enrolment so that every step runs
/// exactly once: the step's effects (a message in the outbox, a coupon, a tag, a task), its record in step_runs and
/// the cursor's move commit together or not at all.
extension SQLiteStore {
    /// Enrols whoever the requests name, once per occurrence and under the journey's re-entry rule; a stable share
    /// (the holdout percentage) is kept as holdout. Returns the new enrolments' ids.
    public func enrol(_ requests: [EnrolmentRequest], in journey: JourneyDefinition, at now: Instant) async throws -> [Int64] {
        guard !requests.isEmpty else { return [] }
        return try await pool.write { db in
            var created: [Int64] = []
            for request in requests {
                guard let root = try SQLiteCustomerTree.root(of: request.customerID, in: db) else { continue }
                guard try Self.mayEnter(root, journey, db, at: request.occurrence.at) else { continue }
                let holdout = journey.isHoldout(root)
                let variables = String(decoding: try JSONEncoder().encode(request.occurrence.variables), as: UTF8.self)
                try db.execute(sql: """
                    INSERT OR IGNORE INTO enrolments(journey_id, customer_id, occurrence, holdout, state, step, due_at,
                        variables, entered_at)
                    VALUES (?, ?, ?, ?, 'active', 0, ?, ?, ?)
                    """, arguments: [journey.id, root, request.occurrence.key, holdout, request.occurrence.at.secondsSinceEpoch,
                                     variables, request.occurrence.at.secondsSinceEpoch])
                if db.changesCount > 0 { created.append(db.lastInsertedRowID) }
            }
            return created
        }
    }

    /// Active enrolments whose next step is due, oldest first.
    public func dueEnrolments(at now: Instant, limit: Int) async throws -> [Enrolment] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: """
                SELECT * FROM enrolments WHERE state = 'active' AND due_at <= ?
                    AND journey_id IN (SELECT id FROM journeys WHERE status = 'active')
                ORDER BY due_at, id LIMIT ?
                """, arguments: [now.secondsSinceEpoch, limit]).map(Self.enrolment)
        }
    }

    /// Runs the enrolment's due steps up to the next wait (or its end). A second call for the same moment finds
    /// nothing due and does nothing.
    public func advance(enrolment id: Int64, journey: JourneyDefinition, context: StepContext, now: Instant) async throws -> AdvanceReport {
        try await pool.write { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM enrolments WHERE id = ?", arguments: [id]) else {
                return AdvanceReport()
            }
            var enrolment = try Self.enrolment(row)
            guard enrolment.active, enrolment.dueAt <= now else { return AdvanceReport() }
            let runner = SQLiteStepRunner(db: db, journey: journey, context: context, now: now)
            let report = try runner.run(&enrolment)
            try db.execute(sql: """
                UPDATE enrolments SET state = ?, step = ?, runs = ?, due_at = ?, variables = ?, exited_at = ?, exit_reason = ?
                WHERE id = ?
                """, arguments: [enrolment.active ? "active" : "done", enrolment.step, enrolment.runs,
                                 enrolment.dueAt.secondsSinceEpoch,
                                 String(decoding: try JSONEncoder().encode(enrolment.variables), as: UTF8.self),
                                 enrolment.exitedAt?.secondsSinceEpoch, enrolment.exitReason, id])
            return report
        }
    }

    /// Who was in an audience-triggered journey's audience at its last look.
    public func audienceMembers(journey id: String) async throws -> Set<Int64> {
        try await pool.read { db in
            Set(try Int64.fetchAll(db, sql: "SELECT customer_id FROM journey_audience_members WHERE journey_id = ?", arguments: [id]))
        }
    }

    public func replaceAudienceMembers(journey id: String, with members: Set<Int64>) async throws {
        try await pool.write { db in
            let before = Set(try Int64.fetchAll(db, sql: "SELECT customer_id FROM journey_audience_members WHERE journey_id = ?",
                                                arguments: [id]))
            let delete = try db.cachedStatement(sql: "DELETE FROM journey_audience_members WHERE journey_id = ? AND customer_id = ?")
            for gone in before.subtracting(members) { try delete.execute(arguments: [id, gone]) }
            let insert = try db.cachedStatement(sql: "INSERT INTO journey_audience_members(journey_id, customer_id) VALUES (?, ?)")
            for new in members.subtracting(before) { try insert.execute(arguments: [id, new]) }
        }
    }

    private static func mayEnter(_ customer: Int64, _ journey: JourneyDefinition, _ db: Database, at moment: Instant) throws -> Bool {
        let previous = try Row.fetchAll(db.cachedStatement(sql: """
            SELECT state, exited_at FROM enrolments WHERE journey_id = ? AND customer_id = ?
            """), arguments: [journey.id, customer])
        if previous.contains(where: { ($0["state"] as String) == "active" }) { return false }
        switch journey.reentry {
        case .never:
            return previous.isEmpty
        case .always:
            return true
        case .after(let seconds):
            let lastExit = previous.compactMap { $0["exited_at"] as Int64? }.max()
            return lastExit.map { $0 + seconds <= moment.secondsSinceEpoch } ?? previous.isEmpty
        }
    }
}
