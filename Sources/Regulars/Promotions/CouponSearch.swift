/// The best combination of the customer's coupons: the one that makes the cart's total (goods and shipping) lowest,
/// found exactly by depth-first search over the coupons in application order, each taken or not, with at most one
/// coupon per stacking group and an exclusive coupon only alone.
///
/// Every node of the search is a valid combination and is priced exactly as pricing will then price it (the same
/// `DiscountSharing`, floors and budgets). A branch is cut when even the largest possible saving of the coupons still
/// to decide (for each group not yet used, the best coupon's discount on its own, plus the whole shipping fee)
/// cannot beat the best total found: a coupon never saves more alongside others than alone, because thresholds are
/// measured before any coupon and rates apply to what is left. Bound: at most ∏(coupons in group g + 1) nodes
/// over the groups, plus one per exclusive coupon — with the usual one money group and one shipping group, and
/// tens of coupons, a few hundred nodes.
///
/// The search works on numbers made once per request (`CouponSearchTable`) and on buffers allocated once: one row
/// of line amounts per depth, so a node copies its parent's row and applies one coupon to it.
struct CouponSearch {
    private let table: CouponSearchTable
    /// Row `d` holds the line amounts at depth `d` of the search (row 0: before any coupon).
    private var rows: [Int64]
    private var usedGroups: [Bool]
    private var chosen: [Int] = []
    private var bestSet: [Int] = []
    private var bestTotal: Int64 = 0
    /// For each position k and group, the largest stand-alone saving of a coupon at or after k in that group
    /// (row-major, `table.groupCount` per position).
    private var suffixBest: [Int64]
    /// Row 0 with candidate k applied alone (computed for `suffixBest`; the search's first level and the exclusive
    /// coupons start from them).
    private var aloneRows: [Int64]

    init(candidates: [CouponStage.Candidate], pricer: CartPricer) {
        table = CouponSearchTable(candidates: candidates, pricer: pricer)
        let count = table.count, lineCount = table.lineCount, groupCount = table.groupCount
        rows = [Int64](repeating: 0, count: (count + 2) * max(lineCount, 1))
        for line in 0..<lineCount { rows[line] = table.amounts[line] }
        usedGroups = Array(repeating: false, count: groupCount)
        chosen.reserveCapacity(count)
        bestSet.reserveCapacity(count)
        suffixBest = [Int64](repeating: 0, count: (count + 1) * groupCount)
        aloneRows = [Int64](repeating: 0, count: count * lineCount)
        for position in stride(from: count - 1, through: 0, by: -1) {
            for group in 0..<groupCount { suffixBest[position * groupCount + group] = suffixBest[(position + 1) * groupCount + group] }
            let saving: Int64
            if table.isShipping(position) {
                saving = table.shipping
            } else {
                copyRow(0, to: 1)
                saving = table.apply(position, to: &rows, row: 1)
            }
            for line in 0..<lineCount { aloneRows[position * lineCount + line] = rows[(table.isShipping(position) ? 0 : lineCount) + line] }
            let slot = position * groupCount + table.group[position]
            suffixBest[slot] = max(suffixBest[slot], saving)
        }
    }

    /// Positions in `candidates` of the best combination.
    mutating func best() -> [Int] {
        bestTotal = total(row: 0)
        bestSet.removeAll(keepingCapacity: true)
        // Exclusive coupons, each alone.
        for position in 0..<table.count where table.exclusive[position] {
            copyAlone(position, to: 1)
            chosen.append(position)
            let value = total(row: 1)
            chosen.removeLast()
            if value < bestTotal {
                bestTotal = value
                bestSet.removeAll(keepingCapacity: true)
                bestSet.append(position)
            }
        }
        search(from: 0, row: 0)
        return bestSet
    }

    private mutating func search(from start: Int, row: Int) {
        for position in start..<table.count {
            let group = table.group[position]
            guard !usedGroups[group], !table.exclusive[position] else { continue }
            if row == 0 {
                copyAlone(position, to: 1)
            } else {
                copyRow(row, to: row + 1)
                if !table.isShipping(position) { _ = table.apply(position, to: &rows, row: row + 1) }
            }
            chosen.append(position)
            usedGroups[group] = true
            let value = total(row: row + 1)
            if value < bestTotal || (value == bestTotal && chosen.count < bestSet.count) {
                bestTotal = value
                bestSet.removeAll(keepingCapacity: true)
                bestSet.append(contentsOf: chosen)
            }
            if position + 1 < table.count, optimistic(row: row + 1, after: position + 1) < bestTotal {
                search(from: position + 1, row: row + 1)
            }
            usedGroups[group] = false
            chosen.removeLast()
        }
    }

    private mutating func copyRow(_ from: Int, to: Int) {
        let lineCount = table.lineCount
        rows.withUnsafeMutableBufferPointer { rows in
            for line in 0..<lineCount { rows[to * lineCount + line] = rows[from * lineCount + line] }
        }
    }

    private mutating func copyAlone(_ position: Int, to: Int) {
        let lineCount = table.lineCount
        rows.withUnsafeMutableBufferPointer { rows in
            for line in 0..<lineCount { rows[to * lineCount + line] = aloneRows[position * lineCount + line] }
        }
    }

    private func goods(row: Int) -> Int64 {
        var goods: Int64 = 0
        for line in row * table.lineCount..<(row + 1) * table.lineCount { goods += rows[line] }
        return goods
    }

    /// The lowest total any extension could reach.
    private func optimistic(row: Int, after position: Int) -> Int64 {
        var saving = table.shipping
        for group in 0..<table.groupCount where !usedGroups[group] { saving += suffixBest[position * table.groupCount + group] }
        return goods(row: row) - saving
    }

    /// Goods plus the shipping fee that is left once free-shipping promotions and the chosen shipping coupons apply.
    private func total(row: Int) -> Int64 {
        let goods = goods(row: row)
        guard table.shipping > 0 else { return goods }
        let offset = row * table.lineCount
        for promotion in table.shippingPromotions where !promotion.lines.isEmpty {
            var sum: Int64 = 0
            for line in promotion.lines { sum += rows[offset + line] }
            if sum >= promotion.threshold { return goods }
        }
        for position in chosen {
            guard let threshold = table.shippingThreshold[position] else { continue }
            if table.sum(position, rows, offset: offset) >= threshold { return goods }
        }
        return goods + table.shipping
    }
}
