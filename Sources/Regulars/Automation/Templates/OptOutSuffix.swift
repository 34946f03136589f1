import Foundation

/// Marketing SMS end with the opt-out words (拒收请回复R), once. Made once per setting and applied to many messages
/// (a campaign's million), so the words are trimmed once.
public struct OptOutSuffix: Sendable {
    /// The trimmed opt-out words; empty: nothing is appended.
    public let words: String

    public init(suffix: String) {
        words = suffix.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// `body` with the words after a space when it is a marketing SMS that does not already end with them (trailing
    /// whitespace dropped first); any other message, or empty words, unchanged.
    public func apply(_ body: String, channel: ContactChannel, marketing: Bool) -> String {
        guard channel == .sms, marketing, !words.isEmpty else { return body }
        var text = Substring(body)
        while let last = text.last, last.isWhitespace { text = text.dropLast() }
        if text.hasSuffix(words) { return body }
        if text.isEmpty { return words }
        var out = String()
        out.reserveCapacity(text.utf8.count + 1 + words.utf8.count)
        out += text
        out += " "
        out += words
        return out
    }

    public static func apply(_ body: String, channel: ContactChannel, marketing: Bool, suffix: String) -> String {
        OptOutSuffix(suffix: suffix).apply(body, channel: channel, marketing: marketing)
    }
}
