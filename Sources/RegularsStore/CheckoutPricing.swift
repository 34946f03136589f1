import Foundation
import GRDB
import Regulars

/// The SKUs the shop sells with a current price: the simulator's catalogue.
public protocol ProductPriceStore: Sendable {
    /// Every SKU with its category and the unit price of its latest sale.
    func latestProductPrices() async throws -> [WorstCaseSimulator.PricedSKU]
}

/// Prices a cart for a customer from what the store holds: the enabled promotions, the customer's usable coupons,
/// their segments, tags and saved audiences, first-order status, what is left of limited offers, the cost floors
/// and the new-customer guard. Changes nothing.
///
/// What is the same for every cart (`Shared`: promotions, their catalogue, templates, cost floors, settings) can be
/// loaded once and reused; per cart only the customer's own facts are read (`CustomerFacts`).
public enum CheckoutPricing {
    public struct Prepared: Sendable {
        public let catalog: PromotionCatalog
        public let request: PricingRequest
        public func price() throws(PromotionError) -> PricedCart { try catalog.price(request) }
    }

    /// What pricing reads that does not depend on the cart or the customer.
    public struct Shared: Sendable {
        public let promotions: [Offer]
        public let catalog: PromotionCatalog
        /// Every coupon template's offer, by template id.
        public let templateOffers: [String: Offer]
        public let costFloors: [String: Money]
        public let settings: ShopSettings
        /// Promotions that take from a stock, a count of buyers or a budget.
        public let limitedPromotionIDs: [String]

        public init(promotions: [Offer], templateOffers: [String: Offer], costFloors: [String: Money], settings: ShopSettings) {
            self.promotions = promotions
            catalog = PromotionCatalog(promotions: promotions)
            self.templateOffers = templateOffers
            self.costFloors = costFloors
            self.settings = settings
            limitedPromotionIDs = promotions.filter(\.isLimited).map(\.id)
        }

        public static func load(from store: any Store) async throws -> Shared {
            let promotions = try await store.promotions(includeDisabled: false).map(\.offer)
            let templates = try await store.templates().map(\.template.offer)
            return Shared(promotions: promotions, templateOffers: Dictionary(templates.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a }),
                          costFloors: try await store.costFloors(), settings: try await store.loadSettings())
        }
    }

    /// What pricing needs to know of the customer (nil id: a guest).
    public struct CustomerFacts: Sendable {
        /// The customer after merges.
        public var id: Int64?
        public var isFirstOrder = true
        /// Tags, tiers and stored segments; saved audiences are added by the caller.
        public var segments = Set<TargetSegment>()
        public var coupons: [HeldCoupon] = []
        public var availability = OfferAvailability()
        public var newCustomerOfferTaken = false

        public init(id: Int64? = nil) { self.id = id }

        /// Saved audiences any of these promotions or the customer's coupons target.
        public func audiencesTargeted(by promotions: [Offer]) -> Set<String> {
            var names = Set<String>()
            for offer in promotions where !offer.targeting.segments.isEmpty { names.formUnion(offer.targeting.audienceNames) }
            for coupon in coupons { names.formUnion(coupon.offer.targeting.audienceNames) }
            return names
        }
    }

    /// The saved audiences (of those named) a customer belongs to, as pricing targets them.
    public typealias AudienceLookup = @Sendable (_ customer: Int64, _ names: Set<String>) async throws -> Set<TargetSegment>

    /// Reads everything from the store for this one cart (the command line's way).
    public static func prepare(_ cart: CartRequest, customer: Int64?, channel: Channel, choice: CouponChoice,
                               store: any Store, settings: ShopSettings, now: Instant) async throws -> Prepared {
        let loaded = try await Shared.load(from: store)
        let shared = Shared(promotions: loaded.promotions, templateOffers: loaded.templateOffers, costFloors: loaded.costFloors,
                            settings: settings)
        return try await prepare(cart, customer: customer, channel: channel, choice: choice, shared: shared, store: store, now: now) {
            id, names in try await audienceMemberships(of: id, in: names, store: store, settings: settings, now: now)
        }
    }

    /// Reads only the customer's own facts; the rest comes from `shared`, saved audiences from `audiences`.
    public static func prepare(_ cart: CartRequest, customer: Int64?, channel: Channel, choice: CouponChoice, shared: Shared,
                               store: any Store, now: Instant, audiences: AudienceLookup) async throws -> Prepared {
        var facts: CustomerFacts
        if let fast = store as? any CheckoutFactsStore {
            guard let read = try await fast.checkoutFacts(customer: customer, keys: cart.keys, shared: shared, now: now) else {
                throw PromotionError.refused("no customer \(customer ?? 0)")
            }
            facts = read
        } else {
            facts = try await genericFacts(customer: customer, keys: cart.keys, shared: shared, store: store, now: now)
        }
        if let id = facts.id {
            let names = facts.audiencesTargeted(by: shared.promotions)
            if !names.isEmpty { facts.segments.formUnion(try await audiences(id, names)) }
        }
        let pricingCustomer = PricingCustomer(id: facts.id, isFirstOrder: facts.isFirstOrder,
                                              newCustomerOfferTaken: facts.newCustomerOfferTaken,
                                              membership: KnownMembership(facts.segments))
        let request = PricingRequest(cart: cart.cart, customer: pricingCustomer, channel: channel, now: now, coupons: facts.coupons,
                                     couponChoice: choice, availability: facts.availability, costFloors: shared.costFloors,
                                     settings: shared.settings.promotions)
        return Prepared(catalog: shared.catalog, request: request)
    }

    static func genericFacts(customer: Int64?, keys: NewCustomerKeys, shared: Shared, store: any Store,
                             now: Instant) async throws -> CustomerFacts {
        var facts = CustomerFacts(id: customer)
        if let id = customer {
            guard let profile = try await store.customerProfile(.id(id), recentLimit: 0) else {
                throw PromotionError.refused("no customer \(id)")
            }
            facts.id = profile.id
            facts.isFirstOrder = profile.orders.count == 0
            facts.coupons = try await store.usableCoupons(of: profile.id, at: now)
            for tag in profile.tags {
                facts.segments.insert(.tag(tag))
                facts.segments.insert(.tier(tag))
            }
            if let stored = try await store.storedSegment(customer: profile.id, calendar: shared.settings.calendar) {
                if let value = stored.rfmClass { facts.segments.insert(.rfmClass(value)) }
                if let value = stored.pyramid { facts.segments.insert(.pyramid(value)) }
                if let value = stored.lifecycle { facts.segments.insert(.lifecycle(value)) }
            }
        }
        facts.availability = try await store.availability(for: shared.limitedPromotionIDs, templateIDs: facts.coupons.map(\.offer.id),
                                                          customer: facts.id)
        let guardKeys = shared.settings.promotions.newCustomerGuard
        facts.newCustomerOfferTaken = guardKeys.isEmpty ? false : try await store.newCustomerOfferTaken(keys: keys, guarding: guardKeys)
        return facts
    }

    /// Saved audiences (by name) the customer belongs to; an unknown audience matches nobody.
    public static func audienceMemberships(of customer: Int64, in names: Set<String>, store: any Store, settings: ShopSettings,
                                           now: Instant) async throws -> Set<TargetSegment> {
        let snapshot = try await AudienceSnapshot.load(store, settings: settings, now: now)
        guard let index = snapshot.index(of: customer) else { return [] }
        var members = Set<TargetSegment>()
        for name in names {
            guard let saved = try await store.audience(named: name), let query = try? AudienceQuery(parsing: saved.definition) else { continue }
            if snapshot.context.evaluate(query).contains(index) { members.insert(.audience(name)) }
        }
        return members
    }
}

/// A store that reads a customer's pricing facts in one go (one read transaction instead of one per kind of fact).
public protocol CheckoutFactsStore: Sendable {
    /// nil when `customer` is given and unknown.
    func checkoutFacts(customer: Int64?, keys: NewCustomerKeys, shared: CheckoutPricing.Shared,
                       now: Instant) async throws -> CheckoutPricing.CustomerFacts?
}

extension SQLiteStore: CheckoutFactsStore {
    public func checkoutFacts(customer: Int64?, keys: NewCustomerKeys, shared: CheckoutPricing.Shared,
                              now: Instant) async throws -> CheckoutPricing.CustomerFacts? {
        let guardKeys = keys.normalized(guarding: shared.settings.promotions.newCustomerGuard)
        return try await pool.read { db in
            var facts = CheckoutPricing.CustomerFacts()
            var members: [Int64] = []
            if let customer {
                guard let tree = try SQLiteCustomerTree.tree(of: customer, in: db) else { return nil }
                facts.id = tree.root
                members = tree.members
                try Self.readProfileFacts(into: &facts, root: tree.root, members: members, db)
                facts.coupons = try Self.usableCoupons(of: members, templates: shared.templateOffers, at: now, db)
            }
            facts.availability = try Self.availability(promotions: shared.limitedPromotionIDs, templates: facts.coupons.map(\.offer.id),
                                                       members: members, db)
            for key in guardKeys where !facts.newCustomerOfferTaken {
                facts.newCustomerOfferTaken = try Bool.fetchOne(db.cachedStatement(sql: "SELECT 1 FROM new_customer_claims WHERE kind = ? AND value = ?"),
                                                                arguments: [key.kind.rawValue, key.value]) != nil
            }
            return facts
        }
    }

    private static func readProfileFacts(into facts: inout CheckoutPricing.CustomerFacts, root: Int64, members: [Int64],
                                         _ db: Database) throws {
        let purchased = try Bool.fetchOne(db.cachedStatement(sql: """
            SELECT 1 FROM orders WHERE customer_id = ? AND status IN \(OrderStatusSQL.purchased) LIMIT 1
            """), arguments: [root]) != nil
        facts.isFirstOrder = !purchased
        let tags = try String.fetchAll(db.cachedStatement(sql: """
            SELECT DISTINCT tag FROM customer_tags WHERE customer_id IN (\(databaseQuestionMarks(count: members.count)))
            """), arguments: StatementArguments(members))
        for tag in tags {
            facts.segments.insert(.tag(tag))
            facts.segments.insert(.tier(tag))
        }
        if let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT rfm_class, pyramid, lifecycle FROM customer_segments WHERE customer_id = ?"),
                                      arguments: [root]) {
            if let value = (row["rfm_class"] as String?).flatMap(RFMClass.init(rawValue:)) { facts.segments.insert(.rfmClass(value)) }
            if let value = (row["pyramid"] as String?).flatMap(PyramidLevel.init(rawValue:)) { facts.segments.insert(.pyramid(value)) }
            if let value = (row["lifecycle"] as String?).flatMap(LifecycleStage.init(rawValue:)) { facts.segments.insert(.lifecycle(value)) }
        }
    }

    /// The customer's coupons usable at `now`, with their templates' offers (from `templates`, else from the row).
    private static func usableCoupons(of members: [Int64], templates: [String: Offer], at now: Instant,
                                      _ db: Database) throws -> [HeldCoupon] {
        let rows = try Row.fetchAll(db.cachedStatement(sql: """
            SELECT code, template_id FROM coupons
            WHERE customer_id IN (\(databaseQuestionMarks(count: members.count))) AND state = 'issued' AND valid_from <= ? AND valid_until > ?
            ORDER BY valid_until, code
            """), arguments: StatementArguments(members) + [now.secondsSinceEpoch, now.secondsSinceEpoch])
        var read: [String: Offer] = [:]
        return try rows.map { row in
            let id: String = row["template_id"]
            if let offer = templates[id] ?? read[id] { return HeldCoupon(code: row["code"], offer: offer) }
            guard let definition = try String.fetchOne(db, sql: "SELECT definition FROM coupon_templates WHERE id = ?", arguments: [id]) else {
                throw StoreError.notFound("coupon template '\(id)'")
            }
            let offer = try SQLiteOfferRows.definition(ofTemplate: id, definition).offer
            read[id] = offer
            return HeldCoupon(code: row["code"], offer: offer)
        }
    }

    private static func availability(promotions: [String], templates: [String], members: [Int64],
                                     _ db: Database) throws -> OfferAvailability {
        var availability = OfferAvailability()
        let promotionRow = try db.cachedStatement(sql: """
            SELECT stock, buyer_limit, per_customer, budget, units_sold, buyers, given FROM promotions WHERE id = ?
            """)
        for id in Set(promotions) {
            guard let row = try Row.fetchOne(promotionRow, arguments: [id]) else { continue }
            let (sold, buyers, given): (Int, Int, Int64) = (row["units_sold"], row["buyers"], row["given"])
            if let stock: Int = row["stock"] { availability.remainingUnits[id] = stock - sold }
            if let limit: Int = row["buyer_limit"] { availability.remainingBuyers[id] = limit - buyers }
            if let budget: Int64 = row["budget"] { availability.remainingBudget[id] = Money(fen: budget - given) }
            let limited = row["stock"] as Int? != nil || row["buyer_limit"] as Int? != nil || row["per_customer"] as Int? != nil
            if limited, !members.isEmpty { availability.takenByCustomer[id] = try SQLiteOfferRows.taken(id, by: members, db) }
        }
        let templateRow = try db.cachedStatement(sql: "SELECT redemption_budget, redeemed, budget, given FROM coupon_templates WHERE id = ?")
        for id in Set(templates) {
            guard let row = try Row.fetchOne(templateRow, arguments: [id]) else { continue }
            if let budget: Int = row["redemption_budget"] { availability.remainingRedemptions[id] = budget - (row["redeemed"] as Int) }
            if let budget: Int64 = row["budget"] { availability.remainingBudget[id] = Money(fen: budget - (row["given"] as Int64)) }
        }
        return availability
    }
}

extension Targeting {
    /// The saved audiences this targeting names.
    public var audienceNames: Set<String> {
        Set(segments.compactMap { target -> String? in
            if case .audience(let name) = target { return name }
            return nil
        })
    }
}

extension Offer {
    /// Whether redeeming it takes from a stock, a count of buyers or a budget.
    public var isLimited: Bool {
        if budget != nil { return true }
        switch benefit {
        case .flashSale, .firstN: return true
        default: return false
        }
    }
}
