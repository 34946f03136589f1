import Foundation
import Regulars
import RegularsStore
import Synchronization

/// State the pricing and coupon routes keep for the server's life: what pricing reads that is the same for every
/// cart, so that a pricing request reads only the customer's own facts.
///
/// - The enabled promotions with their catalogue, the coupon templates, cost floors and settings (`shared`) carry
///   a version that every promotion and template route bumps after its write (`invalidate()`): a change made
///   through the server is priced with from the next request on. They are also reloaded at the latest
///   `sharedLifetime` after loading, because some changes do not go through these routes (cost floors and settings
///   are set with the command line, which may run against the same file).
/// - Saved-audience memberships need the whole shop evaluated (`AudienceSnapshot`): they change with every
///   ingested order, every merge and simply with time (recency), none of which passes through these routes, so they
///   live for `audienceLifetime`; an expired snapshot is reloaded in the background while requests keep using the
///   old one, so no checkout waits for it after the first.
public final class PricingState: Sendable {
    public static let sharedLifetime: Duration = .seconds(5)
    public static let audienceLifetime: Duration = .seconds(60)

    private struct SharedEntry: Sendable {
        var value: CheckoutPricing.Shared
        var version: UInt64
        var loadedAt: ContinuousClock.Instant
    }

    private struct AudienceEntry: Sendable {
        var snapshot: AudienceSnapshot
        var loadedAt: ContinuousClock.Instant
        /// Members of each saved audience asked for so far (nil: no such audience, or one that no longer parses).
        var members: [String: Set<Int64>?] = [:]
    }

    private struct State: Sendable {
        var version: UInt64 = 0
        var shared: SharedEntry?
        var audiences: AudienceEntry?
        var audienceLoad: Task<AudienceSnapshot, any Error>?
    }

    private let state = Mutex(State())

    public init() {}

    /// Promotions, templates, floors or settings changed: the next pricing reloads them.
    public func invalidate() {
        state.withLock { state in
            state.version &+= 1
            state.shared = nil
        }
    }

    /// The shared pricing data, loaded when missing, invalidated or older than `sharedLifetime`.
    public func shared(store: any ServerStore) async throws -> CheckoutPricing.Shared {
        let now = ContinuousClock.now
        let (cached, version) = state.withLock { state -> (CheckoutPricing.Shared?, UInt64) in
            if let entry = state.shared, entry.version == state.version, now - entry.loadedAt < Self.sharedLifetime {
                return (entry.value, state.version)
            }
            return (nil, state.version)
        }
        if let cached { return cached }
        let loaded = try await CheckoutPricing.Shared.load(from: store)
        state.withLock { state in
            // A write that finished while this was loading may not be in it: keep it only if no write came since.
            if state.version == version { state.shared = SharedEntry(value: loaded, version: version, loadedAt: now) }
        }
        return loaded
    }

    /// The saved audiences among `names` that `customer` belongs to.
    public func audienceMemberships(of customer: Int64, in names: Set<String>, store: any ServerStore, settings: ShopSettings,
                                    now: Instant) async throws -> Set<TargetSegment> {
        let snapshot = try await currentSnapshot(store: store, settings: settings, now: now)
        var memberships = Set<TargetSegment>()
        for name in names.sorted() {
            let cached = state.withLock { state -> Set<Int64>?? in
                guard let entry = state.audiences, entry.loadedAt == snapshot.loadedAt else { return nil }
                return entry.members[name]
            }
            let members: Set<Int64>?
            if let cached {
                members = cached
            } else {
                members = try await evaluate(name, on: snapshot.snapshot, store: store)
                state.withLock { state in
                    if state.audiences?.loadedAt == snapshot.loadedAt { state.audiences?.members[name] = members }
                }
            }
            if members?.contains(customer) == true { memberships.insert(.audience(name)) }
        }
        return memberships
    }

    private func evaluate(_ name: String, on snapshot: AudienceSnapshot, store: any ServerStore) async throws -> Set<Int64>? {
        guard let saved = try await store.audience(named: name), let query = try? AudienceQuery(parsing: saved.definition) else {
            return nil
        }
        return Set(snapshot.members(query))
    }

    private func currentSnapshot(store: any ServerStore, settings: ShopSettings, now: Instant) async throws -> AudienceEntry {
        let clock = ContinuousClock.now
        enum Next { case use(AudienceEntry), wait(Task<AudienceSnapshot, any Error>) }
        let next = state.withLock { state -> Next in
            if let entry = state.audiences {
                if clock - entry.loadedAt >= Self.audienceLifetime, state.audienceLoad == nil {
                    state.audienceLoad = Self.loadTask(store: store, settings: settings, now: now)
                    self.finishLoad(state.audienceLoad!)
                }
                return .use(entry)
            }
            if let loading = state.audienceLoad { return .wait(loading) }
            let task = Self.loadTask(store: store, settings: settings, now: now)
            state.audienceLoad = task
            self.finishLoad(task)
            return .wait(task)
        }
        switch next {
        case .use(let entry):
            return entry
        case .wait(let task):
            let snapshot = try await task.value
            return state.withLock { state in
                state.audiences ?? AudienceEntry(snapshot: snapshot, loadedAt: ContinuousClock.now)
            }
        }
    }

    private static func loadTask(store: any ServerStore, settings: ShopSettings, now: Instant) -> Task<AudienceSnapshot, any Error> {
        Task { try await AudienceSnapshot.load(store, settings: settings, now: now) }
    }

    /// Puts a finished load in place (a failed one is forgotten: the next request tries again).
    private func finishLoad(_ task: Task<AudienceSnapshot, any Error>) {
        Task {
            let result = await task.result
            state.withLock { state in
                if case .success(let snapshot) = result {
                    state.audiences = AudienceEntry(snapshot: snapshot, loadedAt: ContinuousClock.now)
                }
                state.audienceLoad = nil
            }
        }
    }
}
