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
        var shares = [Int64](repeating: 0, count: weights.count)
        var remaining = total
        var open = weights.indices.filter { caps[$0] > 0 && weights[$0] > 0 }
        if open.isEmpty { open = caps.indices.filter { caps[$0] > 0 } }
        while remaining > 0, !open.isEmpty {
            let weightSum = open.reduce(Int64(0)) { $0 + max(weights[$1], 1) }
            // Lines whose proportional share would pass their cap take their cap; the rest is shared again.
            var capped: [Int] = []
            for index in open {
                let room = caps[index] - shares[index]
                if proportional(remaining, max(weights[index], 1), weightSum).quotient >= room { capped.append(index) }
            }
            if !capped.isEmpty {
                for index in capped {
                    let room = caps[index] - shares[index]
                    shares[index] += room
                    remaining -= room
                }
                open.removeAll { capped.contains($0) }
                continue
            }
            var given: Int64 = 0
            var fractions: [(index: Int, remainder: Int64)] = []
            fractions.reserveCapacity(open.count)
            for index in open {
                let part = proportional(remaining, max(weights[index], 1), weightSum)
                shares[index] += part.quotient
                given += part.quotient
                fractions.append((index, part.remainder))
            }
            var left = remaining - given
            remaining = 0
            // Largest remainder first, earlier line on ties; every open line has room for one more fen here.
            fractions.sort { $0.remainder != $1.remainder ? $0.remainder > $1.remainder : $0.index < $1.index }
            var position = 0
            while left > 0 {
                let index = fractions[position % fractions.count].index
                if shares[index] < caps[index] {
                    shares[index] += 1
                    left -= 1
                }
                position += 1
            }
        }
        return shares
    }

    /// ⌊a·b / c⌋ and its remainder, without overflow.
    private static func proportional(_ a: Int64, _ b: Int64, _ c: Int64) -> (quotient: Int64, remainder: Int64) {
        let product = a.multipliedFullWidth(by: b)
        let result = c.dividingFullWidth((high: product.high, low: product.low))
        return (result.quotient, result.remainder)
    }
}
