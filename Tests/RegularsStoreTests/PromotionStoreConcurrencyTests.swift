import Foundation
import Regulars
import RegularsTestSupport
import Testing
@testable import RegularsStore

@Suite("Promotion limits under concurrent redemptions")
struct PromotionStoreConcurrencyTests {
    typealias F = PromotionFixtures

    @Test("1,500 holders, a budget of 1,000 redemptions, 16 tasks: exactly 1,000 succeed, the rest are refused for the budget")
    func redemptionBudget() async throws {
        try await withTestStore { store, _ in
            let ids = try await F.customers(1_500, into: store)
            try await store.saveTemplate(F.template("d11", redemptionBudget: 1_000), at: fixedNow)
            let coupons = try await store.issueCoupons(templateID: "d11", to: ids, idempotencyKey: nil, at: fixedNow).issued
            #expect(coupons.count == 1_500)
            let jobs = try coupons.enumerated().map { index, coupon in
                (cart: try F.couponCart(coupon.code, template: "d11"), customer: coupon.customerID, order: "order-\(index)")
            }
            let tally = try await store.redeemConcurrently(tasks: 16, jobs: jobs)
            #expect(tally.succeeded == 1_000)
            #expect(tally.refusals.count == 500)
            #expect(tally.refusals.allSatisfy { $0.contains("has used its redemption budget (1000 of 1000)") })
            #expect(try await store.template(id: "d11")?.redeemed == 1_000)
            #expect(try store.scalar("SELECT COUNT(*) FROM coupons WHERE state = 'redeemed'") == 1_000)
            #expect(try store.scalar("SELECT COUNT(*) FROM redemptions") == 1_000)
        }
    }

    @Test("one coupon in five concurrent orders: exactly one succeeds")
    func oneCouponFiveOrders() async throws {
        try await withTestStore { store, _ in
            let ids = try await F.customers(1, into: store)
            try await store.saveTemplate(F.template("t"), at: fixedNow)
            let coupon = try #require(try await store.issueCoupons(templateID: "t", to: ids, idempotencyKey: nil, at: fixedNow).issued.first)
            let cart = try F.couponCart(coupon.code, template: "t")
            let tally = try await store.redeemConcurrently(tasks: 5, jobs: (0..<5).map { (cart: cart, customer: ids[0], order: "order-\($0)") })
            #expect(tally.succeeded == 1)
            #expect(tally.refusals == Array(repeating: "coupon \(coupon.code) was already used", count: 4))
            #expect(try await store.template(id: "t")?.redeemed == 1)
        }
    }

    @Test("a flash sale of 10 units and 16 concurrent buyers of one: exactly 10")
    func flashSaleStock() async throws {
        try await withTestStore { store, _ in
            let ids = try await F.customers(16, into: store)
            try await store.savePromotion(F.flashSale("flash", stock: 10, perCustomer: 1), at: fixedNow)
            let cart = try F.flashCart("flash")
            let tally = try await store.redeemConcurrently(tasks: 16, jobs: ids.map { (cart: cart, customer: $0, order: "order-\($0)") })
            #expect(tally.succeeded == 10)
            #expect(tally.refusals.allSatisfy { $0 == "promotion 'flash' has 0 of 10 units left, the order takes 1" })
            #expect(try await store.promotion(id: "flash")?.unitsSold == 10)
            #expect(try await store.availability(for: ["flash"], templateIDs: [], customer: nil).remainingUnits["flash"] == 0)
        }
    }
}
