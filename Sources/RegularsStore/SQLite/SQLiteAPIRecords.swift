import Foundation
import GRDB
import Regulars

extension SQLiteStore: APIKeyStore {
    public func createAPIKey(name: String, role: APIRole, secretHash: String, prefix: String, at now: Instant) async throws -> APIKey {
        try await pool.write { db in
            if try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM api_keys WHERE name = ? AND revoked_at IS NULL)",
                                 arguments: [name])! {
                throw StoreError.invalid("a key named '\(name)' exists; revoke it first or choose another name")
            }
            try db.execute(sql: """
                INSERT INTO api_keys(name, role, secret_hash, prefix, created_at) VALUES (?, ?, ?, ?, ?)
                """, arguments: [name, role.rawValue, secretHash, prefix, now.secondsSinceEpoch])
            return APIKey(id: db.lastInsertedRowID, name: name, role: role, prefix: prefix, createdAt: now, revokedAt: nil)
        }
    }

    public func apiKey(secretHash: String) async throws -> APIKey? {
        try await pool.read { db in
            try Row.fetchOne(db.cachedStatement(sql: """
                SELECT id, name, role, prefix, created_at, revoked_at FROM api_keys WHERE secret_hash = ? AND revoked_at IS NULL
                """), arguments: [secretHash]).map(Self.apiKey)
        }
    }

    public func apiKeys() async throws -> [APIKey] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT id, name, role, prefix, created_at, revoked_at FROM api_keys ORDER BY id").map(Self.apiKey)
        }
    }

    public func revokeAPIKey(_ reference: String, at now: Instant) async throws -> APIKey? {
        try await pool.write { db in
            let id: Int64? = if let number = Int64(reference) {
                try Int64.fetchOne(db, sql: "SELECT id FROM api_keys WHERE id = ? AND revoked_at IS NULL", arguments: [number])
            } else {
                try Int64.fetchOne(db, sql: "SELECT id FROM api_keys WHERE name = ? AND revoked_at IS NULL", arguments: [reference])
            }
            guard let id else { return nil }
            try db.execute(sql: "UPDATE api_keys SET revoked_at = ? WHERE id = ?", arguments: [now.secondsSinceEpoch, id])
            return try Row.fetchOne(db, sql: "SELECT id, name, role, prefix, created_at, revoked_at FROM api_keys WHERE id = ?",
                                    arguments: [id]).map(Self.apiKey)
        }
    }

    private static func apiKey(_ row: Row) -> APIKey {
        APIKey(id: row["id"], name: row["name"], role: APIRole(rawValue: row["role"]) ?? .analyst, prefix: row["prefix"],
               createdAt: Instant(secondsSinceEpoch: row["created_at"]),
               revokedAt: (row["revoked_at"] as Int64?).map { Instant(secondsSinceEpoch: $0) })
    }
}

extension SQLiteStore: AuditStore {
    public func recordAudit(_ entries: [AuditEntry]) async throws {
        try await pool.write { db in
            let insert = try db.cachedStatement(sql: """
                INSERT INTO audit_log(at, key_id, key_name, role, action, target, status) VALUES (?, ?, ?, ?, ?, ?, ?)
                """)
            for entry in entries {
                try insert.execute(arguments: [entry.at.secondsSinceEpoch, entry.keyID, entry.keyName, entry.role, entry.action,
                                               entry.target, entry.status])
            }
        }
    }

    public func auditEntries(before: Int64?, limit: Int, action: String?) async throws -> [AuditEntry] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: """
                SELECT id, at, key_id, key_name, role, action, target, status FROM audit_log
                WHERE (?1 IS NULL OR id < ?1) AND (?2 IS NULL OR action = ?2)
                ORDER BY id DESC LIMIT ?3
                """, arguments: [before, action, limit]).map { row in
                AuditEntry(id: row["id"], at: Instant(secondsSinceEpoch: row["at"]), keyID: row["key_id"], keyName: row["key_name"],
                           role: row["role"], action: row["action"], target: row["target"], status: row["status"])
            }
        }
    }
}

extension SQLiteStore: RequestKeyStore {
    public func claimRequestKey(_ key: String, apiKey: Int64, fingerprint: String, at now: Instant,
                                staleAfter: Int64) async throws -> RequestKeyClaim {
        try await pool.write { db in
            let row = try Row.fetchOne(db.cachedStatement(sql: """
                SELECT fingerprint, claimed_at, status, content_type, body FROM request_keys WHERE api_key_id = ? AND key = ?
                """), arguments: [apiKey, key])
            if let row {
                guard row["fingerprint"] == fingerprint else { return .mismatch }
                if let status: Int = row["status"] {
                    return .answered(StoredAnswer(status: status, contentType: row["content_type"] ?? "application/json",
                                                  body: row["body"] ?? Data()))
                }
                let claimedAt: Int64 = row["claimed_at"]
                guard now.secondsSinceEpoch - claimedAt >= staleAfter else { return .inProgress }
                try db.execute(sql: "UPDATE request_keys SET claimed_at = ? WHERE api_key_id = ? AND key = ?",
                               arguments: [now.secondsSinceEpoch, apiKey, key])
                return .claimed
            }
            try db.cachedStatement(sql: """
                INSERT INTO request_keys(api_key_id, key, fingerprint, claimed_at) VALUES (?, ?, ?, ?)
                """).execute(arguments: [apiKey, key, fingerprint, now.secondsSinceEpoch])
            return .claimed
        }
    }

    public func finishRequestKey(_ key: String, apiKey: Int64, answer: StoredAnswer) async throws {
        try await pool.write { db in
            try db.cachedStatement(sql: """
                UPDATE request_keys SET status = ?, content_type = ?, body = ? WHERE api_key_id = ? AND key = ?
                """).execute(arguments: [answer.status, answer.contentType, answer.body, apiKey, key])
        }
    }

    public func releaseRequestKey(_ key: String, apiKey: Int64) async throws {
        try await pool.write { db in
            try db.execute(sql: "DELETE FROM request_keys WHERE api_key_id = ? AND key = ? AND status IS NULL",
                           arguments: [apiKey, key])
        }
    }
}
