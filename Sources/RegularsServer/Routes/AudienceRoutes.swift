import Foundation
import HTTPTypes
import Hummingbird
import Regulars
import RegularsStore

/// Saved audiences in the audience language (SEG-7): save, read, delete, count, page through, export, and count a
/// definition without saving it. Members are masked for analysts.
enum AudienceRoutes {
    static let name = APIParameter.path("name", .string(minLength: 1), "The saved audience's name")

    static let routes: [APIRoute] = [
        APIRoute(.get, "/v1/audiences", .read, operation: "audiences.list", summary: "The saved audiences, by name",
                 responses: [APIResponseDoc(200, "The audiences", .object(["audiences": .array(.ref("SavedAudience"))],
                                                                          required: ["audiences"]))]) { call in
            try .json(["audiences": try await call.store.audiences()])
        },
        APIRoute(.post, "/v1/audiences", .write, operation: "audiences.save",
                 summary: "Saves an audience, or replaces the definition of the one with that name, and counts it",
                 body: .object(["name": .string(minLength: 1, maxLength: 100),
                                "definition": .string(minLength: 1, maxLength: 4_000, "In the audience language, e.g. pyramid = 潜力 and bought category:口红 within 90d")],
                               required: ["name", "definition"]),
                 responses: [APIResponseDoc(201, "Saved as a new audience", .ref("AudienceWithCount")),
                             APIResponseDoc(200, "An existing audience's definition replaced", .ref("AudienceWithCount"))]) { call in
            let request = try call.decode(AudienceSaveRequest.self)
            try AudienceDefinition.checkName(request.name)
            let query = try AudienceDefinition.parse(request.definition)
            let existed = try await call.store.audience(named: request.name) != nil
            let saved = try await call.store.saveAudience(name: request.name, definition: query.canonical, at: call.now)
            let customers = try await AudienceDefinition.snapshot(call).context.evaluate(query).count
            return try .json(AudienceWithCount(audience: saved, customers: customers), status: existed ? .ok : .created,
                             target: "audience:\(saved.name)")
        },
        APIRoute(.post, "/v1/audiences/preview", .read, operation: "audiences.preview",
                 summary: "Counts a definition without saving it (changes nothing), with each part's count",
                 body: .object(["definition": .string(minLength: 1, maxLength: 4_000, "In the audience language")],
                               required: ["definition"]),
                 responses: [APIResponseDoc(200, "The definition as understood and counted", .ref("AudiencePreview"))]) { call in
            let query = try AudienceDefinition.parse(try call.decode(AudienceDefinitionRequest.self).definition)
            let context = try await AudienceDefinition.snapshot(call).context
            let parts = context.explain(query).map {
                AudiencePreviewBody.Part(depth: $0.depth, description: $0.description, customers: $0.count, notes: $0.notes)
            }
            return try .json(AudiencePreviewBody(definition: query.canonical, customers: context.evaluate(query).count,
                                                 asOf: call.now, parts: parts))
        },
        APIRoute(.get, "/v1/audiences/:name", .read, operation: "audiences.get", summary: "A saved audience",
                 parameters: [name],
                 responses: [APIResponseDoc(200, "The audience", .ref("SavedAudience"))]) { call in
            try .json(try await AudienceDefinition.saved(call, name: try call.path("name")).0)
        },
        APIRoute(.delete, "/v1/audiences/:name", .write, operation: "audiences.delete", summary: "Deletes a saved audience",
                 parameters: [name], responses: [APIResponseDoc(204, "Deleted", nil)]) { call in
            let name = try call.path("name")
            guard try await call.store.deleteAudience(named: name) else { throw Problem.notFound("no saved audience named '\(name)'") }
            return .noContent(target: "audience:\(name)")
        },
        APIRoute(.get, "/v1/audiences/:name/count", .read, operation: "audiences.count",
                 summary: "How many customers a saved audience has now", parameters: [name],
                 responses: [APIResponseDoc(200, "The count", .ref("AudienceCount"))]) { call in
            let (saved, query) = try await AudienceDefinition.saved(call, name: try call.path("name"))
            let customers = try await AudienceDefinition.snapshot(call).context.evaluate(query).count
            return try .json(AudienceCountBody(name: saved.name, definition: saved.definition, customers: customers, asOf: call.now))
        },
        APIRoute(.get, "/v1/audiences/:name/members", .read, operation: "audiences.members",
                 summary: "A page of a saved audience's customers, ascending by id, with their segments (masked for analysts)",
                 parameters: [
                    name,
                    .query("page", .int(min: 1, max: 1_000_000), "The page, from 1 (default 1); past the last page, no rows"),
                    .query("size", .int(min: 1, max: 1_000), "Customers per page (default 50)"),
                 ],
                 responses: [APIResponseDoc(200, "The page", .ref("AudiencePage"))]) { call in
            let page = try call.query("page", default: 1, in: 1...1_000_000)
            let size = try call.query("size", default: 50, in: 1...1_000)
            let (saved, query) = try await AudienceDefinition.saved(call, name: try call.path("name"))
            let listing = try await AudienceDefinition.snapshot(call).page(query, name: saved.name, page: page, size: size,
                                                                           store: call.store, unmask: call.seesPersonalData)
            return try .json(listing)
        },
        APIRoute(.get, "/v1/audiences/:name/export", .read, operation: "audiences.export",
                 summary: "Every customer of a saved audience as CSV (UTF-8 with BOM; masked for analysts)", parameters: [name],
                 responses: [APIResponseDoc(200, "The CSV", .string(), contentType: "text/csv")]) { call in
            let (saved, query) = try await AudienceDefinition.saved(call, name: try call.path("name"))
            let (csv, _) = try await AudienceDefinition.snapshot(call).csv(query, store: call.store, unmask: call.seesPersonalData)
            var reply = APIReply.text(csv, contentType: "text/csv; charset=utf-8")
            reply.headers.append((.contentDisposition, attachment(saved.name)))
            return reply
        },
    ]

    static let schemas: [String: Schema] = [
        "SavedAudience": .object([
            "name": .string(), "definition": .string("As understood (normalised)"), "createdAt": .instant, "updatedAt": .instant,
        ], required: ["name", "definition", "createdAt", "updatedAt"]),
        "AudienceWithCount": .object(["audience": .ref("SavedAudience"), "customers": .int(min: 0)],
                                     required: ["audience", "customers"]),
        "AudienceCount": .object(["name": .string(), "definition": .string(), "customers": .int(min: 0), "asOf": .instant],
                                 required: ["name", "definition", "customers", "asOf"]),
        "AudiencePreview": .object([
            "definition": .string("As understood (normalised)"), "customers": .int(min: 0), "asOf": .instant,
            "parts": .array(.object(["depth": .int(min: 0), "description": .string(), "customers": .int(min: 0),
                                     "notes": .array(.string())], required: ["depth", "description", "customers", "notes"])),
        ], required: ["definition", "customers", "asOf", "parts"]),
        "AudiencePage": .object([
            "name": .string(), "definition": .string(), "customers": .int(min: 0), "page": .int(min: 1), "size": .int(min: 1),
            "pages": .int(min: 0),
            "rows": .array(.object([
                "id": .int(min: 1), "name": .string("Masked for analysts"), "phone": .string("Masked for analysts"),
                "province": .string(), "city": .string(), "channels": .array(.string()),
                "pyramid": .string("The level's Chinese label"), "rfmClass": .string("The class's Chinese label"),
                "lifecycle": .string("The stage's Chinese label"), "orders": .int(min: 0), "spend": .money,
                "lastPurchase": .string(format: "date"),
            ], required: ["id", "channels", "orders", "spend"])),
        ], required: ["definition", "customers", "page", "size", "pages", "rows"]),
    ]

    /// `attachment` with the audience's name as the file's (RFC 6266; non-ASCII names percent-encoded as UTF-8).
    static func attachment(_ name: String) -> String {
        let safe = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
        let encoded = (name + ".csv").addingPercentEncoding(withAllowedCharacters: safe) ?? "audience.csv"
        return "attachment; filename=\"audience.csv\"; filename*=UTF-8''\(encoded)"
    }
}
