/// One pricing of one cart, stage by stage: item prices → the member rate → shop-level thresholds → coupons →
/// shipping (PROMO-3). Within a stage, higher priority first. An offer applies to the lines its scope covers that
/// no offer of its stacking group has taken and, for an exclusive offer, that no other money offer touched; the
/// discount is shared over those lines by amount, never below a line's cost floor or zero.
///
/// Pricing runs at every checkout, so it writes no text: hints and reasons are values (`PricingNotes`), labels
/// come ready from the catalogue, and lines and groups are numbers.
struct CartPricer {
    let request: PricingRequest
    var ledger: LineLedger
    /// The lines' amounts when the current stage began: what thresholds are measured against.
    var stageBase: [Int64]
    var stage = PricingStage.item
    var groups: StackingGroups
    var discounts: [AppliedDiscount] = []
    var skipped: [SkippedOffer] = []
    var hints: [PricingHint] = []
    var gifts: [Gift] = []
    var claims: [OfferClaim] = []
    var couponCodes: [String] = []
    /// Free-shipping offers that apply to this customer, with the lines they cover — fixed when they are collected
    /// (promotions before the coupons, coupons when chosen), so the coupon search and the result agree.
    var shippingOffers: [ShippingOffer] = []
    /// The covered lines of the offer being applied, reused from offer to offer.
    var scratchLines: [Int] = []

    /// A free-shipping promotion or coupon in play.
    struct ShippingOffer {
        let offerID: String
        let name: String
        let label: String
        let threshold: Int64
        let code: String?
        let lines: [Int]
    }

    init(request: PricingRequest, groups: StackingGroups) {
        self.request = request
        self.groups = groups
        ledger = LineLedger(cart: request.cart, floors: request.costFloors)
        stageBase = ledger.amounts
        scratchLines.reserveCapacity(request.cart.lines.count)
        discounts.reserveCapacity(32)
        skipped.reserveCapacity(32)
    }

    mutating func enterStage(_ next: PricingStage) {
        guard next > stage else { return }
        stage = next
        stageBase = ledger.amounts
    }

    /// The lines `offer` may apply to now: of `covered` (what its scope covers, when the catalogue's index knows it),
    /// else of the lines its scope or bundle covers.
    func coveredLines(_ offer: Offer, group: Int, covered: [Int]?) -> [Int] {
        var lines: [Int] = []
        coveredLines(offer, group: group, covered: covered, into: &lines)
        return lines
    }

    /// The same, into `lines` (emptied first), so that one buffer serves every offer of a pricing.
    func coveredLines(_ offer: Offer, group: Int, covered: [Int]?, into lines: inout [Int]) {
        let reduces = offer.benefit.reducesGoods
        let exclusive = offer.stacking.exclusive
        lines.removeAll(keepingCapacity: true)
        if let covered {
            for index in covered where ledger.admits(index, group: group, exclusive: exclusive, reducesGoods: reduces) {
                lines.append(index)
            }
            return
        }
        for (index, line) in request.cart.lines.enumerated() {
            let inScope: Bool
            if case .bundle(let skus, _) = offer.benefit {
                inScope = skus.contains(line.sku) && !offer.scope.excludedSKUs.contains(line.sku)
            } else {
                inScope = offer.scope.covers(line)
            }
            if inScope, ledger.admits(index, group: group, exclusive: exclusive, reducesGoods: reduces) { lines.append(index) }
        }
    }

    /// Applies one promotion (not a coupon) if it is for this customer and its lines allow it.
    mutating func apply(_ offer: Offer, group: Int, label: String, covered: [Int]?) {
        if let refusal = offer.targeting.check(request.customer, channel: request.channel, at: request.now) {
            skipped.append(SkippedOffer(offerID: offer.id, couponCode: nil, reason: .targeting(refusal)))
            return
        }
        if case .freeShipping(let threshold) = offer.benefit {
            shippingOffers.append(ShippingOffer(offerID: offer.id, name: offer.name, label: label, threshold: threshold.fen, code: nil,
                                                lines: coveredLines(offer, group: group, covered: covered)))
            return
        }
        applyMoney(offer, group: group, label: label, covered: covered, code: nil)
    }

    /// Applies a promotion or coupon whose targeting was checked; returns whether it applied.
    @discardableResult
    mutating func applyMoney(_ offer: Offer, group: Int, label: String, covered: [Int]?, code: String?) -> Bool {
        // The shared buffer is taken out while in use and put back after, so it stays uniquely referenced.
        var lines = scratchLines
        scratchLines = []
        defer { scratchLines = lines }
        coveredLines(offer, group: group, covered: covered, into: &lines)
        guard !lines.isEmpty else {
            skipped.append(SkippedOffer(offerID: offer.id, couponCode: code, reason: .noLineLeft))
            return false
        }
        let stage = offer.benefit.stage
        var outcome: BenefitRules.Outcome
        if stage == .item || stage == .member {
            outcome = BenefitRules.item(offer.benefit, offerID: offer.id, lines: lines, cart: request.cart, ledger: ledger,
                                        availability: request.availability)
        } else {
            var base: Int64 = 0
            for line in lines { base += stageBase[line] }
            outcome = BenefitRules.threshold(offer.benefit, offerID: offer.id, base: base, current: ledger.sum(lines))
        }
        if let hint = outcome.hint { hints.append(PricingHint(hint, offerName: offer.name)) }
        if let refusal = outcome.refusal {
            skipped.append(SkippedOffer(offerID: offer.id, couponCode: code, reason: refusal))
            return false
        }
        let exclusive = offer.stacking.exclusive
        if outcome.gift != nil || outcome.pointsFactor != nil {
            if let gift = outcome.gift { gifts.append(gift) }
            if let factor = outcome.pointsFactor {
                for line in lines { ledger.pointsFactor[line] = max(ledger.pointsFactor[line], factor) }
            }
            ledger.record(offerID: offer.id, group: group, exclusive: exclusive, lines: lines, discounts: [], reducesGoods: false)
            discounts.append(AppliedDiscount(offerID: offer.id, name: offer.name, label: label, stage: stage,
                                             couponCode: code, amount: .zero, shippingSaved: .zero, limitedBy: nil))
            return true
        }
        let (perLine, limitedBy) = limit(outcome, lines: lines, budgetLeft: CartPricer.budgetLeft(offer, request.availability))
        var given: Int64 = 0
        for part in perLine { given += part }
        guard given > 0 else {
            skipped.append(SkippedOffer(offerID: offer.id, couponCode: code, reason: limitedBy.map { .limited($0) } ?? .nothingToTakeOff))
            return false
        }
        ledger.record(offerID: offer.id, group: group, exclusive: exclusive, lines: lines, discounts: perLine, reducesGoods: true)
        discounts.append(AppliedDiscount(offerID: offer.id, name: offer.name, label: label, stage: code == nil ? stage : .coupon,
                                         couponCode: code, amount: Money(fen: given), shippingSaved: .zero, limitedBy: limitedBy))
        if let code {
            couponCodes.append(code)
            claims.append(OfferClaim(offerID: offer.id, units: 0, buyers: 0, amount: Money(fen: given), isCoupon: true))
        } else if outcome.units > 0 || outcome.buyers > 0 || offer.budget != nil {
            claims.append(OfferClaim(offerID: offer.id, units: outcome.units, buyers: outcome.buyers,
                                     amount: offer.budget == nil ? .zero : Money(fen: given), isCoupon: false))
        }
        return true
    }

    static func budgetLeft(_ offer: Offer, _ availability: OfferAvailability) -> Int64? {
        guard let budget = offer.budget else { return nil }
        return max(0, (availability.remainingBudget.isEmpty ? budget : availability.remainingBudget[offer.id] ?? budget).fen)
    }

    /// The outcome's discount per line within each line's headroom and the offer's budget left, and what limited it
    /// (`DiscountSharing`, as the coupon search computes it).
    func limit(_ outcome: BenefitRules.Outcome, lines: [Int], budgetLeft: Int64?) -> (perLine: [Int64], limitedBy: DiscountLimit?) {
        var limitedBy: DiscountLimit?
        var perLine: [Int64]
        let floors = ledger.floors
        if outcome.perLine.isEmpty {
            perLine = [Int64](repeating: 0, count: lines.count)
            let cut = lines.withUnsafeBufferPointer { lines in
                ledger.amounts.withUnsafeBufferPointer { amounts in
                    floors.withUnsafeBufferPointer { floors in
                        perLine.withUnsafeMutableBufferPointer { perLine in
                            DiscountSharing.shareByAmount(outcome.total, lines: lines, amounts: amounts, floors: floors, into: perLine)
                        }
                    }
                }
            }
            if cut { limitedBy = lines.contains(where: { floors[$0] > 0 }) ? .linesValueAboveFloors : .linesValue }
        } else {
            perLine = outcome.perLine
            for (position, line) in lines.enumerated() {
                let headroom = max(0, ledger.amounts[line] - floors[line])
                if perLine[position] > headroom {
                    perLine[position] = headroom
                    limitedBy = floors[line] > 0 ? .costFloor(sku: request.cart.lines[line].sku) : .lineValue
                }
            }
        }
        if let left = budgetLeft, perLine.withUnsafeMutableBufferPointer({ DiscountSharing.limitToBudget(left, $0) }) {
            limitedBy = left == 0 ? .budgetSpent : .budgetLeft(Money(fen: left))
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
        for offer in shippingOffers where shipping.fen > 0 {
            let base = ledger.sum(offer.lines)
            if offer.lines.isEmpty && base >= offer.threshold {
                skipped.append(SkippedOffer(offerID: offer.offerID, couponCode: offer.code, reason: .noLineCovered))
                continue
            }
            if base < offer.threshold {
                if !offer.lines.isEmpty {
                    hints.append(PricingHint(.spendForFreeShipping(missing: Money(fen: offer.threshold - base)), offerName: offer.name))
                }
                skipped.append(SkippedOffer(offerID: offer.offerID, couponCode: offer.code, reason: .thresholdNotReached(Money(fen: offer.threshold))))
                continue
            }
            discounts.append(AppliedDiscount(offerID: offer.offerID, name: offer.name, label: offer.label, stage: .shipping,
                                             couponCode: offer.code, amount: .zero, shippingSaved: shipping, limitedBy: nil))
            if let code = offer.code { couponCodes.append(code) }
            shipping = .zero
        }
        let pointsPerYuan = Int64(request.settings.pointsPerYuan)
        var lines: [PricedLine] = []
        lines.reserveCapacity(cart.lines.count)
        var points: Int64 = 0
        var deposits: Int64 = 0
        let shares = ledger.sharesByLine()
        for (index, line) in cart.lines.enumerated() {
            let linePoints = ledger.amounts[index] * pointsPerYuan / 100 * Int64(ledger.pointsFactor[index])
            points += linePoints
            deposits += (line.depositPerUnit?.fen ?? 0) * Int64(line.quantity)
            lines.append(PricedLine(sku: line.sku, category: line.category, quantity: line.quantity, listAmount: line.listAmount,
                                    amount: Money(fen: ledger.amounts[index]), shares: shares[index], points: linePoints))
        }
        var goods: Int64 = 0
        for amount in ledger.amounts { goods += amount }
        let total = Money(fen: goods + shipping.fen)
        let paid = Money(fen: min(deposits, total.fen))
        return PricedCart(lines: lines, discounts: discounts, notApplied: skipped, hints: hints, gifts: gifts,
                          listAmount: cart.listAmount, goodsAmount: Money(fen: goods), shipping: shipping, total: total,
                          depositsPaid: paid, balanceDue: total - paid, points: points, couponCodes: couponCodes, claims: claims)
    }
}
