import Dispatch
import Foundation

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
    ///
    /// Each customer's six totals are added up side by side in one record (one cache line per purchase instead of
    /// six), on every core, each core taking a range of customers; then they are laid out as columns.
    public init(_ purchases: PurchaseColumns, asOfLocalSeconds asOf: Int64, windowDays: Int) {
        let n = purchases.customerCount
        asOfDay = LocalTime.day(asOf)
        self.windowDays = windowDays
        let windowStart = asOfDay - Int64(windowDays) + 1
        let totals = UnsafeMutablePointer<Totals>.allocate(capacity: max(1, n))
        totals.initialize(repeating: Totals(), count: n)
        defer { totals.deallocate() }
        let cores = n < 100_000 || purchases.count < 100_000 ? 1 : max(1, min(8, ProcessInfo.processInfo.activeProcessorCount))
        nonisolated(unsafe) let shared = totals
        purchases.customer.withUnsafeBufferPointer { customers in
        purchases.localSeconds.withUnsafeBufferPointer { times in
        purchases.net.withUnsafeBufferPointer { nets in
            nonisolated(unsafe) let columns = (customers, times, nets)
            DispatchQueue.concurrentPerform(iterations: cores) { core in
                let (customers, times, nets) = columns
                let low = Int32(truncatingIfNeeded: n * core / cores), high = Int32(truncatingIfNeeded: n * (core + 1) / cores)
                for k in 0 ..< customers.count where times[k] <= asOf {
                    let c = customers[k]
                    guard c >= low, c < high else { continue }
                    let day = LocalTime.day(times[k])
                    shared[Int(c)].add(day: day, net: nets[k], inWindow: day >= windowStart)
                }
            }
        }}}
        var first = [Int64](repeating: 0, count: n), last = first, spent = first, monetaries = first
        var orderCount = [Int32](repeating: 0, count: n), frequencies = orderCount
        for c in 0 ..< n {
            let t = totals[c]
            first[c] = t.first
            last[c] = t.last
            orderCount[c] = t.orders
            frequencies[c] = t.frequency
            spent[c] = t.spend
            monetaries[c] = t.monetary
        }
        firstDay = first
        lastDay = last
        orders = orderCount
        spend = spent
        frequency = frequencies
        monetary = monetaries
    }

    /// One customer's totals while purchases are added up.
    private struct Totals {
        var first = Int64.max
        var last = Int64.min
        var spend: Int64 = 0
        var monetary: Int64 = 0
        var orders: Int32 = 0
        var frequency: Int32 = 0

        @inline(__always)
        mutating func add(day: Int64, net: Int64, inWindow: Bool) {
            if day < first { first = day }
            if day > last { last = day }
            orders &+= 1
            spend &+= net
            if inWindow {
                frequency &+= 1
                monetary &+= net
            }
        }
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
