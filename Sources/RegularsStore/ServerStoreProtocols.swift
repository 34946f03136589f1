import Foundation
import Regulars

/// What a key may do over the API.
public enum APIRole: String, Sendable, Codable, CaseIterable {
    case admin, `operator`, analyst
}

/// An API key as stored: its secret is not kept, only a SHA-256 of it and the first characters to recognise it by.
public struct APIKey: Sendable, Codable, Equatable {
    public var id: Int64
    public var name: String
    public var role: APIRole
    /// The secret's first characters (`rk_3f9a…`), to tell keys apart in lists and logs.
    public var prefix: String
    public var createdAt: Instant
    public var revokedAt: Instant?

    public init(id: Int64, name: String, role: APIRole, prefix: String, createdAt: Instant, revokedAt: Instant?) {
        self.id = id
        self.name = name
        self.role = role
        self.prefix = prefix
        self.createdAt = createdAt
        self.revokedAt = revokedAt
    }
}

public protocol APIKeyStore: Sendable {
    /// Stores a new key by the hash of its secret; names are unique among keys not revoked.
    func createAPIKey(name: String, role: APIRole, secretHash: String, prefix: String, at now: Instant) async throws -> APIKey
    /// The live (not revoked) key with this secret hash.
    func apiKey(secretHash: String) async throws -> APIKey?
    func apiKeys() async throws -> [APIKey]
    /// Revokes the live key with this id or name; nil when there is none.
    func revokeAPIKey(_ reference: String, at now: Instant) async throws -> APIKey?
}

/// One state change made over the API: who (key and role), what (the action and its target) and when.
public struct AuditEntry: Sendable, Codable, Equatable {
    public var id: Int64
    public var at: Instant
    public var keyID: Int64?
    public var keyName: String
    public var role: String
    /// The API operation, e.g. `coupons.redeem`.
    public var action: String
    /// What it acted on, e.g. `customer:42` or `order:T-1001`.
    public var target: String
    /// The HTTP status it answered with.
    public var status: Int

    public init(id: Int64 = 0, at: Instant, keyID: Int64?, keyName: String, role: String, action: String, target: String,
                status: Int) {
        self.id = id
        self.at = at
        self.keyID = keyID
        self.keyName = keyName
        self.role = role
        self.action = action
        self.target = target
        self.status = status
    }
}

public protocol AuditStore: Sendable {
    /// Records entries in one transaction.
    func recordAudit(_ entries: [AuditEntry]) async throws
    /// Newest first; `before` pages back from an entry id; `action` filters.
    func auditEntries(before: Int64?, limit: Int, action: String?) async throws -> [AuditEntry]
}

/// The first answer given under an idempotency key.
public struct StoredAnswer: Sendable, Equatable {
    public var status: Int
    public var contentType: String
    public var body: Data

    public init(status: Int, contentType: String, body: Data) {
        self.status = status
        self.contentType = contentType
        self.body = body
    }
}

/// What claiming an idempotency key found.
public enum RequestKeyClaim: Sendable, Equatable {
    /// First use: the caller runs the request and then finishes or releases the key.
    case claimed
    /// Used before for the same request: its first answer.
    case answered(StoredAnswer)
    /// Used before for another request.
    case mismatch
    /// The same request is running now under this key.
    case inProgress
}

/// Idempotency keys of API requests (the `Idempotency-Key` header), per API key.
public protocol RequestKeyStore: Sendable {
    /// Claims `key` for a request with `fingerprint`. A claim older than `staleAfter` seconds that never finished (the
    /// server stopped mid-request) may be claimed again.
    func claimRequestKey(_ key: String, apiKey: Int64, fingerprint: String, at now: Instant, staleAfter: Int64) async throws -> RequestKeyClaim
    /// Keeps the answer, so a retry gets it.
    func finishRequestKey(_ key: String, apiKey: Int64, answer: StoredAnswer) async throws
    /// Lets the key go (the request failed on the server's side, so a retry should run it again).
    func releaseRequestKey(_ key: String, apiKey: Int64) async throws
}

/// Everything the API server needs of a store.
public typealias ServerStore = Store & APIKeyStore & AuditStore & RequestKeyStore & ErasureStore & LiveIngestionStore & AutomationStore
    & PredictionStore
