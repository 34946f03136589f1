import RegularsStore

/// Writes audit entries in groups. Every state change waits until its entry is committed before it answers, but the
/// entries of requests finishing together share one transaction — on a durable store, one disk sync instead of one
/// per request, which would otherwise cap the server at the disk's syncs per second.
actor AuditWriter {
    private let store: any AuditStore
    private var pending: [(entry: AuditEntry, waiter: CheckedContinuation<Void, any Error>)] = []
    private var flushing = false

    init(store: any AuditStore) { self.store = store }

    func record(_ entry: AuditEntry) async throws {
        try await withCheckedThrowingContinuation { waiter in
            pending.append((entry, waiter))
            if !flushing {
                flushing = true
                Task { await flush() }
            }
        }
    }

    private func flush() async {
        while !pending.isEmpty {
            let group = pending
            pending = []
            do {
                try await store.recordAudit(group.map(\.entry))
                for item in group { item.waiter.resume() }
            } catch {
                for item in group { item.waiter.resume(throwing: error) }
            }
        }
        flushing = false
    }
}
