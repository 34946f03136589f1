import Foundation
import Regulars
import RegularsStore
import RegularsTestSupport
import Testing

/// A shop with one person known on two channels (joined by their phone) and one other customer.
enum ErasureFixture {
    static let phone = "13600001111"
    static let personal = [phone, "张三丰", "三丰", "zsf@example.com", "tb_zhang", "1990-05-17"]

    static func seed(_ store: SQLiteStore) async throws {
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
            u1,miniapp,search,2024-04-06 09:01:00,,张三丰的口红
            """, kind: .events, into: store)
    }

    static func customerID(_ store: SQLiteStore, phone: String = phone) async throws -> Int64 {
        try #require(try await store.customerProfile(.phone(phone), recentLimit: 0)).id
    }

    /// How many cells of any table hold `text`: every column of every table is looked at.
    static func cellsHolding(_ text: String, in store: SQLiteStore) throws -> Int64 {
        let tables = try #require(try store.text("""
            SELECT group_concat(name, ',') FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
            """)).split(separator: ",")
        var total: Int64 = 0
        let needle = text.replacingOccurrences(of: "'", with: "''")
        for table in tables {
            let columns = try #require(try store.text("SELECT group_concat(name, ',') FROM pragma_table_info('\(table)')"))
            for column in columns.split(separator: ",") {
                total += try store.scalar("SELECT COUNT(*) FROM \(table) WHERE instr(CAST(\(column) AS TEXT), '\(needle)') > 0") ?? 0
            }
        }
        return total
    }
}

@Suite("PIPL erasure")
struct ErasureTests {
    @Test func erasureRemovesPersonalDataFromEveryTableAndKeepsTheTotals() async throws {
        try await withTestStore { store, _ in
            try await ErasureFixture.seed(store)
            let id = try await ErasureFixture.customerID(store)
            _ = try await store.addTag("回头客", to: id, at: fixedNow)
            for text in ErasureFixture.personal {
                #expect(try ErasureFixture.cellsHolding(text, in: store) > 0, "the fixture should hold \(text)")
            }
            let before = try await store.shopOverview()
            let sumBefore = try store.scalar("SELECT SUM(amount - refunded) FROM orders")
            let members = try #require(try await store.customerProfile(.id(id), recentLimit: 0)).mergedIDs + [id]

            let report = try #require(try await store.eraseCustomer(id, at: fixedNow))

            for text in ErasureFixture.personal {
                #expect(try ErasureFixture.cellsHolding(text, in: store) == 0, "\(text) is still stored")
            }
            #expect(Set(report.erasedIDs) == Set(members))
            #expect(report.removed.customers == members.count)
            #expect(report.removed.ordersAnonymised == 2)
            #expect(report.removed.events == 1)
            #expect(report.removed.tags == 2)
            #expect(report.removed.merges >= 1)
            #expect(report.removed.identities >= 4)
            #expect(try store.scalar("SELECT COUNT(*) FROM orders") == 3)
            #expect(try store.scalar("SELECT SUM(amount - refunded) FROM orders") == sumBefore)
            #expect(try store.scalar("SELECT COUNT(*) FROM orders WHERE external_id IN ('A', 'B') AND customer_id IS NULL") == 2)
            #expect(try store.scalar("SELECT COUNT(*) FROM order_lines") == 3, "the lines stay for product figures")
            let after = try await store.shopOverview()
            #expect(after.net == before.net)
            #expect(after.refunded == before.refunded)
            #expect(after.customers == before.customers - 1)
            #expect(try store.scalar("SELECT COUNT(*) FROM erasures") == Int64(members.count))
            #expect(try await store.customerProfile(.id(id), recentLimit: 0) == nil)
            #expect(try await store.erasure(of: id) == report)
            #expect(try await store.customerProfile(.phone("13700002222"), recentLimit: 0)?.name == "李四", "others are untouched")
        }
    }

    @Test func anAbsorbedIDErasesTheWholePerson() async throws {
        try await withTestStore { store, _ in
            try await ErasureFixture.seed(store)
            let survivor = try #require(try await store.customerProfile(.phone(ErasureFixture.phone), recentLimit: 0))
            let absorbed = try #require(survivor.mergedIDs.first)
            let report = try #require(try await store.eraseCustomer(absorbed, at: fixedNow))
            #expect(report.customerID == absorbed)
            #expect(report.erasedIDs.contains(survivor.id))
            #expect(try await store.erasure(of: survivor.id)?.erasedIDs == report.erasedIDs)
            #expect(try ErasureFixture.cellsHolding(ErasureFixture.phone, in: store) == 0)
        }
    }

    @Test func unknownAndErasedCustomersAreNotErasedAgain() async throws {
        try await withTestStore { store, _ in
            try await ErasureFixture.seed(store)
            let id = try await ErasureFixture.customerID(store)
            #expect(try await store.eraseCustomer(9_999, at: fixedNow) == nil)
            #expect(try await store.erasure(of: 9_999) == nil)
            #expect(try await store.eraseCustomer(id, at: fixedNow) != nil)
            #expect(try await store.eraseCustomer(id, at: fixedNow + 60) == nil)
            #expect(try await store.erasure(of: id)?.erasedAt == fixedNow)
        }
    }

    @Test func aLaterImportOfTheSamePhoneStartsANewCustomerUnderANewID() async throws {
        try await withTestStore { store, _ in
            try await ErasureFixture.seed(store)
            let id = try await ErasureFixture.customerID(store)
            let highest = try #require(try store.scalar("SELECT MAX(id) FROM customers"))
            let report = try #require(try await store.eraseCustomer(id, at: fixedNow))

            _ = try await importCSV("""
                order_id,channel,customer_id,name,phone,paid_at,status,amount,sku,quantity,line_amount
                D,jd,jd_zhang,张三丰,13600001111,2024-05-01 10:00:00,paid,50.00,S1,1,50.00
                """, kind: .orders, into: store)
            let reborn = try #require(try await store.customerProfile(.phone(ErasureFixture.phone), recentLimit: 10))
            #expect(!report.erasedIDs.contains(reborn.id))
            #expect(reborn.id > highest, "an erased id is never handed out again")
            #expect(reborn.recentOrders.map(\.externalID) == ["D"], "the anonymised orders stay anonymous")
            #expect(try store.scalar("SELECT COUNT(*) FROM orders WHERE external_id IN ('A', 'B') AND customer_id IS NULL") == 2)
        }
    }

    @Test func reimportingTheSameFilesDoesNotRestoreTheOrdersBuyer() async throws {
        try await withTestStore { store, _ in
            try await ErasureFixture.seed(store)
            let id = try await ErasureFixture.customerID(store)
            _ = try #require(try await store.eraseCustomer(id, at: fixedNow))
            _ = try await importCSV("""
                order_id,channel,customer_id,name,phone,province,city,paid_at,status,amount,refund_amount,sku,product_name,category,quantity,line_amount
                A,miniapp,u1,张三丰,,浙江省,杭州市,2024-01-05 10:00:00,paid,300.00,,S1,玫瑰面霜,面霜,1,300.00
                """, kind: .orders, into: store)
            #expect(try store.scalar("SELECT COUNT(*) FROM orders WHERE external_id = 'A' AND customer_id IS NULL AND buyer_name IS NULL") == 1)
        }
    }
}
