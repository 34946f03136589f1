import Foundation
import Regulars
import RegularsStore

/// A priced cart as the API answers it: every line's amount with each discount's share, every discount with what it
/// is and what limited it, offers that did not apply with the reason, hints, gifts and totals — reasons and hints as
/// the shop's words.
struct PricedCartView: Encodable {
    struct Line: Encodable {
        var sku: String
        var category: String?
        var quantity: Int
        var listAmount: Money
        var amount: Money
        var shares: [DiscountShare]
        var points: Int64
    }

    struct Discount: Encodable {
        var offerID: String
        var name: String
        var label: String
        var stage: String
        var couponCode: String?
        var amount: Money
        var shippingSaved: Money
        var limitedBy: String?
    }

    struct Skipped: Encodable {
        var offerID: String
        var couponCode: String?
        var reason: String
    }

    struct Hint: Encodable {
        var text: String
        var offerName: String
        var isCoupon: Bool
    }

    var lines: [Line]
    var discounts: [Discount]
    var notApplied: [Skipped]
    var hints: [Hint]
    var gifts: [Gift]
    var listAmount: Money
    var discountTotal: Money
    var goodsAmount: Money
    var shipping: Money
    var total: Money
    var depositsPaid: Money
    var balanceDue: Money
    var points: Int64
    var couponCodes: [String]

    init(_ priced: PricedCart) {
        lines = priced.lines.map {
            Line(sku: $0.sku, category: $0.category, quantity: $0.quantity, listAmount: $0.listAmount, amount: $0.amount,
                 shares: $0.shares, points: $0.points)
        }
        discounts = priced.discounts.map {
            Discount(offerID: $0.offerID, name: $0.name, label: $0.label, stage: $0.stage.name, couponCode: $0.couponCode,
                     amount: $0.amount, shippingSaved: $0.shippingSaved, limitedBy: $0.limitedBy?.text)
        }
        notApplied = priced.notApplied.map { Skipped(offerID: $0.offerID, couponCode: $0.couponCode, reason: $0.reason.text) }
        hints = priced.hints.map { Hint(text: $0.text, offerName: $0.offerName, isCoupon: $0.isCoupon) }
        gifts = priced.gifts
        listAmount = priced.listAmount
        discountTotal = priced.discountTotal
        goodsAmount = priced.goodsAmount
        shipping = priced.shipping
        total = priced.total
        depositsPaid = priced.depositsPaid
        balanceDue = priced.balanceDue
        points = priced.points
        couponCodes = priced.couponCodes
    }

    static let schema: Schema = .object([
        "lines": .array(.object([
            "sku": .string(), "category": .string(), "quantity": .int(min: 1), "listAmount": .money, "amount": .money,
            "shares": .array(.ref("DiscountShare")), "points": .int,
        ], required: ["sku", "quantity", "listAmount", "amount", "shares", "points"])),
        "discounts": .array(.object([
            "offerID": .string(), "name": .string(), "label": .string(),
            "stage": .oneOf(PricingStage.allCases.map(\.name), "item prices → 会员折上折 → shop-level thresholds → coupons → shipping"),
            "couponCode": .string(), "amount": .money, "shippingSaved": .money, "limitedBy": .string(),
        ], required: ["offerID", "name", "label", "stage", "amount", "shippingSaved"])),
        "notApplied": .array(.object(["offerID": .string(), "couponCode": .string(), "reason": .string()],
                                     required: ["offerID", "reason"])),
        "hints": .array(.object(["text": .string(), "offerName": .string(), "isCoupon": .boolean],
                                required: ["text", "offerName", "isCoupon"])),
        "gifts": .array(.object(["offerID": .string(), "sku": .string(), "quantity": .int(min: 1)], required: ["offerID", "sku", "quantity"])),
        "listAmount": .money, "discountTotal": .money, "goodsAmount": .money, "shipping": .money, "total": .money,
        "depositsPaid": .money, "balanceDue": .money, "points": .int, "couponCodes": .array(.string()),
    ], required: ["lines", "discounts", "notApplied", "hints", "gifts", "listAmount", "discountTotal", "goodsAmount", "shipping",
                  "total", "depositsPaid", "balanceDue", "points", "couponCodes"],
       "A priced cart: what each line costs after every discount, and why")
}

extension PricingStage {
    var name: String {
        switch self {
        case .item: return "item"
        case .member: return "member"
        case .threshold: return "threshold"
        case .coupon: return "coupon"
        case .shipping: return "shipping"
        }
    }
}

/// A cart to price or redeem, as the pricing and redemption bodies carry it.
struct CartPricingBody: Decodable {
    var cart: CartRequest
    var customer: Int64?
    var channel: String?
    var coupons: [String]?
    var best: Bool?
    var orderReference: String?

    var choice: CouponChoice {
        get throws {
            if let coupons {
                if best == true, !coupons.isEmpty { throw Problem.invalid(at: "/best", "give coupons or best, not both") }
                return coupons.isEmpty ? .none : .codes(coupons.map { $0.trimmingCharacters(in: .whitespaces).uppercased() })
            }
            return best == false ? .none : .best
        }
    }

    /// The body's fields as a schema (`orderReference` for redemptions).
    static func schema(orderReference: Bool) -> Schema {
        var properties: [(name: String, schema: Schema)] = [
            ("cart", .freeObject(description: """
                {"channel": "tmall", "shipping": "10", "lines": [{"sku": "A1", "category": "美妆", "price": "120", "quantity": 2, \
                "deposit": "50"}], "phone": "…", "device": "…", "address": "…"}: money in yuan; phone, device and address \
                feed the new-customer guard
                """)),
            ("customer", .int(min: 1)),
            ("channel", .string(minLength: 1, maxLength: 40, "the channel, when the cart does not say (default tmall)")),
            ("coupons", .array(.string(minLength: 1, maxLength: 64), max: 50)),
            ("best", .boolean),
        ]
        var required: Set<String> = ["cart"]
        if orderReference {
            properties.append(("orderReference", .string(minLength: 1, maxLength: 128, "the order this redemption belongs to")))
            required.insert("orderReference")
        }
        return .object(Schema.ObjectSchema(
            properties: properties, required: required,
            description: "coupons: exactly these codes ([] for none); without coupons, best (default true) picks the combination that costs least"))
    }
}

/// Pricing one cart for one customer with the server's cached promotions and audiences.
enum CartPricing {
    static func price(_ body: CartPricingBody, call: APICall) async throws -> (PricedCart, CheckoutPricing.Shared) {
        let choice = try body.choice
        let pricing = call.services.pricing
        let shared = try await pricing.shared(store: call.store)
        let channel = body.channel.map(Channel.init(rawValue:)) ?? body.cart.channel ?? .tmall
        let now = call.now
        let store = call.store
        let prepared: CheckoutPricing.Prepared
        do {
            prepared = try await CheckoutPricing.prepare(body.cart, customer: body.customer, channel: channel, choice: choice,
                                                         shared: shared, store: store, now: now) { customer, names in
                try await pricing.audienceMemberships(of: customer, in: names, store: store, settings: shared.settings, now: now)
            }
        } catch let error as PromotionError {
            if let customer = body.customer, error == .refused("no customer \(customer)") {
                throw Problem.invalid(at: "/customer", "no customer \(customer)")
            }
            throw error
        }
        return (try placed(prepared.price()), shared)
    }

    /// A cart the pricing refuses is a problem of the body's `cart`.
    private static func placed<T>(_ value: @autoclosure () throws -> T) throws -> T {
        do {
            return try value()
        } catch let error as PromotionError {
            guard case .invalidCart(let detail) = error else { throw error }
            throw Problem.invalid(at: "/cart", detail)
        }
    }
}
