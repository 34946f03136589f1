import AsyncHTTPClient
import Foundation
import Regulars

/// The app-push channel: POSTs `{"alias", "title", "body", "reference"}` to an HTTP gateway, with the same
/// bearer key, idempotency key and status mapping as `SMSGateway`.
public struct PushGateway: ChannelAdapter {
    public var channel: ContactChannel { .push }
    private let poster: JSONPoster
    private let apiKey: String?

    public init(url: String, apiKey: String?, httpClient: HTTPClient, timeout: Duration = .seconds(10)) throws(ChannelSetupError) {
        try JSONPoster.validate(url, setting: "pushGatewayURL")
        poster = JSONPoster(service: "push gateway", url: url, httpClient: httpClient, timeout: timeout)
        self.apiKey = apiKey.flatMap { $0.isEmpty ? nil : $0 }
    }

    struct Request: Encodable {
        var alias: String
        var title: String
        var body: String
        var reference: String
    }

    public func deliver(_ message: OutgoingMessage) async throws(DeliveryError) -> DeliveryReceipt {
        let alias = message.recipient.trimmingCharacters(in: .whitespaces)
        guard !alias.isEmpty else { throw .permanent("push to outbox \(message.id) has no alias") }
        let body = JSONPoster.encode(Request(alias: alias, title: message.subject ?? "", body: message.body,
                                             reference: message.reference))
        let reply = try await poster.post(body, headers: gatewayHeaders(apiKey: apiKey, reference: message.reference))
        try poster.check(reply)
        return DeliveryReceipt(providerID: GatewayAcceptance.providerID(in: reply.body))
    }
}
