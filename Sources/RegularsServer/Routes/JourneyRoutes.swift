import Foundation
import Hummingbird
import Regulars
import RegularsMessaging
import RegularsStore

/// Journeys (AUTO-1, AUTO-2): YAML definitions created, replaced, paused and resumed; a dry run for one customer;
/// the shipped templates; and each journey's report (sent … converted, revenue, lift against its holdout).
enum JourneyRoutes {
    static let idParameter = APIParameter.path("id", .string(pattern: "^[a-z0-9-]{1,64}$"), "The journey's id (a slug)")

    static let routes: [APIRoute] = [
        APIRoute(.get, "/v1/journeys", .read, operation: "journeys.list", summary: "Every journey with its state",
                 responses: [APIResponseDoc(200, "Journeys", .object(["journeys": .array(.ref("Journey"))], required: ["journeys"]))]) { call in
            try .json(JourneyList(journeys: try await call.store.journeys().map(JourneyBody.init)))
        },
        APIRoute(.get, "/v1/journey-templates", .read, operation: "journeys.templates",
                 summary: "The ready-made journeys shipped with Regulars (YAML to start from)",
                 responses: [APIResponseDoc(200, "Templates", .object(["templates": .array(.object(
                     ["id": .string(), "name": .string(), "yaml": .string()], required: ["id", "name", "yaml"]))], required: ["templates"]))]) { _ in
            let templates = try ShippedJourneys.all.map { entry in
                TemplateBody(id: entry.id, name: try JourneyFile.parse(entry.yaml).name, yaml: entry.yaml)
            }
            return try .json(TemplateList(templates: templates))
        },
        APIRoute(.post, "/v1/journeys", .write, operation: "journeys.create",
                 summary: "Creates a journey from YAML (or a shipped template by id); it starts active",
                 body: .object(["yaml": .string(minLength: 1, maxLength: 200_000, "The journey file"),
                                "template": .string(minLength: 1, maxLength: 64, "A shipped template's id instead of yaml")]),
                 responses: [APIResponseDoc(201, "Created", .ref("Journey"))]) { call in
            let request = try call.decode(JourneyRequest.self)
            let source = try source(of: request)
            let definition = try parse(source)
            if try await call.store.journey(id: definition.id) != nil {
                throw Problem.refused("journey '\(definition.id)' exists; replace it with PUT /v1/journeys/\(definition.id)")
            }
            let stored = try await call.store.saveJourney(definition, source: source, at: call.now)
            return try .json(JourneyBody(stored), status: .created, target: "journey:\(stored.id)")
        },
        APIRoute(.get, "/v1/journeys/:id", .read, operation: "journeys.get", summary: "A journey: its YAML, state and version",
                 parameters: [idParameter], responses: [APIResponseDoc(200, "The journey", .ref("Journey"))]) { call in
            try .json(JourneyBody(try await stored(call)))
        },
        APIRoute(.put, "/v1/journeys/:id", .write, operation: "journeys.replace",
                 summary: "Replaces a journey's definition (a new version; enrolled customers go on from their step)",
                 parameters: [idParameter],
                 body: .object(["yaml": .string(minLength: 1, maxLength: 200_000, "The journey file")], required: ["yaml"]),
                 responses: [APIResponseDoc(200, "Replaced", .ref("Journey"))]) { call in
            let id = try call.path("id")
            _ = try await stored(call)
            let source = try call.decode(JourneyRequest.self).yaml ?? ""
            let definition = try parse(source)
            guard definition.id == id else { throw Problem.invalid(at: "/yaml", "the file's id is '\(definition.id)', not '\(id)'") }
            return try .json(JourneyBody(try await call.store.saveJourney(definition, source: source, at: call.now)), target: "journey:\(id)")
        },
        APIRoute(.post, "/v1/journeys/:id/pause", .write, operation: "journeys.pause",
                 summary: "Pauses a journey: nobody new enters and enrolled customers wait where they are",
                 parameters: [idParameter], responses: [APIResponseDoc(200, "Paused", .ref("Journey"))]) { call in
            try await setStatus(call, .paused)
        },
        APIRoute(.post, "/v1/journeys/:id/resume", .write, operation: "journeys.resume", summary: "Resumes a paused journey",
                 parameters: [idParameter], responses: [APIResponseDoc(200, "Active", .ref("Journey"))]) { call in
            try await setStatus(call, .active)
        },
        APIRoute(.post, "/v1/journeys/:id/test", .read, operation: "journeys.test",
                 summary: "A dry run for one customer: each step as it would run now (messages rendered, the policy's answer); nothing is written",
                 parameters: [idParameter],
                 body: .object(["customerID": .int(min: 1)], required: ["customerID"]),
                 responses: [APIResponseDoc(200, "The steps", .ref("JourneyTest"))]) { call in
            let journey = try await stored(call)
            let customer = try call.decode(JourneyTestRequest.self).customerID
            let test = try await JourneyTester.run(journey.definition, customer: customer, store: call.store,
                                                   settings: try await call.settings(), now: call.now)
            return try .json(test)
        },
        APIRoute(.get, "/v1/journeys/:id/report", .read, operation: "journeys.report",
                 summary: "Per step and variant: sent, delivered, opened, clicked, converted, revenue; held back by reason; lift against the holdout",
                 parameters: [idParameter], responses: [APIResponseDoc(200, "The report", .ref("JourneyReport"))]) { call in
            let journey = try await stored(call)
            return try .json(try await JourneyReport.build(journey.definition, store: call.store, since: journey.createdAt))
        },
    ]

    static let schemas: [String: Schema] = [
        "Journey": .object([
            "id": .string(), "name": .string(), "status": .oneOf(JourneyStatus.allCases.map(\.rawValue)),
            "version": .int(min: 1), "trigger": .string("The trigger, for operators"), "steps": .int(min: 1),
            "holdoutPercent": .int(min: 0, max: 100), "watermark": .instant, "yaml": .string(),
            "createdAt": .instant, "updatedAt": .instant,
        ], required: ["id", "name", "status", "version", "trigger", "steps", "holdoutPercent", "yaml", "createdAt", "updatedAt"]),
        "JourneyTest": .object([
            "journeyID": .string(), "customerID": .int(min: 1), "holdout": .boolean,
            "steps": .array(.object(["step": .string(), "action": .string(), "outcome": .string(),
                                     "channel": .oneOf(ContactChannel.allCases.map(\.rawValue)),
                                     "subject": .string(), "body": .string(), "variant": .string()],
                                    required: ["step", "action", "outcome"])),
        ], required: ["journeyID", "customerID", "holdout", "steps"]),
        "JourneyReport": .object([
            "journeyID": .string(), "entered": .int(min: 0), "active": .int(min: 0),
            "steps": .array(.object(["step": .string(), "variant": .string(), "sent": .int(min: 0), "delivered": .int(min: 0),
                                     "opened": .int(min: 0), "clicked": .int(min: 0), "converted": .int(min: 0),
                                     "revenue": .money],
                                    required: ["step", "variant", "sent", "delivered", "opened", "clicked", "converted", "revenue"])),
            "heldBack": .freeObject(description: "Counts by reason (opted_out, no_consent, unreachable, channel_cap, global_cap, holdout)"),
            "lift": .object(["treated": .int(min: 0), "treatedConverted": .int(min: 0), "treatedRevenue": .money,
                             "holdout": .int(min: 0), "holdoutConverted": .int(min: 0), "holdoutRevenue": .money,
                             "conversionLiftPoints": .number, "relativeLift": .number, "revenuePerCustomerLift": .money],
                            required: ["treated", "treatedConverted", "treatedRevenue", "holdout", "holdoutConverted", "holdoutRevenue"]),
        ], required: ["journeyID", "entered", "active", "steps", "heldBack", "lift"]),
    ]

    private static func source(of request: JourneyRequest) throws -> String {
        switch (request.yaml, request.template) {
        case (let yaml?, nil): return yaml
        case (nil, let template?):
            guard let entry = ShippedJourneys.all.first(where: { $0.id == template }) else {
                throw Problem.invalid(at: "/template", "no shipped template '\(template)' (known: \(ShippedJourneys.all.map(\.id).joined(separator: ", ")))")
            }
            return entry.yaml
        default:
            throw Problem.invalid(at: "", "give either yaml or template")
        }
    }

    private static func parse(_ source: String) throws -> JourneyDefinition {
        do {
            return try JourneyFile.parse(source)
        } catch {
            throw Problem.invalid(at: "/yaml", error.description)
        }
    }

    private static func stored(_ call: APICall) async throws -> StoredJourney {
        let id = try call.path("id")
        guard let journey = try await call.store.journey(id: id) else { throw Problem.notFound("no journey '\(id)'") }
        return journey
    }

    private static func setStatus(_ call: APICall, _ status: JourneyStatus) async throws -> APIReply {
        let id = try call.path("id")
        guard try await call.store.setJourneyStatus(id: id, status, at: call.now), let journey = try await call.store.journey(id: id) else {
            throw Problem.notFound("no journey '\(id)'")
        }
        return try .json(JourneyBody(journey), target: "journey:\(id)")
    }

    struct JourneyRequest: Decodable {
        var yaml: String?
        var template: String?
    }

    struct JourneyTestRequest: Decodable {
        var customerID: Int64
    }

    struct JourneyList: Encodable { var journeys: [JourneyBody] }
    struct TemplateList: Encodable { var templates: [TemplateBody] }
    struct TemplateBody: Encodable {
        var id: String
        var name: String
        var yaml: String
    }
}

struct JourneyBody: Encodable {
    var id: String
    var name: String
    var status: String
    var version: Int
    var trigger: String
    var steps: Int
    var holdoutPercent: Int
    var watermark: Instant?
    var yaml: String
    var createdAt: Instant
    var updatedAt: Instant

    init(_ stored: StoredJourney) {
        id = stored.id
        name = stored.definition.name
        status = stored.status.rawValue
        version = stored.version
        trigger = TriggerEvaluator.label(stored.definition.trigger)
        steps = stored.definition.steps.count
        holdoutPercent = stored.definition.holdoutPercent
        watermark = stored.watermark
        yaml = stored.source
        createdAt = stored.createdAt
        updatedAt = stored.updatedAt
    }
}
