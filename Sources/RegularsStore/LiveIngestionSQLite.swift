import Dispatch
import GRDB
import Regulars

extension SQLiteStore: LiveIngestionStore {
    public func ingestLive(_ batches: [LiveBatch], settings: ShopSettings, at now: Instant) async throws -> [LiveBatchResult] {
        let pool = self.pool
        let writes = self.writes
        // The write (and its fsync) runs on a thread of its own, not on one of the few the server's tasks share.
        return try await withCheckedThrowingContinuation { continuation in
            LiveIngestionQueue.writer.async {
                continuation.resume(with: Result {
                    let session = SQLiteImportSession(pool: pool, writes: writes, settings: settings, now: now)
                    return try LiveIngestionWrite(session: session, settings: settings, now: now).run(batches)
                })
            }
        }
    }
}

enum LiveIngestionQueue {
    static let writer = DispatchQueue(label: "regulars.live-ingestion")
}

/// One transaction of live ingestion: every record through the import session's own writers, one at a time so each
/// gets its outcome, then the marked customers re-scored.
private struct LiveIngestionWrite {
    let session: SQLiteImportSession
    let settings: ShopSettings
    let now: Instant

    func run(_ batches: [LiveBatch]) throws -> [LiveBatchResult] {
        var results: [LiveBatchResult] = []
        _ = try session.batch { db, directory in
            results = []
            // Two records of one transaction may name the same order: the second must find the first.
            session.ordersStartedEmpty = false
            for batch in batches {
                var result = LiveBatchResult()
                for index in batch.customers.indices {
                    let counts = try measure { try session.writeCustomers(batch.customers[index...index], db, &directory) }
                    result.customers.append(LiveRecordResult(outcome: outcome(counts),
                                                             customerID: customer(of: batch.customers[index].keys)))
                }
                for index in batch.orders.indices {
                    let counts = try measure { try session.writeOrders(batch.orders[index...index], db, &directory) }
                    result.orders.append(LiveRecordResult(outcome: outcome(counts), customerID: nil))
                }
                for index in batch.events.indices {
                    let counts = try measure { try session.writeEvents(batch.events[index...index], db, &directory) }
                    result.events.append(LiveRecordResult(outcome: outcome(counts),
                                                          customerID: customer(of: batch.events[index].keys)))
                }
                results.append(result)
            }
            // Read once every record is in: a later record may have merged an earlier one's customer away.
            var find = try BulkStatement(db, "SELECT customer_id FROM orders WHERE channel = ? AND external_id = ?")
            for (batchIndex, batch) in batches.enumerated() {
                for (index, order) in batch.orders.enumerated() {
                    find.bind(order.channel.rawValue)
                    find.bind(order.externalID)
                    let stored = try find.step() ? find.int(0) : nil
                    find.reset()
                    results[batchIndex].orders[index].customerID = try stored.flatMap { try SQLiteCustomerTree.root(of: $0, in: db) }
                }
            }
            // Customers resolved earlier in the transaction may have been merged into others since.
            for batchIndex in results.indices {
                for index in results[batchIndex].customers.indices {
                    results[batchIndex].customers[index].customerID = results[batchIndex].customers[index].customerID.map(session.state.root)
                }
                for index in results[batchIndex].events.indices {
                    results[batchIndex].events[index].customerID = results[batchIndex].events[index].customerID.map(session.state.root)
                }
            }
            try LiveSegmentRescore(db: db, settings: settings, now: now).rescoreMarked()
        }
        if session.bulk {
            // The first write into an empty store ran as a bulk import does, without the unique keys (the session
            // dropped them before anything was cached): they are rebuilt now, over the few rows just written.
            try session.pool.write { db in try SQLiteDeferrableIndexes.ensure(db) }
        }
        return results
    }

    private func measure(_ write: () throws -> Void) rethrows -> BatchCounts {
        let before = session.state.counts
        try write()
        return session.state.counts - before
    }

    private func outcome(_ counts: BatchCounts) -> LiveOutcome {
        if counts.inserted > 0 { return .inserted }
        if counts.updated > 0 { return .updated }
        if counts.duplicate > 0 { return .duplicate }
        // An order without a usable buyer is still stored, anonymously (counted as inserted above).
        return .unidentified
    }

    private func customer(of keys: IdentityKeys) -> Int64? {
        session.state.resolved[keys]?.customer.map(session.state.root)
    }
}
