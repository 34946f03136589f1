/// How an offer combines with others (PROMO-3).
public struct Stacking: Sendable, Equatable {
    /// Offers in the same group never both apply to one line (for coupons: to one cart); nil takes the benefit's
    /// family (`threshold`, `item`, `gift`, `points` …), so two 满减 do not stack unless put in different groups.
    public var group: String?
    /// 不与其他优惠同享: applies only to lines no other offer touched, and no later offer touches its lines.
    public var exclusive: Bool
    /// Higher goes first within a stage (ties: by id).
    public var priority: Int

    public init(group: String? = nil, exclusive: Bool = false, priority: Int = 0) {
        self.group = group
        self.exclusive = exclusive
        self.priority = priority
    }
}

/// A promotion or a coupon template's benefit with everything pricing needs to apply it.
public struct Offer: Sendable, Equatable, Identifiable {
    /// One namespace across promotions and coupon templates (limits and claims are keyed by it): `d11-tiers`, `new15`.
    public var id: String
    public var name: String
    public var benefit: Benefit
    public var scope: OfferScope
    public var targeting: Targeting
    public var stacking: Stacking
    /// The most money the offer may give away in total (nil: no budget).
    public var budget: Money?

    public init(id: String, name: String, benefit: Benefit, scope: OfferScope = .wholeCart, targeting: Targeting = .everyone,
                stacking: Stacking = Stacking(), budget: Money? = nil) {
        self.id = id
        self.name = name
        self.benefit = benefit
        self.scope = scope
        self.targeting = targeting
        self.stacking = stacking
        self.budget = budget
    }

    public var group: String { stacking.group ?? benefit.family }

    /// A coupon's group: its own, else one shared by all money coupons (one per order) and one by all free-shipping
    /// coupons.
    public var couponGroup: String {
        stacking.group ?? (benefit.stage == .shipping ? "coupon-shipping" : "coupon")
    }
}
