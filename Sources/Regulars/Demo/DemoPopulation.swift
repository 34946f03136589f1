/// How many orders each person places (exactly `orders` in all): ~10% never order, most buyers order once, a
/// Pareto-like tail orders many times; a few dozen POS cards carry the shop's own phone and order once each.
struct DemoPopulation: Sendable {
    let people: Int
    let orderCounts: [Int32]
    /// How many member cards carry the shop's phone number.
    let shopPhoneCards: Int
    private let shopPhoneStride: Int

    init(people: Int, orders: Int, seed: UInt64) {
        self.people = people
        let cards = min(48, people / 3, orders)
        shopPhoneCards = cards
        shopPhoneStride = cards > 0 ? people / cards : 0
        var counts = [Int32](repeating: 0, count: people)
        var random = DemoRandom(seed: seed, stream: 0, salt: 0x414C_4C4F)
        let stride = shopPhoneStride
        let isCard = { (index: Int) in DemoPopulation.isCard(index, cards: cards, stride: stride) }

        // Buyers: a uniform choice of exactly `buyers` people (selection sampling), plus the shop-phone cards.
        let candidates = people - cards
        var buyers = min(orders - cards, max(candidates * 9 / 10, min(candidates, 1)))
        var left = candidates
        for index in 0..<people {
            if isCard(index) { counts[index] = 1; continue }
            if buyers > 0, random.below(left) < buyers { counts[index] = 1; buyers -= 1 }
            left -= 1
        }

        // Extra orders go to repeat buyers in proportion to Pareto(4/3) weights, by systematic sampling.
        let extra = orders - counts.reduce(0) { $0 + Int($1) }
        var weights = [UInt64](repeating: 0, count: people)
        var total: UInt64 = 0
        for index in 0..<people where counts[index] > 0 && !isCard(index) && random.chance(420) {
            let u = random.unitInterval()
            let pareto = min(24, 1 / (u.squareRoot() * u.squareRoot().squareRoot()))  // u^(-3/4)
            weights[index] = UInt64((pareto - 0.8) * 1024)
            total += weights[index]
        }
        if total == 0 && extra > 0 {
            for index in 0..<people where counts[index] > 0 { weights[index] = 1024; total += 1024 }
        }
        if extra > 0 && total > 0 {
            let offset = UInt64(random.below(Int(total)))
            var prefix: UInt64 = 0
            var placed: UInt64 = 0
            for index in 0..<people where weights[index] > 0 {
                prefix += weights[index]
                let product = prefix.multipliedFullWidth(by: UInt64(extra))
                let (sum, carry) = product.low.addingReportingOverflow(offset)
                let reached = total.dividingFullWidth((product.high + (carry ? 1 : 0), sum)).quotient
                counts[index] += Int32(reached - placed)
                placed = reached
            }
        }
        orderCounts = counts
    }

    /// Whether the person is a walk-in whose member card carries the shop's phone number.
    func isShopPhoneCard(_ index: Int) -> Bool {
        DemoPopulation.isCard(index, cards: shopPhoneCards, stride: shopPhoneStride)
    }

    /// The cards sit at evenly spaced indexes, one in each of the first `cards` strides.
    private static func isCard(_ index: Int, cards: Int, stride: Int) -> Bool {
        cards > 0 && index % stride == stride / 2 && index / stride < cards
    }

    /// The person's buying life in virtual ticks: the first order, and the tick before which all others fall.
    /// Loyal buyers start early; about a quarter of repeat buyers stop (churn) before the end.
    func life(of index: Int, seed: UInt64, ticks: UInt64) -> (first: UInt64, end: UInt64) {
        var random = DemoRandom(seed: seed, stream: UInt64(index), salt: 0x4C49_4645)
        let orders = Int(orderCounts[index])
        let reach = orders <= 1 ? 1000 : max(150, 1000 - 45 * orders)
        let first = UInt64(random.below(max(1, Int(ticks * UInt64(reach) / 1000))))
        var end = ticks
        if orders > 1, !random.chance(720) {
            end = first + (ticks - first) * UInt64(random.between(35, 95)) / 100
        }
        return (first, max(end, min(ticks, first + 1)))
    }
}
