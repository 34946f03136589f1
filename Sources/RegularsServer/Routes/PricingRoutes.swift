import Foundation
import Hummingbird
import Regulars
import RegularsStore

/// Cart pricing (PROMO-3) for a checkout: a dry run that changes nothing, so analysts may price too.
enum PricingRoutes {
    static let routes: [APIRoute] = [
        APIRoute(.post, "/v1/pricing", .read, operation: "pricing.price",
                 summary: "Prices a cart for a customer (or a guest): promotions, coupons, every discount explained. Changes nothing",
                 body: CartPricingBody.schema(orderReference: false),
                 responses: [APIResponseDoc(200, "The priced cart", .ref("PricedCart"))]) { call in
            let body = try call.decode(CartPricingBody.self)
            let (priced, _) = try await CartPricing.price(body, call: call)
            return try .json(PricedCartView(priced))
        },
    ]

    static let schemas: [String: Schema] = [
        "PricedCart": PricedCartView.schema,
        "DiscountShare": .object(["offerID": .string(), "amount": .money], required: ["offerID", "amount"]),
    ]
}
