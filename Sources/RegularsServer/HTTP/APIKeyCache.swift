import Foundation
import Regulars
import RegularsStore
import Synchronization

/// Keys looked up by their secret's hash, remembered for a few seconds so that a busy checkout does not read the
/// keys table on every request. A key revoked over the API is forgotten at once; one revoked with `regulars key
/// revoke` (another process) stops working within `lifetime` seconds.
final class APIKeyCache: Sendable {
    static let lifetime: Int64 = 5
    private let store: any APIKeyStore
    private let clock: @Sendable () -> Instant
    private let known = Mutex<[String: (key: APIKey, until: Instant)]>([:])

    init(store: any APIKeyStore, clock: @escaping @Sendable () -> Instant) {
        self.store = store
        self.clock = clock
    }

    /// The live key with this secret, or nil.
    func key(secret: String) async throws -> APIKey? {
        let hash = SHA256.hex(secret)
        let now = clock()
        if let entry = known.withLock({ $0[hash] }), entry.until > now { return entry.key }
        guard let key = try await store.apiKey(secretHash: hash) else {
            known.withLock { _ = $0.removeValue(forKey: hash) }
            return nil
        }
        known.withLock { entries in
            if entries.count > 10_000 { entries.removeAll() }
            entries[hash] = (key, now + Self.lifetime)
        }
        return key
    }

    func forgetAll() { known.withLock { $0.removeAll() } }
}
