extension Array where Element == TriggerFacts.Event {
    /// The events oldest first, ties in listed order: the array itself when it already is (the store sends it so).
    var oldestFirst: [TriggerFacts.Event] {
        var sorted = true
        for index in indices.dropFirst() where self[index].at < self[index - 1].at {
            sorted = false
            break
        }
        if sorted { return self }
        return enumerated().sorted { ($0.element.at, $0.offset) < ($1.element.at, $1.offset) }.map(\.element)
    }
}

/// The moments of a customer's paid orders, sorted, to ask "was anything paid between a and b?" by binary search.
struct PaidMoments {
    private let moments: [Int64]

    init(_ orders: [TriggerFacts.PaidOrder], where include: (TriggerFacts.PaidOrder) -> Bool = { _ in true }) {
        var moments: [Int64] = []
        var sorted = true
        for order in orders where order.status.wasPaid && include(order) {
            let at = order.at.secondsSinceEpoch
            if let last = moments.last, at < last { sorted = false }
            moments.append(at)
        }
        if !sorted { moments.sort() }
        self.moments = moments
    }

    var isEmpty: Bool { moments.isEmpty }

    /// Whether an order was paid at a moment in `from...through` (both included).
    func any(from: Int64, through: Int64) -> Bool {
        guard from <= through else { return false }
        var low = 0
        var high = moments.count
        while low < high {
            let middle = (low + high) / 2
            if moments[middle] < from { low = middle + 1 } else { high = middle }
        }
        return low < moments.count && moments[low] <= through
    }
}
