/// Every threshold of RFM, the pyramid and the lifecycle, with the SPEC's defaults (days are the shop's local days).
public struct SegmentationSettings: Sendable, Equatable, Codable {
    /// What "high" R, F and M are measured against for the eight classes.
    public enum ClassBasis: String, Sendable, Codable, CaseIterable {
        case mean, median
    }

    /// RFM looks at purchases in the last this many days (the as-of day and the days before it).
    public var rfmWindowDays = 365
    public var classBasis = ClassBasis.mean

    /// 王者: bought within this many days …
    public var championRecencyDays = 30
    /// … at least this many orders in all (SPEC: more than 5) …
    public var championMinOrders = 6
    /// … and high spend: an M score (1–5) at least this.
    public var championMinMonetaryScore = 4
    /// 潜力: bought within this many days, at least `potentialMinOrders` orders.
    public var potentialRecencyDays = 90
    public var potentialMinOrders = 2
    /// 新客: first order within this many days.
    public var newCustomerDays = 30
    /// 流失 after this many days without an order; 瞌睡 between `potentialRecencyDays` and this.
    public var lostAfterDays = 180

    /// Lifecycle: new for this many days after the first order.
    public var lifecycleNewDays = 7
    /// Active: an order within this many days (SPEC: at least one a month).
    public var lifecycleActiveDays = 30
    /// Churned after this many days without an order; silent in between.
    public var lifecycleChurnedDays = 90
    /// Loyal: active and a customer for at least this many days (SPEC: six months).
    public var lifecycleLoyalTenureDays = 180
    /// 沉睡预警: no order for more than `lifecycleActiveDays` and at most this many days.
    public var sleepWarningDays = 60

    public init() {}

    /// Setting names as the CLI and the settings table spell them, with what each accepts.
    public static let keys: [String] = [
        "rfm_window_days", "rfm_class_basis",
        "pyramid_champion_days", "pyramid_champion_min_orders", "pyramid_champion_min_m_score",
        "pyramid_potential_days", "pyramid_potential_min_orders", "pyramid_new_days", "pyramid_lost_days",
        "lifecycle_new_days", "lifecycle_active_days", "lifecycle_churned_days", "lifecycle_loyal_days",
        "sleep_warning_days",
    ]

    // Key paths are immutable values; the dictionary is never mutated.
    private nonisolated(unsafe) static let dayKeys: [String: WritableKeyPath<SegmentationSettings, Int>] = [
        "rfm_window_days": \.rfmWindowDays,
        "pyramid_champion_days": \.championRecencyDays,
        "pyramid_champion_min_orders": \.championMinOrders,
        "pyramid_champion_min_m_score": \.championMinMonetaryScore,
        "pyramid_potential_days": \.potentialRecencyDays,
        "pyramid_potential_min_orders": \.potentialMinOrders,
        "pyramid_new_days": \.newCustomerDays,
        "pyramid_lost_days": \.lostAfterDays,
        "lifecycle_new_days": \.lifecycleNewDays,
        "lifecycle_active_days": \.lifecycleActiveDays,
        "lifecycle_churned_days": \.lifecycleChurnedDays,
        "lifecycle_loyal_days": \.lifecycleLoyalTenureDays,
        "sleep_warning_days": \.sleepWarningDays,
    ]

    public func value(for key: String) -> String? {
        if key == "rfm_class_basis" { return classBasis.rawValue }
        return Self.dayKeys[key].map { String(self[keyPath: $0]) }
    }

    public mutating func set(_ key: String, to value: String) throws(SettingError) {
        if key == "rfm_class_basis" {
            guard let basis = ClassBasis(rawValue: value) else { throw .invalid(key: key, value: value, expected: "mean or median") }
            classBasis = basis
            return
        }
        guard let path = Self.dayKeys[key] else { throw .unknownKey(key) }
        let range = key == "pyramid_champion_min_m_score" ? 1...5 : 1...36_500
        guard let number = Int(value), range.contains(number) else {
            throw .invalid(key: key, value: value, expected: "a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        self[keyPath: path] = number
    }

    /// Thresholds that contradict each other, said as what they must be (checked after a change, not while loading).
    public var inconsistency: String? {
        if championRecencyDays > potentialRecencyDays { return "consistent with the others (pyramid_champion_days ≤ pyramid_potential_days)" }
        if potentialRecencyDays >= lostAfterDays { return "consistent with the others (pyramid_potential_days < pyramid_lost_days)" }
        if lifecycleActiveDays >= lifecycleChurnedDays { return "consistent with the others (lifecycle_active_days < lifecycle_churned_days)" }
        if sleepWarningDays < lifecycleActiveDays { return "consistent with the others (sleep_warning_days ≥ lifecycle_active_days)" }
        return nil
    }
}
