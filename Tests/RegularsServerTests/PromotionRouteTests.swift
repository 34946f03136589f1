import Foundation
import HTTPTypes
import Regulars
import RegularsServer
import RegularsStore
import RegularsTestSupport
import Testing

@Suite("Promotions over HTTP")
struct PromotionRouteTests {
    @Test func createReadReplaceDisableEnable() async throws {
        try await withServer { server in
            let created = try await server.send(.post, "/v1/promotions", as: .operator, json: PromoAPI.tiered)
            #expect(created.status == .created)
            #expect(created.json["promotion"]?["definition"]?["benefit"]?["tiers"]?.arrayValue?.first?["off"] == "30.00")
            #expect(created.json["promotion"]?["enabled"] == true)
            #expect(created.json["belowFloor"] == .array([]))
            #expect(try await server.send(.post, "/v1/promotions", json: PromoAPI.tiered).status == .conflict)

            let read = try await server.send(.get, "/v1/promotions/d11", as: .analyst)
            #expect(read.json["definition"]?["name"] == "双11 满减")
            let replaced = try await server.send(.put, "/v1/promotions/d11",
                                                 json: #"{"id": "d11", "name": "双11", "benefit": {"type": "cash", "off": "5"}}"#)
            #expect(replaced.status == .ok)
            #expect(replaced.json["promotion"]?["definition"]?["name"] == "双11")

            #expect(try await server.send(.post, "/v1/promotions/d11/disable", as: .operator).json["enabled"] == false)
            #expect(try await server.send(.get, "/v1/promotions").json["promotions"] == .array([]))
            let all = try await server.send(.get, "/v1/promotions?includeDisabled=true")
            #expect(all.json["promotions"]?.arrayValue?.first?["enabled"] == false)
            #expect(try await server.send(.post, "/v1/promotions/d11/enable").json["promotion"]?["enabled"] == true)

            #expect(try await server.send(.get, "/v1/promotions/nope").status == .notFound)
            #expect(try await server.send(.post, "/v1/promotions/nope/disable").status == .notFound)
            #expect(try await server.send(.post, "/v1/promotions/d11/disable", as: .analyst).status == .forbidden)
            let audit = try await server.send(.get, "/v1/audit")
            #expect(audit.json["entries"]?.arrayValue?.contains { $0["action"] == "promotions.create" && $0["target"] == "promotion:d11" } == true)
        }
    }

    @Test func aBadDefinitionIsRefusedWithItsPointer() async throws {
        try await withServer { server in
            let shrinking = try await server.send(.post, "/v1/promotions", json: """
                {"id": "d11", "benefit": {"type": "tiered", "tiers": [{"threshold": "200", "off": "30"}, {"threshold": "300", "off": "20"}]}}
                """)
            #expect(shrinking.status == .unprocessableContent)
            #expect(shrinking.problem?.errors?.first?.pointer == "/benefit/tiers/1/off")
            let unknown = try await server.send(.post, "/v1/promotions", json: #"{"id": "d11", "benefit": {"type": "cash", "off": "5", "colour": "red"}}"#)
            #expect(unknown.problem?.errors?.first?.pointer == "/benefit/colour")
            let wrongType = try await server.send(.post, "/v1/promotions", json: #"{"id": "d11", "benefit": {"type": "buy_x_get_y", "buy": "two", "get": 1}}"#)
            #expect(wrongType.status == .unprocessableContent)
            #expect(wrongType.problem?.errors?.first?.pointer == "/benefit/buy")
            let notObject = try await server.send(.post, "/v1/promotions", json: "[1]")
            #expect(notObject.status == .unprocessableContent)
            let otherID = try await server.send(.post, "/v1/promotions", json: PromoAPI.tiered)
            #expect(otherID.status == .created)
            let mismatch = try await server.send(.put, "/v1/promotions/d11", json: #"{"id": "d12", "benefit": {"type": "cash", "off": "5"}}"#)
            #expect(mismatch.problem?.errors?.first?.pointer == "/id")
            #expect(try server.store.scalar("SELECT COUNT(*) FROM promotions") == 1)
        }
    }

    @Test func aPromotionBelowACostFloorIsRefusedUnlessForced() async throws {
        try await withServer { server in
            _ = try await importCSV("""
                order_id,channel,customer_id,paid_at,amount,sku,category,quantity,unit_price
                O1,pos,c1,2024-11-01 10:00:00,100.00,S1,美妆,1,100.00
                """, kind: .orders, into: server.store)
            try await server.store.setCostFloor(sku: "S1", Money(fen: 6_000))
            let half = #"{"id": "half", "benefit": {"type": "percent_off", "discount": "5折"}, "scope": {"skus": ["S1"]}}"#
            let refused = try await server.send(.post, "/v1/promotions", json: half)
            #expect(refused.status == .conflict)
            #expect(refused.problem?.type == "urn:regulars:problem:refused")
            #expect(refused.problem?.detail?.contains("S1 could sell at ¥50.00") == true)
            #expect(try server.store.scalar("SELECT COUNT(*) FROM promotions") == 0)

            let forced = try await server.send(.post, "/v1/promotions?force=true", json: half)
            #expect(forced.status == .created)
            #expect(forced.json["belowFloor"]?.arrayValue?.first?["sku"] == "S1")

            let simulation = try await server.send(.get, "/v1/promotions/half/simulation", as: .analyst)
            #expect(simulation.status == .ok)
            #expect(simulation.json["belowFloor"] == 1)
            let worst = try #require(simulation.json["findings"]?.arrayValue?.first)
            #expect(worst["lowestUnitPrice"] == "50.00")
            #expect(worst["floor"] == "60.00")
            #expect(worst["belowFloor"] == true)

            _ = try await server.send(.post, "/v1/promotions/half/disable")
            #expect(try await server.send(.post, "/v1/promotions/half/enable").status == .conflict)
            #expect(try await server.send(.post, "/v1/promotions/half/enable?force=true").status == .ok)
            #expect(try await server.send(.post, "/v1/promotions?force=maybe", json: half).problem?.errors?.first?.pointer == "force")
        }
    }
}
