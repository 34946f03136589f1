import Foundation
import HTTPTypes
import Regulars
import RegularsServer
import RegularsStore
import RegularsTestSupport
import Testing

/// Four customers of a small shop, their orders before `fixedNow` (2024-11-20 12:00 Shanghai): amy and dan bought
/// twice, bob and cat once; amy and bob bought lipstick.
enum SegmentShop {
    static let orders = """
        order_id,channel,customer_id,phone,name,province,city,status,paid_at,amount,sku,category
        1,tmall,amy,13800000001,王小美,浙江省,杭州市,paid,2024-10-01 10:00:00,120.00,S1,口红
        2,tmall,amy,13800000001,王小美,浙江省,杭州市,paid,2024-11-10 10:00:00,80.00,S2,粉底
        3,jd,bob,13800000002,李大山,广东省,深圳市,paid,2024-11-15 10:00:00,60.00,S1,口红
        4,jd,cat,13800000003,张三丰,北京市,北京市,paid,2024-03-01 10:00:00,300.00,S3,面膜
        5,douyin,dan,13800000004,赵四,上海市,上海市,paid,2023-05-01 10:00:00,50.00,S3,面膜
        6,douyin,dan,13800000004,赵四,上海市,上海市,paid,2023-06-01 10:00:00,45.50,S3,面膜
        """

    /// Imports the orders and, unless told not to, computes the segments through the API.
    static func load(_ server: ServerHarness, recompute: Bool = true) async throws {
        let report = try await importCSV(orders, kind: .orders, into: server.store)
        #expect(report.rejections.isEmpty, "\(report.rejectionLines)")
        if recompute { #expect(try await server.send(.post, "/v1/segments/recompute", as: .operator).status == .ok) }
    }

    static func id(_ account: String, _ server: ServerHarness) async throws -> Int64 {
        try #require(try await server.store.customerProfile(.account(account), recentLimit: 0)).id
    }

    static func auditActions(_ server: ServerHarness) async throws -> [(action: String, target: String)] {
        let entries = try await server.send(.get, "/v1/audit").json["entries"]?.arrayValue ?? []
        return entries.map { ($0["action"]?.stringValue ?? "", $0["target"]?.stringValue ?? "") }
    }
}

@Suite("Segment routes")
struct SegmentRouteTests {
    @Test func theSummaryNeedsARecomputeWhichAnswersItsReportAndIsAudited() async throws {
        try await withServer { server in
            try await SegmentShop.load(server, recompute: false)
            let before = try await server.send(.get, "/v1/segments", as: .analyst)
            #expect(before.status == .notFound)
            #expect(before.problem?.detail?.contains("/v1/segments/recompute") == true)

            #expect(try await server.send(.post, "/v1/segments/recompute", as: .analyst).status == .forbidden)
            let run = try await server.send(.post, "/v1/segments/recompute", as: .operator)
            #expect(run.status == .ok)
            #expect(run.json["full"] == true)
            #expect(run.json["customers"] == 4)
            #expect(run.json["rowsChanged"] == 4)
            // Pyramid level and lifecycle stage for all four, an RFM class for the three who bought in the last 365 days.
            #expect(run.json["historyRows"] == 11)
            #expect(try await server.send(.post, "/v1/segments/recompute").json["rowsChanged"] == 0)

            let summary = try await server.send(.get, "/v1/segments", as: .analyst)
            #expect(summary.status == .ok)
            #expect(summary.json["buyers"] == 4)
            #expect(summary.json["asOf"] == "2024-11-20")
            let pyramid = try #require(summary.json["pyramid"]?.arrayValue)
            #expect(pyramid.map { $0["level"] } == ["champion", "potential", "new", "dozing", "lost"])
            #expect(pyramid.compactMap { $0["customers"]?.integerValue }.reduce(0, +) == 4)
            #expect(pyramid[0]["label"] == "王者")
            let classes = try #require(summary.json["classes"]?.arrayValue)
            #expect(classes.count == 8)
            #expect(classes.compactMap { $0["customers"]?.integerValue }.reduce(0, +) == summary.json["scored"]?.integerValue)
            #expect(summary.json["lifecycle"]?.arrayValue?.count == 5)

            let actions = try await SegmentShop.auditActions(server)
            #expect(actions.filter { $0.action == "segments.recompute" }.count == 2)
            #expect(actions.first?.target == "segments")
        }
    }

    @Test func theFlowMatrixCountsEveryoneFromNothingAndRefusesBadParameters() async throws {
        try await withServer { server in
            try await SegmentShop.load(server)
            let flow = try await server.send(.get, "/v1/segments/flow?dimension=lifecycle&from=2024-01-01", as: .analyst)
            #expect(flow.status == .ok)
            #expect(flow.json["dimension"] == "lifecycle")
            #expect(flow.json["to"] == .string(fixedNow.description))
            let cells = try #require(flow.json["cells"]?.arrayValue)
            #expect(cells.allSatisfy { $0["from"] == nil && $0["to"] != nil && $0["toLabel"] != nil })
            #expect(cells.compactMap { $0["customers"]?.integerValue }.reduce(0, +) == 4)

            // A moment after the recompute: nobody moved since, so everyone stays where they are.
            let same = try await server.send(.get, "/v1/segments/flow?dimension=class&from=2024-11-20T04:00:00Z&to=2024-11-20T04:00:00Z")
            #expect(same.json["cells"]?.arrayValue?.allSatisfy { $0["from"] == $0["to"] } == true)

            for (query, pointer) in [("dimension=tag&from=2024-01-01", "dimension"), ("dimension=pyramid", "from"),
                                     ("from=last%20week", "from"), ("from=2024-11-20&to=2024-11-01", "from")] {
                let bad = try await server.send(.get, "/v1/segments/flow?\(query)")
                #expect(bad.status == .unprocessableContent, "\(query)")
                #expect(bad.problem?.errors?.first?.pointer == pointer, "\(query)")
            }
        }
    }

    @Test func movesAreFilteredByValueInEitherLanguageAndLimited() async throws {
        try await withServer { server in
            try await SegmentShop.load(server)
            let all = try await server.send(.get, "/v1/segments/moves?since=2024-11-01", as: .analyst)
            #expect(all.status == .ok)
            #expect(all.json["total"] == 4)
            let moves = try #require(all.json["moves"]?.arrayValue)
            #expect(moves.allSatisfy { $0["dimension"] == "pyramid" && $0["from"] == nil })

            let bob = try await SegmentShop.id("bob", server)
            let level = try #require(moves.first { $0["customerID"]?.integerValue == bob }?["to"]?.stringValue)
            let label = try #require(PyramidLevel(rawValue: level)?.label)
            let into = try await server.send(.get, "/v1/segments/moves?since=2024-11-01&to=\(label.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed)!)")
            #expect(into.json["moves"]?.arrayValue?.contains { $0["customerID"]?.integerValue == bob } == true)
            #expect(into.json["moves"]?.arrayValue?.allSatisfy { $0["to"] == .string(level) } == true)

            let limited = try await server.send(.get, "/v1/segments/moves?since=2024-11-01&limit=1")
            #expect(limited.json["total"] == 4)
            #expect(limited.json["moves"]?.arrayValue?.count == 1)
            // dan's purchases are over a year old: he has no RFM class.
            #expect(try await server.send(.get, "/v1/segments/moves?since=2024-11-01&dimension=class").json["total"] == 3)
            #expect(try await server.send(.get, "/v1/segments/moves?since=2024-11-21").json["total"] == 0)

            #expect(try await server.send(.get, "/v1/segments/moves?since=2024-11-01&to=king").problem?.errors?.first?.pointer == "to")
            #expect(try await server.send(.get, "/v1/segments/moves").status == .unprocessableContent)
            #expect(try await server.send(.get, "/v1/segments/moves?since=2024-11-01&limit=0").status == .unprocessableContent)
        }
    }
}
