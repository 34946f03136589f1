import Foundation
import Testing
@testable import Regulars

/// Stacking groups, exclusivity, priority, cost floors, targeting and the best coupon combination (PROMO-2, PROMO-3).
@Suite struct PricingStackingTests {
    typealias F = PricingFixtures

    @Test func twoThresholdOffersInOneGroupDoNotStackButInTwoGroupsDo() throws {
        let shop = F.offer("shop", .amountOff(threshold: F.yuan(200), off: F.yuan(20)), priority: 5)
        let other = F.offer("other", .amountOff(threshold: F.yuan(100), off: F.yuan(15)))
        let sameGroup = try F.price([F.line("A", 250)], promotions: [shop, other])
        #expect(sameGroup.discounts.map(\.offerID) == ["shop"])
        var platform = other
        platform.stacking.group = "platform"
        let twoGroups = try F.price([F.line("A", 250)], promotions: [shop, platform])
        #expect(twoGroups.discounts.map(\.offerID) == ["shop", "other"])
        // Both thresholds are measured before either discount: ¥250 reaches both.
        #expect(twoGroups.total == F.yuan(215))
    }

    @Test func anExclusiveOfferTakesOnlyUntouchedLinesAndKeepsOthersOff() throws {
        let flash = F.offer("flash", .flashSale(price: F.yuan(80), stock: 5, perCustomer: nil), scope: OfferScope(skus: ["A"]))
        let exclusive = F.offer("solo", .amountOff(threshold: F.yuan(50), off: F.yuan(10)), exclusive: true, priority: 1)
        let later = F.offer("later", .percentOff(rate: DiscountRate(parsing: "9折")!, threshold: .zero, cap: nil), group: "extra")
        let priced = try F.price([F.line("A", 100), F.line("B", 60)], promotions: [flash, exclusive, later])
        // solo (higher priority) covers only B (A was touched by the flash sale) and locks it; 9折 then reaches A only.
        #expect(priced.lines[1].shares == [DiscountShare(offerID: "solo", amount: F.yuan(10))])
        #expect(priced.lines[0].shares.map(\.offerID) == ["flash", "later"])
        #expect(priced.lines[0].amount == F.yuan(72))
    }

    @Test func costFloorHoldsAgainstEveryStack() throws {
        let tiers = F.offer("tiers", .amountOff(threshold: F.yuan(100), off: F.yuan(50)))
        let member = F.offer("member", .memberExtra(rate: DiscountRate(parsing: "5折")!))
        let cash = F.coupon("C1", .cash(off: F.yuan(100)))
        let priced = try F.price([F.line("A", 100, 2)], promotions: [tiers, member], coupons: [cash], floors: ["A": F.yuan(60)])
        #expect(priced.lines[0].amount == F.yuan(120))
        #expect(priced.discounts.contains { $0.limitedBy != nil })
    }

    @Test func newCustomerFirstOrderOfferOnlyOnAFirstOrder() throws {
        // 新客首单 立减15元 + 包邮 (seed 001).
        let first = Targeting(firstOrderOnly: true)
        let minus15 = F.offer("new15", .amountOff(threshold: .zero, off: F.yuan(15)), targeting: first)
        let ship = F.offer("newship", .freeShipping(threshold: .zero), targeting: first)
        let newcomer = try F.price([F.line("A", 59)], shipping: 8, promotions: [minus15, ship], customer: F.customer(firstOrder: true))
        #expect(newcomer.total == F.yuan(44))
        let regular = try F.price([F.line("A", 59)], shipping: 8, promotions: [minus15, ship])
        #expect(regular.total == F.yuan(67))
        #expect(regular.notApplied.map(\.reason.text) == ["first order only", "first order only"])
        var guarded = F.customer(firstOrder: true)
        guarded.newCustomerOfferTaken = true
        #expect(try F.price([F.line("A", 59)], shipping: 8, promotions: [minus15], customer: guarded).total == F.yuan(67))
    }

    @Test func timeWindowAndChannel() throws {
        let d11 = Targeting(channels: [.tmall], starts: F.now + 3600, ends: F.now + 86_400)
        let off = F.offer("d11", .amountOff(threshold: .zero, off: F.yuan(5)), targeting: d11)
        #expect(try F.price([F.line("A", 50)], promotions: [off]).discountTotal == .zero)
        var later = off
        later.targeting.starts = F.now - 10
        #expect(try F.price([F.line("A", 50)], promotions: [later]).discountTotal == F.yuan(5))
        #expect(try F.price([F.line("A", 50)], promotions: [later], channel: .jd).discountTotal == .zero)
    }

    @Test func bestCouponCombinationOnePerGroup() throws {
        // Shop coupons 满200减30 and 无门槛10 share the default group; the platform's 满300减50 stacks with one of them.
        let coupons = [F.coupon("S30", .amountOff(threshold: F.yuan(200), off: F.yuan(30))),
                       F.coupon("S10", .cash(off: F.yuan(10))),
                       F.coupon("P50", .amountOff(threshold: F.yuan(300), off: F.yuan(50)), group: "platform"),
                       F.coupon("BIG", .amountOff(threshold: F.yuan(500), off: F.yuan(100)))]
        let priced = try F.price([F.line("A", 320)], promotions: [], coupons: coupons)
        #expect(Set(priced.couponCodes) == ["S30", "P50"])
        #expect(priced.total == F.yuan(240))
        #expect(priced.hints.map(\.text) == ["再买 ¥180.00 可减 ¥100.00（券 t-BIG）"])
        // The customer's own choice is honoured, and what cannot combine is said.
        let chosen = try F.price([F.line("A", 320)], promotions: [], coupons: coupons, choice: .codes(["S10", "S30"]))
        #expect(chosen.couponCodes == ["S10"])
        #expect(chosen.notApplied.contains { $0.couponCode == "S30" && $0.reason.text == "cannot be combined with the coupons before it" })
    }

    @Test func anExclusiveCouponIsUsedAloneWhenThatIsCheaper() throws {
        let coupons = [F.coupon("SOLO", .percentOff(rate: DiscountRate(parsing: "7折")!, threshold: .zero, cap: nil), exclusive: true),
                       F.coupon("A", .cash(off: F.yuan(20))),
                       F.coupon("B", .cash(off: F.yuan(20)), group: "platform")]
        #expect(try F.price([F.line("X", 200)], promotions: [], coupons: coupons).couponCodes == ["SOLO"])
        #expect(Set(try F.price([F.line("X", 100)], promotions: [], coupons: coupons).couponCodes) == ["A", "B"])
    }

    @Test func aBudgetLimitsWhatAnOfferGives() throws {
        let off = F.offer("budgeted", .amountOff(threshold: .zero, off: F.yuan(30)), budget: F.yuan(1000))
        let left = try F.price([F.line("A", 100)], promotions: [off], availability: OfferAvailability(remainingBudget: ["budgeted": F.yuan(12)]))
        #expect(left.discountTotal == F.yuan(12))
        #expect(left.claims == [OfferClaim(offerID: "budgeted", units: 0, buyers: 0, amount: F.yuan(12), isCoupon: false)])
        let spent = try F.price([F.line("A", 100)], promotions: [off], availability: OfferAvailability(remainingBudget: ["budgeted": .zero]))
        #expect(spent.discountTotal == .zero)
        #expect(spent.notApplied.map(\.reason.text) == ["budget spent"])
    }

    @Test func proratedSharesAddUpToTheFen() throws {
        let off = F.offer("odd", .amountOff(threshold: .zero, off: F.yuan(0.1)))
        let priced = try F.price([F.line("A", 0.33), F.line("B", 0.33), F.line("C", 0.34)], promotions: [off])
        #expect(priced.lines.map(\.amount).reduce(.zero, +) == priced.goodsAmount)
        #expect(priced.lines.map { $0.listAmount - $0.amount } == [F.yuan(0.03), F.yuan(0.03), F.yuan(0.04)])
    }

    @Test func proportionalSharesRespectCapsExactly() {
        let shares = Proration.share(1000, weights: [500, 300, 200], caps: [700, 100, 300])
        #expect(shares.reduce(0, +) == 1000)
        #expect(shares[1] == 100)
        #expect(shares == [643, 100, 257])
    }

    @Test func invalidCartsAreRefusedWithTheLine() {
        #expect(throws: PromotionError.invalidCart("lines[2] (B).quantity: 0 is not between 1 and 100000")) {
            try F.price([F.line("A", 10), F.line("B", 10, 0)], promotions: [])
        }
    }

    @Test func definitionsReadFromJSONWithPathsInErrors() throws {
        let json = """
            {"id": "d11", "name": "双11 满减", "benefit": {"type": "tiered", "tiers": [{"threshold": "100", "off": "10"}, {"threshold": 200, "off": "30"}]},
             "scope": {"categories": ["美妆"]}, "targeting": {"channels": ["tmall"], "starts": "2026-11-01 00:00:00", "ends": "2026-11-12 00:00:00"},
             "stacking": {"group": "shop", "priority": 10}}
            """
        let offer = try OfferCoding.decodeOffer(Data(json.utf8), calendar: .shanghai)
        #expect(offer.benefit.label == "满100减10 / 满200减30")
        #expect(offer.targeting.starts == Instant(secondsSinceEpoch: 1_793_462_400))
        #expect(try OfferCoding.decodeOffer(OfferCoding.encode(offer), calendar: .shanghai) == offer)

        let free = #"{"id": "x", "benefit": {"type": "amount_off", "threshold": "100", "off": "150"}}"#
        #expect(throws: PromotionError.invalidDefinition(where: "benefit.off", problem: "¥150.00 off a threshold of ¥100.00 would make a cart at the threshold free")) {
            try OfferCoding.decodeOffer(Data(free.utf8), calendar: .shanghai)
        }
        let typo = #"{"id": "x", "benefit": {"type": "cash", "off": "5"}, "stacking": {"prority": 3}}"#
        #expect(throws: PromotionError.invalidDefinition(where: "stacking.prority", problem: "unknown field; expected one of exclusive, group, priority")) {
            try OfferCoding.decodeOffer(Data(typo.utf8), calendar: .shanghai)
        }
        let shrinking = #"{"id": "x", "benefit": {"type": "tiered", "tiers": [{"threshold": "200", "off": "30"}, {"threshold": "300", "off": "20"}]}}"#
        #expect(throws: PromotionError.invalidDefinition(where: "benefit.tiers[2].off", problem: "a higher tier must take more off")) {
            try OfferCoding.decodeOffer(Data(shrinking.utf8), calendar: .shanghai)
        }
        let money = #"{"id": "x", "benefit": {"type": "cash", "off": "5元5"}}"#
        #expect(throws: PromotionError.invalidDefinition(where: "benefit.off", problem: "'5元5' is not an amount of money in yuan")) {
            try OfferCoding.decodeOffer(Data(money.utf8), calendar: .shanghai)
        }
    }
}
