import Foundation
import Hummingbird
import Regulars
import RegularsStore

/// Customers: search, the 360° view, segment history, undoing a merge, and PIPL erasure (DATA-2, DATA-3, PLAT-5).
/// Analysts see names, nicknames, phones and e-mails masked and no birthday.
enum CustomerRoutes {
    static let customerID = APIParameter.path("id", .string(pattern: "^[0-9]+$"), "The customer's id (a merged-away id answers for its survivor)")

    static let routes: [APIRoute] = [
        APIRoute(.get, "/v1/customers", .read, operation: "customers.search",
                 summary: "Customers by name, phone (or part of it), account, e-mail or id",
                 parameters: [
                    .query("q", .string(minLength: 1), "What to look for", required: true),
                    .query("limit", .int(min: 1, max: 1000), "At most this many (default 20)"),
                 ],
                 responses: [APIResponseDoc(200, "The customers found", .object(["customers": .array(.ref("CustomerSummary"))],
                                                                                required: ["customers"]))]) { call in
            let text = call.query("q")?.trimmingCharacters(in: .whitespaces) ?? ""
            guard !text.isEmpty else { throw Problem.invalid(at: "q", "give something to look for in q") }
            let limit = try call.query("limit", default: 20, in: 1...1000)
            let found = try await call.store.searchCustomers(text, limit: limit)
            let shown = call.seesPersonalData ? found : found.map { $0.masked() }
            return try .json(["customers": shown.map(CustomerSummaryBody.init)])
        },
        APIRoute(.get, "/v1/customers/:id", .read, operation: "customers.get",
                 summary: "The 360° view: identities, attributes, orders, recent activity, merges, tags and segment",
                 parameters: [customerID, .query("recent", .int(min: 0, max: 100), "How many recent orders and events (default 10)")],
                 responses: [APIResponseDoc(200, "The customer", .ref("CustomerView"))]) { call in
            let recent = try call.query("recent", default: 10, in: 0...100)
            let profile = try await existingCustomer(call, recent: recent)
            let segment = try await call.store.storedSegment(customer: profile.id, calendar: try await call.settings().calendar)
            var shown = profile
            if !call.seesPersonalData {
                shown = profile.masked()
                shown.birthday = nil
            }
            return try .json(CustomerViewBody(shown, segment: segment))
        },
        APIRoute(.get, "/v1/customers/:id/segments/history", .read, operation: "customers.segmentHistory",
                 summary: "Every move of the customer between RFM classes, pyramid levels, lifecycle stages and tags",
                 parameters: [customerID],
                 responses: [APIResponseDoc(200, "The moves, oldest first", .ref("SegmentHistory"))]) { call in
            let profile = try await existingCustomer(call, recent: 0)
            let changes = try await call.store.segmentHistory(customer: profile.id)
            return try .json(SegmentHistoryBody(customerID: profile.id, changes: changes))
        },
        APIRoute(.post, "/v1/customers/:id/merges/:merge/undo", .write, operation: "customers.unmerge",
                 summary: "Undoes one of the customer's merges: the absorbed customer gets back its identities, orders and events, and the two stay apart",
                 parameters: [customerID, .path("merge", .string(pattern: "^[0-9]+$"), "The merge's id (listed under merges in the 360° view)")],
                 responses: [APIResponseDoc(200, "The merge, now undone", .ref("CustomerMerge"))]) { call in
            let mergeID = try call.pathID("merge")
            let profile = try await existingCustomer(call, recent: 0)
            guard profile.merges.contains(where: { $0.id == mergeID }) else {
                throw Problem.notFound("customer \(profile.id) has no merge \(mergeID)")
            }
            let undone = try await call.store.unmerge(mergeID, at: call.now)
            return try .json(CustomerMergeBody(undone), target: "merge:\(mergeID)")
        },
        APIRoute(.delete, "/v1/customers/:id", .admin, operation: "customers.erase",
                 summary: "PIPL erasure: removes the customer's personal data and keeps their orders anonymised, so totals stay right",
                 parameters: [customerID],
                 responses: [APIResponseDoc(200, "What was removed", .ref("ErasureReport"))]) { call in
            let id = try call.pathID("id")
            guard let report = try await call.store.eraseCustomer(id, at: call.now) else {
                throw try await missing(id, store: call.store)
            }
            return try .json(report, target: "customer:\(id)")
        },
    ]

    static let schemas: [String: Schema] = [
        "CustomerView": CustomerViewBody.schema,
        "CustomerIdentity": .object([
            "kind": .oneOf(IdentifierKind.allCases.map(\.rawValue)), "channel": .string(), "value": .string(),
            "display": .string(),
        ], required: ["kind", "value"], "A phone, e-mail, WeChat union id or channel account (accounts name their channel)"),
        "CustomerMerge": .object([
            "id": .int(min: 1), "survivor": .int(min: 1), "absorbed": .int(min: 1), "reason": .ref("CustomerIdentity"),
            "mergedAt": .instant, "undoneAt": .instant,
        ], required: ["id", "survivor", "absorbed", "reason", "mergedAt"]),
        "CustomerSummary": .object([
            "id": .int(min: 1), "name": .string(), "phone": .string(), "channels": .array(.string()),
            "orderCount": .int(min: 0), "total": .money, "lastOrderAt": .instant,
        ], required: ["id", "channels", "orderCount", "total"]),
        "SegmentHistory": .object([
            "customerID": .int(min: 1),
            "changes": .array(.object([
                "dimension": .oneOf(SegmentDimension.allCases.map(\.rawValue)), "from": .string(), "to": .string(),
                "at": .instant,
            ], required: ["dimension", "at"], "A move: no from is entering, no to is leaving (a tag added, removed)")),
        ], required: ["customerID", "changes"]),
        "ErasureReport": .object([
            "customerID": .int(min: 1), "erasedIDs": .array(.int(min: 1), min: 1), "erasedAt": .instant,
            "removed": .object([
                "customers": .int(min: 0), "identities": .int(min: 0), "ordersAnonymised": .int(min: 0),
                "events": .int(min: 0), "tags": .int(min: 0), "segments": .int(min: 0), "segmentHistory": .int(min: 0),
                "merges": .int(min: 0), "coupons": .int(min: 0), "redemptionsAnonymised": .int(min: 0),
                "newCustomerClaims": .int(min: 0), "storedAnswers": .int(min: 0), "importRejectionsScrubbed": .int(min: 0),
            ], required: ["customers", "identities", "ordersAnonymised", "events", "tags", "segments", "segmentHistory",
                          "merges", "coupons", "redemptionsAnonymised", "newCustomerClaims", "storedAnswers",
                          "importRejectionsScrubbed"]),
        ], required: ["customerID", "erasedIDs", "erasedAt", "removed"],
           "What one erasure removed, by kind of record; orders stay without their buyer"),
    ]

    /// The customer the path's id ends up in after merges, or a 404 that says whether it was erased.
    static func existingCustomer(_ call: APICall, recent: Int) async throws -> CustomerProfile {
        let id = try call.pathID("id")
        guard let profile = try await call.store.customerProfile(.id(id), recentLimit: recent) else {
            throw try await missing(id, store: call.store)
        }
        return profile
    }

    static func missing(_ id: Int64, store: any ServerStore) async throws -> Problem {
        guard let erasure = try await store.erasure(of: id) else { return .notFound("no customer \(id)") }
        return Problem(.notFound, type: "urn:regulars:problem:erased", title: "Erased",
                       detail: "customer \(id) was erased at \(erasure.erasedAt) (PIPL); their personal data is gone")
    }
}
