import Foundation
import Testing
@testable import Regulars

@Suite("Gamma-Gamma formulas")
struct GammaGammaTests {
    /// Fader, Hardie & Lee's CDNOW spend estimates.
    let cdnow = GammaGammaParameters(p: 6.25, q: 3.74, v: 15.44)

    @Test("log-likelihood matches the closed form evaluated independently")
    func logLikelihood() {
        #expect(abs(cdnow.logLikelihood(x: 2, m: 35.5) - -4.121665192612738) < 1e-10)
        #expect(abs(cdnow.logLikelihood(x: 1, m: 10) - -3.92135050211197) < 1e-10)
    }

    @Test("expected spend is a weighted mean of the customer's own and the population's, worked by hand")
    func expectedSpend() {
        // E[M] = p·v / (q − 1) = 6.25 × 15.44 / 2.74 = 35.2189…
        #expect(abs(cdnow.populationMeanSpend - 6.25 * 15.44 / 2.74) < 1e-12)
        // One repeat purchase of 100: p(v + x·m) / (px + q − 1) = 6.25 × 115.44 / 8.99 = 80.255…
        #expect(abs(cdnow.expectedSpend(x: 1, m: 100) - 6.25 * 115.44 / 8.99) < 1e-12)
        #expect(cdnow.expectedSpend(x: 1, m: 100) < 100)
        #expect(cdnow.expectedSpend(x: 1, m: 100) > cdnow.populationMeanSpend)
        // More purchases, more weight on the customer's own mean.
        #expect(cdnow.expectedSpend(x: 20, m: 100) > cdnow.expectedSpend(x: 1, m: 100))
        #expect(cdnow.expectedSpend(x: 0, m: 0) == cdnow.populationMeanSpend)
    }
}
