import AsyncHTTPClient
import Foundation
import NIOCore

/// POSTs JSON to a gateway with AsyncHTTPClient and sorts failures into temporary and permanent.
struct JSONPoster: Sendable {
    /// The service's name for error messages (never the URL: it may carry a secret key).
    var service: String
    var url: String
    var httpClient: HTTPClient
    var timeout: Duration

    /// The largest reply read; gateway replies are small.
    static let maximumReplyBytes = 1 << 20

    struct Reply {
        var status: Int
        var body: [UInt8]

        /// The body's start, for error messages.
        var excerpt: String {
            let text = String(decoding: body.prefix(300), as: UTF8.self)
            return text.isEmpty ? "(empty body)" : text
        }
    }

    /// Validates a gateway URL at setup: http or https with a host.
    static func validate(_ url: String, setting: String) throws(ChannelSetupError) {
        guard let components = URLComponents(string: url.trimmingCharacters(in: .whitespaces)) else {
            throw .invalidURL(setting: setting, value: url, reason: "cannot be parsed")
        }
        guard let scheme = components.scheme?.lowercased(), scheme == "http" || scheme == "https" else {
            throw .invalidURL(setting: setting, value: url, reason: "the scheme must be http:// or https://")
        }
        guard let host = components.host, !host.isEmpty else {
            throw .invalidURL(setting: setting, value: url, reason: "no host")
        }
    }

    /// Sends `body`; any reply comes back (status mapping is the caller's), transport failures are temporary.
    func post(_ body: Data, headers: [(String, String)]) async throws(DeliveryError) -> Reply {
        var request = HTTPClientRequest(url: url.trimmingCharacters(in: .whitespaces))
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json; charset=utf-8")
        request.headers.add(name: "Accept", value: "application/json")
        for (name, value) in headers {
            request.headers.add(name: name, value: value)
        }
        request.body = .bytes(ByteBuffer(bytes: body))
        do {
            let response = try await httpClient.execute(request, timeout: TimeAmount(timeout))
            let bytes = try await response.body.collect(upTo: Self.maximumReplyBytes)
            return Reply(status: Int(response.status.code), body: Array(bytes.readableBytesView))
        } catch {
            throw .temporary("\(service): request failed: \(error)")
        }
    }

    /// 2xx passes; 408, 429 and 5xx are temporary; every other status is permanent.
    func check(_ reply: Reply) throws(DeliveryError) {
        switch reply.status {
        case 200..<300: return
        case 408, 429, 500..<600: throw .temporary("\(service) answered HTTP \(reply.status): \(reply.excerpt)")
        default: throw .permanent("\(service) answered HTTP \(reply.status): \(reply.excerpt)")
        }
    }

    /// JSON with sorted keys and unescaped slashes, so requests are stable and readable.
    static func encode<Body: Encodable>(_ body: Body) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Plain structs of strings and arrays always encode.
        return (try? encoder.encode(body)) ?? Data("{}".utf8)
    }
}

/// The `{"id": …}` a gateway returns, the id as a string or a number.
struct GatewayAcceptance: Decodable {
    var id: String?

    enum CodingKeys: String, CodingKey { case id }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        if let text = try? container.decodeIfPresent(String.self, forKey: .id) {
            id = text
        } else if let number = try? container.decodeIfPresent(Int64.self, forKey: .id) {
            id = String(number)
        } else {
            id = nil
        }
    }

    /// The id in a reply body, nil when the body is not such JSON.
    static func providerID(in body: [UInt8]) -> String? {
        (try? JSONDecoder().decode(GatewayAcceptance.self, from: Data(body)))?.id
    }
}
