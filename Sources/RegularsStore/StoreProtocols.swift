import Regulars

/// Shop settings, kept with the data they govern.
public protocol SettingsStore: Sendable {
    func loadSettings() async throws -> ShopSettings
    func saveSettings(_ settings: ShopSettings) async throws
}

/// Bulk writes of imported records. A session keeps caches between batches of one import; each batch is one
/// transaction, so an interrupted import keeps whole batches and a re-import finishes the rest.
public protocol ImportStore: Sendable {
    func beginImport(settings: ShopSettings, at now: Instant) async throws -> any ImportSession
    /// Records one finished import run (file, counts, every rejected row) in the store's import history.
    func recordImportRun(_ run: ImportRun) async throws
}

public protocol ImportSession: AnyObject {
    /// Flags linking keys that more accounts present than the shared-identifier limit, counting both this file's
    /// accounts and those already linked; returns the flagged keys.
    func guardSharedIdentifiers(_ accountsPerKey: [Identifier: Set<String>]) async throws -> [Identifier]
    func writeOrders(_ orders: ArraySlice<OrderRecord>) async throws -> BatchCounts
    /// Lines from a line-level file: they replace the lines of their orders now, or when the orders arrive.
    func writeLines(_ orders: ArraySlice<OrderLinesRecord>) async throws -> BatchCounts
    /// After-sales cases: kept, and reconciled into their orders' refunds now or when the orders arrive.
    func writeAfterSales(_ cases: ArraySlice<AfterSalesRecord>) async throws -> BatchCounts
    func writeCustomers(_ customers: ArraySlice<CustomerRecord>) async throws -> BatchCounts
    func writeEvents(_ events: ArraySlice<EventRecord>) async throws -> BatchCounts
    /// Ends the session (also after a failure): whatever it put off until the end is done now.
    func finish() async throws
}

/// The 360° view and customer look-ups.
public protocol CustomerQueryStore: Sendable {
    func customerProfile(_ reference: CustomerReference, recentLimit: Int) async throws -> CustomerProfile?
    func searchCustomers(_ text: String, limit: Int) async throws -> [CustomerSummary]
    func shopOverview() async throws -> ShopOverview
}

/// Merges between customers: listing and undoing them.
public protocol MergeStore: Sendable {
    /// Undoes merge `mergeID`: the absorbed customer gets back the identities (and their orders and events) it
    /// brought, and the two are kept apart from then on.
    func unmerge(_ mergeID: Int64, at now: Instant) async throws -> CustomerProfile.Merge
}

/// Everything the engines and the command line need from a store.
public typealias Store = SettingsStore & ImportStore & CustomerQueryStore & MergeStore & SegmentStore & PromotionStore & ProductPriceStore

/// How a person names a customer: a Regulars id, a phone number, or a channel account.
public enum CustomerReference: Sendable, Equatable {
    case id(Int64)
    case phone(String)
    case account(String)

    /// `123` → id, a mobile number → phone, anything else → an account name.
    public init(parsing text: String) {
        if case .mobile(let number)? = PhoneNumber.parse(text) {
            self = .phone(number)
        } else if let id = Int64(text.trimmingCharacters(in: .whitespaces)) {
            self = .id(id)
        } else {
            self = .account(text.trimmingCharacters(in: .whitespaces))
        }
    }
}

/// What one batch did, by record.
public struct BatchCounts: Sendable, Equatable, Codable {
    public var inserted = 0
    public var updated = 0
    /// Already present and unchanged.
    public var duplicate = 0
    public var customersCreated = 0
    public var merges = 0
    /// Merges undone because their key turned out to be shared.
    public var mergesUndone = 0
    /// Records whose only keys were shared identifiers: orders stay anonymous, profiles and events are skipped.
    public var unidentified = 0
    /// Lines or after-sales cases whose order is not in the store yet: kept, applied when the order is imported.
    public var awaitingOrder = 0
    /// Orders whose after-sales refunds added up to more than was paid: the refund is held at the amount paid.
    public var refundsCapped = 0

    public init() {}

    /// What happened between two readings of a running total.
    public static func - (lhs: BatchCounts, rhs: BatchCounts) -> BatchCounts {
        var difference = BatchCounts()
        difference.inserted = lhs.inserted - rhs.inserted
        difference.updated = lhs.updated - rhs.updated
        difference.duplicate = lhs.duplicate - rhs.duplicate
        difference.customersCreated = lhs.customersCreated - rhs.customersCreated
        difference.merges = lhs.merges - rhs.merges
        difference.mergesUndone = lhs.mergesUndone - rhs.mergesUndone
        difference.unidentified = lhs.unidentified - rhs.unidentified
        difference.awaitingOrder = lhs.awaitingOrder - rhs.awaitingOrder
        difference.refundsCapped = lhs.refundsCapped - rhs.refundsCapped
        return difference
    }

    public static func += (lhs: inout BatchCounts, rhs: BatchCounts) {
        lhs.inserted += rhs.inserted
        lhs.updated += rhs.updated
        lhs.duplicate += rhs.duplicate
        lhs.customersCreated += rhs.customersCreated
        lhs.merges += rhs.merges
        lhs.mergesUndone += rhs.mergesUndone
        lhs.unidentified += rhs.unidentified
        lhs.awaitingOrder += rhs.awaitingOrder
        lhs.refundsCapped += rhs.refundsCapped
    }
}

/// One finished import, as kept in the store's history.
public struct ImportRun: Sendable, Equatable, Codable {
    public var file: String
    public var kind: ImportKind
    public var dialect: String
    public var encoding: String
    public var finishedAt: Instant
    public var rowsRead: Int
    public var counts: BatchCounts
    public var rejections: [RowRejection]

    public init(file: String, kind: ImportKind, dialect: String, encoding: String, finishedAt: Instant, rowsRead: Int,
                counts: BatchCounts, rejections: [RowRejection]) {
        self.file = file
        self.kind = kind
        self.dialect = dialect
        self.encoding = encoding
        self.finishedAt = finishedAt
        self.rowsRead = rowsRead
        self.counts = counts
        self.rejections = rejections
    }
}

public enum StoreError: Error, Equatable, CustomStringConvertible {
    case notFound(String)
    case invalid(String)

    public var description: String {
        switch self {
        case .notFound(let what): return "not found: \(what)"
        case .invalid(let what): return what
        }
    }
}
