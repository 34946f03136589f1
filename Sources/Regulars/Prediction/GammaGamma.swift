import Foundation

/// What a fitted Gamma-Gamma model says about spend per purchase (Fader, Hardie & Lee 2005, "RFM and CLV: using
/// iso-value curves"; Fader & Hardie's note 025). `x` is the number of repeat purchases and `m` their mean value.
extension GammaGammaParameters {
    /// The log-likelihood of one customer's mean spend `m` over `x` purchases (x > 0, m > 0).
    public func logLikelihood(x: Double, m: Double) -> Double {
        SpecialFunctions.logGamma(p * x + q) - SpecialFunctions.logGamma(p * x) - SpecialFunctions.logGamma(q)
            + q * log(v) + (p * x - 1) * log(m) + p * x * log(x) - (p * x + q) * log(x * m + v)
    }

    /// E[M]: the population's mean spend per purchase (needs q > 1).
    public var populationMeanSpend: Double { q > 1 ? p * v / (q - 1) : .nan }

    /// E[M | x, m]: the customer's expected spend per purchase, their own mean shrunk toward the population's; with
    /// no repeat purchase, the population's.
    public func expectedSpend(x: Double, m: Double) -> Double {
        guard x > 0, m > 0 else { return populationMeanSpend }
        return p * (v + x * m) / (p * x + q - 1)
    }
}
