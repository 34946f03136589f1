/// Behaviour a shop records between orders.
public enum EventType: String, Sendable, Codable, CaseIterable {
    case view
    case search
    case addToCart = "add_to_cart"
    case cartExpired = "cart_expired"
    case favorite
    case couponClaim = "coupon_claim"
    case visit
    /// The order left the warehouse (发货), from a logistics feed.
    case shipped
    /// The parcel was signed for (签收).
    case delivered

    /// Accepts the English names and the Chinese words operators use (浏览, 搜索, 加购 …).
    public init?(parsing raw: String) {
        let word = raw.trimmingCharacters(in: .whitespaces).lowercased()
        if let known = EventType(rawValue: word) { self = known; return }
        switch word {
        case "浏览", "browse", "pageview", "page_view": self = .view
        case "搜索": self = .search
        case "加购", "加入购物车", "cart", "add-to-cart", "addtocart": self = .addToCart
        case "购物车过期", "cart-expired": self = .cartExpired
        case "收藏", "favourite", "fav": self = .favorite
        case "领券", "coupon-claim": self = .couponClaim
        case "访问", "进店": self = .visit
        case "发货", "已发货", "ship": self = .shipped
        case "签收", "已签收", "deliver": self = .delivered
        default: return nil
        }
    }

    public var label: String {
        switch self {
        case .view: return "浏览"
        case .search: return "搜索"
        case .addToCart: return "加购"
        case .cartExpired: return "购物车过期"
        case .favorite: return "收藏"
        case .couponClaim: return "领券"
        case .visit: return "进店"
        case .shipped: return "发货"
        case .delivered: return "签收"
        }
    }
}

/// One behaviour event: who, what, which product, when.
public struct EventRecord: Hashable, Sendable, Codable {
    public var keys: IdentityKeys
    public var type: EventType
    public var sku: String?
    public var at: Instant
    /// A search query, or other free text the event carries.
    public var text: String?
    /// How long the view lasted, in seconds, where known.
    public var durationSeconds: Int32?

    public init(keys: IdentityKeys, type: EventType, sku: String? = nil, at: Instant, text: String? = nil,
                durationSeconds: Int32? = nil) {
        self.keys = keys
        self.type = type
        self.sku = sku
        self.at = at
        self.text = text
        self.durationSeconds = durationSeconds
    }

    /// Same event, same key: re-importing an events file adds nothing.
    public var dedupKey: String {
        let who = keys.identifiers.first?.description ?? ""
        return StableHash.hex(of: [who, type.rawValue, sku ?? "", String(at.secondsSinceEpoch), text ?? ""]
            .joined(separator: "\u{1F}"))
    }
}
