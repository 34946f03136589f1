/// The days each customer bought each product on, as of a moment: the lines of purchases made at or before it,
/// bucketed by product (a SKU, or the SKU's category) and sorted by (customer, day) inside each bucket, so that one
/// forward read per bucket walks every customer's purchase days of that product in order.
///
/// Each line is one `Int64` key, `customer << 32 | day code`; the day code is `2³² − 1 − (as-of day − day)`, so it
/// grows with the day and needs no pass to find the earliest one (days more than 2³² − 1 days back are clamped).
struct ProductPurchaseDays {
    let asOfDay: Int64
    /// The keys of product `g` are `keys[offsets[g] ..< offsets[g + 1]]`.
    private(set) var offsets: [Int]
    private(set) var keys: [Int64]

    var productCount: Int { offsets.count - 1 }

    /// Buckets the lines of `columns` by SKU (`categoryOfSku == nil`) or by `categoryOfSku[sku]` (negative or
    /// missing: left out), counting `productCount` products; with `customer`, only that customer's lines.
    init(columns: ShopColumns, asOfLocalSeconds asOf: Int64, productCount: Int, categoryOfSku: [Int32]? = nil,
         customer only: Int32? = nil) {
        asOfDay = LocalTime.day(asOf)
        let purchases = columns.purchases
        let customerCount = purchases.customerCount, purchaseCount = purchases.count
        let skuCount = columns.skuNames.count
        let lineCount = min(columns.lineOrder.count, columns.lineSku.count)
        let asOfDay = asOfDay

        // The product of each line, or −1 when the line does not count.
        var productOfLine = [Int32](repeating: -1, count: lineCount)
        var offsets = [Int](repeating: 0, count: productCount + 1)
        columns.lineOrder.withUnsafeBufferPointer { lineOrder in
        columns.lineSku.withUnsafeBufferPointer { lineSku in
        purchases.customer.withUnsafeBufferPointer { customers in
        purchases.localSeconds.withUnsafeBufferPointer { times in
            for l in 0 ..< lineCount {
                let p = Int(lineOrder[l]), sku = Int(lineSku[l])
                guard p >= 0, p < purchaseCount, times[p] <= asOf, sku >= 0, sku < skuCount else { continue }
                let c = customers[p]
                guard c >= 0, Int(c) < customerCount, only == nil || only == c else { continue }
                var product = sku
                if let categoryOfSku { product = sku < categoryOfSku.count ? Int(categoryOfSku[sku]) : -1 }
                guard product >= 0, product < productCount else { continue }
                productOfLine[l] = Int32(product)
                offsets[product + 1] += 1
            }
        }}}}
        for g in 0 ..< productCount { offsets[g + 1] += offsets[g] }

        var keys = [Int64](repeating: 0, count: offsets[productCount])
        var next = offsets
        columns.lineOrder.withUnsafeBufferPointer { lineOrder in
        purchases.customer.withUnsafeBufferPointer { customers in
        purchases.localSeconds.withUnsafeBufferPointer { times in
            for l in 0 ..< lineCount where productOfLine[l] >= 0 {
                let g = Int(productOfLine[l]), p = Int(lineOrder[l])
                let back = min(asOfDay - LocalTime.day(times[p]), Int64(UInt32.max))
                keys[next[g]] = Int64(customers[p]) << 32 | (Int64(UInt32.max) - back)
                next[g] += 1
            }
        }}}
        keys.withUnsafeMutableBufferPointer { keys in
            for g in 0 ..< productCount {
                let range = offsets[g] ..< offsets[g + 1]
                guard range.count > 1 else { continue }
                if range.count > 4_096 {
                    let sorted = IntegerSort.ascending(Array(keys[range]))
                    for (k, key) in zip(range, sorted) { keys[k] = key }
                } else {
                    var bucket = UnsafeMutableBufferPointer(rebasing: keys[range])
                    bucket.sort()
                }
            }
        }
        self.offsets = offsets
        self.keys = keys
    }

    /// Calls `body` once per customer who bought product `g`, in customer order, with the number of distinct days
    /// they bought it on, the last of those days, and the days between consecutive ones (ascending by day, not sorted
    /// by length; valid only during the call).
    func forEachBuyer(of g: Int, scratch: inout [Int64],
                      _ body: (_ customer: Int32, _ days: Int, _ lastDay: Int64, _ intervals: ArraySlice<Int64>) -> Void) {
        var k = offsets[g]
        let end = offsets[g + 1]
        while k < end {
            let customer = keys[k] >> 32
            scratch.removeAll(keepingCapacity: true)
            var previous = keys[k] & 0xFFFF_FFFF
            var days = 1
            k += 1
            while k < end, keys[k] >> 32 == customer {
                let code = keys[k] & 0xFFFF_FFFF
                if code != previous {
                    scratch.append(code - previous)
                    previous = code
                    days += 1
                }
                k += 1
            }
            body(Int32(truncatingIfNeeded: customer), days, asOfDay - (Int64(UInt32.max) - previous), scratch[...])
        }
    }
}

/// The middle of sorted values; for an even count, the mean of the two middle ones (so a cycle may end in .5).
func medianOfSorted(_ sorted: ArraySlice<Int64>) -> Double {
    let n = sorted.count, start = sorted.startIndex
    precondition(n > 0, "the median of no values")
    return n % 2 == 1 ? Double(sorted[start + n / 2])
        : (Double(sorted[start + n / 2 - 1]) + Double(sorted[start + n / 2])) / 2
}
