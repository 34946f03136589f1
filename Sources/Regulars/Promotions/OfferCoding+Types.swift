import Foundation

extension Benefit: Codable {
    private static let fields: Set<String> = [
        "type", "threshold", "off", "tiers", "every", "every_off", "cap", "discount", "sku", "quantity", "buy", "get", "n",
        "count", "price", "counting", "per_customer", "stock", "deposit", "deduction", "factor", "skus",
    ]

    public init(from decoder: any Decoder) throws {
        let reader = try FieldReader(decoder, allowed: Self.fields)
        let type = try reader.string("type")
        switch type {
        case "amount_off": self = .amountOff(threshold: try reader.optionalMoney("threshold") ?? .zero, off: try reader.money("off"))
        case "cash": self = .cash(off: try reader.money("off"))
        case "tiered":
            let tiers = try reader.nested([Tier].self, "tiers") ?? []
            var repeating: RepeatingOff?
            if reader.has("every") {
                repeating = RepeatingOff(every: try reader.money("every"), off: try reader.money("every_off"), cap: try reader.optionalMoney("cap"))
            }
            self = .tiered(tiers: tiers, repeating: repeating)
        case "percent_off":
            self = .percentOff(rate: try reader.rate("discount"), threshold: try reader.optionalMoney("threshold") ?? .zero,
                               cap: try reader.optionalMoney("cap"))
        case "gift":
            self = .gift(threshold: try reader.optionalMoney("threshold") ?? .zero, sku: try reader.string("sku"),
                         quantity: try reader.optionalInt("quantity", atLeast: 1) ?? 1)
        case "buy_x_get_y": self = .buyXGetY(buy: try reader.int("buy", atLeast: 1), get: try reader.int("get", atLeast: 1))
        case "nth_item": self = .nthItem(n: try reader.int("n", atLeast: 2), rate: try reader.rate("discount"))
        case "first_n":
            let counting = try reader.optionalString("counting") ?? "units"
            guard let parsed = FirstNCounting(rawValue: counting) else {
                throw PromotionError.invalidDefinition(where: reader.place("counting"), problem: "'\(counting)' is not units or buyers")
            }
            self = .firstN(count: try reader.int("count", atLeast: 1), price: try reader.money("price"), counting: parsed,
                           perCustomer: try reader.optionalInt("per_customer", atLeast: 1) ?? 1)
        case "flash_sale":
            self = .flashSale(price: try reader.money("price"), stock: try reader.int("stock", atLeast: 0),
                              perCustomer: try reader.optionalInt("per_customer", atLeast: 1))
        case "deposit_inflation": self = .depositInflation(deposit: try reader.money("deposit"), deduction: try reader.money("deduction"))
        case "member_extra": self = .memberExtra(rate: try reader.rate("discount"))
        case "points_multiplier": self = .pointsMultiplier(factor: try reader.int("factor", atLeast: 2))
        case "free_shipping": self = .freeShipping(threshold: try reader.optionalMoney("threshold") ?? .zero)
        case "bundle": self = .bundle(skus: try reader.strings("skus"), price: try reader.money("price"))
        default:
            throw PromotionError.invalidDefinition(where: reader.place("type"), problem: "'\(type)' is not a benefit type; one of \(Benefit.typeNames.joined(separator: ", "))")
        }
    }

    public static let typeNames = ["amount_off", "cash", "tiered", "percent_off", "gift", "buy_x_get_y", "nth_item", "first_n",
                                   "flash_sale", "deposit_inflation", "member_extra", "points_multiplier", "free_shipping", "bundle"]

    public func encode(to encoder: any Encoder) throws {
        var writer = FieldWriter(encoder)
        switch self {
        case .amountOff(let threshold, let off):
            try writer.put("type", "amount_off"); try writer.put("threshold", threshold); try writer.put("off", off)
        case .cash(let off):
            try writer.put("type", "cash"); try writer.put("off", off)
        case .tiered(let tiers, let repeating):
            try writer.put("type", "tiered")
            if !tiers.isEmpty { try writer.put("tiers", tiers) }
            if let repeating {
                try writer.put("every", repeating.every); try writer.put("every_off", repeating.off); try writer.put("cap", repeating.cap)
            }
        case .percentOff(let rate, let threshold, let cap):
            try writer.put("type", "percent_off"); try writer.put("discount", rate.label)
            if threshold.fen > 0 { try writer.put("threshold", threshold) }
            try writer.put("cap", cap)
        case .gift(let threshold, let sku, let quantity):
            try writer.put("type", "gift"); try writer.put("threshold", threshold); try writer.put("sku", sku); try writer.put("quantity", quantity)
        case .buyXGetY(let buy, let get):
            try writer.put("type", "buy_x_get_y"); try writer.put("buy", buy); try writer.put("get", get)
        case .nthItem(let n, let rate):
            try writer.put("type", "nth_item"); try writer.put("n", n); try writer.put("discount", rate.label)
        case .firstN(let count, let price, let counting, let perCustomer):
            try writer.put("type", "first_n"); try writer.put("count", count); try writer.put("price", price)
            try writer.put("counting", counting.rawValue); try writer.put("per_customer", perCustomer)
        case .flashSale(let price, let stock, let perCustomer):
            try writer.put("type", "flash_sale"); try writer.put("price", price); try writer.put("stock", stock)
            try writer.put("per_customer", perCustomer)
        case .depositInflation(let deposit, let deduction):
            try writer.put("type", "deposit_inflation"); try writer.put("deposit", deposit); try writer.put("deduction", deduction)
        case .memberExtra(let rate):
            try writer.put("type", "member_extra"); try writer.put("discount", rate.label)
        case .pointsMultiplier(let factor):
            try writer.put("type", "points_multiplier"); try writer.put("factor", factor)
        case .freeShipping(let threshold):
            try writer.put("type", "free_shipping"); if threshold.fen > 0 { try writer.put("threshold", threshold) }
        case .bundle(let skus, let price):
            try writer.put("type", "bundle"); try writer.put("skus", skus); try writer.put("price", price)
        }
    }
}

extension Benefit.Tier {
    public init(from decoder: any Decoder) throws {
        let reader = try FieldReader(decoder, allowed: ["threshold", "off"])
        self.init(threshold: try reader.money("threshold"), off: try reader.money("off"))
    }

    public func encode(to encoder: any Encoder) throws {
        var writer = FieldWriter(encoder)
        try writer.put("threshold", threshold)
        try writer.put("off", off)
    }
}

extension OfferScope: Codable {
    public init(from decoder: any Decoder) throws {
        let reader = try FieldReader(decoder, allowed: ["categories", "skus", "exclude_skus", "exclude_categories"])
        self.init(categories: try reader.strings("categories"), skus: try reader.strings("skus"),
                  excludedSKUs: try reader.strings("exclude_skus"), excludedCategories: try reader.strings("exclude_categories"))
    }

    public func encode(to encoder: any Encoder) throws {
        var writer = FieldWriter(encoder)
        try writer.put("categories", categories)
        try writer.put("skus", skus)
        try writer.put("exclude_skus", excludedSKUs)
        try writer.put("exclude_categories", excludedCategories)
    }
}

extension Targeting: Codable {
    public init(from decoder: any Decoder) throws {
        let reader = try FieldReader(decoder, allowed: ["segments", "channels", "starts", "ends", "first_order_only"])
        var segments: [TargetSegment] = []
        for (index, text) in try reader.strings("segments").enumerated() {
            do {
                segments.append(try TargetSegment(parsing: text))
            } catch {
                throw PromotionError.invalidDefinition(where: reader.place("segments") + "[\(index + 1)]", problem: error.description)
            }
        }
        self.init(segments: segments, channels: try reader.strings("channels").map(Channel.init(rawValue:)),
                  starts: try reader.instant("starts"), ends: try reader.instant("ends"),
                  firstOrderOnly: try reader.bool("first_order_only", default: false))
    }

    public func encode(to encoder: any Encoder) throws {
        var writer = FieldWriter(encoder)
        try writer.put("segments", segments.map(\.text))
        try writer.put("channels", channels.map(\.rawValue))
        try writer.put("starts", starts?.description)
        try writer.put("ends", ends?.description)
        if firstOrderOnly { try writer.put("first_order_only", true) }
    }
}

extension Stacking: Codable {
    public init(from decoder: any Decoder) throws {
        let reader = try FieldReader(decoder, allowed: ["group", "exclusive", "priority"])
        self.init(group: try reader.optionalString("group"), exclusive: try reader.bool("exclusive", default: false),
                  priority: try reader.nested(Int.self, "priority") ?? 0)
    }

    public func encode(to encoder: any Encoder) throws {
        var writer = FieldWriter(encoder)
        try writer.put("group", group)
        if exclusive { try writer.put("exclusive", true) }
        if priority != 0 { try writer.put("priority", priority) }
    }
}

extension Offer: Codable {
    static let fields: Set<String> = ["id", "name", "benefit", "scope", "targeting", "stacking", "budget"]

    public init(from decoder: any Decoder) throws {
        try self.init(reading: FieldReader(decoder, allowed: Self.fields))
    }

    init(reading reader: FieldReader) throws {
        let id = try reader.string("id")
        guard OfferValidation.isWellFormedID(id) else {
            throw PromotionError.invalidDefinition(where: reader.place("id"), problem: "'\(id)' is not an id; use letters, digits, - and _ (at most 64)")
        }
        guard let benefit = try reader.nested(Benefit.self, "benefit") else {
            throw PromotionError.invalidDefinition(where: reader.place("benefit"), problem: "missing")
        }
        self.init(id: id, name: try reader.optionalString("name") ?? id, benefit: benefit,
                  scope: try reader.nested(OfferScope.self, "scope") ?? .wholeCart,
                  targeting: try reader.nested(Targeting.self, "targeting") ?? .everyone,
                  stacking: try reader.nested(Stacking.self, "stacking") ?? Stacking(),
                  budget: try reader.optionalMoney("budget"))
        try OfferValidation.validate(self)
    }

    public func encode(to encoder: any Encoder) throws {
        var writer = FieldWriter(encoder)
        try write(into: &writer)
    }

    func write(into writer: inout FieldWriter) throws {
        try writer.put("id", id)
        try writer.put("name", name)
        try writer.put("benefit", benefit)
        if !scope.isWholeCart { try writer.put("scope", scope) }
        if targeting != .everyone { try writer.put("targeting", targeting) }
        if stacking != Stacking() { try writer.put("stacking", stacking) }
        try writer.put("budget", budget)
    }
}

extension CouponTemplate: Codable {
    public init(from decoder: any Decoder) throws {
        let reader = try FieldReader(decoder, allowed: Offer.fields.union([
            "validity", "total_limit", "per_customer_limit", "redemption_budget", "claim_code", "restore_on_refund"]))
        let offer = try Offer(reading: reader)
        guard offer.benefit.isCouponBenefit else {
            throw PromotionError.invalidDefinition(where: reader.place("benefit") + ".type",
                                                   problem: "a coupon gives amount_off, cash, tiered, percent_off or free_shipping")
        }
        guard let validity = try reader.nested(Validity.self, "validity") else {
            throw PromotionError.invalidDefinition(where: reader.place("validity"), problem: "missing; write {\"days\": 7} or {\"from\": …, \"until\": …}")
        }
        self.init(offer: offer, validity: validity, totalLimit: try reader.optionalInt("total_limit", atLeast: 1),
                  perCustomerLimit: reader.has("per_customer_limit") ? try reader.optionalInt("per_customer_limit", atLeast: 1) : 1,
                  redemptionBudget: try reader.optionalInt("redemption_budget", atLeast: 1),
                  claimCode: try reader.optionalString("claim_code"),
                  restoreOnRefund: try reader.bool("restore_on_refund", default: true))
    }

    public func encode(to encoder: any Encoder) throws {
        var writer = FieldWriter(encoder)
        try offer.write(into: &writer)
        try writer.put("validity", validity)
        try writer.put("total_limit", totalLimit)
        try writer.put("per_customer_limit", perCustomerLimit)
        try writer.put("redemption_budget", redemptionBudget)
        try writer.put("claim_code", claimCode)
        if !restoreOnRefund { try writer.put("restore_on_refund", false) }
    }
}

extension CouponTemplate.Validity: Codable {
    public init(from decoder: any Decoder) throws {
        let reader = try FieldReader(decoder, allowed: ["days", "from", "until"])
        if reader.has("days") {
            self = .daysFromIssue(try reader.int("days", atLeast: 1))
        } else if let from = try reader.instant("from"), let until = try reader.instant("until") {
            guard from < until else { throw PromotionError.invalidDefinition(where: reader.place("until"), problem: "is not after from") }
            self = .fixed(from: from, until: until)
        } else {
            throw PromotionError.invalidDefinition(where: OfferCoding.path(reader.container.codingPath),
                                                   problem: "write {\"days\": 7} or both from and until")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var writer = FieldWriter(encoder)
        switch self {
        case .daysFromIssue(let days): try writer.put("days", days)
        case .fixed(let from, let until): try writer.put("from", from.description); try writer.put("until", until.description)
        }
    }
}
