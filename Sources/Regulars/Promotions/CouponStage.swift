/// The coupon stage of pricing: which of the customer's coupons can apply, and which combination to use.
enum CouponStage {
    /// A coupon that can apply to this cart on its own.
    struct Candidate {
        let held: HeldCoupon
        let group: String
        let lines: [Int]
        /// The discount before limits for fixed-amount benefits (threshold met); rates are computed when applied.
        let outcome: BenefitRules.Outcome
        let isShipping: Bool
        let budgetLeft: Int64?
        var offer: Offer { held.offer }
    }

    static func group(of offer: Offer) -> String { offer.couponGroup }

    static func run(_ pricer: inout CartPricer) {
        let request = pricer.request
        if request.couponChoice == .none || request.coupons.isEmpty { return }
        var candidates: [Candidate] = []
        var seenTemplates = Set<String>()
        let wanted: [String]? = if case .codes(let codes) = request.couponChoice { codes } else { nil }
        let held = wanted.map { codes in codes.compactMap { code in request.coupons.first { $0.code == code } } } ?? request.coupons
        if let wanted {
            for code in wanted where !request.coupons.contains(where: { $0.code == code }) {
                pricer.skipped.append(SkippedOffer(offerID: "", couponCode: code, reason: "not a usable coupon of this customer"))
            }
        }
        for coupon in held {
            let offer = coupon.offer
            func skip(_ reason: String) { pricer.skipped.append(SkippedOffer(offerID: offer.id, couponCode: coupon.code, reason: reason)) }
            guard offer.benefit.isCouponBenefit else { skip("not a coupon benefit"); continue }
            guard !seenTemplates.contains(offer.id) else { skip("another coupon of the same kind is considered"); continue }
            seenTemplates.insert(offer.id)
            if let refusal = offer.targeting.refusal(for: request.customer, channel: request.channel, at: request.now) {
                skip(refusal); continue
            }
            if let left = request.availability.remainingRedemptions[offer.id], left <= 0 { skip("the coupon's budget is used up"); continue }
            let budgetLeft = CartPricer.budgetLeft(offer, request.availability)
            if budgetLeft == 0 { skip("budget spent"); continue }
            let group = group(of: offer)
            let lines = pricer.coveredLines(offer, group: group)
            guard !lines.isEmpty else { skip("no line of the cart is left for it"); continue }
            let isShipping = offer.benefit.stage == .shipping
            let outcome = isShipping ? BenefitRules.Outcome()
                : BenefitRules.threshold(offer.benefit, offerID: offer.id, base: lines.reduce(0) { $0 + pricer.stageBase[$1] },
                                         current: pricer.ledger.sum(lines))
            if let refusal = outcome.refusal {
                if let hint = outcome.hint { pricer.hints.append("\(hint)（券 \(offer.name)）") }
                skip(refusal); continue
            }
            candidates.append(Candidate(held: coupon, group: group, lines: lines, outcome: outcome, isShipping: isShipping,
                                        budgetLeft: budgetLeft))
        }
        let chosen: [Candidate]
        if wanted != nil {
            chosen = allowedPrefix(candidates, pricer: &pricer)
        } else {
            candidates.sort(by: canonicalOrder)
            chosen = CouponSearch(candidates: candidates, pricer: pricer).best()
        }
        for candidate in chosen.sorted(by: canonicalOrder) {
            if candidate.isShipping {
                pricer.shippingOffers.append((candidate.offer, candidate.held.code, candidate.lines))
            } else {
                pricer.applyMoney(candidate.offer, group: candidate.group, code: candidate.held.code)
            }
        }
        for candidate in candidates where !chosen.contains(where: { $0.held.code == candidate.held.code }) {
            pricer.skipped.append(SkippedOffer(offerID: candidate.offer.id, couponCode: candidate.held.code,
                                               reason: wanted == nil ? "a better combination does without it" : "cannot be combined with the coupons before it"))
        }
    }

    /// Coupons apply in this order: priority (higher first), then id, then code.
    static func canonicalOrder(_ a: Candidate, _ b: Candidate) -> Bool {
        if a.offer.stacking.priority != b.offer.stacking.priority { return a.offer.stacking.priority > b.offer.stacking.priority }
        if a.offer.id != b.offer.id { return a.offer.id < b.offer.id }
        return a.held.code < b.held.code
    }

    /// The customer's own choice, in their order, keeping each coupon the stacking rules allow with those before it.
    static func allowedPrefix(_ candidates: [Candidate], pricer: inout CartPricer) -> [Candidate] {
        var chosen: [Candidate] = []
        for candidate in candidates {
            if chosen.contains(where: { $0.group == candidate.group }) { continue }
            if candidate.offer.stacking.exclusive && !chosen.isEmpty { continue }
            if chosen.contains(where: { $0.offer.stacking.exclusive }) { continue }
            chosen.append(candidate)
        }
        return chosen
    }
}
