/// How each benefit prices the lines it covers — one small rule per benefit (PROMO-1). Thresholds are checked
/// against `base` (the covered lines' amounts when the stage began: after item prices for shop-level thresholds,
/// after all promotions for coupons); rates and item prices apply to what the lines cost now.
enum BenefitRules {
    struct Outcome {
        /// Discount per covered line, in the order of `lines`; or empty with `total` to share by amount.
        var perLine: [Int64] = []
        var total: Int64 = 0
        var units = 0
        var buyers = 0
        var gift: Gift?
        var pointsFactor: Int?
        var hint: PricingHint.Kind?
        /// Why nothing applied (threshold not reached, sold out …); nil when it applied.
        var refusal: SkipReason?
    }

    /// What a threshold benefit gives on `base` (and `current`, the covered lines' amounts now).
    static func threshold(_ benefit: Benefit, offerID: String, base: Int64, current: Int64) -> Outcome {
        var outcome = Outcome()
        func missing(_ threshold: Money) -> Money { Money(fen: threshold.fen - base) }
        switch benefit {
        case .amountOff(let threshold, let off):
            if base >= threshold.fen {
                outcome.total = off.fen
            } else {
                outcome.refusal = .thresholdNotReached(threshold)
                outcome.hint = .spendForOff(missing: missing(threshold), off: off)
            }
        case .cash(let off):
            outcome.total = off.fen
        case .tiered(let tiers, let repeating):
            let tier = tiers.last { $0.threshold.fen <= base }
            var best = tier?.off.fen ?? 0
            var next: (missing: Int64, off: Int64)?
            if let upper = tiers.first(where: { $0.threshold.fen > base }) {
                next = (upper.threshold.fen - base, upper.off.fen)
            }
            if let repeating {
                let steps = base / repeating.every.fen
                let uncapped = steps * repeating.off.fen
                let given = min(uncapped, repeating.cap?.fen ?? .max)
                best = max(best, given)
                let nextOff = min((steps + 1) * repeating.off.fen, repeating.cap?.fen ?? .max)
                if nextOff > best {
                    let gap = (steps + 1) * repeating.every.fen - base
                    if next == nil || gap < next!.missing || (gap == next!.missing && nextOff > next!.off) { next = (gap, nextOff) }
                }
            }
            if let upcoming = next, upcoming.off > best {
                outcome.hint = .spendForOff(missing: Money(fen: upcoming.missing), off: Money(fen: upcoming.off))
            }
            if best > 0 {
                outcome.total = best
            } else {
                outcome.refusal = .lowestTierNotReached
            }
        case .percentOff(let rate, let threshold, let cap):
            if base >= threshold.fen {
                outcome.total = min(rate.discount(on: Money(fen: current)).fen, cap?.fen ?? .max)
            } else {
                outcome.refusal = .thresholdNotReached(threshold)
                outcome.hint = .spendForRate(missing: missing(threshold), rate: rate)
            }
        case .gift(let threshold, let sku, let quantity):
            if base >= threshold.fen {
                outcome.gift = Gift(offerID: offerID, sku: sku, quantity: quantity)
            } else {
                outcome.refusal = .thresholdNotReached(threshold)
                outcome.hint = .spendForGift(missing: missing(threshold), sku: sku, quantity: quantity)
            }
        case .pointsMultiplier(let factor):
            outcome.pointsFactor = factor
        case .freeShipping(let threshold):
            if base < threshold.fen {
                outcome.refusal = .thresholdNotReached(threshold)
                outcome.hint = .spendForFreeShipping(missing: missing(threshold))
            }
        default:
            outcome.refusal = .notThresholdBenefit
        }
        return outcome
    }

    /// What an item-level benefit (or the member rate) takes off each covered line.
    static func item(_ benefit: Benefit, offerID: String, lines: [Int], cart: Cart, ledger: LineLedger,
                     availability: OfferAvailability) -> Outcome {
        var outcome = Outcome()
        let quantities = lines.map { cart.lines[$0].quantity }
        /// The line's price per unit now (after earlier offers of other groups).
        func unitNow(_ position: Int) -> Int64 { ledger.amounts[lines[position]] / Int64(quantities[position]) }
        switch benefit {
        case .buyXGetY(let buy, let get):
            let units = quantities.reduce(0, +)
            var free = units / (buy + get) * get
            guard free > 0 else {
                outcome.refusal = .tooFewItems(buy: buy, get: get)
                outcome.hint = .buyUnits(missing: buy + get - units % (buy + get), buy: buy, get: get)
                return outcome
            }
            // The cheapest units are the free ones.
            outcome.perLine = Array(repeating: 0, count: lines.count)
            for position in lines.indices.sorted(by: { (unitNow($0), $0) < (unitNow($1), $1) }) where free > 0 {
                let take = min(free, quantities[position])
                outcome.perLine[position] = ledger.amounts[lines[position]] * Int64(take) / Int64(quantities[position])
                free -= take
            }
        case .nthItem(let n, let rate):
            outcome.perLine = lines.indices.map { position in
                let discounted = quantities[position] / n
                return rate.discount(on: Money(fen: ledger.amounts[lines[position]] * Int64(discounted) / Int64(quantities[position]))).fen
            }
            if outcome.perLine.allSatisfy({ $0 == 0 }) {
                outcome.refusal = .nthNotReached(n: n)
                outcome.hint = .sameSKU(n: n, rate: rate)
            }
        case .flashSale(let price, let stock, let perCustomer):
            limitedPrice(price: price, unitsLeft: availability.remainingUnits[offerID] ?? stock,
                         customerLeft: perCustomer.map { $0 - (availability.takenByCustomer[offerID] ?? 0) } ?? .max,
                         soldOut: .flashSaleSoldOut)
        case .firstN(let count, let price, let counting, let perCustomer):
            let taken = availability.takenByCustomer[offerID] ?? 0
            switch counting {
            case .units:
                limitedPrice(price: price, unitsLeft: availability.remainingUnits[offerID] ?? count,
                             customerLeft: perCustomer - taken, soldOut: .firstUnitsTaken(count: count))
            case .buyers:
                let newBuyer = taken == 0
                let buyersLeft = availability.remainingBuyers[offerID] ?? count
                limitedPrice(price: price, unitsLeft: newBuyer && buyersLeft <= 0 ? 0 : .max,
                             customerLeft: perCustomer - taken, soldOut: .firstBuyersTaken(count: count))
                if newBuyer && outcome.units > 0 { outcome.buyers = 1 }
            }
        case .depositInflation(let deposit, let deduction):
            outcome.perLine = lines.indices.map { position in
                guard let paid = cart.lines[lines[position]].depositPerUnit, paid >= deposit else { return 0 }
                return (deduction.fen - deposit.fen) * Int64(quantities[position])
            }
            if outcome.perLine.allSatisfy({ $0 == 0 }) { outcome.refusal = .noDepositPaid(deposit) }
        case .memberExtra(let rate):
            outcome.perLine = lines.map { rate.discount(on: Money(fen: ledger.amounts[$0])).fen }
        case .bundle(let skus, let price):
            bundle(skus: skus, price: price)
        default:
            outcome.refusal = .notItemBenefit
        }
        return outcome

        /// Units at `price`, as many as the stock and the customer's limit allow, lines in cart order.
        func limitedPrice(price: Money, unitsLeft: Int, customerLeft: Int, soldOut: SkipReason) {
            var allowed = max(0, min(unitsLeft, customerLeft))
            guard allowed > 0 else {
                outcome.refusal = unitsLeft <= 0 ? soldOut : .customerLimitReached
                return
            }
            outcome.perLine = Array(repeating: 0, count: lines.count)
            for position in lines.indices where allowed > 0 {
                let units = min(allowed, quantities[position])
                let saving = max(0, unitNow(position) - price.fen)
                guard saving > 0 else { continue }
                outcome.perLine[position] = saving * Int64(units)
                outcome.units += units
                allowed -= units
            }
            if outcome.units == 0 { outcome.refusal = .priceNotBelow }
        }

        /// One unit of each SKU per set, as many sets as the cart holds, shared over the lines by their value.
        func bundle(skus: [String], price: Money) {
            var sets = Int.max
            var setValue: Int64 = 0
            for sku in skus {
                let positions = lines.indices.filter { cart.lines[lines[$0]].sku == sku }
                sets = min(sets, positions.reduce(0) { $0 + quantities[$1] })
                if let first = positions.first { setValue += unitNow(first) }
            }
            guard sets > 0, sets != .max else {
                outcome.refusal = .bundleIncomplete
                return
            }
            let saving = max(0, setValue - price.fen) * Int64(sets)
            guard saving > 0 else {
                outcome.refusal = .bundleNotCheaper
                return
            }
            var used = Set<String>()
            var weights: [Int64] = []
            for position in lines.indices {
                let sku = cart.lines[lines[position]].sku
                if skus.contains(sku), !used.contains(sku) {
                    used.insert(sku)
                    weights.append(unitNow(position) * Int64(sets))
                } else {
                    weights.append(0)
                }
            }
            outcome.perLine = Proration.share(min(saving, weights.reduce(0, +)), weights: weights, caps: weights)
        }
    }
}
