import Foundation
import Regulars
import RegularsStore
import RegularsTestSupport
import Testing

@Suite("The 360° view")
struct CustomerProfileTests {
    @Test func profileSumsOrdersAndListsRecentActivity() async throws {
        try await withTestStore { store, _ in
            _ = try await importCSV("""
                customer_id,channel,name,phone,gender,birthday,province,city
                u1,miniapp,张三丰,13600001111,男,1990-05-17,浙江省,杭州市
                """, kind: .customers, into: store)
            _ = try await importCSV("""
                order_id,channel,customer_id,phone,paid_at,status,amount,refund_amount,sku,product_name,category,quantity,line_amount
                A,miniapp,u1,,2024-01-05 10:00:00,paid,300.00,,S1,玫瑰面霜,面霜,1,300.00
                B,tmall,tb1,13600001111,2024-03-05 10:00:00,paid,100.00,20.00,S2,丝绒口红,口红,2,100.00
                C,tmall,tb1,,2024-04-05 10:00:00,refunded,50.00,,S2,丝绒口红,口红,1,50.00
                D,tmall,tb1,,,cancelled,0,,S2,丝绒口红,口红,1,
                """, kind: .orders, into: store)
            _ = try await importCSV("""
                customer_id,channel,event_type,occurred_at,sku,text
                u1,miniapp,view,2024-04-06 09:00:00,S1,
                u1,miniapp,search,2024-04-06 09:01:00,,口红
                """, kind: .events, into: store)

            let profile = try #require(try await store.customerProfile(.phone("13600001111"), recentLimit: 10))
            #expect(profile.name == "张三丰")
            #expect(profile.gender == .male)
            #expect(profile.birthday == CivilDate(year: 1990, month: 5, day: 17))
            #expect(profile.province == "浙江省")
            #expect(profile.orders.count == 2)
            #expect(profile.orders.total == Money(yuan: 300 + 80))
            #expect(profile.orders.refunded == Money(yuan: 70))
            #expect(profile.orders.averageOrderValue == Money(yuan: 190))
            #expect(profile.orders.topCategories.map(\.category) == ["面霜", "口红"])
            #expect(profile.orders.channels == [.miniapp, .tmall])
            #expect(profile.recentOrders.count == 4)
            #expect(profile.recentOrders.first?.externalID == "C")
            #expect(profile.recentEvents.map(\.type) == [.search, .view])
            #expect(profile.recentEvents.last?.productName == "玫瑰面霜")

            let masked = profile.masked()
            #expect(masked.name == "张**")
            #expect(masked.identities.contains { $0.identifier.value == "136****1111" })
            #expect(!masked.identities.contains { $0.identifier.value == "13600001111" })

            let byID = try await store.customerProfile(.id(profile.mergedIDs.first ?? profile.id), recentLimit: 1)
            #expect(byID?.id == profile.id, "an absorbed id leads to the customer it was merged into")
            let found = try await store.searchCustomers("1111", limit: 5)
            #expect(found.map(\.id) == [profile.id])
            #expect(found.first?.masked().phone == "136****1111")
        }
    }

    @Test func eventsReimportAsDuplicates() async throws {
        try await withTestStore { store, _ in
            let events = """
                customer_id,channel,event_type,occurred_at,sku,duration_seconds
                u1,miniapp,浏览,2024-04-06 09:00:00,S1,320
                u1,miniapp,add_to_cart,2024-04-06 09:05:00,S1,
                u2,miniapp,teleport,2024-04-06 09:05:00,S1,
                """
            let first = try await importCSV(events, kind: .events, into: store)
            #expect(first.counts.inserted == 2)
            #expect(first.rejectionLines == ["test.csv:4: event_type: unknown event 'teleport' (known: view, search, add_to_cart, cart_expired, favorite, coupon_claim, visit, shipped, delivered)"])
            let second = try await importCSV(events, kind: .events, into: store)
            #expect(second.counts.duplicate == 2)
            #expect(try store.scalar("SELECT COUNT(*) FROM events") == 2)
        }
    }
}
