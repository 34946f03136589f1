import Regulars

/// What erasing one customer removed, by kind of record. Counts only: an erasure record holds no personal data.
public struct ErasureCounts: Sendable, Codable, Equatable {
    /// Customer rows: the customer and every customer merged into it.
    public var customers = 0
    /// Phones, e-mails, union ids and channel accounts.
    public var identities = 0
    /// Orders kept for the shop's totals with their buyer, buyer name and identity taken off.
    public var ordersAnonymised = 0
    public var events = 0
    public var tags = 0
    public var segments = 0
    public var segmentHistory = 0
    public var merges = 0
    public var coupons = 0
    /// Redemptions kept for promotion budgets, with their customer taken off.
    public var redemptionsAnonymised = 0
    /// First-order guard claims (phone, device, address) of the customer.
    public var newCustomerClaims = 0
    /// Stored API answers (idempotency replays) that quoted the customer's personal data.
    public var storedAnswers = 0
    /// Import rejection reasons that quoted the customer's personal data, with it replaced.
    public var importRejectionsScrubbed = 0

    public init() {}
}

/// One PIPL erasure (SPEC PLAT-5): which customer, when and what went.
public struct ErasureReport: Sendable, Codable, Equatable {
    /// The id the erasure was asked for.
    public var customerID: Int64
    /// That customer and every customer merged into it: all of them are gone.
    public var erasedIDs: [Int64]
    public var erasedAt: Instant
    public var removed: ErasureCounts

    public init(customerID: Int64, erasedIDs: [Int64], erasedAt: Instant, removed: ErasureCounts) {
        self.customerID = customerID
        self.erasedIDs = erasedIDs
        self.erasedAt = erasedAt
        self.removed = removed
    }
}

/// Erasing a customer's personal data while the shop's orders and totals stay.
public protocol ErasureStore: Sendable {
    /// Erases the customer `id` ends up in after merges, with everyone merged into it, in one transaction; nil when
    /// there is no such customer (never was, or already erased). Their ids are never given to anyone else.
    func eraseCustomer(_ id: Int64, at now: Instant) async throws -> ErasureReport?
    /// The erasure that removed customer `id`, if one did.
    func erasure(of id: Int64) async throws -> ErasureReport?
}
