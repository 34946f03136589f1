import Foundation
import Regulars
import RegularsStore

/// What one item became, as the API answers it.
struct IngestionResult: Encodable, Sendable {
    var index: Int
    var externalID: String?
    var outcome: String
    var customerID: Int64?
    var problems: [FieldProblem]?
}

struct IngestionTotals: Encodable, Sendable {
    var received = 0
    var inserted = 0
    var updated = 0
    var duplicate = 0
    var rejected = 0

    mutating func count(_ outcome: String) {
        switch outcome {
        case "inserted": inserted += 1
        case "updated": updated += 1
        case "duplicate": duplicate += 1
        default: rejected += 1
        }
    }
}

struct IngestionReport: Encodable, Sendable {
    var results: [IngestionResult]
    var totals: IngestionTotals
}

/// Runs an ingestion request: reads each item into its record (or its problems), stores the good ones through the
/// group commit, counts them in the metrics and answers item by item.
enum IngestionRun {
    static func batch(_ kind: IngestionKind, _ call: APICall) async throws -> APIReply {
        guard let items = call.json?[kind.plural]?.arrayValue else { throw Problem.invalid(at: "/\(kind.plural)", "missing") }
        let calendar = try await call.settings().calendar
        var results: [IngestionResult?] = Array(repeating: nil, count: items.count)
        var read = ReadItems()
        for (index, item) in items.enumerated() {
            let pointer = "/\(kind.plural)/\(index)"
            var validator = SchemaValidator(components: RouteTable.components)
            validator.check(item, against: .ref(kind.itemSchema), at: pointer)
            guard validator.problems.isEmpty, case .object(let fields) = item else {
                results[index] = rejected(index, item, validator.problems)
                continue
            }
            if let problems = read.add(kind, fields, at: pointer, index: index, calendar: calendar) {
                results[index] = rejected(index, item, problems)
            }
        }
        let stored = try await write(kind, read, call)
        for (position, index) in read.indexes.enumerated() {
            results[index] = result(kind, stored[position], index: index, item: items[index], at: "/\(kind.plural)/\(index)")
        }
        var totals = IngestionTotals()
        totals.received = items.count
        for result in results { totals.count(result!.outcome) }
        count(kind, totals, call)
        return try .json(IngestionReport(results: results.map { $0! }, totals: totals),
                         target: "\(kind.plural):batch of \(items.count)")
    }

    static func single(_ kind: IngestionKind, _ call: APICall) async throws -> APIReply {
        guard case .object(let fields)? = call.json else { throw Problem.invalid(at: "", "expected an object") }
        var read = ReadItems()
        if let problems = read.add(kind, fields, at: "", index: 0, calendar: try await call.settings().calendar) {
            throw Problem.invalid(problems, detail: "the \(kind.singular) was not stored: \(problems[0].detail)")
        }
        let answer = result(kind, try await write(kind, read, call)[0], index: 0, item: .object(fields), at: "")
        if let problems = answer.problems {
            throw Problem.invalid(problems, detail: "the \(kind.singular) was not stored: \(problems[0].detail)")
        }
        var totals = IngestionTotals()
        totals.count(answer.outcome)
        count(kind, totals, call)
        let target = answer.customerID.map { "customer:\($0)" } ?? kind.singular
        return try .json(answer, status: answer.outcome == "inserted" ? .created : .ok,
                         target: kind == .orders ? "order:\(fields["channel"]?.stringValue ?? ""):\(answer.externalID ?? "")" : target)
    }

    /// The records read so far and where each came from in the request.
    struct ReadItems {
        var batch = LiveBatch()
        var indexes: [Int] = []

        /// Reads one item; its problems when it cannot be stored.
        mutating func add(_ kind: IngestionKind, _ fields: [String: JSONValue], at pointer: String, index: Int,
                          calendar: ShopCalendar) -> [FieldProblem]? {
            switch kind {
            case .orders:
                switch IngestionRecords.order(fields, at: pointer, calendar: calendar) {
                case .success(let order): batch.orders.append(order)
                case .failure(let rejection): return rejection.problems
                }
            case .customers:
                switch IngestionRecords.customer(fields, at: pointer, calendar: calendar) {
                case .success(let customer): batch.customers.append(customer)
                case .failure(let rejection): return rejection.problems
                }
            case .events:
                switch IngestionRecords.event(fields, at: pointer, calendar: calendar) {
                case .success(let event): batch.events.append(event)
                case .failure(let rejection): return rejection.problems
                }
            }
            indexes.append(index)
            return nil
        }
    }

    private static func write(_ kind: IngestionKind, _ read: ReadItems, _ call: APICall) async throws -> [LiveRecordResult] {
        guard read.batch.count > 0 else { return [] }
        let result = try await call.services.metrics.timeStore("ingest.\(kind.plural)") {
            try await call.services.ingestion.write(read.batch, store: call.store, at: call.now)
        }
        switch kind {
        case .orders: return result.orders
        case .customers: return result.customers
        case .events: return result.events
        }
    }

    private static func result(_ kind: IngestionKind, _ stored: LiveRecordResult, index: Int, item: JSONValue,
                               at pointer: String) -> IngestionResult {
        guard stored.outcome != .unidentified else {
            return rejected(index, item, [FieldProblem(
                pointer: pointer, detail: "its identifiers are each shared by more accounts than the shop's limit, so they name nobody for sure; the \(kind.singular) was not stored")])
        }
        return IngestionResult(index: index, externalID: item["externalID"]?.stringValue, outcome: stored.outcome.rawValue,
                               customerID: stored.customerID)
    }

    private static func rejected(_ index: Int, _ item: JSONValue, _ problems: [FieldProblem]) -> IngestionResult {
        IngestionResult(index: index, externalID: item["externalID"]?.stringValue, outcome: "rejected", problems: problems)
    }

    private static func count(_ kind: IngestionKind, _ totals: IngestionTotals, _ call: APICall) {
        let metrics = call.services.metrics
        metrics.recordIngested(kind: kind.singular, outcome: "inserted", count: totals.inserted)
        metrics.recordIngested(kind: kind.singular, outcome: "updated", count: totals.updated)
        metrics.recordIngested(kind: kind.singular, outcome: "duplicate", count: totals.duplicate)
        metrics.recordIngested(kind: kind.singular, outcome: "rejected", count: totals.rejected)
    }
}
