/// Splitting an amount of fen by weights so that the parts sum exactly to the whole (largest remainder method;
/// ties go to the earlier part, so the result is deterministic).
public enum Proration {
    public static func split(_ total: Int64, weights: [Int64]) -> [Int64] {
        let sum = weights.reduce(0, +)
        guard sum > 0 else { return weights.map { _ in 0 } }
        var parts = [Int64](repeating: 0, count: weights.count)
        var remainders: [(index: Int, remainder: Int64)] = []
        var assigned: Int64 = 0
        for (i, weight) in weights.enumerated() {
            let (quotient, remainder) = total.multipliedFullWidth(by: weight)
            let (part, rest) = sum.dividingFullWidth((quotient, remainder))
            parts[i] = part
            assigned += part
            remainders.append((i, rest))
        }
        remainders.sort { $0.remainder != $1.remainder ? $0.remainder > $1.remainder : $0.index < $1.index }
        var left = total - assigned
        var k = 0
        while left > 0 {
            parts[remainders[k % remainders.count].index] += 1
            left -= 1
            k += 1
        }
        return parts
    }
}

/// Sharing a discount across lines to the fen (PROMO-3): in proportion to the lines' amounts, never more than a
/// line can give (its amount above its cost floor), remainders to the largest fractions so the shares add up
/// exactly to the discount. Refunds of one line later take back that line's shares.
extension Proration {
    /// Shares of `total` by `weights`, each at most its `cap`. `total` must not exceed the sum of the caps.
    public static func share(_ total: Int64, weights: [Int64], caps: [Int64]) -> [Int64] {
        let n = weights.count
        var shares = [Int64](repeating: 0, count: n)
        guard total > 0, n > 0 else { return shares }
        weights.withUnsafeBufferPointer { weights in
            caps.withUnsafeBufferPointer { caps in
                shares.withUnsafeMutableBufferPointer { shares in share(total, weights: weights, caps: caps, into: shares) }
            }
        }
        return shares
    }

    /// `share` into a zeroed buffer, allocating nothing on the heap.
    static func share(_ total: Int64, weights: UnsafeBufferPointer<Int64>, caps: UnsafeBufferPointer<Int64>,
                      into shares: UnsafeMutableBufferPointer<Int64>) {
        let n = weights.count
        guard total > 0, n > 0 else { return }
        if n == 1 {
            shares[0] = caps[0] > 0 ? min(total, caps[0]) : 0
            return
        }
        withUnsafeTemporaryAllocation(of: Int.self, capacity: n) { open in
            withUnsafeTemporaryAllocation(of: Int64.self, capacity: n) { remainders in
                var openCount = 0
                for index in 0..<n where caps[index] > 0 && weights[index] > 0 { open[openCount] = index; openCount += 1 }
                if openCount == 0 { for index in 0..<n where caps[index] > 0 { open[openCount] = index; openCount += 1 } }
                var remaining = total
                while remaining > 0, openCount > 0 {
                    var weightSum: Int64 = 0
                    for k in 0..<openCount { weightSum += max(weights[open[k]], 1) }
                    // Lines whose proportional share would pass their cap take their cap; the rest is shared again.
                    var kept = 0
                    var givenToCapped: Int64 = 0
                    for k in 0..<openCount {
                        let index = open[k]
                        let room = caps[index] - shares[index]
                        if reaches(remaining, max(weights[index], 1), weightSum, room) {
                            shares[index] += room
                            givenToCapped += room
                        } else {
                            open[kept] = index
                            kept += 1
                        }
                    }
                    if kept < openCount {
                        remaining -= givenToCapped
                        openCount = kept
                        continue
                    }
                    var given: Int64 = 0
                    for k in 0..<openCount {
                        let part = proportional(remaining, max(weights[open[k]], 1), weightSum)
                        shares[open[k]] += part.quotient
                        given += part.quotient
                        remainders[k] = part.remainder
                    }
                    var left = remaining - given
                    remaining = 0
                    // Largest remainder first, earlier line on ties (open is in line order); every open line has room
                    // for one more fen here, and fewer fen are left than open lines.
                    while left > 0 {
                        var pick = 0
                        var largest: Int64 = -1
                        for k in 0..<openCount where remainders[k] > largest {
                            pick = k
                            largest = remainders[k]
                        }
                        shares[open[pick]] += 1
                        remainders[pick] = -1
                        left -= 1
                    }
                }
            }
        }
    }

    /// ⌊a·b / c⌋ and its remainder, without overflow.
    private static func proportional(_ a: Int64, _ b: Int64, _ c: Int64) -> (quotient: Int64, remainder: Int64) {
        let (product, overflow) = a.multipliedReportingOverflow(by: b)
        if !overflow { return product.quotientAndRemainder(dividingBy: c) }
        return proportionalWide(a, b, c)
    }

    /// ⌊a·b / c⌋ ≥ room, without dividing when the products fit (c > 0, room ≥ 0: ⌊x/c⌋ ≥ r ⟺ x ≥ r·c).
    private static func reaches(_ a: Int64, _ b: Int64, _ c: Int64, _ room: Int64) -> Bool {
        let (product, overflow) = a.multipliedReportingOverflow(by: b)
        let (limit, overflow2) = room.multipliedReportingOverflow(by: c)
        if !overflow && !overflow2 && room >= 0 { return product >= limit }
        return proportionalWide(a, b, c).quotient >= room
    }

    /// ⌊a·b / c⌋ and its remainder, without overflow.
    private static func proportionalWide(_ a: Int64, _ b: Int64, _ c: Int64) -> (quotient: Int64, remainder: Int64) {
        let product = a.multipliedFullWidth(by: b)
        let result = c.dividingFullWidth((high: product.high, low: product.low))
        return (result.quotient, result.remainder)
    }
}
