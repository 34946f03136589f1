/// An ad-hoc audience query (SEG-7), e.g. `bought sku:A within 90d and not bought sku:B ever and pyramid = 潜力`.
/// Two queries are equal when they are understood the same, however they are spelled.
public struct AudienceQuery: Sendable, Equatable {
    /// The query as the user wrote it.
    public let text: String
    let expression: AudienceExpression

    /// Reads `text`, or says at which column and why it cannot be read.
    public init(parsing text: String) throws(AudienceSyntaxError) {
        self.text = text
        expression = try AudienceParser.parse(text)
    }

    /// The query as understood, normalised (keywords lower-case, values quoted where needed), reparsable to the same query.
    public var canonical: String { AudienceCanonical.text(expression) }

    public static func == (lhs: AudienceQuery, rhs: AudienceQuery) -> Bool { lhs.expression == rhs.expression }
}

/// One node of a query tree as `AudienceContext.explain` reports it.
public struct AudienceExplanation: Sendable, Equatable {
    /// 0 for the root, one more for each level down.
    public var depth: Int
    /// The node in the language and in Chinese: `bought sku:A within 90d — 90天内购买过 sku:A`.
    public var description: String
    /// Customers the node matches on its own.
    public var count: Int
    /// Remarks, such as `unknown sku 'A'`.
    public var notes: [String]

    public init(depth: Int, description: String, count: Int, notes: [String]) {
        self.depth = depth
        self.description = description
        self.count = count
        self.notes = notes
    }
}
