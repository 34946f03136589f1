import AsyncHTTPClient
import Foundation
import NIOHTTP1
import Regulars
import RegularsMessaging
import Testing

/// The SMS and push gateways, the requests as they arrive over a socket at a loopback HTTP server.
@Suite struct GatewayTests {
    func sms(_ id: Int64 = 7, to phone: String = "13800001111", body: String, marketing: Bool) -> OutgoingMessage {
        OutgoingMessage(id: id, channel: .sms, recipient: phone, body: body, marketing: marketing)
    }

    @Test func smsRequestCarriesKeyIdempotencyAndOptOut() async throws {
        let server = try await LoopbackHTTPServer.start { _ in .init(.ok, #"{"id": "sms-981", "status": "queued"}"#) }
        defer { Task { try await server.stop() } }
        let gateway = try SMSGateway(url: server.url("/v1/sms/send"), apiKey: "key-123", httpClient: .shared)

        let receipt = try await gateway.deliver(sms(body: "张三您好,您的专属券已到账", marketing: true))

        #expect(receipt.providerID == "sms-981")
        let request = try #require(server.requests.first)
        #expect(server.requests.count == 1)
        #expect(request.method == .POST)
        #expect(request.uri == "/v1/sms/send")
        #expect(request.headers["Authorization"] == ["Bearer key-123"])
        #expect(request.headers["Idempotency-Key"] == ["outbox-7"])
        #expect(request.headers["Content-Type"].first?.hasPrefix("application/json") == true)
        let json = try #require(request.json)
        #expect(Set(json.keys) == ["to", "text", "reference"])
        #expect(json["to"] as? String == "13800001111")
        #expect(json["text"] as? String == "张三您好,您的专属券已到账 拒收请回复R")
        #expect(json["reference"] as? String == "outbox-7")
    }

    @Test func serviceSMSHasNoOptOutAndMarketingSuffixIsNotDoubled() async throws {
        let server = try await LoopbackHTTPServer.start { _ in .init(.ok, #"{"id": 12345}"#) }
        defer { Task { try await server.stop() } }
        let gateway = try SMSGateway(url: server.url("/send"), apiKey: nil, httpClient: .shared)

        let receipt = try await gateway.deliver(sms(8, body: "您的包裹已发出", marketing: false))
        _ = try await gateway.deliver(sms(9, body: "周年庆满200减30,拒收请回复R", marketing: true))

        #expect(receipt.providerID == "12345", "a numeric id becomes its decimal text")
        let texts = server.requests.compactMap { $0.json?["text"] as? String }
        #expect(texts == ["您的包裹已发出", "周年庆满200减30,拒收请回复R"])
        #expect(server.requests.allSatisfy { $0.headers["Authorization"].isEmpty }, "no key, no Authorization header")
        #expect(server.requests.map { $0.headers["Idempotency-Key"] } == [["outbox-8"], ["outbox-9"]])
    }

    static let statusCases: [(UInt, Bool?)] = [(200, nil), (202, nil), (429, true), (500, true), (503, true),
                                                (400, false), (401, false), (403, false), (404, false)]

    @Test(arguments: statusCases)
    func gatewayStatusMapping(status: UInt, temporary: Bool?) async throws {
        let server = try await LoopbackHTTPServer.start { _ in .init(HTTPResponseStatus(statusCode: Int(status)), #"{"error": "scripted"}"#) }
        defer { Task { try await server.stop() } }
        let gateways: [any ChannelAdapter] = [
            try SMSGateway(url: server.url("/sms"), apiKey: "k", httpClient: .shared),
            try PushGateway(url: server.url("/push"), apiKey: "k", httpClient: .shared),
        ]
        for gateway in gateways {
            let message = OutgoingMessage(id: 10, channel: gateway.channel, recipient: "c-1", body: "hi", marketing: false)
            do {
                let receipt = try await gateway.deliver(message)
                #expect(temporary == nil, "HTTP \(status) must fail")
                #expect(receipt.providerID == nil, "a reply without an id gives no provider id")
            } catch {
                #expect(temporary == error.isTemporary, "HTTP \(status) → \(error)")
                #expect(error.description.contains("HTTP \(status)"))
                #expect(error.description.contains("scripted"), "the reply's body is in the error")
            }
        }
        #expect(server.requests.count == 2)
    }

    @Test func pushRequestShape() async throws {
        let server = try await LoopbackHTTPServer.start { _ in .init(.ok, #"{"id": "push-5"}"#) }
        defer { Task { try await server.stop() } }
        let gateway = try PushGateway(url: server.url("/api/push?app=shop"), apiKey: "push-key", httpClient: .shared)

        let titled = OutgoingMessage(id: 21, channel: .push, recipient: "C000123", subject: "您的订单已签收",
                                     body: "评价有礼,晒图再送10元券", marketing: true)
        let receipt = try await gateway.deliver(titled)
        _ = try await gateway.deliver(OutgoingMessage(id: 22, channel: .push, recipient: "C000124", body: "无标题", marketing: false))

        #expect(receipt.providerID == "push-5")
        let first = try #require(server.requests.first)
        #expect(first.uri == "/api/push?app=shop")
        #expect(first.headers["Authorization"] == ["Bearer push-key"])
        #expect(first.headers["Idempotency-Key"] == ["outbox-21"])
        let json = try #require(first.json)
        #expect(Set(json.keys) == ["alias", "title", "body", "reference"])
        #expect(json["alias"] as? String == "C000123")
        #expect(json["title"] as? String == "您的订单已签收")
        #expect(json["body"] as? String == "评价有礼,晒图再送10元券")
        #expect(json["reference"] as? String == "outbox-21")
        #expect(server.requests.last?.json?["title"] as? String == "", "no subject: an empty title")
    }

    @Test func unreachableGatewayIsTemporary() async throws {
        let port = try await closedPort()
        // AsyncHTTPClient keeps retrying a refused connection until the request's deadline.
        let gateway = try SMSGateway(url: "http://127.0.0.1:\(port)/send", apiKey: "k", httpClient: .shared,
                                     timeout: .milliseconds(300))
        let error = await #expect(throws: DeliveryError.self) {
            try await gateway.deliver(sms(body: "x", marketing: false))
        }
        #expect(error?.isTemporary == true)
        #expect(error?.description.hasPrefix("temporary failure: SMS gateway: request failed") == true)
    }

    @Test func silentGatewayTimesOutAsTemporary() async throws {
        let server = try await LoopbackHTTPServer.start { _ in .never }
        defer { Task { try await server.stop() } }
        let gateway = try PushGateway(url: server.url("/push"), apiKey: "k", httpClient: .shared, timeout: .milliseconds(300))
        let started = ContinuousClock.now
        let error = await #expect(throws: DeliveryError.self) {
            try await gateway.deliver(OutgoingMessage(id: 11, channel: .push, recipient: "c-1", body: "x", marketing: false))
        }
        #expect(error?.isTemporary == true)
        #expect(ContinuousClock.now - started < .seconds(2))
        #expect(server.requests.count == 1, "the request arrived; only the answer is missing")
    }

    @Test func emptyPhoneIsPermanentWithoutARequest() async throws {
        let server = try await LoopbackHTTPServer.start { _ in .init(.ok, "{}") }
        defer { Task { try await server.stop() } }
        let gateway = try SMSGateway(url: server.url("/send"), apiKey: "k", httpClient: .shared)
        await #expect(throws: DeliveryError.permanent("SMS to outbox 7 has no phone number")) {
            try await gateway.deliver(sms(to: " ", body: "x", marketing: false))
        }
        #expect(server.requests.isEmpty)
    }
}
