import Regulars

/// Records pushed by a shop's systems as they happen (the API's ingestion routes), as opposed to files.
public struct LiveBatch: Sendable {
    public var orders: [OrderRecord]
    public var customers: [CustomerRecord]
    public var events: [EventRecord]

    public init(orders: [OrderRecord] = [], customers: [CustomerRecord] = [], events: [EventRecord] = []) {
        self.orders = orders
        self.customers = customers
        self.events = events
    }

    public var count: Int { orders.count + customers.count + events.count }
}

/// What became of one record.
public enum LiveOutcome: String, Sendable, Codable {
    case inserted, updated
    /// Already stored with the same content: nothing written.
    case duplicate
    /// Its only identifiers are shared by more accounts than the shop's limit: a customer profile or event naming
    /// nobody for sure is not kept (an order is, anonymously, and counts as inserted).
    case unidentified
}

public struct LiveRecordResult: Sendable, Equatable {
    public var outcome: LiveOutcome
    /// The customer the record belongs to after every merge the write made (nil: anonymous).
    public var customerID: Int64?

    public init(outcome: LiveOutcome, customerID: Int64?) {
        self.outcome = outcome
        self.customerID = customerID
    }
}

/// The results of one batch, record by record in the batch's order.
public struct LiveBatchResult: Sendable, Equatable {
    public var orders: [LiveRecordResult] = []
    public var customers: [LiveRecordResult] = []
    public var events: [LiveRecordResult] = []

    public init() {}
}

public protocol LiveIngestionStore: Sendable {
    /// Writes `batches` in one durable transaction, record by record (idempotent by channel and external id, as an
    /// import is), and re-scores the segments of every customer the write changed in that same transaction, so a
    /// reader sees the orders and the customers' new segments together or neither. Several callers' batches may
    /// share one transaction (group commit); a failure fails them all, and the caller may retry them one by one.
    func ingestLive(_ batches: [LiveBatch], settings: ShopSettings, at now: Instant) async throws -> [LiveBatchResult]
}
