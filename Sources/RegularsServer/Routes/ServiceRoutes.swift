import Foundation
import Hummingbird
import Regulars

/// Health, metrics and the API's own document.
enum ServiceRoutes {
    static let routes: [APIRoute] = [
        APIRoute(.get, "/health", .open, operation: "service.health", summary: "Whether the server and its store answer",
                 responses: [APIResponseDoc(200, "Up", .object(["status": .oneOf(["ok"]), "time": .instant], required: ["status", "time"]))]) { call in
            _ = try await call.store.loadSettings()
            return try .json(Health(status: "ok", time: call.now))
        },
        APIRoute(.get, "/openapi.json", .open, operation: "service.openapi", summary: "This API's OpenAPI 3.1 document",
                 responses: [APIResponseDoc(200, "The document", .freeObject(description: "OpenAPI 3.1"))]) { _ in
            try .json(RouteTable.document)
        },
        APIRoute(.get, "/metrics", .read, operation: "service.metrics",
                 summary: "Prometheus metrics: requests and latencies by route, ingestion counts, store timings",
                 responses: [APIResponseDoc(200, "Prometheus text exposition", .string(), contentType: "text/plain")]) { call in
            .text(call.services.metrics.exposition(), contentType: "text/plain; version=0.0.4")
        },
    ]

    struct Health: Encodable {
        var status: String
        var time: Instant
    }
}
