import Regulars

/// Segments, their history, tags and saved audiences (SEG-1 … SEG-7).
public protocol SegmentStore: Sendable {
    /// Every live customer and their purchases as columns; `detail` adds what only the audience language needs
    /// (lines, events, tags, regions, birthdays, channels, discounts).
    func loadShopColumns(calendar: ShopCalendar, detail: Bool) async throws -> ShopColumns
    /// The purchases of `customers` only, over indexes `0 ..< customers.count` (an incremental re-score).
    func loadPurchases(of customers: [Int64], calendar: ShopCalendar) async throws -> PurchaseColumns
    /// The baseline of the last full recompute and its moment.
    func loadBaseline() async throws -> (baseline: RFMBaseline, at: Instant)?
    /// Customers whose purchases changed since segments were last written.
    func changedCustomers() async throws -> [Int64]
    /// Writes the segments of `table` (index `i` is customer `customerIDs[i]`): rows that changed, one history row
    /// per changed class, level and stage. A full write also removes rows of customers not in it and keeps the
    /// table's baseline. `marks` (read before the purchases were loaded) are cleared: marks made meanwhile stay.
    func saveSegments(_ table: SegmentTable, customerIDs: [Int64], full: Bool, clearing marks: [Int64],
                      at now: Instant) async throws -> SegmentRunReport
    /// Makes `tag`'s rule-given holders exactly `members` (history for each one added or removed).
    func applyRuleTag(_ tag: String, members: [Int64], at now: Instant) async throws -> (added: Int, removed: Int)

    /// Counts of the stored segments (nil before the first recompute).
    func storedSegmentSummary(calendar: ShopCalendar, windowDays: Int) async throws -> SegmentSummary?
    /// One customer's stored segment row (nil: no purchases, or never computed).
    func storedSegment(customer: Int64, calendar: ShopCalendar) async throws -> CustomerSegment?

    func segmentHistory(customer: Int64) async throws -> [SegmentChange]
    /// Customers' state at `from` against their state at `to`, counted by pair.
    func segmentFlow(_ dimension: SegmentDimension, from: Instant, to: Instant) async throws -> [SegmentFlowCell]
    /// Moves recorded between two moments, optionally only from and/or to given values.
    func segmentMoves(_ dimension: SegmentDimension, from: String?, to: String?, since: Instant, until: Instant) async throws -> [SegmentChange]

    /// Adds a manual tag; false when the customer already had it.
    func addTag(_ tag: String, to customer: Int64, at now: Instant) async throws -> Bool
    /// Removes a tag whatever gave it; false when the customer did not have it.
    func removeTag(_ tag: String, from customer: Int64, at now: Instant) async throws -> Bool
    /// Every tag held by a live customer (tags filed under a merged-away customer count for its survivor), by name.
    func tagCounts() async throws -> [TagCount]
    func tagRules() async throws -> [TagRule]
    func saveTagRule(_ rule: TagRule) async throws
    /// Deletes the rule and the tags it gave; false when there was no such rule.
    func deleteTagRule(_ tag: String, at now: Instant) async throws -> Bool

    func saveAudience(name: String, definition: String, at now: Instant) async throws -> SavedAudience
    func audience(named name: String) async throws -> SavedAudience?
    func audiences() async throws -> [SavedAudience]
    func deleteAudience(named name: String) async throws -> Bool
    /// Display rows for a page of customers: id, name, phone (masked unless asked), province, city.
    func customerRows(_ ids: [Int64], unmask: Bool) async throws -> [AudienceMemberRow]
}

/// One customer as an audience listing and export show it.
public struct AudienceMemberRow: Sendable, Equatable, Codable {
    public var id: Int64
    public var name: String?
    public var phone: String?
    public var province: String?
    public var city: String?
    public var channels: [String]

    public init(id: Int64, name: String?, phone: String?, province: String?, city: String?, channels: [String]) {
        self.id = id
        self.name = name
        self.phone = phone
        self.province = province
        self.city = city
        self.channels = channels
    }
}

/// A tag and how many customers hold it.
public struct TagCount: Sendable, Equatable, Codable {
    public var tag: String
    public var customers: Int

    public init(tag: String, customers: Int) {
        self.tag = tag
        self.customers = customers
    }
}
