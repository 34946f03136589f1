/// The lines of a cart while it is being priced: what each line costs now, the least it may cost, each discount's
/// share so far, and which stacking groups and exclusive offers have claimed it.
struct LineLedger {
    var amounts: [Int64]
    let floors: [Int64]
    var shares: [[DiscountShare]]
    /// Stacking groups that already applied to each line.
    var groups: [[String]]
    /// A money offer applied to the line.
    var touched: [Bool]
    /// An exclusive offer claimed the line: no later money offer applies to it.
    var locked: [Bool]
    var pointsFactor: [Int]

    init(cart: Cart, floors costFloors: [String: Money]) {
        amounts = cart.lines.map(\.listAmount.fen)
        floors = cart.lines.map { line in
            // A floor above the list price would mean "no discount at all": the list amount is the floor then.
            min(line.listAmount.fen, (costFloors[line.sku]?.fen ?? 0) * Int64(line.quantity))
        }
        shares = Array(repeating: [], count: cart.lines.count)
        groups = Array(repeating: [], count: cart.lines.count)
        touched = Array(repeating: false, count: cart.lines.count)
        locked = Array(repeating: false, count: cart.lines.count)
        pointsFactor = Array(repeating: 1, count: cart.lines.count)
    }

    /// Whether `offer` may apply to `line` given what has applied so far.
    func admits(_ line: Int, group: String, exclusive: Bool, reducesGoods: Bool) -> Bool {
        if reducesGoods && locked[line] { return false }
        if groups[line].contains(group) { return false }
        if exclusive && touched[line] { return false }
        return true
    }

    func sum(_ lines: [Int]) -> Int64 { lines.reduce(0) { $0 + amounts[$1] } }

    /// Records an offer on its participating lines: money off where `discounts` says, the group as used, and the
    /// exclusive claim.
    mutating func record(offerID: String, group: String, exclusive: Bool, lines: [Int], discounts: [Int64], reducesGoods: Bool) {
        for (position, line) in lines.enumerated() {
            let discount = discounts.isEmpty ? 0 : discounts[position]
            if discount > 0 {
                amounts[line] -= discount
                shares[line].append(DiscountShare(offerID: offerID, amount: Money(fen: discount)))
            }
            groups[line].append(group)
            if reducesGoods {
                touched[line] = true
                if exclusive { locked[line] = true }
            }
        }
    }
}
