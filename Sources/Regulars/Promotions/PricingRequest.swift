/// What is left of limited offers when a cart is priced (read from the store; the redemption checks it again).
public struct OfferAvailability: Sendable, Equatable {
    /// Units left of a flash sale or a first-N-units offer, by offer id (absent: the full stock).
    public var remainingUnits: [String: Int]
    /// Buyers left of a first-N-buyers offer.
    public var remainingBuyers: [String: Int]
    /// Money left of an offer's or coupon template's budget (absent: the whole budget).
    public var remainingBudget: [String: Money]
    /// Redemptions left of a coupon template's budget in count (absent: the whole budget).
    public var remainingRedemptions: [String: Int]
    /// Units this customer already bought at a limited offer's price, by offer id.
    public var takenByCustomer: [String: Int]

    public init(remainingUnits: [String: Int] = [:], remainingBuyers: [String: Int] = [:], remainingBudget: [String: Money] = [:],
                remainingRedemptions: [String: Int] = [:], takenByCustomer: [String: Int] = [:]) {
        self.remainingUnits = remainingUnits
        self.remainingBuyers = remainingBuyers
        self.remainingBudget = remainingBudget
        self.remainingRedemptions = remainingRedemptions
        self.takenByCustomer = takenByCustomer
    }

    public static let unlimited = OfferAvailability()
}

/// Which of the customer's coupons to use.
public enum CouponChoice: Sendable, Equatable {
    /// The combination that makes the customer pay least (the default at checkout).
    case best
    /// Exactly these codes, in this order of preference; one that cannot apply is reported, not an error.
    case codes([String])
    case none
}

/// Everything a cart is priced with. The clock is `now`: pricing reads nothing else.
public struct PricingRequest: Sendable {
    public var cart: Cart
    public var customer: PricingCustomer
    public var channel: Channel
    public var now: Instant
    /// The customer's usable coupons with their templates' offers.
    public var coupons: [HeldCoupon]
    public var couponChoice: CouponChoice
    public var availability: OfferAvailability
    /// Lowest price per unit any stack may reach, by SKU (成本价保护).
    public var costFloors: [String: Money]
    public var settings: PromotionSettings

    public init(cart: Cart, customer: PricingCustomer, channel: Channel, now: Instant, coupons: [HeldCoupon] = [],
                couponChoice: CouponChoice = .best, availability: OfferAvailability = .unlimited,
                costFloors: [String: Money] = [:], settings: PromotionSettings = PromotionSettings()) {
        self.cart = cart
        self.customer = customer
        self.channel = channel
        self.now = now
        self.coupons = coupons
        self.couponChoice = couponChoice
        self.availability = availability
        self.costFloors = costFloors
        self.settings = settings
    }
}
