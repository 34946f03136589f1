/// Per-customer purchase totals as of a moment: lifetime (first and last purchase, orders, spend) and inside the RFM
/// window (frequency, monetary). Columns over dense customer indexes; a customer without purchases has `orders == 0`.
public struct CustomerAggregates: Sendable {
    public let asOfDay: Int64
    public let windowDays: Int
    public var firstDay: [Int64]
    public var lastDay: [Int64]
    public var orders: [Int32]
    public var spend: [Int64]
    public var frequency: [Int32]
    public var monetary: [Int64]

    public var count: Int { orders.count }

    /// Adds up `purchases` made at or before `asOf` (local seconds); the window is the as-of day and the
    /// `windowDays − 1` days before it.
    public init(_ purchases: PurchaseColumns, asOfLocalSeconds asOf: Int64, windowDays: Int) {
        let n = purchases.customerCount
        asOfDay = LocalTime.day(asOf)
        self.windowDays = windowDays
        var first = [Int64](repeating: .max, count: n), last = [Int64](repeating: .min, count: n)
        var orderCount = [Int32](repeating: 0, count: n), frequencies = [Int32](repeating: 0, count: n)
        var spent = [Int64](repeating: 0, count: n), monetaries = [Int64](repeating: 0, count: n)
        let windowStart = asOfDay - Int64(windowDays) + 1
        first.withUnsafeMutableBufferPointer { first in
        last.withUnsafeMutableBufferPointer { last in
        orderCount.withUnsafeMutableBufferPointer { orderCount in
        frequencies.withUnsafeMutableBufferPointer { frequencies in
        spent.withUnsafeMutableBufferPointer { spent in
        monetaries.withUnsafeMutableBufferPointer { monetaries in
        purchases.customer.withUnsafeBufferPointer { customers in
        purchases.localSeconds.withUnsafeBufferPointer { times in
        purchases.net.withUnsafeBufferPointer { nets in
            for k in 0 ..< customers.count where times[k] <= asOf {
                let c = Int(customers[k])
                let day = LocalTime.day(times[k])
                if day < first[c] { first[c] = day }
                if day > last[c] { last[c] = day }
                orderCount[c] &+= 1
                spent[c] &+= nets[k]
                if day >= windowStart {
                    frequencies[c] &+= 1
                    monetaries[c] &+= nets[k]
                }
            }
        }}}}}}}}}
        firstDay = first
        lastDay = last
        orders = orderCount
        spend = spent
        frequency = frequencies
        monetary = monetaries
    }

    /// One customer's totals, for an incremental re-score.
    public init(asOfDay: Int64, windowDays: Int, firstDay: Int64, lastDay: Int64, orders: Int32, spend: Int64,
                frequency: Int32, monetary: Int64) {
        self.asOfDay = asOfDay
        self.windowDays = windowDays
        self.firstDay = [firstDay]
        self.lastDay = [lastDay]
        self.orders = [orders]
        self.spend = [spend]
        self.frequency = [frequency]
        self.monetary = [monetary]
    }

    public func recencyDays(_ c: Int) -> Int? { orders[c] > 0 ? Int(asOfDay - lastDay[c]) : nil }
    public func inWindow(_ c: Int) -> Bool { frequency[c] > 0 }
}
