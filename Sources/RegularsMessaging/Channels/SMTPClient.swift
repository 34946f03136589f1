import Foundation
import NIOCore
import NIOPosix

/// A plain SMTP client on SwiftNIO: greeting, EHLO (HELO when refused), AUTH PLAIN when credentials are
/// set and the server offers it, MAIL FROM, RCPT TO, DATA, QUIT — one message per connection.
///
/// There is no STARTTLS or TLS: point it at a local relay (e.g. Postfix on 127.0.0.1) that does TLS and
/// onward delivery. Replies 4xx are temporary failures, 5xx permanent; connection trouble and timeouts are
/// temporary. A connection lost after the final `.` but before its reply is reported as temporary, so the
/// message may arrive twice; its Message-ID stays the same for receivers that drop duplicates.
public struct SMTPClient: Sendable {
    public var server: SMTPServerAddress
    /// The name this client gives in EHLO/HELO.
    public var clientName: String
    public var connectTimeout: Duration
    /// How long to wait for each reply.
    public var replyTimeout: Duration
    public var eventLoopGroup: any EventLoopGroup

    public init(server: SMTPServerAddress, clientName: String = "regulars.localhost",
                connectTimeout: Duration = .seconds(10), replyTimeout: Duration = .seconds(10),
                eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton) {
        self.server = server
        self.clientName = clientName
        self.connectTimeout = connectTimeout
        self.replyTimeout = replyTimeout
        self.eventLoopGroup = eventLoopGroup
    }

    /// What the server said on accepting a message.
    public struct Accepted: Sendable, Equatable {
        /// The reply to the end of DATA, e.g. `250 2.0.0 Ok: queued as 4Yx…`.
        public var reply: SMTPReply
        /// Whether AUTH PLAIN was used.
        public var authenticated: Bool

        /// The relay's queue id when its reply names one (`queued as X`).
        public var queueID: String? {
            for line in reply.lines {
                guard let range = line.range(of: "queued as ", options: .caseInsensitive) else { continue }
                let id = line[range.upperBound...].prefix { !$0.isWhitespace }
                if !id.isEmpty { return String(id) }
            }
            return nil
        }
    }

    /// Sends `content` (a complete RFC 5322 message; dot-stuffing and CRLF are applied here) from `sender` to
    /// `recipient` (bare addresses).
    public func send(from sender: String, to recipient: String, content: [UInt8]) async throws(DeliveryError) -> Accepted {
        for (role, address) in [("sender", sender), ("recipient", recipient)] {
            if let problem = MailAddress.problem(with: address) {
                throw .permanent("SMTP \(role) address '\(address)' is unusable: \(problem)")
            }
        }
        let place = "SMTP \(server.host):\(server.port)"
        let channel: NIOAsyncChannel<SMTPReply, ByteBuffer>
        do {
            channel = try await connect()
        } catch {
            throw .temporary("\(place): cannot connect: \(error)")
        }
        do {
            return try await channel.executeThenClose { inbound, outbound in
                var dialogue = SMTPDialogue(place: place, replies: inbound.makeAsyncIterator(), outbound: outbound)
                return try await converse(&dialogue, sender: sender, recipient: recipient, content: content)
            }
        } catch let error as DeliveryError {
            throw error
        } catch {
            throw .temporary("\(place): \(error)")
        }
    }

    private func connect() async throws -> NIOAsyncChannel<SMTPReply, ByteBuffer> {
        let readTimeout = TimeAmount(replyTimeout)
        return try await ClientBootstrap(group: eventLoopGroup)
            .connectTimeout(TimeAmount(connectTimeout))
            .connect(host: server.host, port: server.port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(IdleStateHandler(readTimeout: readTimeout))
                    try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(SMTPReplyDecoder()))
                    try channel.pipeline.syncOperations.addHandler(SMTPReplyTimeoutHandler())
                    return try NIOAsyncChannel<SMTPReply, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
    }

    private func converse(_ dialogue: inout SMTPDialogue, sender: String, recipient: String,
                          content: [UInt8]) async throws -> Accepted {
        _ = try await dialogue.step(nil, expecting: [220], during: "the greeting")

        var extensions: [String] = []
        let ehlo = try await dialogue.command("EHLO \(clientName)", during: "EHLO")
        if ehlo.code == 250 {
            extensions = Array(ehlo.lines.dropFirst())
        } else if (500..<600).contains(ehlo.code) {
            _ = try await dialogue.step("HELO \(clientName)", expecting: [250], during: "HELO")
        } else {
            try dialogue.expect(ehlo, [250], during: "EHLO")
        }

        var authenticated = false
        if let user = server.user, Self.offersAuthPlain(extensions) {
            let token = Data([0] + Array(user.utf8) + [0] + Array((server.password ?? "").utf8)).base64EncodedString()
            _ = try await dialogue.step("AUTH PLAIN \(token)", expecting: [235], during: "AUTH PLAIN as \(user)")
            authenticated = true
        }

        _ = try await dialogue.step("MAIL FROM:<\(sender)>", expecting: [250], during: "MAIL FROM <\(sender)>")
        _ = try await dialogue.step("RCPT TO:<\(recipient)>", expecting: [250, 251], during: "RCPT TO <\(recipient)>")
        _ = try await dialogue.step("DATA", expecting: [354], during: "DATA")
        try await dialogue.write(smtpDataBlock(content))
        let accepted = try await dialogue.step(nil, expecting: [250], during: "the message")

        // The message is accepted; a failing QUIT changes nothing.
        _ = try? await dialogue.command("QUIT", during: "QUIT")
        return Accepted(reply: accepted, authenticated: authenticated)
    }

    /// Whether EHLO advertised `AUTH … PLAIN …` (or the old `AUTH=PLAIN`).
    static func offersAuthPlain(_ extensions: [String]) -> Bool {
        extensions.contains { line in
            let words = line.uppercased().split(whereSeparator: { $0 == " " || $0 == "=" })
            return words.first == "AUTH" && words.dropFirst().contains("PLAIN")
        }
    }
}

/// One connection's command/reply exchange; errors say which step failed.
private struct SMTPDialogue {
    let place: String
    var replies: NIOAsyncChannelInboundStream<SMTPReply>.AsyncIterator
    let outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>

    mutating func read(during step: String) async throws -> SMTPReply {
        do {
            guard let reply = try await replies.next() else {
                throw DeliveryError.temporary("\(place) closed the connection during \(step)")
            }
            return reply
        } catch let error as DeliveryError {
            throw error
        } catch is SMTPReplyTimeoutHandler.TimedOut {
            throw DeliveryError.temporary("\(place) did not reply during \(step) in time")
        } catch {
            throw DeliveryError.temporary("\(place) failed during \(step): \(error)")
        }
    }

    func write(_ bytes: [UInt8]) async throws {
        do {
            try await outbound.write(ByteBuffer(bytes: bytes))
        } catch {
            throw DeliveryError.temporary("\(place): cannot send: \(error)")
        }
    }

    mutating func command(_ line: String, during step: String) async throws -> SMTPReply {
        try await write(Array((line + "\r\n").utf8))
        return try await read(during: step)
    }

    /// Sends `line` (nil: only reads) and insists on one of `codes`; a refusal is answered with QUIT.
    mutating func step(_ line: String?, expecting codes: Set<Int>, during step: String) async throws -> SMTPReply {
        let reply: SMTPReply
        if let line {
            reply = try await command(line, during: step)
        } else {
            reply = try await read(during: step)
        }
        do {
            try expect(reply, codes, during: step)
        } catch {
            _ = try? await outbound.write(ByteBuffer(string: "QUIT\r\n"))
            throw error
        }
        return reply
    }

    /// Accepts `codes`; otherwise 4xx is temporary, 5xx permanent, anything else a temporary protocol fault.
    func expect(_ reply: SMTPReply, _ codes: Set<Int>, during step: String) throws(DeliveryError) {
        guard !codes.contains(reply.code) else { return }
        let reason = "\(place) refused \(step): \(reply.text)"
        switch reply.code {
        case 500..<600: throw .permanent(reason)
        default: throw .temporary(reason)
        }
    }
}

extension TimeAmount {
    init(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        self = .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}
