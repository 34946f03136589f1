import Foundation
import Regulars
import RegularsMessaging
import RegularsStore
import RegularsTestSupport
import Testing

/// `DeliveryWorker` over the store's outbox: retries with back-off, dead letters, and claims that outlive a worker.
@Suite("Outbox: delivery, retries and dead letters")
struct OutboxDeliveryTests {
    typealias F = AutomationFixtures

    /// When the message is written (queued, due at once).
    static let written = F.local(2026, 3, 2, 12)

    /// amy's first order puts one SMS in the outbox at `written`, not yet delivered; returns its id.
    private func queuedMessage(_ store: SQLiteStore) async throws -> Int64 {
        _ = try await F.people([F.Person(account: "amy", name: "艾米", phone: "13800000001")], into: store)
        try await F.orders([F.Order(id: "A1", account: "amy", paidAt: F.local(2026, 3, 2, 10))], into: store)
        try await F.save(F.oneSMS("hello"), into: store)
        let runner = AutomationRunner(store: store, adapters: RecordingChannels().adapters())
        let report = try await runner.tick(at: Self.written, deliver: false)
        #expect(report.steps.messagesQueued == 1 && report.delivery == DeliveryReport())
        let message = try #require(try await store.messages(MessageFilter(), limit: 10).first)
        #expect(message.status == .queued && message.attempts == 0 && message.nextAttemptAt == Self.written)
        return message.id
    }

    @Test("back-off after attempt n: 1 min, 4 min, 16 min, 64 min, then 4 h at most")
    func backoffSchedule() {
        #expect((0...7).map(DeliveryWorker.backoff(afterAttempt:)) == [60, 60, 240, 960, 3_840, 14_400, 14_400, 14_400])
    }

    @Test("a temporary failure queues the message again after 1 min, then 4 min; after maxAttempts it is dead")
    func temporaryFailuresThenDead() async throws {
        try await withTestStore { store, _ in
            let id = try await queuedMessage(store)
            let channels = RecordingChannels(failing: .temporary("网关超时"))
            let worker = DeliveryWorker(store: store, adapters: channels.adapters(), maxAttempts: 3)
            let t = Self.written

            #expect(try await worker.deliverDue(at: t) == report(retried: 1))
            var message = try #require(try await store.message(id: id))
            #expect(message.status == .queued)
            #expect(message.attempts == 1)
            #expect(message.nextAttemptAt == t + 60)
            #expect(message.lastError == "temporary failure: 网关超时")

            #expect(try await worker.deliverDue(at: t + 59) == DeliveryReport(), "not before the back-off")
            #expect(try await worker.deliverDue(at: t + 60) == report(retried: 1))
            message = try #require(try await store.message(id: id))
            #expect(message.attempts == 2)
            #expect(message.nextAttemptAt == t + 60 + 240)

            #expect(try await worker.deliverDue(at: t + 299) == DeliveryReport())
            #expect(try await worker.deliverDue(at: t + 300) == report(dead: 1))
            message = try #require(try await store.message(id: id))
            #expect(message.status == .dead)
            #expect(message.attempts == 3)
            #expect(message.nextAttemptAt == nil)

            // Dead is final, even once the channel works again.
            channels.fail(with: nil)
            #expect(try await worker.deliverDue(at: t + 86_400) == DeliveryReport())
            #expect(channels.attemptCount == 3)
            #expect(channels.delivered.isEmpty)
        }
    }

    @Test("a message that fails twice and then goes through is sent, its error cleared")
    func recoversAfterRetries() async throws {
        try await withTestStore { store, _ in
            let id = try await queuedMessage(store)
            let channels = RecordingChannels(failing: .temporary("429"))
            let worker = DeliveryWorker(store: store, adapters: channels.adapters(), maxAttempts: 5)
            let t = Self.written
            _ = try await worker.deliverDue(at: t)
            _ = try await worker.deliverDue(at: t + 60)
            channels.fail(with: nil)
            #expect(try await worker.deliverDue(at: t + 300) == report(sent: 1))
            let message = try #require(try await store.message(id: id))
            #expect(message.status == .sent)
            #expect(message.attempts == 3)
            #expect(message.lastError == nil)
            #expect(message.providerID == "rec-\(id)")
            #expect(message.sentAt == t + 300)
            #expect(channels.delivered.map(\.id) == [id])
        }
    }

    @Test("a permanent refusal is dead at once")
    func permanentFailureIsDeadAtOnce() async throws {
        try await withTestStore { store, _ in
            let id = try await queuedMessage(store)
            let channels = RecordingChannels(failing: .permanent("号码不存在"))
            let worker = DeliveryWorker(store: store, adapters: channels.adapters(), maxAttempts: 5)
            #expect(try await worker.deliverDue(at: Self.written) == report(dead: 1))
            let message = try #require(try await store.message(id: id))
            #expect(message.status == .dead)
            #expect(message.attempts == 1)
            #expect(message.lastError == "permanent failure: 号码不存在")
            #expect(try await worker.deliverDue(at: Self.written + 86_400) == DeliveryReport())
        }
    }

    /// BUG (reported): `AutomationRunner.adapters` says a channel without an adapter keeps its messages queued, but
    /// the worker claims them, counts an attempt and fails them as temporary, so they are dead after maxAttempts.
    @Test("a channel without an adapter keeps its messages queued through many passes, for when it is set up again")
    func missingAdapterKeepsMessagesQueued() async throws {
        try await withTestStore { store, _ in
            let id = try await queuedMessage(store)
            let emailOnly = AutomationRunner(store: store, adapters: RecordingChannels().adapters([.email]))
            for hour in 1...8 { _ = try await emailOnly.tick(at: Self.written + Int64(hour) * 3600) }
            let waiting = try #require(try await store.message(id: id))
            #expect(waiting.status == .queued)
            #expect(waiting.attempts == 0)
            let channels = RecordingChannels()
            let report = try await AutomationRunner(store: store, adapters: channels.adapters()).tick(at: Self.written + 9 * 3600)
            #expect(report.delivery.sent == 1)
            #expect(channels.delivered.map(\.id) == [id])
        }
    }

    @Test("a claimed message whose worker died is claimed again once its lease has passed, and sent once")
    func leaseExpiry() async throws {
        try await withTestStore { store, _ in
            let id = try await queuedMessage(store)
            let t = Self.written
            let stranded = try await store.claimDueMessages(at: t, limit: 10, leaseSeconds: 300)
            #expect(stranded.map(\.id) == [id])
            #expect(stranded.first?.status == .sending && stranded.first?.attempts == 1)
            #expect(try await store.claimDueMessages(at: t + 299, limit: 10, leaseSeconds: 300).isEmpty, "the lease still holds")

            let channels = RecordingChannels()
            let worker = DeliveryWorker(store: store, adapters: channels.adapters(), leaseSeconds: 300)
            #expect(try await worker.deliverDue(at: t + 300) == report(sent: 1))
            let message = try #require(try await store.message(id: id))
            #expect(message.status == .sent)
            #expect(message.attempts == 2)
            #expect(try await store.claimDueMessages(at: t + 100_000, limit: 10, leaseSeconds: 300).isEmpty)

            // The dead worker's late outcome changes nothing: only a message being sent can fail or be sent.
            try await store.markAttemptFailed(id, error: "late", retryAt: t + 400, at: t + 350)
            try await store.markSent(id, providerID: "late", at: t + 360)
            let after = try #require(try await store.message(id: id))
            #expect(after.status == .sent && after.providerID == "rec-\(id)" && after.sentAt == t + 300)
        }
    }

    @Test("the scheduler's delivery honours delivery_max_attempts")
    func runnerUsesMaxAttemptsSetting() async throws {
        try await withTestStore { store, _ in
            let id = try await queuedMessage(store)
            _ = try await F.settings(["delivery_max_attempts": "2"], into: store)
            let runner = AutomationRunner(store: store, adapters: RecordingChannels(failing: .temporary("busy")).adapters())
            #expect(try await runner.tick(at: Self.written).delivery == report(retried: 1))
            #expect(try await runner.tick(at: Self.written + 60).delivery == report(dead: 1))
            #expect(try await store.message(id: id)?.status == .dead)
        }
    }

    private func report(sent: Int = 0, retried: Int = 0, dead: Int = 0) -> DeliveryReport {
        var report = DeliveryReport()
        report.sent = sent
        report.retried = retried
        report.dead = dead
        return report
    }
}
