/// Every customer's predictions as columns over dense customer indexes (as `ShopColumns`): what the store keeps with
/// the customer and what the audience language asks (`churn_risk = high`, `clv > 500`). A customer the models did
/// not score (no purchase yet) has `scored == false` and matches no prediction condition.
public struct CustomerPredictionColumns: Sendable, Equatable {
    public var scored: [Bool]
    /// Probability the customer is still a customer (BG/NBD).
    public var pAlive: [Double]
    /// Expected purchases over the CLV horizon.
    public var expectedPurchases: [Double]
    /// Expected spend per purchase (Gamma-Gamma), fen.
    public var expectedSpend: [Int64]
    /// Discounted value over the horizon, fen.
    public var clv: [Int64]
    /// 0 … 1: 1 − P(alive), weighted by value (`ChurnRisk`).
    public var churnScore: [Double]
    public var churnLevel: [ChurnLevel?]

    /// `count` customers, none scored.
    public init(count: Int) {
        scored = Array(repeating: false, count: count)
        pAlive = Array(repeating: 0, count: count)
        expectedPurchases = Array(repeating: 0, count: count)
        expectedSpend = Array(repeating: 0, count: count)
        clv = Array(repeating: 0, count: count)
        churnScore = Array(repeating: 0, count: count)
        churnLevel = Array(repeating: nil, count: count)
    }

    public var count: Int { scored.count }
}
