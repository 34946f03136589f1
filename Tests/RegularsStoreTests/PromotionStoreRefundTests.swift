import Foundation
import Regulars
import RegularsTestSupport
import Testing
@testable import RegularsStore

@Suite("Redemptions reversed by refunds")
struct PromotionStoreRefundTests {
    typealias F = PromotionFixtures
    let day: Int64 = 86_400

    /// Issues one coupon of `template` to a new customer and redeems it in order `o1`.
    func redeemed(_ template: CouponTemplate, _ store: SQLiteStore) async throws -> (customer: Int64, coupon: Coupon) {
        let ids = try await F.customers(1, into: store)
        try await store.saveTemplate(template, at: fixedNow)
        let coupon = try #require(try await store.issueCoupons(templateID: template.id, to: ids, idempotencyKey: nil, at: fixedNow).issued.first)
        _ = try await store.redeem(try F.couponCart(coupon.code, template: template.id), customer: ids[0], order: "o1")
        return (ids[0], coupon)
    }

    @Test("a full refund gives a coupon back when its template says so, and its redemption and money to the budgets")
    func restoreOnRefund() async throws {
        try await withTestStore { store, _ in
            let (customer, coupon) = try await redeemed(F.template("t", redemptionBudget: 5, budget: Money(yuan: 100)), store)
            let reversal = try await store.reverse(orderReference: "o1", lines: nil, idempotencyKey: nil, at: fixedNow + day)
            #expect(reversal.completesOrder && reversal.couponsRestored == [coupon.code] && reversal.couponsVoided.isEmpty)
            #expect(reversal.points == 70)
            #expect(reversal.returned == [ReturnedClaim(offerID: "t", isCoupon: true, units: 0, buyers: 0, amount: Money(fen: 3_000),
                                                        redemptions: 1)])
            #expect(try await store.coupon(code: coupon.code)?.storedState == .issued)
            #expect(try await store.usableCoupons(of: customer, at: fixedNow + day).map(\.code) == [coupon.code])
            let stored = try #require(try await store.template(id: "t"))
            #expect(stored.redeemed == 0 && stored.given == .zero)
            await #expect(throws: PromotionError.refused("order 'o1' was already reversed in full")) {
                try await store.reverse(orderReference: "o1", lines: nil, idempotencyKey: nil, at: fixedNow + day)
            }
        }
    }

    @Test("a coupon is voided on refund when its template does not restore, or when it has expired")
    func voidOnRefund() async throws {
        try await withTestStore { store, _ in
            let (_, coupon) = try await redeemed(F.template("t", restoreOnRefund: false), store)
            let reversal = try await store.reverse(orderReference: "o1", lines: nil, idempotencyKey: "r1", at: fixedNow + day)
            #expect(reversal.couponsVoided == [coupon.code])
            #expect(try await store.coupon(code: coupon.code)?.storedState == .reversed)
            #expect(try await store.reverse(orderReference: "o1", lines: nil, idempotencyKey: "r1", at: fixedNow + 2 * day) == reversal)
        }
        try await withTestStore { store, _ in
            let (_, coupon) = try await redeemed(F.template("t", validity: .daysFromIssue(7)), store)
            let reversal = try await store.reverse(orderReference: "o1", lines: nil, idempotencyKey: nil, at: fixedNow + 8 * day)
            #expect(reversal.couponsVoided == [coupon.code] && reversal.couponsRestored.isEmpty)
        }
    }

    @Test("a partial refund returns that line's shares, points, units and budget; a line is reversed once")
    func partialRefund() async throws {
        try await withTestStore { store, _ in
            let ids = try await F.customers(1, into: store)
            try await store.savePromotion(F.flashSale("flash", stock: 10, budget: Money(yuan: 500)), at: fixedNow)
            try await store.saveTemplate(F.template("t"), at: fixedNow)
            let coupon = try #require(try await store.issueCoupons(templateID: "t", to: ids, idempotencyKey: nil, at: fixedNow).issued.first)
            let cart = try CartSpec(
                lines: [.init(sku: "S1", quantity: 2, list: 16_000, shares: [("flash", 6_000), ("t", 2_000)], points: 80),
                        .init(sku: "S2", list: 5_000, shares: [("t", 1_000)], points: 40)],
                discounts: [.init(offerID: "flash", amount: 6_000), .init(offerID: "t", code: coupon.code, amount: 3_000)],
                claims: [.init(offerID: "flash", units: 2, amount: 6_000), .init(offerID: "t", amount: 3_000, isCoupon: true)]).priced()
            _ = try await store.redeem(cart, customer: ids[0], order: "o1")
            #expect(try await store.promotion(id: "flash")?.unitsSold == 2)

            let first = try await store.reverse(orderReference: "o1", lines: [0], idempotencyKey: nil, at: fixedNow + day)
            #expect(first.lines == [ReversedLine(line: 0, sku: "S1", quantity: 2, shares: cart.lines[0].shares, points: 80)])
            #expect(first.points == 80 && !first.completesOrder && first.couponsRestored.isEmpty)
            let flash = try #require(try await store.promotion(id: "flash"))
            #expect(flash.unitsSold == 0 && flash.given == .zero)
            #expect(try await store.template(id: "t")?.given == Money(fen: 1_000))
            #expect(try await store.coupon(code: coupon.code)?.storedState == .redeemed)
            #expect(try await store.availability(for: ["flash"], templateIDs: [], customer: ids[0]).takenByCustomer["flash"] == 0)

            await #expect(throws: PromotionError.refused("order 'o1' line 0 was already reversed")) {
                try await store.reverse(orderReference: "o1", lines: [0], idempotencyKey: nil, at: fixedNow + day)
            }
            await #expect(throws: StoreError.invalid("order 'o1' has lines 0 to 1; there is no line 5")) {
                try await store.reverse(orderReference: "o1", lines: [5], idempotencyKey: nil, at: fixedNow + day)
            }
            let rest = try await store.reverse(orderReference: "o1", lines: nil, idempotencyKey: nil, at: fixedNow + day)
            #expect(rest.lines.map(\.line) == [1] && rest.points == 40 && rest.completesOrder && rest.couponsRestored == [coupon.code])
            let template = try #require(try await store.template(id: "t"))
            #expect(template.given == .zero && template.redeemed == 0)
        }
    }

    @Test("a first-N-buyers offer counts each buyer once, and a full refund frees the place")
    func firstBuyers() async throws {
        try await withTestStore { store, _ in
            let ids = try await F.customers(3, into: store)
            let offer = Offer(id: "first2", name: "前2名", benefit: .firstN(count: 2, price: Money(yuan: 50), counting: .buyers, perCustomer: 1))
            try await store.savePromotion(offer, at: fixedNow)
            _ = try await store.redeem(try F.flashCart("first2", buyers: 1), customer: ids[0], order: "o1")
            _ = try await store.redeem(try F.flashCart("first2", buyers: 1), customer: ids[1], order: "o2")
            await #expect(throws: PromotionError.refused("promotion 'first2' already has all 2 of its buyers")) {
                try await store.redeem(try F.flashCart("first2", buyers: 1), customer: ids[2], order: "o3")
            }
            #expect(try await store.availability(for: ["first2"], templateIDs: [], customer: ids[2]).remainingBuyers["first2"] == 0)
            let reversal = try await store.reverse(orderReference: "o1", lines: nil, idempotencyKey: nil, at: fixedNow + day)
            #expect(reversal.returned == [ReturnedClaim(offerID: "first2", isCoupon: false, units: 1, buyers: 1, amount: .zero,
                                                        redemptions: 0)])
            _ = try await store.redeem(try F.flashCart("first2", buyers: 1), customer: ids[2], order: "o4")
            let stored = try #require(try await store.promotion(id: "first2"))
            #expect(stored.buyers == 2 && stored.unitsSold == 2)
        }
    }
}
