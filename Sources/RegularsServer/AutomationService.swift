import Foundation
import Logging
import Regulars
import RegularsMessaging
import RegularsStore
import ServiceLifecycle
import Synchronization

/// The scheduler inside `regulars serve`: a pass of automation (triggers, due steps, due deliveries) every few
/// seconds, under the channels' rate limits; stops between passes on SIGTERM.
public final class AutomationService: Service {
    let runner: AutomationRunner
    let interval: Duration
    let clock: @Sendable () -> Instant
    let limits: Mutex<RateLimiter>
    let logger: Logger

    public init(runner: AutomationRunner, policy: ContactPolicy, interval: Duration = .seconds(5),
                clock: @escaping @Sendable () -> Instant = { Instant(Date()) }, logger: Logger) {
        self.runner = runner
        self.interval = interval
        self.clock = clock
        self.logger = logger
        let limits = Dictionary(uniqueKeysWithValues: ContactChannel.allCases.map { channel in
            (channel, RateLimit(ratePerSecond: Double(policy.rate(for: channel)), burst: max(1, policy.rate(for: channel))))
        })
        self.limits = Mutex(RateLimiter(limits: limits))
    }

    public func run() async throws {
        // A shutdown cancels the sleep between passes; that is the normal end, not a failure.
        try? await cancelWhenGracefulShutdown { [self] in
            while !Task.isCancelled {
                do {
                    let report = try await runner.tick(at: clock(), pace: pace)
                    if report.entered + report.steps.stepsRun + report.delivery.sent + report.delivery.dead > 0 {
                        logger.info("automation pass", metadata: [
                            "entered": "\(report.entered)", "steps": "\(report.steps.stepsRun)",
                            "queued": "\(report.steps.messagesQueued)", "sent": "\(report.delivery.sent)",
                            "retried": "\(report.delivery.retried)", "dead": "\(report.delivery.dead)",
                        ])
                    }
                } catch {
                    logger.error("automation pass failed: \(error)")
                }
                try await Task.sleep(for: interval)
            }
        }
    }

    /// Waits until the channel's token bucket lets one more message go.
    private func pace(_ channel: ContactChannel) async {
        let wait = limits.withLock { $0.take(channel, at: Date().timeIntervalSince1970) }
        if wait > 0 { try? await Task.sleep(for: .milliseconds(Int(wait * 1000))) }
    }
}
