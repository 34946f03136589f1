import Testing
@testable import Regulars

/// Every benefit type on hand-computed carts, most taken from the seeds' examples.
@Suite struct PricingBenefitTests {
    typealias F = PricingFixtures

    @Test func tieredThresholdTakesTheHighestTierReachedAndSaysWhatIsMissing() throws {
        // 阶梯满减 满100减10、满200减30 on ¥120 + ¥57 = ¥177.
        let tiers = F.offer("tiers", .tiered(tiers: [.init(threshold: F.yuan(100), off: F.yuan(10)),
                                                     .init(threshold: F.yuan(200), off: F.yuan(30))], repeating: nil))
        let priced = try F.price([F.line("A", 120), F.line("B", 57)], promotions: [tiers])
        #expect(priced.discountTotal == F.yuan(10))
        // ¥10 shared 120 : 57 → 6.78 and 3.22 (largest remainder gets the odd fen).
        #expect(priced.lines.map(\.amount) == [F.yuan(113.22), F.yuan(53.78)])
        #expect(priced.hints.map(\.text) == ["再买 ¥23.00 可减 ¥30.00（tiers）"])
        #expect(priced.total == F.yuan(167))
    }

    @Test func repeatingOffStopsAtItsCap() throws {
        let every = F.offer("every", .tiered(tiers: [], repeating: .init(every: F.yuan(300), off: F.yuan(40), cap: F.yuan(120))))
        #expect(try F.price([F.line("A", 950)], promotions: [every]).discountTotal == F.yuan(120))
        #expect(try F.price([F.line("A", 1900)], promotions: [every]).discountTotal == F.yuan(120))
        let partial = try F.price([F.line("A", 650)], promotions: [every])
        #expect(partial.discountTotal == F.yuan(80))
        #expect(partial.hints.map(\.text) == ["再买 ¥250.00 可减 ¥120.00（every）"])
    }

    @Test func percentOffForVIPsWithThresholdAndCap() throws {
        // 高价值客户 满1000享8折 (seed 001), with and without a cap.
        let vip = Targeting(segments: [.pyramid(.champion)])
        let plain = F.offer("vip", .percentOff(rate: DiscountRate(parsing: "8折")!, threshold: F.yuan(1000), cap: nil), targeting: vip)
        let capped = F.offer("vip", .percentOff(rate: DiscountRate(parsing: "8折")!, threshold: F.yuan(1000), cap: F.yuan(200)), targeting: vip)
        let champion = F.customer([.pyramid(.champion)])
        #expect(try F.price([F.line("A", 1200)], promotions: [plain], customer: champion).total == F.yuan(960))
        #expect(try F.price([F.line("A", 1200)], promotions: [capped], customer: champion).total == F.yuan(1000))
        let other = try F.price([F.line("A", 1200)], promotions: [plain])
        #expect(other.total == F.yuan(1200))
        #expect(other.notApplied.first?.reason.text == "for pyramid:王者")
    }

    @Test func cashCouponNeverMakesACartNegative() throws {
        let cash = F.offer("cash50", .cash(off: F.yuan(50)))
        let priced = try F.price([F.line("A", 30)], shipping: 8, promotions: [cash])
        #expect(priced.goodsAmount == .zero)
        #expect(priced.total == F.yuan(8))
        #expect(priced.discounts.first?.amount == F.yuan(30))
        #expect(priced.discounts.first?.limitedBy?.text == "the lines' value")
    }

    @Test func giftWithPurchase() throws {
        let gift = F.offer("gift", .gift(threshold: F.yuan(300), sku: "SOCKS", quantity: 1))
        #expect(try F.price([F.line("A", 320)], promotions: [gift]).gifts == [Gift(offerID: "gift", sku: "SOCKS", quantity: 1)])
        let short = try F.price([F.line("A", 280)], promotions: [gift])
        #expect(short.gifts.isEmpty)
        #expect(short.hints.map(\.text) == ["再买 ¥20.00 可得赠品 SOCKS×1（gift）"])
    }

    @Test func buyOneGetOneFreesTheCheapestUnits() throws {
        // 4 units (3 × ¥100, 1 × ¥60): two free, the cheapest — ¥60 and one ¥100.
        let bogo = F.offer("bogo", .buyXGetY(buy: 1, get: 1))
        let priced = try F.price([F.line("A", 100, 3), F.line("B", 60)], promotions: [bogo])
        #expect(priced.discountTotal == F.yuan(160))
        #expect(priced.lines.map(\.amount) == [F.yuan(200), .zero])
        // Never more than the cart: one unit alone gets nothing.
        #expect(try F.price([F.line("A", 100)], promotions: [bogo]).discountTotal == .zero)
    }

    @Test func secondItemHalfPrice() throws {
        let half = F.offer("half", .nthItem(n: 2, rate: DiscountRate(parsing: "5折")!))
        #expect(try F.price([F.line("A", 80, 3)], promotions: [half]).discountTotal == F.yuan(40))
        #expect(try F.price([F.line("A", 80, 4)], promotions: [half]).discountTotal == F.yuan(80))
        #expect(try F.price([F.line("A", 80), F.line("B", 80)], promotions: [half]).discountTotal == .zero)
    }

    @Test func firstNUnitsAndFlashSaleRespectStockAndPerCustomerLimits() throws {
        let firstN = F.offer("first100", .firstN(count: 100, price: F.yuan(9.9), counting: .units, perCustomer: 2))
        let lastUnit = try F.price([F.line("A", 19.9, 3)], promotions: [firstN],
                                   availability: OfferAvailability(remainingUnits: ["first100": 1]))
        #expect(lastUnit.discountTotal == F.yuan(10))
        #expect(lastUnit.claims == [OfferClaim(offerID: "first100", units: 1, buyers: 0, amount: .zero, isCoupon: false)])
        let perCustomer = try F.price([F.line("A", 19.9, 3)], promotions: [firstN])
        #expect(perCustomer.discountTotal == F.yuan(20))

        let flash = F.offer("flash", .flashSale(price: F.yuan(59), stock: 500, perCustomer: 1))
        let soldOut = try F.price([F.line("A", 99)], promotions: [flash], availability: OfferAvailability(remainingUnits: ["flash": 0]))
        #expect(soldOut.discountTotal == .zero)
        #expect(soldOut.notApplied.map(\.reason.text) == ["秒杀 sold out"])
        let already = try F.price([F.line("A", 99)], promotions: [flash], availability: OfferAvailability(takenByCustomer: ["flash": 1]))
        #expect(already.notApplied.map(\.reason.text) == ["limit per customer reached"])

        let buyers = F.offer("first10", .firstN(count: 10, price: F.yuan(1), counting: .buyers, perCustomer: 1))
        let newBuyer = try F.price([F.line("A", 30, 2)], promotions: [buyers])
        #expect(newBuyer.claims.first?.buyers == 1)
        #expect(newBuyer.discountTotal == F.yuan(29))
    }

    @Test func presaleDepositInflation() throws {
        // 付50抵150 on a ¥399 presale item: ¥299 in all, ¥50 already paid, ¥249 due.
        let presale = F.offer("presale", .depositInflation(deposit: F.yuan(50), deduction: F.yuan(150)))
        let priced = try F.price([F.line("P", 399, deposit: 50)], promotions: [presale])
        #expect(priced.total == F.yuan(299))
        #expect(priced.depositsPaid == F.yuan(50))
        #expect(priced.balanceDue == F.yuan(249))
        #expect(try F.price([F.line("P", 399)], promotions: [presale]).total == F.yuan(399))
    }

    @Test func memberExtraAppliesOnTopOfTheFlashPrice() throws {
        let flash = F.offer("flash", .flashSale(price: F.yuan(150), stock: 10, perCustomer: nil))
        let member = F.offer("member", .memberExtra(rate: DiscountRate(parsing: "95折")!), targeting: Targeting(segments: [.tier("VIP")]))
        let vip = try F.price([F.line("A", 200)], promotions: [member, flash], customer: F.customer([.tier("VIP")]))
        #expect(vip.total == F.yuan(142.5))
        #expect(vip.discounts.map(\.offerID) == ["flash", "member"])
        #expect(try F.price([F.line("A", 200)], promotions: [member, flash]).total == F.yuan(150))
    }

    @Test func pointsMultiplierAndFreeShipping() throws {
        // 每周三会员日: 全场9折 + 积分翻倍; 满99包邮.
        let nine = F.offer("wed", .percentOff(rate: DiscountRate(parsing: "9折")!, threshold: .zero, cap: nil))
        let points = F.offer("double", .pointsMultiplier(factor: 2))
        let shipping = F.offer("ship", .freeShipping(threshold: F.yuan(99)))
        let priced = try F.price([F.line("A", 120)], shipping: 10, promotions: [nine, points, shipping])
        #expect(priced.goodsAmount == F.yuan(108))
        #expect(priced.shipping == .zero)
        #expect(priced.points == 216)
        let small = try F.price([F.line("A", 100)], shipping: 10, promotions: [nine, shipping])
        #expect(small.shipping == F.yuan(10))
        #expect(small.hints.map(\.text) == ["再买 ¥9.00 可包邮（ship）"])
    }

    @Test func bundlePriceForShoesAndSocks() throws {
        // 买鞋送袜 as a bundle: shoe ¥299 + socks ¥39 for ¥299.
        let bundle = F.offer("shoe-sock", .bundle(skus: ["SHOE", "SOCK"], price: F.yuan(299)))
        let priced = try F.price([F.line("SHOE", 299), F.line("SOCK", 39), F.line("HAT", 50)], promotions: [bundle])
        #expect(priced.discountTotal == F.yuan(39))
        #expect(priced.lines[2].amount == F.yuan(50))
        #expect(priced.lines[0].amount + priced.lines[1].amount == F.yuan(299))
        #expect(try F.price([F.line("SHOE", 299)], promotions: [bundle]).discountTotal == .zero)
    }

    @Test func scopeWithCategoriesAndExclusions() throws {
        let scope = OfferScope(categories: ["美妆"], excludedSKUs: ["LIMITED"])
        let off = F.offer("beauty", .amountOff(threshold: F.yuan(100), off: F.yuan(20)), scope: scope)
        let priced = try F.price([F.line("A", 80, category: "美妆"), F.line("LIMITED", 200, category: "美妆"), F.line("C", 100, category: "食品")],
                                 promotions: [off])
        #expect(priced.discountTotal == .zero)
        #expect(priced.hints.map(\.text) == ["再买 ¥20.00 可减 ¥20.00（beauty）"])
    }

    @Test func discountRatesAsShopsWriteThem() {
        #expect(DiscountRate(parsing: "8折")?.offBasisPoints == 2000)
        #expect(DiscountRate(parsing: "8.5折")?.offBasisPoints == 1500)
        #expect(DiscountRate(parsing: "85折")?.offBasisPoints == 1500)
        #expect(DiscountRate(parsing: "95折")?.offBasisPoints == 500)
        #expect(DiscountRate(parsing: "20%")?.offBasisPoints == 2000)
        #expect(DiscountRate(parsing: "10折") == nil)
        #expect(DiscountRate(parsing: "0折") == nil)
        #expect(DiscountRate(offBasisPoints: 1500).label == "8.5折")
        #expect(DiscountRate(offBasisPoints: 2000).discount(on: F.yuan(99.99)) == F.yuan(19.99))
    }
}
