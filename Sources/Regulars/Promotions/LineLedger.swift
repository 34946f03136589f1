/// The lines of a cart while it is being priced: what each line costs now, the least it may cost, each discount's
/// share so far, and which stacking groups and exclusive offers have claimed it.
struct LineLedger {
    var amounts: [Int64]
    let floors: [Int64]
    /// Every discount's share of a line, in the order they applied (one flat log: no array per line while pricing).
    var shareLog: [LoggedShare]
    /// Stacking groups (numbered, see `StackingGroups`) that already applied to each line: numbers below 64 as bits,
    /// the rest listed.
    var groupBits: [UInt64]
    var moreGroups: [[Int]]
    /// A money offer applied to the line.
    var touched: [Bool]
    /// An exclusive offer claimed the line: no later money offer applies to it.
    var locked: [Bool]
    var pointsFactor: [Int]

    /// A struct, not a tuple: arrays of tuples look their type up at run time on every allocation.
    struct LoggedShare {
        let line: Int
        let share: DiscountShare
    }

    init(cart: Cart, floors costFloors: [String: Money]) {
        amounts = cart.lines.map(\.listAmount.fen)
        floors = costFloors.isEmpty ? Array(repeating: 0, count: cart.lines.count) : cart.lines.map { line in
            // A floor above the list price would mean "no discount at all": the list amount is the floor then.
            min(line.listAmount.fen, (costFloors[line.sku]?.fen ?? 0) * Int64(line.quantity))
        }
        shareLog = []
        shareLog.reserveCapacity(64)
        groupBits = Array(repeating: 0, count: cart.lines.count)
        moreGroups = Array(repeating: [], count: cart.lines.count)
        touched = Array(repeating: false, count: cart.lines.count)
        locked = Array(repeating: false, count: cart.lines.count)
        pointsFactor = Array(repeating: 1, count: cart.lines.count)
    }

    func hasGroup(_ line: Int, _ group: Int) -> Bool {
        group < 64 ? groupBits[line] & (1 << UInt64(group)) != 0 : moreGroups[line].contains(group)
    }

    /// Whether an offer of `group` may apply to `line` given what has applied so far.
    func admits(_ line: Int, group: Int, exclusive: Bool, reducesGoods: Bool) -> Bool {
        if reducesGoods && locked[line] { return false }
        if hasGroup(line, group) { return false }
        if exclusive && touched[line] { return false }
        return true
    }

    func sum(_ lines: [Int]) -> Int64 {
        var total: Int64 = 0
        for line in lines { total += amounts[line] }
        return total
    }

    /// Records an offer on its participating lines: money off where `discounts` says, the group as used, and the
    /// exclusive claim.
    mutating func record(offerID: String, group: Int, exclusive: Bool, lines: [Int], discounts: [Int64], reducesGoods: Bool) {
        for (position, line) in lines.enumerated() {
            let discount = discounts.isEmpty ? 0 : discounts[position]
            if discount > 0 {
                amounts[line] -= discount
                shareLog.append(LoggedShare(line: line, share: DiscountShare(offerID: offerID, amount: Money(fen: discount))))
            }
            if group < 64 { groupBits[line] |= 1 << UInt64(group) } else { moreGroups[line].append(group) }
            if reducesGoods {
                touched[line] = true
                if exclusive { locked[line] = true }
            }
        }
    }

    /// Each line's shares in the order they applied.
    func sharesByLine() -> [[DiscountShare]] {
        var counts = [Int](repeating: 0, count: amounts.count)
        for entry in shareLog { counts[entry.line] += 1 }
        var shares = counts.map { count in
            var line: [DiscountShare] = []
            line.reserveCapacity(count)
            return line
        }
        for entry in shareLog { shares[entry.line].append(entry.share) }
        return shares
    }
}
