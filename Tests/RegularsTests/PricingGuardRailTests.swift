import Testing
@testable import Regulars

/// The stacks that broke other engines (a voucher that made orders free, buy-X-get-Y worth more than the cart) and
/// the simulator that finds them before a promotion is published.
@Suite struct PricingGuardRailTests {
    typealias F = PricingFixtures
    static let catalogue = [WorstCaseSimulator.PricedSKU(sku: "A", category: "鞋", unitPrice: F.yuan(150)),
                            WorstCaseSimulator.PricedSKU(sku: "B", category: "袜", unitPrice: F.yuan(20))]

    @Test func theSimulatorFindsAStackThatWouldMakeAnItemFree() throws {
        // 满200减100 stacked with a 无门槛 ¥100 voucher: with ¥50 of filler the shoe costs nothing.
        let candidate = F.offer("big", .amountOff(threshold: F.yuan(200), off: F.yuan(100)), scope: OfferScope(categories: ["鞋"]))
        let voucher = F.offer("voucher", .cash(off: F.yuan(100)))
        let findings = WorstCaseSimulator.simulate(candidate, others: [], templates: [voucher], catalogue: Self.catalogue,
                                                   floors: ["A": F.yuan(90)], now: F.now)
        let shoe = try #require(findings.first)
        #expect(findings.map(\.sku) == ["A"], "only SKUs the candidate covers")
        #expect(shoe.lowestUnitPrice == .zero)
        #expect(shoe.isBelowFloor)
        #expect(shoe.filler == F.yuan(50))
        #expect(shoe.stack.contains { $0.contains("满200减100") } && shoe.stack.contains { $0.contains("券 voucher") })

        // Pricing the same cart honours the floor whatever stacks.
        let priced = try F.price([F.line("A", 150, category: "鞋"), F.line("凑单", 50, category: "鞋")], promotions: [candidate],
                                 coupons: [HeldCoupon(code: "V", offer: voucher)], floors: ["A": F.yuan(90)])
        #expect(priced.lines[0].amount == F.yuan(90))
        #expect(priced.lines[1].amount == .zero)
    }

    @Test func aModestPromotionStaysAboveTheFloor() {
        let candidate = F.offer("small", .amountOff(threshold: F.yuan(200), off: F.yuan(20)))
        let findings = WorstCaseSimulator.simulate(candidate, others: [], templates: [], catalogue: Self.catalogue,
                                                   floors: ["A": F.yuan(90), "B": F.yuan(10)], now: F.now)
        #expect(findings.count == 2)
        #expect(findings.allSatisfy { !$0.isBelowFloor })
        // B at ¥20 with ¥180 of filler gets 20/200 of ¥20 off: ¥18.
        #expect(findings.first { $0.sku == "B" }?.lowestUnitPrice == F.yuan(18))
    }

    @Test func buyXGetYNeverGivesMoreThanTheCart() throws {
        let bogo = F.offer("bogo", .buyXGetY(buy: 1, get: 3))
        let cash = F.coupon("C", .cash(off: F.yuan(500)))
        let priced = try F.price([F.line("A", 10, 2)], promotions: [bogo], coupons: [cash])
        #expect(priced.total == .zero)
        #expect(priced.lines.allSatisfy { $0.amount.fen >= 0 })
        #expect(priced.discounts.map(\.amount).reduce(.zero, +) == priced.listAmount)
    }

    @Test func pointsAreKeptPerLineSoARefundTakesThemBack() throws {
        let double = F.offer("double", .pointsMultiplier(factor: 2), scope: OfferScope(skus: ["A"]))
        let priced = try F.price([F.line("A", 100), F.line("B", 50)], promotions: [double])
        #expect(priced.lines.map(\.points) == [200, 50])
        #expect(priced.points == 250)
    }

    @Test func aDefinitionThatWouldMakeTheThresholdFreeIsRefused() {
        #expect(throws: PromotionError.self) { try OfferValidation.validate(.amountOff(threshold: F.yuan(100), off: F.yuan(100))) }
        #expect(throws: PromotionError.self) { try OfferValidation.validate(.tiered(tiers: [.init(threshold: F.yuan(50), off: F.yuan(60))], repeating: nil)) }
    }
}
