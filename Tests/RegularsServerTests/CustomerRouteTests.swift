import Foundation
import HTTPTypes
import Regulars
import RegularsServer
import RegularsStore
import RegularsTestSupport
import Testing

@Suite("Customer routes and erasure")
struct CustomerRouteTests {
    static let phone = "13600001111"

    /// A person known on the mini-program and on Tmall (joined by their phone), and one other customer.
    static func seed(_ store: SQLiteStore) async throws -> Int64 {
        // 李四 first, so the person erased holds the highest customer ids. Their Tmall account arrives without a
        // phone and is joined to the mini-program customer by the customers file: a merge.
        _ = try await importCSV("""
            order_id,channel,customer_id,name,phone,province,city,paid_at,status,amount,refund_amount,sku,product_name,category,quantity,line_amount
            C,tmall,tb_li,李四,13700002222,江苏省,南京市,2024-03-06 10:00:00,paid,80.00,,S2,丝绒口红,口红,1,80.00
            A,miniapp,u1,张三丰,,浙江省,杭州市,2024-01-05 10:00:00,paid,300.00,,S1,玫瑰面霜,面霜,1,300.00
            B,tmall,tb_zhang,张三丰,,浙江省,杭州市,2024-03-05 10:00:00,paid,100.00,20.00,S2,丝绒口红,口红,2,100.00
            """, kind: .orders, into: store)
        _ = try await importCSV("""
            customer_id,channel,name,phone,email,gender,birthday,province,city,nickname,tags
            u1,miniapp,张三丰,13600001111,zsf@example.com,男,1990-05-17,浙江省,杭州市,三丰,VIP
            tb_zhang,tmall,,13600001111,,,,,,,
            """, kind: .customers, into: store)
        _ = try await importCSV("""
            customer_id,channel,event_type,occurred_at,sku,text
            u1,miniapp,view,2024-04-06 09:00:00,S1,
            """, kind: .events, into: store)
        return try #require(try await store.customerProfile(.phone(phone), recentLimit: 0)).id
    }

    @Test func searchFindsCustomersAndMasksThemForAnalysts() async throws {
        try await withServer { server in
            let id = try await Self.seed(server.store)
            let operatorView = try await server.send(.get, "/v1/customers?q=1111", as: .operator)
            #expect(operatorView.status == .ok)
            #expect(operatorView.json["customers"]?.at(0)?["id"] == .integer(Int64(id)))
            #expect(operatorView.json["customers"]?.at(0)?["phone"] == "13600001111")
            #expect(operatorView.json["customers"]?.at(0)?["name"] == "张三丰")

            let analystView = try await server.send(.get, "/v1/customers?q=1111&limit=5", as: .analyst)
            #expect(analystView.status == .ok)
            #expect(analystView.json["customers"]?.at(0)?["phone"] == "136****1111")
            #expect(analystView.json["customers"]?.at(0)?["name"] == "张**")
            #expect(!analystView.text.contains("13600001111"))

            #expect(try await server.send(.get, "/v1/customers", as: .analyst).status == .unprocessableContent)
            #expect(try await server.send(.get, "/v1/customers?q=1111&limit=0", as: .analyst).status == .unprocessableContent)
            #expect(try await server.send(.get, "/v1/customers?q=1111", as: nil).status == .unauthorized)
        }
    }

    @Test func theViewShowsEverythingAndMasksPersonalDataForAnalysts() async throws {
        try await withServer { server in
            let id = try await Self.seed(server.store)
            let full = try await server.send(.get, "/v1/customers/\(id)", as: .operator)
            #expect(full.status == .ok)
            #expect(full.json["name"] == "张三丰")
            #expect(full.json["nickname"] == "三丰")
            #expect(full.json["birthday"] == "1990-05-17")
            #expect(full.json["tags"] == .array(["VIP"]))
            #expect(full.json["orders"]?["count"] == 2)
            #expect(full.json["orders"]?["total"] == "380.00")
            #expect(full.text.contains("13600001111"))
            #expect(full.text.contains("zsf@example.com"))
            #expect(full.json["recentEvents"]?.at(0)?["type"] == "view")
            #expect(full.json["merges"]?.at(0)?["reason"]?["value"] == "13600001111")

            let masked = try await server.send(.get, "/v1/customers/\(id)?recent=1", as: .analyst)
            #expect(masked.status == .ok)
            #expect(masked.json["name"] == "张**")
            #expect(masked.json["nickname"] == "三*")
            #expect(masked.json["birthday"] == nil)
            #expect(masked.json["recentOrders"]?.arrayValue?.count == 1)
            for secret in ["13600001111", "张三丰", "zsf@example.com", "1990-05-17"] {
                #expect(!masked.text.contains(secret), "an analyst sees \(secret)")
            }
            #expect(masked.text.contains("136****1111"))
            #expect(masked.text.contains("z***@example.com"))

            let absorbed = try #require(full.json["mergedIDs"]?.at(0)?.integerValue)
            let viaAbsorbed = try await server.send(.get, "/v1/customers/\(absorbed)", as: .analyst)
            #expect(viaAbsorbed.json["id"] == .integer(Int64(id)), "a merged-away id answers for its survivor")

            let unknown = try await server.send(.get, "/v1/customers/9999", as: .analyst)
            #expect(unknown.status == .notFound)
            #expect(try await server.send(.get, "/v1/customers/abc", as: .analyst).status == .unprocessableContent)
            #expect(try await server.send(.get, "/v1/customers/\(id)?recent=101", as: .analyst).status == .unprocessableContent)
        }
    }

    @Test func segmentHistoryListsTheMoves() async throws {
        try await withServer { server in
            let id = try await Self.seed(server.store)
            _ = try await server.store.addTag("回头客", to: id, at: fixedNow)
            let history = try await server.send(.get, "/v1/customers/\(id)/segments/history", as: .analyst)
            #expect(history.status == .ok)
            #expect(history.json["customerID"] == .integer(Int64(id)))
            let moves = try #require(history.json["changes"]?.arrayValue)
            #expect(moves.contains { $0["dimension"] == "tag" && $0["to"] == "回头客" && $0["from"] == nil })
            #expect(try await server.send(.get, "/v1/customers/9999/segments/history", as: .analyst).status == .notFound)
            #expect(try await server.send(.get, "/v1/customers/x1/segments/history", as: .analyst).status == .unprocessableContent)
        }
    }

    @Test func anOperatorUndoesAMergeOnce() async throws {
        try await withServer { server in
            let id = try await Self.seed(server.store)
            let view = try await server.send(.get, "/v1/customers/\(id)", as: .operator)
            let merge = Int(try #require(view.json["merges"]?.at(0)?["id"]?.integerValue))
            let absorbed = Int(try #require(view.json["merges"]?.at(0)?["absorbed"]?.integerValue))
            let other = try #require(try await server.store.customerProfile(.phone("13700002222"), recentLimit: 0)).id

            #expect(try await server.send(.post, "/v1/customers/\(id)/merges/\(merge)/undo", as: .analyst).status == .forbidden)
            #expect(try await server.send(.post, "/v1/customers/\(other)/merges/\(merge)/undo", as: .operator).status == .notFound)
            #expect(try await server.send(.post, "/v1/customers/\(id)/merges/x/undo", as: .operator).status == .unprocessableContent)

            let undone = try await server.send(.post, "/v1/customers/\(id)/merges/\(merge)/undo", as: .operator)
            #expect(undone.status == .ok)
            #expect(undone.json["id"] == .integer(Int64(merge)))
            #expect(undone.json["undoneAt"] == "2024-11-20T04:00:00Z")
            let separate = try await server.send(.get, "/v1/customers/\(absorbed)", as: .operator)
            #expect(separate.json["id"] == .integer(Int64(absorbed)), "the absorbed customer stands alone again")

            let again = try await server.send(.post, "/v1/customers/\(id)/merges/\(merge)/undo", as: .operator)
            #expect(again.problem?.type == "urn:regulars:problem:refused")
            let audit = try await server.send(.get, "/v1/audit?action=customers.unmerge")
            #expect(audit.json["entries"]?.arrayValue?.count == 1, "only the undo that changed something is audited")
            #expect(audit.json["entries"]?.at(0)?["target"] == .string("merge:\(merge)"))
        }
    }

    @Test func anAdminErasesACustomerAndTheTotalsStay() async throws {
        try await withServer { server in
            let id = try await Self.seed(server.store)
            let store = server.store
            let netBefore = try await store.shopOverview().net
            let sumBefore = try store.scalar("SELECT SUM(amount) FROM orders")

            #expect(try await server.send(.delete, "/v1/customers/\(id)", as: .operator).status == .forbidden)
            #expect(try await server.send(.delete, "/v1/customers/9999").status == .notFound)
            #expect(try await server.send(.delete, "/v1/customers/abc").status == .unprocessableContent)

            let key = ["Idempotency-Key": "erase-zhang"]
            let erased = try await server.send(.delete, "/v1/customers/\(id)", headers: key)
            #expect(erased.status == .ok)
            #expect(erased.json["customerID"] == .integer(Int64(id)))
            #expect(erased.json["removed"]?["ordersAnonymised"] == 2)
            #expect(erased.json["removed"]?["events"] == 1)
            #expect(erased.json["removed"]?["customers"] == 2)

            for table in ["identities WHERE value", "customers WHERE name", "orders WHERE buyer_name", "customers WHERE nickname",
                          "customers WHERE birthday"] {
                #expect(try store.scalar("SELECT COUNT(*) FROM \(table) IN ('13600001111', '张三丰', '三丰', 'zsf@example.com', '1990-05-17')") == 0)
            }
            #expect(try store.scalar("SELECT COUNT(*) FROM customer_tags WHERE tag = 'VIP'") == 0)
            #expect(try store.scalar("SELECT SUM(amount) FROM orders") == sumBefore)
            #expect(try await store.shopOverview().net == netBefore)

            let replay = try await server.send(.delete, "/v1/customers/\(id)", headers: key)
            #expect(replay.status == .ok)
            #expect(replay.headers[HTTPField.Name("Idempotent-Replayed")!] == "true")
            #expect(replay.text == erased.text)

            let gone = try await server.send(.get, "/v1/customers/\(id)", as: .operator)
            #expect(gone.status == .notFound)
            #expect(gone.problem?.type == "urn:regulars:problem:erased")
            #expect(try await server.send(.delete, "/v1/customers/\(id)").problem?.type == "urn:regulars:problem:erased")
            #expect(try await server.send(.get, "/v1/customers?q=1111", as: .operator).json["customers"] == .array([]))

            let audit = try await server.send(.get, "/v1/audit?action=customers.erase")
            let entries = try #require(audit.json["entries"]?.arrayValue)
            #expect(entries.count == 1, "the replay is not a second erasure")
            #expect(entries.first?["target"] == .string("customer:\(id)"))
            #expect(entries.first?["status"] == 200)
        }
    }
}

fileprivate extension JSONValue {
    func at(_ index: Int) -> JSONValue? {
        guard let items = arrayValue, items.indices.contains(index) else { return nil }
        return items[index]
    }
}
