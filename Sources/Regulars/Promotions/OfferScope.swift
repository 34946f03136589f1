/// Which cart lines an offer covers: the whole cart, categories or SKUs, less exclusions.
public struct OfferScope: Sendable, Equatable {
    /// Empty: every category.
    public var categories: [String]
    /// Empty: every SKU (of the categories). Listing both covers the SKUs *and* the categories.
    public var skus: [String]
    public var excludedSKUs: [String]
    public var excludedCategories: [String]

    public init(categories: [String] = [], skus: [String] = [], excludedSKUs: [String] = [], excludedCategories: [String] = []) {
        self.categories = categories
        self.skus = skus
        self.excludedSKUs = excludedSKUs
        self.excludedCategories = excludedCategories
    }

    public static let wholeCart = OfferScope()

    public var isWholeCart: Bool { categories.isEmpty && skus.isEmpty && excludedSKUs.isEmpty && excludedCategories.isEmpty }

    public func covers(sku: String, category: String?) -> Bool {
        if excludedSKUs.contains(sku) { return false }
        if let category, excludedCategories.contains(category) { return false }
        if categories.isEmpty && skus.isEmpty { return true }
        if skus.contains(sku) { return true }
        if let category, categories.contains(category) { return true }
        return false
    }

    public func covers(_ line: CartLine) -> Bool { covers(sku: line.sku, category: line.category) }

    /// `全场`, `类目 美妆,个护`, `SKU A1 …`, with `不含 …` for exclusions.
    public var label: String {
        var parts: [String] = []
        if categories.isEmpty && skus.isEmpty { parts.append("全场") }
        if !categories.isEmpty { parts.append("类目 " + categories.joined(separator: ",")) }
        if !skus.isEmpty { parts.append("SKU " + skus.joined(separator: ",")) }
        let excluded = excludedCategories + excludedSKUs
        if !excluded.isEmpty { parts.append("不含 " + excluded.joined(separator: ",")) }
        return parts.joined(separator: " ")
    }
}
