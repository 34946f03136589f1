/// What `DemoShop` generates: how many people and orders, the seed, and the demo's "now".
public struct DemoShopSpec: Sendable {
    /// Number of distinct people; each has at least one row in customers.csv (about 10% never order).
    public var customers: Int
    /// Number of orders in orders.csv, exactly (each order has 1–3 line rows).
    public var orders: Int
    /// The same spec and seed give byte-identical files on every platform.
    public var seed: UInt64
    /// The demo's "now"; the order history spans the two years before it, up to but excluding `end`.
    public var end: Instant
    /// The shop's time zone: every time in the files is local shop time.
    public var calendar: ShopCalendar

    public init(customers: Int = 3000, orders: Int = 12000, seed: UInt64 = 42, end: Instant,
                calendar: ShopCalendar = .shanghai) {
        self.customers = customers
        self.orders = orders
        self.seed = seed
        self.end = end
        self.calendar = calendar
    }
}

/// The three files of a demo shop; the raw value is the file's base name (`orders` → `orders.csv`).
public enum DemoFile: String, Sendable, CaseIterable {
    case customers, orders, events

    /// `customers.csv`, `orders.csv`, `events.csv`.
    public var fileName: String { rawValue + ".csv" }
}
