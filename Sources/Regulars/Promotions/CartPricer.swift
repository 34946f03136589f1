/// One pricing of one cart, stage by stage: item prices → the member rate → shop-level thresholds → coupons →
/// shipping (PROMO-3). Within a stage, higher priority first. An offer applies to the lines its scope covers that
/// no offer of its stacking group has taken and, for an exclusive offer, that no other money offer touched; the
/// discount is shared over those lines by amount, never below a line's cost floor or zero.
struct CartPricer {
    let request: PricingRequest
    var ledger: LineLedger
    /// The lines' amounts when the current stage began: what thresholds are measured against.
    var stageBase: [Int64]
    var stage = PricingStage.item
    var discounts: [AppliedDiscount] = []
    var skipped: [SkippedOffer] = []
    var hints: [String] = []
    var gifts: [Gift] = []
    var claims: [OfferClaim] = []
    var couponCodes: [String] = []
    /// Free-shipping offers that apply to this customer, with the lines they cover — fixed when they are collected
    /// (promotions before the coupons, coupons when chosen), so the coupon search and the result agree.
    var shippingOffers: [(offer: Offer, code: String?, lines: [Int])] = []

    init(request: PricingRequest) {
        self.request = request
        ledger = LineLedger(cart: request.cart, floors: request.costFloors)
        stageBase = ledger.amounts
    }

    mutating func enterStage(_ next: PricingStage) {
        guard next > stage else { return }
        stage = next
        stageBase = ledger.amounts
    }

    /// The lines `offer` may apply to now.
    func coveredLines(_ offer: Offer, group: String) -> [Int] {
        var lines: [Int] = []
        let reduces = offer.benefit.reducesGoods
        for (index, line) in request.cart.lines.enumerated() {
            let covered: Bool
            if case .bundle(let skus, _) = offer.benefit {
                covered = skus.contains(line.sku) && !offer.scope.excludedSKUs.contains(line.sku)
            } else {
                covered = offer.scope.covers(line)
            }
            if covered, ledger.admits(index, group: group, exclusive: offer.stacking.exclusive, reducesGoods: reduces) {
                lines.append(index)
            }
        }
        return lines
    }

    /// Applies one promotion (not a coupon) if it is for this customer and its lines allow it.
    mutating func apply(_ offer: Offer) {
        if let refusal = offer.targeting.refusal(for: request.customer, channel: request.channel, at: request.now) {
            skipped.append(SkippedOffer(offerID: offer.id, couponCode: nil, reason: refusal))
            return
        }
        if offer.benefit.stage == .shipping {
            shippingOffers.append((offer, nil, coveredLines(offer, group: offer.group)))
            return
        }
        _ = applyMoney(offer, group: offer.group, code: nil)
    }

    /// Applies a promotion or coupon whose targeting was checked; returns whether it applied.
    @discardableResult
    mutating func applyMoney(_ offer: Offer, group: String, code: String?) -> Bool {
        let lines = coveredLines(offer, group: group)
        guard !lines.isEmpty else {
            skipped.append(SkippedOffer(offerID: offer.id, couponCode: code, reason: "no line of the cart is left for it"))
            return false
        }
        var outcome: BenefitRules.Outcome
        if offer.benefit.stage == .item || offer.benefit.stage == .member {
            outcome = BenefitRules.item(offer.benefit, offerID: offer.id, lines: lines, cart: request.cart, ledger: ledger,
                                        availability: request.availability)
        } else {
            outcome = BenefitRules.threshold(offer.benefit, offerID: offer.id, base: lines.reduce(0) { $0 + stageBase[$1] },
                                             current: ledger.sum(lines))
        }
        if let hint = outcome.hint { hints.append("\(hint)（\(offer.name)）") }
        if let refusal = outcome.refusal {
            skipped.append(SkippedOffer(offerID: offer.id, couponCode: code, reason: refusal))
            return false
        }
        if let gift = outcome.gift {
            gifts.append(gift)
            ledger.record(offerID: offer.id, group: group, exclusive: offer.stacking.exclusive, lines: lines, discounts: [], reducesGoods: false)
            discounts.append(AppliedDiscount(offerID: offer.id, name: offer.name, label: offer.benefit.label, stage: offer.benefit.stage,
                                             couponCode: code, amount: .zero, shippingSaved: .zero, limitedBy: nil))
            return true
        }
        if let factor = outcome.pointsFactor {
            for line in lines { ledger.pointsFactor[line] = max(ledger.pointsFactor[line], factor) }
            ledger.record(offerID: offer.id, group: group, exclusive: offer.stacking.exclusive, lines: lines, discounts: [], reducesGoods: false)
            discounts.append(AppliedDiscount(offerID: offer.id, name: offer.name, label: offer.benefit.label, stage: offer.benefit.stage,
                                             couponCode: code, amount: .zero, shippingSaved: .zero, limitedBy: nil))
            return true
        }
        let (perLine, limitedBy) = limit(outcome, offer: offer, lines: lines)
        let given = perLine.reduce(0, +)
        guard given > 0 else {
            skipped.append(SkippedOffer(offerID: offer.id, couponCode: code, reason: limitedBy ?? "nothing to take off"))
            return false
        }
        ledger.record(offerID: offer.id, group: group, exclusive: offer.stacking.exclusive, lines: lines, discounts: perLine, reducesGoods: true)
        discounts.append(AppliedDiscount(offerID: offer.id, name: offer.name, label: offer.benefit.label,
                                         stage: code == nil ? offer.benefit.stage : .coupon, couponCode: code,
                                         amount: Money(fen: given), shippingSaved: .zero, limitedBy: limitedBy))
        if code != nil {
            couponCodes.append(code!)
            claims.append(OfferClaim(offerID: offer.id, units: 0, buyers: 0, amount: Money(fen: given), isCoupon: true))
        } else if outcome.units > 0 || outcome.buyers > 0 || offer.budget != nil {
            claims.append(OfferClaim(offerID: offer.id, units: outcome.units, buyers: outcome.buyers,
                                     amount: offer.budget == nil ? .zero : Money(fen: given), isCoupon: false))
        }
        return true
    }

    /// The outcome's discount per line within each line's headroom and the offer's budget left, and what limited it.
    func limit(_ outcome: BenefitRules.Outcome, offer: Offer, lines: [Int]) -> (perLine: [Int64], limitedBy: String?) {
        CartPricer.limit(outcome, offer: offer, lines: lines, amounts: ledger.amounts, floors: ledger.floors,
                         budgetLeft: CartPricer.budgetLeft(offer, request.availability), skus: request.cart.lines.map(\.sku))
    }

    static func budgetLeft(_ offer: Offer, _ availability: OfferAvailability) -> Int64? {
        offer.budget.map { max(0, (availability.remainingBudget[offer.id] ?? $0).fen) }
    }

    /// Shared by pricing and the coupon search, so that the search's totals are exactly what pricing then gives.
    static func limit(_ outcome: BenefitRules.Outcome, offer: Offer, lines: [Int], amounts: [Int64], floors: [Int64],
                      budgetLeft: Int64?, skus: [String]) -> (perLine: [Int64], limitedBy: String?) {
        var limitedBy: String?
        var perLine: [Int64]
        if outcome.perLine.isEmpty {
            var total = outcome.total
            var room: Int64 = 0
            var caps: [Int64] = []
            caps.reserveCapacity(lines.count)
            for line in lines {
                let headroom = max(0, amounts[line] - floors[line])
                caps.append(headroom)
                room += headroom
            }
            if total > room {
                total = room
                limitedBy = lines.contains(where: { floors[$0] > 0 }) ? "the lines' value above their cost floors" : "the lines' value"
            }
            perLine = Proration.share(total, weights: lines.map { amounts[$0] }, caps: caps)
        } else {
            perLine = outcome.perLine
            for (position, line) in lines.enumerated() {
                let headroom = max(0, amounts[line] - floors[line])
                if perLine[position] > headroom {
                    perLine[position] = headroom
                    limitedBy = floors[line] > 0 ? "the cost floor of \(skus[line])" : "the line's value"
                }
            }
        }
        if let left = budgetLeft {
            let wanted = perLine.reduce(0, +)
            if wanted > left {
                perLine = Proration.share(left, weights: perLine, caps: perLine)
                limitedBy = left == 0 ? "budget spent" : "the budget left (\(Money(fen: left)))"
            }
        }
        return (perLine, limitedBy)
    }

    /// Coupons come after every shop-level promotion and before shipping.
    mutating func finishCouponStage() {
        enterStage(.coupon)
        CouponStage.run(&self)
        enterStage(.shipping)
    }

    /// Shipping, points and totals.
    mutating func result() -> PricedCart {
        let cart = request.cart
        var shipping = cart.shipping
        for (offer, code, lines) in shippingOffers where shipping.fen > 0 {
            let outcome = BenefitRules.threshold(offer.benefit, offerID: offer.id, base: ledger.sum(lines), current: ledger.sum(lines))
            if lines.isEmpty || outcome.refusal != nil {
                if let hint = outcome.hint, !lines.isEmpty { hints.append("\(hint)（\(offer.name)）") }
                skipped.append(SkippedOffer(offerID: offer.id, couponCode: code, reason: outcome.refusal ?? "no line of the cart is covered"))
                continue
            }
            discounts.append(AppliedDiscount(offerID: offer.id, name: offer.name, label: offer.benefit.label, stage: .shipping,
                                             couponCode: code, amount: .zero, shippingSaved: shipping, limitedBy: nil))
            if let code { couponCodes.append(code) }
            shipping = .zero
        }
        let pointsPerYuan = Int64(request.settings.pointsPerYuan)
        var lines: [PricedLine] = []
        var points: Int64 = 0
        var deposits: Int64 = 0
        for (index, line) in cart.lines.enumerated() {
            let linePoints = ledger.amounts[index] * pointsPerYuan / 100 * Int64(ledger.pointsFactor[index])
            points += linePoints
            deposits += (line.depositPerUnit?.fen ?? 0) * Int64(line.quantity)
            lines.append(PricedLine(sku: line.sku, category: line.category, quantity: line.quantity, listAmount: line.listAmount,
                                    amount: Money(fen: ledger.amounts[index]), shares: ledger.shares[index], points: linePoints))
        }
        let goods = Money(fen: ledger.amounts.reduce(0, +))
        let total = goods + shipping
        let paid = Money(fen: min(deposits, total.fen))
        return PricedCart(lines: lines, discounts: discounts, notApplied: skipped, hints: hints, gifts: gifts,
                          listAmount: cart.listAmount, goodsAmount: goods, shipping: shipping, total: total,
                          depositsPaid: paid, balanceDue: total - paid, points: points, couponCodes: couponCodes, claims: claims)
    }
}
