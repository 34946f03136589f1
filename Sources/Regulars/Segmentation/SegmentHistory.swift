/// The segment dimensions whose every change is kept (SEG-6).
public enum SegmentDimension: String, Sendable, Codable, CaseIterable {
    case rfmClass = "class"
    case pyramid, lifecycle, tag

    /// The stored value's label for people: `important-value` → 重要价值, `champion` → 王者; tags are their own name.
    public func label(_ value: String?) -> String {
        guard let value else { return "—" }
        switch self {
        case .rfmClass: return RFMClass(rawValue: value)?.label ?? value
        case .pyramid: return PyramidLevel(rawValue: value)?.label ?? value
        case .lifecycle: return LifecycleStage(rawValue: value)?.label ?? value
        case .tag: return value
        }
    }

    /// A value as people write it (Chinese or English) → the stored value; nil when not a value of the dimension.
    public func storedValue(naming text: String) -> String? {
        switch self {
        case .rfmClass: return RFMClass(naming: text)?.rawValue
        case .pyramid: return PyramidLevel(naming: text)?.rawValue
        case .lifecycle: return LifecycleStage(naming: text)?.rawValue
        case .tag: return text
        }
    }

    public init?(naming text: String) {
        switch text.lowercased() {
        case "class", "rfm", "rfm_class", "分类", "rfm分类": self = .rfmClass
        case "pyramid", "金字塔", "层级": self = .pyramid
        case "lifecycle", "stage", "生命周期": self = .lifecycle
        case "tag", "tags", "标签": self = .tag
        default: return nil
        }
    }
}

/// One move of one customer: `from` nil is entering, `to` nil is leaving (for tags: added, removed).
public struct SegmentChange: Sendable, Equatable, Codable {
    public var customerID: Int64
    public var dimension: SegmentDimension
    public var from: String?
    public var to: String?
    public var at: Instant

    public init(customerID: Int64, dimension: SegmentDimension, from: String?, to: String?, at: Instant) {
        self.customerID = customerID
        self.dimension = dimension
        self.from = from
        self.to = to
        self.at = at
    }
}

/// How many customers were in `from` at the first moment and in `to` at the second (nil: in none).
public struct SegmentFlowCell: Sendable, Equatable, Codable {
    public var from: String?
    public var to: String?
    public var customers: Int

    public init(from: String?, to: String?, customers: Int) {
        self.from = from
        self.to = to
        self.customers = customers
    }
}

/// What one segment computation wrote.
public struct SegmentRunReport: Sendable, Equatable, Codable {
    public var full: Bool
    /// Customers looked at, and those whose stored segment row changed (written, added or removed).
    public var customers = 0
    public var rowsChanged = 0
    public var historyRows = 0
    public var ruleTagsAdded = 0
    public var ruleTagsRemoved = 0

    public init(full: Bool) { self.full = full }
}

/// A saved audience: a name and its definition in the audience language.
public struct SavedAudience: Sendable, Equatable, Codable {
    public var name: String
    public var definition: String
    public var createdAt: Instant
    public var updatedAt: Instant

    public init(name: String, definition: String, createdAt: Instant, updatedAt: Instant) {
        self.name = name
        self.definition = definition
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}

/// A tag given automatically to the customers an audience-language definition matches (SEG-5).
public struct TagRule: Sendable, Equatable, Codable {
    public var tag: String
    public var definition: String
    public var createdAt: Instant

    public init(tag: String, definition: String, createdAt: Instant) {
        self.tag = tag
        self.definition = definition
        self.createdAt = createdAt
    }
}
