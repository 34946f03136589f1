import AsyncHTTPClient
import Foundation
import Regulars
import RegularsMessaging
import Testing

/// The WeChat Work group robot: its real text-message JSON, and errcode replies on HTTP 200.
@Suite struct WeChatWorkRobotTests {
    func message(_ body: String, to phone: String = "13800001111") -> OutgoingMessage {
        OutgoingMessage(id: 31, channel: .wechatWork, recipient: phone, body: body, marketing: false)
    }

    @Test func textMessageMentionsThePhone() async throws {
        let server = try await LoopbackHTTPServer.start { _ in .init(.ok, #"{"errcode":0,"errmsg":"ok"}"#) }
        defer { Task { try await server.stop() } }
        let robot = try WeChatWorkRobot(webhookURL: server.url("/cgi-bin/webhook/send?key=abc-123"), httpClient: .shared)

        let receipt = try await robot.deliver(message("王芳的生日在3天后,请准备祝福"))

        #expect(receipt.providerID == nil)
        let request = try #require(server.requests.first)
        #expect(request.method == .POST)
        #expect(request.uri == "/cgi-bin/webhook/send?key=abc-123")
        #expect(request.headers["Idempotency-Key"].isEmpty && request.headers["Authorization"].isEmpty)
        let json = try #require(request.json)
        #expect(Set(json.keys) == ["msgtype", "text"])
        #expect(json["msgtype"] as? String == "text")
        let text = try #require(json["text"] as? [String: Any])
        #expect(Set(text.keys) == ["content", "mentioned_mobile_list"])
        #expect(text["content"] as? String == "王芳的生日在3天后,请准备祝福")
        #expect(text["mentioned_mobile_list"] as? [String] == ["13800001111"])
    }

    static let errcodeCases: [(Int, Bool?)] = [(0, nil), (45009, true), (-1, true), (93000, false), (40008, false)]

    @Test(arguments: errcodeCases)
    func errcodeMapping(errcode: Int, temporary: Bool?) async throws {
        let server = try await LoopbackHTTPServer.start { _ in .init(.ok, #"{"errcode":\#(errcode),"errmsg":"scripted \#(errcode)"}"#) }
        defer { Task { try await server.stop() } }
        let robot = try WeChatWorkRobot(webhookURL: server.url("/send?key=k"), httpClient: .shared)
        do {
            _ = try await robot.deliver(message("x"))
            #expect(temporary == nil, "errcode \(errcode) must fail")
        } catch {
            #expect(temporary == error.isTemporary, "errcode \(errcode) → \(error)")
            #expect(error.description.contains("errcode \(errcode) scripted \(errcode)"))
        }
    }

    @Test func httpFailuresAndOddRepliesMapLikeGateways() async throws {
        let server = try await LoopbackHTTPServer.start { request in
            switch request.uri {
            case "/busy": return .init(.serviceUnavailable, "down")
            case "/gone": return .init(.notFound, "no such robot")
            default: return .init(.ok, "<html>captive portal</html>")
            }
        }
        defer { Task { try await server.stop() } }
        for (path, temporary) in [("/busy", true), ("/gone", false), ("/html", true)] {
            let robot = try WeChatWorkRobot(webhookURL: server.url(path), httpClient: .shared)
            let error = await #expect(throws: DeliveryError.self) { try await robot.deliver(message("x")) }
            #expect(error?.isTemporary == temporary, "\(path) → \(String(describing: error))")
        }
    }

    @Test func overlongContentIsCutToTheRobotsLimit() async throws {
        let server = try await LoopbackHTTPServer.start { _ in .init(.ok, #"{"errcode":0,"errmsg":"ok"}"#) }
        defer { Task { try await server.stop() } }
        let robot = try WeChatWorkRobot(webhookURL: server.url("/send"), httpClient: .shared)
        let body = String(repeating: "回", count: 700)  // 2100 bytes of UTF-8
        _ = try await robot.deliver(message(body, to: ""))

        let text = try #require(server.requests.first?.json?["text"] as? [String: Any])
        let content = try #require(text["content"] as? String)
        #expect(content.utf8.count <= WeChatWorkRobot.maximumContentBytes)
        #expect(content == String(repeating: "回", count: 681) + "…")  // 681 × 3 + 3 = 2046 bytes
        #expect(text["mentioned_mobile_list"] as? [String] == [])
    }
}
