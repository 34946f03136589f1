import Foundation

/// Shop-wide settings with the SPEC defaults. Stored by the store; engines receive them as values.
public struct ShopSettings: Sendable, Equatable {
    /// The shop's time zone: day boundaries, birthdays and the dates in import files are read in it.
    public var timeZoneIdentifier: String = "Asia/Shanghai"
    /// A phone, e-mail or union id presented by more than this many distinct buyer accounts is a shared number
    /// (the shop's own, a courier's) and is never used to merge customers.
    public var sharedIdentifierLimit: Int = 20
    /// RFM, pyramid and lifecycle thresholds.
    public var segmentation = SegmentationSettings()
    /// Points and the new-customer guard.
    public var promotions = PromotionSettings()
    /// Contact policy, channel addresses and message settings.
    public var automation = AutomationSettings()
    /// Model time unit, holdout, CLV horizon and churn cut-offs.
    public var prediction = PredictionSettings()

    public init() {}

    public var calendar: ShopCalendar {
        ShopCalendar(timeZone: TimeZone(identifier: timeZoneIdentifier) ?? TimeZone(identifier: "Asia/Shanghai")!)
    }

    /// Setting names as the CLI and the settings table spell them.
    public static let keys = ["timezone", "shared_identifier_limit"] + SegmentationSettings.keys + PromotionSettings.keys
        + AutomationSettings.keys + PredictionSettings.keys

    public func value(for key: String) -> String? {
        switch key {
        case "timezone": return timeZoneIdentifier
        case "shared_identifier_limit": return String(sharedIdentifierLimit)
        default: return segmentation.value(for: key) ?? promotions.value(for: key) ?? automation.value(for: key)
            ?? prediction.value(for: key)
        }
    }

    /// Sets one setting from text, or says why the value is not acceptable.
    public mutating func set(_ key: String, to value: String) throws(SettingError) {
        switch key {
        case "timezone":
            guard TimeZone(identifier: value) != nil else { throw .invalid(key: key, value: value, expected: "an IANA time zone such as Asia/Shanghai") }
            timeZoneIdentifier = value
        case "shared_identifier_limit":
            guard let limit = Int(value), limit >= 1 else { throw .invalid(key: key, value: value, expected: "a whole number ≥ 1") }
            sharedIdentifierLimit = limit
        default:
            if PromotionSettings.keys.contains(key) {
                try promotions.set(key, to: value)
            } else if AutomationSettings.keys.contains(key) {
                try automation.set(key, to: value)
            } else if PredictionSettings.keys.contains(key) {
                try prediction.set(key, to: value)
            } else {
                try segmentation.set(key, to: value)
            }
        }
    }
}

public enum SettingError: Error, Equatable, CustomStringConvertible {
    case unknownKey(String)
    case invalid(key: String, value: String, expected: String)

    public var description: String {
        switch self {
        case .unknownKey(let key):
            return "unknown setting '\(key)'; known settings: \(ShopSettings.keys.joined(separator: ", "))"
        case .invalid(let key, let value, let expected):
            return "setting \(key): '\(value)' is not \(expected)"
        }
    }
}
