import Foundation

/// Where the SMTP relay listens and how to log in, from `smtp://user:password@host:port`.
public struct SMTPServerAddress: Sendable, Equatable {
    public var host: String
    public var port: Int
    /// AUTH PLAIN credentials; used only when the server advertises AUTH PLAIN.
    public var user: String?
    public var password: String?

    public static let defaultPort = 25

    public init(host: String, port: Int = SMTPServerAddress.defaultPort, user: String? = nil, password: String? = nil) {
        self.host = host
        self.port = port
        self.user = user
        self.password = password
    }

    /// Parses `smtp://[user[:password]@]host[:port]`; user and password may be percent-encoded.
    public init(url text: String, setting: String = "smtpURL") throws(ChannelSetupError) {
        func invalid(_ reason: String) -> ChannelSetupError {
            .invalidURL(setting: setting, value: Self.redacted(text), reason: reason)
        }
        guard let components = URLComponents(string: text.trimmingCharacters(in: .whitespaces)) else {
            throw invalid("cannot be parsed")
        }
        guard components.scheme?.lowercased() == "smtp" else {
            throw invalid("the scheme must be smtp:// (TLS is left to a local relay)")
        }
        guard let host = components.host, !host.isEmpty else { throw invalid("no host") }
        if let port = components.port, !(1...65_535).contains(port) { throw invalid("port \(port) is out of range") }
        if !components.path.isEmpty && components.path != "/" { throw invalid("an SMTP URL has no path") }
        self.host = host
        self.port = components.port ?? Self.defaultPort
        self.user = components.user.map { $0.removingPercentEncoding ?? $0 }.flatMap { $0.isEmpty ? nil : $0 }
        self.password = components.password.map { $0.removingPercentEncoding ?? $0 }
    }

    /// The URL with its password replaced by `***`, for messages and logs.
    static func redacted(_ text: String) -> String {
        guard let at = text.lastIndex(of: "@"), let schemeEnd = text.range(of: "://") else { return text }
        let userInfo = text[schemeEnd.upperBound..<at]
        guard let colon = userInfo.firstIndex(of: ":") else { return text }
        return String(text[..<text.index(after: colon)]) + "***" + String(text[at...])
    }
}
