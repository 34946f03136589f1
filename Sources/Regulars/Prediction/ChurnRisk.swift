/// Churn risk (PRED-2): the probability the customer has already left, 1 − P(alive), weighted by what they are worth,
/// so that retention money goes first to customers who are slipping away *and* worth keeping. The weight is
/// 2·s / (s + s̄), with s the customer's expected spend per purchase and s̄ the mean over all scored customers: 1 for
/// an average customer, toward 2 for the most valuable, toward 0 for the least; the score is capped at 1.
public enum ChurnRisk {
    public static func score(probabilityAlive: Double, expectedSpend: Double, meanExpectedSpend: Double) -> Double {
        let gone = min(1, max(0, 1 - probabilityAlive))
        guard meanExpectedSpend > 0, expectedSpend >= 0 else { return gone }
        let weight = 2 * expectedSpend / (expectedSpend + meanExpectedSpend)
        return min(1, gone * weight)
    }
}
