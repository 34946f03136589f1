@testable import Regulars

/// Builds small `ShopColumns` by hand for the audience tests: names are interned as they come.
struct AudienceShopBuilder {
    private(set) var columns: ShopColumns
    private var skus = NameTable(), categories = NameTable(), channels = NameTable(), regions = NameTable()
    private var tags = NameTable()
    private var categoryOfSku: [Int32: Int32] = [:]

    init(customers: Int) {
        columns = ShopColumns(customerCount: customers)
        for c in 0 ..< customers { columns.customerIDs[c] = Int64(c + 1) }
    }

    mutating func sku(_ name: String, category: String? = nil) {
        let sku = skus.index(name)
        if let category { categoryOfSku[sku] = categories.index(category) }
    }

    /// A purchase of `skus` (one line each) for `net` fen.
    mutating func buy(_ customer: Int, at seconds: Int64, fen net: Int64 = 10_000, skus names: [String] = [],
                      channel: String = "tmall", discounted: Bool = false) {
        let purchase = Int32(columns.purchases.count)
        columns.purchases.append(customer: Int32(customer), localSeconds: seconds, net: net)
        columns.purchaseChannel.append(UInt8(channels.index(channel)))
        columns.purchaseDiscounted.append(discounted)
        for name in names {
            columns.lineOrder.append(purchase)
            columns.lineSku.append(skus.index(name))
        }
    }

    mutating func event(_ customer: Int, _ type: EventType, sku: String?, at seconds: Int64, duration: Int32 = -1) {
        columns.eventCustomer.append(Int32(customer))
        columns.eventType.append(type)
        columns.eventSku.append(sku.map { skus.index($0) } ?? -1)
        columns.eventLocalSeconds.append(seconds)
        columns.eventDurationSeconds.append(duration)
    }

    mutating func tag(_ customer: Int, _ name: String) {
        columns.tagCustomer.append(Int32(customer))
        columns.tagOfPair.append(tags.index(name))
    }

    mutating func region(_ customer: Int, province: String?, city: String?) {
        columns.province[customer] = province.map { regions.index($0) } ?? -1
        columns.city[customer] = city.map { regions.index($0) } ?? -1
    }

    mutating func birthday(_ customer: Int, month: Int, day: Int) {
        columns.birthday[customer] = UInt16(month * 100 + day)
    }

    /// The columns with the name tables filled in.
    var built: ShopColumns {
        var result = columns
        result.skuNames = skus.names
        result.categoryNames = categories.names
        result.channelNames = channels.names
        result.regionNames = regions.names
        result.tagNames = tags.names
        result.skuCategory = (0 ..< skus.names.count).map { categoryOfSku[Int32($0)] ?? -1 }
        return result
    }

    func segments(asOf: Int64) -> SegmentTable {
        SegmentTable(purchases: columns.purchases, asOfLocalSeconds: asOf, settings: SegmentationSettings())
    }

    func context(asOf: Int64) -> AudienceContext {
        AudienceContext(columns: built, segments: segments(asOf: asOf), asOfLocalSeconds: asOf)
    }
}

/// Local seconds of `2024-06-30` or `2024-06-30 18:00:00`.
func localSeconds(_ text: String) -> Int64 {
    let parts = text.split(separator: " ")
    let date = parts[0].split(separator: "-").map { Int($0)! }
    var seconds = CivilDate(year: date[0], month: date[1], day: date[2]).daysSinceEpoch * 86_400
    if parts.count > 1 {
        let time = parts[1].split(separator: ":").map { Int64($0)! }
        seconds += time[0] * 3600 + time[1] * 60 + (time.count > 2 ? time[2] : 0)
    }
    return seconds
}

extension AudienceContext {
    /// The members of a query's audience, for `#expect(context.members("…") == [0, 2])`.
    func members(_ text: String) throws -> [Int32] {
        try evaluate(AudienceQuery(parsing: text)).indexes
    }
}
