import Yams

/// One node of a journey file with the field path that leads to it, read into plain values with errors that say
/// where and what was expected.
struct JourneyYAMLValue {
    let node: Node
    let path: String

    var line: Int { node.mark?.line ?? 1 }
    var column: Int { node.mark?.column ?? 1 }

    func failure(_ message: String) -> JourneyFileError {
        JourneyFileError(line: line, column: column, path: path, message: message)
    }

    /// `~`, `null` or nothing at all, written without quotes.
    var isNull: Bool {
        guard case let .scalar(scalar) = node, scalar.style == .plain else { return false }
        return ["", "~", "null", "Null", "NULL"].contains(scalar.string)
    }

    /// The scalar's text as written (a quoted `"10"` and a plain `10` read the same).
    func scalar(_ expected: String) throws(JourneyFileError) -> String {
        guard case let .scalar(scalar) = node, !isNull else { throw failure("expected \(expected), found \(kind)") }
        return scalar.string
    }

    /// Non-empty text on one line, without leading or trailing spaces.
    func text(_ expected: String = "text") throws(JourneyFileError) -> String {
        let value = try scalar(expected)
        guard !value.isEmpty else { throw failure("expected \(expected), found empty text") }
        guard value.trimmingCharacters(in: .whitespaces) == value else {
            throw failure("'\(value)' has leading or trailing spaces")
        }
        guard !value.contains(where: \.isNewline) else { throw failure("expected \(expected) on one line") }
        return value
    }

    /// Any text, possibly empty or on several lines (message bodies).
    func message(_ expected: String) throws(JourneyFileError) -> String {
        if case let .scalar(quoted) = node, quoted.style != .plain { return quoted.string }
        return try scalar(expected)
    }

    func integer(_ expected: String = "a whole number") throws(JourneyFileError) -> Int {
        let written = try scalar(expected)
        guard let value = Int(written) else { throw failure("expected \(expected), found '\(written)'") }
        return value
    }

    /// A whole number in `range`; `what` names it in the message (`a holdout`, `days`).
    func integer(in range: ClosedRange<Int>, _ what: String) throws(JourneyFileError) -> Int {
        let value = try integer("\(what) (a whole number)")
        guard range.contains(value) else {
            let bounds = range.upperBound == Int.max ? "at least \(range.lowerBound)" : "from \(range.lowerBound) to \(range.upperBound)"
            throw failure("\(what) must be \(bounds), found \(value)")
        }
        return value
    }

    func boolean() throws(JourneyFileError) -> Bool {
        let written = try scalar("true or false")
        switch written.lowercased() {
        case "true", "yes": return true
        case "false", "no": return false
        default: throw failure("expected true or false, found '\(written)'")
        }
    }

    func object(_ expected: String = "a mapping") throws(JourneyFileError) -> JourneyYAMLObject {
        guard case let .mapping(mapping) = node else { throw failure("expected \(expected), found \(kind)") }
        return try JourneyYAMLObject(mapping, node: self)
    }

    func list(_ expected: String = "a list") throws(JourneyFileError) -> [JourneyYAMLValue] {
        guard case let .sequence(sequence) = node else { throw failure("expected \(expected), found \(kind)") }
        return sequence.enumerated().map { JourneyYAMLValue(node: $0.element, path: "\(path)[\($0.offset)]") }
    }

    /// How the node looks, for messages: `a list`, `a mapping`, `'abc'`, `nothing`.
    var kind: String {
        switch node {
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .alias: return "an alias"
        case let .scalar(scalar): return isNull ? "nothing" : "'\(scalar.string)'"
        }
    }
}

/// A mapping being read key by key; `finish` reports any key nobody asked for, so a typo never passes silently.
struct JourneyYAMLObject {
    let value: JourneyYAMLValue
    private let entries: [(key: String, keyNode: Node, value: Node)]
    /// Keys asked for, in the order they were asked (the order of the format).
    private var asked: [String] = []

    init(_ mapping: Node.Mapping, node: JourneyYAMLValue) throws(JourneyFileError) {
        value = node
        var entries: [(key: String, keyNode: Node, value: Node)] = []
        for (key, item) in mapping {
            guard case let .scalar(scalar) = key else {
                throw JourneyYAMLValue(node: key, path: node.path).failure("a key must be a word, found \(JourneyYAMLValue(node: key, path: "").kind)")
            }
            entries.append((scalar.string, key, item))
        }
        self.entries = entries
    }

    var keys: [String] { entries.map(\.key) }

    /// The value under `key`, or nil when the key is absent or its value is null.
    mutating func take(_ key: String) -> JourneyYAMLValue? {
        if !asked.contains(key) { asked.append(key) }
        guard let entry = entries.first(where: { $0.key == key }) else { return nil }
        let found = JourneyYAMLValue(node: entry.value, path: child(key))
        return found.isNull ? nil : found
    }

    mutating func require(_ key: String, _ expected: String) throws(JourneyFileError) -> JourneyYAMLValue {
        guard let found = take(key) else {
            if let entry = entries.first(where: { $0.key == key }) {
                throw JourneyYAMLValue(node: entry.value, path: child(key)).failure("expected \(expected), found nothing")
            }
            // A typo of a required key is the likelier mistake: point at it.
            if let typo = entries.first(where: { !asked.contains($0.key) && Self.isTypo($0.key, of: key) }) {
                throw JourneyYAMLValue(node: typo.keyNode, path: value.path).failure("unknown key '\(typo.key)'; did you mean '\(key)'?")
            }
            throw value.failure("missing '\(key)' (\(expected))")
        }
        return found
    }

    /// The key's own position (to point at a key rather than its value).
    func keyFailure(_ key: String, _ message: String) -> JourneyFileError {
        let node = entries.first { $0.key == key }?.keyNode ?? value.node
        return JourneyYAMLValue(node: node, path: child(key)).failure(message)
    }

    /// Fails on the first key not taken, naming the keys that are known here.
    func finish() throws(JourneyFileError) {
        guard let unknown = entries.first(where: { !asked.contains($0.key) }) else { return }
        let suggestion = Self.closest(to: unknown.key, in: asked).map { "; did you mean '\($0)'?" } ?? ""
        throw JourneyYAMLValue(node: unknown.keyNode, path: value.path).failure(
            "unknown key '\(unknown.key)'\(suggestion) (known here: \(asked.joined(separator: ", ")))")
    }

    func child(_ key: String) -> String { value.path.isEmpty ? key : value.path + "." + key }

    /// The known key `word` is likeliest a typo of, such as `channels` for `chanels`.
    static func closest(to word: String, in known: [String]) -> String? {
        known.filter { isTypo(word, of: $0) }.min { editDistance(word, $0) < editDistance(word, $1) }
    }

    /// At most two edits away from a longer key, one from a short one (`id` is not a typo of `to`).
    static func isTypo(_ word: String, of key: String) -> Bool {
        editDistance(word, key) <= (key.count > 4 ? 2 : 1)
    }

    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        guard !a.isEmpty else { return b.count }
        guard !b.isEmpty else { return a.count }
        var previous = Array(0 ... b.count)
        for i in 1 ... a.count {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1 ... b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }
}
