import Foundation

/// An e-mail address with an optional display name, e.g. `小店 <care@shop.example>`.
public struct MailAddress: Sendable, Equatable {
    public var displayName: String?
    /// The bare `local@domain` used in the SMTP envelope.
    public var address: String

    public init(displayName: String? = nil, address: String) {
        self.displayName = displayName
        self.address = address
    }

    /// Parses `local@domain`, `<local@domain>`, `Name <local@domain>` or `"Name" <local@domain>`.
    public init?(parsing text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        var name: String?
        var address = trimmed
        if trimmed.hasSuffix(">"), let open = trimmed.lastIndex(of: "<") {
            address = String(trimmed[trimmed.index(after: open)..<trimmed.index(before: trimmed.endIndex)])
            var rawName = trimmed[..<open].trimmingCharacters(in: .whitespaces)
            if rawName.count >= 2, rawName.hasPrefix("\""), rawName.hasSuffix("\"") {
                rawName = String(rawName.dropFirst().dropLast()).replacingOccurrences(of: "\\\"", with: "\"")
            }
            name = rawName.isEmpty ? nil : rawName
        }
        guard Self.problem(with: address) == nil else { return nil }
        if let name, name.contains(where: { $0.isNewline }) { return nil }
        self.init(displayName: name, address: address)
    }

    /// Why `address` cannot go into an SMTP envelope, or nil when it can. Deliberately simple: ASCII,
    /// one `@`, no spaces, brackets or control characters (international addresses would need SMTPUTF8).
    public static func problem(with address: String) -> String? {
        guard !address.isEmpty else { return "empty" }
        guard address.utf8.count <= 254 else { return "longer than 254 bytes" }
        guard address.unicodeScalars.allSatisfy({ $0.isASCII && $0.value > 32 && $0.value < 127 }) else {
            return "only printable ASCII without spaces is accepted"
        }
        let forbidden: Set<Character> = ["<", ">", "(", ")", ",", ";", ":", "\\", "\"", "[", "]"]
        guard !address.contains(where: { forbidden.contains($0) }) else { return "contains a bracket or separator" }
        let parts = address.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else { return "needs exactly one @ between a name and a domain" }
        guard !parts[1].hasPrefix("."), !parts[1].hasSuffix("."), !parts[1].contains("..") else { return "the domain is malformed" }
        return nil
    }
}
