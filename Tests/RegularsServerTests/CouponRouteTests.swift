import Foundation
import HTTPTypes
import Regulars
import RegularsServer
import RegularsStore
import RegularsTestSupport
import Testing

@Suite("Coupon templates, coupons and redemptions over HTTP")
struct CouponRouteTests {
    @Test func templatesAreCreatedReadAndReplaced() async throws {
        try await withServer { server in
            let created = try await server.send(.post, "/v1/coupon-templates", as: .operator,
                                                json: PromoAPI.cashTemplate("new15", off: "15", extra: #", "claim_code": "HELLO""#))
            #expect(created.status == .created)
            #expect(created.json["definition"]?["benefit"]?["off"] == "15.00")
            #expect(created.json["issued"] == 0)
            #expect(try await server.send(.post, "/v1/coupon-templates", json: PromoAPI.cashTemplate("new15", off: "15")).status == .conflict)
            let replaced = try await server.send(.put, "/v1/coupon-templates/new15", json: PromoAPI.cashTemplate("new15", off: "20"))
            #expect(replaced.status == .ok)
            #expect(try await server.send(.get, "/v1/coupon-templates/new15", as: .analyst).json["definition"]?["benefit"]?["off"] == "20.00")
            #expect(try await server.send(.get, "/v1/coupon-templates").json["templates"]?.arrayValue?.count == 1)
            let mismatch = try await server.send(.put, "/v1/coupon-templates/new15", json: PromoAPI.cashTemplate("other", off: "20"))
            #expect(mismatch.problem?.errors?.first?.pointer == "/id")
            #expect(try await server.send(.put, "/v1/coupon-templates/nope", json: PromoAPI.cashTemplate("nope", off: "20")).status == .notFound)
            let noValidity = try await server.send(.post, "/v1/coupon-templates", json: #"{"id": "x", "benefit": {"type": "cash", "off": "5"}}"#)
            #expect(noValidity.status == .unprocessableContent)
            #expect(noValidity.problem?.errors?.first?.pointer == "/validity")
            #expect(try await server.send(.post, "/v1/coupon-templates", as: .analyst, json: PromoAPI.cashTemplate("a", off: "1")).status == .forbidden)
        }
    }

    @Test func issuingClaimingAndListingCoupons() async throws {
        try await withServer { server in
            let ids = try await PromoAPI.customers(3, into: server.store)
            _ = try await server.send(.post, "/v1/coupon-templates",
                                      json: PromoAPI.cashTemplate("t", off: "10", extra: #", "total_limit": 2, "claim_code": "SPRING""#))
            let issued = try await server.send(.post, "/v1/coupon-templates/t/issue", json: #"{"customers": [\#(ids[0]), \#(ids[1]), 999]}"#)
            #expect(issued.status == .ok)
            #expect(issued.json["issued"]?.arrayValue?.count == 2)
            #expect(issued.json["refused"]?.arrayValue?.first?["customer"] == 999)
            let code = try #require(issued.json["issued"]?.arrayValue?.first?["code"]?.stringValue)

            let claim = try await server.send(.post, "/v1/coupons/claim", json: #"{"code": "SPRING", "customer": \#(ids[2])}"#)
            #expect(claim.status == .conflict)
            #expect(claim.problem?.type == "urn:regulars:problem:refused")

            let held = try await server.send(.get, "/v1/customers/\(ids[0])/coupons", as: .analyst)
            #expect(held.json["coupons"]?.arrayValue?.map { $0["code"] } == [.string(code)])
            #expect(held.json["coupons"]?.arrayValue?.first?["state"] == "issued")
            let one = try await server.send(.get, "/v1/coupons/\(code.lowercased())", as: .analyst)
            #expect(one.json["templateID"] == "t")
            #expect(one.json["stateLabel"] == "未使用")
            #expect(try await server.send(.get, "/v1/coupons/NOPE-NOPE").status == .notFound)
            #expect(try await server.send(.get, "/v1/customers/999/coupons").status == .notFound)
            let tooMany = try await server.send(.post, "/v1/coupon-templates/t/issue",
                                                json: #"{"customers": [\#((1...1_001).map(String.init).joined(separator: ","))]}"#)
            #expect(tooMany.status == .unprocessableContent)
            #expect(tooMany.problem?.errors?.first?.pointer == "/customers")
        }
    }

    @Test func aClaimCodeGivesTheCustomerACoupon() async throws {
        try await withServer { server in
            let ids = try await PromoAPI.customers(1, into: server.store)
            _ = try await server.send(.post, "/v1/coupon-templates", json: PromoAPI.cashTemplate("t", off: "10", extra: #", "claim_code": "SPRING""#))
            let claim = try await server.send(.post, "/v1/coupons/claim", json: #"{"code": "SPRING", "customer": \#(ids[0])}"#)
            #expect(claim.status == .created)
            #expect(claim.json["customerID"] == .integer(ids[0]))
            #expect(claim.json["templateID"] == "t")
        }
    }

    @Test func redeemingThenReversingOnARefund() async throws {
        try await withServer { server in
            let ids = try await PromoAPI.customers(1, into: server.store)
            _ = try await server.send(.post, "/v1/coupon-templates", json: PromoAPI.cashTemplate("t", off: "30"))
            let issued = try await server.send(.post, "/v1/coupon-templates/t/issue", json: #"{"customers": [\#(ids[0])]}"#)
            let code = try #require(issued.json["issued"]?.arrayValue?.first?["code"]?.stringValue)

            let body = #"{"cart": \#(PromoAPI.cart()), "customer": \#(ids[0]), "orderReference": "T1001", "best": true}"#
            let redeemed = try await server.send(.post, "/v1/redemptions", as: .operator, json: body)
            #expect(redeemed.status == .created)
            #expect(redeemed.json["redemption"]?["total"] == "210.00")
            #expect(redeemed.json["redemption"]?["couponCodes"] == .array([.string(code)]))
            #expect(redeemed.json["pricing"]?["discounts"]?.arrayValue?.first?["couponCode"] == .string(code))
            #expect(try await server.send(.get, "/v1/coupons/\(code)").json["state"] == "redeemed")

            let reversed = try await server.send(.post, "/v1/redemptions/T1001/reverse", json: "{}")
            #expect(reversed.status == .ok)
            #expect(reversed.json["completesOrder"] == true)
            #expect(reversed.json["couponsRestored"] == .array([.string(code)]))
            #expect(reversed.json["lines"]?.arrayValue?.first?["shares"]?.arrayValue?.first?["amount"] == "30.00")
            #expect(try await server.send(.get, "/v1/coupons/\(code)").json["state"] == "issued")
            let again = try await server.send(.post, "/v1/redemptions/T1001/reverse", json: "{}")
            #expect(again.status == .conflict)
            #expect(again.problem?.type == "urn:regulars:problem:refused")
            #expect(try await server.send(.post, "/v1/redemptions/NOPE/reverse", json: "{}").status == .notFound)
            #expect(try await server.send(.post, "/v1/redemptions/T1001/reverse", json: #"{"lines": [-1]}"#).problem?.errors?.first?.pointer == "/lines/0")
        }
    }

    @Test func aRefusalIsReplayedUnderTheSameKeyAndChangesNothing() async throws {
        try await withServer { server in
            let ids = try await PromoAPI.customers(1, into: server.store)
            let body = #"{"cart": \#(PromoAPI.cart()), "customer": \#(ids[0]), "orderReference": "T1"}"#
            #expect(try await server.send(.post, "/v1/redemptions", json: body, headers: ["Idempotency-Key": "k1"]).status == .created)
            let refused = try await server.send(.post, "/v1/redemptions", json: body, headers: ["Idempotency-Key": "k2"])
            #expect(refused.status == .conflict)
            #expect(refused.problem?.type == "urn:regulars:problem:refused")
            #expect(refused.problem?.detail?.contains("already redeemed") == true)
            let replayed = try await server.send(.post, "/v1/redemptions", json: body, headers: ["Idempotency-Key": "k2"])
            #expect(replayed.status == .conflict)
            #expect(replayed.headers[HTTPField.Name("Idempotent-Replayed")!] == "true")
            #expect(replayed.problem == refused.problem)
            let first = try await server.send(.post, "/v1/redemptions", json: body, headers: ["Idempotency-Key": "k1"])
            #expect(first.status == .created)
            #expect(try server.store.scalar("SELECT COUNT(*) FROM redemptions") == 1)
        }
    }

    @Test func analystsMayPriceButNotRedeem() async throws {
        try await withServer { server in
            let cart = #"{"cart": \#(PromoAPI.cart()), "orderReference": "A1"}"#
            let forbidden = try await server.send(.post, "/v1/redemptions", as: .analyst, json: cart)
            #expect(forbidden.status == .forbidden)
            #expect(try await server.send(.post, "/v1/pricing", as: .analyst, json: #"{"cart": \#(PromoAPI.cart())}"#).status == .ok)
            #expect(try await server.send(.post, "/v1/redemptions", as: nil, json: cart).status == .unauthorized)
            #expect(try server.store.scalar("SELECT COUNT(*) FROM redemptions") == 0)
        }
    }

    @Test("32 clients redeem 150 coupons of a template with a budget of 100 redemptions: exactly 100 are redeemed")
    func concurrentRedemptionsHoldTheBudget() async throws {
        try await withServer { server in
            let ids = try await PromoAPI.customers(150, into: server.store)
            _ = try await server.send(.post, "/v1/coupon-templates",
                                      json: PromoAPI.cashTemplate("d11", off: "30", extra: #", "redemption_budget": 100"#))
            let issued = try await server.send(.post, "/v1/coupon-templates/d11/issue",
                                               json: #"{"customers": [\#(ids.map(String.init).joined(separator: ","))]}"#)
            #expect(issued.json["issued"]?.arrayValue?.count == 150)
            let outcomes = try await withThrowingTaskGroup(of: [String].self) { group in
                for client in 0..<32 {
                    let mine = stride(from: client, to: ids.count, by: 32).map { ids[$0] }
                    group.addTask {
                        var outcomes: [String] = []
                        for customer in mine {
                            let body = #"{"cart": \#(PromoAPI.cart()), "customer": \#(customer), "orderReference": "O\#(customer)"}"#
                            let response = try await server.send(.post, "/v1/redemptions", as: .operator, json: body)
                            switch response.status {
                            case .created:
                                let coupons = response.json["redemption"]?["couponCodes"]?.arrayValue ?? []
                                outcomes.append(coupons.isEmpty ? "no coupon" : "with coupon")
                            case .conflict where response.problem?.type == "urn:regulars:problem:refused":
                                outcomes.append("refused: " + (response.problem?.detail ?? ""))
                            default:
                                outcomes.append("status \(response.status.code)")
                            }
                        }
                        return outcomes
                    }
                }
                return try await group.reduce(into: []) { $0 += $1 }
            }
            #expect(outcomes.count == 150)
            #expect(outcomes.filter { $0 == "with coupon" }.count == 100)
            // The rest were priced after the budget was spent (no coupon), or priced before and refused at commit.
            let unexpected = outcomes.filter { $0 != "with coupon" && $0 != "no coupon" && !$0.contains("redemption budget") }
            #expect(unexpected.isEmpty, "\(unexpected)")
            #expect(try server.store.scalar("SELECT redeemed FROM coupon_templates WHERE id = 'd11'") == 100)
            #expect(try server.store.scalar("SELECT COUNT(*) FROM coupons WHERE state = 'redeemed'") == 100)
        }
    }
}
