import Regulars

/// The store loaded once for audience queries: columns, everyone's segments as of `now`, the stored predictions, and
/// the query context.
public struct AudienceSnapshot: Sendable {
    public let columns: ShopColumns
    public let segments: SegmentTable
    /// The latest stored predictions over the columns' customers; nil when the store keeps none (or none were saved).
    public let predictions: CustomerPredictionColumns?
    public let context: AudienceContext
    public let now: Instant

    public static func load(_ store: any SegmentStore, settings: ShopSettings, now: Instant) async throws -> AudienceSnapshot {
        let calendar = settings.calendar
        let columns = try await store.loadShopColumns(calendar: calendar, detail: true)
        let asOf = calendar.localSeconds(now)
        let segments = SegmentTable(purchases: columns.purchases, asOfLocalSeconds: asOf, settings: settings.segmentation)
        let predictions = try await storedPredictions(store, customerIDs: columns.customerIDs)
        return AudienceSnapshot(columns: columns, segments: segments, predictions: predictions,
                                context: AudienceContext(columns: columns, segments: segments, asOfLocalSeconds: asOf,
                                                         predictions: predictions),
                                now: now)
    }

    /// The stored predictions over `customerIDs`, when the store keeps predictions and a model was saved.
    static func storedPredictions(_ store: any SegmentStore, customerIDs: [Int64]) async throws -> CustomerPredictionColumns? {
        guard let predicting = store as? any PredictionStore, try await predicting.latestPredictionModel() != nil else { return nil }
        return try await predicting.loadPredictionColumns(customerIDs: customerIDs)
    }

    /// Store ids of the matching customers, ascending by index (= by id).
    public func members(_ query: AudienceQuery) -> [Int64] {
        context.evaluate(query).indexes.map { columns.customerIDs[Int($0)] }
    }

    /// The customer's index for an id (the columns hold ids in ascending order).
    public func index(of id: Int64) -> Int? { columns.index(ofCustomer: id) }
}
