import Foundation
import Prometheus

/// The server's Prometheus metrics: requests and their latencies by route, records ingested, store timings.
public final class ServerMetrics: Sendable {
    public let registry = PrometheusCollectorRegistry()
    private static let latencyBuckets: [Duration] = [
        .microseconds(100), .microseconds(250), .microseconds(500), .milliseconds(1), .milliseconds(2), .milliseconds(5),
        .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(250), .seconds(1), .seconds(5),
    ]

    public init() {}

    func recordRequest(route: String, method: String, status: Int, duration: Duration) {
        registry.makeCounter(descriptor: Self.requests, labels: [("route", route), ("method", method), ("status", String(status))])
            .increment()
        registry.makeDurationHistogram(descriptor: Self.requestSeconds, labels: [("route", route), ("method", method)],
                                       buckets: Self.latencyBuckets).record(duration)
    }

    /// Counts records taken in by ingestion, by kind (`order`, `customer`, `event`) and outcome (`inserted`, …).
    public func recordIngested(kind: String, outcome: String, count: Int) {
        guard count > 0 else { return }
        registry.makeCounter(descriptor: Self.ingested, labels: [("kind", kind), ("outcome", outcome)]).increment(by: Int64(count))
    }

    /// Times one store operation.
    public func timeStore<T>(_ operation: String, _ body: () async throws -> T) async rethrows -> T {
        let start = ContinuousClock.now
        defer {
            registry.makeDurationHistogram(descriptor: Self.storeSeconds, labels: [("operation", operation)],
                                           buckets: Self.latencyBuckets).record(ContinuousClock.now - start)
        }
        return try await body()
    }

    /// The Prometheus text exposition.
    public func exposition() -> String { registry.emitToString() }

    private static var requests: MetricNameDescriptor { MetricNameDescriptor(namespace: "regulars", metricName: "http_requests", unitName: "total",
                                                        helpText: "HTTP requests answered, by route, method and status") }
    private static var requestSeconds: MetricNameDescriptor { MetricNameDescriptor(namespace: "regulars", metricName: "http_request_duration",
                                                             unitName: "seconds", helpText: "Time to answer, by route and method") }
    private static var ingested: MetricNameDescriptor { MetricNameDescriptor(namespace: "regulars", metricName: "ingested_records", unitName: "total",
                                                       helpText: "Records taken in over the API, by kind and outcome") }
    private static var storeSeconds: MetricNameDescriptor { MetricNameDescriptor(namespace: "regulars", metricName: "store_operation_duration",
                                                           unitName: "seconds", helpText: "Time spent in the store, by operation") }
}
