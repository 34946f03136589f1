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

    init(components: [String: Schema]) { self.components = components }

    mutating func check(_ value: JSONValue, against schema: Schema, at pointer: String) {
        guard problems.count < limit else { return }
        switch schema {
        case .ref(let name):
            guard let target = components[name] else { return report(pointer, "no schema named \(name)") }
            check(value, against: target, at: pointer)
        case .nullable(let inner):
            if value != .null { check(value, against: inner, at: pointer) }
        case .string(let rule):
            guard case .string(let text) = value else { return mismatch(value, "a string", pointer) }
            if let values = rule.values, !values.contains(text) {
                report(pointer, "'\(text)' is not one of \(values.joined(separator: ", "))")
            }
            if let minimum = rule.minLength, text.count < minimum { report(pointer, "shorter than \(minimum) characters") }
            if let maximum = rule.maxLength, text.count > maximum { report(pointer, "longer than \(maximum) characters") }
            if let pattern = rule.pattern, !CompiledPatterns.shared.matches(text, pattern) {
                report(pointer, "'\(text)' is not \(rule.description ?? "in the form \(pattern)")")
            }
        case .integer(let minimum, let maximum):
            guard case .integer(let number) = value else { return mismatch(value, "an integer", pointer) }
            if let minimum, number < minimum { report(pointer, "\(number) is less than \(minimum)") }
            if let maximum, number > maximum { report(pointer, "\(number) is more than \(maximum)") }
        case .number:
            switch value {
            case .integer, .number: break
            default: mismatch(value, "a number", pointer)
            }
        case .boolean:
            guard case .bool = value else { return mismatch(value, "true or false", pointer) }
        case .array(let items, let minItems, let maxItems):
            guard case .array(let elements) = value else { return mismatch(value, "an array", pointer) }
            if elements.count < minItems { report(pointer, "needs at least \(minItems) items") }
            if let maxItems, elements.count > maxItems { return report(pointer, "has \(elements.count) items; at most \(maxItems) are allowed") }
            for (index, element) in elements.enumerated() { check(element, against: items, at: "\(pointer)/\(index)") }
        case .object(let object):
            guard case .object(let fields) = value else { return mismatch(value, "an object", pointer) }
            let known = Dictionary(object.properties.map { ($0.name, $0.schema) }, uniquingKeysWith: { first, _ in first })
            for name in object.required.sorted() where fields[name] == nil {
                report("\(pointer)/\(escape(name))", "missing")
            }
            for (name, field) in fields.sorted(by: { $0.key < $1.key }) {
                guard let fieldSchema = known[name] else {
                    report("\(pointer)/\(escape(name))", "unknown field; expected one of \(object.properties.map(\.name).joined(separator: ", "))")
                    continue
                }
                check(field, against: fieldSchema, at: "\(pointer)/\(escape(name))")
            }
        case .freeObject:
            guard case .object = value else { return mismatch(value, "an object", pointer) }
        }
    }

    private mutating func mismatch(_ value: JSONValue, _ expected: String, _ pointer: String) {
        report(pointer, "expected \(expected), found \(value.typeName)")
    }

    mutating func report(_ pointer: String, _ detail: String) {
        if problems.count < limit { problems.append(FieldProblem(pointer: pointer, detail: detail)) }
    }

    private func escape(_ name: String) -> String {
        guard name.utf8.contains(where: { $0 == UInt8(ascii: "~") || $0 == UInt8(ascii: "/") }) else { return name }
        return name.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1")
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
