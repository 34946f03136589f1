import Regulars

/// Small builders for pricing tests: money in yuan, a guest or a known customer, one moment.
enum PricingFixtures {
    static let now = Instant(secondsSinceEpoch: 1_794_000_000)  // 2026-11-06

    static func yuan(_ value: Double) -> Money { Money(fen: Int64((value * 100).rounded())) }

    static func line(_ sku: String, _ price: Double, _ quantity: Int = 1, category: String? = nil, deposit: Double? = nil) -> CartLine {
        CartLine(sku: sku, category: category, unitPrice: yuan(price), quantity: quantity, depositPerUnit: deposit.map(yuan))
    }

    static func customer(firstOrder: Bool = false, _ segments: Set<TargetSegment> = []) -> PricingCustomer {
        PricingCustomer(id: 1, isFirstOrder: firstOrder, membership: KnownMembership(segments))
    }

    static func price(_ lines: [CartLine], shipping: Double = 0, promotions: [Offer], coupons: [HeldCoupon] = [],
                      customer: PricingCustomer = customer(), choice: CouponChoice = .best,
                      availability: OfferAvailability = .unlimited, floors: [String: Money] = [:],
                      channel: Channel = .tmall) throws -> PricedCart {
        let request = PricingRequest(cart: Cart(lines: lines, shipping: yuan(shipping)), customer: customer, channel: channel,
                                     now: now, coupons: coupons, couponChoice: choice, availability: availability, costFloors: floors)
        return try PromotionCatalog(promotions: promotions).price(request)
    }

    static func offer(_ id: String, _ benefit: Benefit, scope: OfferScope = .wholeCart, targeting: Targeting = .everyone,
                      group: String? = nil, exclusive: Bool = false, priority: Int = 0, budget: Money? = nil) -> Offer {
        Offer(id: id, name: id, benefit: benefit, scope: scope, targeting: targeting,
              stacking: Stacking(group: group, exclusive: exclusive, priority: priority), budget: budget)
    }

    static func coupon(_ code: String, _ benefit: Benefit, group: String? = nil, exclusive: Bool = false, priority: Int = 0,
                       scope: OfferScope = .wholeCart, targeting: Targeting = .everyone) -> HeldCoupon {
        HeldCoupon(code: code, offer: offer("t-" + code, benefit, scope: scope, targeting: targeting, group: group,
                                            exclusive: exclusive, priority: priority))
    }
}
