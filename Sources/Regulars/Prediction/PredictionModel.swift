/// BG/NBD parameters (Fader, Hardie & Lee 2005): purchase rates are gamma(r, α) across customers, drop-out
/// probabilities beta(a, b). `alpha` is in the model's time unit.
public struct BGNBDParameters: Sendable, Equatable, Codable {
    public var r: Double
    public var alpha: Double
    public var a: Double
    public var b: Double

    public init(r: Double, alpha: Double, a: Double, b: Double) {
        self.r = r
        self.alpha = alpha
        self.a = a
        self.b = b
    }
}

/// Gamma-Gamma parameters (Fader, Hardie & Lee 2005, iso-value curves): spend per purchase is gamma(p, ν) for a
/// customer, ν is gamma(q, γ) across customers; `v` is γ, in yuan.
public struct GammaGammaParameters: Sendable, Equatable, Codable {
    public var p: Double
    public var q: Double
    public var v: Double

    public init(p: Double, q: Double, v: Double) {
        self.p = p
        self.q = q
        self.v = v
    }
}

/// A fitted pair of models and what the fit was made from: what the store keeps and what scoring uses.
public struct PredictionModel: Sendable, Equatable, Codable {
    public var unit: PredictionSettings.TimeUnit
    public var purchase: BGNBDParameters
    /// Nil when too few customers came back to fit spend; CLV then uses each customer's own average.
    public var spend: GammaGammaParameters?
    /// The end of the history the models were fitted on.
    public var fittedAt: Instant
    public var buyers: Int
    public var repeatBuyers: Int
    /// Days from the first purchase to `fittedAt`.
    public var historyDays: Int
    public var purchaseLogLikelihood: Double
    public var spendLogLikelihood: Double?
    public var converged: Bool
    /// Why the numbers should not be trusted yet (too few buyers, too short a history, no convergence).
    public var warnings: [String]

    public init(unit: PredictionSettings.TimeUnit, purchase: BGNBDParameters, spend: GammaGammaParameters?,
                fittedAt: Instant, buyers: Int, repeatBuyers: Int, historyDays: Int, purchaseLogLikelihood: Double,
                spendLogLikelihood: Double?, converged: Bool, warnings: [String]) {
        self.unit = unit
        self.purchase = purchase
        self.spend = spend
        self.fittedAt = fittedAt
        self.buyers = buyers
        self.repeatBuyers = repeatBuyers
        self.historyDays = historyDays
        self.purchaseLogLikelihood = purchaseLogLikelihood
        self.spendLogLikelihood = spendLogLikelihood
        self.converged = converged
        self.warnings = warnings
    }

    /// True when the fit is good enough to act on.
    public var isReliable: Bool { warnings.isEmpty }
}
