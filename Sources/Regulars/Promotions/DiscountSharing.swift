/// Sharing a discount over the lines it applies to, within each line's headroom (its amount above its cost floor)
/// and the offer's budget left. Pricing and the coupon search both call these, on plain buffers, so that the
/// search's totals are exactly what pricing then gives; they allocate nothing on the heap.
enum DiscountSharing {
    /// Shares `total` over `lines` in proportion to their amounts, each at most its headroom, into `perLine`
    /// (zeroed, one entry per line). Returns whether the lines' headroom cut the total.
    static func shareByAmount(_ total: Int64, lines: UnsafeBufferPointer<Int>, amounts: UnsafeBufferPointer<Int64>,
                              floors: UnsafeBufferPointer<Int64>, into perLine: UnsafeMutableBufferPointer<Int64>) -> Bool {
        let count = lines.count
        guard count > 0 else { return false }
        return withUnsafeTemporaryAllocation(of: Int64.self, capacity: 2 * count) { scratch in
            let weights = UnsafeMutableBufferPointer(rebasing: scratch[0..<count])
            let caps = UnsafeMutableBufferPointer(rebasing: scratch[count..<2 * count])
            var room: Int64 = 0
            for position in 0..<count {
                let line = lines[position]
                weights[position] = amounts[line]
                caps[position] = max(0, amounts[line] - floors[line])
                room += caps[position]
            }
            Proration.share(min(total, room), weights: UnsafeBufferPointer(weights), caps: UnsafeBufferPointer(caps), into: perLine)
            return total > room
        }
    }

    /// Scales `perLine` down to `budgetLeft` when it asks for more (shared by the lines' discounts). Returns whether
    /// the budget cut it.
    static func limitToBudget(_ budgetLeft: Int64, _ perLine: UnsafeMutableBufferPointer<Int64>) -> Bool {
        var wanted: Int64 = 0
        for part in perLine { wanted += part }
        guard wanted > budgetLeft else { return false }
        let count = perLine.count
        withUnsafeTemporaryAllocation(of: Int64.self, capacity: count) { limited in
            for position in 0..<count { limited[position] = 0 }
            Proration.share(budgetLeft, weights: UnsafeBufferPointer(perLine), caps: UnsafeBufferPointer(perLine), into: limited)
            for position in 0..<count { perLine[position] = limited[position] }
        }
        return true
    }
}
