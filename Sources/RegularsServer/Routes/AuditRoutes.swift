import Foundation
import Hummingbird
import RegularsStore

/// The audit log (admin): every state change made over the API.
enum AuditRoutes {
    static let routes: [APIRoute] = [
        APIRoute(.get, "/v1/audit", .admin, operation: "audit.list", summary: "State changes, newest first",
                 parameters: [
                    .query("before", .int(min: 1), "Entries older than this entry id (the next page)"),
                    .query("limit", .int(min: 1, max: 1000), "At most this many (default 100)"),
                    .query("action", .string(minLength: 1), "Only this action, e.g. coupons.redeem"),
                 ],
                 responses: [APIResponseDoc(200, "Entries", .object(["entries": .array(.ref("AuditEntry")), "next": .int],
                                                                    required: ["entries"]))]) { call in
            let limit = try call.query("limit", default: 100, in: 1...1000)
            let before = call.query("before").flatMap { Int64($0) }  // checked against its schema by the dispatch
            let entries = try await call.store.auditEntries(before: before, limit: limit, action: call.query("action"))
            return try .json(AuditPage(entries: entries, next: entries.count == limit ? entries.last?.id : nil))
        },
    ]

    static let schemas: [String: Schema] = [
        "AuditEntry": .object([
            "id": .int, "at": .instant, "keyID": .int, "keyName": .string(), "role": .string(), "action": .string(),
            "target": .string(), "status": .int,
        ], required: ["id", "at", "keyName", "role", "action", "target", "status"]),
    ]

    struct AuditPage: Encodable {
        var entries: [AuditEntry]
        var next: Int64?
    }
}
