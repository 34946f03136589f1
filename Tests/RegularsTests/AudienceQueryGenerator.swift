import Foundation
@testable import Regulars

/// Random audience queries as text, each with the obvious answer for one customer of an `AudienceReferenceShop`
/// (computed from the plain structs; only scores, classes, levels, stages and the sleep flag come from the table).
struct AudienceQueryGenerator {
    enum Shape { case leaf, and, or, not }

    struct Generated {
        var text: String
        var shape: Shape
        var holds: (Int) -> Bool
    }

    var random: AudienceRandom
    let shop: AudienceReferenceShop
    let segments: SegmentTable

    init(seed: UInt64, shop: AudienceReferenceShop, segments: SegmentTable) {
        random = AudienceRandom(seed: seed)
        self.shop = shop
        self.segments = segments
    }

    mutating func query(depth: Int = 0) -> Generated {
        if depth >= 3 || random.chance(35) { return leaf() }
        switch random.below(3) {
        case 0, 1:
            let isAnd = random.chance(50)
            let children = (0 ..< random.int(2 ... 3)).map { _ in query(depth: depth + 1) }
            let texts = children.map { child in
                let needed = isAnd && child.shape == .or
                return needed || (child.shape != .leaf && random.chance(30)) ? "(" + child.text + ")" : child.text
            }
            let holds = children.map(\.holds)
            let word = " " + random.spell(isAnd ? "and" : "or") + " "
            return Generated(text: texts.joined(separator: word), shape: isAnd ? .and : .or,
                             holds: isAnd ? { c in holds.allSatisfy { $0(c) } } : { c in holds.contains { $0(c) } })
        default:
            let child = query(depth: depth + 1)
            let text = child.shape == .and || child.shape == .or ? "(" + child.text + ")" : child.text
            let holds = child.holds
            return Generated(text: random.spell("not") + " " + text, shape: .not, holds: { !holds($0) })
        }
    }

    private mutating func leaf() -> Generated {
        let (text, holds): (String, (Int) -> Bool)
        switch random.below(10) {
        case 0, 1, 2: (text, holds) = activity()
        case 3, 4: (text, holds) = number()
        case 5, 6: (text, holds) = name()
        case 7: (text, holds) = (random.spell("sleep_warning"), { [segments] in segments.sleepWarning[$0] })
        case 8: (text, holds) = birthday()
        default: (text, holds) = orderDate()
        }
        return Generated(text: text, shape: .leaf, holds: holds)
    }

    // MARK: Activities

    private mutating func activity() -> (String, (Int) -> Bool) {
        let kind = random.pick(["bought", "viewed", "carted", "favorited"])
        let type: EventType? = ["viewed": .view, "carted": .addToCart, "favorited": .favorite][kind]
        let targetText: String, onTarget: (String?) -> Bool, anything: Bool
        switch random.below(3) {
        case 0:
            let sku = random.pick(AudienceReferenceShop.skus + ["Z", "A B"])
            targetText = random.spell("sku") + ":" + (sku.contains(" ") ? "\"\(sku)\"" : sku)
            onTarget = { $0 == sku }
            anything = false
        case 1:
            let category = random.pick(["口红", "面霜", "香氛", "未知"])
            targetText = random.spell("category") + ":" + category
            onTarget = { sku in sku.flatMap { AudienceReferenceShop.categoryOf[$0] } == category }
            anything = false
        default:
            targetText = random.spell("anything")
            onTarget = { _ in true }
            anything = true
        }
        var clauses: [String] = []
        var minimum: Int32?
        if type == .view, random.chance(35) {
            let (written, seconds) = random.pick([("1s", Int32(1)), ("60s", 60), ("5m", 300), ("10M", 600), ("1h", 3600)])
            clauses.append(random.spell("for") + " " + written)
            minimum = seconds
        }
        let (periodText, inPeriod) = period()
        if !periodText.isEmpty { clauses.insert(periodText, at: random.below(clauses.count + 1)) }
        let text = ([random.spell(kind), targetText] + clauses).joined(separator: " ")
        let shop = shop
        guard let type else {
            return (text, { c in
                shop.ownPurchases[c].contains { p in inPeriod(p.seconds) && (anything || p.skus.contains(where: onTarget)) }
            })
        }
        return (text, { c in
            shop.ownEvents[c].contains { e in
                e.type == type && inPeriod(e.seconds) && onTarget(e.sku) && (minimum.map { e.duration >= $0 } ?? true)
            }
        })
    }

    /// A period as written, and whether a moment (already at or before the as-of moment) lies in it.
    private mutating func period() -> (String, (Int64) -> Bool) {
        let asOf = shop.asOf, today = shop.asOfDay
        switch random.below(6) {
        case 0: return ("", { _ in true })
        case 1: return (random.spell("ever"), { _ in true })
        case 2, 3:
            let weeks = random.chance(30)
            let amount = weeks ? random.pick([1, 2, 12, 60]) : random.pick([1, 2, 7, 30, 90, 365, 400])
            let days = Int64(weeks ? amount * 7 : amount)
            return (random.spell("within") + " \(amount)" + random.spell(weeks ? "w" : "d"),
                    { AudienceReferenceShop.day($0) > today - days })
        case 4:
            let hours = random.pick([1, 24, 48, 100, 1000])
            return (random.spell("within") + " \(hours)h", { $0 >= asOf - Int64(hours) * 3600 })
        default:
            let (from, to) = dateRange()
            return (random.spell("between") + " \(from) " + random.spell("and") + " \(to)", { seconds in
                let date = CivilDate(daysSinceEpoch: AudienceReferenceShop.day(seconds))
                return date >= from && date <= to
            })
        }
    }

    private mutating func dateRange() -> (CivilDate, CivilDate) {
        let start = shop.asOfDay - Int64(random.int(-5 ... 450))
        return (CivilDate(daysSinceEpoch: start), CivilDate(daysSinceEpoch: start + Int64(random.int(0 ... 200))))
    }

    // MARK: Numbers

    private mutating func number() -> (String, (Int) -> Bool) {
        let shop = shop, today = shop.asOfDay
        let field = random.pick(["orders", "spend", "frequency", "monetary", "recency", "r_score", "f_score", "m_score",
                                 "coupon_share"])
        let inWindow: (AudienceReferenceShop.Purchase) -> Bool = { AudienceReferenceShop.day($0.seconds) > today - 365 }
        let value: (Int) -> Double?
        switch field {
        case "orders": value = { c in Double(shop.ownPurchases[c].count) }
        case "frequency": value = { c in Double(shop.ownPurchases[c].filter(inWindow).count) }
        case "spend": value = { c in Double(shop.ownPurchases[c].reduce(0) { $0 + $1.net }) }
        case "monetary": value = { c in Double(shop.ownPurchases[c].filter(inWindow).reduce(0) { $0 + $1.net }) }
        case "recency":
            value = { c in shop.ownPurchases[c].map { AudienceReferenceShop.day($0.seconds) }.max().map { Double(today - $0) } }
        case "coupon_share":
            value = { c in
                let own = shop.ownPurchases[c]
                return own.isEmpty ? nil : Double(own.filter(\.discounted).count) / Double(own.count)
            }
        default:
            let scores = field == "r_score" ? segments.rScore : field == "f_score" ? segments.fScore : segments.mScore
            value = { c in scores[c] == 0 ? nil : Double(scores[c]) }
        }
        let fieldText = random.spell(field)
        let (firstText, first) = bound(field)
        if random.chance(20) {
            let (secondText, second) = bound(field)
            let (low, high) = first <= second ? (first, second) : (second, first)
            let (lowText, highText) = first <= second ? (firstText, secondText) : (secondText, firstText)
            return (fieldText + " " + random.spell("between") + " \(lowText) " + random.spell("and") + " \(highText)", { c in
                guard let v = value(c) else { return false }
                return v >= low && v <= high
            })
        }
        let op = random.pick(["=", "!=", "<", "<=", ">", ">="])
        let spacing = random.chance(80) ? " " : ""
        return (fieldText + spacing + op + spacing + firstText, { c in
            guard let v = value(c) else { return false }
            return Self.compare(v, op, first)
        })
    }

    /// A value for the field as written, and what it means (yuan in fen, shares as fractions).
    private mutating func bound(_ field: String) -> (String, Double) {
        switch field {
        case "orders", "frequency":
            let n = random.int(0 ... 6)
            return ("\(n)", Double(n))
        case "spend", "monetary":
            let fen = random.chance(30) ? random.int(0 ... 1000) * 100 : random.int(0 ... 150_000)
            return (fen % 100 == 0 ? "\(fen / 100)" : String(format: "%d.%02d", fen / 100, fen % 100), Double(fen))
        case "recency":
            let n = random.int(0 ... 500)
            return ("\(n)", Double(n))
        case "coupon_share":
            let written = random.pick(["0", "0.25", "0.5", "1", "33.33%", "50%", "66.67%", "100%", "0.4", "12.5%", "0%"])
            return (written, written.hasSuffix("%") ? Double(written.dropLast())! / 100 : Double(written)!)
        default:
            let n = random.int(1 ... 5)
            return ("\(n)", Double(n))
        }
    }

    static func compare<T: Comparable>(_ value: T, _ op: String, _ bound: T) -> Bool {
        switch op {
        case "=": return value == bound
        case "!=": return value != bound
        case "<": return value < bound
        case "<=": return value <= bound
        case ">": return value > bound
        default: return value >= bound
        }
    }

    // MARK: Names

    private mutating func name() -> (String, (Int) -> Bool) {
        let shop = shop, segments = segments
        let field: String
        var choices: [(written: String, meaning: String)]
        let matches: (Int, String) -> Bool
        switch random.below(6) {
        case 0:
            field = "class"
            choices = RFMClass.allCases.flatMap { [($0.label, $0.rawValue), ($0.rawValue, $0.rawValue), ($0.label + "客户", $0.rawValue)] }
            matches = { c, meaning in segments.rfmClass[c]?.rawValue == meaning }
        case 1:
            field = "pyramid"
            choices = PyramidLevel.allCases.flatMap { [($0.label, $0.rawValue), ($0.rawValue.uppercased(), $0.rawValue)] }
            matches = { c, meaning in segments.pyramid[c]?.rawValue == meaning }
        case 2:
            field = "lifecycle"
            choices = LifecycleStage.allCases.map { ($0.label, $0.rawValue) } + [("沉睡", "silent"), ("新客", "new"), ("Loyal", "loyal")]
            matches = { c, meaning in segments.lifecycle[c]?.rawValue == meaning }
        case 3:
            field = "channel"
            choices = [("tmall", "tmall"), ("天猫", "tmall"), ("jd", "jd"), ("京东", "jd"), ("门店", "pos"), ("DOUYIN", "douyin"),
                       ("amazon", "amazon")]
            matches = { c, meaning in shop.ownPurchases[c].contains { $0.channel == meaning } }
        case 4:
            field = "region"
            choices = (AudienceReferenceShop.provinces + AudienceReferenceShop.cities + ["浙江", "北京市"]).map { ($0, $0) }
            matches = { c, meaning in shop.province[c] == meaning || shop.city[c] == meaning }
        default:
            field = "tag"
            choices = (AudienceReferenceShop.tags + ["新品"]).map { ($0 == "and" || $0.contains(" ") ? "\"\($0)\"" : $0, $0) }
            matches = { c, meaning in shop.tags[c].contains(meaning) }
        }
        let picked = (0 ..< random.int(1 ... 3)).map { _ in random.pick(choices) }
        let meanings = picked.map(\.meaning)
        let negated = random.chance(40)
        let text: String
        if picked.count == 1, random.chance(60) {
            text = random.spell(field) + (negated ? " != " : " = ") + picked[0].written
        } else {
            text = random.spell(field) + (negated ? " " + random.spell("not") : "") + " " + random.spell("in") + " ("
                + picked.map(\.written).joined(separator: ", ") + ")"
        }
        return (text, { c in meanings.contains { matches(c, $0) } != negated })
    }

    // MARK: Birthdays and order dates

    private mutating func birthday() -> (String, (Int) -> Bool) {
        let weeks = random.chance(30)
        let amount = weeks ? random.pick([1, 2]) : random.pick([1, 3, 7, 30, 60, 366])
        let days = weeks ? amount * 7 : amount
        let shop = shop
        return (random.spell("birthday") + " " + random.spell("within") + " \(amount)" + (weeks ? "w" : "d"), { c in
            guard let (month, day) = shop.birthday[c] else { return false }
            return (0 ..< days).contains { offset in
                let date = CivilDate(daysSinceEpoch: shop.asOfDay + Int64(offset))
                if date.month == month, date.day == day { return true }
                return month == 2 && day == 29 && date.month == 2 && date.day == 28 && !AudienceReferenceShop.isLeap(date.year)
            }
        })
    }

    private mutating func orderDate() -> (String, (Int) -> Bool) {
        let first = random.chance(50)
        let shop = shop, today = shop.asOfDay
        let day: (Int) -> CivilDate? = { c in
            let days = shop.ownPurchases[c].map { AudienceReferenceShop.day($0.seconds) }
            return (first ? days.min() : days.max()).map { CivilDate(daysSinceEpoch: $0) }
        }
        let field = random.spell(first ? "first_order" : "last_order")
        switch random.below(3) {
        case 0:
            let weeks = random.chance(30)
            let amount = weeks ? random.pick([1, 4, 52]) : random.pick([1, 7, 30, 90, 365])
            let earliest = CivilDate(daysSinceEpoch: today - Int64(weeks ? amount * 7 : amount) + 1)
            return (field + " " + random.spell("within") + " \(amount)" + (weeks ? "w" : "d"), { c in
                day(c).map { $0 >= earliest } ?? false
            })
        case 1:
            let (from, to) = dateRange()
            return (field + " " + random.spell("between") + " \(from) " + random.spell("and") + " \(to)", { c in
                day(c).map { $0 >= from && $0 <= to } ?? false
            })
        default:
            let date = dateRange().0
            let op = random.pick(["=", "!=", "<", "<=", ">", ">="])
            return (field + " " + op + " \(date)", { c in day(c).map { Self.compare($0, op, date) } ?? false })
        }
    }
}
