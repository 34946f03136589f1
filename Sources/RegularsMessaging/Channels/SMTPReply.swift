import NIOCore

/// One SMTP reply: a three-digit code and its text lines (several for `250-…` / `250 …` replies).
public struct SMTPReply: Sendable, Equatable {
    public var code: Int
    public var lines: [String]

    public init(code: Int, lines: [String]) {
        self.code = code
        self.lines = lines
    }

    public var isPositive: Bool { (200..<400).contains(code) }
    /// The reply as the server wrote it, lines joined by ` / `.
    public var text: String { "\(code) \(lines.joined(separator: " / "))" }
}

/// The server broke the SMTP reply syntax.
struct SMTPSyntaxError: Error, CustomStringConvertible {
    var description: String
}

/// Splits the byte stream into replies: `ddd-text` lines continue a reply, a `ddd text` (or bare `ddd`)
/// line ends it. Accepts LF as well as CRLF line ends; refuses lines over 4 KiB.
struct SMTPReplyDecoder: ByteToMessageDecoder {
    typealias InboundOut = SMTPReply

    static let maximumLineLength = 4096
    private var pendingCode: Int?
    private var pendingLines: [String] = []

    mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        guard let newline = buffer.readableBytesView.firstIndex(of: UInt8(ascii: "\n")) else {
            if buffer.readableBytes > Self.maximumLineLength {
                throw SMTPSyntaxError(description: "a reply line is longer than \(Self.maximumLineLength) bytes")
            }
            return .needMoreData
        }
        var bytes = Array(buffer.readBytes(length: newline - buffer.readerIndex + 1)!.dropLast())
        if bytes.last == UInt8(ascii: "\r") { bytes.removeLast() }
        guard bytes.count >= 3, bytes.prefix(3).allSatisfy({ (0x30...0x39).contains($0) }) else {
            throw SMTPSyntaxError(description: "a reply line does not start with a three-digit code: \(String(decoding: bytes.prefix(80), as: UTF8.self))")
        }
        let code = Int(String(decoding: bytes.prefix(3), as: UTF8.self))!
        if let pendingCode, pendingCode != code {
            throw SMTPSyntaxError(description: "a multi-line reply changed its code from \(pendingCode) to \(code)")
        }
        let separator = bytes.count > 3 ? bytes[3] : UInt8(ascii: " ")
        let text = bytes.count > 4 ? String(decoding: bytes[4...], as: UTF8.self) : ""
        pendingLines.append(text)
        if separator == UInt8(ascii: "-") {
            pendingCode = code
            return .continue
        }
        let reply = SMTPReply(code: code, lines: pendingLines)
        pendingCode = nil
        pendingLines = []
        context.fireChannelRead(wrapInboundOut(reply))
        return .continue
    }

    mutating func decodeLast(context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool) throws -> DecodingState {
        while try decode(context: context, buffer: &buffer) == .continue {}
        return .needMoreData
    }
}

/// Turns the idle handler's read timeout into an error on the reply stream, then closes the connection.
final class SMTPReplyTimeoutHandler: ChannelInboundHandler {
    typealias InboundIn = SMTPReply
    typealias InboundOut = SMTPReply

    struct TimedOut: Error {}

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let idle = event as? IdleStateHandler.IdleStateEvent, idle == .read {
            context.fireErrorCaught(TimedOut())
            context.close(promise: nil)
            return
        }
        context.fireUserInboundEventTriggered(event)
    }
}
