@testable import Regulars

/// Builds small purchase histories with product lines by hand for the next-purchase and demand tests. Days are
/// counted from `NextPurchaseHistory.day0` (a local day since 1970) so expectations read as plain day numbers.
struct NextPurchaseHistory {
    static let day0: Int64 = 20_000

    private(set) var columns: ShopColumns
    private var skus = NameTable(), categories = NameTable()
    private var categoryOfSku: [Int32: Int32] = [:]

    init(customers: Int) {
        columns = ShopColumns(customerCount: customers)
        for c in 0 ..< customers { columns.customerIDs[c] = Int64(c + 1) }
    }

    /// Local seconds of `day` (from `day0`) at `hour`.
    static func seconds(day: Int64, hour: Int64 = 12) -> Int64 { (day0 + day) * 86_400 + hour * 3_600 }

    /// The last second of `day`: the as-of moment that still counts everything bought that day.
    static func endOf(day: Int64) -> Int64 { (day0 + day + 1) * 86_400 - 1 }

    mutating func addSku(_ name: String, category: String? = nil) {
        let sku = skus.index(name)
        if let category { categoryOfSku[sku] = categories.index(category) }
    }

    /// One purchase of `lines` (SKU name, units) on `day` at `hour`.
    mutating func buy(_ customer: Int, day: Int64, hour: Int64 = 12, _ lines: [(String, Int32)]) {
        let purchase = Int32(columns.purchases.count)
        columns.purchases.append(customer: Int32(customer), localSeconds: Self.seconds(day: day, hour: hour), net: 10_000)
        for (name, units) in lines {
            columns.lineOrder.append(purchase)
            columns.lineSku.append(skus.index(name))
            columns.lineQuantity.append(units)
        }
    }

    /// One purchase of one unit of `sku` on each of `days`.
    mutating func buy(_ customer: Int, _ sku: String, onDays days: [Int64]) {
        for day in days { buy(customer, day: day, [(sku, 1)]) }
    }

    func sku(_ name: String) -> Int32 { skus.lookup(name)! }
    func category(_ name: String) -> Int32 { categories.lookup(name)! }

    var built: ShopColumns {
        var result = columns
        result.skuNames = skus.names
        result.categoryNames = categories.names
        result.skuCategory = (0 ..< skus.names.count).map { categoryOfSku[Int32($0)] ?? -1 }
        return result
    }
}
