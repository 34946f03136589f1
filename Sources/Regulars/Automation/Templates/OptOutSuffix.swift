import Foundation

/// Marketing SMS end with the opt-out words (拒收请回复R), once.
public enum OptOutSuffix {
    /// `body` with `suffix` after a space when it is a marketing SMS that does not already end with it (trailing
    /// whitespace dropped first); any other message, or an empty suffix, unchanged.
    public static func apply(_ body: String, channel: ContactChannel, marketing: Bool, suffix: String) -> String {
        guard channel == .sms, marketing else { return body }
        let words = suffix.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !words.isEmpty else { return body }
        var end = body.endIndex
        while end > body.startIndex, body[body.index(before: end)].isWhitespace { end = body.index(before: end) }
        let text = body[..<end]
        if text.hasSuffix(words) { return body }
        return text.isEmpty ? words : text + " " + words
    }
}
