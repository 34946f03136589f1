import Foundation
import Testing
@testable import Regulars

@Suite("Fits on data that pushes the models to their limits")
struct DegenerateFitTests {
    @Test("customers who all buy at one steady rate: r and α grow together but stay finite, and nothing goes negative")
    func oneRateForEveryone() throws {
        // Every customer buys every 10 days from their first purchase: no heterogeneity, no drop-out.
        var frequency: [Double] = [], recency: [Double] = [], age: [Double] = []
        for k in 0..<30 {
            let T = Double(100 + 7 * k), x = (T / 10).rounded(.down)
            frequency.append(x)
            recency.append(x * 10)
            age.append(T)
        }
        let summary = RepeatPurchaseSummary(frequency: frequency, recency: recency, age: age,
                                            averageSpend: Array(repeating: 80, count: 30))
        let fit = BGNBDFit.fit(summary)
        let p = fit.parameters
        #expect([p.r, p.alpha, p.a, p.b].allSatisfy { $0.isFinite && $0 > 0 })
        #expect(fit.logLikelihood.isFinite)
        // The fast, grouped log-likelihood is still the customer-by-customer sum.
        let plain = BGNBDFit.logLikelihood(p, summary)
        #expect(abs(fit.logLikelihood - plain) < 1e-6 * max(1, abs(plain)))
        // The rate it settles on is the customers' rate: about one purchase in 10 days.
        #expect(abs(p.r / p.alpha - 0.1) < 0.02)
        let model = PredictionFit.fit(summary, fittedAt: Instant(secondsSinceEpoch: 0), settings: PredictionSettings()).model
        let columns = CustomerScoring.score(summary, model: model, customerCount: 30, settings: PredictionSettings())
        #expect(columns.expectedPurchases.allSatisfy { $0 >= 0 && $0.isFinite })
        #expect(columns.clv.allSatisfy { $0 >= 0 })
    }

    @Test("almost no one drops out: a and b run large, the log-likelihood stays exact")
    func noDropout() {
        let simulator = RepeatPurchaseSimulator(purchase: BGNBDParameters(r: 0.5, alpha: 20, a: 1, b: 1e9),
                                                spend: GammaGammaParameters(p: 6, q: 4, v: 50), ages: 200...700)
        let summary = simulator.summary(customers: 3_000, seed: 9)
        let fit = BGNBDFit.fit(summary)
        let p = fit.parameters
        #expect([p.r, p.alpha, p.a, p.b].allSatisfy { $0.isFinite && $0 > 0 && $0 <= 1e9 })
        #expect(p.b / p.a > 100, "drop-out probability a / (a + b) is tiny")
        #expect(abs(p.r / 0.5 - 1) < 0.2)
        let plain = BGNBDFit.logLikelihood(p, summary)
        #expect(abs(fit.logLikelihood - plain) < 1e-6 * abs(plain))
        #expect(fit.logLikelihood < 0)
        // Customers who bought recently are alive.
        #expect(p.probabilityAlive(x: 5, tx: 300, T: 300) > 0.99)
    }

    @Test("₂F₁ outside its range answers nil instead of stopping the process")
    func hypergeometricOutsideRange() {
        #expect(SpecialFunctions.hypergeometric2F1(1, 1, 2, 1) == nil)
        #expect(SpecialFunctions.hypergeometric2F1(1, 1, 2, -0.5) == nil)
    }
}
