/// The coupon candidates of one request as plain numbers for `CouponSearch`: each coupon's lines (one flat list),
/// fixed discount or rate and cap, budget left, free-shipping threshold, exclusivity and group (numbered 0… here),
/// with the cart's amounts, floors, shipping fee and the free-shipping promotions already in play.
struct CouponSearchTable {
    let count: Int
    let lineCount: Int
    /// The lines' amounts when the coupon stage begins, and their cost floors.
    let amounts: [Int64]
    let floors: [Int64]
    let shipping: Int64
    /// Free-shipping promotions already in play: their lines and thresholds.
    let shippingPromotions: [ShippingPromotion]
    /// Candidate k's lines are `lines[lineStarts[k]..<lineStarts[k + 1]]`.
    let lineStarts: [Int]
    let lines: [Int]
    let fixedOff: [Int64]
    /// Basis points off, -1 for a fixed amount.
    let rate: [Int]
    let rateCap: [Int64]
    /// Budget left, -1 for none.
    let budget: [Int64]
    let shippingThreshold: [Int64?]
    let exclusive: [Bool]
    let group: [Int]
    let groupCount: Int

    struct ShippingPromotion {
        let lines: [Int]
        let threshold: Int64
    }

    init(candidates: [CouponStage.Candidate], pricer: CartPricer) {
        count = candidates.count
        amounts = pricer.ledger.amounts
        lineCount = amounts.count
        floors = pricer.ledger.floors
        shipping = pricer.request.cart.shipping.fen
        shippingPromotions = pricer.shippingOffers.map { ShippingPromotion(lines: $0.lines, threshold: $0.threshold) }
        var lineStarts = [0]
        var lines: [Int] = []
        for candidate in candidates {
            lines.append(contentsOf: candidate.lines)
            lineStarts.append(lines.count)
        }
        self.lineStarts = lineStarts
        self.lines = lines
        fixedOff = candidates.map(\.fixedOff)
        rate = candidates.map { $0.rate?.offBasisPoints ?? -1 }
        rateCap = candidates.map(\.rateCap)
        budget = candidates.map { $0.budgetLeft ?? -1 }
        shippingThreshold = candidates.map(\.shippingThreshold)
        exclusive = candidates.map(\.exclusive)
        var numbers: [Int: Int] = [:]
        group = candidates.map { candidate in
            if let number = numbers[candidate.group] { return number }
            numbers[candidate.group] = numbers.count
            return numbers.count - 1
        }
        groupCount = numbers.count
    }

    func isShipping(_ k: Int) -> Bool { shippingThreshold[k] != nil }

    /// The amount of candidate k's lines in the row of `rows` starting at `offset`.
    func sum(_ k: Int, _ rows: [Int64], offset: Int) -> Int64 {
        var sum: Int64 = 0
        for position in lineStarts[k]..<lineStarts[k + 1] { sum += rows[offset + lines[position]] }
        return sum
    }

    /// Applies money coupon k to row `row` of `rows` exactly as pricing would (`CartPricer.limit`); returns the
    /// discount.
    func apply(_ k: Int, to rows: inout [Int64], row: Int) -> Int64 {
        let start = lineStarts[k], end = lineStarts[k + 1]
        let count = end - start
        guard count > 0 else { return 0 }
        let lineCount = self.lineCount
        var total = fixedOff[k]
        if rate[k] >= 0 {
            let current = sum(k, rows, offset: row * lineCount)
            total = min(DiscountRate(offBasisPoints: rate[k]).discount(on: Money(fen: current)).fen, rateCap[k])
        }
        let budget = self.budget[k]
        return rows.withUnsafeMutableBufferPointer { rows in
            let amounts = UnsafeMutableBufferPointer(rebasing: rows[row * lineCount..<(row + 1) * lineCount])
            return lines.withUnsafeBufferPointer { allLines in
                let lines = UnsafeBufferPointer(rebasing: allLines[start..<end])
                return floors.withUnsafeBufferPointer { floors in
                    withUnsafeTemporaryAllocation(of: Int64.self, capacity: count) { perLine in
                        for position in 0..<count { perLine[position] = 0 }
                        _ = DiscountSharing.shareByAmount(total, lines: lines, amounts: UnsafeBufferPointer(amounts), floors: floors, into: perLine)
                        if budget >= 0 { _ = DiscountSharing.limitToBudget(budget, perLine) }
                        var given: Int64 = 0
                        for position in 0..<count {
                            amounts[lines[position]] -= perLine[position]
                            given += perLine[position]
                        }
                        return given
                    }
                }
            }
        }
    }
}
