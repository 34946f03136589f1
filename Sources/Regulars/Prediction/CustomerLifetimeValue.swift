import Foundation

/// CLV over a horizon (PRED-1): expected purchases month by month (30-day steps, the last one shorter) times expected
/// spend per purchase, each month discounted at the monthly rate — the discrete form Fader & Hardie use and
/// `lifetimes` computes.
public struct CustomerLifetimeValue: Sendable {
    public var horizonDays: Int
    public var monthlyDiscount: Double
    /// Days in the model's time unit.
    public var unitDays: Double

    public init(horizonDays: Int, monthlyDiscount: Double, unitDays: Double) {
        self.horizonDays = horizonDays
        self.monthlyDiscount = monthlyDiscount
        self.unitDays = unitDays
    }

    /// The ends of the steps, in days: 30, 60, … and the horizon.
    public var stepDays: [Int] {
        stride(from: 30, to: horizonDays, by: 30).map { $0 } + [horizonDays]
    }

    /// Expected purchases of a customer alive now, from now to the end of each step.
    public func cumulativePurchasesIfAlive(_ model: BGNBDParameters, x: Double, T: Double) -> [Double] {
        stepDays.map { model.expectedPurchasesIfAlive(within: Double($0) / unitDays, x: x, T: T) }
    }

    /// The discounted value of those purchases for a customer alive with probability `probabilityAlive`, spending
    /// `spend` (yuan) a purchase.
    public func discountedValue(_ cumulative: [Double], probabilityAlive: Double, spend: Double) -> Double {
        var value = 0.0, before = 0.0
        for (step, days) in stepDays.enumerated() where step < cumulative.count {
            let purchases = probabilityAlive * (cumulative[step] - before)
            before = cumulative[step]
            value += purchases * spend / pow(1 + monthlyDiscount, Double(days) / 30)
        }
        return value
    }

    /// CLV of one customer.
    public func value(_ model: BGNBDParameters, x: Double, tx: Double, T: Double, spend: Double) -> Double {
        discountedValue(cumulativePurchasesIfAlive(model, x: x, T: T),
                        probabilityAlive: model.probabilityAlive(x: x, tx: tx, T: T), spend: spend)
    }
}
