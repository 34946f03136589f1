import Regulars

/// Promotions, coupon templates, coupons and redemptions (PROMO-1 … PROMO-4). Each issuance, redemption and reversal
/// checks its limits and writes in one transaction; refusals are `PromotionError.refused` and change nothing.
public protocol PromotionStore: Sendable {
    /// Inserts or replaces a promotion's definition; its enabled state and counters stay.
    func savePromotion(_ offer: Offer, at now: Instant) async throws
    func promotion(id: String) async throws -> StoredPromotion?
    /// Promotions by id; disabled ones only when asked.
    func promotions(includeDisabled: Bool) async throws -> [StoredPromotion]
    /// Enables or disables a promotion; false when there is no such promotion.
    func setPromotionEnabled(id: String, _ enabled: Bool, at now: Instant) async throws -> Bool

    /// Inserts or replaces a coupon template; coupons already issued keep their validity, counters stay.
    func saveTemplate(_ template: CouponTemplate, at now: Instant) async throws
    func template(id: String) async throws -> StoredTemplate?
    func templates() async throws -> [StoredTemplate]

    /// Sets the lowest price per unit of `sku` any stack may reach (成本价保护); nil removes it.
    func setCostFloor(sku: String, _ floor: Money?) async throws
    func costFloors() async throws -> [String: Money]

    /// Issues one coupon of the template to each customer (a merged customer's goes to the survivor), or says why not.
    func issueCoupons(templateID: String, to customers: [Int64], idempotencyKey: String?, at now: Instant) async throws -> IssueReport
    /// Issues the template whose claim code (领券码) this is to the customer; refused with the reason.
    func claimCoupon(claimCode: String, customer: Int64, idempotencyKey: String?, at now: Instant) async throws -> Coupon
    /// Every coupon the customer (and customers merged into them) holds, in any state.
    func coupons(of customer: Int64) async throws -> [Coupon]
    /// A coupon by its code, typed in any case, with or without dashes.
    func coupon(code: String) async throws -> Coupon?
    /// The coupons the customer can use at `now`, with their templates' offers, as pricing takes them.
    func usableCoupons(of customer: Int64, at now: Instant) async throws -> [HeldCoupon]

    /// What is left of limited promotions and templates, and what this customer already took of each.
    func availability(for offerIDs: [String], templateIDs: [String], customer: Int64?) async throws -> OfferAvailability
    /// Whether any of the guarded keys (phone, device, address) already took a first-order-only offer.
    func newCustomerOfferTaken(keys: NewCustomerKeys, guarding: Set<PromotionSettings.GuardKey>) async throws -> Bool

    /// Commits exactly this pricing or nothing: coupons, stock, buyers, budgets and the new-customer guard are
    /// checked and taken in one transaction. The same key and request return the first answer (a refusal too).
    func redeem(_ priced: PricedCart, customer: Int64?, orderReference: String, keys: NewCustomerKeys,
                guarding: Set<PromotionSettings.GuardKey>, idempotencyKey: String, at now: Instant) async throws -> Redemption
    /// Reverses a redemption's `lines` (indexes into its priced lines; nil: the whole order) on a refund: gives back
    /// their stock and budget, and once every line is reversed, restores or voids its coupons.
    func reverse(orderReference: String, lines: [Int]?, idempotencyKey: String?, at now: Instant) async throws -> Reversal
}

/// A promotion with its state and what it has given so far.
public struct StoredPromotion: Codable, Sendable, Equatable {
    public var offer: Offer
    public var enabled: Bool
    public var createdAt: Instant
    public var updatedAt: Instant
    /// Units sold at the offer's price (flash sale, first N).
    public var unitsSold: Int
    /// Buyers counted by a first-N-buyers offer.
    public var buyers: Int
    /// Money given, counted against `offer.budget`.
    public var given: Money

    public init(offer: Offer, enabled: Bool, createdAt: Instant, updatedAt: Instant, unitsSold: Int, buyers: Int, given: Money) {
        self.offer = offer
        self.enabled = enabled
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.unitsSold = unitsSold
        self.buyers = buyers
        self.given = given
    }
}

/// A coupon template with what it has issued and given so far.
public struct StoredTemplate: Codable, Sendable, Equatable {
    public var template: CouponTemplate
    public var createdAt: Instant
    public var updatedAt: Instant
    public var issued: Int
    /// Coupons redeemed and not given back by a refund, counted against `redemptionBudget`.
    public var redeemed: Int
    /// Money given, counted against `offer.budget`.
    public var given: Money

    public init(template: CouponTemplate, createdAt: Instant, updatedAt: Instant, issued: Int, redeemed: Int, given: Money) {
        self.template = template
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.issued = issued
        self.redeemed = redeemed
        self.given = given
    }
}

/// What one issuance did: the coupons issued and, for every other customer, why not.
public struct IssueReport: Codable, Sendable, Equatable {
    public var templateID: String
    public var issued: [Coupon]
    public var refused: [IssueRefusal]

    public init(templateID: String, issued: [Coupon], refused: [IssueRefusal]) {
        self.templateID = templateID
        self.issued = issued
        self.refused = refused
    }
}

public struct IssueRefusal: Codable, Sendable, Equatable {
    /// The customer as asked for (before following merges).
    public var customer: Int64
    public var reason: String

    public init(customer: Int64, reason: String) {
        self.customer = customer
        self.reason = reason
    }
}

/// A committed pricing.
public struct Redemption: Codable, Sendable, Equatable {
    public var id: Int64
    public var orderReference: String
    /// The customer it was committed for, after merges (nil: a guest).
    public var customerID: Int64?
    public var redeemedAt: Instant
    public var total: Money
    public var points: Int64
    public var couponCodes: [String]

    public init(id: Int64, orderReference: String, customerID: Int64?, redeemedAt: Instant, total: Money, points: Int64,
                couponCodes: [String]) {
        self.id = id
        self.orderReference = orderReference
        self.customerID = customerID
        self.redeemedAt = redeemedAt
        self.total = total
        self.points = points
        self.couponCodes = couponCodes
    }
}

/// What a refund undid: each reversed line's discount shares and points, and what went back to the offers.
public struct Reversal: Codable, Sendable, Equatable {
    public var orderReference: String
    public var redemptionID: Int64
    public var lines: [ReversedLine]
    /// Points to take back from the customer.
    public var points: Int64
    /// Every line of the order is now reversed: its coupons were restored or voided.
    public var completesOrder: Bool
    /// Coupons back to `issued` (the template restores on refund and the coupon is still valid).
    public var couponsRestored: [String]
    /// Coupons now `reversed`.
    public var couponsVoided: [String]
    /// Stock, buyers, budget and redemptions given back, by offer.
    public var returned: [ReturnedClaim]

    public init(orderReference: String, redemptionID: Int64, lines: [ReversedLine], points: Int64, completesOrder: Bool,
                couponsRestored: [String], couponsVoided: [String], returned: [ReturnedClaim]) {
        self.orderReference = orderReference
        self.redemptionID = redemptionID
        self.lines = lines
        self.points = points
        self.completesOrder = completesOrder
        self.couponsRestored = couponsRestored
        self.couponsVoided = couponsVoided
        self.returned = returned
    }
}

public struct ReversedLine: Codable, Sendable, Equatable {
    /// Index into the redemption's priced lines.
    public var line: Int
    public var sku: String
    public var quantity: Int
    /// Each discount's share of the line: what the refund should not pay back.
    public var shares: [DiscountShare]
    public var points: Int64

    public init(line: Int, sku: String, quantity: Int, shares: [DiscountShare], points: Int64) {
        self.line = line
        self.sku = sku
        self.quantity = quantity
        self.shares = shares
        self.points = points
    }
}

/// What a reversal gave back to one promotion or coupon template.
public struct ReturnedClaim: Codable, Sendable, Equatable {
    public var offerID: String
    public var isCoupon: Bool
    public var units: Int
    public var buyers: Int
    public var amount: Money
    /// Redemptions given back to a template's count budget.
    public var redemptions: Int

    public init(offerID: String, isCoupon: Bool, units: Int, buyers: Int, amount: Money, redemptions: Int) {
        self.offerID = offerID
        self.isCoupon = isCoupon
        self.units = units
        self.buyers = buyers
        self.amount = amount
        self.redemptions = redemptions
    }
}
