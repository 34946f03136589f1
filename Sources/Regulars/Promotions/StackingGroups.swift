/// Stacking groups by number, so that the groups a line has taken are bits (`LineLedger.groupBits`) rather than
/// strings to compare. The catalogue numbers its promotions' groups once; a request's coupon groups it does not
/// know are numbered after them.
struct StackingGroups {
    /// The catalogue's groups.
    let known: [String: Int]
    /// This request's other groups, numbered from `known.count` on.
    private var extra: [String] = []

    init(known: [String: Int]) { self.known = known }

    mutating func number(_ group: String) -> Int {
        if let number = known[group] { return number }
        if let position = extra.firstIndex(of: group) { return known.count + position }
        extra.append(group)
        return known.count + extra.count - 1
    }
}
