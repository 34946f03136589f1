import Foundation
import NIOCore
import NIOPosix
import Regulars
import RegularsMessaging
import RegularsTestSupport
import Testing

/// The SMTP client and mailer against a real SMTP server process (aiosmtpd, see Fixtures/smtp_sink.py).
@Suite struct SMTPMailerTests {
    let sink: SMTPSink

    /// Fails (never skips) when aiosmtpd is missing: CI installs it.
    init() throws {
        sink = try SMTPSink.shared.get()
    }

    var authURL: String { "smtp://\(SMTPSink.user):s3cret%3Apass@127.0.0.1:\(sink.port)" }

    func mailer(url: String? = nil, from: String = "回头客小店 <care@shop.example>") throws -> SMTPMailer {
        var mailer = try SMTPMailer(smtpURL: url ?? authURL, mailFrom: from, timeout: .seconds(5))
        mailer.clock = { fixedNow.date }
        return mailer
    }

    func message(_ id: Int64, to recipient: String, subject: String?, body: String, marketing: Bool) -> OutgoingMessage {
        OutgoingMessage(id: id, channel: .email, recipient: recipient, subject: subject, body: body, marketing: marketing)
    }

    @Test func chineseMarketingMailArrivesWithEncodedHeadersAndAuth() async throws {
        let subject = "生日快乐,送您一张无门槛券 🎂"
        let body = "亲爱的张三:\n祝您生日快乐!\n.这一行以点开头\n最后一行"
        let receipt = try await mailer().deliver(message(42, to: "birthday.zhang@example.com", subject: subject, body: body,
                                                         marketing: true))

        let received = try sink.messages(to: "birthday.zhang@example.com")
        try #require(received.count == 1)
        let mail = received[0]
        #expect(receipt.providerID?.hasPrefix("SINK") == true)
        #expect(mail.mailFrom == "care@shop.example")
        #expect(mail.login == SMTPSink.user)
        #expect(mail.extendedSMTP)
        #expect(mail.helo == "shop.example")
        #expect(mail.headers["Subject"] == subject)
        #expect(mail.headers["From"] == "回头客小店 <care@shop.example>")
        #expect(mail.headers["To"] == "birthday.zhang@example.com")
        #expect(mail.headers["Message-ID"] == "<outbox-42@regulars>")
        #expect(mail.headers["Date"] == "Wed, 20 Nov 2024 04:00:00 +0000")
        #expect(mail.headers["MIME-Version"] == "1.0")
        #expect(mail.headers["Content-Type"] == #"text/plain; charset="UTF-8""#, "as Python normalises it")
        #expect(mail.headers["Content-Transfer-Encoding"] == "base64")
        #expect(mail.headers["List-Unsubscribe"] == "<mailto:care@shop.example?subject=unsubscribe%20outbox-42>")
        #expect(mail.body == body.replacingOccurrences(of: "\n", with: "\r\n") + "")

        let raw = String(decoding: mail.raw, as: UTF8.self)
        #expect(raw.contains("\r\nSubject: =?UTF-8?B?"))
        #expect(raw.contains("\r\nContent-Type: text/plain; charset=UTF-8\r\n"))
        #expect(mail.raw.allSatisfy { $0 < 128 }, "the message on the wire is 7-bit ASCII")
        let lines = raw.components(separatedBy: "\r\n")
        #expect(lines.allSatisfy { !$0.contains("\n") && !$0.contains("\r") }, "every line ends in CRLF")
        #expect(lines.allSatisfy { $0.utf8.count <= 78 }, "no line is longer than 78 characters")
    }

    @Test func serviceMailHasPlainASCIISubjectAndNoUnsubscribe() async throws {
        _ = try await mailer(from: "care@shop.example").deliver(
            message(43, to: "service.li@example.com", subject: "Your order has shipped", body: "Tracking: SF123", marketing: false))
        let mail = try #require(try sink.messages(to: "service.li@example.com").first)
        let raw = String(decoding: mail.raw, as: UTF8.self)
        #expect(raw.hasPrefix("From: care@shop.example\r\n"))
        #expect(raw.contains("\r\nSubject: Your order has shipped\r\n"))
        #expect(mail.headers["List-Unsubscribe"] == nil)
        #expect(mail.body == "Tracking: SF123")
    }

    @Test func longChineseSubjectIsSplitIntoShortEncodedWords() async throws {
        let subject = String(repeating: "您的专属复购提醒与会员礼遇", count: 6)
        _ = try await mailer().deliver(message(44, to: "long.subject@example.com", subject: subject, body: "正文", marketing: false))
        let mail = try #require(try sink.messages(to: "long.subject@example.com").first)
        #expect(mail.headers["Subject"] == subject)
        let raw = String(decoding: mail.raw, as: UTF8.self)
        let words = raw.components(separatedBy: "=?UTF-8?B?").dropFirst()
        #expect(words.count > 1, "a long subject needs several encoded words")
        let subjectLines = raw.components(separatedBy: "\r\n").filter { $0.hasPrefix("Subject:") || $0.hasPrefix(" =?UTF-8") }
        #expect(subjectLines.allSatisfy { $0.utf8.count <= 78 })
    }

    @Test func dotStuffingSurvivesTheWire() async throws {
        let client = SMTPClient(server: SMTPServerAddress(host: "127.0.0.1", port: sink.port))
        let content = "Subject: dots\r\n\r\n.leading dot\r\n..two dots\r\n.\r\nafter a lone dot\nbare LF line"
        let accepted = try await client.send(from: "care@shop.example", to: "dots@example.com", content: Array(content.utf8))
        let mail = try #require(try sink.messages(to: "dots@example.com").first)
        #expect(String(decoding: mail.raw, as: UTF8.self)
            == "Subject: dots\r\n\r\n.leading dot\r\n..two dots\r\n.\r\nafter a lone dot\r\nbare LF line\r\n")
        #expect(accepted.authenticated == false)
        #expect(mail.login == nil)
        #expect(accepted.queueID == accepted.reply.lines.first?.components(separatedBy: "queued as ").last)
    }

    @Test func helloFallbackWhenEHLOIsRefused() async throws {
        let client = SMTPClient(server: SMTPServerAddress(host: "127.0.0.1", port: sink.legacyPort), clientName: "legacy.test")
        _ = try await client.send(from: "care@shop.example", to: "legacy@example.com", content: Array("Subject: x\r\n\r\nhi\r\n".utf8))
        let mail = try #require(try sink.messages(to: "legacy@example.com").first)
        #expect(mail.helo == "legacy.test")
        #expect(mail.extendedSMTP == false)
    }

    @Test func recipientRefusedWith550IsPermanent() async throws {
        let error = await #expect(throws: DeliveryError.self) {
            try await mailer().deliver(message(45, to: "reject550@example.com", subject: "x", body: "x", marketing: false))
        }
        guard case .permanent(let reason) = error else { Issue.record("expected permanent, got \(String(describing: error))"); return }
        #expect(reason.contains("RCPT TO <reject550@example.com>"))
        #expect(reason.contains("550 5.1.1"))
    }

    @Test func recipientDeferredWith451IsTemporary() async throws {
        let error = await #expect(throws: DeliveryError.self) {
            try await mailer().deliver(message(46, to: "defer451@example.com", subject: "x", body: "x", marketing: false))
        }
        #expect(error?.isTemporary == true)
        #expect(error?.description.contains("451 4.3.0") == true)
    }

    @Test func wrongPasswordIsPermanent() async throws {
        let url = "smtp://\(SMTPSink.user):wrong@127.0.0.1:\(sink.port)"
        let error = await #expect(throws: DeliveryError.self) {
            try await mailer(url: url).deliver(message(47, to: "wrong.password@example.com", subject: "x", body: "x", marketing: false))
        }
        guard case .permanent(let reason) = error else { Issue.record("expected permanent, got \(String(describing: error))"); return }
        #expect(reason.contains("AUTH PLAIN") && reason.contains("535"))
        #expect(!reason.contains("wrong"), "the password never appears in errors")
        #expect(try sink.messages(to: "wrong.password@example.com").isEmpty)
    }

    @Test func refusedConnectionIsTemporary() async throws {
        let port = try await closedPort()
        let error = await #expect(throws: DeliveryError.self) {
            try await mailer(url: "smtp://127.0.0.1:\(port)").deliver(message(48, to: "a@example.com", subject: "x", body: "x", marketing: false))
        }
        #expect(error?.isTemporary == true)
        #expect(error?.description.contains("cannot connect") == true)
    }

    @Test func silentServerTimesOutAsTemporary() async throws {
        let client = SMTPClient(server: SMTPServerAddress(host: "127.0.0.1", port: sink.silentPort), replyTimeout: .milliseconds(200))
        let started = ContinuousClock.now
        let error = await #expect(throws: DeliveryError.self) {
            try await client.send(from: "care@shop.example", to: "silent@example.com", content: Array("x\r\n".utf8))
        }
        #expect(error == .temporary("SMTP 127.0.0.1:\(sink.silentPort) did not reply during the greeting in time"))
        #expect(ContinuousClock.now - started < .seconds(2))
    }

    @Test func malformedRecipientIsPermanentBeforeConnecting() async throws {
        let mailer = try SMTPMailer(smtpURL: "smtp://127.0.0.1:1", mailFrom: "care@shop.example")
        let error = await #expect(throws: DeliveryError.self) {
            try await mailer.deliver(message(49, to: "张三 at example", subject: nil, body: "x", marketing: false))
        }
        guard case .permanent(let reason) = error else { Issue.record("expected permanent, got \(String(describing: error))"); return }
        #expect(reason.contains("张三 at example"))
    }
}

/// A loopback port nobody listens on: bound, then closed.
func closedPort() async throws -> Int {
    let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton).bind(host: "127.0.0.1", port: 0).get()
    let port = channel.localAddress!.port!
    try await channel.close()
    return port
}
