/// The best combination of the customer's coupons: the one that makes the cart's total (goods and shipping) lowest,
/// found exactly by depth-first search over the coupons in application order, each taken or not, with at most one
/// coupon per stacking group and an exclusive coupon only alone.
///
/// Every node of the search is a valid combination and is priced exactly as pricing will then price it (the same
/// proration, floors and budgets). A branch is cut when even the largest possible saving of the coupons still to
/// decide (for each group not yet used, the best coupon's discount on its own, plus the whole shipping fee) cannot
/// beat the best total found: a coupon never saves more alongside others than alone, because thresholds are
/// measured before any coupon and rates apply to what is left. Bound: at most ∏(coupons in group g + 1) nodes
/// over the groups, plus one per exclusive coupon — with the usual one money group and one shipping group, and
/// tens of coupons, a few hundred nodes.
struct CouponSearch {
    let candidates: [CouponStage.Candidate]
    let amounts: [Int64]
    let floors: [Int64]
    let skus: [String]
    let shipping: Int64
    /// Free-shipping promotions already in play: their lines and thresholds.
    let shippingPromotions: [(lines: [Int], threshold: Int64)]
    /// For each position k and group, the largest stand-alone saving of a coupon at or after k in that group.
    private var suffixBest: [[Int64]] = []
    private var groupIndex: [Int] = []
    private var groupCount = 0

    init(candidates: [CouponStage.Candidate], pricer: CartPricer) {
        self.candidates = candidates
        amounts = pricer.ledger.amounts
        floors = pricer.ledger.floors
        skus = pricer.request.cart.lines.map(\.sku)
        shipping = pricer.request.cart.shipping.fen
        shippingPromotions = pricer.shippingOffers.compactMap { entry in
            guard case .freeShipping(let threshold) = entry.offer.benefit else { return nil }
            return (entry.lines, threshold.fen)
        }
        var groups: [String: Int] = [:]
        groupIndex = candidates.map { candidate in
            if let index = groups[candidate.group] { return index }
            groups[candidate.group] = groups.count
            return groups.count - 1
        }
        groupCount = groups.count
        var best = Array(repeating: Array(repeating: Int64(0), count: groupCount), count: candidates.count + 1)
        for position in stride(from: candidates.count - 1, through: 0, by: -1) {
            best[position] = best[position + 1]
            var alone = amounts
            let saving = candidates[position].isShipping ? shipping : apply(candidates[position], to: &alone)
            best[position][groupIndex[position]] = max(best[position][groupIndex[position]], saving)
        }
        suffixBest = best
    }

    func best() -> [CouponStage.Candidate] {
        var bestTotal = total(amounts, shippingCoupons: [])
        var bestSet: [Int] = []
        // Exclusive coupons, each alone.
        for (position, candidate) in candidates.enumerated() where candidate.offer.stacking.exclusive {
            var alone = amounts
            let shippingCoupons = candidate.isShipping ? [position] : []
            if !candidate.isShipping { _ = apply(candidate, to: &alone) }
            let value = total(alone, shippingCoupons: shippingCoupons)
            if value < bestTotal { bestTotal = value; bestSet = [position] }
        }
        var chosen: [Int] = []
        var usedGroups = Array(repeating: false, count: groupCount)
        search(from: 0, amounts: amounts, chosen: &chosen, usedGroups: &usedGroups, bestTotal: &bestTotal, bestSet: &bestSet)
        return bestSet.map { candidates[$0] }
    }

    private func search(from start: Int, amounts current: [Int64], chosen: inout [Int], usedGroups: inout [Bool],
                        bestTotal: inout Int64, bestSet: inout [Int]) {
        for position in start..<candidates.count {
            let candidate = candidates[position]
            let group = groupIndex[position]
            guard !usedGroups[group], !candidate.offer.stacking.exclusive else { continue }
            var next = current
            if !candidate.isShipping { _ = apply(candidate, to: &next) }
            chosen.append(position)
            usedGroups[group] = true
            let value = total(next, shippingCoupons: chosen.filter { candidates[$0].isShipping })
            if value < bestTotal || (value == bestTotal && chosen.count < bestSet.count) {
                bestTotal = value
                bestSet = chosen
            }
            if position + 1 < candidates.count, optimistic(next, after: position + 1, usedGroups: usedGroups) < bestTotal {
                search(from: position + 1, amounts: next, chosen: &chosen, usedGroups: &usedGroups, bestTotal: &bestTotal, bestSet: &bestSet)
            }
            usedGroups[group] = false
            chosen.removeLast()
        }
    }

    /// The lowest total any extension could reach.
    private func optimistic(_ current: [Int64], after position: Int, usedGroups: [Bool]) -> Int64 {
        var saving: Int64 = shipping
        for group in 0..<groupCount where !usedGroups[group] { saving += suffixBest[position][group] }
        return current.reduce(0, +) - saving
    }

    /// Applies a money coupon to `amounts` as pricing would; returns the discount.
    @discardableResult
    func apply(_ candidate: CouponStage.Candidate, to amounts: inout [Int64]) -> Int64 {
        var outcome = candidate.outcome
        if case .percentOff(let rate, _, let cap) = candidate.offer.benefit {
            let current = candidate.lines.reduce(0) { $0 + amounts[$1] }
            outcome.total = min(rate.discount(on: Money(fen: current)).fen, cap?.fen ?? .max)
        }
        let (perLine, _) = CartPricer.limit(outcome, offer: candidate.offer, lines: candidate.lines, amounts: amounts,
                                            floors: floors, budgetLeft: candidate.budgetLeft, skus: skus)
        var given: Int64 = 0
        for (position, line) in candidate.lines.enumerated() {
            amounts[line] -= perLine[position]
            given += perLine[position]
        }
        return given
    }

    /// Goods plus the shipping fee that is left once free-shipping promotions and the chosen shipping coupons apply.
    private func total(_ amounts: [Int64], shippingCoupons: [Int]) -> Int64 {
        let goods = amounts.reduce(0, +)
        guard shipping > 0 else { return goods }
        for promotion in shippingPromotions where !promotion.lines.isEmpty {
            if promotion.lines.reduce(0, { $0 + amounts[$1] }) >= promotion.threshold { return goods }
        }
        for position in shippingCoupons {
            guard case .freeShipping(let threshold) = candidates[position].offer.benefit else { continue }
            if candidates[position].lines.reduce(0, { $0 + amounts[$1] }) >= threshold.fen { return goods }
        }
        return goods + shipping
    }
}
