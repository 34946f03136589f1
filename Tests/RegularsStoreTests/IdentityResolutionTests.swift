import Foundation
import Regulars
import RegularsStore
import RegularsTestSupport
import Testing

@Suite("Identity resolution in the store")
struct IdentityResolutionTests {
    static let header = "customer_id,channel,name,phone,email,union_id"

    func customers(_ store: SQLiteStore) throws -> Int64? {
        try store.scalar("SELECT COUNT(*) FROM customers WHERE merged_into IS NULL")
    }

    @Test func sharedKeysJoinCustomersTransitively() async throws {
        try await withTestStore { store, _ in
            // A and B share a phone (+86 and dashes), B and C share an e-mail (case differs): one person.
            let text = """
                \(Self.header)
                tb_wang,tmall,王芳,+86 138-1234-5678,,
                jd_wang,jd,,13812345678,Wang.Fang@QQ.com,
                oMini1,miniapp,,,wang.fang@qq.com,U-1
                dy_other,douyin,李雷,13900000000,,
                """
            let report = try await importCSV(text, kind: .customers, into: store)
            #expect(report.counts.merges == 2)
            #expect(try customers(store) == 2)
            let profile = try #require(try await store.customerProfile(.account("oMini1"), recentLimit: 5))
            #expect(Set(profile.identities.map(\.identifier.description)) == [
                "account tmall:tb_wang", "account jd:jd_wang", "account miniapp:oMini1",
                "phone 13812345678", "email wang.fang@qq.com", "union_id U-1",
            ])
            #expect(profile.name == "王芳")
            #expect(profile.merges.map(\.reason.kind) == [.phone, .email])
        }
    }

    @Test func aLinkArrivingLaterMergesTwoExistingCustomers() async throws {
        try await withTestStore { store, _ in
            _ = try await importCSV("\(Self.header)\nA,tmall,,13811112222,,\nB,jd,,,b@163.com,\n", kind: .customers, into: store)
            #expect(try customers(store) == 2)
            let orders = """
                order_id,channel,customer_id,phone,email,paid_at,amount
                M1,miniapp,oLate,13811112222,B@163.com,2024-06-18 20:00:00,99.00
                """
            let report = try await importCSV(orders, kind: .orders, into: store)
            #expect(report.counts.merges == 2)
            #expect(try customers(store) == 1)
            let profile = try #require(try await store.customerProfile(.phone("13811112222"), recentLimit: 5))
            #expect(profile.orders.count == 1)
            #expect(Set(profile.identities.filter { $0.identifier.kind == .account }.map(\.identifier.value)) == ["A", "B", "oLate"])
        }
    }

    @Test func maskedPhonesAreShownButNeverJoinCustomers() async throws {
        try await withTestStore { store, _ in
            let text = "\(Self.header)\nA,youzan,,138****5678,,\nB,youzan,,138****5678,,\n"
            let report = try await importCSV(text, kind: .customers, into: store)
            #expect(report.counts.merges == 0)
            #expect(try customers(store) == 2)
            let profile = try #require(try await store.customerProfile(.account("A"), recentLimit: 1))
            #expect(profile.identities.contains { $0.display == "138****5678" })
        }
    }

    @Test func aPhoneOnTooManyAccountsIsFlaggedAndNeverMerges() async throws {
        try await withTestStore { store, _ in
            var settings = try await store.loadSettings()
            try settings.set("shared_identifier_limit", to: "5")
            try await store.saveSettings(settings)
            var rows = ["order_id,channel,customer_id,phone,paid_at,amount"]
            for i in 0..<30 { rows.append("P\(i),pos,card\(i),021-5555-0000,2024-03-01 10:00:00,10.00") }
            for i in 0..<30 { rows.append("S\(i),pos,member\(i),13700000000,2024-03-01 10:00:00,10.00") }
            rows.append("S99,pos,member0,13700000000,2024-03-02 10:00:00,12.00")
            rows.append("F1,pos,fam1,13600000000,2024-03-02 10:00:00,12.00")
            rows.append("F2,pos,fam2,13600000000,2024-03-02 10:00:00,12.00")
            let report = try await importCSV(rows.joined(separator: "\n"), kind: .orders, into: store)
            #expect(report.sharedIdentifiers == ["137****0000"])
            #expect(report.counts.merges == 1, "the family phone on two cards still joins them")
            #expect(try customers(store) == 30 + 30 + 1)
            #expect(try store.scalar("SELECT shared FROM identities WHERE value = '13700000000'") == 1)
            #expect(try await store.customerProfile(.phone("13700000000"), recentLimit: 1) == nil)
        }
    }

    @Test func crossingTheLimitLaterUndoesTheMergesItCaused() async throws {
        try await withTestStore { store, _ in
            var settings = try await store.loadSettings()
            try settings.set("shared_identifier_limit", to: "3")
            try await store.saveSettings(settings)
            let first = "\(Self.header)\nc1,pos,,13700000000,,\nc2,pos,,13700000000,,\nc3,pos,,13700000000,,\n"
            let one = try await importCSV(first, kind: .customers, into: store)
            #expect(one.counts.merges == 2)
            #expect(try customers(store) == 1)
            // Two more cards with the same number, in separate files: the fourth account crosses the limit.
            _ = try await importCSV("\(Self.header)\nc4,pos,,13700000000,,\n", kind: .customers, into: store)
            let later = try await importCSV("\(Self.header)\nc5,pos,,13700000000,,\n", kind: .customers, into: store)
            #expect(try customers(store) == 5)
            #expect(try store.scalar("SELECT COUNT(*) FROM merges WHERE undone_at IS NULL") == 0)
            #expect(try store.scalar("SELECT shared FROM identities WHERE value = '13700000000'") == 1)
            #expect(later.counts.merges == 0)
        }
    }

    @Test func unmergeGivesBackOrdersAndKeepsTheCustomersApart() async throws {
        try await withTestStore { store, _ in
            let orders = """
                order_id,channel,customer_id,phone,paid_at,amount
                T1,tmall,mother,13512345678,2024-01-01 10:00:00,100.00
                T2,tmall,daughter,13512345678,2024-02-01 10:00:00,40.00
                T3,tmall,daughter,,2024-03-01 10:00:00,60.00
                """
            _ = try await importCSV(orders, kind: .orders, into: store)
            let joined = try #require(try await store.customerProfile(.account("daughter"), recentLimit: 5))
            #expect(joined.orders.count == 3)
            let merge = try #require(joined.merges.first)

            let undone = try await store.unmerge(merge.id, at: fixedNow)
            #expect(undone.undoneAt == fixedNow)
            let mother = try #require(try await store.customerProfile(.account("mother"), recentLimit: 5))
            let daughter = try #require(try await store.customerProfile(.account("daughter"), recentLimit: 5))
            #expect(mother.id != daughter.id)
            #expect(mother.orders.total == Money(yuan: 100))
            #expect(daughter.orders.total == Money(yuan: 100))
            #expect(mother.identities.contains { $0.identifier.kind == .phone })

            // Importing the same orders again does not weld them back together.
            let again = try await importCSV(orders, kind: .orders, into: store)
            #expect(again.counts.merges == 0)
            #expect(try customers(store) == 2)
            await #expect(throws: StoreError.self) { try await store.unmerge(merge.id, at: fixedNow) }
            await #expect(throws: StoreError.self) { try await store.unmerge(999, at: fixedNow) }
        }
    }
}

@Suite("A shared number discovered in the middle of one import")
struct SharedNumberMidImportTests {
    @Test func laterRecordsOfTheUnweldedAccountsStayApart() async throws {
        try await withTestStore { store, _ in
            var settings = try await store.loadSettings()
            try settings.set("shared_identifier_limit", to: "3")
            try await store.saveSettings(settings)
            func order(_ id: String, _ account: String, phone: String? = "13700000000", email: String? = nil) -> OrderRecord {
                OrderRecord(channel: .pos, externalID: id,
                            buyer: IdentityKeys(channel: .pos, account: account, phone: phone, email: email),
                            status: .paid, paidAt: fixedNow, amount: Money(yuan: 10))
            }
            let session = try await store.beginImport(settings: settings, at: fixedNow)
            // Three cards with the counter's phone: welded (the limit is not crossed yet).
            _ = try await session.writeOrders([order("A", "c1"), order("B", "c2"), order("C", "c3")][...])
            #expect(try store.scalar("SELECT COUNT(*) FROM merges WHERE undone_at IS NULL") == 2)
            // A fourth card crosses the limit: the number is flagged and the welds undone, in the same session.
            let crossing = try await session.writeOrders([order("D", "c4")][...])
            #expect(crossing.merges == 1 && crossing.mergesUndone == 3, "the fourth card joined, then every weld by that number was undone")
            // The first cards buy again (one also brings an e-mail shared with c4): their orders go to their own customers.
            _ = try await session.writeOrders([order("E", "c1"), order("F", "c2", phone: nil, email: "x@qq.com"),
                                               order("G", "c4", phone: nil, email: "x@qq.com")][...])
            #expect(try store.scalar("SELECT shared FROM identities WHERE value = '13700000000'") == 1)
            let c1 = try #require(try await store.customerProfile(.account("c1"), recentLimit: 5))
            #expect(c1.orders.count == 2)
            let c2 = try #require(try await store.customerProfile(.account("c2"), recentLimit: 5))
            let c4 = try #require(try await store.customerProfile(.account("c4"), recentLimit: 5))
            #expect(c2.id == c4.id, "joined by their e-mail, not by the shared phone")
            #expect(c2.orders.count == 4)
            let c3 = try #require(try await store.customerProfile(.account("c3"), recentLimit: 5))
            #expect(Set([c1.id, c2.id, c3.id]).count == 3)
        }
    }
}
