/// The shop's columns with the indexes audience queries need, built once; `evaluate` and `explain` then answer queries
/// as of one moment. The segment table should be scored as of the same moment (numbers, classes and levels come from it).
/// Prediction conditions (`churn_risk`, `clv`, `p_alive`, `expected_purchases`) read the stored predictions, when given.
public struct AudienceContext: Sendable {
    let columns: ShopColumns
    let segments: SegmentTable
    /// The as-of moment and day, local; nothing after it counts.
    let asOf: Int64
    let asOfDay: Int64

    /// Purchase indexes of the lines of each SKU and of each category (purchases after the as-of moment left out).
    let purchasesBySku: AudienceBuckets
    let purchasesByCategory: AudienceBuckets
    /// Event indexes keyed `type × (skuCount + 1) + sku + 1` (so all events of a type are one run), and
    /// `type × categoryCount + category`.
    let eventsBySku: AudienceBuckets
    let eventsByCategory: AudienceBuckets
    let customersByTag: AudienceBuckets
    /// Who bought on each channel (index of `channelNames`), at or before the as-of moment.
    let channelBuyers: [CustomerSet]
    /// Purchases and discounted purchases of each customer, at or before the as-of moment.
    let purchaseCount: [Int32]
    let discountedCount: [Int32]
    /// Class, pyramid level and lifecycle stage as small codes: 0 for none, else 1 + the case's position.
    let classCode: [UInt8]
    let pyramidCode: [UInt8]
    let lifecycleCode: [UInt8]
    /// The stored predictions over the same customer indexes (nil: none stored, prediction conditions match no one),
    /// and each customer's churn level as a code: 0 for unscored, else 1 + the level's position.
    let predictions: CustomerPredictionColumns?
    let churnCode: [UInt8]

    let skuIndex: [String: [Int32]]
    let categoryIndex: [String: [Int32]]
    let channelIndex: [String: [Int32]]
    let regionIndex: [String: [Int32]]
    let tagIndex: [String: [Int32]]

    var customerCount: Int { columns.customerCount }
    static let eventTypes = EventType.allCases

    /// Builds whatever indexes it needs once (e.g. CSR lists of lines by SKU/category, events by type+SKU, tags); then
    /// each evaluate is fast. `predictions`, when given, must be over the same customers as `columns`.
    public init(columns: ShopColumns, segments: SegmentTable, asOfLocalSeconds: Int64,
                predictions: CustomerPredictionColumns? = nil) {
        precondition(segments.count == columns.customerCount, "the segment table and the columns count different customers")
        precondition(predictions.map { $0.count == columns.customerCount } ?? true,
                     "the predictions and the columns count different customers")
        self.columns = columns
        self.segments = segments
        asOf = asOfLocalSeconds
        asOfDay = LocalTime.day(asOfLocalSeconds)
        let n = columns.customerCount
        let purchases = columns.purchases
        let skuCount = columns.skuNames.count, categoryCount = columns.categoryNames.count
        let counted = Self.purchaseCounts(columns, asOf: asOfLocalSeconds)
        purchaseCount = counted.purchases
        discountedCount = counted.discounted
        channelBuyers = counted.channelBuyers

        // Lines in purchase order, so that each bucket lists its purchases ascending (reads that move forward).
        let lineOrder = columns.lineOrder
        let lineCount = min(lineOrder.count, columns.lineSku.count)
        let inOrder = zip(lineOrder.dropFirst(), lineOrder).allSatisfy { $0 >= $1 }
        let visit: [Int32]? = inOrder ? nil : AudienceBuckets(
            keyCount: purchases.count, count: lineCount,
            key: { let p = Int(lineOrder[$0]); return p < purchases.count ? p : -1 }, entry: { Int32($0) }).entries
        func line(_ item: Int) -> Int { visit.map { Int($0[item]) } ?? item }
        func lineKey(_ item: Int, _ key: (Int) -> Int) -> Int {
            let l = line(item), p = Int(lineOrder[l]), sku = Int(columns.lineSku[l])
            guard p >= 0, p < purchases.count, purchases.localSeconds[p] <= asOfLocalSeconds, sku >= 0, sku < skuCount
            else { return -1 }
            return key(sku)
        }
        let lineItems = visit?.count ?? lineCount
        purchasesBySku = AudienceBuckets(keyCount: skuCount, count: lineItems, key: { lineKey($0) { $0 } },
                                         entry: { lineOrder[line($0)] })
        purchasesByCategory = AudienceBuckets(keyCount: categoryCount, count: lineItems, key: {
            lineKey($0) { sku in sku < columns.skuCategory.count ? Self.valid(columns.skuCategory[sku], categoryCount) : -1 }
        }, entry: { lineOrder[line($0)] })

        let typeOf = columns.eventType.map { type in UInt8(Self.eventTypes.firstIndex(of: type) ?? 0) }
        let eventCount = min(columns.eventCustomer.count, columns.eventType.count, columns.eventSku.count,
                             columns.eventLocalSeconds.count)
        func eventSku(_ e: Int) -> Int? {
            guard columns.eventLocalSeconds[e] <= asOfLocalSeconds, columns.eventCustomer[e] >= 0,
                  Int(columns.eventCustomer[e]) < n else { return nil }
            let sku = Int(columns.eventSku[e])
            return sku >= 0 && sku < skuCount ? sku : -1
        }
        eventsBySku = AudienceBuckets(keyCount: Self.eventTypes.count * (skuCount + 1), count: eventCount, key: { e in
            guard let sku = eventSku(e) else { return -1 }
            return Int(typeOf[e]) * (skuCount + 1) + sku + 1
        }, entry: { Int32($0) })
        eventsByCategory = AudienceBuckets(keyCount: Self.eventTypes.count * categoryCount, count: eventCount, key: { e in
            guard let sku = eventSku(e), sku >= 0, sku < columns.skuCategory.count else { return -1 }
            let category = Self.valid(columns.skuCategory[sku], categoryCount)
            return category < 0 ? -1 : Int(typeOf[e]) * categoryCount + category
        }, entry: { Int32($0) })

        let tagCount = columns.tagNames.count
        customersByTag = AudienceBuckets(
            keyCount: tagCount, count: min(columns.tagCustomer.count, columns.tagOfPair.count),
            key: { i in
                let c = columns.tagCustomer[i]
                return c >= 0 && Int(c) < n ? Self.valid(columns.tagOfPair[i], tagCount) : -1
            }, entry: { columns.tagCustomer[$0] })

        classCode = segments.rfmClass.map { value in value.flatMap { RFMClass.allCases.firstIndex(of: $0) }.map { UInt8($0 + 1) } ?? 0 }
        pyramidCode = segments.pyramid.map { value in
            value.flatMap { PyramidLevel.allCases.firstIndex(of: $0) }.map { UInt8($0 + 1) } ?? 0
        }
        lifecycleCode = segments.lifecycle.map { value in
            value.flatMap { LifecycleStage.allCases.firstIndex(of: $0) }.map { UInt8($0 + 1) } ?? 0
        }

        self.predictions = predictions
        churnCode = predictions.map { predictions in
            zip(predictions.scored, predictions.churnLevel).map { scored, level in
                guard scored, let level, let position = ChurnLevel.allCases.firstIndex(of: level) else { return 0 }
                return UInt8(position + 1)
            }
        } ?? []

        skuIndex = Self.lookup(columns.skuNames)
        categoryIndex = Self.lookup(columns.categoryNames)
        channelIndex = Self.lookup(columns.channelNames.map(AudienceVocabulary.channel))
        regionIndex = Self.lookup(columns.regionNames)
        tagIndex = Self.lookup(columns.tagNames)
    }

    /// `index` when it names one of `count` names, else −1.
    private static func valid(_ index: Int32, _ count: Int) -> Int {
        index >= 0 && Int(index) < count ? Int(index) : -1
    }

    /// Every index of each name (names are normally unique; a repeated one matches all its indexes).
    private static func lookup(_ names: [String]) -> [String: [Int32]] {
        var table: [String: [Int32]] = [:]
        table.reserveCapacity(names.count)
        for (index, name) in names.enumerated() { table[name, default: []].append(Int32(index)) }
        return table
    }

    /// One pass over the purchases at or before `asOf`: counts per customer and buyers per channel.
    private static func purchaseCounts(_ columns: ShopColumns, asOf: Int64)
        -> (purchases: [Int32], discounted: [Int32], channelBuyers: [CustomerSet]) {
        let n = columns.customerCount
        var purchases = [Int32](repeating: 0, count: n), discounted = purchases
        var buyers = [[UInt64]](repeating: [UInt64](repeating: 0, count: (n + 63) / 64), count: columns.channelNames.count)
        let p = columns.purchases
        for k in 0 ..< p.count where p.localSeconds[k] <= asOf {
            let c = Int(p.customer[k])
            guard c >= 0, c < n else { continue }
            purchases[c] += 1
            if k < columns.purchaseDiscounted.count, columns.purchaseDiscounted[k] { discounted[c] += 1 }
            if k < columns.purchaseChannel.count, Int(columns.purchaseChannel[k]) < buyers.count {
                buyers[Int(columns.purchaseChannel[k])][c >> 6] |= 1 &<< UInt64(c & 63)
            }
        }
        return (purchases, discounted, buyers.map { CustomerSet(universe: n, words: $0) })
    }
}
