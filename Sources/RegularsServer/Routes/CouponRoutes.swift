import Foundation
import HTTPTypes
import Hummingbird
import Regulars
import RegularsStore

/// Coupon templates, issuing and claiming coupons, a customer's coupons, redemption and its reversal (PROMO-4).
enum CouponRoutes {
    static let templateBody: Schema = .freeObject(description: """
        {"id": "new15", "name": "新客首单立减15", "benefit": {"type": "cash", "off": "15"}, "validity": {"days": 7}, \
        "targeting": {"first_order_only": true}, "total_limit": 10000, "per_customer_limit": 1, "budget": "50000"}; \
        validity is {"days": N} or {"from": …, "until": …}; unknown fields are refused with their place
        """)

    static let routes: [APIRoute] = [
        APIRoute(.get, "/v1/coupon-templates", .read, operation: "couponTemplates.list", summary: "Every coupon template with what it issued and gave",
                 responses: [APIResponseDoc(200, "The templates", .object(["templates": .array(.ref("CouponTemplate"))], required: ["templates"]))]) { call in
            try .json(["templates": try await call.store.templates().map(TemplateView.init)])
        },
        APIRoute(.post, "/v1/coupon-templates", .write, operation: "couponTemplates.create", summary: "Creates a coupon template",
                 body: templateBody, responses: [APIResponseDoc(201, "The template", .ref("CouponTemplate"))]) { call in
            let template = try OfferCoding.decodeTemplate(call.body, calendar: try await call.settings().calendar)
            guard try await call.store.template(id: template.id) == nil else {
                throw Problem.conflict("coupon template '\(template.id)' exists; replace it with PUT /v1/coupon-templates/\(template.id)")
            }
            return try await save(template, call: call, status: .created)
        },
        APIRoute(.get, "/v1/coupon-templates/:id", .read, operation: "couponTemplates.get", summary: "A coupon template",
                 parameters: [.path("id", "The template's id")],
                 responses: [APIResponseDoc(200, "The template", .ref("CouponTemplate"))]) { call in
            let id = try call.path("id")
            guard let stored = try await call.store.template(id: id) else { throw Problem.notFound("no coupon template '\(id)'") }
            return try .json(TemplateView(stored))
        },
        APIRoute(.put, "/v1/coupon-templates/:id", .write, operation: "couponTemplates.replace",
                 summary: "Replaces a template's definition; coupons already issued keep their validity, counters stay",
                 parameters: [.path("id", "The template's id")], body: templateBody,
                 responses: [APIResponseDoc(200, "The template", .ref("CouponTemplate"))]) { call in
            let id = try call.path("id")
            let template = try OfferCoding.decodeTemplate(call.body, calendar: try await call.settings().calendar)
            guard template.id == id else { throw Problem.invalid(at: "/id", "'\(template.id)' is not the template in the path ('\(id)')") }
            guard try await call.store.template(id: id) != nil else { throw Problem.notFound("no coupon template '\(id)'") }
            return try await save(template, call: call, status: .ok)
        },
        APIRoute(.post, "/v1/coupon-templates/:id/issue", .write, operation: "coupons.issue",
                 summary: "Issues one coupon of the template to each customer, within its limits; says why for each one refused",
                 parameters: [.path("id", "The template's id")],
                 body: .object(["customers": .array(.int(min: 1), max: 1_000, min: 1)], required: ["customers"]),
                 responses: [APIResponseDoc(200, "What was issued and what was refused", .ref("IssueReport"))]) { call in
            struct Body: Decodable { var customers: [Int64] }
            let id = try call.path("id")
            let body = try call.decode(Body.self)
            let now = call.now
            let report = try await call.store.issueCoupons(templateID: id, to: body.customers, idempotencyKey: call.idempotencyKey, at: now)
            return try .json(IssueReportView(templateID: report.templateID, issued: report.issued.map { CouponView($0, at: now) },
                                             refused: report.refused), target: "coupon-template:\(id)")
        },
        APIRoute(.post, "/v1/coupons/claim", .write, operation: "coupons.claim", summary: "A customer claims a coupon by its template's claim code (领券码)",
                 body: .object(["code": .string(minLength: 1, maxLength: 64), "customer": .int(min: 1)], required: ["code", "customer"]),
                 responses: [APIResponseDoc(201, "The coupon", .ref("Coupon"))]) { call in
            struct Body: Decodable { var code: String; var customer: Int64 }
            let body = try call.decode(Body.self)
            let now = call.now
            let coupon = try await call.store.claimCoupon(claimCode: body.code, customer: body.customer, idempotencyKey: call.idempotencyKey, at: now)
            return try .json(CouponView(coupon, at: now), status: .created, target: "coupon:\(coupon.code)")
        },
        APIRoute(.get, "/v1/customers/:id/coupons", .read, operation: "coupons.ofCustomer",
                 summary: "Every coupon the customer (and those merged into them) holds, in any state",
                 parameters: [.path("id", .string(pattern: "^[0-9]+$"), "The customer's id")],
                 responses: [APIResponseDoc(200, "The coupons", .object(["customerID": .int, "coupons": .array(.ref("Coupon"))],
                                                                        required: ["customerID", "coupons"]))]) { call in
            let id = try call.pathID("id")
            guard let profile = try await call.store.customerProfile(.id(id), recentLimit: 0) else { throw Problem.notFound("no customer \(id)") }
            let now = call.now
            let coupons = try await call.store.coupons(of: profile.id).map { CouponView($0, at: now) }
            return try .json(CouponsOfCustomer(customerID: profile.id, coupons: coupons))
        },
        APIRoute(.get, "/v1/coupons/:code", .read, operation: "coupons.get", summary: "A coupon by its code (any case, with or without dashes)",
                 parameters: [.path("code", "The coupon's code")],
                 responses: [APIResponseDoc(200, "The coupon", .ref("Coupon"))]) { call in
            let code = try call.path("code")
            guard let coupon = try await call.store.coupon(code: code) else { throw Problem.notFound("no coupon '\(code)'") }
            return try .json(CouponView(coupon, at: call.now))
        },
        APIRoute(.post, "/v1/redemptions", .write, operation: "redemptions.redeem",
                 summary: "Prices the cart and commits exactly that pricing for an order: coupons, stock, budgets, all or nothing",
                 body: CartPricingBody.schema(orderReference: true),
                 responses: [APIResponseDoc(201, "The redemption and the pricing it committed", .ref("Redemption"))]) { call in
            let body = try call.decode(CartPricingBody.self)
            let orderReference = body.orderReference ?? ""
            let (priced, shared) = try await CartPricing.price(body, call: call)
            let redemption = try await call.store.redeem(
                priced, customer: body.customer, orderReference: orderReference, keys: body.cart.keys,
                guarding: shared.settings.promotions.newCustomerGuard,
                idempotencyKey: call.idempotencyKey ?? "order:" + orderReference, at: call.now)
            return try .json(RedemptionView(redemption: redemption, pricing: PricedCartView(priced)), status: .created,
                             target: "redemption:\(redemption.id)")
        },
        APIRoute(.post, "/v1/redemptions/:orderReference/reverse", .write, operation: "redemptions.reverse",
                 summary: "On a refund: gives back the stock and budget of some lines of an order's redemption (or all), restores or voids its coupons",
                 parameters: [.path("orderReference", "The order the redemption belongs to")],
                 body: .object(["lines": .array(.int(min: 0, max: 10_000), max: 1_000, min: 1)], required: [],
                               "lines: indexes (from 0) into the redemption's priced lines; without them the whole order"),
                 responses: [APIResponseDoc(200, "What the reversal gave back", .ref("Reversal"))]) { call in
            struct Body: Decodable { var lines: [Int]? }
            let order = try call.path("orderReference")
            let body = try call.decode(Body.self)
            let reversal = try await call.store.reverse(orderReference: order, lines: body.lines, idempotencyKey: call.idempotencyKey, at: call.now)
            return try .json(reversal, target: "redemption:\(reversal.redemptionID)")
        },
    ]

    static let schemas: [String: Schema] = [
        "CouponTemplate": TemplateView.schema,
        "Coupon": CouponView.schema,
        "IssueReport": IssueReportView.schema,
        "Redemption": RedemptionView.schema,
        "Reversal": ReversalSchema.schema,
    ]

    struct CouponsOfCustomer: Encodable {
        var customerID: Int64
        var coupons: [CouponView]
    }

    private static func save(_ template: CouponTemplate, call: APICall, status: HTTPResponse.Status) async throws -> APIReply {
        try await call.store.saveTemplate(template, at: call.now)
        call.services.pricing.invalidate()
        guard let stored = try await call.store.template(id: template.id) else { throw Problem.notFound("no coupon template '\(template.id)'") }
        return try .json(TemplateView(stored), status: status, target: "coupon-template:\(template.id)")
    }
}

extension APICall {
    /// The request's `Idempotency-Key`, passed on to store operations that keep their own.
    var idempotencyKey: String? { request.headers[.idempotencyKey] }
}
