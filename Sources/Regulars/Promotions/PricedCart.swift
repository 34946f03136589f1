/// What pricing a cart gives: every line's amount after each discount's share, the discounts with their reasons,
/// what is still missing for the next threshold, gifts, points, shipping, and the claims a redemption commits.
/// Pricing never changes state: this is the dry run; `PromotionStore.redeem` commits exactly it.
public struct PricedCart: Sendable, Equatable, Codable {
    public var lines: [PricedLine]
    public var discounts: [AppliedDiscount]
    /// Offers that were considered and did not apply, with the reason ("first order only", "budget spent" …).
    public var notApplied: [SkippedOffer]
    /// What is missing for a threshold not yet reached, e.g. `再买 ¥23.00 可减 ¥30.00（双11 满减）` as its `text`.
    public var hints: [PricingHint]
    public var gifts: [Gift]
    /// List value of the goods, before any discount.
    public var listAmount: Money
    /// The goods after every discount: the sum of the lines' amounts.
    public var goodsAmount: Money
    /// The shipping fee charged after free-shipping offers.
    public var shipping: Money
    /// Goods plus shipping: what the customer pays in all.
    public var total: Money
    /// Presale deposits already paid, included in `total`.
    public var depositsPaid: Money
    /// What is due now: `total - depositsPaid`.
    public var balanceDue: Money
    public var points: Int64
    /// The coupons this pricing uses.
    public var couponCodes: [String]
    /// Stock, buyers and budget this pricing takes from limited offers.
    public var claims: [OfferClaim]

    public var discountTotal: Money { listAmount - goodsAmount }

    public init(lines: [PricedLine], discounts: [AppliedDiscount], notApplied: [SkippedOffer], hints: [PricingHint], gifts: [Gift],
                listAmount: Money, goodsAmount: Money, shipping: Money, total: Money, depositsPaid: Money, balanceDue: Money,
                points: Int64, couponCodes: [String], claims: [OfferClaim]) {
        self.lines = lines
        self.discounts = discounts
        self.notApplied = notApplied
        self.hints = hints
        self.gifts = gifts
        self.listAmount = listAmount
        self.goodsAmount = goodsAmount
        self.shipping = shipping
        self.total = total
        self.depositsPaid = depositsPaid
        self.balanceDue = balanceDue
        self.points = points
        self.couponCodes = couponCodes
        self.claims = claims
    }
}

public struct PricedLine: Sendable, Equatable, Codable {
    public var sku: String
    public var category: String?
    public var quantity: Int
    public var listAmount: Money
    /// After every discount; never below zero nor below the SKU's cost floor.
    public var amount: Money
    /// Each discount's share of this line, in the order the discounts applied; they add up to `listAmount - amount`.
    public var shares: [DiscountShare]
    public var points: Int64

    public init(sku: String, category: String?, quantity: Int, listAmount: Money, amount: Money, shares: [DiscountShare], points: Int64) {
        self.sku = sku
        self.category = category
        self.quantity = quantity
        self.listAmount = listAmount
        self.amount = amount
        self.shares = shares
        self.points = points
    }
}

public struct DiscountShare: Sendable, Equatable, Codable {
    public var offerID: String
    public var amount: Money

    public init(offerID: String, amount: Money) {
        self.offerID = offerID
        self.amount = amount
    }
}

public struct AppliedDiscount: Sendable, Equatable, Codable {
    public var offerID: String
    public var name: String
    /// The benefit in the shop's words, e.g. `满200减30`.
    public var label: String
    public var stage: PricingStage
    /// Set when the discount is a coupon's.
    public var couponCode: String?
    /// Money off the goods (zero for gifts, points and shipping).
    public var amount: Money
    /// Shipping saved.
    public var shippingSaved: Money
    /// Why the discount is less than the benefit says (a cost floor, the budget left, the lines' value).
    public var limitedBy: DiscountLimit?

    public init(offerID: String, name: String, label: String, stage: PricingStage, couponCode: String?, amount: Money,
                shippingSaved: Money, limitedBy: DiscountLimit?) {
        self.offerID = offerID
        self.name = name
        self.label = label
        self.stage = stage
        self.couponCode = couponCode
        self.amount = amount
        self.shippingSaved = shippingSaved
        self.limitedBy = limitedBy
    }
}

public struct SkippedOffer: Sendable, Equatable, Codable {
    public var offerID: String
    public var couponCode: String?
    public var reason: SkipReason

    public init(offerID: String, couponCode: String?, reason: SkipReason) {
        self.offerID = offerID
        self.couponCode = couponCode
        self.reason = reason
    }
}

public struct Gift: Sendable, Equatable, Codable {
    public var offerID: String
    public var sku: String
    public var quantity: Int

    public init(offerID: String, sku: String, quantity: Int) {
        self.offerID = offerID
        self.sku = sku
        self.quantity = quantity
    }
}

/// What a limited offer gives to this cart, taken from its stock, buyers or budget when the cart is redeemed.
public struct OfferClaim: Sendable, Equatable, Codable {
    public var offerID: String
    /// Units at the offer's price (flash sale, first N units).
    public var units: Int
    /// 1 when the customer becomes one of a first-N-buyers offer's buyers.
    public var buyers: Int
    /// Money given (for an offer with a budget).
    public var amount: Money
    public var isCoupon: Bool

    public init(offerID: String, units: Int, buyers: Int, amount: Money, isCoupon: Bool) {
        self.offerID = offerID
        self.units = units
        self.buyers = buyers
        self.amount = amount
        self.isCoupon = isCoupon
    }
}
