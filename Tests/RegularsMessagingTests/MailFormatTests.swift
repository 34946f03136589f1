import Foundation
import Regulars
import RegularsMessaging
import RegularsTestSupport
import Testing

/// The bytes of a composed e-mail and of an SMTP DATA block, checked without a server.
@Suite struct MailFormatTests {
    @Test func dataBlockStuffsDotsAndEndsWithTheTerminator() {
        func block(_ text: String) -> String { String(decoding: smtpDataBlock(Array(text.utf8)), as: UTF8.self) }
        #expect(block("a\r\n.b\r\n") == "a\r\n..b\r\n.\r\n")
        #expect(block(".") == "..\r\n.\r\n")
        #expect(block("x\n.\ny") == "x\r\n..\r\ny\r\n.\r\n")
        #expect(block("mid.dot\r.end") == "mid.dot\r\n..end\r\n.\r\n")
        #expect(block("") == ".\r\n")
        #expect(block("line\r\n\r\n") == "line\r\n\r\n.\r\n")
    }

    @Test func composedMailHeadersInOrder() {
        let composer = MailComposer(from: MailAddress(displayName: "Shop, Inc.", address: "care@shop.example")) { message in
            "https://shop.example/unsubscribe/\(message.id)"
        }
        let message = OutgoingMessage(id: 5, channel: .email, recipient: "a@example.com", subject: "Hi\r\nBcc: evil@x.com",
                                      body: "one\ntwo", marketing: true)
        let text = String(decoding: composer.compose(message, date: fixedNow.date), as: UTF8.self)
        let (head, body) = (text.components(separatedBy: "\r\n\r\n")[0], text.components(separatedBy: "\r\n\r\n")[1])
        #expect(head.components(separatedBy: "\r\n") == [
            #"From: "Shop, Inc." <care@shop.example>"#,
            "To: a@example.com",
            "Subject: Hi Bcc: evil@x.com",
            "Date: Wed, 20 Nov 2024 04:00:00 +0000",
            "Message-ID: <outbox-5@regulars>",
            "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=UTF-8",
            "Content-Transfer-Encoding: base64",
            "List-Unsubscribe: <https://shop.example/unsubscribe/5>",
        ])
        #expect(body == Data("one\r\ntwo".utf8).base64EncodedString() + "\r\n")
    }

    @Test func bodyBase64IsWrappedAt76() {
        let composer = MailComposer(from: MailAddress(address: "care@shop.example"))
        let message = OutgoingMessage(id: 6, channel: .email, recipient: "a@example.com", subject: nil,
                                      body: String(repeating: "回头客", count: 40), marketing: false)
        let text = String(decoding: composer.compose(message, date: fixedNow.date), as: UTF8.self)
        let lines = text.components(separatedBy: "\r\n\r\n")[1].components(separatedBy: "\r\n")
        #expect(lines.dropLast(2).allSatisfy { $0.count == 76 })
        #expect(lines.last == "", "the body ends with CRLF")
        #expect(Data(base64Encoded: lines.joined()) == Data(String(repeating: "回头客", count: 40).utf8))
        #expect(text.contains("\r\nSubject: \r\n"), "no subject: an empty Subject header")
    }
}
