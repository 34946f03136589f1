import Regulars
import RegularsStore

/// State the ingestion routes keep for the server's life: the group commit of their writes.
public final class IngestionState: Sendable {
    private let committer = GroupCommitter()

    public init() {}

    /// Stores `batch` durably and answers what became of each record. Batches that arrive while another transaction
    /// is committing wait for it and are then written together in the next one: every commit costs an fsync
    /// (the server's store is `synchronous = FULL`), so concurrent batches share it instead of queueing for one each.
    /// Each record's outcome is still its own (records are written one by one inside the transaction, and a batch
    /// naming an order another batch of the same transaction named first finds it there), and no batch is answered
    /// before the transaction holding it has committed.
    func write(_ batch: LiveBatch, store: any LiveIngestionStore & SettingsStore, at now: Instant) async throws -> LiveBatchResult {
        try await committer.submit(batch, store: store, at: now)
    }
}

private actor GroupCommitter {
    private struct Waiting {
        var batch: LiveBatch
        var store: any LiveIngestionStore & SettingsStore
        var now: Instant
        var continuation: CheckedContinuation<LiveBatchResult, any Error>
    }

    /// Records per transaction at most: enough to share an fsync between many batches, few enough that one
    /// transaction never holds the writer for long.
    private static let recordLimit = 5_000
    private var waiting: [Waiting] = []
    private var committing = false

    func submit(_ batch: LiveBatch, store: any LiveIngestionStore & SettingsStore, at now: Instant) async throws -> LiveBatchResult {
        try await withCheckedThrowingContinuation { continuation in
            waiting.append(Waiting(batch: batch, store: store, now: now, continuation: continuation))
            if !committing {
                committing = true
                Task { await drain() }
            }
        }
    }

    private func drain() async {
        while !waiting.isEmpty {
            var group: [Waiting] = []
            var records = 0
            while let next = waiting.first, group.isEmpty || records + next.batch.count <= Self.recordLimit {
                group.append(waiting.removeFirst())
                records += next.batch.count
            }
            await commit(group)
        }
        committing = false
    }

    private func commit(_ group: [Waiting]) async {
        let store = group[0].store
        do {
            let settings = try await store.loadSettings()
            let now = group.map(\.now).max()!
            let results = try await store.ingestLive(group.map(\.batch), settings: settings, at: now)
            for (waiting, result) in zip(group, results) { waiting.continuation.resume(returning: result) }
        } catch {
            guard group.count > 1 else { return group[0].continuation.resume(throwing: error) }
            // Nothing of the group was written: each batch alone, so one that cannot be stored fails only itself.
            for waiting in group { await commit([waiting]) }
        }
    }
}
