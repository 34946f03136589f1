import Foundation
import HTTPTypes
import Regulars
import RegularsServer
import RegularsStore
import RegularsTestSupport
import Testing

@Suite("Idempotency-Key")
struct IdempotencyTests {
    @Test func theSameKeyAndBodyReplaysTheFirstAnswerWithoutASecondEffect() async throws {
        try await withServer { server in
            let body = #"{"name":"pos","role":"operator"}"#
            let first = try await server.send(.post, "/v1/keys", json: body, headers: ["Idempotency-Key": "create-pos"])
            let second = try await server.send(.post, "/v1/keys", json: body, headers: ["Idempotency-Key": "create-pos"])
            #expect(first.status == .created)
            #expect(second.status == .created)
            #expect(second.text == first.text)
            #expect(second.headers[HTTPField.Name("Idempotent-Replayed")!] == "true")
            #expect(try server.store.scalar("SELECT count(*) FROM api_keys WHERE name = 'pos'") == 1)
            #expect(try server.store.scalar("SELECT count(*) FROM audit_log WHERE action = 'keys.create'") == 1)
        }
    }

    @Test func theSameKeyWithAnotherBodyIsRefused() async throws {
        try await withServer { server in
            _ = try await server.send(.post, "/v1/keys", json: #"{"name":"a","role":"operator"}"#, headers: ["Idempotency-Key": "k"])
            let reused = try await server.send(.post, "/v1/keys", json: #"{"name":"b","role":"operator"}"#, headers: ["Idempotency-Key": "k"])
            #expect(reused.status == .unprocessableContent)
            #expect(reused.problem?.type == "urn:regulars:problem:idempotency-key-reused")
            #expect(try server.store.scalar("SELECT count(*) FROM api_keys WHERE name = 'b'") == 0)
        }
    }

    @Test func aRefusalIsTheAnswerARetryGets() async throws {
        try await withServer { server in
            // A second live key with a name in use is refused by the store; the retry under the same key gets the same
            // refusal even after the name has been freed.
            let body = #"{"name":"test-operator","role":"operator"}"#
            let refused = try await server.send(.post, "/v1/keys", json: body, headers: ["Idempotency-Key": "dup"])
            #expect(refused.status == .conflict)
            _ = try await server.send(.delete, "/v1/keys/test-operator")
            let retried = try await server.send(.post, "/v1/keys", json: body, headers: ["Idempotency-Key": "dup"])
            #expect(retried.status == .conflict)
            #expect(retried.text == refused.text)
            let fresh = try await server.send(.post, "/v1/keys", json: body, headers: ["Idempotency-Key": "dup-2"])
            #expect(fresh.status == .created)
        }
    }

    @Test func keysAreKeptPerAPIKeyAndAnUnfinishedClaimBlocksThenExpires() async throws {
        try await withTestStore { store, _ in
            let claim = { (apiKey: Int64, at: Int64) in
                try await store.claimRequestKey("k", apiKey: apiKey, fingerprint: "f", at: Instant(secondsSinceEpoch: at), staleAfter: 60)
            }
            #expect(try await claim(1, 1000) == .claimed)
            #expect(try await claim(1, 1010) == .inProgress)
            #expect(try await claim(2, 1010) == .claimed, "another API key has its own keys")
            #expect(try await claim(1, 1061) == .claimed, "a claim the server never finished is taken again")
            try await store.finishRequestKey("k", apiKey: 1, answer: StoredAnswer(status: 201, contentType: "application/json", body: Data("{}".utf8)))
            #expect(try await claim(1, 5000) == .answered(StoredAnswer(status: 201, contentType: "application/json", body: Data("{}".utf8))))
            #expect(try await store.claimRequestKey("k", apiKey: 1, fingerprint: "other", at: fixedNow, staleAfter: 60) == .mismatch)
            try await store.releaseRequestKey("k", apiKey: 1)
            #expect(try await claim(1, 5001) != .claimed, "a finished answer is never released")
        }
    }
}
