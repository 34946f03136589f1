import Foundation
import Testing
@testable import Regulars

@Suite("Scoring customers: CLV, churn risk and the not-enough-data path")
struct CustomerScoringTests {
    let purchase = BGNBDParameters(r: 0.5, alpha: 10, a: 0.8, b: 2.5)
    let spend = GammaGammaParameters(p: 6, q: 4, v: 50)

    func model(warnings: [String] = []) -> PredictionModel {
        PredictionModel(unit: .days, purchase: purchase, spend: spend, fittedAt: Instant(secondsSinceEpoch: 0),
                        buyers: 3, repeatBuyers: 2, historyDays: 400, purchaseLogLikelihood: 0, spendLogLikelihood: 0,
                        converged: true, warnings: warnings)
    }

    @Test("CLV sums monthly expected purchases times expected spend, discounted month by month")
    func lifetimeValue() {
        let value = CustomerLifetimeValue(horizonDays: 65, monthlyDiscount: 0.01, unitDays: 1)
        #expect(value.stepDays == [30, 60, 65])
        let curve = value.cumulativePurchasesIfAlive(purchase, x: 3, T: 100)
        // By hand from the curve: Δ purchases per step × 200 yuan, discounted (1.01)^(days/30).
        let alive = 0.8
        let byHand = alive * curve[0] * 200 / pow(1.01, 1) + alive * (curve[1] - curve[0]) * 200 / pow(1.01, 2)
            + alive * (curve[2] - curve[1]) * 200 / pow(1.01, 65.0 / 30)
        #expect(abs(value.discountedValue(curve, probabilityAlive: alive, spend: 200) - byHand) < 1e-9)
        // Without discounting, CLV is expected purchases × spend.
        let flat = CustomerLifetimeValue(horizonDays: 65, monthlyDiscount: 0, unitDays: 1)
        #expect(abs(flat.discountedValue(curve, probabilityAlive: alive, spend: 200) - alive * curve[2] * 200) < 1e-9)
    }

    @Test("churn risk: 1 − P(alive) weighted by value, capped at 1, levels by the cut-offs")
    func churn() {
        #expect(ChurnRisk.score(probabilityAlive: 0.4, expectedSpend: 100, meanExpectedSpend: 100) == 0.6)
        #expect(abs(ChurnRisk.score(probabilityAlive: 0.4, expectedSpend: 300, meanExpectedSpend: 100) - 0.9) < 1e-12)
        #expect(abs(ChurnRisk.score(probabilityAlive: 0.4, expectedSpend: 20, meanExpectedSpend: 100) - 0.2) < 1e-12)
        #expect(ChurnRisk.score(probabilityAlive: 0, expectedSpend: 1000, meanExpectedSpend: 100) == 1)
        var settings = PredictionSettings()
        #expect(ChurnLevel.of(score: 0.6, settings: settings) == .high)
        #expect(ChurnLevel.of(score: 0.59, settings: settings) == .medium)
        #expect(ChurnLevel.of(score: 0.29, settings: settings) == .low)
        try? settings.set("churn_risk_high", to: "0.8")
        #expect(ChurnLevel.of(score: 0.7, settings: settings) == .medium)
    }

    @Test("scores land on the customer's index; customers without purchases stay unscored")
    func scoring() {
        // Customer 3 came back often and recently; customer 1 often but long ago; customer 0 once.
        let summary = RepeatPurchaseSummary(frequency: [0, 6, 6], recency: [0, 30, 395], age: [400, 400, 400],
                                            averageSpend: [0, 150, 150])
        var remapped = summary
        remapped.customer = [0, 1, 3]
        let columns = CustomerScoring.score(remapped, model: model(), customerCount: 5, settings: PredictionSettings())
        #expect(columns.scored == [true, true, false, true, false])
        #expect(columns.pAlive[0] == 1)
        #expect(columns.pAlive[1] < 0.05)
        #expect(columns.pAlive[3] > 0.85)
        #expect(columns.churnLevel[1] == .high)
        #expect(columns.churnLevel[3] == .low)
        #expect(columns.churnLevel[2] == nil)
        #expect(columns.clv[3] > columns.clv[1])
        #expect(columns.expectedPurchases[3] > columns.expectedPurchases[1])
        // The same customer's CLV computed on its own.
        let value = CustomerLifetimeValue(horizonDays: 365, monthlyDiscount: 0.01, unitDays: 1)
        let alone = value.value(purchase, x: 6, tx: 395, T: 400, spend: spend.expectedSpend(x: 6, m: 150))
        #expect(columns.clv[3] == Int64((alone * 100).rounded()))
        // A one-time buyer spends what the population spends on average.
        #expect(columns.expectedSpend[0] == Int64((spend.populationMeanSpend * 100).rounded()))
    }

    @Test("too few buyers or too short a history is said, not hidden")
    func notEnoughData() {
        let summary = RepeatPurchaseSimulator(purchase: purchase, spend: spend, ages: 10...90).summary(customers: 120, seed: 5)
        let outcome = PredictionFit.fit(summary, fittedAt: Instant(secondsSinceEpoch: 0), settings: PredictionSettings())
        #expect(!outcome.model.isReliable)
        #expect(outcome.model.warnings.contains { $0.contains("only 120 buyers") })
        #expect(outcome.model.warnings.contains { $0.contains("covers") && $0.contains("180") })
        let enough = RepeatPurchaseSimulator(purchase: purchase, spend: spend, ages: 200...700).summary(customers: 2_000, seed: 5)
        let good = PredictionFit.fit(enough, fittedAt: Instant(secondsSinceEpoch: 0), settings: PredictionSettings())
        #expect(good.model.isReliable, "\(good.model.warnings)")
        #expect(good.model.converged)
        let nobodyReturned = RepeatPurchaseSummary(frequency: [0, 0, 0], recency: [0, 0, 0], age: [200, 300, 400],
                                                   averageSpend: [0, 0, 0])
        let empty = PredictionFit.fit(nobodyReturned, fittedAt: Instant(secondsSinceEpoch: 0), settings: PredictionSettings())
        #expect(empty.model.warnings.contains { $0.contains("bought twice") })
        #expect(empty.model.spend == nil)
    }
}
