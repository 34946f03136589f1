import Regulars

/// The simulated shop both sides fit: two years of daily data from known parameters (days, yuan).
enum ShopSimulation {
    /// About 7 purchases a year for an active customer, a third of them gone after each purchase on average.
    static let purchase = BGNBDParameters(r: 0.75, alpha: 40, a: 0.8, b: 2.6)
    /// A mean spend per purchase near 150 × 6.25 / 2.74 ≈ ¥340.
    static let spend = GammaGammaParameters(p: 6.25, q: 3.74, v: 150)
    static let historyDays = 730.0

    static func summary(customers: Int, seed: UInt64) -> RepeatPurchaseSummary {
        RepeatPurchaseSimulator(purchase: purchase, spend: spend, ages: 1...historyDays, wholeUnits: true)
            .summary(customers: customers, seed: seed)
    }
}
