import Foundation
import Testing
@testable import Regulars

/// `couponChoice: .best` against a brute force over every combination of the customer's coupons that the stacking
/// rules allow (at most one coupon per `CouponStage.group(of:)`, an exclusive coupon only alone), each priced with
/// `.codes`; plus the invariants every priced cart keeps (floors, shares, totals) on every pricing made.
@Suite("Coupon search: the best combination against a brute force")
struct CouponSearchPropertyTests {
    /// 1…1000 by default; `COUPON_SEARCH_SEEDS=334` or `=1-20000` in the environment replays one seed or searches more.
    static let seeds: ClosedRange<UInt64> = {
        guard let text = ProcessInfo.processInfo.environment["COUPON_SEARCH_SEEDS"] else { return 1...1000 }
        let bounds = text.split(separator: "-").compactMap { UInt64($0) }
        return bounds.count == 2 ? bounds[0]...bounds[1] : (bounds.first ?? 1)...(bounds.first ?? 1000)
    }()

    @Test("the best combination's total is the least over every allowed combination, on random carts")
    func bestIsTheBruteForceMinimum() throws {
        var stats = PricingCaseStats()
        var failures: [(seed: UInt64, text: String)] = []
        for seed in Self.seeds {
            let pricingCase = PricingCase(seed: seed)
            let problems = try pricingCase.check(&stats)
            if !problems.isEmpty {
                failures.append((seed, "seed \(seed) (replay: COUPON_SEARCH_SEEDS=\(seed)):\n  " + problems.joined(separator: "\n  ") + "\n"
                    + pricingCase.description))
            }
        }
        for failure in failures.prefix(5) { Issue.record(Comment(rawValue: failure.text)) }
        if failures.count > 5 {
            Issue.record("… and \(failures.count - 5) more failing seeds: \(failures.dropFirst(5).prefix(20).map { String($0.seed) }.joined(separator: " "))")
        }
        print("""
            coupon search property: \(Self.seeds.count) cases, \(stats.subsetsPriced) combinations priced, \
            \(stats.casesWhereCouponsHelp) where some coupon lowers the total, \(stats.bestUsesCoupons) where the best uses a coupon, \
            \(stats.bestUsesTwoOrMore) where it stacks two or more, \(stats.withShippingPromotion) with a free-shipping promotion \
            and a fee; \(failures.count) failing
            """)
        if Self.seeds.count >= 100 { #expect(stats.bestUsesTwoOrMore > Self.seeds.count / 10, "the generator should make stacking matter") }
    }

    /// Regression (engine of 7ac3403): the search valued combinations as if no free-shipping promotion existed —
    /// `PromotionCatalog.price` ran the coupon stage on meeting the first shipping-stage promotion, *before* adding it
    /// to `pricer.shippingOffers`, so `CouponSearch.shippingPromotions` was always empty.
    @Test("a coupon that drops the cart below a free-shipping promotion's threshold is not 'best'")
    func bestKeepsPromotionFreeShipping() throws {
        let catalog = PromotionCatalog(promotions: [
            Offer(id: "ship-100", name: "满100包邮", benefit: .freeShipping(threshold: Money(yuan: 100))),
        ])
        let coupons = [
            HeldCoupon(code: "K15", offer: Offer(id: "c-15", name: "满100减15", benefit: .amountOff(threshold: Money(yuan: 100), off: Money(yuan: 15)))),
            HeldCoupon(code: "K10", offer: Offer(id: "c-10", name: "满100减10", benefit: .amountOff(threshold: Money(yuan: 100), off: Money(yuan: 10)))),
        ]
        let cart = Cart(lines: [CartLine(sku: "A", category: "x", unitPrice: Money(yuan: 110), quantity: 1)], shipping: Money(yuan: 20))
        func price(_ choice: CouponChoice) throws -> PricedCart {
            try catalog.price(PricingRequest(cart: cart, customer: PricingCustomer(id: 1, isFirstOrder: false), channel: .tmall,
                                             now: PricingCase.now, coupons: coupons, couponChoice: choice))
        }
        let none = try price(.none)  // 110 goods, shipping free: 110
        let k15 = try price(.codes(["K15"]))  // 95 goods + 20 shipping: 115
        let k10 = try price(.codes(["K10"]))  // 100 goods, shipping free: 100
        let best = try price(.best)
        #expect(none.total == Money(yuan: 110))
        #expect(k15.total == Money(yuan: 115))
        #expect(k10.total == Money(yuan: 100))
        #expect(best.total == Money(yuan: 100), "best chose \(best.couponCodes): \(best.total), more than with no coupon at all")
    }

    @Test("a free-shipping coupon is not chosen over a money coupon of its group when a promotion already ships free")
    func bestDoesNotWasteAGroupOnShipping() throws {
        let catalog = PromotionCatalog(promotions: [
            Offer(id: "ship-all", name: "包邮", benefit: .freeShipping(threshold: .zero)),
        ])
        let shop = Stacking(group: "shop")
        let coupons = [
            HeldCoupon(code: "SHIP", offer: Offer(id: "c-ship", name: "包邮券", benefit: .freeShipping(threshold: .zero), stacking: shop)),
            HeldCoupon(code: "CASH5", offer: Offer(id: "c-cash", name: "无门槛5元", benefit: .cash(off: Money(yuan: 5)), stacking: shop)),
        ]
        let cart = Cart(lines: [CartLine(sku: "A", category: "x", unitPrice: Money(yuan: 110), quantity: 1)], shipping: Money(yuan: 10))
        let best = try catalog.price(PricingRequest(cart: cart, customer: PricingCustomer(id: 1, isFirstOrder: false), channel: .tmall,
                                                    now: PricingCase.now, coupons: coupons, couponChoice: .best))
        #expect(best.total == Money(yuan: 105), "best chose \(best.couponCodes): \(best.total)")
    }

    /// An exclusive free-shipping promotion and a coupon on its lines: whichever way pricing settles that (the
    /// promotion's lines fixed before the coupons, or the coupon taking them from it), `.best` must value every
    /// combination exactly as `.codes` then prices it.
    @Test("with an exclusive free-shipping promotion, best is the least of what each allowed combination costs")
    func exclusiveShippingPromotionAndCoupons() throws {
        let catalog = PromotionCatalog(promotions: [
            Offer(id: "ship-only", name: "包邮(不与其他优惠同享)", benefit: .freeShipping(threshold: .zero),
                  stacking: Stacking(exclusive: true)),
        ])
        let coupons = [
            HeldCoupon(code: "CASH15", offer: Offer(id: "c-cash", name: "无门槛15元", benefit: .cash(off: Money(yuan: 15)))),
            HeldCoupon(code: "SHIP", offer: Offer(id: "c-ship", name: "包邮券", benefit: .freeShipping(threshold: .zero),
                                                  stacking: Stacking(group: "platform"))),
        ]
        let cart = Cart(lines: [CartLine(sku: "A", category: "x", unitPrice: Money(yuan: 110), quantity: 1)], shipping: Money(yuan: 20))
        func price(_ choice: CouponChoice) throws -> PricedCart {
            try catalog.price(PricingRequest(cart: cart, customer: PricingCustomer(id: 1, isFirstOrder: false), channel: .tmall,
                                             now: PricingCase.now, coupons: coupons, couponChoice: choice))
        }
        let totals = try [[], ["CASH15"], ["SHIP"], ["CASH15", "SHIP"]].map { codes in (codes, try price(.codes(codes)).total) }
        let least = totals.map(\.1).min()!
        let best = try price(.best)
        #expect(best.total == least, "best chose \(best.couponCodes): \(best.total); each combination: \(totals)")
    }
}

struct PricingCaseStats {
    var subsetsPriced = 0
    var casesWhereCouponsHelp = 0
    var bestUsesCoupons = 0
    var bestUsesTwoOrMore = 0
    var withShippingPromotion = 0
}

/// One random cart with random promotions, coupons, floors and customer, from a seed.
struct PricingCase: CustomStringConvertible {
    static let now = Instant(secondsSinceEpoch: 1_731_283_200)  // 2024-11-11T00:00:00Z
    static let allSKUs = ["A", "B", "C", "D", "E", "F"]
    static let allCategories = ["美妆", "食品", "家居"]

    let seed: UInt64
    var cart: Cart
    var promotions: [Offer] = []
    var coupons: [HeldCoupon] = []
    var floors: [String: Money] = [:]
    var availability = OfferAvailability()
    var tags: Set<String> = []
    var isFirstOrder: Bool

    init(seed: UInt64) {
        self.seed = seed
        var random = AudienceRandom(seed: seed &* 0x2545_F491_4F6C_DD1D &+ 17)
        let categories = Array(Self.allCategories.prefix(random.int(2...3)))
        let skus = Array(Self.allSKUs.prefix(random.int(3...6)))
        var categoryOf: [String: String] = [:]
        for sku in skus { categoryOf[sku] = random.pick(categories) }
        isFirstOrder = random.chance(50)
        if random.chance(50) { tags.insert("VIP") }

        var lines: [CartLine] = []
        for _ in 0..<random.int(1...6) {
            let sku = random.pick(skus)
            let yuan = Int64(random.int(1...500))
            let fen = random.chance(30) && yuan < 500 ? Int64(random.int(1...99)) : 0
            lines.append(CartLine(sku: sku, category: categoryOf[sku], unitPrice: Money(fen: yuan * 100 + fen), quantity: random.int(1...3)))
        }
        let shipping = random.chance(70) ? Money(yuan: Int64(random.pick([5, 8, 10, 12, 20]))) : .zero
        cart = Cart(lines: lines, shipping: shipping)
        if random.chance(30) {
            for sku in skus where random.chance(60) { floors[sku] = Money(yuan: Int64(random.int(1...400))) }
        }

        var generator = OfferGenerator(random: random, skus: skus, categories: categories)
        for index in 0..<random.int(0...4) { promotions.append(generator.promotion(id: "p\(index + 1)")) }
        let couponCount = generator.random.int(1...7)
        for index in 0..<couponCount {
            if index > 0, generator.random.chance(8) {
                // A second coupon of a template already held.
                let earlier = generator.random.pick(coupons)
                coupons.append(HeldCoupon(code: "K\(index + 1)", offer: earlier.offer))
                continue
            }
            let offer = generator.coupon(id: "c\(index + 1)")
            coupons.append(HeldCoupon(code: "K\(index + 1)", offer: offer))
            if let budget = offer.budget, generator.random.chance(30) {
                availability.remainingBudget[offer.id] = Money(fen: Int64(generator.random.int(0...Int(budget.fen))))
            }
            if generator.random.chance(4) { availability.remainingRedemptions[offer.id] = 0 }
        }
        for promotion in promotions {
            if case .flashSale = promotion.benefit, generator.random.chance(30) {
                availability.remainingUnits[promotion.id] = generator.random.int(0...2)
            }
        }
    }

    var customer: PricingCustomer {
        PricingCustomer(id: 1, isFirstOrder: isFirstOrder, membership: KnownMembership(Set(tags.map { TargetSegment.tag($0) })))
    }

    func request(_ choice: CouponChoice) -> PricingRequest {
        PricingRequest(cart: cart, customer: customer, channel: .tmall, now: Self.now, coupons: coupons, couponChoice: choice,
                       availability: availability, costFloors: floors)
    }

    /// The stacking rules for coupons: one per group, an exclusive one only alone.
    static func allowed(_ subset: [HeldCoupon]) -> Bool {
        if subset.count > 1, subset.contains(where: { $0.offer.stacking.exclusive }) { return false }
        let groups = subset.map { CouponStage.group(of: $0.offer) }
        return Set(groups).count == groups.count
    }

    /// The order coupons apply in (`CouponStage.canonicalOrder`).
    static func canonical(_ a: HeldCoupon, _ b: HeldCoupon) -> Bool {
        if a.offer.stacking.priority != b.offer.stacking.priority { return a.offer.stacking.priority > b.offer.stacking.priority }
        if a.offer.id != b.offer.id { return a.offer.id < b.offer.id }
        return a.code < b.code
    }

    /// Prices the case with `.best` and with every allowed combination; returns what is wrong.
    func check(_ stats: inout PricingCaseStats) throws -> [String] {
        for offer in promotions + coupons.map(\.offer) { try OfferValidation.validate(offer) }
        let catalog = PromotionCatalog(promotions: promotions)
        var problems: [String] = []
        let best = try catalog.price(request(.best))
        let none = try catalog.price(request(.none))
        problems += invariants(best, "best") + invariants(none, "none")

        var minimum = none.total
        var minimumCodes: [String] = []
        for mask in 1..<(1 << coupons.count) {
            let subset = coupons.indices.filter { mask & (1 << $0) != 0 }.map { coupons[$0] }
            guard Self.allowed(subset) else { continue }
            let codes = subset.sorted(by: Self.canonical).map(\.code)
            let priced = try catalog.price(request(.codes(codes)))
            stats.subsetsPriced += 1
            problems += invariants(priced, "codes \(codes)")
            if priced.total < minimum || (priced.total == minimum && codes.count < minimumCodes.count) {
                minimum = priced.total
                minimumCodes = codes
            }
        }
        if best.total != minimum {
            problems.append("best total \(best.total) with \(best.couponCodes) ≠ brute-force minimum \(minimum) with \(minimumCodes)")
        }
        // What best says it used, asked for by code, prices the same.
        let again = try catalog.price(request(.codes(best.couponCodes)))
        if again.total != best.total {
            problems.append("best total \(best.total) with \(best.couponCodes), but those codes alone give \(again.total)")
        }
        if !best.couponCodes.isEmpty { stats.bestUsesCoupons += 1 }
        if best.couponCodes.count >= 2 { stats.bestUsesTwoOrMore += 1 }
        if minimum < none.total { stats.casesWhereCouponsHelp += 1 }
        if cart.shipping.fen > 0, promotions.contains(where: { $0.benefit.stage == .shipping }) { stats.withShippingPromotion += 1 }
        return problems
    }

    /// What must hold for any priced cart.
    func invariants(_ priced: PricedCart, _ label: String) -> [String] {
        var problems: [String] = []
        func fail(_ text: String) { problems.append("\(label): \(text)") }
        if priced.lines.count != cart.lines.count { fail("\(priced.lines.count) priced lines for \(cart.lines.count)") }
        var shareByOffer: [String: Int64] = [:]
        for (index, (line, original)) in zip(priced.lines, cart.lines).enumerated() {
            let place = "line \(index + 1) (\(line.sku))"
            if line.amount.fen < 0 { fail("\(place) amount \(line.amount) is negative") }
            if let floor = floors[line.sku], floor <= original.unitPrice, line.amount < floor * Int64(line.quantity) {
                fail("\(place) amount \(line.amount) is below its floor \(floor) × \(line.quantity)")
            }
            if let floor = floors[line.sku], floor > original.unitPrice, line.amount != original.listAmount {
                fail("\(place) has a floor above its price but was discounted to \(line.amount)")
            }
            if line.listAmount != original.listAmount { fail("\(place) list amount \(line.listAmount) ≠ \(original.listAmount)") }
            let shared = line.shares.reduce(Int64(0)) { $0 + $1.amount.fen }
            if shared != (line.listAmount - line.amount).fen {
                fail("\(place) shares add to \(Money(fen: shared)), list − amount is \(line.listAmount - line.amount)")
            }
            for share in line.shares {
                if share.amount.fen <= 0 { fail("\(place) has a share of \(share.amount) for \(share.offerID)") }
                shareByOffer[share.offerID, default: 0] += share.amount.fen
            }
        }
        var discountByOffer: [String: Int64] = [:]
        for discount in priced.discounts {
            if discount.amount.fen < 0 { fail("discount \(discount.offerID) is negative") }
            if discount.amount.fen > 0 { discountByOffer[discount.offerID, default: 0] += discount.amount.fen }
        }
        if discountByOffer != shareByOffer { fail("discounts \(discountByOffer) ≠ their shares over the lines \(shareByOffer)") }
        let goods = priced.lines.reduce(Int64(0)) { $0 + $1.amount.fen }
        if goods != priced.goodsAmount.fen { fail("lines add to \(Money(fen: goods)), goods amount is \(priced.goodsAmount)") }
        if priced.goodsAmount + priced.shipping != priced.total { fail("goods \(priced.goodsAmount) + shipping \(priced.shipping) ≠ total \(priced.total)") }
        if priced.listAmount != cart.listAmount { fail("list amount \(priced.listAmount) ≠ the cart's \(cart.listAmount)") }
        if priced.total > cart.listAmount + cart.shipping { fail("total \(priced.total) above list + shipping") }
        if priced.shipping.fen < 0 || priced.shipping > cart.shipping { fail("shipping \(priced.shipping) outside 0…\(cart.shipping)") }
        if priced.shipping.fen == 0, cart.shipping.fen > 0, !priced.discounts.contains(where: { $0.shippingSaved == cart.shipping }) {
            fail("shipping waived with no discount saying so")
        }
        let codes = Set(coupons.map(\.code))
        for code in priced.couponCodes where !codes.contains(code) { fail("uses \(code), not a held coupon") }
        if Set(priced.couponCodes).count != priced.couponCodes.count { fail("uses a coupon twice: \(priced.couponCodes)") }
        let used = priced.couponCodes.compactMap { code in coupons.first { $0.code == code } }
        if !Self.allowed(used) { fail("coupons \(priced.couponCodes) break the stacking rules") }
        return problems
    }

    var description: String {
        var text = "  cart (shipping \(cart.shipping)):\n"
        for line in cart.lines {
            text += "    \(line.sku) [\(line.category ?? "-")] \(line.unitPrice) × \(line.quantity)\n"
        }
        if !floors.isEmpty { text += "  floors: " + floors.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ") + "\n" }
        text += "  customer: \(isFirstOrder ? "first order" : "returning")\(tags.isEmpty ? "" : ", tags \(tags.sorted())")\n"
        text += "  promotions:\n" + promotions.map { "    " + Self.describe($0) }.joined(separator: "\n") + "\n"
        text += "  coupons:\n" + coupons.map { "    \($0.code): " + Self.describe($0.offer) }.joined(separator: "\n") + "\n"
        if availability != .unlimited { text += "  availability: \(availability)\n" }
        return text
    }

    static func describe(_ offer: Offer) -> String {
        var parts = [offer.id, offer.benefit.label, offer.scope.label]
        parts.append("group \(offer.stacking.group ?? "nil")")
        if offer.stacking.exclusive { parts.append("exclusive") }
        if offer.stacking.priority != 0 { parts.append("priority \(offer.stacking.priority)") }
        if let budget = offer.budget { parts.append("budget \(budget)") }
        if offer.targeting.firstOrderOnly { parts.append("first order only") }
        if !offer.targeting.segments.isEmpty { parts.append("for \(offer.targeting.segments.map(\.text))") }
        return parts.joined(separator: " · ")
    }
}

/// Random, valid promotions and coupons over a case's SKUs and categories.
struct OfferGenerator {
    var random: AudienceRandom
    let skus: [String]
    let categories: [String]

    mutating func yuan(_ range: ClosedRange<Int>) -> Money { Money(yuan: Int64(random.int(range))) }

    mutating func scope(wholeCartPercent: Int) -> OfferScope {
        var scope = OfferScope()
        let roll = random.below(100)
        if roll < wholeCartPercent {
            if random.chance(15) { scope.excludedSKUs = [random.pick(skus)] }
        } else if roll < wholeCartPercent + (100 - wholeCartPercent) / 2 {
            scope.categories = [random.pick(categories)]
            if random.chance(30) { scope.categories.append(random.pick(categories)) }
            if random.chance(15) { scope.excludedSKUs = [random.pick(skus)] }
        } else {
            scope.skus = (0..<random.int(1...3)).map { _ in random.pick(skus) }
        }
        return scope
    }

    mutating func tiers() -> [Benefit.Tier] {
        var tiers: [Benefit.Tier] = []
        var threshold = 0
        var off = 0
        for _ in 0..<random.int(1...3) {
            threshold += random.int(30...300)
            off = min(threshold - 1, off + random.int(3...60))
            guard tiers.isEmpty || off > Int(tiers.last!.off.fen / 100) else { break }
            tiers.append(Benefit.Tier(threshold: Money(yuan: Int64(threshold)), off: Money(yuan: Int64(off))))
        }
        return tiers
    }

    mutating func tiered() -> Benefit {
        let tiers = random.chance(80) ? self.tiers() : []
        var repeating: Benefit.RepeatingOff?
        if tiers.isEmpty || random.chance(25) {
            let every = random.int(50...300)
            let off = random.int(1...max(1, every / 4))
            repeating = Benefit.RepeatingOff(every: Money(yuan: Int64(every)), off: Money(yuan: Int64(off)),
                                             cap: random.chance(50) ? Money(yuan: Int64(off * random.int(1...4))) : nil)
        }
        return .tiered(tiers: tiers, repeating: repeating)
    }

    mutating func amountOff() -> Benefit {
        if random.chance(20) { return .amountOff(threshold: .zero, off: yuan(1...30)) }
        let threshold = random.int(20...600)
        return .amountOff(threshold: Money(yuan: Int64(threshold)), off: Money(yuan: Int64(random.int(1...max(1, min(threshold - 1, threshold / 3 + 5))))))
    }

    mutating func percentOff(capPercent: Int) -> Benefit {
        .percentOff(rate: DiscountRate(offBasisPoints: random.pick([500, 1000, 1500, 2000, 2500, 3000, 1234])),
                    threshold: random.chance(40) ? .zero : yuan(20...500), cap: random.chance(capPercent) ? yuan(5...80) : nil)
    }

    mutating func stacking(groups: [String?]) -> Stacking {
        Stacking(group: random.pick(groups), exclusive: random.chance(12), priority: random.pick([0, 0, 1, 2, 5]))
    }

    mutating func promotion(id: String) -> Offer {
        var scope = self.scope(wholeCartPercent: 40)
        var targeting = Targeting.everyone
        let benefit: Benefit
        switch random.below(16) {
        case 0, 1: benefit = tiered()
        case 2: benefit = amountOff()
        case 3: benefit = percentOff(capPercent: 50)
        case 4: benefit = .nthItem(n: random.int(2...3), rate: DiscountRate(offBasisPoints: random.pick([5000, 10_000, 3000])))
        case 5, 6, 14, 15: benefit = .freeShipping(threshold: random.chance(30) ? .zero : yuan(30...400))
        case 7:
            benefit = .memberExtra(rate: DiscountRate(offBasisPoints: random.pick([500, 1000])))
            targeting.segments = [.tag("VIP")]
        case 8:
            benefit = .flashSale(price: yuan(1...200), stock: random.int(0...5), perCustomer: random.chance(50) ? random.int(1...2) : nil)
            scope = OfferScope(skus: [random.pick(skus)])
        case 9: benefit = .buyXGetY(buy: random.int(1...2), get: 1)
        case 10: benefit = .pointsMultiplier(factor: random.int(2...5))
        case 11: benefit = .gift(threshold: yuan(0...300), sku: "GIFT", quantity: 1)
        case 12: benefit = .cash(off: yuan(1...20))
        default:
            let pair = [random.pick(skus), random.pick(skus)]
            if pair[0] != pair[1] {
                benefit = .bundle(skus: pair, price: yuan(10...300))
                scope = OfferScope()
            } else {
                benefit = .cash(off: yuan(1...20))
            }
        }
        if random.chance(8) { targeting.firstOrderOnly = true }
        return Offer(id: id, name: "促销\(id)", benefit: benefit, scope: scope, targeting: targeting,
                     stacking: stacking(groups: [nil, nil, nil, "shop", "promo-b"]), budget: random.chance(10) ? yuan(1...60) : nil)
    }

    mutating func coupon(id: String) -> Offer {
        let benefit: Benefit
        switch random.below(9) {
        case 0, 1: benefit = amountOff()
        case 2: benefit = .cash(off: yuan(1...40))
        case 3, 4: benefit = tiered()
        case 5, 6: benefit = percentOff(capPercent: 70)
        default: benefit = .freeShipping(threshold: random.chance(40) ? .zero : yuan(20...300))
        }
        var targeting = Targeting.everyone
        if random.chance(8) { targeting.firstOrderOnly = true }
        return Offer(id: id, name: "券\(id)", benefit: benefit, scope: scope(wholeCartPercent: 60), targeting: targeting,
                     stacking: stacking(groups: [nil, "shop", "platform"]), budget: random.chance(12) ? yuan(1...40) : nil)
    }
}
