import AsyncHTTPClient
import Foundation
import Regulars

/// The SMS channel: POSTs `{"to", "text", "reference"}` to an HTTP gateway with a bearer key and an
/// `Idempotency-Key: outbox-<id>` header; a 2xx `{"id": …}` reply gives the provider id.
public struct SMSGateway: ChannelAdapter {
    public var channel: ContactChannel { .sms }
    /// Appended to marketing texts that do not already carry it (Chinese rules require an opt-out).
    public var optOutSuffix: String?
    private let poster: JSONPoster
    private let apiKey: String?

    public static let defaultOptOutSuffix = "拒收请回复R"

    public init(url: String, apiKey: String?, httpClient: HTTPClient, timeout: Duration = .seconds(10),
                optOutSuffix: String? = SMSGateway.defaultOptOutSuffix) throws(ChannelSetupError) {
        try JSONPoster.validate(url, setting: "smsGatewayURL")
        poster = JSONPoster(service: "SMS gateway", url: url, httpClient: httpClient, timeout: timeout)
        self.apiKey = apiKey.flatMap { $0.isEmpty ? nil : $0 }
        self.optOutSuffix = optOutSuffix
    }

    struct Request: Encodable {
        var to: String
        var text: String
        var reference: String
    }

    /// The text as sent: the body, plus the opt-out suffix on marketing messages.
    public func text(of message: OutgoingMessage) -> String {
        guard message.marketing, let optOutSuffix, !optOutSuffix.isEmpty, !message.body.contains(optOutSuffix) else {
            return message.body
        }
        return message.body + " " + optOutSuffix
    }

    public func deliver(_ message: OutgoingMessage) async throws(DeliveryError) -> DeliveryReceipt {
        let phone = message.recipient.trimmingCharacters(in: .whitespaces)
        guard !phone.isEmpty else { throw .permanent("SMS to outbox \(message.id) has no phone number") }
        let body = JSONPoster.encode(Request(to: phone, text: text(of: message), reference: message.reference))
        let reply = try await poster.post(body, headers: gatewayHeaders(apiKey: apiKey, reference: message.reference))
        try poster.check(reply)
        return DeliveryReceipt(providerID: GatewayAcceptance.providerID(in: reply.body))
    }
}

/// `Authorization: Bearer <key>` (when there is a key) and `Idempotency-Key: <reference>`.
func gatewayHeaders(apiKey: String?, reference: String) -> [(String, String)] {
    var headers = [("Idempotency-Key", reference)]
    if let apiKey { headers.append(("Authorization", "Bearer \(apiKey)")) }
    return headers
}
