import Foundation

/// One thing wrong with a request, and where: a JSON Pointer (RFC 6901) into the body, or the parameter's name.
public struct FieldProblem: Sendable, Codable, Equatable {
    public var pointer: String
    public var detail: String

    public init(pointer: String, detail: String) {
        self.pointer = pointer
        self.detail = detail
    }
}

/// Checks a JSON value against a schema, collecting every problem with its place (up to a limit, so a batch of
/// a thousand bad orders does not answer with megabytes).
struct SchemaValidator {
    let components: [String: Schema]
    var problems: [FieldProblem] = []
    let limit = 50
    /// Where the walk is: the pointer it started at and the steps below it. Pointers are built only for problems,
    /// as a batch of a thousand orders has tens of thousands of valid fields.
    private var base = ""
    private var steps: [Step] = []

    private enum Step {
        case field(String)
        case index(Int)
    }

    init(components: [String: Schema]) { self.components = components }

    mutating func check(_ value: JSONValue, against schema: Schema, at pointer: String) {
        base = pointer
        steps.removeAll(keepingCapacity: true)
        visit(value, schema)
    }

    private mutating func visit(_ value: JSONValue, _ schema: Schema) {
        guard problems.count < limit else { return }
        switch schema {
        case .ref(let name):
            guard let target = components[name] else { return report("no schema named \(name)") }
            visit(value, target)
        case .nullable(let inner):
            if value != .null { visit(value, inner) }
        case .string(let rule):
            guard case .string(let text) = value else { return mismatch(value, "a string") }
            if let values = rule.values, !values.contains(text) {
                report("'\(text)' is not one of \(values.joined(separator: ", "))")
            }
            if let minimum = rule.minLength, text.count < minimum { report("shorter than \(minimum) characters") }
            if let maximum = rule.maxLength, text.count > maximum { report("longer than \(maximum) characters") }
            if let pattern = rule.pattern, !Self.matches(text, pattern) {
                report("'\(text)' is not \(rule.description ?? "in the form \(pattern)")")
            }
        case .integer(let minimum, let maximum):
            guard case .integer(let number) = value else { return mismatch(value, "an integer") }
            if let minimum, number < minimum { report("\(number) is less than \(minimum)") }
            if let maximum, number > maximum { report("\(number) is more than \(maximum)") }
        case .number:
            switch value {
            case .integer, .number: break
            default: mismatch(value, "a number")
            }
        case .boolean:
            guard case .bool = value else { return mismatch(value, "true or false") }
        case .array(let items, let minItems, let maxItems):
            guard case .array(let elements) = value else { return mismatch(value, "an array") }
            if elements.count < minItems { report("needs at least \(minItems) items") }
            if let maxItems, elements.count > maxItems { return report("has \(elements.count) items; at most \(maxItems) are allowed") }
            for (index, element) in elements.enumerated() {
                steps.append(.index(index))
                visit(element, items)
                steps.removeLast()
            }
        case .object(let object):
            guard case .object(let fields) = value else { return mismatch(value, "an object") }
            for name in object.required.sorted() where fields[name] == nil {
                steps.append(.field(name))
                report("missing")
                steps.removeLast()
            }
            for (name, field) in fields.sorted(by: { $0.key < $1.key }) {
                steps.append(.field(name))
                if let property = object.properties.first(where: { $0.name == name }) {
                    visit(field, property.schema)
                } else {
                    report("unknown field; expected one of \(object.properties.map(\.name).joined(separator: ", "))")
                }
                steps.removeLast()
            }
        case .freeObject:
            guard case .object = value else { return mismatch(value, "an object") }
        }
    }

    private mutating func mismatch(_ value: JSONValue, _ expected: String) {
        report("expected \(expected), found \(value.typeName)")
    }

    /// Records a problem at the current place.
    private mutating func report(_ detail: String) {
        report(pointer, detail)
    }

    mutating func report(_ pointer: String, _ detail: String) {
        if problems.count < limit { problems.append(FieldProblem(pointer: pointer, detail: detail)) }
    }

    private var pointer: String {
        steps.reduce(into: base) { text, step in
            switch step {
            case .field(let name): text += "/" + Self.escape(name)
            case .index(let index): text += "/\(index)"
            }
        }
    }

    private static func escape(_ name: String) -> String {
        guard name.utf8.contains(where: { $0 == UInt8(ascii: "~") || $0 == UInt8(ascii: "/") }) else { return name }
        return name.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1")
    }

    /// Money, the most frequent pattern by far, is checked by hand; other patterns by a compiled expression.
    private static func matches(_ text: String, _ pattern: String) -> Bool {
        if pattern == Schema.moneyPattern { return isMoney(text) }
        return CompiledPatterns.shared.matches(text, pattern)
    }

    /// `^-?[0-9]{1,13}(\.[0-9]{1,2})?$` without a regular expression.
    static func isMoney(_ text: String) -> Bool {
        var bytes = Substring(text).utf8[...]
        if bytes.first == UInt8(ascii: "-") { bytes = bytes.dropFirst() }
        let whole = bytes.prefix { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
        guard (1...13).contains(whole.count) else { return false }
        let rest = bytes.dropFirst(whole.count)
        if rest.isEmpty { return true }
        guard rest.first == UInt8(ascii: "."), (2...3).contains(rest.count) else { return false }
        return rest.dropFirst().allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
    }
}

/// Schema patterns compiled once: compiling one costs several times what matching it does, and a batch of a thousand
/// ingested orders matches the same few patterns thousands of times.
private final class CompiledPatterns: @unchecked Sendable {
    static let shared = CompiledPatterns()
    private let lock = NSLock()
    private var compiled: [String: NSRegularExpression] = [:]

    func matches(_ text: String, _ pattern: String) -> Bool {
        lock.lock()
        let regex = compiled[pattern] ?? (try? NSRegularExpression(pattern: pattern))
        compiled[pattern] = regex
        lock.unlock()
        guard let regex else { return text.range(of: pattern, options: .regularExpression) != nil }
        return regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
    }
}
