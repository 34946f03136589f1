import Foundation
import HTTPTypes
import Hummingbird
import Regulars
import RegularsStore

/// Promotions (PROMO-1 … PROMO-3): definitions, enabling and disabling (there is no deletion: a disabled promotion
/// keeps its counters and history), and the worst-case simulator that guards cost floors.
enum PromotionRoutes {
    static let definitionBody: Schema = .freeObject(description: """
        {"id": "d11", "name": "双11 满减", "benefit": {"type": "tiered", "tiers": [{"threshold": "200", "off": "30"}]}, \
        "targeting": {"starts": "2026-11-11 00:00:00", "ends": "2026-11-12 00:00:00"}, "stacking": {"group": "shop"}}; \
        benefit types: \(Benefit.typeNames.joined(separator: ", ")); unknown fields are refused with their place
        """)
    static let force = APIParameter.query("force", .boolean, "Publish even if some stack would sell a SKU below its cost floor")
    static let idParameter = APIParameter.path("id", "The promotion's id")

    static let routes: [APIRoute] = [
        APIRoute(.get, "/v1/promotions", .read, operation: "promotions.list", summary: "Promotions with what they have given",
                 parameters: [.query("includeDisabled", .boolean, "Also list disabled promotions")],
                 responses: [APIResponseDoc(200, "The promotions", .object(["promotions": .array(.ref("Promotion"))], required: ["promotions"]))]) { call in
            let all = try flag(call, "includeDisabled")
            return try .json(["promotions": try await call.store.promotions(includeDisabled: all).map(PromotionView.init)])
        },
        APIRoute(.post, "/v1/promotions", .write, operation: "promotions.create",
                 summary: "Creates a promotion; refused when the worst-case stack sells a SKU below its cost floor, unless force",
                 parameters: [force, .query("disabled", .boolean, "Save it disabled (not checked against cost floors until enabled)")],
                 body: definitionBody,
                 responses: [APIResponseDoc(201, "The promotion", .ref("SavedPromotion"))]) { call in
            let (force, disabled) = (try flag(call, "force"), try flag(call, "disabled"))
            let offer = try OfferCoding.decodeOffer(call.body, calendar: try await call.settings().calendar)
            guard try await call.store.promotion(id: offer.id) == nil else {
                throw Problem.conflict("promotion '\(offer.id)' exists; replace it with PUT /v1/promotions/\(offer.id)")
            }
            let below = disabled ? [] : try await belowFloors(offer, force: force, call: call)
            try await call.store.savePromotion(offer, at: call.now)
            if disabled { _ = try await call.store.setPromotionEnabled(id: offer.id, false, at: call.now) }
            call.services.pricing.invalidate()
            return try await saved(offer.id, below: below, call: call, status: .created)
        },
        APIRoute(.get, "/v1/promotions/:id", .read, operation: "promotions.get", summary: "A promotion's definition, state and counters",
                 parameters: [idParameter], responses: [APIResponseDoc(200, "The promotion", .ref("Promotion"))]) { call in
            try .json(PromotionView(try await stored(call)))
        },
        APIRoute(.put, "/v1/promotions/:id", .write, operation: "promotions.replace",
                 summary: "Replaces a promotion's definition (its state and counters stay); an enabled one is checked against cost floors",
                 parameters: [idParameter, force], body: definitionBody,
                 responses: [APIResponseDoc(200, "The promotion", .ref("SavedPromotion"))]) { call in
            let force = try flag(call, "force")
            let current = try await stored(call)
            let offer = try OfferCoding.decodeOffer(call.body, calendar: try await call.settings().calendar)
            guard offer.id == current.offer.id else {
                throw Problem.invalid(at: "/id", "'\(offer.id)' is not the promotion in the path ('\(current.offer.id)')")
            }
            let below = current.enabled ? try await belowFloors(offer, force: force, call: call) : []
            try await call.store.savePromotion(offer, at: call.now)
            call.services.pricing.invalidate()
            return try await saved(offer.id, below: below, call: call, status: .ok)
        },
        APIRoute(.post, "/v1/promotions/:id/enable", .write, operation: "promotions.enable",
                 summary: "Starts a disabled promotion again, after the same cost-floor check as creating it",
                 parameters: [idParameter, force], responses: [APIResponseDoc(200, "The promotion", .ref("SavedPromotion"))]) { call in
            let force = try flag(call, "force")
            let current = try await stored(call)
            let below = try await belowFloors(current.offer, force: force, call: call)
            _ = try await call.store.setPromotionEnabled(id: current.offer.id, true, at: call.now)
            call.services.pricing.invalidate()
            return try await saved(current.offer.id, below: below, call: call, status: .ok)
        },
        APIRoute(.post, "/v1/promotions/:id/disable", .write, operation: "promotions.disable",
                 summary: "Stops a promotion (it stays listed with includeDisabled, with its counters)",
                 parameters: [idParameter], responses: [APIResponseDoc(200, "The promotion", .ref("Promotion"))]) { call in
            let current = try await stored(call)
            _ = try await call.store.setPromotionEnabled(id: current.offer.id, false, at: call.now)
            call.services.pricing.invalidate()
            return try .json(PromotionView(try await stored(call)), target: "promotion:\(current.offer.id)")
        },
        APIRoute(.get, "/v1/promotions/:id/simulation", .read, operation: "promotions.simulate",
                 summary: "The worst case: for each SKU the promotion covers, the lowest price per unit any cart reaches stacked with every active promotion and one coupon of every template",
                 parameters: [idParameter, .query("limit", .int(min: 1, max: 10_000), "Findings to return, worst first (default 100)")],
                 responses: [APIResponseDoc(200, "The findings, worst first", .ref("Simulation"))]) { call in
            let current = try await stored(call)
            let limit = try call.query("limit", default: 100, in: 1...10_000)
            let findings = try await simulate(current.offer, call: call)
            return try .json(SimulationView(promotionID: current.offer.id, belowFloor: findings.filter(\.isBelowFloor).count,
                                            findings: findings.prefix(limit).map(FindingView.init)))
        },
    ]

    static let schemas: [String: Schema] = [
        "Promotion": PromotionView.schema,
        "SavedPromotion": SavedPromotionView.schema,
        "SimulationFinding": FindingView.schema,
        "Simulation": SimulationView.schema,
    ]

    private static func stored(_ call: APICall) async throws -> StoredPromotion {
        let id = try call.path("id")
        guard let stored = try await call.store.promotion(id: id) else { throw Problem.notFound("no promotion '\(id)'") }
        return stored
    }

    private static func saved(_ id: String, below: [WorstCaseSimulator.Finding], call: APICall,
                              status: HTTPResponse.Status) async throws -> APIReply {
        guard let stored = try await call.store.promotion(id: id) else { throw Problem.notFound("no promotion '\(id)'") }
        return try .json(SavedPromotionView(promotion: PromotionView(stored), belowFloor: below.map(FindingView.init)),
                         status: status, target: "promotion:\(id)")
    }

    /// What `promo create` checks: the SKUs some stack would sell below their cost floor. Refused unless `force`.
    private static func belowFloors(_ offer: Offer, force: Bool, call: APICall) async throws -> [WorstCaseSimulator.Finding] {
        let below = try await simulate(offer, call: call).filter(\.isBelowFloor)
        if !below.isEmpty, !force {
            let examples = below.prefix(3).map { "\($0.sku) could sell at \($0.lowestUnitPrice) (floor \($0.floor ?? .zero))" }
            throw Problem.refused("\(offer.id) is not published: \(below.count) SKU(s) could be sold below their cost floor: "
                                  + examples.joined(separator: "; ")
                                  + ". Change the promotion, or publish with ?force=true (pricing stops every stack at the floor)")
        }
        return below
    }

    private static func simulate(_ offer: Offer, call: APICall) async throws -> [WorstCaseSimulator.Finding] {
        let store = call.store
        let others = try await store.promotions(includeDisabled: false).map(\.offer)
        let templates = try await store.templates().map(\.template.offer)
        return WorstCaseSimulator.simulate(offer, others: others, templates: templates, catalogue: try await store.latestProductPrices(),
                                           floors: try await store.costFloors(), now: call.now)
    }

    /// A true/false query parameter (absent: false).
    static func flag(_ call: APICall, _ name: String) throws -> Bool {
        switch call.query(name) {
        case nil, "false", "0": return false
        case "true", "1", "": return true
        case let other?: throw Problem.invalid(at: name, "'\(other)' is not true or false")
        }
    }
}
