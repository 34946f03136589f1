/// The active promotions, indexed by the SKUs and categories they cover so that pricing a cart looks only at the
/// promotions that can touch it. Build it once when promotions change; price many carts with it.
public struct PromotionCatalog: Sendable {
    /// In pricing order: stage, then priority (higher first), then id.
    public let promotions: [Offer]
    private let bySKU: [String: [Int32]]
    private let byCategory: [String: [Int32]]
    private let everywhere: [Int32]

    public init(promotions: [Offer]) {
        let ordered = promotions.sorted(by: PromotionCatalog.pricingOrder)
        self.promotions = ordered
        var bySKU: [String: [Int32]] = [:]
        var byCategory: [String: [Int32]] = [:]
        var everywhere: [Int32] = []
        for (index, offer) in ordered.enumerated() {
            let scope = offer.scope
            if scope.skus.isEmpty && scope.categories.isEmpty {
                everywhere.append(Int32(index))
                continue
            }
            for sku in Set(scope.skus) { bySKU[sku, default: []].append(Int32(index)) }
            for category in Set(scope.categories) { byCategory[category, default: []].append(Int32(index)) }
            // A bundle covers its SKUs even when its scope does not list them.
            if case .bundle(let skus, _) = offer.benefit {
                for sku in Set(skus).subtracting(scope.skus) { bySKU[sku, default: []].append(Int32(index)) }
            }
        }
        self.bySKU = bySKU
        self.byCategory = byCategory
        self.everywhere = everywhere
    }

    static func pricingOrder(_ a: Offer, _ b: Offer) -> Bool {
        if a.benefit.stage != b.benefit.stage { return a.benefit.stage < b.benefit.stage }
        if a.stacking.priority != b.stacking.priority { return a.stacking.priority > b.stacking.priority }
        return a.id < b.id
    }

    /// Indexes of the promotions that cover at least one of the cart's lines, in pricing order.
    func candidates(for cart: Cart) -> [Int] {
        var seen = Set<Int32>(everywhere)
        for line in cart.lines {
            if let listed = bySKU[line.sku] { seen.formUnion(listed) }
            if let category = line.category, let listed = byCategory[category] { seen.formUnion(listed) }
        }
        return seen.map(Int.init).sorted()
    }

    /// Prices `request.cart` (PROMO-3). Changes nothing: see `PricedCart`.
    public func price(_ request: PricingRequest) throws(PromotionError) -> PricedCart {
        try request.cart.validate()
        var pricer = CartPricer(request: request)
        for index in candidates(for: request.cart) {
            let offer = promotions[index]
            // Shipping promotions are only collected here (they change no line): the coupon search must know them.
            if offer.benefit.stage > .item && offer.benefit.stage < .shipping { pricer.enterStage(offer.benefit.stage) }
            pricer.apply(offer)
        }
        pricer.finishCouponStage()
        return pricer.result()
    }
}
