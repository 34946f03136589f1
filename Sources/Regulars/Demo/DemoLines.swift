/// One order line: a catalogue product, a quantity and what was paid for it after discounts.
struct DemoLine {
    var product: Int
    var quantity: Int
    var amountFen: Int64
}

/// The 1–3 lines of an order, held inline (no allocation per order).
struct DemoLines {
    private(set) var count = 0
    private var first = DemoLine(product: 0, quantity: 0, amountFen: 0)
    private var second = DemoLine(product: 0, quantity: 0, amountFen: 0)
    private var third = DemoLine(product: 0, quantity: 0, amountFen: 0)

    static let capacity = 3

    subscript(_ index: Int) -> DemoLine { index == 0 ? first : index == 1 ? second : third }

    mutating func append(_ line: DemoLine) {
        switch count {
        case 0: first = line
        case 1: second = line
        default: third = line
        }
        count += 1
    }

    func contains(_ product: Int) -> Bool { (0..<count).contains { self[$0].product == product } }

    var totalFen: Int64 { (0..<count).reduce(0) { $0 + self[$1].amountFen } }

    /// The cheapest line's amount (a partial refund returns one item).
    /// The lines at list price: what the discount is taken off.
    var listFen: Int64 {
        (0..<count).reduce(0) { $0 + DemoCatalogue.products[self[$1].product].priceFen * Int64(self[$1].quantity) }
    }
    var smallestFen: Int64 { (0..<count).map { self[$0].amountFen }.min() ?? 0 }
}
