import Foundation
import HTTPTypes
import Regulars
import RegularsServer
import RegularsStore
import RegularsTestSupport
import Testing

@Suite("Ingestion routes")
struct IngestionRouteTests {
    static func order(_ id: String, account: String = "amy", amount: String = "100.00", status: String = "paid",
                      paidAt: String = "\"2024-11-11T12:00:00Z\"") -> String {
        #"{"channel":"tmall","externalID":"\#(id)","account":"\#(account)","status":"\#(status)","paidAt":\#(paidAt),"amount":"\#(amount)"}"#
    }

    static func batch(_ orders: [String]) -> String { #"{"orders":[\#(orders.joined(separator: ","))]}"# }

    @Test func oneOrderIsStoredOnceThenReportedDuplicateThenUpdated() async throws {
        try await withServer { server in
            let first = try await server.send(.post, "/v1/orders", as: .operator, json: Self.order("T1"))
            #expect(first.status == .created)
            #expect(first.json["outcome"] == "inserted")
            #expect(first.json["externalID"] == "T1")
            #expect(first.json["customerID"]?.integerValue != nil)

            let again = try await server.send(.post, "/v1/orders", as: .operator, json: Self.order("T1"))
            #expect(again.status == .ok)
            #expect(again.json["outcome"] == "duplicate")

            let refunded = try await server.send(.post, "/v1/orders", as: .operator, json: Self.order("T1", status: "refunded"))
            #expect(refunded.json["outcome"] == "updated")
            #expect(try server.store.scalar("SELECT count(*) FROM orders") == 1)
            #expect(try server.store.text("SELECT status FROM orders WHERE external_id = 'T1'") == "refunded")
            #expect(try server.store.scalar("SELECT refunded FROM orders WHERE external_id = 'T1'") == 10_000)
        }
    }

    @Test func anAnalystMayNotIngest() async throws {
        try await withServer { server in
            let response = try await server.send(.post, "/v1/orders", as: .analyst, json: Self.order("T1"))
            #expect(response.status == .forbidden)
            #expect(try server.store.scalar("SELECT count(*) FROM orders") == 0)
        }
    }

    @Test func aBadSingleOrderIsA422WithItsPointerAndNothingStored() async throws {
        try await withServer { server in
            let response = try await server.send(.post, "/v1/orders", as: .operator,
                                                 json: #"{"channel":"tmall","externalID":"T1","account":"amy","status":"shipped","amount":"50.00"}"#)
            #expect(response.status == .unprocessableContent)
            #expect(response.problem?.errors?.map(\.pointer) == ["/paidAt"])
            #expect(try server.store.scalar("SELECT count(*) FROM orders") == 0)
        }
    }

    @Test func aBatchRejectsEachBadItemAloneWithItsPointerAndStoresTheRest() async throws {
        try await withServer { server in
            let items = [
                Self.order("T1"),
                Self.order("T2", amount: "12元5"),
                Self.order("T3", status: "发货中"),
                #"{"channel":"tmall","externalID":"T4","status":"paid","paidAt":"2024-11-11T12:00:00Z","amount":"10.00"}"#,
                Self.order("T5", paidAt: "5"),
                #"{"channel":"tmall","externalID":"T6","account":"bo","status":"paid","paidAt":"2024-11-11T12:00:00Z","amount":"10.00","refunded":"20.00"}"#,
                #"{"channel":"tmall","externalID":"T7","account":"bo","status":"paid","paidAt":"2024-11-11T12:00:00Z","amount":"10.00","colour":"red"}"#,
                Self.order("T8", account: "bo", amount: "30.00"),
            ]
            let response = try await server.send(.post, "/v1/orders/batch", as: .operator, json: Self.batch(items))
            #expect(response.status == .ok)
            let results = try #require(response.json["results"]?.arrayValue)
            #expect(results.map { $0["outcome"]?.stringValue } == ["inserted", "rejected", "rejected", "rejected", "rejected",
                                                                  "rejected", "rejected", "inserted"])
            func pointers(_ index: Int) -> [String] {
                results[index]["problems"]?.arrayValue?.compactMap { $0["pointer"]?.stringValue } ?? []
            }
            #expect(pointers(1) == ["/orders/1/amount"])
            #expect(pointers(2) == ["/orders/2/status"])
            #expect(pointers(3) == ["/orders/3/account"])
            #expect(pointers(4) == ["/orders/4/paidAt"])
            #expect(pointers(5) == ["/orders/5/refunded"])
            #expect(pointers(6) == ["/orders/6/colour"])
            #expect(results.map { $0["index"]?.integerValue } == (0..<8).map { Int64($0) })
            #expect(response.json["totals"]?["inserted"] == 2)
            #expect(response.json["totals"]?["rejected"] == 6)
            #expect(response.json["totals"]?["received"] == 8)
            #expect(try server.store.scalar("SELECT count(*) FROM orders") == 2)
            #expect(try server.store.scalar("SELECT count(*) FROM orders WHERE external_id IN ('T1', 'T8')") == 2)
        }
    }

    @Test func resendingABatchGivesDuplicatesAndNoSecondRow() async throws {
        try await withServer { server in
            let body = Self.batch([Self.order("T1"), Self.order("T2", account: "bo"), Self.order("T3", account: "cy")])
            let first = try await server.send(.post, "/v1/orders/batch", as: .operator, json: body)
            #expect(first.json["totals"]?["inserted"] == 3)
            let second = try await server.send(.post, "/v1/orders/batch", as: .operator, json: body)
            #expect(second.json["totals"]?["duplicate"] == 3)
            #expect(second.json["totals"]?["inserted"] == 0)
            #expect(try server.store.scalar("SELECT count(*) FROM orders") == 3)
            #expect(try server.store.scalar("SELECT count(*) FROM customers") == 3)
        }
    }

    @Test func theSameOrderTwiceInOneBatchIsStoredOnce() async throws {
        try await withServer { server in
            let body = Self.batch([Self.order("T1"), Self.order("T1"), Self.order("T1", status: "completed")])
            let response = try await server.send(.post, "/v1/orders/batch", as: .operator, json: body)
            let outcomes = response.json["results"]?.arrayValue?.map { $0["outcome"]?.stringValue }
            #expect(outcomes == ["inserted", "duplicate", "updated"])
            #expect(try server.store.scalar("SELECT count(*) FROM orders") == 1)
            #expect(try server.store.text("SELECT status FROM orders") == "completed")
        }
    }

    @Test func batchShapeErrorsAreA422AndStoreNothing() async throws {
        try await withServer { server in
            let tooMany = Self.batch((0...1_000).map { Self.order("T\($0)") })
            let response = try await server.send(.post, "/v1/orders/batch", as: .operator, json: tooMany)
            #expect(response.status == .unprocessableContent)
            #expect(response.problem?.errors?.first?.pointer == "/orders")
            #expect(try await server.send(.post, "/v1/orders/batch", as: .operator, json: #"{"orders":[]}"#).status == .unprocessableContent)
            #expect(try await server.send(.post, "/v1/orders/batch", as: .operator, json: #"{"orders":{}}"#).status == .unprocessableContent)
            #expect(try await server.send(.post, "/v1/orders/batch", as: .operator, json: #"[1]"#).status == .unprocessableContent)
            #expect(try server.store.scalar("SELECT count(*) FROM orders") == 0)
        }
    }

    @Test func aThousandItemsAreAccepted() async throws {
        try await withServer { server in
            let body = Self.batch((0..<1_000).map { Self.order("T\($0)", account: "buyer\($0 % 300)") })
            let response = try await server.send(.post, "/v1/orders/batch", as: .operator, json: body)
            #expect(response.status == .ok)
            #expect(response.json["totals"]?["inserted"] == 1_000)
            #expect(try server.store.scalar("SELECT count(*) FROM orders") == 1_000)
            #expect(try server.store.scalar("SELECT count(*) FROM customers") == 300)
        }
    }

    @Test func linesAddUpToTheOrdersAmount() async throws {
        try await withServer { server in
            let body = #"""
                {"channel":"jd","externalID":"J1","phone":"13812345678","status":"completed","paidAt":"2024-11-11 20:01:33",
                 "amount":"100.00","lines":[{"sku":"A","quantity":2,"unitPrice":"30.00"},{"sku":"B","unitPrice":"40.00"}]}
                """#
            #expect(try await server.send(.post, "/v1/orders", as: .operator, json: body).status == .created)
            #expect(try server.store.scalar("SELECT sum(amount) FROM order_lines") == 10_000)
            #expect(try server.store.scalar("SELECT amount FROM order_lines WHERE sku = 'A'") == 6_000)
            let wrong = #"{"channel":"jd","externalID":"J2","account":"x","status":"pending","amount":"10.00","lines":[{"sku":"A","amount":"20.00"}]}"#
            let response = try await server.send(.post, "/v1/orders", as: .operator, json: wrong)
            #expect(response.problem?.errors?.map(\.pointer) == ["/lines"])
        }
    }

    @Test func aJustIngestedOrderIsInTheProfileAndTheStoredSegmentAtOnce() async throws {
        try await withServer { server in
            _ = try await importCSV("""
                order_id,channel,customer_id,status,paid_at,amount
                1,tmall,amy,paid,2024-10-01 10:00:00,100.00
                2,tmall,bo,paid,2024-09-01 10:00:00,300.00
                3,tmall,cy,paid,2024-11-01 10:00:00,50.00
                """, kind: .orders, into: server.store)
            let settings = ShopSettings()
            _ = try await SegmentRecompute.full(server.store, settings: settings, now: fixedNow)
            let amy = try #require(try await server.store.customerProfile(.account("amy"), recentLimit: 5)).id
            let before = try #require(try await server.store.storedSegment(customer: amy, calendar: settings.calendar))
            #expect(before.orders == 1)

            let response = try await server.send(.post, "/v1/orders", as: .operator,
                                                 json: Self.order("T9", amount: "80.00", paidAt: "\"2024-11-19T10:00:00Z\""))
            #expect(response.json["customerID"] == .integer(amy))
            let profile = try #require(try await server.store.customerProfile(.id(amy), recentLimit: 5))
            #expect(profile.orders.count == 2)
            #expect(profile.recentOrders.contains { $0.externalID == "T9" })
            let after = try #require(try await server.store.storedSegment(customer: amy, calendar: settings.calendar))
            #expect(after.orders == 2)
            #expect(after.spend == Money(fen: 18_000))
            #expect(after.lastPurchaseDay == CivilDate(year: 2024, month: 11, day: 19))
            #expect(try server.store.scalar("SELECT count(*) FROM segment_dirty") == 0)

            // A new customer gets a segment row at once too.
            let newcomer = try await server.send(.post, "/v1/orders", as: .operator, json: Self.order("T10", account: "dee"))
            let dee = try #require(newcomer.json["customerID"]?.integerValue)
            #expect(try await server.store.storedSegment(customer: dee, calendar: settings.calendar)?.orders == 1)
        }
    }

    @Test func ingestionIsAuditedAndCounted() async throws {
        try await withServer { server in
            _ = try await server.send(.post, "/v1/orders/batch", as: .operator,
                                      json: Self.batch([Self.order("T1"), Self.order("T2", amount: "x")]))
            let audit = try await server.send(.get, "/v1/audit")
            let entry = try #require(audit.json["entries"]?.arrayValue?.first)
            #expect(entry["action"] == "orders.ingestBatch")
            #expect(entry["role"] == "operator")
            #expect(entry["target"] == "orders:batch of 2")
            let metrics = try await server.send(.get, "/metrics", as: .analyst).text
            #expect(metrics.contains(#"regulars_ingested_records_total{kind="order",outcome="inserted"} 1"#))
            #expect(metrics.contains(#"regulars_ingested_records_total{kind="order",outcome="rejected"} 1"#))
        }
    }

    @Test func anIdempotencyKeyReplaysTheFirstAnswer() async throws {
        try await withServer { server in
            let body = Self.batch([Self.order("T1"), Self.order("T2", account: "bo")])
            let first = try await server.send(.post, "/v1/orders/batch", as: .operator, json: body, headers: ["Idempotency-Key": "k1"])
            #expect(first.json["totals"]?["inserted"] == 2)
            let replay = try await server.send(.post, "/v1/orders/batch", as: .operator, json: body, headers: ["Idempotency-Key": "k1"])
            #expect(replay.headers[HTTPField.Name("Idempotent-Replayed")!] == "true")
            #expect(replay.text == first.text)
            let other = try await server.send(.post, "/v1/orders/batch", as: .operator, json: Self.batch([Self.order("T3")]),
                                              headers: ["Idempotency-Key": "k1"])
            #expect(other.status == .unprocessableContent)
            #expect(try server.store.scalar("SELECT count(*) FROM orders") == 2)
        }
    }

    @Test func concurrentBatchesShareTransactionsAndEachOrderIsStoredOnce() async throws {
        try await withServer { server in
            let outcomes = try await withThrowingTaskGroup(of: [String].self) { group in
                for client in 0..<8 {
                    group.addTask {
                        let own = (0..<50).map { Self.order("C\(client)-\($0)", account: "buyer\(client)") }
                        let response = try await server.send(.post, "/v1/orders/batch", as: .operator,
                                                             json: Self.batch(own + [Self.order("SHARED")]))
                        return response.json["results"]?.arrayValue?.compactMap { $0["outcome"]?.stringValue } ?? []
                    }
                }
                return try await group.reduce(into: [String]()) { $0 += $1 }
            }
            #expect(outcomes.count == 8 * 51)
            #expect(outcomes.filter { $0 == "inserted" }.count == 8 * 50 + 1)
            #expect(outcomes.filter { $0 == "duplicate" }.count == 7)
            #expect(try server.store.scalar("SELECT count(*) FROM orders") == 8 * 50 + 1)
        }
    }

    @Test func customersOneAndInABatch() async throws {
        try await withServer { server in
            let one = try await server.send(.post, "/v1/customers", as: .operator, json: #"""
                {"channel":"youzan","account":"yz1","phone":"138 1234 5678","name":"王小明","gender":"male","birthday":"1990-05-17","tags":["VIP"],"points":120}
                """#)
            #expect(one.status == .created)
            let id = try #require(one.json["customerID"]?.integerValue)
            let batch = try await server.send(.post, "/v1/customers/batch", as: .operator, json: #"""
                {"customers":[{"channel":"youzan","account":"yz1","phone":"13812345678","name":"王小明","gender":"male","birthday":"1990-05-17","tags":["VIP"],"points":120},
                              {"channel":"youzan","account":"yz2","email":"Li@Example.com","city":"杭州"},
                              {"channel":"youzan","name":"nobody"},
                              {"channel":"youzan","account":"yz3","email":"not-an-address"},
                              {"channel":"youzan","account":"yz1","points":150}]}
                """#)
            let results = try #require(batch.json["results"]?.arrayValue)
            #expect(results.map { $0["outcome"]?.stringValue } == ["duplicate", "inserted", "rejected", "rejected", "updated"])
            #expect(results[2]["problems"]?.arrayValue?.first?["pointer"] == "/customers/2/account")
            #expect(results[3]["problems"]?.arrayValue?.first?["pointer"] == "/customers/3/email")
            #expect(results[4]["customerID"] == .integer(id))
            let profile = try #require(try await server.store.customerProfile(.id(id), recentLimit: 0))
            #expect(profile.points == 150)
            #expect(profile.tags == ["VIP"])
            #expect(profile.birthday == CivilDate(year: 1990, month: 5, day: 17))
            #expect(try await server.store.customerProfile(.account("li@example.com"), recentLimit: 0)?.city == "杭州")
        }
    }

    @Test func eventsOneAndInABatch() async throws {
        try await withServer { server in
            let event = #"{"channel":"miniapp","unionID":"u-1","type":"add_to_cart","sku":"S1","at":"2024-11-19T08:00:00Z"}"#
            let one = try await server.send(.post, "/v1/events", as: .operator, json: event)
            #expect(one.status == .created)
            #expect(try await server.send(.post, "/v1/events", as: .operator, json: event).json["outcome"] == "duplicate")
            let batch = try await server.send(.post, "/v1/events/batch", as: .operator, json: """
                {"events":[\(event),
                           {"channel":"miniapp","unionID":"u-1","type":"view","sku":"S2","at":"2024-11-19T08:01:00Z","durationSeconds":30},
                           {"channel":"miniapp","unionID":"u-2","type":"teleport","at":"2024-11-19T08:01:00Z"},
                           {"channel":"miniapp","unionID":"u-2","type":"view","at":"yesterday"}]}
                """)
            let results = try #require(batch.json["results"]?.arrayValue)
            #expect(results.map { $0["outcome"]?.stringValue } == ["duplicate", "inserted", "rejected", "rejected"])
            #expect(results[2]["problems"]?.arrayValue?.first?["pointer"] == "/events/2/type")
            #expect(results[3]["problems"]?.arrayValue?.first?["pointer"] == "/events/3/at")
            #expect(try server.store.scalar("SELECT count(*) FROM events") == 2)
            let id = try #require(one.json["customerID"]?.integerValue)
            #expect(try await server.store.customerProfile(.id(id), recentLimit: 5)?.recentEvents.count == 2)
        }
    }
}
