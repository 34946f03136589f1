public enum Gender: String, Sendable, Codable {
    case female, male, unknown

    /// Accepts 女/F/female/2 and 男/M/male/1 (the codes platforms use).
    public init?(parsing raw: String) {
        switch raw.trimmingCharacters(in: .whitespaces).lowercased() {
        case "女", "f", "female", "2", "女士": self = .female
        case "男", "m", "male", "1", "先生": self = .male
        case "", "未知", "unknown", "0", "u", "-", "--": self = .unknown
        default: return nil
        }
    }

    public var label: String {
        switch self {
        case .female: return "女"
        case .male: return "男"
        case .unknown: return "未知"
        }
    }
}

/// A customer profile row as imported (a CRM or membership export).
public struct CustomerRecord: Hashable, Sendable, Codable {
    public var keys: IdentityKeys
    public var name: String?
    public var gender: Gender?
    public var birthday: CivilDate?
    public var province: String?
    public var city: String?
    public var registeredAt: Instant?
    public var nickname: String?
    /// Tags the source system gave the customer (有赞 标签); added to the customer's tags, never removing others.
    public var tags: [String]
    /// Loyalty points as the source system counts them (客户积分).
    public var points: Int64?
    /// When the customer became a member (成为会员时间).
    public var memberSince: Instant?

    public init(keys: IdentityKeys, name: String? = nil, gender: Gender? = nil, birthday: CivilDate? = nil,
                province: String? = nil, city: String? = nil, registeredAt: Instant? = nil, nickname: String? = nil,
                tags: [String] = [], points: Int64? = nil, memberSince: Instant? = nil) {
        self.keys = keys
        self.name = name
        self.gender = gender
        self.birthday = birthday
        self.province = province
        self.city = city
        self.registeredAt = registeredAt
        self.nickname = nickname
        self.tags = tags
        self.points = points
        self.memberSince = memberSince
    }

    /// `VIP,老客、复购；` → `["VIP", "老客", "复购"]`: commas (half- and full-width), 、, semicolons and |.
    public static func splitTags(_ text: String) -> [String] {
        var seen = Set<String>()
        return text.split(whereSeparator: { ",，、;；|".contains($0) })
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty && seen.insert($0).inserted }
    }
}

import Foundation
