/// The coupon stage of pricing: which of the customer's coupons can apply, and which combination to use.
enum CouponStage {
    /// A coupon that can apply to this cart on its own, as numbers (the offer stays in the request: `coupon` is its
    /// index in `request.coupons`).
    struct Candidate {
        let coupon: Int
        /// Its stacking group's number (`StackingGroups`).
        let group: Int
        let lines: [Int]
        /// The discount before limits for a fixed-amount benefit (its threshold met); zero for a rate or shipping.
        let fixedOff: Int64
        /// A rate's basis points and cap, applied to what the lines cost when the coupon applies.
        let rate: DiscountRate?
        let rateCap: Int64
        /// A free-shipping coupon's threshold (nil: a money coupon).
        let shippingThreshold: Int64?
        let budgetLeft: Int64?
        let exclusive: Bool

        var isShipping: Bool { shippingThreshold != nil }
    }

    static func group(of offer: Offer) -> String { offer.couponGroup }

    static func run(_ pricer: inout CartPricer) {
        let request = pricer.request
        if request.couponChoice == .none || request.coupons.isEmpty { return }
        let coupons = request.coupons
        var candidates: [Candidate] = []
        candidates.reserveCapacity(coupons.count)
        var seenTemplates: [String] = []
        let wanted: [String]? = if case .codes(let codes) = request.couponChoice { codes } else { nil }
        let held: [Int] = wanted.map { codes in codes.compactMap { code in coupons.firstIndex { $0.code == code } } } ?? Array(coupons.indices)
        if let wanted {
            for code in wanted where !coupons.contains(where: { $0.code == code }) {
                pricer.skipped.append(SkippedOffer(offerID: "", couponCode: code, reason: .notUsableCoupon))
            }
        }
        // Through a buffer pointer, so that each coupon's offer is read in place rather than copied.
        coupons.withUnsafeBufferPointer { coupons in
            for index in held {
                if let candidate = candidate(coupons[index], index, seenTemplates: &seenTemplates, pricer: &pricer) {
                    candidates.append(candidate)
                }
            }
        }
        func canonical(_ a: Candidate, _ b: Candidate) -> Bool { canonicalOrder(coupons[a.coupon], coupons[b.coupon]) }
        var chosen: [Int]
        if wanted != nil {
            chosen = allowedPrefix(candidates)
        } else {
            candidates.sort(by: canonical)
            var search = CouponSearch(candidates: candidates, pricer: pricer)
            chosen = search.best()
        }
        chosen.sort { canonical(candidates[$0], candidates[$1]) }
        for position in chosen {
            let candidate = candidates[position]
            let coupon = coupons[candidate.coupon]
            if let threshold = candidate.shippingThreshold {
                pricer.shippingOffers.append(CartPricer.ShippingOffer(offerID: coupon.offer.id, name: coupon.offer.name, label: coupon.offer.benefit.label,
                                                                      threshold: threshold, code: coupon.code, lines: candidate.lines))
            } else {
                pricer.applyMoney(coupon.offer, group: candidate.group, label: coupon.offer.benefit.label, covered: candidate.lines, code: coupon.code)
            }
        }
        for candidate in candidates {
            let coupon = coupons[candidate.coupon]
            guard !chosen.contains(where: { coupons[candidates[$0].coupon].code == coupon.code }) else { continue }
            pricer.skipped.append(SkippedOffer(offerID: coupon.offer.id, couponCode: coupon.code,
                                               reason: wanted == nil ? .betterCombination : .cannotCombine))
        }
    }

    /// `coupon` as a candidate, or nil with the reason it cannot apply recorded in `pricer`.
    private static func candidate(_ coupon: HeldCoupon, _ index: Int, seenTemplates: inout [String], pricer: inout CartPricer) -> Candidate? {
        let request = pricer.request
        func skip(_ reason: SkipReason) -> Candidate? {
            pricer.skipped.append(SkippedOffer(offerID: coupon.offer.id, couponCode: coupon.code, reason: reason))
            return nil
        }
        guard coupon.offer.benefit.isCouponBenefit else { return skip(.notCouponBenefit) }
        guard !seenTemplates.contains(coupon.offer.id) else { return skip(.sameKindConsidered) }
        seenTemplates.append(coupon.offer.id)
        if let refusal = coupon.offer.targeting.check(request.customer, channel: request.channel, at: request.now) {
            return skip(.targeting(refusal))
        }
        if let left = request.availability.remainingRedemptions[coupon.offer.id], left <= 0 { return skip(.redemptionsUsedUp) }
        let budgetLeft = CartPricer.budgetLeft(coupon.offer, request.availability)
        if budgetLeft == 0 { return skip(.budgetSpent) }
        let group = pricer.groups.number(group(of: coupon.offer))
        let lines = pricer.coveredLines(coupon.offer, group: group, covered: nil)
        guard !lines.isEmpty else { return skip(.noLineLeft) }
        var fixedOff: Int64 = 0
        var rate: DiscountRate?
        var rateCap = Int64.max
        var shippingThreshold: Int64?
        switch coupon.offer.benefit {
        case .freeShipping(let threshold):
            shippingThreshold = threshold.fen
        default:
            var base: Int64 = 0
            for line in lines { base += pricer.stageBase[line] }
            let outcome = BenefitRules.threshold(coupon.offer.benefit, offerID: coupon.offer.id, base: base, current: pricer.ledger.sum(lines))
            if let refusal = outcome.refusal {
                if let hint = outcome.hint { pricer.hints.append(PricingHint(hint, offerName: coupon.offer.name, isCoupon: true)) }
                return skip(refusal)
            }
            fixedOff = outcome.total
            if case .percentOff(let percent, _, let cap) = coupon.offer.benefit {
                rate = percent
                rateCap = cap?.fen ?? .max
            }
        }
        return Candidate(coupon: index, group: group, lines: lines, fixedOff: fixedOff, rate: rate, rateCap: rateCap,
                         shippingThreshold: shippingThreshold, budgetLeft: budgetLeft, exclusive: coupon.offer.stacking.exclusive)
    }

    /// Coupons apply in this order: priority (higher first), then id, then code.
    static func canonicalOrder(_ a: HeldCoupon, _ b: HeldCoupon) -> Bool {
        if a.offer.stacking.priority != b.offer.stacking.priority { return a.offer.stacking.priority > b.offer.stacking.priority }
        if a.offer.id != b.offer.id { return a.offer.id < b.offer.id }
        return a.code < b.code
    }

    /// The customer's own choice, in their order, keeping each coupon the stacking rules allow with those before it
    /// (positions in `candidates`).
    static func allowedPrefix(_ candidates: [Candidate]) -> [Int] {
        var chosen: [Int] = []
        for (position, candidate) in candidates.enumerated() {
            if chosen.contains(where: { candidates[$0].group == candidate.group }) { continue }
            if candidate.exclusive && !chosen.isEmpty { continue }
            if chosen.contains(where: { candidates[$0].exclusive }) { continue }
            chosen.append(position)
        }
        return chosen
    }
}
