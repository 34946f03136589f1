import Foundation
import GRDB
import Regulars

/// Idempotency keys: the first answer to a key is kept with a fingerprint of its request, so a retry gets that
/// answer with no second effect. Refusals are kept too: a retry is refused alike, a new attempt takes a new key.
enum SQLiteIdempotency {
    enum Operation: String {
        case issue, claim, redeem, reverse
    }

    /// A stable fingerprint of a request: FNV-1a over its JSON with sorted keys and any text already encoded (such
    /// as a cart's JSON, encoded once for storing too). It detects a key reused for another request, not forgery.
    static func fingerprint(_ operation: Operation, _ request: some Encodable, and text: String = "") throws -> String {
        operation.rawValue + ":" + StableHash.hex(of: String(decoding: try json(request), as: UTF8.self) + "\n" + text)
    }

    static func json(_ value: some Encodable) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(value)
    }

    /// Runs `body` in a savepoint of the caller's write transaction, once per key: a refusal rolls back what `body`
    /// wrote and is returned rather than thrown, so that it can be kept under the key when the transaction commits.
    static func once<T: Codable>(_ db: Database, key: String?, operation: Operation, fingerprint: String, customer: Int64?,
                                 at now: Instant, _ body: (Database) throws -> T) throws -> Result<T, PromotionError> {
        guard let key else { return try attempt(db, body) }
        let earlier = try db.cachedStatement(sql: "SELECT fingerprint, response, refusal FROM idempotency_keys WHERE key = ?")
        if let row = try Row.fetchOne(earlier, arguments: [key]) {
            guard row["fingerprint"] == fingerprint else {
                return .failure(.refused("idempotency key '\(key)' was used for a different request"))
            }
            if let refusal: String = row["refusal"] { return .failure(.refused(refusal)) }
            let response: String = row["response"]
            do {
                return .success(try JSONDecoder().decode(T.self, from: Data(response.utf8)))
            } catch {
                throw StoreError.invalid("idempotency_keys '\(key)': the stored \(operation.rawValue) answer cannot be read: \(error)")
            }
        }
        let result = try attempt(db, body)
        let (response, refusal): (String?, String?)
        switch result {
        case .success(let value): (response, refusal) = (String(decoding: try json(value), as: UTF8.self), nil)
        case .failure(let error): (response, refusal) = (nil, error.description)
        }
        try db.cachedStatement(sql: """
            INSERT INTO idempotency_keys(key, operation, fingerprint, customer_id, response, refusal, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [key, operation.rawValue, fingerprint, customer, response, refusal, now.secondsSinceEpoch])
        return result
    }

    private static func attempt<T>(_ db: Database, _ body: (Database) throws -> T) throws -> Result<T, PromotionError> {
        var result: Result<T, PromotionError> = .failure(.refused("not attempted"))
        try db.inSavepoint {
            do {
                result = .success(try body(db))
                return .commit
            } catch PromotionError.refused(let reason) {
                result = .failure(.refused(reason))
                return .rollback
            }
        }
        return result
    }
}
