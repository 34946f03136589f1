import Foundation
import HTTPTypes
import Regulars
import RegularsServer
import RegularsStore
import RegularsTestSupport
import Testing

/// Customers, definitions and carts for the promotion, coupon and pricing route tests.
enum PromoAPI {
    /// Imports `count` customers (accounts u1, u2 … on the mini-program); a fresh store numbers them 1 … count.
    static func customers(_ count: Int, into store: SQLiteStore) async throws -> [Int64] {
        let rows = (1...count).map { "u\($0),miniapp,顾客\($0)" }.joined(separator: "\n")
        _ = try await importCSV("customer_id,channel,name\n" + rows, kind: .customers, into: store)
        #expect(try store.scalar("SELECT COUNT(*) FROM customers") == Int64(count))
        return (1...Int64(count)).map { $0 }
    }

    /// 满200减30 over the whole cart.
    static let tiered = #"{"id": "d11", "name": "双11 满减", "benefit": {"type": "tiered", "tiers": [{"threshold": "200", "off": "30"}]}}"#

    static func cashTemplate(_ id: String, off: String, extra: String = "") -> String {
        #"{"id": "\#(id)", "name": "券 \#(id)", "benefit": {"type": "cash", "off": "\#(off)"}, "validity": {"days": 30}\#(extra)}"#
    }

    /// A cart of `quantity` × SKU A1 at `price` yuan.
    static func cart(price: String = "120", quantity: Int = 2) -> String {
        #"{"lines": [{"sku": "A1", "category": "美妆", "price": "\#(price)", "quantity": \#(quantity)}]}"#
    }

    static func money(_ value: JSONValue?) -> String? { value?.stringValue }
}

@Suite("Cart pricing over HTTP")
struct PricingRouteTests {
    @Test func pricesWithPromotionsExplainsAndHints() async throws {
        try await withServer { server in
            #expect(try await server.send(.post, "/v1/promotions", as: .operator, json: PromoAPI.tiered).status == .created)
            let priced = try await server.send(.post, "/v1/pricing", as: .analyst, json: #"{"cart": \#(PromoAPI.cart())}"#)
            #expect(priced.status == .ok)
            #expect(priced.json["listAmount"] == "240.00")
            #expect(priced.json["total"] == "210.00")
            #expect(priced.json["discountTotal"] == "30.00")
            let discount = try #require(priced.json["discounts"]?.arrayValue?.first)
            #expect(discount["offerID"] == "d11")
            #expect(discount["label"] == "满200减30")
            #expect(discount["stage"] == "threshold")
            #expect(priced.json["lines"]?.arrayValue?.first?["shares"]?.arrayValue?.first?["amount"] == "30.00")

            let short = try await server.send(.post, "/v1/pricing", as: .analyst, json: #"{"cart": \#(PromoAPI.cart(price: "150", quantity: 1))}"#)
            #expect(short.json["total"] == "150.00")
            #expect(short.json["hints"]?.arrayValue?.first?["text"] == "再买 ¥50.00 可减 ¥30.00（双11 满减）")
            #expect(short.json["notApplied"]?.arrayValue?.first?["offerID"] == "d11")
        }
    }

    @Test func pricingChangesNothingAndIsNotAudited() async throws {
        try await withServer { server in
            _ = try await server.send(.post, "/v1/pricing", as: .analyst, json: #"{"cart": \#(PromoAPI.cart())}"#,
                                      headers: ["Idempotency-Key": "p1"])
            #expect(try server.store.scalar("SELECT COUNT(*) FROM audit_log") == 0)
            #expect(try server.store.scalar("SELECT COUNT(*) FROM redemptions") == 0)
        }
    }

    @Test func aChangeThroughTheAPIIsPricedWithFromTheNextRequest() async throws {
        try await withServer { server in
            let body = #"{"cart": \#(PromoAPI.cart())}"#
            #expect(try await server.send(.post, "/v1/pricing", json: body).json["total"] == "240.00")
            _ = try await server.send(.post, "/v1/promotions", json: PromoAPI.tiered)
            #expect(try await server.send(.post, "/v1/pricing", json: body).json["total"] == "210.00")
            _ = try await server.send(.put, "/v1/promotions/d11",
                                      json: #"{"id": "d11", "benefit": {"type": "tiered", "tiers": [{"threshold": "200", "off": "50"}]}}"#)
            #expect(try await server.send(.post, "/v1/pricing", json: body).json["total"] == "190.00")
            _ = try await server.send(.post, "/v1/promotions/d11/disable")
            #expect(try await server.send(.post, "/v1/pricing", json: body).json["total"] == "240.00")
        }
    }

    @Test func theBestCouponOrExactlyTheCodesGiven() async throws {
        try await withServer { server in
            let ids = try await PromoAPI.customers(1, into: server.store)
            _ = try await server.send(.post, "/v1/coupon-templates", json: PromoAPI.cashTemplate("c10", off: "10"))
            _ = try await server.send(.post, "/v1/coupon-templates",
                                      json: #"{"id": "c25", "benefit": {"type": "amount_off", "threshold": "100", "off": "25"}, "validity": {"days": 7}}"#)
            var codes: [String: String] = [:]
            for template in ["c10", "c25"] {
                let issued = try await server.send(.post, "/v1/coupon-templates/\(template)/issue", json: #"{"customers": [\#(ids[0])]}"#)
                codes[template] = try #require(issued.json["issued"]?.arrayValue?.first?["code"]?.stringValue)
            }
            let cart = PromoAPI.cart()
            let best = try await server.send(.post, "/v1/pricing", json: #"{"cart": \#(cart), "customer": \#(ids[0])}"#)
            #expect(best.json["couponCodes"] == .array([.string(codes["c25"]!)]))
            #expect(best.json["total"] == "215.00")
            let chosen = try await server.send(.post, "/v1/pricing", json: #"{"cart": \#(cart), "customer": \#(ids[0]), "coupons": ["\#(codes["c10"]!)"]}"#)
            #expect(chosen.json["total"] == "230.00")
            let none = try await server.send(.post, "/v1/pricing", json: #"{"cart": \#(cart), "customer": \#(ids[0]), "coupons": []}"#)
            #expect(none.json["total"] == "240.00")
            let guest = try await server.send(.post, "/v1/pricing", json: #"{"cart": \#(cart)}"#)
            #expect(guest.json["couponCodes"] == .array([]))
        }
    }

    @Test func aBadCartIsRefusedWithItsPlace() async throws {
        try await withServer { server in
            let bad = try await server.send(.post, "/v1/pricing", json: #"{"cart": {"lines": [{"sku": "A1", "price": "12元5"}]}}"#)
            #expect(bad.status == .unprocessableContent)
            #expect(bad.problem?.errors?.first?.pointer == "/cart/lines/0/price")
            let unknown = try await server.send(.post, "/v1/pricing", json: #"{"cart": {"lines": [], "colour": "red"}}"#)
            #expect(unknown.status == .unprocessableContent)
            #expect(unknown.problem?.errors?.first?.pointer == "/cart/colour")
            let both = try await server.send(.post, "/v1/pricing", json: #"{"cart": \#(PromoAPI.cart()), "coupons": ["X"], "best": true}"#)
            #expect(both.problem?.errors?.first?.pointer == "/best")
            let nobody = try await server.send(.post, "/v1/pricing", json: #"{"cart": \#(PromoAPI.cart()), "customer": 999}"#)
            #expect(nobody.status == .unprocessableContent)
            #expect(nobody.problem?.errors?.first?.pointer == "/customer")
        }
    }

    @Test func audienceTargetedPromotionsPriceForMembersOnly() async throws {
        try await withServer { server in
            let ids = try await PromoAPI.customers(2, into: server.store)
            _ = try await server.store.addTag("VIP", to: ids[0], at: fixedNow)
            _ = try await server.store.saveAudience(name: "vips", definition: "tag = VIP", at: fixedNow)
            _ = try await server.send(.post, "/v1/promotions", json: """
                {"id": "vip", "benefit": {"type": "cash", "off": "20"}, "targeting": {"segments": ["audience:vips"]}}
                """)
            let member = try await server.send(.post, "/v1/pricing", json: #"{"cart": \#(PromoAPI.cart()), "customer": \#(ids[0])}"#)
            #expect(member.json["total"] == "220.00")
            let other = try await server.send(.post, "/v1/pricing", json: #"{"cart": \#(PromoAPI.cart()), "customer": \#(ids[1])}"#)
            #expect(other.json["total"] == "240.00")
        }
    }
}
