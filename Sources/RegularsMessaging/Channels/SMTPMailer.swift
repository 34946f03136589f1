import Foundation
import NIOCore
import NIOPosix
import Regulars

/// The e-mail channel: composes each message (see `MailComposer`) and hands it to an SMTP relay with
/// `SMTPClient` — plain SMTP without TLS, so use a local relay such as Postfix that does TLS onwards.
public struct SMTPMailer: ChannelAdapter {
    public var channel: ContactChannel { .email }
    public var client: SMTPClient
    public var composer: MailComposer
    /// The Date header's clock.
    public var clock: @Sendable () -> Date

    public init(client: SMTPClient, composer: MailComposer, clock: @escaping @Sendable () -> Date = { Date() }) {
        self.client = client
        self.composer = composer
        self.clock = clock
    }

    /// From the settings: `smtpURL` (`smtp://user:password@host:port`, port 25 by default) and `mailFrom`.
    public init(smtpURL: String, mailFrom: String,
                eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
                timeout: Duration = .seconds(10),
                unsubscribeLink: (@Sendable (OutgoingMessage) -> String?)? = nil) throws(ChannelSetupError) {
        let server = try SMTPServerAddress(url: smtpURL)
        guard let from = MailAddress(parsing: mailFrom) else {
            let problem = MailAddress.problem(with: mailFrom) ?? "expected `address` or `Name <address>`"
            throw .invalidAddress(setting: "mailFrom", value: mailFrom, reason: problem)
        }
        let client = SMTPClient(server: server, clientName: Self.heloName(for: from),
                                connectTimeout: timeout, replyTimeout: timeout, eventLoopGroup: eventLoopGroup)
        self.init(client: client, composer: MailComposer(from: from, unsubscribeLink: unsubscribeLink))
    }

    /// Sends the message; the receipt's provider id is the relay's queue id, or else the Message-ID.
    public func deliver(_ message: OutgoingMessage) async throws(DeliveryError) -> DeliveryReceipt {
        if let problem = MailAddress.problem(with: message.recipient) {
            throw .permanent("e-mail recipient '\(message.recipient)' is unusable: \(problem)")
        }
        let content = composer.compose(message, date: clock())
        let accepted = try await client.send(from: composer.from.address, to: message.recipient, content: content)
        return DeliveryReceipt(providerID: accepted.queueID ?? MailComposer.messageID(for: message))
    }

    /// The sender's domain, a better EHLO name than a made-up host.
    static func heloName(for from: MailAddress) -> String {
        from.address.split(separator: "@").last.map(String.init) ?? "regulars.localhost"
    }
}
