import Foundation

/// Writes an outgoing message as an RFC 5322 / MIME e-mail: ASCII headers (RFC 2047 encoded words for
/// anything else), a base64 UTF-8 text body, CRLF line ends throughout.
public struct MailComposer: Sendable {
    public var from: MailAddress
    /// The `List-Unsubscribe` target of marketing mail (`https://…` or `mailto:…`); nil: mail the sender
    /// with the subject `unsubscribe outbox-<id>`.
    public var unsubscribeLink: (@Sendable (OutgoingMessage) -> String?)?

    public init(from: MailAddress, unsubscribeLink: (@Sendable (OutgoingMessage) -> String?)? = nil) {
        self.from = from
        self.unsubscribeLink = unsubscribeLink
    }

    /// `<outbox-<id>@regulars>`: stable across retries, so a receiving system can drop duplicates.
    public static func messageID(for message: OutgoingMessage) -> String {
        "<\(message.reference)@regulars>"
    }

    /// The whole message (headers, blank line, body), ready for SMTP DATA before dot-stuffing.
    public func compose(_ message: OutgoingMessage, date: Date) -> [UInt8] {
        var headers: [(String, String)] = [
            ("From", Self.mailbox(from)),
            ("To", message.recipient),
            ("Subject", Self.headerText(message.subject ?? "")),
            ("Date", Self.rfc5322Date(date)),
            ("Message-ID", Self.messageID(for: message)),
            ("MIME-Version", "1.0"),
            ("Content-Type", "text/plain; charset=UTF-8"),
            ("Content-Transfer-Encoding", "base64"),
        ]
        if message.marketing {
            headers.append(("List-Unsubscribe", "<\(unsubscribeTarget(for: message))>"))
        }
        var text = ""
        for (name, value) in headers {
            text += "\(name): \(value)\r\n"
        }
        text += "\r\n"
        text += Self.base64Lines(Array(Self.crlfLines(message.body).utf8))
        return Array(text.utf8)
    }

    private func unsubscribeTarget(for message: OutgoingMessage) -> String {
        if let link = unsubscribeLink?(message), !link.isEmpty {
            return link.filter { !$0.isNewline && $0 != "<" && $0 != ">" }
        }
        return "mailto:\(from.address)?subject=unsubscribe%20\(message.reference)"
    }

    /// `Name <address>`, the name quoted or encoded as needed.
    static func mailbox(_ address: MailAddress) -> String {
        guard let name = address.displayName, !name.isEmpty else { return address.address }
        return "\(phrase(name)) <\(address.address)>"
    }

    /// A display name: plain when it is safe ASCII, quoted when it has specials, encoded words otherwise.
    static func phrase(_ name: String) -> String {
        guard isPlainASCII(name) else { return encodedWords(name) }
        let specials: Set<Character> = ["(", ")", "<", ">", "[", "]", ":", ";", "@", "\\", ",", ".", "\""]
        guard name.contains(where: { specials.contains($0) }) else { return name }
        return "\"" + name.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    /// An unstructured header value (the subject): as-is when it is short printable ASCII, else RFC 2047.
    static func headerText(_ text: String) -> String {
        let flat = text.replacingOccurrences(of: "\r\n", with: " ").replacingOccurrences(of: "\n", with: " ")
            .replacingOccurrences(of: "\r", with: " ")
        if isPlainASCII(flat) && flat.utf8.count <= 900 && !flat.contains("=?") { return flat }
        return encodedWords(flat)
    }

    private static func isPlainASCII(_ text: String) -> Bool {
        text.unicodeScalars.allSatisfy { $0.value >= 32 && $0.value < 127 }
    }

    /// `=?UTF-8?B?…?=` words split between characters (never inside one), folded onto continuation lines;
    /// each line stays within 78 characters even after `Subject: `.
    static func encodedWords(_ text: String) -> String {
        let maximumBytesPerWord = 42  // 42 bytes → 56 base64 characters + 12 of framing = 68, + "Subject: " = 77
        var words: [String] = []
        var chunk: [UInt8] = []
        for character in text {
            let bytes = Array(String(character).utf8)
            if !chunk.isEmpty && chunk.count + bytes.count > maximumBytesPerWord {
                words.append(encodedWord(chunk))
                chunk = []
            }
            chunk += bytes
        }
        if !chunk.isEmpty || words.isEmpty { words.append(encodedWord(chunk)) }
        return words.joined(separator: "\r\n ")
    }

    private static func encodedWord(_ bytes: [UInt8]) -> String {
        "=?UTF-8?B?\(Data(bytes).base64EncodedString())?="
    }

    /// The body with every line break made CRLF (the canonical form MIME text is encoded from).
    static func crlfLines(_ text: String) -> String {
        text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
            .replacingOccurrences(of: "\n", with: "\r\n")
    }

    /// Base64 in lines of 76 characters, each ending in CRLF.
    static func base64Lines(_ bytes: [UInt8]) -> String {
        let encoded = Data(bytes).base64EncodedString(options: [.lineLength76Characters, .endLineWithCarriageReturn, .endLineWithLineFeed])
        return encoded.isEmpty ? "" : encoded + "\r\n"
    }

    /// `Wed, 20 Nov 2024 04:00:00 +0000`.
    static func rfc5322Date(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.weekday, .day, .month, .year, .hour, .minute, .second], from: date)
        let weekdays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        func two(_ value: Int?) -> String {
            let number = value ?? 0
            return number < 10 ? "0\(number)" : "\(number)"
        }
        return "\(weekdays[(parts.weekday ?? 1) - 1]), \(two(parts.day)) \(months[(parts.month ?? 1) - 1]) \(parts.year ?? 1970) "
            + "\(two(parts.hour)):\(two(parts.minute)):\(two(parts.second)) +0000"
    }
}
