import Regulars
import RegularsStore
import Synchronization

/// Audience conditions answered for one pass: the store's columns are loaded once, on the first question, and each
/// condition is evaluated once for everybody.
final class AudienceSnapshotCache: Sendable {
    private let loaded: Mutex<AudienceSnapshot?> = Mutex(nil)
    private let sets: Mutex<[String: CustomerSet]> = Mutex([:])
    private let store: any SegmentStore
    private let settings: ShopSettings
    let now: Instant

    init(store: any SegmentStore, settings: ShopSettings, now: Instant) {
        self.store = store
        self.settings = settings
        self.now = now
    }

    /// Loads the snapshot if no question has yet (outside any transaction: the step runner's closure only reads it).
    func prepare() async throws -> AudienceSnapshot {
        if let snapshot = loaded.withLock({ $0 }) { return snapshot }
        let snapshot = try await AudienceSnapshot.load(store, settings: settings, now: now)
        loaded.withLock { $0 = snapshot }
        return snapshot
    }

    func members(_ condition: String) throws -> [Int64] {
        guard let snapshot = loaded.withLock({ $0 }) else { return [] }
        let set = try evaluate(condition, snapshot)
        return set.indexes.map { snapshot.columns.customerIDs[Int($0)] }
    }

    /// False for an unparsable condition (journey files are validated when saved) or an unknown customer.
    func matches(_ condition: String, _ customer: Int64) -> Bool {
        guard let snapshot = loaded.withLock({ $0 }), let index = snapshot.index(of: customer),
              let set = try? evaluate(condition, snapshot) else { return false }
        return set.contains(index)
    }

    private func evaluate(_ condition: String, _ snapshot: AudienceSnapshot) throws -> CustomerSet {
        if let known = sets.withLock({ $0[condition] }) { return known }
        let set = snapshot.context.evaluate(try AudienceQuery(parsing: condition))
        sets.withLock { $0[condition] = set }
        return set
    }
}
