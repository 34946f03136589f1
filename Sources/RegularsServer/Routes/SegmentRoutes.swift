import Foundation
import Hummingbird
import Regulars
import RegularsStore

/// Segments (SEG-1 … SEG-6): the stored summary, a full recompute, the flow matrix between two moments and who moved.
enum SegmentRoutes {
    static let routes: [APIRoute] = [
        APIRoute(.get, "/v1/segments", .read, operation: "segments.summary",
                 summary: "The value pyramid, the eight RFM classes and the lifecycle stages with their counts",
                 responses: [
                    APIResponseDoc(200, "The counts as of the last computation", .ref("SegmentSummary")),
                    APIResponseDoc(404, "Segments were never computed", .ref("Problem"), contentType: "application/problem+json"),
                 ]) { call in
            let settings = try await call.settings()
            guard let summary = try await call.store.storedSegmentSummary(calendar: settings.calendar,
                                                                           windowDays: settings.segmentation.rfmWindowDays) else {
                throw Problem.notFound("segments were never computed: POST /v1/segments/recompute")
            }
            return try .json(SegmentSummaryBody(summary))
        },
        APIRoute(.post, "/v1/segments/recompute", .write, operation: "segments.recompute",
                 summary: "Recomputes every customer's segments (new quantile boundaries), records every move, re-applies tag rules",
                 responses: [APIResponseDoc(200, "What the computation wrote", .ref("SegmentRunReport"))]) { call in
            let report = try await SegmentRecompute.full(call.store, settings: try await call.settings(), now: call.now)
            return try .json(report, target: "segments")
        },
        APIRoute(.get, "/v1/segments/flow", .read, operation: "segments.flow",
                 summary: "How many customers went from each segment at one moment to each segment at another",
                 parameters: [
                    .query("dimension", .oneOf(["class", "pyramid", "lifecycle"]), "Which segments (default pyramid)"),
                    .query("from", .string(minLength: 1), "The first moment: a date (its start, shop time) or a moment", required: true),
                    .query("to", .string(minLength: 1), "The second moment (default: now)"),
                 ],
                 responses: [APIResponseDoc(200, "The non-empty cells of the matrix", .ref("SegmentFlow"))]) { call in
            let dimension = try SegmentQuery.dimension(call, allowingTags: false)
            let calendar = try await call.settings().calendar
            let from = try SegmentQuery.moment(call, "from", calendar: calendar, required: true)!
            let to = try SegmentQuery.moment(call, "to", calendar: calendar) ?? call.now
            guard from <= to else { throw Problem.invalid(at: "from", "from (\(from)) is after to (\(to))") }
            let cells = try await call.store.segmentFlow(dimension, from: from, to: to)
            return try .json(SegmentFlowBody(cells, dimension: dimension, from: from, to: to))
        },
        APIRoute(.get, "/v1/segments/moves", .read, operation: "segments.moves",
                 summary: "Who moved between segments in a period, e.g. from 潜力 to 王者 this month",
                 parameters: [
                    .query("dimension", .oneOf(["class", "pyramid", "lifecycle", "tag"]), "Which segments (default pyramid)"),
                    .query("from", .string(minLength: 1), "Only moves out of this segment (code or Chinese name)"),
                    .query("to", .string(minLength: 1), "Only moves into this segment"),
                    .query("since", .string(minLength: 1), "From this moment: a date (its start, shop time) or a moment", required: true),
                    .query("until", .string(minLength: 1), "Until this moment, exclusive (default: now)"),
                    .query("limit", .int(min: 1, max: 10_000), "At most this many moves, the earliest (default 1,000)"),
                 ],
                 responses: [APIResponseDoc(200, "The moves, earliest first", .ref("SegmentMoves"))]) { call in
            let dimension = try SegmentQuery.dimension(call, allowingTags: true)
            let limit = try call.query("limit", default: 1_000, in: 1...10_000)
            let calendar = try await call.settings().calendar
            let since = try SegmentQuery.moment(call, "since", calendar: calendar, required: true)!
            let until = try SegmentQuery.moment(call, "until", calendar: calendar) ?? call.now + 1
            let moves = try await call.store.segmentMoves(dimension, from: try SegmentQuery.value(call, "from", of: dimension),
                                                          to: try SegmentQuery.value(call, "to", of: dimension),
                                                          since: since, until: until)
            return try .json(SegmentMovesBody(total: moves.count, moves: Array(moves.prefix(limit))))
        },
    ]

    static let schemas: [String: Schema] = [
        "SegmentSummary": SegmentSummaryBody.schema,
        "SegmentRunReport": .object([
            "full": .boolean, "customers": .int(min: 0), "rowsChanged": .int(min: 0), "historyRows": .int(min: 0),
            "ruleTagsAdded": .int(min: 0), "ruleTagsRemoved": .int(min: 0),
        ], required: ["full", "customers", "rowsChanged", "historyRows", "ruleTagsAdded", "ruleTagsRemoved"]),
        "SegmentFlow": SegmentFlowBody.schema,
        "SegmentMoves": SegmentMovesBody.schema,
        "SegmentMove": .object([
            "customerID": .int(min: 1), "dimension": .oneOf(SegmentDimension.allCases.map(\.rawValue)),
            "from": .string("Absent: entering (for tags: added)"), "to": .string("Absent: leaving (for tags: removed)"),
            "at": .instant,
        ], required: ["customerID", "dimension", "at"]),
    ]
}

/// Reading the segment routes' query parameters.
enum SegmentQuery {
    static func dimension(_ call: APICall, allowingTags: Bool) throws -> SegmentDimension {
        guard let text = call.query("dimension") else { return .pyramid }
        guard let dimension = SegmentDimension(naming: text), allowingTags || dimension != .tag else {
            throw Problem.invalid(at: "dimension", "'\(text)' is not class, pyramid\(allowingTags ? ", lifecycle or tag" : " or lifecycle")")
        }
        return dimension
    }

    /// A moment given as a date (its start, shop time) or a moment.
    static func moment(_ call: APICall, _ name: String, calendar: ShopCalendar, required: Bool = false) throws -> Instant? {
        guard let text = call.query(name) else {
            if required { throw Problem.invalid(at: name, "\(name) is required: a date like 2026-11-01 or a moment") }
            return nil
        }
        guard let instant = calendar.rangeStart(text) else {
            throw Problem.invalid(at: name, "'\(text)' is not a date like 2026-11-01, 2026-11-01 08:00:00 or 2026-11-01T00:00:00Z")
        }
        return instant
    }

    /// A segment named in English or Chinese, as the store keeps it.
    static func value(_ call: APICall, _ name: String, of dimension: SegmentDimension) throws -> String? {
        guard let text = call.query(name) else { return nil }
        guard let value = dimension.storedValue(naming: text) else {
            throw Problem.invalid(at: name, "'\(text)' is not a \(dimension.rawValue) value")
        }
        return value
    }
}
