import Foundation

/// Promotion settings with their defaults.
public struct PromotionSettings: Sendable, Equatable {
    /// Points earned per yuan paid for goods (before multipliers).
    public var pointsPerYuan = 1
    /// 羊毛党 guard: a new-customer (first order only) offer is given once per phone, device or address, whichever are
    /// listed here; empty: no guard beyond "first order".
    public var newCustomerGuard: Set<GuardKey> = [.phone, .device, .address]

    public enum GuardKey: String, Sendable, Codable, CaseIterable, Comparable {
        case phone, device, address
        public static func < (lhs: GuardKey, rhs: GuardKey) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    public init() {}

    public static let keys = ["points_per_yuan", "new_customer_guard"]

    public func value(for key: String) -> String? {
        switch key {
        case "points_per_yuan": return String(pointsPerYuan)
        case "new_customer_guard": return newCustomerGuard.isEmpty ? "none" : newCustomerGuard.sorted().map(\.rawValue).joined(separator: ",")
        default: return nil
        }
    }

    public mutating func set(_ key: String, to value: String) throws(SettingError) {
        switch key {
        case "points_per_yuan":
            guard let number = Int(value), (0...1000).contains(number) else {
                throw .invalid(key: key, value: value, expected: "a whole number from 0 to 1000")
            }
            pointsPerYuan = number
        case "new_customer_guard":
            if value == "none" || value.isEmpty { newCustomerGuard = []; return }
            var keys: Set<GuardKey> = []
            for part in value.split(separator: ",") {
                guard let key = GuardKey(rawValue: part.trimmingCharacters(in: .whitespaces)) else {
                    throw .invalid(key: key, value: value, expected: "none, or a comma list of phone, device, address")
                }
                keys.insert(key)
            }
            newCustomerGuard = keys
        default:
            throw .unknownKey(key)
        }
    }
}

/// The keys a checkout gives for the new-customer guard: the buyer's phone, device id and delivery address.
public struct NewCustomerKeys: Sendable, Equatable, Codable {
    public var phone: String?
    public var device: String?
    public var address: String?

    public init(phone: String? = nil, device: String? = nil, address: String? = nil) {
        self.phone = phone
        self.device = device
        self.address = address
    }

    /// The normalised keys the guard compares, for the kinds `guarding` lists: phones to 11 digits, addresses
    /// without spaces or punctuation and case-folded, so 北京市朝阳区 xx路1号 and 北京市朝阳区xx路1号 are one address.
    public func normalized(guarding kinds: Set<PromotionSettings.GuardKey>) -> [(kind: PromotionSettings.GuardKey, value: String)] {
        var keys: [(PromotionSettings.GuardKey, String)] = []
        if kinds.contains(.phone), let phone, case .mobile(let number)? = PhoneNumber.parse(phone) { keys.append((.phone, number)) }
        if kinds.contains(.device), let device = device?.trimmingCharacters(in: .whitespaces).lowercased(), !device.isEmpty {
            keys.append((.device, device))
        }
        if kinds.contains(.address), let address {
            let folded = String(address.lowercased().unicodeScalars.filter {
                !CharacterSet.whitespacesAndNewlines.contains($0) && !CharacterSet.punctuationCharacters.contains($0)
            }.map(Character.init))
            if !folded.isEmpty { keys.append((.address, folded)) }
        }
        return keys
    }
}
