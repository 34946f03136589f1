/// A message template that cannot be used, saying which variant, which part and what is wrong.
public struct TemplateError: Error, Equatable, CustomStringConvertible {
    public enum Part: String, Sendable, Equatable { case subject, body }

    public enum Problem: Sendable, Equatable {
        /// Mustache that does not parse (an unclosed section, a bad tag).
        case syntax(String)
        /// A `{{key}}` no message supplies — usually a typo.
        case unknownVariable(String)
        case emptyBody
    }

    public var variant: String
    public var part: Part
    /// 1-based position in the part's text, when known.
    public var line: Int?
    public var column: Int?
    public var problem: Problem

    public init(variant: String, part: Part, line: Int? = nil, column: Int? = nil, problem: Problem) {
        self.variant = variant
        self.part = part
        self.line = line
        self.column = column
        self.problem = problem
    }

    public var description: String {
        var place = "variant \(variant) \(part.rawValue)"
        if let line { place += ", line \(line)" }
        if let column { place += " column \(column)" }
        switch problem {
        case .syntax(let detail):
            return "\(place): \(detail)"
        case .unknownVariable(let name):
            let known = (MessageVariables.standardKeys + MessageVariables.commonExtraKeys.sorted()).joined(separator: ", ")
            return "\(place): unknown variable '\(name)'; known: \(known)"
        case .emptyBody:
            return "\(place): the message has no text"
        }
    }
}
