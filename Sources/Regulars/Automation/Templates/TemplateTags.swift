import Foundation

/// The tags of a Mustache text with the standard `{{ }}` delimiters, read without rendering: used to check
/// variable names and to spot plain-substitution texts that can be rendered by concatenation.
enum TemplateTags {
    enum Piece: Equatable {
        case text(Substring)
        /// `sigil` is the tag's first character when it has one (`#`, `^`, `/`, `!`, `{`, `&`, `>`, …).
        case tag(sigil: Character?, name: String)
    }

    static let sigils: Set<Character> = ["#", "^", "/", "!", "{", "&", ">", "<", "$", "=", "%"]

    /// The pieces of `text`, or nil when it changes delimiters (`{{=<% %>=}}`) or a tag is not closed.
    static func scan(_ text: String) -> [Piece]? {
        var pieces: [Piece] = []
        var rest = text[...]
        while let open = rest.range(of: "{{") {
            if open.lowerBound > rest.startIndex { pieces.append(.text(rest[rest.startIndex..<open.lowerBound])) }
            var inside = rest[open.upperBound...]
            var sigil: Character?
            if let first = inside.first, sigils.contains(first) {
                if first == "=" { return nil }
                sigil = first
                inside = inside.dropFirst()
            }
            guard let close = inside.range(of: sigil == "{" ? "}}}" : "}}") else { return nil }
            pieces.append(.tag(sigil: sigil, name: inside[inside.startIndex..<close.lowerBound].trimmingCharacters(in: .whitespaces)))
            rest = inside[close.upperBound...]
        }
        if !rest.isEmpty { pieces.append(.text(rest)) }
        return pieces
    }

    /// Whether `name` is a plain key (letters, digits, `_`, `-`): no dotted path, transform or implicit iterator.
    static func isPlainKey(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.allSatisfy { byte in
            (byte >= 48 && byte <= 57) || (byte >= 65 && byte <= 90) || (byte >= 97 && byte <= 122) || byte == 95 || byte == 45
        }
    }
}
