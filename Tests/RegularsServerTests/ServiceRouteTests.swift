import Foundation
import HTTPTypes
import Regulars
import RegularsServer
import RegularsStore
import RegularsTestSupport
import Testing

@Suite("Service routes, keys and the audit log")
struct ServiceRouteTests {
    @Test func healthNeedsNoKeyAndMetricsNeedOne() async throws {
        try await withServer { server in
            let health = try await server.send(.get, "/health", as: nil)
            #expect(health.status == .ok)
            #expect(health.json["status"] == "ok")
            #expect(try await server.send(.get, "/metrics", as: nil).status == .unauthorized)
            _ = try await server.send(.get, "/v1/keys")
            let metrics = try await server.send(.get, "/metrics", as: .analyst)
            #expect(metrics.status == .ok)
            #expect(metrics.text.contains("regulars_http_requests_total{route=\"/v1/keys\",method=\"GET\",status=\"200\"} 1"))
        }
    }

    @Test func keysAreCreatedOnceAndRevokedForGood() async throws {
        try await withServer { server in
            let created = try await server.send(.post, "/v1/keys", json: #"{"name":"shop-checkout","role":"operator"}"#)
            #expect(created.status == .created)
            let secret = try #require(created.json["secret"]?.stringValue)
            let stored = try #require(try server.store.text("SELECT secret_hash FROM api_keys WHERE name = 'shop-checkout'"))
            #expect(stored == SHA256.hex(secret))
            #expect(try server.store.scalar("SELECT count(*) FROM api_keys WHERE secret_hash LIKE '%\(secret)%'") == 0)

            let revoked = try await server.send(.delete, "/v1/keys/shop-checkout")
            #expect(revoked.status == .ok)
            var headers = HTTPFields()
            headers[.authorization] = "Bearer \(secret)"
            let after = try await server.client.execute(uri: "/v1/audit", method: .get, headers: headers)
            #expect(after.status == .unauthorized)
            #expect(try await server.send(.delete, "/v1/keys/shop-checkout").status == .notFound)
        }
    }

    @Test func sha256MatchesTheStandardVectors() {
        #expect(SHA256.hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256.hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        #expect(SHA256.hex(String(repeating: "a", count: 1000)) == "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3")
    }

    @Test func stateChangesAreAuditedWithKeyRoleActionAndTarget() async throws {
        try await withServer { server in
            _ = try await server.send(.post, "/v1/keys", json: #"{"name":"a","role":"analyst"}"#)
            let audit = try await server.send(.get, "/v1/audit")
            let entry = try #require(audit.json["entries"]?.arrayValue?.first)
            #expect(entry["action"] == "keys.create")
            #expect(entry["keyName"] == "test-admin")
            #expect(entry["role"] == "admin")
            #expect(entry["target"]?.stringValue?.hasPrefix("key:") == true)
            #expect(entry["at"] == .string(fixedNow.description))
            #expect(try await server.send(.get, "/v1/audit", as: .operator).status == .forbidden)
        }
    }
}
