import Foundation
import Testing
@testable import Regulars

@Suite("Fitting BG/NBD and Gamma-Gamma")
struct ModelFitTests {
    static let truthPurchase = BGNBDParameters(r: 0.5, alpha: 10, a: 0.8, b: 2.5)
    static let truthSpend = GammaGammaParameters(p: 6, q: 4, v: 50)
    static let simulated = RepeatPurchaseSimulator(purchase: truthPurchase, spend: truthSpend, ages: 180...720)
        .summary(customers: 20_000, seed: 7)

    @Test("BG/NBD recovers the parameters it was simulated from")
    func recoversPurchaseParameters() {
        let fit = BGNBDFit.fit(Self.simulated)
        #expect(fit.converged)
        let found = fit.parameters, truth = Self.truthPurchase
        #expect(abs(found.r / truth.r - 1) < 0.15)
        #expect(abs(found.alpha / truth.alpha - 1) < 0.2)
        #expect(abs(found.a / truth.a - 1) < 0.3)
        #expect(abs(found.b / truth.b - 1) < 0.3)
        // The optimum beats the truth and its neighbours on the same data.
        let atTruth = BGNBDFit.logLikelihood(truth, Self.simulated)
        #expect(fit.logLikelihood >= atTruth)
        var nudged = found
        nudged.r *= 1.01
        #expect(fit.logLikelihood > BGNBDFit.logLikelihood(nudged, Self.simulated))
        // The fast, grouped and scaled log-likelihood equals the plain customer-by-customer sum.
        #expect(abs(fit.logLikelihood - BGNBDFit.logLikelihood(found, Self.simulated)) < 1e-6)
    }

    @Test("Gamma-Gamma recovers the parameters it was simulated from")
    func recoversSpendParameters() throws {
        let fit = try #require(GammaGammaFit.fit(Self.simulated))
        #expect(fit.converged)
        #expect(fit.customers == Self.simulated.repeatRows.count)
        let found = fit.parameters, truth = Self.truthSpend
        // p, q and v trade off against each other; the mean spend they imply is pinned down tightly.
        #expect(abs(found.populationMeanSpend / truth.populationMeanSpend - 1) < 0.05)
        #expect(abs(found.p / truth.p - 1) < 0.25)
        #expect(abs(found.q / truth.q - 1) < 0.35)
        let rows = Self.simulated.repeatRows
        let x = rows.map { Self.simulated.frequency[$0] }, m = rows.map { Self.simulated.averageSpend[$0] }
        #expect(abs(fit.logLikelihood - GammaGammaFit.logLikelihood(found, frequency: x, averageSpend: m)) < 1e-6)
        #expect(fit.logLikelihood >= GammaGammaFit.logLikelihood(truth, frequency: x, averageSpend: m))
    }

    @Test("time units do not change the model, only α's unit")
    func unitsScaleAlpha() {
        let days = Self.simulated
        let weeks = RepeatPurchaseSummary(frequency: days.frequency, recency: days.recency.map { $0 / 7 },
                                          age: days.age.map { $0 / 7 }, averageSpend: days.averageSpend, unit: .weeks)
        let inDays = BGNBDFit.fit(days).parameters, inWeeks = BGNBDFit.fit(weeks).parameters
        #expect(abs(inWeeks.r / inDays.r - 1) < 1e-6)
        #expect(abs(inWeeks.alpha * 7 / inDays.alpha - 1) < 1e-6)
        #expect(abs(inWeeks.b / inDays.b - 1) < 1e-6)
    }

    @Test("no one to fit Gamma-Gamma on gives nil, not a made-up model")
    func emptySpend() {
        #expect(GammaGammaFit.fit(frequency: [], averageSpend: []) == nil)
        #expect(GammaGammaFit.fit(frequency: [0, 0], averageSpend: [0, 0]) == nil)
    }
}
