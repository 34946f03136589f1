import Regulars
import RegularsStore

/// Delivers what the outbox holds: claims due messages, hands each to its channel's adapter, and records the
/// outcome — sent, queued again after a back-off, or dead after a permanent refusal or the last attempt.
public struct DeliveryWorker: Sendable {
    public let store: any OutboxStore
    public let adapters: [ContactChannel: any ChannelAdapter]
    public let maxAttempts: Int
    /// A claimed message not finished within this long (its worker died) is claimed again.
    public let leaseSeconds: Int64

    public init(store: any OutboxStore, adapters: [ContactChannel: any ChannelAdapter], maxAttempts: Int = 5,
                leaseSeconds: Int64 = 300) {
        self.store = store
        self.adapters = adapters
        self.maxAttempts = maxAttempts
        self.leaseSeconds = leaseSeconds
    }

    /// Seconds to wait before attempt `attempt + 1` after `attempt` failed: 1 min, 4 min, 16 min, 64 min, then 4 h.
    public static func backoff(afterAttempt attempt: Int) -> Int64 {
        var seconds: Int64 = 60
        for _ in 1..<max(attempt, 1) { seconds *= 4 }
        return min(seconds, 4 * 3600)
    }

    /// One pass: up to `limit` due messages. `pace` is awaited before each delivery (rate limits in the live
    /// service; nothing in a batch run).
    public func deliverDue(at now: Instant, limit: Int = 500,
                           pace: @Sendable (ContactChannel) async -> Void = { _ in }) async throws -> DeliveryReport {
        var report = DeliveryReport()
        let batch = try await store.claimDueMessages(at: now, limit: limit, leaseSeconds: leaseSeconds,
                                                     channels: Set(adapters.keys))
        for message in batch {
            guard let adapter = adapters[message.channel] else {
                try await failed(message, .temporary("channel \(message.channel.rawValue) is not set up"), now, &report)
                continue
            }
            await pace(message.channel)
            do {
                let receipt = try await adapter.deliver(OutgoingMessage(
                    id: message.id, channel: message.channel, recipient: message.recipient, subject: message.subject,
                    body: message.body, marketing: message.marketing))
                try await store.markSent(message.id, providerID: receipt.providerID, at: now)
                report.sent += 1
            } catch let error as DeliveryError {
                try await failed(message, error, now, &report)
            } catch {
                try await failed(message, .temporary("\(error)"), now, &report)
            }
        }
        return report
    }

    private func failed(_ message: OutboxMessage, _ error: DeliveryError, _ now: Instant, _ report: inout DeliveryReport) async throws {
        let retry = error.isTemporary && message.attempts < maxAttempts
        try await store.markAttemptFailed(message.id, error: error.description,
                                          retryAt: retry ? now + Self.backoff(afterAttempt: message.attempts) : nil, at: now)
        if retry { report.retried += 1 } else { report.dead += 1 }
    }
}

public struct DeliveryReport: Sendable, Equatable {
    public var sent = 0
    public var retried = 0
    public var dead = 0

    public init() {}

    public static func += (lhs: inout DeliveryReport, rhs: DeliveryReport) {
        lhs.sent += rhs.sent
        lhs.retried += rhs.retried
        lhs.dead += rhs.dead
    }
}
