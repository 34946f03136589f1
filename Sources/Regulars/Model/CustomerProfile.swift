/// The 360° view of one customer (DATA-3): who they are, how they buy, what they did lately.
public struct CustomerProfile: Sendable, Codable, Equatable {
    public struct IdentityEntry: Sendable, Codable, Equatable {
        public var identifier: Identifier
        /// How the platform showed a masked value (138****5678), when that is all there is.
        public var display: String?

        public init(identifier: Identifier, display: String?) {
            self.identifier = identifier
            self.display = display
        }
    }

    public struct OrderSummary: Sendable, Codable, Equatable {
        /// Paid orders (not cancelled, not pending, not refunded in full).
        public var count: Int
        /// Net paid: amounts less refunds, over paid and refunded orders.
        public var total: Money
        public var refunded: Money
        public var firstOrderAt: Instant?
        public var lastOrderAt: Instant?
        /// Categories by net spend, largest first.
        public var topCategories: [CategorySpend]
        public var channels: [Channel]

        /// 客单价: net paid per paid order.
        public var averageOrderValue: Money { count == 0 ? .zero : Money(fen: total.fen / Int64(count)) }

        public init(count: Int, total: Money, refunded: Money, firstOrderAt: Instant?, lastOrderAt: Instant?, topCategories: [CategorySpend], channels: [Channel]) {
            self.count = count
            self.total = total
            self.refunded = refunded
            self.firstOrderAt = firstOrderAt
            self.lastOrderAt = lastOrderAt
            self.topCategories = topCategories
            self.channels = channels
        }
    }

    public struct CategorySpend: Sendable, Codable, Equatable {
        public var category: String
        public var amount: Money

        public init(category: String, amount: Money) {
            self.category = category
            self.amount = amount
        }
    }

    public struct RecentOrder: Sendable, Codable, Equatable {
        public var channel: Channel
        public var externalID: String
        public var status: OrderStatus
        public var at: Instant?
        public var amount: Money
        public var refunded: Money
        /// `面霜 ×1, 口红 ×2`
        public var items: String

        public init(channel: Channel, externalID: String, status: OrderStatus, at: Instant?, amount: Money, refunded: Money, items: String) {
            self.channel = channel
            self.externalID = externalID
            self.status = status
            self.at = at
            self.amount = amount
            self.refunded = refunded
            self.items = items
        }
    }

    public struct RecentEvent: Sendable, Codable, Equatable {
        public var type: EventType
        public var channel: Channel
        public var sku: String?
        public var productName: String?
        public var at: Instant
        public var text: String?

        public init(type: EventType, channel: Channel, sku: String?, productName: String?, at: Instant, text: String?) {
            self.type = type
            self.channel = channel
            self.sku = sku
            self.productName = productName
            self.at = at
            self.text = text
        }
    }

    public struct Merge: Sendable, Codable, Equatable {
        public var id: Int64
        public var survivor: Int64
        public var absorbed: Int64
        /// The shared key that joined them (`phone 13812345678`).
        public var reason: Identifier
        public var mergedAt: Instant
        public var undoneAt: Instant?

        public init(id: Int64, survivor: Int64, absorbed: Int64, reason: Identifier, mergedAt: Instant, undoneAt: Instant?) {
            self.id = id
            self.survivor = survivor
            self.absorbed = absorbed
            self.reason = reason
            self.mergedAt = mergedAt
            self.undoneAt = undoneAt
        }
    }

    public var id: Int64
    /// Customer ids that were merged into this one and still are.
    public var mergedIDs: [Int64]
    public var name: String?
    public var gender: Gender?
    public var birthday: CivilDate?
    public var province: String?
    public var city: String?
    public var registeredAt: Instant?
    public var nickname: String?
    public var points: Int64?
    public var memberSince: Instant?
    /// Tags from every source (imported, manual, rules), alphabetical.
    public var tags: [String] = []
    public var identities: [IdentityEntry]
    public var orders: OrderSummary
    public var recentOrders: [RecentOrder]
    public var recentEvents: [RecentEvent]
    public var merges: [Merge]

    public init(id: Int64, mergedIDs: [Int64], name: String?, gender: Gender?, birthday: CivilDate?, province: String?,
                city: String?, registeredAt: Instant?, identities: [IdentityEntry], orders: OrderSummary,
                recentOrders: [RecentOrder], recentEvents: [RecentEvent], merges: [Merge]) {
        self.id = id
        self.mergedIDs = mergedIDs
        self.name = name
        self.gender = gender
        self.birthday = birthday
        self.province = province
        self.city = city
        self.registeredAt = registeredAt
        self.identities = identities
        self.orders = orders
        self.recentOrders = recentOrders
        self.recentEvents = recentEvents
        self.merges = merges
    }

    /// The same profile with phones, e-mails, the name and the nickname masked, for people without the unmask right.
    public func masked() -> CustomerProfile {
        var copy = self
        copy.name = name.map(PersonName.mask)
        copy.identities = identities.map { entry in
            var masked = entry
            masked.identifier.value = entry.identifier.maskedValue
            return masked
        }
        copy.nickname = nickname.map(PersonName.mask)
        copy.merges = merges.map { $0.masked() }
        return copy
    }
}

extension CustomerProfile.Merge {
    /// The merge with its reason (a phone or e-mail) masked.
    public func masked() -> CustomerProfile.Merge {
        var copy = self
        copy.reason.value = reason.maskedValue
        return copy
    }
}

/// One line of a customer search.
public struct CustomerSummary: Sendable, Codable, Equatable {
    public var id: Int64
    public var name: String?
    public var phone: String?
    public var channels: [Channel]
    public var orderCount: Int
    public var total: Money
    public var lastOrderAt: Instant?

    public init(id: Int64, name: String?, phone: String?, channels: [Channel], orderCount: Int, total: Money,
                lastOrderAt: Instant?) {
        self.id = id
        self.name = name
        self.phone = phone
        self.channels = channels
        self.orderCount = orderCount
        self.total = total
        self.lastOrderAt = lastOrderAt
    }

    public func masked() -> CustomerSummary {
        var copy = self
        copy.name = name.map(PersonName.mask)
        copy.phone = phone.map(PhoneNumber.mask)
        return copy
    }
}

/// The first numbers a shop owner wants to see after an import.
public struct ShopOverview: Sendable, Codable, Equatable {
    public struct ChannelLine: Sendable, Codable, Equatable {
        public var channel: Channel
        public var orders: Int
        public var net: Money
        public var buyers: Int

        public init(channel: Channel, orders: Int, net: Money, buyers: Int) {
            self.channel = channel
            self.orders = orders
            self.net = net
            self.buyers = buyers
        }
    }

    public struct ProductLine: Sendable, Codable, Equatable {
        public var sku: String
        public var name: String?
        public var units: Int
        public var net: Money
        /// Share of this product's buyers who bought it again (the repurchase rate per product).
        public var repurchaseRate: Double

        public init(sku: String, name: String?, units: Int, net: Money, repurchaseRate: Double) {
            self.sku = sku
            self.name = name
            self.units = units
            self.net = net
            self.repurchaseRate = repurchaseRate
        }
    }

    public var customers: Int
    public var buyers: Int
    /// Buyers with two or more paid orders.
    public var repeatBuyers: Int
    /// Customers reached on more than one channel after identity resolution.
    public var multiChannelCustomers: Int
    public var ordersByStatus: [OrderStatus: Int]
    public var net: Money
    public var refunded: Money
    public var presaleOrders: Int
    public var firstOrderAt: Instant?
    public var lastOrderAt: Instant?
    public var channels: [ChannelLine]
    public var topProducts: [ProductLine]
    /// Buyers by number of paid orders: 1, 2, 3, 4, 5+.
    public var orderCountDistribution: [Int]
    public var merges: Int
    public var sharedIdentifiers: Int
    public var eventsByType: [EventType: Int]
    /// A customer worth looking at first: joined across the most channels, then the most paid orders.
    public var showcaseCustomer: Int64?
    /// Orders whose file named no buyer (the Tmall report published as teaching data has no buyer column).
    public var anonymousOrders: Int = 0

    /// Orders that count as purchases (paid, shipped, completed, partly refunded).
    public var purchases: Int { OrderStatus.purchased.reduce(0) { $0 + ordersByStatus[$1, default: 0] } }

    /// 复购率: repeat buyers over buyers.
    public var repurchaseRate: Double { buyers == 0 ? 0 : Double(repeatBuyers) / Double(buyers) }
    public var averageOrderValue: Money {
        let orders = purchases
        return orders == 0 ? .zero : Money(fen: net.fen / Int64(orders))
    }

    public init(customers: Int, buyers: Int, repeatBuyers: Int, multiChannelCustomers: Int,
                ordersByStatus: [OrderStatus: Int], net: Money, refunded: Money, presaleOrders: Int,
                firstOrderAt: Instant?, lastOrderAt: Instant?, channels: [ChannelLine], topProducts: [ProductLine],
                orderCountDistribution: [Int], merges: Int, sharedIdentifiers: Int, eventsByType: [EventType: Int],
                showcaseCustomer: Int64?) {
        self.customers = customers
        self.buyers = buyers
        self.repeatBuyers = repeatBuyers
        self.multiChannelCustomers = multiChannelCustomers
        self.ordersByStatus = ordersByStatus
        self.net = net
        self.refunded = refunded
        self.presaleOrders = presaleOrders
        self.firstOrderAt = firstOrderAt
        self.lastOrderAt = lastOrderAt
        self.channels = channels
        self.topProducts = topProducts
        self.orderCountDistribution = orderCountDistribution
        self.merges = merges
        self.sharedIdentifiers = sharedIdentifiers
        self.eventsByType = eventsByType
        self.showcaseCustomer = showcaseCustomer
    }
}
