import Foundation
import Regulars

/// Fitting the models on a store's purchases and storing every customer's predictions (PRED-1, PRED-2), as
/// `regulars predict fit` and the demo run it. A fit that is not reliable (too few buyers, too short a history, no
/// convergence) is reported but neither stored nor applied to the customers unless asked to (`acceptUnreliable`):
/// audiences and journeys never act on numbers the shop was told not to trust.
public enum PredictionRun {
    public struct Outcome: Sendable {
        public var modelID: Int64?
        public var model: PredictionModel
        public var purchaseFit: BGNBDFit.Result
        public var spendFit: GammaGammaFit.Result?
        public var holdout: HoldoutComparison?
        /// Customers whose stored predictions were replaced (0 when an unreliable fit was not applied).
        public var scored: Int
        public var churnLevels: [ChurnLevel: Int]
        public var applied: Bool

        public init(modelID: Int64?, model: PredictionModel, purchaseFit: BGNBDFit.Result, spendFit: GammaGammaFit.Result?,
                    holdout: HoldoutComparison?, scored: Int, churnLevels: [ChurnLevel: Int], applied: Bool) {
            self.modelID = modelID
            self.model = model
            self.purchaseFit = purchaseFit
            self.spendFit = spendFit
            self.holdout = holdout
            self.scored = scored
            self.churnLevels = churnLevels
            self.applied = applied
        }
    }

    public static func run(_ store: any SegmentStore & PredictionStore, settings: ShopSettings, now: Instant,
                           holdoutDays: Int? = nil, acceptUnreliable: Bool = false) async throws -> Outcome {
        let calendar = settings.calendar
        let columns = try await store.loadShopColumns(calendar: calendar, detail: false)
        let asOf = calendar.localSeconds(now)
        let prediction = settings.prediction
        let fit = PredictionFit.fit(columns.purchases, asOf: asOf, fittedAt: now, settings: prediction)
        let days = holdoutDays ?? prediction.holdoutDays
        let holdout = HoldoutComparison(columns.purchases, asOf: asOf, holdoutDays: days, unit: prediction.timeUnit)
        let applied = fit.model.isReliable || acceptUnreliable
        var scored = 0
        var levels: [ChurnLevel: Int] = [:]
        let modelID: Int64?
        if applied {
            let scores = CustomerScoring.score(fit.summary, model: fit.model, customerCount: columns.customerCount,
                                               settings: prediction)
            modelID = try await store.savePredictions(model: fit.model, columns: scores, customerIDs: columns.customerIDs,
                                                      at: now)
            for level in scores.churnLevel { if let level { levels[level, default: 0] += 1 } }
            scored = scores.scored.reduce(0) { $0 + ($1 ? 1 : 0) }
        } else {
            modelID = nil
        }
        return Outcome(modelID: modelID, model: fit.model, purchaseFit: fit.purchaseFit, spendFit: fit.spendFit,
                       holdout: holdout, scored: scored, churnLevels: levels, applied: applied)
    }
}
