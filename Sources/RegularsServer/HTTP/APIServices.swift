import Foundation
import Regulars
import RegularsStore

/// What the routes share for the server's life: the store, the clock and the metrics.
public struct APIServices: Sendable {
    public let store: any ServerStore
    public let clock: @Sendable () -> Instant
    public let metrics: ServerMetrics
    public let ingestion: IngestionState
    public let pricing: PricingState
    let audit: AuditWriter
    let keys: APIKeyCache

    public init(store: any ServerStore, clock: @escaping @Sendable () -> Instant = { Instant(Date()) },
                metrics: ServerMetrics = ServerMetrics()) {
        self.store = store
        self.clock = clock
        self.metrics = metrics
        self.ingestion = IngestionState()
        self.pricing = PricingState()
        self.audit = AuditWriter(store: store)
        self.keys = APIKeyCache(store: store, clock: clock)
    }
}
