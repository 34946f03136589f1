import Regulars

/// The SKUs the shop sells with a current price: the simulator's catalogue.
public protocol ProductPriceStore: Sendable {
    /// Every SKU with its category and the unit price of its latest sale.
    func latestProductPrices() async throws -> [WorstCaseSimulator.PricedSKU]
}

/// Prices a cart for a customer from what the store holds: the enabled promotions, the customer's usable coupons,
/// their segments, tags and saved audiences, first-order status, what is left of limited offers, the cost floors
/// and the new-customer guard. Changes nothing.
public enum CheckoutPricing {
    public struct Prepared: Sendable {
        public let catalog: PromotionCatalog
        public let request: PricingRequest
        public func price() throws(PromotionError) -> PricedCart { try catalog.price(request) }
    }

    public static func prepare(_ cart: CartRequest, customer: Int64?, channel: Channel, choice: CouponChoice,
                               store: any Store, settings: ShopSettings, now: Instant) async throws -> Prepared {
        let promotions = try await store.promotions(includeDisabled: false).map(\.offer)
        var coupons: [HeldCoupon] = []
        var segments = Set<TargetSegment>()
        var isFirstOrder = true
        var customerID = customer
        if let id = customer {
            guard let profile = try await store.customerProfile(.id(id), recentLimit: 0) else {
                throw PromotionError.refused("no customer \(id)")
            }
            customerID = profile.id
            isFirstOrder = profile.orders.count == 0
            coupons = try await store.usableCoupons(of: profile.id, at: now)
            for tag in profile.tags {
                segments.insert(.tag(tag))
                segments.insert(.tier(tag))
            }
            if let stored = try await store.storedSegment(customer: profile.id, calendar: settings.calendar) {
                if let value = stored.rfmClass { segments.insert(.rfmClass(value)) }
                if let value = stored.pyramid { segments.insert(.pyramid(value)) }
                if let value = stored.lifecycle { segments.insert(.lifecycle(value)) }
            }
            let audiences = Set((promotions + coupons.map(\.offer)).flatMap(\.targeting.segments).compactMap { target -> String? in
                if case .audience(let name) = target { return name }
                return nil
            })
            if !audiences.isEmpty {
                segments.formUnion(try await audienceMemberships(of: profile.id, in: audiences, store: store, settings: settings, now: now))
            }
        }
        let limited = promotions.filter(\.isLimited).map(\.id)
        let availability = try await store.availability(for: limited, templateIDs: coupons.map(\.offer.id), customer: customerID)
        let guardKeys = settings.promotions.newCustomerGuard
        let taken = guardKeys.isEmpty ? false : try await store.newCustomerOfferTaken(keys: cart.keys, guarding: guardKeys)
        let pricingCustomer = PricingCustomer(id: customerID, isFirstOrder: isFirstOrder, newCustomerOfferTaken: taken,
                                              membership: KnownMembership(segments))
        let request = PricingRequest(cart: cart.cart, customer: pricingCustomer, channel: channel, now: now, coupons: coupons,
                                     couponChoice: choice, availability: availability, costFloors: try await store.costFloors(),
                                     settings: settings.promotions)
        return Prepared(catalog: PromotionCatalog(promotions: promotions), request: request)
    }

    /// Saved audiences (by name) the customer belongs to; an unknown audience matches nobody.
    static func audienceMemberships(of customer: Int64, in names: Set<String>, store: any Store, settings: ShopSettings,
                                    now: Instant) async throws -> Set<TargetSegment> {
        let snapshot = try await AudienceSnapshot.load(store, settings: settings, now: now)
        guard let index = snapshot.index(of: customer) else { return [] }
        var members = Set<TargetSegment>()
        for name in names {
            guard let saved = try await store.audience(named: name), let query = try? AudienceQuery(parsing: saved.definition) else { continue }
            if snapshot.context.evaluate(query).contains(index) { members.insert(.audience(name)) }
        }
        return members
    }
}

extension Offer {
    /// Whether redeeming it takes from a stock, a count of buyers or a budget.
    public var isLimited: Bool {
        if budget != nil { return true }
        switch benefit {
        case .flashSale, .firstN: return true
        default: return false
        }
    }
}
