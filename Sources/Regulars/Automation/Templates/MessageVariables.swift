/// A customer's values for one message. Templates name them `name`, `last_product`, `tier`, `coupon_code`,
/// `short_link`, `shop`, and the trigger's extras (`product`, `order`, `deadline`, …).
///
/// Fallbacks, so a message never reads with a hole: a missing (nil or empty) `name` is 亲, `last_product` is 宝贝,
/// `shop` is 本店. The others (`tier`, `coupon_code`, `short_link`, extras) are missing, which renders as nothing
/// and is false in a section, so `{{#coupon_code}}券码{{coupon_code}}{{/coupon_code}}` shows only when there is one.
public struct MessageVariables: Sendable, Equatable {
    public var name: String?
    public var lastProduct: String?
    public var tier: String?
    public var couponCode: String?
    public var shortLink: String?
    public var shop: String?
    public var extra: [String: String]

    public init(name: String? = nil, lastProduct: String? = nil, tier: String? = nil, couponCode: String? = nil,
                shortLink: String? = nil, shop: String? = nil, extra: [String: String] = [:]) {
        self.name = name
        self.lastProduct = lastProduct
        self.tier = tier
        self.couponCode = couponCode
        self.shortLink = shortLink
        self.shop = shop
        self.extra = extra
    }

    public static let fallbackName = "亲"
    public static let fallbackProduct = "宝贝"
    public static let fallbackShop = "本店"

    /// The keys every message has.
    public static let standardKeys = ["name", "last_product", "tier", "coupon_code", "short_link", "shop"]
    /// The extra keys triggers bring (`TriggerOccurrence.variables`) that templates may use besides the standard ones.
    public static let commonExtraKeys: Set<String> = ["product", "order", "deadline", "amount"]

    /// The value a template sees for `key`, fallbacks applied; nil when there is none.
    public func value(for key: String) -> String? {
        switch key {
        case "name": return Self.present(name) ?? Self.fallbackName
        case "last_product": return Self.present(lastProduct) ?? Self.fallbackProduct
        case "tier": return Self.present(tier)
        case "coupon_code": return Self.present(couponCode)
        case "short_link": return Self.present(shortLink)
        case "shop": return Self.present(shop) ?? Self.fallbackShop
        default: return Self.present(extra[key])
        }
    }

    private static func present(_ value: String?) -> String? {
        guard let value, !value.isEmpty else { return nil }
        return value
    }
}
