import Foundation
import Regulars
import RegularsTestSupport
import Testing
@testable import RegularsStore

@Suite("Promotions and coupons in the store")
struct PromotionStoreTests {
    typealias F = PromotionFixtures
    let day: Int64 = 86_400

    @Test("templates and promotions come back as saved; a new definition keeps the counters and the enabled state")
    func definitionsRoundTrip() async throws {
        try await withTestStore { store, _ in
            let template = F.template("welcome", validity: .fixed(from: fixedNow, until: fixedNow + 30 * day), totalLimit: 500,
                                      perCustomer: 2, redemptionBudget: 300, budget: Money(yuan: 2_000), claimCode: "HELLO2024",
                                      restoreOnRefund: false)
            try await store.saveTemplate(template, at: fixedNow)
            let stored = try #require(try await store.template(id: "welcome"))
            #expect(stored.template == template)
            #expect(stored.issued == 0 && stored.redeemed == 0 && stored.given == .zero)
            #expect(try await store.templates().map(\.template.id) == ["welcome"])

            let sale = F.flashSale("d11-flash", stock: 10, perCustomer: 2)
            try await store.savePromotion(sale, at: fixedNow)
            #expect(try await store.setPromotionEnabled(id: "d11-flash", false, at: fixedNow + 60))
            #expect(try await store.promotions(includeDisabled: false).isEmpty)
            var edited = sale
            edited.name = "双11 秒杀"
            try await store.savePromotion(edited, at: fixedNow + 120)
            let promotion = try #require(try await store.promotion(id: "d11-flash"))
            #expect(promotion.offer == edited && !promotion.enabled && promotion.createdAt == fixedNow && promotion.updatedAt == fixedNow + 120)
            #expect(try await store.setPromotionEnabled(id: "missing", true, at: fixedNow) == false)

            await #expect(throws: PromotionError.invalidDefinition(where: "id", problem: "'welcome' is already a coupon template's id")) {
                try await store.savePromotion(F.flashSale("welcome", stock: 1), at: fixedNow)
            }
            await #expect(throws: PromotionError.self) {
                try await store.saveTemplate(F.template("other", claimCode: "hello2024"), at: fixedNow)
            }
        }
    }

    @Test("cost floors are kept by SKU, whether or not the SKU is a known product")
    func costFloors() async throws {
        try await withTestStore { store, _ in
            try await store.setCostFloor(sku: "S1", Money(fen: 4_500))
            try await store.setCostFloor(sku: "S2", Money(fen: 100))
            try await store.setCostFloor(sku: "S2", nil)
            #expect(try await store.costFloors() == ["S1": Money(fen: 4_500)])
        }
    }

    @Test("issuance keeps the total and per-customer limits and says why a customer got nothing")
    func issuanceLimits() async throws {
        try await withTestStore { store, _ in
            let ids = try await F.customers(3, into: store)
            try await store.saveTemplate(F.template("t", totalLimit: 3, perCustomer: 2), at: fixedNow)
            let report = try await store.issueCoupons(templateID: "t", to: [ids[0], ids[0], ids[0], ids[1], ids[2], 9_999],
                                                      idempotencyKey: nil, at: fixedNow)
            #expect(report.issued.map(\.customerID) == [ids[0], ids[0], ids[1]])
            #expect(report.refused.map(\.customer) == [ids[0], ids[2], 9_999])
            #expect(report.refused[0].reason.contains("already holds 2 of template 't' (at most 2 each)"))
            #expect(report.refused[1].reason.contains("issued all 3"))
            #expect(report.refused[2].reason == "customer 9999 is not in the store")
            #expect(try await store.template(id: "t")?.issued == 3)
            let codes = report.issued.map(\.code)
            #expect(Set(codes).count == 3)
            for code in codes {
                #expect(code.count == 14 && code.split(separator: "-").map(\.count) == [4, 4, 4])
                #expect(!code.contains(where: { "01OI".contains($0) }))
            }
            let typed = codes[0].lowercased().replacingOccurrences(of: "-", with: " ")
            #expect(try await store.coupon(code: typed)?.code == codes[0])
        }
    }

    @Test("a coupon issued to a merged customer goes to the survivor, and the survivor's limit counts both")
    func mergedCustomers() async throws {
        try await withTestStore { store, _ in
            _ = try await importCSV("customer_id,channel,phone\na,tmall,13800000001\nb,jd,13800000001",
                                    kind: .customers, into: store)
            let survivor = try #require(try await store.customerProfile(.account("a"), recentLimit: 0)).id
            let absorbed = try #require(try store.scalar("SELECT id FROM customers WHERE merged_into IS NOT NULL"))
            try await store.saveTemplate(F.template("t"), at: fixedNow)
            let report = try await store.issueCoupons(templateID: "t", to: [absorbed, survivor], idempotencyKey: nil, at: fixedNow)
            #expect(report.issued.map(\.customerID) == [survivor])
            #expect(report.refused.count == 1)
            #expect(try await store.coupons(of: absorbed).count == 1)
        }
    }

    @Test("validity: N days from issue or a fixed window; an issued coupon past its window reads as expired")
    func validityWindows() async throws {
        try await withTestStore { store, _ in
            let ids = try await F.customers(1, into: store)
            try await store.saveTemplate(F.template("week", validity: .daysFromIssue(7)), at: fixedNow)
            try await store.saveTemplate(F.template("later", validity: .fixed(from: fixedNow + 10 * day, until: fixedNow + 20 * day)),
                                         at: fixedNow)
            let week = try #require(try await store.issueCoupons(templateID: "week", to: ids, idempotencyKey: nil, at: fixedNow).issued.first)
            #expect(week.validFrom == fixedNow && week.validUntil == fixedNow + 7 * day)
            #expect(week.state(at: fixedNow + 8 * day) == .expired)
            let later = try #require(try await store.issueCoupons(templateID: "later", to: ids, idempotencyKey: nil, at: fixedNow).issued.first)
            #expect(later.validFrom == fixedNow + 10 * day && later.validUntil == fixedNow + 20 * day)

            #expect(try await store.usableCoupons(of: ids[0], at: fixedNow).map(\.code) == [week.code])
            #expect(try await store.usableCoupons(of: ids[0], at: fixedNow + 12 * day).map(\.code) == [later.code])
            #expect(try await store.usableCoupons(of: ids[0], at: fixedNow + 20 * day).isEmpty)
            #expect(try await store.coupons(of: ids[0]).count == 2)

            await #expect(throws: PromotionError.refused("coupon \(later.code) is valid from \(later.validFrom)")) {
                try await store.redeem(try F.couponCart(later.code, template: "later"), customer: ids[0], order: "early")
            }
            await #expect(throws: PromotionError.refused("coupon \(week.code) expired at \(week.validUntil)")) {
                try await store.redeem(try F.couponCart(week.code, template: "week"), customer: ids[0], order: "late",
                                       at: fixedNow + 8 * day)
            }
            await #expect(throws: PromotionError.self) {
                try await store.issueCoupons(templateID: "later", to: ids, idempotencyKey: nil, at: fixedNow + 21 * day)
            }
        }
    }

    @Test("a claim code gives the customer a coupon once; the same idempotency key gives the same coupon")
    func claimByCode() async throws {
        try await withTestStore { store, _ in
            let ids = try await F.customers(1, into: store)
            try await store.saveTemplate(F.template("d11", claimCode: "DOUBLE11"), at: fixedNow)
            let coupon = try await store.claimCoupon(claimCode: "double11", customer: ids[0], idempotencyKey: "claim-1", at: fixedNow)
            #expect(coupon.templateID == "d11" && coupon.customerID == ids[0])
            #expect(try await store.claimCoupon(claimCode: "DOUBLE11", customer: ids[0], idempotencyKey: "claim-1", at: fixedNow) == coupon)
            await #expect(throws: PromotionError.refused("customer \(ids[0]) already holds 1 of template 'd11' (at most 1 each)")) {
                try await store.claimCoupon(claimCode: "DOUBLE11", customer: ids[0], idempotencyKey: "claim-2", at: fixedNow)
            }
            await #expect(throws: PromotionError.refused("no coupon has the claim code 'NOPE'")) {
                try await store.claimCoupon(claimCode: "NOPE", customer: ids[0], idempotencyKey: nil, at: fixedNow)
            }
            #expect(try await store.template(id: "d11")?.issued == 1)
        }
    }

    @Test("a coupon is the holder's only, and is used once")
    func couponOwnership() async throws {
        try await withTestStore { store, _ in
            let ids = try await F.customers(2, into: store)
            try await store.saveTemplate(F.template("t"), at: fixedNow)
            let coupon = try #require(try await store.issueCoupons(templateID: "t", to: [ids[0]], idempotencyKey: nil, at: fixedNow).issued.first)
            let cart = try F.couponCart(coupon.code, template: "t")
            await #expect(throws: PromotionError.refused("coupon \(coupon.code) belongs to customer \(ids[0]), not \(ids[1])")) {
                try await store.redeem(cart, customer: ids[1], order: "o1")
            }
            let redemption = try await store.redeem(cart, customer: ids[0], order: "o2")
            #expect(redemption.couponCodes == [coupon.code] && redemption.total == Money(fen: 7_000) && redemption.points == 70)
            #expect(try await store.coupon(code: coupon.code)?.storedState == .redeemed)
            await #expect(throws: PromotionError.refused("coupon \(coupon.code) was already used")) {
                try await store.redeem(cart, customer: ids[0], order: "o3")
            }
            #expect(try await store.usableCoupons(of: ids[0], at: fixedNow).isEmpty)
        }
    }

    @Test("the same key and request return the first redemption; counters move once; another request under the key is refused")
    func idempotentRetry() async throws {
        try await withTestStore { store, _ in
            let ids = try await F.customers(1, into: store)
            try await store.saveTemplate(F.template("t", perCustomer: 2), at: fixedNow)
            let coupons = try await store.issueCoupons(templateID: "t", to: [ids[0], ids[0]], idempotencyKey: "issue-1", at: fixedNow).issued
            #expect(try await store.issueCoupons(templateID: "t", to: [ids[0], ids[0]], idempotencyKey: "issue-1", at: fixedNow).issued == coupons)
            let cart = try F.couponCart(coupons[0].code, template: "t")
            let first = try await store.redeem(cart, customer: ids[0], order: "o1", key: "k1")
            let again = try await store.redeem(cart, customer: ids[0], order: "o1", key: "k1", at: fixedNow + 5)
            #expect(again == first)
            #expect(try await store.template(id: "t")?.redeemed == 1)
            #expect(try store.scalar("SELECT COUNT(*) FROM redemptions") == 1)

            let other = try F.couponCart(coupons[1].code, template: "t")
            await #expect(throws: PromotionError.refused("idempotency key 'k1' was used for a different request")) {
                try await store.redeem(other, customer: ids[0], order: "o2", key: "k1")
            }
            // A refusal is kept under its key: the retry is refused alike, even once the cause is gone.
            let unknown = try F.couponCart("ZZZZ-ZZZZ-ZZZZ", template: "t")
            await #expect(throws: PromotionError.refused("coupon ZZZZ-ZZZZ-ZZZZ does not exist")) {
                try await store.redeem(unknown, customer: ids[0], order: "o3", key: "k3")
            }
            await #expect(throws: PromotionError.refused("coupon ZZZZ-ZZZZ-ZZZZ does not exist")) {
                try await store.redeem(unknown, customer: ids[0], order: "o3", key: "k3")
            }
            #expect(try store.scalar("SELECT COUNT(*) FROM redemptions") == 1)
            #expect(try await store.template(id: "t")?.redeemed == 1)
        }
    }

    @Test("a money budget is never exceeded: a coupon that would pass it is refused")
    func moneyBudget() async throws {
        try await withTestStore { store, _ in
            let ids = try await F.customers(5, into: store)
            try await store.saveTemplate(F.template("t", budget: Money(yuan: 100)), at: fixedNow)
            let coupons = try await store.issueCoupons(templateID: "t", to: ids, idempotencyKey: nil, at: fixedNow).issued
            for index in 0..<3 {
                _ = try await store.redeem(try F.couponCart(coupons[index].code, template: "t"), customer: ids[index], order: "o\(index)")
            }
            let overBudget = "coupon \(coupons[3].code): template 't' has ¥10.00 of its ¥100.00 budget left, the order takes ¥30.00"
            await #expect(throws: PromotionError.refused(overBudget)) {
                try await store.redeem(try F.couponCart(coupons[3].code, template: "t"), customer: ids[3], order: "o3")
            }
            _ = try await store.redeem(try F.couponCart(coupons[4].code, template: "t", off: 1_000), customer: ids[4], order: "o4")
            #expect(try await store.template(id: "t")?.given == Money(yuan: 100))
            #expect(try await store.availability(for: [], templateIDs: ["t"], customer: nil).remainingBudget["t"] == .zero)

            try await store.savePromotion(F.flashSale("p", stock: 100, budget: Money(yuan: 50)), at: fixedNow)
            _ = try await store.redeem(try F.flashCart("p", claimAmount: 3_000), customer: ids[0], order: "p1")
            await #expect(throws: PromotionError.refused("promotion 'p' has ¥20.00 of its ¥50.00 budget left, the order takes ¥30.00")) {
                try await store.redeem(try F.flashCart("p", claimAmount: 3_000), customer: ids[1], order: "p2")
            }
            #expect(try await store.promotion(id: "p")?.given == Money(yuan: 30))
        }
    }

    @Test("flash-sale stock and the per-customer limit; a disabled promotion is refused")
    func flashSaleLimits() async throws {
        try await withTestStore { store, _ in
            let ids = try await F.customers(2, into: store)
            try await store.savePromotion(F.flashSale("p", stock: 3, perCustomer: 2), at: fixedNow)
            _ = try await store.redeem(try F.flashCart("p", units: 2), customer: ids[0], order: "o1")
            let overLimit = "promotion 'p' allows 2 per customer; customer \(ids[0]) already took 2, the order takes 1"
            await #expect(throws: PromotionError.refused(overLimit)) {
                try await store.redeem(try F.flashCart("p"), customer: ids[0], order: "o2")
            }
            await #expect(throws: PromotionError.refused("promotion 'p' has 1 of 3 units left, the order takes 2")) {
                try await store.redeem(try F.flashCart("p", units: 2), customer: ids[1], order: "o3")
            }
            let availability = try await store.availability(for: ["p"], templateIDs: [], customer: ids[0])
            #expect(availability.remainingUnits["p"] == 1 && availability.takenByCustomer["p"] == 2)
            _ = try await store.setPromotionEnabled(id: "p", false, at: fixedNow)
            await #expect(throws: PromotionError.refused("promotion 'p' was disabled")) {
                try await store.redeem(try F.flashCart("p"), customer: ids[1], order: "o4")
            }
        }
    }

    @Test("the new-customer guard refuses a second first-order offer to the same phone or address, however written")
    func newCustomerGuard() async throws {
        try await withTestStore { store, _ in
            let ids = try await F.customers(3, into: store)
            try await store.saveTemplate(F.template("newbie", firstOrderOnly: true), at: fixedNow)
            let coupons = try await store.issueCoupons(templateID: "newbie", to: ids, idempotencyKey: nil, at: fixedNow).issued
            let first = NewCustomerKeys(phone: "13812345678", device: "dev-1", address: "北京市朝阳区 xx路1号")
            #expect(try await store.newCustomerOfferTaken(keys: first, guarding: [.phone]) == false)
            _ = try await store.redeem(try F.couponCart(coupons[0].code, template: "newbie"), customer: ids[0], order: "o1", keys: first)
            #expect(try await store.newCustomerOfferTaken(keys: NewCustomerKeys(phone: "+86 138-1234-5678"), guarding: [.phone]))
            #expect(try await store.newCustomerOfferTaken(keys: NewCustomerKeys(phone: "+86 138-1234-5678"), guarding: [.device]) == false)

            let samePhone = NewCustomerKeys(phone: "+86 138-1234-5678", device: "dev-2")
            await #expect(throws: PromotionError.refused("new-customer offer 'newbie': this phone already took a new-customer offer")) {
                try await store.redeem(try F.couponCart(coupons[1].code, template: "newbie"), customer: ids[1], order: "o2", keys: samePhone)
            }
            let sameAddress = NewCustomerKeys(phone: "13900000000", address: "北京市朝阳区xx路1号")
            await #expect(throws: PromotionError.refused("new-customer offer 'newbie': this address already took a new-customer offer")) {
                try await store.redeem(try F.couponCart(coupons[1].code, template: "newbie"), customer: ids[1], order: "o3", keys: sameAddress)
            }
            _ = try await store.redeem(try F.couponCart(coupons[2].code, template: "newbie"), customer: ids[2], order: "o4",
                                       keys: NewCustomerKeys(phone: "13700000000"))
        }
    }

    @Test("the schema itself refuses a counter past its limit")
    func schemaLimits() async throws {
        try await withTestStore { store, _ in
            try await store.savePromotion(F.flashSale("p", stock: 2), at: fixedNow)
            try await store.saveTemplate(F.template("t", redemptionBudget: 1), at: fixedNow)
            await #expect(throws: (any Error).self) {
                try await store.pool.write { db in try db.execute(sql: "UPDATE promotions SET units_sold = 3 WHERE id = 'p'") }
            }
            await #expect(throws: (any Error).self) {
                try await store.pool.write { db in try db.execute(sql: "UPDATE coupon_templates SET issued = 2, redeemed = 2 WHERE id = 't'") }
            }
            await #expect(throws: PromotionError.invalidDefinition(where: "total_limit", problem: "1 is below the 2 coupons already issued")) {
                let ids = try await F.customers(2, into: store)
                _ = try await store.issueCoupons(templateID: "t", to: ids, idempotencyKey: nil, at: fixedNow)
                try await store.saveTemplate(F.template("t", totalLimit: 1, redemptionBudget: 1), at: fixedNow)
            }
        }
    }
}
