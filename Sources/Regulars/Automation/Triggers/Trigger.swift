/// What puts a customer into a journey (AUTO-1). Every threshold is a setting of the trigger with the SPEC default.
public enum Trigger: Sendable, Equatable, Codable {
    // Events.
    /// An order was paid.
    case orderPaid
    /// A customer's first paid order.
    case firstOrder
    /// A `shipped` event (发货).
    case shipped
    /// A `delivered` event (签收).
    case delivered
    /// Added to the cart and no paid order within `hours` (default 24).
    case cartAbandoned(hours: Int)
    /// A `cart_expired` event.
    case cartExpired
    /// Viewed one product for more than `minutes` in all (default 5) or at least `times` times (default 3)
    /// within `withinHours` (default 24), and no paid order containing it in that time.
    case productViewed(minutes: Int, times: Int, withinHours: Int)
    /// A presale deposit is paid (a pending order with a deposit) and the balance, due at `deadline` (the shop's
    /// local time), is unpaid `hoursBefore` hours before it (default 24).
    case presaleBalanceDue(deadline: LocalDateTime, hoursBefore: Int)
    /// The customer's value-pyramid level changed (to `to`, or to any level when nil).
    case levelChanged(to: String?)
    /// Entered or left the audience (audience language).
    case audienceEntered(String)
    case audienceLeft(String)
    // Time.
    /// `daysBefore` days before the birthday (default 3), at the start of that local day; 29 Feb is kept on
    /// 28 Feb in other years.
    case birthday(daysBefore: Int)
    /// `days` after the first order (default 7) without a second.
    case noSecondOrder(days: Int)
    /// `days` after a paid order (default 30) — the repurchase reminder; `cycles` gives some categories or SKUs
    /// their own cycle (a 30-ml bottle lasts 45 days).
    case repurchase(days: Int, cycles: [String: Int])
    /// No paid order for `days` (default 30).
    case silent(days: Int)
}

/// A wall-clock moment in the shop's time zone (a presale's balance deadline is printed that way).
public struct LocalDateTime: Sendable, Hashable, Codable, CustomStringConvertible {
    public var date: CivilDate
    public var time: ClockTime

    public init(date: CivilDate, time: ClockTime) {
        self.date = date
        self.time = time
    }

    public var description: String { "\(date) \(time)" }
}

/// One firing of a trigger for one customer. `key` names the occurrence (`order:T123`, `birthday:2027`) so the
/// same occurrence never enrols a customer twice, however often the scheduler looks.
public struct TriggerOccurrence: Sendable, Equatable {
    public var key: String
    public var at: Instant
    /// Variables the occurrence brings to the messages (`product`, `order`, `deadline`).
    public var variables: [String: String]

    public init(key: String, at: Instant, variables: [String: String] = [:]) {
        self.key = key
        self.at = at
        self.variables = variables
    }
}

/// What the trigger evaluator knows of one customer: loaded by the store for the customers a trigger could
/// concern in a window.
public struct TriggerFacts: Sendable, Equatable {
    public struct PaidOrder: Sendable, Equatable {
        public var externalID: String
        /// Paid, or for an unpaid presale order its creation.
        public var at: Instant
        public var status: OrderStatus
        public var deposit: Money?
        public var balance: Money?
        /// SKUs and their categories (category may be nil).
        public var items: [(sku: String, name: String?, category: String?)]

        public init(externalID: String, at: Instant, status: OrderStatus, deposit: Money? = nil, balance: Money? = nil,
                    items: [(sku: String, name: String?, category: String?)] = []) {
            self.externalID = externalID
            self.at = at
            self.status = status
            self.deposit = deposit
            self.balance = balance
            self.items = items
        }

        public static func == (lhs: PaidOrder, rhs: PaidOrder) -> Bool {
            lhs.externalID == rhs.externalID && lhs.at == rhs.at && lhs.status == rhs.status
                && lhs.deposit == rhs.deposit && lhs.balance == rhs.balance
                && lhs.items.map { [$0.sku, $0.name ?? "", $0.category ?? ""] } == rhs.items.map { [$0.sku, $0.name ?? "", $0.category ?? ""] }
        }
    }

    public struct Event: Sendable, Equatable {
        public var type: EventType
        public var sku: String?
        public var at: Instant
        public var durationSeconds: Int32?

        public init(type: EventType, sku: String? = nil, at: Instant, durationSeconds: Int32? = nil) {
            self.type = type
            self.sku = sku
            self.at = at
            self.durationSeconds = durationSeconds
        }
    }

    public struct LevelChange: Sendable, Equatable {
        public var from: String?
        public var to: String?
        public var at: Instant

        public init(from: String?, to: String?, at: Instant) {
            self.from = from
            self.to = to
            self.at = at
        }
    }

    public var customerID: Int64
    public var birthday: CivilDate?
    /// Every order of the customer (paid ones, and unpaid presale orders), oldest first.
    public var orders: [PaidOrder]
    /// Events in the look-back the store was asked for, oldest first.
    public var events: [Event]
    /// Pyramid moves in the look-back, oldest first.
    public var levelChanges: [LevelChange]

    public init(customerID: Int64, birthday: CivilDate? = nil, orders: [PaidOrder] = [], events: [Event] = [],
                levelChanges: [LevelChange] = []) {
        self.customerID = customerID
        self.birthday = birthday
        self.orders = orders
        self.events = events
        self.levelChanges = levelChanges
    }
}
