import Foundation
import Testing
@testable import Regulars

@Suite("BG/NBD formulas")
struct BGNBDTests {
    /// Fader, Hardie & Lee's CDNOW estimates (weeks).
    let cdnow = BGNBDParameters(r: 0.243, alpha: 4.414, a: 0.793, b: 2.426)

    @Test("log-likelihood of a one-time buyer is r·ln(α / (α + T)), worked by hand")
    func oneTimeBuyer() {
        // 0.243 × ln(4.414 / 43.274) = 0.243 × (−2.282776…) = −0.554713…
        let byHand = 0.243 * log(4.414 / (4.414 + 38.86))
        #expect(abs(cdnow.logLikelihood(x: 0, tx: 0, T: 38.86) - byHand) < 1e-12)
        #expect(abs(byHand - -0.5547132764381584) < 1e-12)
    }

    @Test("log-likelihood of repeat buyers matches the paper's eq. (6) evaluated independently")
    func repeatBuyers() {
        // Values from the closed form evaluated with SciPy's gammaln at the same parameters.
        #expect(abs(cdnow.logLikelihood(x: 2, tx: 30.43, T: 38.86) - -9.45860630706627) < 1e-10)
        #expect(abs(cdnow.logLikelihood(x: 1, tx: 1, T: 1) - -3.153304299489586) < 1e-10)
        #expect(abs(cdnow.logLikelihood(x: 5, tx: 20, T: 20) - -14.95123544881051) < 1e-10)
    }

    @Test("P(alive) is 1 without a repeat purchase and (b+x−1)/(a+b+x−1) with a purchase at the end of the window")
    func probabilityAliveEdges() {
        #expect(cdnow.probabilityAlive(x: 0, tx: 0, T: 38.86) == 1)
        #expect(cdnow.probabilityAlive(x: 0, tx: 0, T: 1000) == 1)
        let atEnd = cdnow.probabilityAlive(x: 5, tx: 20, T: 20)
        #expect(abs(atEnd - (2.426 + 4) / (0.793 + 2.426 + 4)) < 1e-12)
        #expect(abs(atEnd - 0.8901509904418894) < 1e-12)
        #expect(abs(cdnow.probabilityAlive(x: 2, tx: 30.43, T: 38.86) - 0.726578570080673) < 1e-12)
        // Long silence after frequent buying: almost surely gone.
        #expect(abs(cdnow.probabilityAlive(x: 3, tx: 5, T: 100) - 0.0022743876144276235) < 1e-12)
    }

    @Test("expected purchases in the next 39 weeks (eq. 10) and for a new customer (eq. 9)")
    func expectedPurchases() {
        #expect(abs(cdnow.expectedPurchases(within: 39, x: 0, tx: 0, T: 38.86) - 0.19509805201125396) < 1e-9)
        #expect(abs(cdnow.expectedPurchases(within: 39, x: 2, tx: 30.43, T: 38.86) - 1.2260281747671318) < 1e-9)
        #expect(abs(cdnow.expectedPurchases(within: 39, x: 5, tx: 20, T: 20) - 5.323622223946893) < 1e-9)
        #expect(abs(cdnow.expectedPurchases(within: 39, x: 3, tx: 5, T: 100) - 0.0025144042462964845) < 1e-11)
        #expect(abs(cdnow.expectedPurchasesOfNewCustomer(within: 39) - 1.1967231933207985) < 1e-9)
        #expect(cdnow.expectedPurchases(within: 0, x: 2, tx: 30, T: 38) == 0)
        // More time, more purchases.
        #expect(cdnow.expectedPurchases(within: 52, x: 2, tx: 30.43, T: 38.86) > cdnow.expectedPurchases(within: 39, x: 2, tx: 30.43, T: 38.86))
    }
}

@Suite("Special functions")
struct SpecialFunctionsTests {
    @Test("digamma and trigamma at known points")
    func polygamma() {
        let eulerGamma = 0.5772156649015329
        #expect(abs(SpecialFunctions.digamma(1) + eulerGamma) < 1e-13)
        #expect(abs(SpecialFunctions.digamma(0.5) - (-eulerGamma - 2 * log(2))) < 1e-13)
        #expect(abs(SpecialFunctions.digamma(10) - 2.251752589066721) < 1e-13)
        #expect(abs(SpecialFunctions.trigamma(1) - Double.pi * Double.pi / 6) < 1e-12)
        #expect(abs(SpecialFunctions.trigamma(0.5) - Double.pi * Double.pi / 2) < 1e-11)
        // The derivative of digamma is trigamma.
        let h = 1e-5, x = 2.7
        let numeric = (SpecialFunctions.digamma(x + h) - SpecialFunctions.digamma(x - h)) / (2 * h)
        #expect(abs(numeric - SpecialFunctions.trigamma(x)) < 1e-8)
    }

    @Test("₂F₁ against closed forms")
    func hypergeometric() {
        // ₂F₁(1, 1; 2; z) = −ln(1 − z) / z, also close to z = 1 where the series is slow.
        for z in [0.1, 0.5, 0.9, 0.99] {
            let value = SpecialFunctions.hypergeometric2F1(1, 1, 2, z)!
            #expect(abs(value - -log(1 - z) / z) < 1e-10 * abs(value))
        }
        // ₂F₁(a, b; b; z) = (1 − z)^(−a).
        #expect(abs(SpecialFunctions.hypergeometric2F1(2.5, 3, 3, 0.3)! - pow(0.7, -2.5)) < 1e-12)
        #expect(SpecialFunctions.hypergeometric2F1(2.5, 3, 3, 0) == 1)
        // A fit with almost no drop-out has b near a million: the series must still converge quickly.
        let huge = SpecialFunctions.hypergeometric2F1(3.25, 978_925, 978_925, 0.9)!
        #expect(abs(huge / pow(0.1, -3.25) - 1) < 1e-10)
    }
}
