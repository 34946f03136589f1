import AsyncHTTPClient
import Foundation
import Regulars

/// The WeChat Work (企业微信) channel through a group robot's webhook: a `text` message that @-mentions the
/// recipient's phone. The robot answers HTTP 200 with `{"errcode": 0, "errmsg": "ok"}`; a non-zero errcode
/// is the failure path (45009 rate limit and -1 busy are temporary, the rest permanent).
public struct WeChatWorkRobot: ChannelAdapter {
    public var channel: ContactChannel { .wechatWork }
    private let poster: JSONPoster

    /// The robot refuses text content over 2048 bytes of UTF-8; longer bodies are cut to fit, ending in `…`.
    public static let maximumContentBytes = 2048
    /// errcodes worth retrying: 45009 (too many calls), -1 (system busy).
    public static let temporaryErrorCodes: Set<Int> = [45009, -1]

    public init(webhookURL: String, httpClient: HTTPClient, timeout: Duration = .seconds(10)) throws(ChannelSetupError) {
        try JSONPoster.validate(webhookURL, setting: "wechatWorkWebhookURL")
        poster = JSONPoster(service: "WeChat Work robot", url: webhookURL, httpClient: httpClient, timeout: timeout)
    }

    struct Request: Encodable {
        struct Text: Encodable {
            var content: String
            var mentioned_mobile_list: [String]
        }
        var msgtype = "text"
        var text: Text
    }

    struct Reply: Decodable {
        var errcode: Int
        var errmsg: String?
    }

    public func deliver(_ message: OutgoingMessage) async throws(DeliveryError) -> DeliveryReceipt {
        let phone = message.recipient.trimmingCharacters(in: .whitespaces)
        let text = Request.Text(content: Self.fitted(message.body), mentioned_mobile_list: phone.isEmpty ? [] : [phone])
        let reply = try await poster.post(JSONPoster.encode(Request(text: text)), headers: [])
        try poster.check(reply)
        guard let answer = try? JSONDecoder().decode(Reply.self, from: Data(reply.body)) else {
            throw .temporary("WeChat Work robot answered without an errcode: \(reply.excerpt)")
        }
        guard answer.errcode == 0 else {
            let reason = "WeChat Work robot refused outbox \(message.id): errcode \(answer.errcode) \(answer.errmsg ?? "")"
            throw Self.temporaryErrorCodes.contains(answer.errcode) ? .temporary(reason) : .permanent(reason)
        }
        return DeliveryReceipt(providerID: nil)
    }

    /// `content` cut between characters to at most `maximumContentBytes` of UTF-8.
    static func fitted(_ content: String) -> String {
        guard content.utf8.count > maximumContentBytes else { return content }
        let ellipsis = "…"
        let budget = maximumContentBytes - ellipsis.utf8.count
        var result = ""
        var used = 0
        for character in content {
            let size = String(character).utf8.count
            if used + size > budget { break }
            result.append(character)
            used += size
        }
        return result + ellipsis
    }
}
