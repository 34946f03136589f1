import Foundation
import HTTPTypes
import HummingbirdTesting
import Regulars
import RegularsServer
import RegularsStore
import RegularsTestSupport
import Testing

@Suite("Tag routes")
struct TagRouteTests {
    static func path(_ text: String) -> String { text.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed)! }

    static func tag(_ name: String, in response: TestResponse) -> JSONValue? {
        response.json["tags"]?.arrayValue?.first { $0["tag"] == .string(name) }
    }

    @Test func aTagIsGivenOnceTakenOnceCountedAndAudited() async throws {
        try await withServer { server in
            try await SegmentShop.load(server, recompute: false)
            let amy = try await SegmentShop.id("amy", server)
            let bob = try await SegmentShop.id("bob", server)
            let given = try await server.send(.post, "/v1/customers/\(amy)/tags", as: .operator, json: #"{"tag":"敏感肌"}"#)
            #expect(given.status == .created)
            #expect(given.json["added"] == true)
            let again = try await server.send(.post, "/v1/customers/\(amy)/tags", as: .operator, json: #"{"tag":"敏感肌"}"#)
            #expect(again.status == .ok)
            #expect(again.json["added"] == false)
            _ = try await server.send(.post, "/v1/customers/\(bob)/tags", json: #"{"tag":"敏感肌"}"#)

            let tags = try await server.send(.get, "/v1/tags", as: .analyst)
            #expect(Self.tag("敏感肌", in: tags)?["customers"] == 2)
            #expect(Self.tag("敏感肌", in: tags)?["rule"] == nil)

            let uri = "/v1/customers/\(amy)/tags/\(Self.path("敏感肌"))"
            #expect(try await server.send(.delete, uri, as: .analyst).status == .forbidden)
            #expect(try await server.send(.delete, uri, as: .operator).status == .noContent)
            #expect(try await server.send(.delete, uri, as: .operator).status == .notFound)
            #expect(Self.tag("敏感肌", in: try await server.send(.get, "/v1/tags"))?["customers"] == 1)
            #expect(try await server.store.segmentHistory(customer: amy).filter { $0.dimension == .tag }.map(\.to) == ["敏感肌", nil])

            let actions = try await SegmentShop.auditActions(server)
            #expect(actions.filter { $0.action == "tags.add" }.map(\.target) == ["customer:\(bob)", "customer:\(amy)", "customer:\(amy)"])
            #expect(actions.contains { $0.action == "tags.remove" && $0.target == "customer:\(amy)" })
        }
    }

    @Test func badTagsAndUnknownCustomersAreRefused() async throws {
        try await withServer { server in
            try await SegmentShop.load(server, recompute: false)
            let amy = try await SegmentShop.id("amy", server)
            for body in [#"{"tag":" 敏感肌"}"#, #"{"tag":""}"#, #"{"tag":"\#(String(repeating: "长", count: 41))"}"#, #"{"label":"x"}"#] {
                let bad = try await server.send(.post, "/v1/customers/\(amy)/tags", json: body)
                #expect(bad.status == .unprocessableContent, "\(body)")
                #expect(bad.problem?.errors?.isEmpty == false, "\(body)")
            }
            #expect(try await server.send(.post, "/v1/customers/999/tags", json: #"{"tag":"x"}"#).status == .notFound)
            #expect(try await server.send(.post, "/v1/customers/abc/tags", json: #"{"tag":"x"}"#).problem?.errors?.first?.pointer == "id")
            #expect(try await server.send(.delete, "/v1/customers/999/tags/x").status == .notFound)
        }
    }

    @Test func aRuleTagsExactlyWhoItMatchesAndLeavesWithItsTags() async throws {
        try await withServer { server in
            try await SegmentShop.load(server)
            let uri = "/v1/tags/rules/\(Self.path("复购客"))"
            #expect(try await server.send(.get, uri, as: .analyst).status == .notFound)
            let defined = try await server.send(.put, uri, as: .operator, json: #"{"definition":"orders >= 2"}"#)
            #expect(defined.status == .created)
            #expect(defined.json["added"] == 2)
            #expect(defined.json["rule"]?["definition"] == "orders >= 2")

            let tags = try await server.send(.get, "/v1/tags", as: .analyst)
            #expect(Self.tag("复购客", in: tags)?["customers"] == 2)
            #expect(Self.tag("复购客", in: tags)?["rule"] == "orders >= 2")
            #expect(tags.json["rules"]?.arrayValue?.map { $0["tag"] } == ["复购客"])
            #expect(try await server.send(.get, uri, as: .analyst).json["definition"] == "orders >= 2")

            // Narrowed to the customers who bought twice on Tmall: dan loses the tag.
            let narrowed = try await server.send(.put, uri, as: .operator, json: #"{"definition":"orders >= 2 and channel = tmall"}"#)
            #expect(narrowed.status == .ok)
            #expect(narrowed.json["added"] == 0)
            #expect(narrowed.json["removed"] == 1)
            #expect(narrowed.json["rule"]?["createdAt"] == defined.json["rule"]?["createdAt"])

            let bad = try await server.send(.put, uri, json: #"{"definition":"orders >="}"#)
            #expect(bad.status == .unprocessableContent)
            #expect(bad.problem?.errors?.first?.pointer == "/definition")
            #expect(try await server.send(.get, uri).json["definition"] == "orders >= 2 and channel = tmall")

            #expect(try await server.send(.delete, uri, as: .operator).status == .noContent)
            #expect(try await server.send(.delete, uri, as: .operator).status == .notFound)
            let after = try await server.send(.get, "/v1/tags")
            #expect(Self.tag("复购客", in: after) == nil)
            #expect(after.json["rules"]?.arrayValue?.isEmpty == true)

            let actions = try await SegmentShop.auditActions(server)
            #expect(actions.filter { $0.action == "tags.saveRule" }.count == 2)
            #expect(actions.contains { $0.action == "tags.deleteRule" && $0.target == "tag-rule:复购客" })
        }
    }

    @Test func aRuleMatchingNobodyIsStillListed() async throws {
        try await withServer { server in
            try await SegmentShop.load(server)
            let defined = try await server.send(.put, "/v1/tags/rules/big", json: #"{"definition":"spend > 10000"}"#)
            #expect(defined.json["added"] == 0)
            let tags = try await server.send(.get, "/v1/tags")
            #expect(Self.tag("big", in: tags)?["customers"] == 0)
            #expect(Self.tag("big", in: tags)?["rule"] == "spend > 10000")
        }
    }
}
