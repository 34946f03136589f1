/// The active promotions, indexed by the SKUs and categories they cover so that pricing a cart looks only at the
/// promotions that can touch it. Build it once when promotions change; price many carts with it.
public struct PromotionCatalog: Sendable {
    /// In pricing order: stage, then priority (higher first), then id.
    public let promotions: [Offer]
    /// Per promotion, what pricing needs ready: its label, stage and numbered stacking group.
    let labels: [String]
    let stages: [PricingStage]
    let groupNumbers: [Int]
    let groups: [String: Int]
    let index: CoverageIndex

    public init(promotions: [Offer]) {
        let ordered = promotions.sorted(by: PromotionCatalog.pricingOrder)
        self.promotions = ordered
        labels = ordered.map(\.benefit.label)
        stages = ordered.map(\.benefit.stage)
        var groups: [String: Int] = [:]
        groupNumbers = ordered.map { offer in
            if let number = groups[offer.group] { return number }
            groups[offer.group] = groups.count
            return groups.count - 1
        }
        self.groups = groups
        index = CoverageIndex(ordered)
    }

    static func pricingOrder(_ a: Offer, _ b: Offer) -> Bool {
        if a.benefit.stage != b.benefit.stage { return a.benefit.stage < b.benefit.stage }
        if a.stacking.priority != b.stacking.priority { return a.stacking.priority > b.stacking.priority }
        return a.id < b.id
    }

    /// Indexes of the promotions that cover at least one of the cart's lines, in pricing order.
    func candidates(for cart: Cart) -> [Int] {
        let coverage = index.coverage(of: cart)
        return promotions.indices.filter { coverage.touches($0) }
    }

    /// Prices `request.cart` (PROMO-3). Changes nothing: see `PricedCart`.
    public func price(_ request: PricingRequest) throws(PromotionError) -> PricedCart {
        try request.cart.validate()
        var pricer = CartPricer(request: request, groups: StackingGroups(known: groups))
        let coverage = index.coverage(of: request.cart)
        var covered: [Int] = []
        covered.reserveCapacity(request.cart.lines.count)
        // Through a buffer pointer: each offer is read in place, not copied (an `Offer` holds many references).
        promotions.withUnsafeBufferPointer { promotions in
            for promotion in promotions.indices where coverage.touches(promotion) {
                let stage = stages[promotion]
                // Shipping promotions are only collected here (they change no line): the coupon search must know them.
                if stage > .item && stage < .shipping { pricer.enterStage(stage) }
                let exact = coverage.lines(of: promotion, into: &covered)
                pricer.apply(promotions[promotion], group: groupNumbers[promotion], label: labels[promotion], covered: exact ? covered : nil)
            }
        }
        pricer.finishCouponStage()
        return pricer.result()
    }
}
