import Foundation

/// What a fitted BG/NBD model says about one customer with `x` repeat purchases, the last at `tx`, observed for `T`
/// (all times in the model's unit, measured from the first purchase). Formulas from Fader, Hardie & Lee (2005),
/// "Counting your customers the easy way", and Hardie's note 004 on computing them.
extension BGNBDParameters {
    /// The customer's log-likelihood, eq. (6) of the paper in the log-sum-exp form that does not overflow.
    public func logLikelihood(x: Double, tx: Double, T: Double) -> Double {
        let gammas = SpecialFunctions.logGamma(r + x) - SpecialFunctions.logGamma(r) + r * log(alpha)
            + SpecialFunctions.logGamma(a + b) + SpecialFunctions.logGamma(b + x)
            - SpecialFunctions.logGamma(b) - SpecialFunctions.logGamma(a + b + x)
        let stays = -(r + x) * log(alpha + T)
        guard x > 0 else { return gammas + stays }
        let leftAfterLast = log(a) - log(b + x - 1) - (r + x) * log(alpha + tx)
        return gammas + Self.logSumExp(stays, leftAfterLast)
    }

    /// P(alive | x, tₓ, T), eq. (A4 in note 004). Without a repeat purchase the model has had no chance to see the
    /// customer leave, so this is 1: one-time buyers are judged by their expected purchases instead.
    public func probabilityAlive(x: Double, tx: Double, T: Double) -> Double {
        guard x > 0 else { return 1 }
        let odds = exp(log(a) - log(b + x - 1) + (r + x) * (log(alpha + T) - log(alpha + tx)))
        return 1 / (1 + odds)
    }

    /// E[Y(t) | x, tₓ, T]: repeat purchases expected in the next `t` (eq. 10).
    public func expectedPurchases(within t: Double, x: Double, tx: Double, T: Double) -> Double {
        guard t > 0 else { return 0 }
        let aliveShare = probabilityAlive(x: x, tx: tx, T: T)
        return aliveShare * expectedPurchasesIfAlive(within: t, x: x, T: T)
    }

    /// The part of eq. (10) that depends only on (x, T): expected purchases in the next `t` of a customer known to be
    /// alive after the observation window, times nothing else. Scoring caches it per (x, T).
    public func expectedPurchasesIfAlive(within t: Double, x: Double, T: Double) -> Double {
        guard t > 0 else { return 0 }
        let c = a + b + x - 1
        let z = t / (alpha + T + t)
        let lead = c / (a - 1)
        guard let hyper = SpecialFunctions.hypergeometric2F1(r + x, b + x, c, z) else { return .nan }
        let stays = exp((r + x) * log((alpha + T) / (alpha + T + t)))
        return lead * (1 - stays * hyper)
    }

    /// E[X(t)]: repeat purchases a new customer is expected to make in their first `t` (eq. 9).
    public func expectedPurchasesOfNewCustomer(within t: Double) -> Double {
        guard t > 0 else { return 0 }
        guard let hyper = SpecialFunctions.hypergeometric2F1(r, b, a + b - 1, t / (alpha + t)) else { return .nan }
        return (a + b - 1) / (a - 1) * (1 - pow(alpha / (alpha + t), r) * hyper)
    }

    @inline(__always)
    static func logSumExp(_ u: Double, _ v: Double) -> Double {
        u > v ? u + log1p(exp(v - u)) : v + log1p(exp(u - v))
    }
}
