import Foundation
import Hummingbird
import Regulars
import RegularsStore

/// Real-time ingestion (operator): a shop's systems push orders, customers and events as they happen, one at a time
/// or up to 1,000 in a batch. Idempotent by channel and external id as an import is; a batch stores every good item
/// and rejects each bad one alone with its JSON Pointer; the customers' segments are current when it answers.
enum IngestionRoutes {
    static let batchLimit = 1_000

    static let routes: [APIRoute] = IngestionKind.allCases.flatMap { kind in [
        APIRoute(.post, "/v1/\(kind.plural)", .write, operation: "\(kind.plural).ingest",
                 summary: "Stores one \(kind.singular) (idempotent: sending it again updates it or reports it duplicate)",
                 body: .ref(kind.itemSchema),
                 responses: [APIResponseDoc(201, "Stored as new", .ref("IngestionResult")),
                             APIResponseDoc(200, "Already known: updated, or unchanged (duplicate)", .ref("IngestionResult"))]) { call in
            try await IngestionRun.single(kind, call)
        },
        APIRoute(.post, "/v1/\(kind.plural)/batch", .write, operation: "\(kind.plural).ingestBatch",
                 summary: "Stores 1 to \(batchLimit) \(kind.plural); each bad item is rejected alone with its JSON Pointer, the others are stored",
                 body: .object([kind.plural: .array(.freeObject(description: "an \(kind.itemSchema)"), max: batchLimit, min: 1)],
                               required: [kind.plural]),
                 responses: [APIResponseDoc(200, "What became of each item, and the totals", .ref("IngestionReport"))]) { call in
            try await IngestionRun.batch(kind, call)
        },
    ] }

    static let channel: Schema = .string(pattern: "^[a-z0-9_-]{1,32}$", "a channel name: tmall, jd, douyin, pdd, miniapp, pos …")
    static let account: Schema = .string(maxLength: 200, "the buyer's account on the channel")
    static let phone: Schema = .string(maxLength: 40, "a mainland mobile number; a masked one (138****5678) is shown, never matched")
    static let email: Schema = .string(maxLength: 200)
    static let unionID: Schema = .string(maxLength: 200, "a WeChat union id")
    static let text: Schema = .string(maxLength: 500)

    static let schemas: [String: Schema] = [
        "IngestOrder": .object([
            "channel": channel, "externalID": .string(minLength: 1, maxLength: 128, "the platform's order id"),
            "account": account, "phone": phone, "email": email, "unionID": unionID,
            "buyerName": text, "province": text, "city": text,
            "status": .oneOf(OrderStatus.allCases.map(\.rawValue), "as the platform reports it; refunds settle it further"),
            "createdAt": .instant, "paidAt": .instant, "amount": .money, "refunded": .money, "deposit": .money,
            "balance": .money, "discount": .money, "lines": .array(.ref("IngestOrderLine"), max: 500),
        ], required: ["channel", "externalID", "status", "amount"],
           "An order: at least one of account, phone, email or unionID names the buyer; amount is what the buyer paid"),
        "IngestOrderLine": .object([
            "sku": .string(minLength: 1, maxLength: 200), "name": text, "category": text, "brand": text,
            "quantity": .int(min: 1, max: 1_000_000), "unitPrice": .money,
            "amount": .money,
        ], required: ["sku"], "A line; lines without an amount share the rest of the order's amount by list value"),
        "IngestCustomer": .object([
            "channel": channel, "account": account, "phone": phone, "email": email, "unionID": unionID,
            "name": text, "gender": .oneOf(["female", "male", "unknown"]),
            "birthday": .string(maxLength: 40, "a date, e.g. 1990-05-17"), "province": text, "city": text,
            "registeredAt": .instant, "nickname": text, "tags": .array(.string(minLength: 1, maxLength: 100), max: 100),
            "points": .int(min: 0), "memberSince": .instant,
        ], required: ["channel"], "A customer profile: at least one of account, phone, email or unionID names them"),
        "IngestEvent": .object([
            "channel": channel, "account": account, "phone": phone, "email": email, "unionID": unionID,
            "type": .oneOf(EventType.allCases.map(\.rawValue)), "sku": .string(maxLength: 200),
            "at": .instant, "text": .string(maxLength: 1_000), "durationSeconds": .int(min: 0, max: Int64(Int32.max)),
        ], required: ["channel", "type", "at"], "A behaviour event: at least one of account, phone, email or unionID names who"),
        "IngestionResult": .object([
            "index": .int(min: 0), "externalID": .string(),
            "outcome": .oneOf(["inserted", "updated", "duplicate", "rejected"]),
            "customerID": .int(min: 1),
            "problems": .array(.object(["pointer": .string(), "detail": .string()], required: ["pointer", "detail"])),
        ], required: ["index", "outcome"], "What became of one item; problems (with their JSON Pointers) when rejected"),
        "IngestionReport": .object([
            "results": .array(.ref("IngestionResult")),
            "totals": .object(["received": .int(min: 0), "inserted": .int(min: 0), "updated": .int(min: 0),
                               "duplicate": .int(min: 0), "rejected": .int(min: 0)],
                              required: ["received", "inserted", "updated", "duplicate", "rejected"]),
        ], required: ["results", "totals"]),
    ]
}

enum IngestionKind: CaseIterable, Sendable {
    case orders, customers, events

    var plural: String {
        switch self {
        case .orders: "orders"
        case .customers: "customers"
        case .events: "events"
        }
    }

    var singular: String { String(plural.dropLast()) }

    var itemSchema: String {
        switch self {
        case .orders: "IngestOrder"
        case .customers: "IngestCustomer"
        case .events: "IngestEvent"
        }
    }
}
