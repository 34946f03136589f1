/// Purchases (paid orders, each once, fully refunded ones left out) as columns over dense customer indexes: the input
/// of every segmentation engine. Times are the shop's local wall-clock seconds since 1970 (`LocalTime`), so a day is
/// `localSeconds / 86 400` rounded down, whatever produced them (a store's UTC instants or a file's local dates).
public struct PurchaseColumns: Sendable {
    /// Number of customers; indexes run `0 ..< customerCount`.
    public var customerCount: Int
    public var customer: [Int32] = []
    public var localSeconds: [Int64] = []
    /// What the customer kept paying for: amount paid less refunds, in fen.
    public var net: [Int64] = []

    public init(customerCount: Int) { self.customerCount = customerCount }

    public var count: Int { customer.count }

    public mutating func append(customer index: Int32, localSeconds: Int64, net: Int64) {
        customer.append(index)
        self.localSeconds.append(localSeconds)
        self.net.append(net)
    }

    public mutating func reserveCapacity(_ n: Int) {
        customer.reserveCapacity(n)
        localSeconds.reserveCapacity(n)
        net.reserveCapacity(n)
    }
}

/// Local wall-clock seconds and days (see `PurchaseColumns`).
public enum LocalTime {
    public static func day(_ localSeconds: Int64) -> Int64 {
        localSeconds >= 0 ? localSeconds / 86_400 : (localSeconds - 86_399) / 86_400
    }

    public static func seconds(_ instant: Instant, in calendar: ShopCalendar) -> Int64 {
        calendar.localSeconds(instant)
    }
}
