import Regulars

/// The store loaded once for audience queries: columns, everyone's segments as of `now`, and the query context.
public struct AudienceSnapshot: Sendable {
    public let columns: ShopColumns
    public let segments: SegmentTable
    public let context: AudienceContext
    public let now: Instant

    public static func load(_ store: any SegmentStore, settings: ShopSettings, now: Instant) async throws -> AudienceSnapshot {
        let calendar = settings.calendar
        let columns = try await store.loadShopColumns(calendar: calendar, detail: true)
        let asOf = calendar.localSeconds(now)
        let segments = SegmentTable(purchases: columns.purchases, asOfLocalSeconds: asOf, settings: settings.segmentation)
        return AudienceSnapshot(columns: columns, segments: segments,
                                context: AudienceContext(columns: columns, segments: segments, asOfLocalSeconds: asOf),
                                now: now)
    }

    /// Store ids of the matching customers, ascending by index (= by id).
    public func members(_ query: AudienceQuery) -> [Int64] {
        context.evaluate(query).indexes.map { columns.customerIDs[Int($0)] }
    }

    /// The customer's index for an id (the columns hold ids in ascending order).
    public func index(of id: Int64) -> Int? {
        var low = 0, high = columns.customerIDs.count - 1
        while low <= high {
            let middle = (low + high) / 2
            let value = columns.customerIDs[middle]
            if value == id { return middle }
            if value < id { low = middle + 1 } else { high = middle - 1 }
        }
        return nil
    }
}
