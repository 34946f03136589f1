import Foundation
@testable import Regulars

/// A tiny seeded generator (SplitMix64), so that a failing case repeats.
struct AudienceRandom {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in `0 ..< bound` (bias is irrelevant here).
    mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }
    mutating func int(_ range: ClosedRange<Int>) -> Int { range.lowerBound + below(range.count) }
    mutating func chance(_ percent: Int) -> Bool { below(100) < percent }
    mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }

    /// The word with each letter's case flipped at random (keywords are case-insensitive).
    mutating func spell(_ word: String) -> String {
        guard chance(30) else { return word }
        return String(word.map { chance(50) ? Character($0.uppercased()) : $0 })
    }
}

/// A random shop as plain structs (the obvious model), and the same shop as columns.
struct AudienceReferenceShop {
    struct Purchase {
        var customer: Int
        var seconds: Int64
        var net: Int64
        var channel: String
        var discounted: Bool
        var skus: [String]
    }

    struct Event {
        var customer: Int
        var type: EventType
        var sku: String?
        var seconds: Int64
        var duration: Int32
    }

    static let skus = ["A", "B", "C", "D", "香水", "E"]
    static let categoryOf: [String: String] = ["A": "口红", "B": "口红", "C": "面霜", "香水": "香氛", "E": "面霜"]
    static let channels = ["tmall", "jd", "pos", "douyin"]
    static let provinces = ["浙江省", "上海市", "广东省"]
    static let cities = ["杭州市", "上海市", "广州市"]
    static let tags = ["敏感肌", "价格敏感", "VIP 会员", "and"]

    let customers: Int
    let asOf: Int64
    var purchases: [Purchase] = []
    var events: [Event] = []
    var tags: [Set<String>]
    var province: [String?]
    var city: [String?]
    /// (month, day)
    var birthday: [(Int, Int)?]
    var builder: AudienceShopBuilder
    /// Each customer's purchases and events at or before the as-of moment.
    private(set) var ownPurchases: [[Purchase]] = []
    private(set) var ownEvents: [[Event]] = []

    init(seed: UInt64, customers: Int = 300) {
        var random = AudienceRandom(seed: seed)
        self.customers = customers
        asOf = localSeconds(random.pick(["2024-03-01 12:00:00", "2023-12-30 08:30:00", "2024-02-28 23:59:59",
                                         "2025-01-02 00:00:00"]))
        tags = Array(repeating: [], count: customers)
        province = Array(repeating: nil, count: customers)
        city = Array(repeating: nil, count: customers)
        birthday = Array(repeating: nil, count: customers)
        builder = AudienceShopBuilder(customers: customers)
        for sku in Self.skus { builder.sku(sku, category: Self.categoryOf[sku]) }
        for c in 0 ..< customers {
            let orders = random.chance(30) ? 0 : random.int(1 ... 6)
            for _ in 0 ..< orders {
                let seconds = asOf + Int64(random.int(-500 * 86_400 ... 10 * 86_400))
                let net = Int64(random.chance(30) ? random.int(0 ... 500) * 100 : random.int(0 ... 60_000))
                let lines = (0 ..< random.int(0 ... 3)).map { _ in random.pick(Self.skus.dropLast()) }
                let purchase = Purchase(customer: c, seconds: seconds, net: net, channel: random.pick(Self.channels),
                                        discounted: random.chance(40), skus: lines)
                purchases.append(purchase)
                builder.buy(c, at: seconds, fen: net, skus: lines, channel: purchase.channel,
                            discounted: purchase.discounted)
            }
            for _ in 0 ..< (random.chance(40) ? 0 : random.int(1 ... 5)) {
                let event = Event(customer: c, type: random.pick([.view, .view, .addToCart, .favorite, .search]),
                                  sku: random.chance(15) ? nil : random.pick(Self.skus),
                                  seconds: asOf + Int64(random.int(-20 * 86_400 ... 86_400)),
                                  duration: random.chance(20) ? -1 : Int32(random.int(0 ... 900)))
                events.append(event)
                builder.event(c, event.type, sku: event.sku, at: event.seconds, duration: event.duration)
            }
            for tag in Self.tags where random.chance(25) {
                tags[c].insert(tag)
                builder.tag(c, tag)
            }
            province[c] = random.chance(25) ? nil : random.pick(Self.provinces)
            city[c] = random.chance(25) ? nil : random.pick(Self.cities)
            builder.region(c, province: province[c], city: city[c])
            if random.chance(75) {
                let month = random.chance(10) ? 2 : random.int(1 ... 12)
                let day = month == 2 && random.chance(40) ? 29 : random.int(1 ... CivilDate.daysIn(month: month, year: 2023))
                birthday[c] = (month, day)
                builder.birthday(c, month: month, day: day)
            }
        }
        let asOf = asOf
        ownPurchases = (0 ..< customers).map { c in purchases.filter { $0.customer == c && $0.seconds <= asOf } }
        ownEvents = (0 ..< customers).map { c in events.filter { $0.customer == c && $0.seconds <= asOf } }
    }

    // MARK: The obvious answers

    /// The local day of local seconds, by floating-point floor (a different road from `LocalTime.day`).
    static func day(_ seconds: Int64) -> Int64 { Int64((Double(seconds) / 86_400).rounded(.down)) }

    var asOfDay: Int64 { Self.day(asOf) }

    static func isLeap(_ year: Int) -> Bool { (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 }
}
