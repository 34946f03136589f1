import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import RegularsTestSupport
import Testing

/// `regulars serve` as a shop runs it: a key from `regulars key create`, real HTTP on loopback, a durable write, and
/// SIGTERM stopping it cleanly.
@Suite("regulars serve")
struct ServeCommandTests {
    @Test func servesWithAKeyFromTheCommandLineAndStopsCleanlyOnSIGTERM() async throws {
        try await withTemporaryDirectory { folder in
            let db = folder.appendingPathComponent("shop.sqlite").path
            let created = try RegularsProcess.run(["key", "create", "--name", "checkout", "--role", "operator", "--db", db, "--json"])
            #expect(created.status == 0, "\(created.stderr)")
            let secret = try #require(try JSONSerialization.jsonObject(with: Data(created.stdout.utf8)) as? [String: Any])["secret"] as? String
            let port = Int.random(in: 30_000...50_000)
            let (server, _, _) = try RegularsProcess.launch(["serve", "--db", db, "--port", String(port)])
            defer { if server.isRunning { server.terminate() } }
            let base = "http://127.0.0.1:\(port)"

            var healthy = false
            for _ in 0..<100 where !healthy {
                healthy = (try? await Self.send("GET", base + "/health")).map { $0.status == 200 } ?? false
                if !healthy { try await Task.sleep(for: .milliseconds(100)) }
            }
            #expect(healthy)
            #expect(try await Self.send("GET", base + "/v1/customers?q=138").status == 401)

            let order = #"{"channel": "tmall", "externalID": "T1", "phone": "13812345678", "status": "paid", "paidAt": "2026-11-11T12:00:00Z", "amount": "99.00"}"#
            let stored = try await Self.send("POST", base + "/v1/orders", body: order, key: secret)
            #expect(stored.status == 201, "\(stored.body)")

            kill(server.processIdentifier, SIGTERM)
            for _ in 0..<100 where server.isRunning { try await Task.sleep(for: .milliseconds(100)) }
            #expect(!server.isRunning)
            #expect(server.terminationStatus == 0)

            let shown = try RegularsProcess.run(["customer", "show", "13812345678", "--db", db])
            #expect(shown.stdout.contains("99.00"), "\(shown.stdout)")
        }
    }

    static func send(_ method: String, _ url: String, body: String? = nil, key: String? = nil) async throws -> (status: Int, body: String) {
        var request = URLRequest(url: URL(string: url)!)
        request.httpMethod = method
        if let key { request.setValue("Bearer \(key)", forHTTPHeaderField: "Authorization") }
        if let body {
            request.httpBody = Data(body.utf8)
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        let (data, response) = try await URLSession.shared.data(for: request)
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: data, as: UTF8.self))
    }
}
