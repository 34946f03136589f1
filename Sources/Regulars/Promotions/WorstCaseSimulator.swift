/// Before a promotion is published: the lowest price per unit that any cart can reach for each SKU it covers,
/// when it stacks with every other active promotion and one coupon of every template (PROMO guard rails).
///
/// The customer is assumed to qualify for everything (first order, every segment, any channel an offer names),
/// at every moment the new promotion is live and another offer starts. For each SKU the carts tried are the SKU
/// alone in quantities 1 … 12, and the same with one filler line (same category, in every scope the SKU's category
/// is) priced to land exactly on each threshold any offer names — a threshold met with the least money gives the
/// largest share of its discount to the SKU. Cost floors are left out, so what a stack *would* reach is shown;
/// pricing itself never goes below a floor.
public enum WorstCaseSimulator {
    public struct Finding: Sendable, Equatable, Codable {
        public var sku: String
        public var category: String?
        public var unitPrice: Money
        /// The lowest price per unit reached (rounded down to the fen).
        public var lowestUnitPrice: Money
        public var floor: Money?
        public var quantity: Int
        /// The filler line's value, if the worst cart had one.
        public var filler: Money?
        /// Every discount of the worst cart, e.g. `满200减30 (d11) ¥30.00`.
        public var stack: [String]
        public var channel: String
        public var at: Instant

        public var isBelowFloor: Bool { floor.map { lowestUnitPrice < $0 } ?? false }
    }

    /// A SKU with its list price and category.
    public struct PricedSKU: Sendable, Equatable {
        public var sku: String
        public var category: String?
        public var unitPrice: Money
        public init(sku: String, category: String?, unitPrice: Money) {
            self.sku = sku
            self.category = category
            self.unitPrice = unitPrice
        }
    }

    /// Qualifies for every segment.
    struct EveryMembership: SegmentMembership {
        func contains(_ segment: TargetSegment) -> Bool { true }
    }

    /// The worst case of each SKU `candidate` covers, worst first (lowest share of list price).
    public static func simulate(_ candidate: Offer, others: [Offer], templates: [Offer], catalogue: [PricedSKU],
                                floors: [String: Money], now: Instant) -> [Finding] {
        let promotions = others.filter { $0.id != candidate.id } + [candidate]
        let catalog = PromotionCatalog(promotions: promotions)
        let coupons = templates.map { HeldCoupon(code: "模拟-" + $0.id, offer: $0) }
        let all = promotions + templates
        let moments = momentsToTry(candidate, all, now: now)
        let channels = channelsToTry(candidate, all)
        var thresholds = Set<Int64>()
        for offer in all { thresholds.formUnion(thresholdValues(offer.benefit)) }
        let covered = catalogue.filter { sku in
            if case .bundle(let skus, _) = candidate.benefit { return skus.contains(sku.sku) }
            return candidate.scope.covers(sku: sku.sku, category: sku.category)
        }
        let customer = PricingCustomer(id: nil, isFirstOrder: true, membership: EveryMembership())
        var findings: [Finding] = []
        for sku in covered where sku.unitPrice.fen > 0 {
            var worst: Finding?
            var partners: [CartLine] = []
            if case .bundle(let skus, _) = candidate.benefit {
                partners = skus.filter { $0 != sku.sku }.compactMap { other in
                    catalogue.first { $0.sku == other }.map { CartLine(sku: $0.sku, category: $0.category, unitPrice: $0.unitPrice, quantity: 1) }
                }
            }
            for quantity in 1...12 {
                let line = CartLine(sku: sku.sku, category: sku.category, unitPrice: sku.unitPrice, quantity: quantity,
                                    depositPerUnit: depositFor(candidate, all))
                let subtotal = sku.unitPrice.fen * Int64(quantity)
                var fillers: [Int64?] = [nil]
                for threshold in thresholds where threshold > subtotal { fillers.append(threshold - subtotal) }
                for filler in fillers {
                    var lines = [line] + partners
                    if let filler { lines.append(CartLine(sku: "凑单", category: sku.category, unitPrice: Money(fen: filler), quantity: 1)) }
                    for moment in moments {
                        for channel in channels {
                            let request = PricingRequest(cart: Cart(lines: lines), customer: customer, channel: channel, now: moment,
                                                         coupons: coupons, couponChoice: .best)
                            guard let priced = try? catalog.price(request) else { continue }
                            // The SKU's units and any bundle partners are what the floor protects: its own line.
                            let perUnit = Money(fen: priced.lines[0].amount.fen / Int64(quantity))
                            if worst == nil || perUnit < worst!.lowestUnitPrice {
                                worst = Finding(sku: sku.sku, category: sku.category, unitPrice: sku.unitPrice, lowestUnitPrice: perUnit,
                                                floor: floors[sku.sku], quantity: quantity, filler: filler.map { Money(fen: $0) },
                                                stack: priced.discounts.filter { $0.amount.fen > 0 }.map { discount in
                                                    "\(discount.label) (\(discount.couponCode == nil ? discount.offerID : "券 " + discount.offerID)) \(discount.amount)"
                                                }, channel: channel.rawValue, at: moment)
                            }
                        }
                    }
                }
            }
            if let worst { findings.append(worst) }
        }
        return findings.sorted { lhs, rhs in
            let left = lhs.lowestUnitPrice.fen * rhs.unitPrice.fen
            let right = rhs.lowestUnitPrice.fen * lhs.unitPrice.fen
            return left != right ? left < right : lhs.sku < rhs.sku
        }
    }

    static func thresholdValues(_ benefit: Benefit) -> [Int64] {
        switch benefit {
        case .amountOff(let threshold, _), .percentOff(_, let threshold, _), .gift(let threshold, _, _), .freeShipping(let threshold):
            return threshold.fen > 0 ? [threshold.fen] : []
        case .tiered(let tiers, let repeating):
            var values = tiers.map(\.threshold.fen)
            if let repeating {
                let steps = repeating.cap.map { Int(($0.fen + repeating.off.fen - 1) / repeating.off.fen) } ?? 3
                values += (1...max(1, min(steps, 10))).map { Int64($0) * repeating.every.fen }
            }
            return values
        default:
            return []
        }
    }

    /// The candidate's start (or now) and every other offer's start inside the candidate's window.
    static func momentsToTry(_ candidate: Offer, _ all: [Offer], now: Instant) -> [Instant] {
        let start = max(candidate.targeting.starts ?? now, now)
        let end = candidate.targeting.ends ?? Instant(secondsSinceEpoch: .max)
        var moments = Set([start])
        for offer in all {
            if let starts = offer.targeting.starts, starts > start, starts < end { moments.insert(starts) }
        }
        return moments.sorted().prefix(8).map { $0 }
    }

    static func channelsToTry(_ candidate: Offer, _ all: [Offer]) -> [Channel] {
        if !candidate.targeting.channels.isEmpty { return candidate.targeting.channels }
        let named = Set(all.flatMap(\.targeting.channels))
        return named.isEmpty ? [.tmall] : named.sorted()
    }

    /// A presale deposit that qualifies for any deposit offer, so that inflation is part of the worst case.
    static func depositFor(_ candidate: Offer, _ all: [Offer]) -> Money? {
        all.compactMap { offer -> Money? in
            if case .depositInflation(let deposit, _) = offer.benefit { return deposit }
            return nil
        }.max()
    }
}
