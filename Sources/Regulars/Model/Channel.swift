/// Where an order or a customer came from: a platform shop, the mini-program or an offline store.
public struct Channel: RawRepresentable, Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public let rawValue: String

    /// Channel names are lower-case ASCII words; anything else is normalised to that form.
    public init(rawValue: String) {
        var copy = rawValue
        let isNormal = copy.withUTF8 { bytes in
            bytes.allSatisfy { ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) || $0 == 95 || $0 == 45 }
        }
        self.rawValue = isNormal ? rawValue : rawValue.trimmingCharacters(in: .whitespaces).lowercased()
    }

    public static let tmall = Channel(rawValue: "tmall")
    public static let taobao = Channel(rawValue: "taobao")
    public static let jd = Channel(rawValue: "jd")
    public static let douyin = Channel(rawValue: "douyin")
    public static let pinduoduo = Channel(rawValue: "pdd")
    public static let youzan = Channel(rawValue: "youzan")
    /// WeChat Shop 微信小店 (视频号小店).
    public static let wechatShop = Channel(rawValue: "wechat_shop")
    public static let kuaishou = Channel(rawValue: "kuaishou")
    public static let miniapp = Channel(rawValue: "miniapp")
    public static let pos = Channel(rawValue: "pos")

    public static func < (lhs: Channel, rhs: Channel) -> Bool { lhs.rawValue < rhs.rawValue }
    public var description: String { rawValue }

    /// Whether a channel name is a word an operator could type: `[a-z0-9_-]{1,32}`.
    public var isWellFormed: Bool {
        !rawValue.isEmpty && rawValue.utf8.count <= 32
            && rawValue.utf8.allSatisfy { ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) || $0 == 95 || $0 == 45 }
    }
}

import Foundation
