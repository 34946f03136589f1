import Foundation
import Testing
@testable import Regulars

/// The three demo files of one spec, as bytes and as rows of cells.
private struct DemoOutput {
    var bytes: [DemoFile: [UInt8]] = [:]
    var chunks: [(DemoFile, Int)] = []

    init(_ spec: DemoShopSpec) {
        DemoShop.generate(spec) { file, chunk in
            bytes[file, default: []] += chunk
            chunks.append((file, chunk.count))
        }
    }

    func lines(_ file: DemoFile) -> [String] {
        String(decoding: bytes[file] ?? [], as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
            .dropLast().map(String.init)
    }

    /// Data rows as dictionaries keyed by the header's column names.
    func rows(_ file: DemoFile) -> [[String: String]] {
        let all = lines(file)
        let header = all[0].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        return all.dropFirst().map { line in
            let cells = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            return Dictionary(uniqueKeysWithValues: zip(header, cells))
        }
    }
}

private func fen(_ text: String?) -> Int64 {
    guard let text, !text.isEmpty else { return 0 }
    let parts = text.split(separator: ".")
    return Int64(parts[0])! * 100 + Int64(parts[1])!
}

@Suite struct DemoShopTests {
    static let end = Instant(secondsSinceEpoch: 1_733_900_400)  // 2024-12-11 15:00 in Shanghai
    static let spec = DemoShopSpec(customers: 300, orders: 1000, end: end)
    fileprivate static let output = DemoOutput(spec)

    @Test func sameSeedGivesSameBytesAndAnotherSeedDifferentOnes() {
        let again = DemoOutput(Self.spec)
        var other = Self.spec
        other.seed = 7
        let different = DemoOutput(other)
        for file in DemoFile.allCases {
            #expect(again.bytes[file] == Self.output.bytes[file])
            #expect(different.bytes[file] != Self.output.bytes[file])
        }
    }

    @Test func headersAreTheCanonicalColumns() {
        #expect(Self.output.lines(.orders)[0] == "order_id,channel,customer_id,phone,email,union_id,name,province,city,"
            + "status,created_at,paid_at,amount,refund_amount,deposit,balance,discount,sku,product_name,category,brand,quantity,"
            + "unit_price,line_amount")
        #expect(Self.output.lines(.customers)[0]
            == "customer_id,channel,name,phone,email,union_id,gender,birthday,province,city,registered_at")
        #expect(Self.output.lines(.events)[0] == "customer_id,channel,phone,event_type,occurred_at,sku,text,duration_seconds")
    }

    @Test func everyRowHasTheHeadersNumberOfCells() {
        for file in DemoFile.allCases {
            let lines = Self.output.lines(file)
            let width = lines[0].split(separator: ",", omittingEmptySubsequences: false).count
            #expect(lines.allSatisfy { $0.split(separator: ",", omittingEmptySubsequences: false).count == width })
        }
    }

    @Test func generatesExactlyTheOrdersAskedFor() {
        let ids = Set(Self.output.rows(.orders).map { $0["channel"]! + ":" + $0["order_id"]! })
        #expect(ids.count == 1000)
        for (customers, orders) in [(1, 5), (10, 0), (2, 37), (500, 120)] {
            let small = DemoOutput(DemoShopSpec(customers: customers, orders: orders, end: Self.end))
            #expect(Set(small.rows(.orders).map { $0["channel"]! + ":" + $0["order_id"]! }).count == orders)
        }
    }

    @Test func orderAmountsAddUpAndRefundsStayWithinThem() {
        let orders = Dictionary(grouping: Self.output.rows(.orders)) { $0["channel"]! + ":" + $0["order_id"]! }
        for rows in orders.values {
            let amount = fen(rows[0]["amount"])
            #expect(rows.allSatisfy { $0["amount"] == rows[0]["amount"] })
            #expect(amount == rows.reduce(0) { $0 + fen($1["line_amount"]) })
            let refund = fen(rows[0]["refund_amount"])
            #expect(refund <= amount)
            let status = rows[0]["status"]!
            #expect(["paid", "refunded", "cancelled", "pending"].contains(status))
            if status == "refunded" { #expect(refund == amount) }
            if status == "cancelled" || status == "pending" { #expect(rows[0]["paid_at"] == "") }
            if !rows[0]["deposit"]!.isEmpty {
                #expect(fen(rows[0]["deposit"]) + fen(rows[0]["balance"]) == amount)
            }
        }
        let statuses = Set(orders.values.map { $0[0]["status"]! })
        #expect(statuses == ["paid", "refunded", "cancelled", "pending"])
    }

    @Test func ordersComeInTimeOrderWithinTheTwoYearsBeforeTheEnd() {
        let created = Self.output.rows(.orders).map { $0["created_at"]! }
        #expect(created == created.sorted())
        let calendar = ShopCalendar.shanghai
        #expect(created.first! >= calendar.format(Self.end - 731 * 86_400))
        #expect(created.last! < calendar.format(Self.end))
    }

    @Test func phonesAreElevenDigitMobiles() {
        for file in DemoFile.allCases {
            for row in Self.output.rows(file) where !row["phone"]!.isEmpty {
                let phone = row["phone"]!
                #expect(phone.count == 11 && phone.allSatisfy(\.isASCII) && phone.allSatisfy(\.isNumber))
                #expect(phone.hasPrefix("1"))
            }
        }
    }

    @Test func somePhoneIsSharedByAccountsOnDifferentChannels() {
        var channels: [String: Set<String>] = [:]
        for row in Self.output.rows(.customers) + Self.output.rows(.orders) where !row["phone"]!.isEmpty {
            channels[row["phone"]!, default: []].insert(row["channel"]!)
        }
        #expect(channels.values.contains { $0.count >= 2 })
    }

    @Test func theShopPhoneIsOnMoreThanFortyMemberCards() {
        var cards: [String: Set<String>] = [:]
        for row in Self.output.rows(.customers) + Self.output.rows(.orders)
        where row["channel"] == "pos" && !row["phone"]!.isEmpty && !row["customer_id"]!.isEmpty {
            cards[row["phone"]!, default: []].insert(row["customer_id"]!)
        }
        #expect(cards.values.contains { $0.count > 40 })
    }

    /// Linking accounts by phone (except the shop's), e-mail and union id finds exactly the spec's people.
    @Test func identitiesResolveToTheSpecsPeople() {
        var parent: [String: String] = [:]
        func root(_ key: String) -> String {
            var key = key
            while let up = parent[key], up != key { key = up }
            return key
        }
        let rows = Self.output.rows(.customers) + Self.output.rows(.orders)
        let cards = Dictionary(grouping: rows.filter { !$0["phone"]!.isEmpty }) { $0["phone"]! }
            .mapValues { Set($0.map { $0["channel"]! + $0["customer_id"]! }).count }
        for row in rows {
            var keys: [String] = []
            if !row["customer_id"]!.isEmpty { keys.append("account " + row["channel"]! + ":" + row["customer_id"]!) }
            if let phone = row["phone"], !phone.isEmpty, cards[phone]! <= 20 { keys.append("phone " + phone) }
            if let email = row["email"], !email.isEmpty { keys.append("email " + email) }
            if let union = row["union_id"], !union.isEmpty { keys.append("union " + union) }
            #expect(!keys.isEmpty)
            for key in keys where parent[key] == nil { parent[key] = key }
            for key in keys.dropFirst() {
                let (a, b) = (root(keys[0]), root(key))
                if a != b { parent[a] = b }
            }
        }
        #expect(Set(parent.keys.map(root)).count == 300)
        // Some accounts are linked only by e-mail or only by union id.
        #expect(rows.contains { $0["phone"]!.isEmpty && !$0["email"]!.isEmpty })
        #expect(rows.contains { $0["phone"]!.isEmpty && !$0["union_id"]!.isEmpty })
    }

    @Test func eventsAreAboutThreePerOrder() {
        let events = Self.output.rows(.events)
        #expect(events.count > 2000 && events.count < 4000)
        #expect(Set(events.map { $0["event_type"]! }) == ["view", "search", "add_to_cart", "cart_expired", "favorite"])
        #expect(events.allSatisfy { !$0["customer_id"]!.isEmpty && $0["channel"] != "pos" })
    }

    @Test func chunksAreAboutOneMebibyteWithTheHeaderFirst() {
        let output = DemoOutput(DemoShopSpec(customers: 3000, orders: 12000, end: Self.end))
        #expect(output.chunks.allSatisfy { $0.1 <= DemoByteBuffer.chunkSize + 4096 })
        #expect(output.chunks.filter { $0.0 == .orders }.count > 2)
        #expect(output.lines(.orders)[0].hasPrefix("order_id,"))
    }

    @Test func cellsAreWrittenLikeMoneyAndShopCalendar() {
        let buffer = DemoByteBuffer(capacity: 64)
        for fen: Int64 in [0, 5, 99, 100, 12_900, 1_099_900, 123_456_789] {
            buffer.removeAll()
            buffer.money(fen)
            #expect(String(decoding: buffer.bytes, as: UTF8.self) == Money(fen: fen).decimalString)
        }
        for zone in ["Asia/Shanghai", "America/New_York"] {
            let calendar = ShopCalendar(timeZone: TimeZone(identifier: zone)!)
            let timeline = DemoTimeline(end: Self.end, calendar: calendar)
            var random = DemoRandom(seed: 1)
            for _ in 0..<500 {
                let instant = Self.end - Int64(random.below(800 * 86_400))
                buffer.removeAll()
                timeline.writeTime(instant, buffer)
                #expect(String(decoding: buffer.bytes, as: UTF8.self) == calendar.format(instant))
            }
        }
    }
}
