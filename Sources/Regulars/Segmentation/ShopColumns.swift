/// Everything the audience language can ask about, as columns over dense customer indexes (`0 ..< customerCount`),
/// loaded once from a store (or built from a file) and then queried in memory (SEG-7). Names (regions, channels, SKUs,
/// categories, tags) are interned: columns hold indexes into the name arrays, −1 where unknown.
public struct ShopColumns: Sendable {
    // Customers.
    /// The store's customer id of each index (in a file-only analysis, the row of the customer's first appearance).
    public var customerIDs: [Int64] = []
    public var province: [Int32] = []
    public var city: [Int32] = []
    /// Province and city names share one table.
    public var regionNames: [String] = []
    /// `month * 100 + day`, 0 when unknown.
    public var birthday: [UInt16] = []

    // Purchases (paid orders, fully refunded ones left out), with their channel and whether a coupon or discount was used.
    public var purchases: PurchaseColumns
    public var purchaseChannel: [UInt8] = []
    public var channelNames: [String] = []
    public var purchaseDiscounted: [Bool] = []

    // Lines of those purchases.
    /// Index into the purchase columns.
    public var lineOrder: [Int32] = []
    public var lineSku: [Int32] = []
    /// Units of each line; a line past the end of this column (or not positive) counts as one unit.
    public var lineQuantity: [Int32] = []
    public var skuNames: [String] = []
    /// Category of each SKU (−1: none).
    public var skuCategory: [Int32] = []
    public var categoryNames: [String] = []

    // Behaviour events.
    public var eventCustomer: [Int32] = []
    public var eventType: [EventType] = []
    /// −1 when the event names no product.
    public var eventSku: [Int32] = []
    public var eventLocalSeconds: [Int64] = []
    /// −1 when unknown.
    public var eventDurationSeconds: [Int32] = []

    // Tags: one entry per (customer, tag) pair.
    public var tagNames: [String] = []
    public var tagCustomer: [Int32] = []
    public var tagOfPair: [Int32] = []

    public init(customerCount: Int) {
        purchases = PurchaseColumns(customerCount: customerCount)
        customerIDs = Array(repeating: 0, count: customerCount)
        province = Array(repeating: -1, count: customerCount)
        city = Array(repeating: -1, count: customerCount)
        birthday = Array(repeating: 0, count: customerCount)
    }

    public var customerCount: Int { customerIDs.count }

    /// The index of a store id; a store loads `customerIDs` in ascending order, so this is a binary search.
    public func index(ofCustomer id: Int64) -> Int? {
        var low = 0, high = customerIDs.count - 1
        while low <= high {
            let middle = (low + high) / 2
            let value = customerIDs[middle]
            if value == id { return middle }
            if value < id { low = middle + 1 } else { high = middle - 1 }
        }
        return nil
    }
}

/// Hands out dense indexes for names, first come first served.
public struct NameTable: Sendable {
    public private(set) var names: [String] = []
    private var indexes: [String: Int32] = [:]

    public init() {}

    public mutating func index(_ name: String) -> Int32 {
        if let known = indexes[name] { return known }
        let next = Int32(names.count)
        names.append(name)
        indexes[name] = next
        return next
    }

    public func lookup(_ name: String) -> Int32? { indexes[name] }
}
