import Foundation

/// Prediction settings with their defaults (PRED-1 … PRED-4): the model's time unit, the holdout check, the CLV
/// horizon and discount, the churn-risk cut-offs and how much history a fit needs before its numbers are trusted.
public struct PredictionSettings: Sendable, Equatable, Codable {
    /// The unit `x`, `t_x` and `T` are counted in; purchases on one day are one purchase either way.
    public var timeUnit: TimeUnit = .days
    /// Days at the end of the history held back to check a fit against what really happened (0: no check).
    public var holdoutDays = 90
    /// CLV is summed over this many days ahead.
    public var clvHorizonDays = 365
    /// Monthly discount rate for CLV (0.01 = 1 % a month).
    public var clvMonthlyDiscount = 0.01
    /// Churn scores at or above these are medium and high risk.
    public var churnMedium = 0.3
    public var churnHigh = 0.6
    /// Below these, a fit is reported as not stable enough to act on (Klaviyo asks for about the same).
    public var minimumBuyers = 500
    public var minimumHistoryDays = 180
    /// `regulars serve` refits the models once the last fit is this many hours old (0: never; fit by hand).
    public var refitHours = 24
    /// A product's repurchase cycle needs at least this many repeat intervals (same customer, same product).
    public var minimumCycleIntervals = 5

    public enum TimeUnit: String, Sendable, Codable, CaseIterable {
        case days, weeks

        public var days: Double { self == .days ? 1 : 7 }
    }

    public init() {}

    public static let keys = [
        "prediction_time_unit", "prediction_holdout_days", "clv_horizon_days", "clv_monthly_discount",
        "churn_risk_medium", "churn_risk_high", "prediction_min_buyers", "prediction_min_days",
        "repurchase_min_intervals", "prediction_refit_hours",
    ]

    public func value(for key: String) -> String? {
        switch key {
        case "prediction_time_unit": return timeUnit.rawValue
        case "prediction_holdout_days": return String(holdoutDays)
        case "clv_horizon_days": return String(clvHorizonDays)
        case "clv_monthly_discount": return Self.decimal(clvMonthlyDiscount)
        case "churn_risk_medium": return Self.decimal(churnMedium)
        case "churn_risk_high": return Self.decimal(churnHigh)
        case "prediction_min_buyers": return String(minimumBuyers)
        case "prediction_min_days": return String(minimumHistoryDays)
        case "repurchase_min_intervals": return String(minimumCycleIntervals)
        case "prediction_refit_hours": return String(refitHours)
        default: return nil
        }
    }

    public mutating func set(_ key: String, to value: String) throws(SettingError) {
        let text = value.trimmingCharacters(in: .whitespacesAndNewlines)
        func whole(_ range: ClosedRange<Int>, _ what: String) throws(SettingError) -> Int {
            guard let number = Int(text), range.contains(number) else {
                throw .invalid(key: key, value: value, expected: "\(what), a whole number from \(range.lowerBound) to \(range.upperBound)")
            }
            return number
        }
        func fraction(_ range: ClosedRange<Double>, _ what: String) throws(SettingError) -> Double {
            guard let number = Double(text), number.isFinite, range.contains(number) else {
                throw .invalid(key: key, value: value, expected: "\(what), a number from \(Self.decimal(range.lowerBound)) to \(Self.decimal(range.upperBound))")
            }
            return number
        }
        switch key {
        case "prediction_time_unit":
            guard let unit = TimeUnit(rawValue: text) else { throw .invalid(key: key, value: value, expected: "days or weeks") }
            timeUnit = unit
        case "prediction_holdout_days": holdoutDays = try whole(0...3650, "days held back (0: none)")
        case "clv_horizon_days": clvHorizonDays = try whole(1...3650, "days ahead")
        case "clv_monthly_discount": clvMonthlyDiscount = try fraction(0...1, "a monthly rate such as 0.01")
        case "churn_risk_medium":
            let cut = try fraction(0...1, "a churn score")
            guard cut <= churnHigh else {
                throw .invalid(key: key, value: value, expected: "a churn score no higher than churn_risk_high (\(Self.decimal(churnHigh)))")
            }
            churnMedium = cut
        case "churn_risk_high":
            let cut = try fraction(0...1, "a churn score")
            guard cut >= churnMedium else {
                throw .invalid(key: key, value: value, expected: "a churn score no lower than churn_risk_medium (\(Self.decimal(churnMedium)))")
            }
            churnHigh = cut
        case "prediction_min_buyers": minimumBuyers = try whole(1...100_000_000, "buyers")
        case "prediction_min_days": minimumHistoryDays = try whole(1...36_500, "days of history")
        case "repurchase_min_intervals": minimumCycleIntervals = try whole(1...10_000, "intervals")
        case "prediction_refit_hours": refitHours = try whole(0...8760, "hours between refits (0: never)")
        default: throw .unknownKey(key)
        }
    }

    static func decimal(_ value: Double) -> String {
        value == value.rounded() ? String(format: "%.0f", value) : String(value)
    }
}
