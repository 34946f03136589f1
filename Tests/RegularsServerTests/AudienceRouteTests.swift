import Foundation
import HTTPTypes
import HummingbirdTesting
import Regulars
import RegularsServer
import RegularsStore
import RegularsTestSupport
import Testing

@Suite("Audience routes")
struct AudienceRouteTests {
    /// A path segment with its non-ASCII characters percent-encoded.
    static func path(_ name: String) -> String { name.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed)! }

    @Test func anAudienceIsSavedReplacedReadCountedAndDeletedWithAuditEntries() async throws {
        try await withServer { server in
            try await SegmentShop.load(server)
            let created = try await server.send(.post, "/v1/audiences", as: .operator,
                                                json: #"{"name":"复购客","definition":"ORDERS >= 2"}"#)
            #expect(created.status == .created)
            #expect(created.json["customers"] == 2)
            #expect(created.json["audience"]?["definition"] == "orders >= 2")

            let replaced = try await server.send(.post, "/v1/audiences", as: .operator,
                                                 json: #"{"name":"复购客","definition":"bought category:口红 ever"}"#)
            #expect(replaced.status == .ok)
            #expect(replaced.json["customers"] == 2)
            #expect(try await server.send(.post, "/v1/audiences", as: .analyst,
                                          json: #"{"name":"x","definition":"orders >= 1"}"#).status == .forbidden)

            let list = try await server.send(.get, "/v1/audiences", as: .analyst)
            #expect(list.json["audiences"]?.arrayValue?.map { $0["name"] } == ["复购客"])
            let one = try await server.send(.get, "/v1/audiences/\(Self.path("复购客"))", as: .analyst)
            #expect(one.status == .ok)
            #expect(one.json["definition"] == replaced.json["audience"]?["definition"])

            let count = try await server.send(.get, "/v1/audiences/\(Self.path("复购客"))/count", as: .analyst)
            #expect(count.json["customers"] == 2)
            #expect(count.json["name"] == "复购客")

            #expect(try await server.send(.delete, "/v1/audiences/\(Self.path("复购客"))", as: .operator).status == .noContent)
            #expect(try await server.send(.get, "/v1/audiences/\(Self.path("复购客"))").status == .notFound)
            #expect(try await server.send(.delete, "/v1/audiences/\(Self.path("复购客"))").status == .notFound)

            let actions = try await SegmentShop.auditActions(server)
            #expect(actions.filter { $0.action == "audiences.save" }.map(\.target) == ["audience:复购客", "audience:复购客"])
            #expect(actions.contains { $0.action == "audiences.delete" && $0.target == "audience:复购客" })
        }
    }

    @Test func aDefinitionThatCannotBeReadIsA422PointingAtItsColumnAndSavesNothing() async throws {
        try await withServer { server in
            let bad = try await server.send(.post, "/v1/audiences", as: .operator,
                                            json: #"{"name":"坏","definition":"bought category:口红 within days"}"#)
            #expect(bad.status == .unprocessableContent)
            let problem = try #require(bad.problem?.errors?.first)
            #expect(problem.pointer == "/definition")
            #expect(problem.detail.hasPrefix("column 27:"), "\(problem.detail)")
            #expect(problem.detail.contains("90d"))
            #expect(try await server.send(.get, "/v1/audiences").json["audiences"]?.arrayValue?.isEmpty == true)

            let preview = try await server.send(.post, "/v1/audiences/preview", as: .analyst, json: #"{"definition":"pyramid = 皇帝"}"#)
            #expect(preview.status == .unprocessableContent)
            #expect(preview.problem?.errors?.first?.pointer == "/definition")
            let unknownField = try await server.send(.post, "/v1/audiences", json: #"{"name":"a","definition":"orders >= 1","x":1}"#)
            #expect(unknownField.problem?.errors?.first?.pointer == "/x")
        }
    }

    @Test func membersArePagedAscendingByIdWithTheEdgesAnswered() async throws {
        try await withServer { server in
            try await SegmentShop.load(server)
            _ = try await server.send(.post, "/v1/audiences", json: #"{"name":"everyone","definition":"orders >= 1"}"#)
            let first = try await server.send(.get, "/v1/audiences/everyone/members?page=1&size=3", as: .analyst)
            #expect(first.status == .ok)
            #expect(first.json["customers"] == 4)
            #expect(first.json["pages"] == 2)
            #expect(first.json["size"] == 3)
            let second = try await server.send(.get, "/v1/audiences/everyone/members?page=2&size=3", as: .analyst)
            let ids = (first.json["rows"]?.arrayValue ?? []) + (second.json["rows"]?.arrayValue ?? [])
            let numbers = ids.compactMap { $0["id"]?.integerValue }
            #expect(numbers.count == 4)
            #expect(numbers == numbers.sorted() && Set(numbers).count == 4)
            let past = try await server.send(.get, "/v1/audiences/everyone/members?page=3&size=3")
            #expect(past.status == .ok)
            #expect(past.json["rows"]?.arrayValue?.isEmpty == true)
            #expect(past.json["customers"] == 4)
            let defaults = try await server.send(.get, "/v1/audiences/everyone/members")
            #expect(defaults.json["page"] == 1 && defaults.json["size"] == 50 && defaults.json["rows"]?.arrayValue?.count == 4)
            let farAway = try await server.send(.get, "/v1/audiences/everyone/members?page=1000000&size=1000")
            #expect(farAway.json["rows"]?.arrayValue?.isEmpty == true)

            for query in ["page=0", "size=0", "size=1001", "page=two", "page=-1"] {
                let bad = try await server.send(.get, "/v1/audiences/everyone/members?\(query)")
                #expect(bad.status == .unprocessableContent, "\(query)")
                #expect(bad.problem?.errors?.first?.pointer == String(query.prefix { $0 != "=" }), "\(query)")
            }
        }
    }

    @Test func analystsGetMaskedMembersAndCSVWhileOperatorsSeeThemWhole() async throws {
        try await withServer { server in
            try await SegmentShop.load(server)
            _ = try await server.send(.post, "/v1/audiences", json: #"{"name":"lipstick","definition":"bought category:口红 ever"}"#)
            let amy = try await SegmentShop.id("amy", server)
            func row(_ response: TestResponse) -> JSONValue? {
                response.json["rows"]?.arrayValue?.first { $0["id"]?.integerValue == amy }
            }
            let plain = try await server.send(.get, "/v1/audiences/lipstick/members", as: .operator)
            #expect(row(plain)?["name"] == "王小美")
            #expect(row(plain)?["phone"] == "13800000001")
            #expect(row(plain)?["province"] == "浙江省")
            #expect(row(plain)?["orders"] == 2)
            #expect(row(plain)?["spend"] == "200.00")
            #expect(row(plain)?["channels"] == .array(["tmall"]))
            let masked = try await server.send(.get, "/v1/audiences/lipstick/members", as: .analyst)
            #expect(row(masked)?["name"] == "王**")
            #expect(row(masked)?["phone"] == "138****0001")
            #expect(!masked.text.contains("13800000001") && !masked.text.contains("13800000002"))

            let csv = try await server.send(.get, "/v1/audiences/lipstick/export", as: .analyst)
            #expect(csv.status == .ok)
            #expect(csv.headers[.contentType] == "text/csv; charset=utf-8")
            #expect(csv.headers[.contentDisposition]?.contains("filename*=UTF-8''lipstick.csv") == true)
            let lines = csv.text.split(separator: "\r\n")
            #expect(lines.first == "\u{FEFF}customer_id,name,phone,province,city,channels,pyramid,rfm_class,lifecycle,orders,spend,last_purchase")
            #expect(lines.count == 3)
            #expect(csv.text.contains("王**,138****0001,浙江省,杭州市,tmall"))
            #expect(!csv.text.contains("13800000001") && !csv.text.contains("王小美"))
            let whole = try await server.send(.get, "/v1/audiences/lipstick/export", as: .operator)
            #expect(whole.text.contains("\(amy),王小美,13800000001,浙江省,杭州市,tmall,"))
        }
    }

    @Test func anUnknownAudienceIsNotFoundOnEveryRoute() async throws {
        try await withServer { server in
            for suffix in ["", "/count", "/members", "/export"] {
                let response = try await server.send(.get, "/v1/audiences/\(Self.path("没有"))\(suffix)", as: .analyst)
                #expect(response.status == .notFound, "\(suffix)")
                #expect(response.problem?.detail?.contains("没有") == true)
            }
        }
    }

    @Test func aPreviewCountsADefinitionWithItsPartsAndSavesNothing() async throws {
        try await withServer { server in
            try await SegmentShop.load(server)
            let preview = try await server.send(.post, "/v1/audiences/preview", as: .analyst,
                                                json: #"{"definition":"orders >= 2 and channel = 天猫"}"#)
            #expect(preview.status == .ok)
            #expect(preview.json["customers"] == 1)
            #expect(preview.json["definition"] == "orders >= 2 and channel = tmall")
            let parts = try #require(preview.json["parts"]?.arrayValue)
            #expect(parts.map { $0["customers"] } == [1, 2, 1])
            #expect(parts.map { $0["depth"] } == [0, 1, 1])
            #expect(try await server.send(.get, "/v1/audiences").json["audiences"]?.arrayValue?.isEmpty == true)
            #expect(try await SegmentShop.auditActions(server).allSatisfy { $0.action != "audiences.preview" })
        }
    }

    @Test func aRetriedSaveWithTheSameIdempotencyKeyIsReplayedNotRepeated() async throws {
        try await withServer { server in
            try await SegmentShop.load(server)
            let body = #"{"name":"repeat","definition":"orders >= 2"}"#
            let first = try await server.send(.post, "/v1/audiences", as: .operator, json: body, headers: ["Idempotency-Key": "save-repeat"])
            let again = try await server.send(.post, "/v1/audiences", as: .operator, json: body, headers: ["Idempotency-Key": "save-repeat"])
            #expect(first.status == .created)
            #expect(again.status == .created, "a replay answers what the first request answered, not 200 for a replacement")
            #expect(again.text == first.text)
            #expect(again.headers[HTTPField.Name("Idempotent-Replayed")!] == "true")
            #expect(try await SegmentShop.auditActions(server).filter { $0.action == "audiences.save" }.count == 1)
            let other = try await server.send(.post, "/v1/audiences", as: .operator, json: #"{"name":"repeat","definition":"orders >= 1"}"#,
                                              headers: ["Idempotency-Key": "save-repeat"])
            #expect(other.status == .unprocessableContent)
            #expect(try await server.send(.get, "/v1/audiences/repeat/count").json["customers"] == 2)
        }
    }
}
