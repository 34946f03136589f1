import Foundation
import Logging
import Regulars
import RegularsStore
import ServiceLifecycle

/// Keeps the stored predictions fresh inside `regulars serve` (PRED-2: churn risk has to be current for journeys and
/// audiences to act on it): every few minutes it looks at the last fitted model and refits once it is older than
/// `prediction_refit_hours`. A fit that is not reliable is not applied (`PredictionRun`).
public final class PredictionRefreshService: Service {
    let store: any SegmentStore & PredictionStore & SettingsStore
    let interval: Duration
    let clock: @Sendable () -> Instant
    let logger: Logger

    public init(store: any SegmentStore & PredictionStore & SettingsStore, interval: Duration = .seconds(600),
                clock: @escaping @Sendable () -> Instant = { Instant(Date()) }, logger: Logger) {
        self.store = store
        self.interval = interval
        self.clock = clock
        self.logger = logger
    }

    public func run() async throws {
        try? await cancelWhenGracefulShutdown { [self] in
            while !Task.isCancelled {
                do {
                    if let outcome = try await Self.refreshIfDue(store, now: clock()) {
                        logger.info("predictions refitted", metadata: [
                            "buyers": "\(outcome.model.buyers)", "scored": "\(outcome.scored)",
                            "applied": "\(outcome.applied)", "warnings": "\(outcome.model.warnings.joined(separator: "; "))",
                        ])
                    }
                } catch {
                    logger.error("prediction refit failed: \(error)")
                }
                try await Task.sleep(for: interval)
            }
        }
    }

    /// Refits when predictions were never stored or the last model is older than the setting; nil when not due.
    public static func refreshIfDue(_ store: any SegmentStore & PredictionStore & SettingsStore,
                                    now: Instant) async throws -> PredictionRun.Outcome? {
        let settings = try await store.loadSettings()
        let hours = settings.prediction.refitHours
        guard hours > 0 else { return nil }
        if let latest = try await store.latestPredictionModel(),
           now.secondsSinceEpoch - latest.model.fittedAt.secondsSinceEpoch < Int64(hours) * 3600 {
            return nil
        }
        return try await PredictionRun.run(store, settings: settings, now: now)
    }
}
