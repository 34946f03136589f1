/// A kind of coupon a shop issues (PROMO-4): its benefit and stacking as an `Offer`, how long an issued coupon is
/// valid, how many may be issued and redeemed, and what a refund does to it.
public struct CouponTemplate: Sendable, Equatable, Identifiable {
    public var offer: Offer
    public var validity: Validity
    /// At most this many coupons issued in total (nil: no limit).
    public var totalLimit: Int?
    /// At most this many held by one customer, counting used ones (nil: no limit).
    public var perCustomerLimit: Int?
    /// At most this many redemptions in total: a budget in count (nil: none). The money budget is `offer.budget`.
    public var redemptionBudget: Int?
    /// A code customers claim the coupon with (领券码), if any.
    public var claimCode: String?
    /// Whether a full refund of the order gives the coupon back (when it is still within its validity).
    public var restoreOnRefund: Bool

    public init(offer: Offer, validity: Validity, totalLimit: Int? = nil, perCustomerLimit: Int? = 1,
                redemptionBudget: Int? = nil, claimCode: String? = nil, restoreOnRefund: Bool = true) {
        self.offer = offer
        self.validity = validity
        self.totalLimit = totalLimit
        self.perCustomerLimit = perCustomerLimit
        self.redemptionBudget = redemptionBudget
        self.claimCode = claimCode
        self.restoreOnRefund = restoreOnRefund
    }

    public var id: String { offer.id }

    /// When an issued coupon may be used.
    public enum Validity: Sendable, Equatable {
        /// From `from` (inclusive) until `until` (exclusive), whenever issued.
        case fixed(from: Instant, until: Instant)
        /// For `days` × 24 hours from the moment it is issued.
        case daysFromIssue(Int)

        public func window(issuedAt: Instant) -> (from: Instant, until: Instant) {
            switch self {
            case .fixed(let from, let until): return (from, until)
            case .daysFromIssue(let days): return (issuedAt, issuedAt + Int64(days) * 86_400)
            }
        }

        public var label: String {
            switch self {
            case .fixed(let from, let until): return "\(from) – \(until)"
            case .daysFromIssue(let days): return "领取后\(days)天内有效"
            }
        }
    }
}

/// A coupon's state. `expired` is not stored: an issued coupon past its window is expired.
public enum CouponState: String, Sendable, Codable, CaseIterable {
    case issued, redeemed, expired, reversed

    public var label: String {
        switch self {
        case .issued: return "未使用"
        case .redeemed: return "已使用"
        case .expired: return "已过期"
        case .reversed: return "已作废"
        }
    }
}

/// One issued coupon.
public struct Coupon: Sendable, Equatable, Codable {
    /// Unique code, e.g. `C7KQ-M2XF-9TBD`.
    public var code: String
    public var templateID: String
    public var customerID: Int64
    public var issuedAt: Instant
    public var validFrom: Instant
    public var validUntil: Instant
    /// The stored state (`issued`, `redeemed` or `reversed`); see `state(at:)`.
    public var storedState: CouponState

    public init(code: String, templateID: String, customerID: Int64, issuedAt: Instant, validFrom: Instant,
                validUntil: Instant, storedState: CouponState) {
        self.code = code
        self.templateID = templateID
        self.customerID = customerID
        self.issuedAt = issuedAt
        self.validFrom = validFrom
        self.validUntil = validUntil
        self.storedState = storedState
    }

    public func state(at now: Instant) -> CouponState {
        storedState == .issued && now >= validUntil ? .expired : storedState
    }

    public func isUsable(at now: Instant) -> Bool { storedState == .issued && now >= validFrom && now < validUntil }
}

/// A coupon the customer holds, with its template's offer, as pricing sees it.
public struct HeldCoupon: Sendable, Equatable {
    public var code: String
    public var offer: Offer

    public init(code: String, offer: Offer) {
        self.code = code
        self.offer = offer
    }
}
