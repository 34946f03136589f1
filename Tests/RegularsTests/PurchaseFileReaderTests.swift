import Foundation
import Testing
@testable import Regulars

private func plan(_ text: String, channel: Channel? = nil) throws -> ImportPlan {
    var bytes = Array(text.utf8)
    if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
    return try ImportPlan.make(bytes: bytes, file: "orders.csv", kind: .orders, mapping: nil, channel: channel ?? Channel(rawValue: "file"))
}

private func read(_ text: String, parts: Int? = 1) throws -> PurchaseFileReader.Result {
    PurchaseFileReader(plan: try plan(text), calendar: .shanghai).read(Array(text.utf8), parts: parts)
}

/// Local wall-clock seconds of `2026-11-01 10:00:00` and the like.
private func local(_ year: Int, _ month: Int, _ day: Int, _ hour: Int = 0, _ minute: Int = 0, _ second: Int = 0) -> Int64 {
    CivilDate(year: year, month: month, day: day).daysSinceEpoch * 86_400 + Int64(hour * 3600 + minute * 60 + second)
}

/// (customer id, local seconds, net) per purchase, in file order.
private func purchases(_ result: PurchaseFileReader.Result) -> [String] {
    (0..<result.purchases.count).map { k in
        "\(result.customers[Int(result.purchases.customer[k])]) \(result.purchases.localSeconds[k]) \(result.purchases.net[k])"
    }
}

@Suite("PurchaseFileReader: purchases straight from an orders file")
struct PurchaseFileReaderTests {
    static let header = "order_id,customer_id,paid_at,amount,refund_amount,status,sku"

    @Test func handComputedFile() throws {
        let text = Self.header + "\n"
            + "O1,c1,2026-11-01 10:00:00,100.00,0.00,paid,S1\n"          // line 2
            + "O1,c1,2026-11-01 10:00:00,100.00,0.00,paid,S2\n"          // the order's amount repeated: once
            + "O2,c2,2026-10-01 09:00:00,50.00,20.00,partially_refunded,S1\n"  // net 30
            + "O3,c1,2026-09-01 08:00:00,80.00,80.00,refunded,S1\n"      // not a purchase
            + "O4,c3,2026-08-01 08:00:00,70.00,0.00,cancelled,S1\n"      // not a purchase
            + "O5,,2026-08-02 08:00:00,10.00,0.00,paid,S1\n"             // a purchase without a customer
            + "O6,c2,2026/11/05 12:00,\"1,299.00\",0.00,completed,S3\n"  // slow paths: date without seconds, grouped money
            + "O7,c4,2026-11-06 12:00:00,abc,0.00,paid,S1\n"             // line 9: rejected
            + "\n"                                                       // blank: not a row
            + "O8,c1,2026-11-07 12:00:00,60.00,0.00,paid,S1\n"           // line rows with their own amounts: 60 + 40
            + "O8,c1,2026-11-07 12:00:00,40.00,0.00,paid,S2\n"
            + "O9,c5,2026-11-08 12:00:00,30.00,50.00,paid,S1\n"          // refunded in full by its refund: not a purchase
            + "O10,t**1,2026-11-09 12:00:00,30.00,0.00,shipped,S1\n"     // a masked buyer is no customer
        let result = try read(text)
        #expect(result.rows == 12)
        #expect(result.orders == 10)
        #expect(result.purchaseOrders == 6)
        #expect(result.skipped == 3)
        #expect(result.withoutCustomer == 2)
        #expect(result.rejectedOrders == 1)
        #expect(result.rejections == [RowRejection(line: 9, reason: "amount: 'abc' is not an amount of money")])
        #expect(result.notUTF8Line == nil)
        #expect((0..<result.customers.count).map { result.customers[$0] } == ["c1", "c2", "c3", "c4", "c5"])
        #expect(result.purchases.customerCount == 5)
        #expect(purchases(result) == [
            "c1 \(local(2026, 11, 1, 10)) 10000",
            "c2 \(local(2026, 10, 1, 9)) 3000",
            "c2 \(local(2026, 11, 5, 12)) 129900",
            "c1 \(local(2026, 11, 7, 12)) 10000",
        ])
    }

    @Test func quotedFieldsCRLFAndBOM() throws {
        let text = "\u{FEFF}order_id,customer_id,paid_at,amount,status,product_name\r\n"
            + "A1,\"c,1\",2026-01-02 03:04:05,10.00,paid,\"礼盒\r\n限定, 版\"\r\n"     // line 2, runs over two lines
            + "A2,\"c \"\"2\"\"\",2026-01-03 00:00:00,20.00,paid,x\r\n"             // line 4
            + "A3,c3,2026-01-04 00:00:00,\"\",paid,x\r\n"                            // line 5: no amount
            + "A4,=\"c4\",2026-01-05 00:00:00,5,completed,\"y\"\r\n"
        let result = try read(text)
        #expect(result.rows == 4)
        #expect(result.rejections == [RowRejection(line: 5, reason: "amount is empty and the lines carry no prices")])
        #expect(purchases(result) == [
            "c,1 \(local(2026, 1, 2, 3, 4, 5)) 1000",
            "c \"2\" \(local(2026, 1, 3)) 2000",
            "c4 \(local(2026, 1, 5)) 500",
        ])
    }

    @Test func statusWordsTimesAndCells() throws {
        let text = """
            订单编号,买家会员名,订单状态,订单创建时间,订单付款时间,买家实际支付金额,退款金额
            T1,张三,交易成功,2024-11-11 00:00:00,2024-11-11 20:01:33,￥34.00,0
            T2,李四,交易关闭,2024-11-11 00:00:00,,0,0
            T3,王五,发货中,2024-11-11 00:00:00,2024-11-11 20:01:33,10,0
            T4,张三,买家已付款，等待卖家发货,2024-11-12 00:00:00,2024-11-12T12:00:00Z,20,--
            """
        let result = try read(text)
        #expect(result.rows == 4)
        #expect(result.skipped == 1)
        #expect(result.rejections.map(\.line) == [4])
        #expect(result.rejections.first?.reason.hasPrefix("status: unknown status '发货中'") == true)
        // 12:00 UTC is 20:00 in Shanghai.
        #expect(purchases(result) == ["张三 \(local(2024, 11, 11, 20, 1, 33)) 3400", "张三 \(local(2024, 11, 12, 20)) 2000"])
    }

    @Test func cellsAreCleanedLikeTheImport() throws {
        let cells = [" c1 ", "'138001", "=\"42\"", "--", "-", "null", "NULL", "****", "a*b", "\u{3000}x\u{3000}", "\u{A0}y",
                     "n/a", "nul", "-5", "'", "=\"\"", "*"]
        for cell in cells {
            let text = "order_id,customer_id,paid_at,amount\nO1,\(cell),2024-01-01 00:00:00,1\n"
            let result = try read(text)
            let expected = CellText.clean(cell).flatMap { $0.contains("*") ? nil : $0 }
            let got = result.purchases.count == 1 ? result.customers[Int(result.purchases.customer[0])] : nil
            #expect(got == expected, "cell \(cell)")
        }
    }

    @Test func moneyAndDatesAgreeWithTheParsers() throws {
        let amounts = ["0", "1", "12.5", "12.50", "1,299.00", "¥34", "￥34.00", "34.00元", "RMB 12", "12.3400", "007.1"]
        for amount in amounts {
            let result = try read("order_id,customer_id,paid_at,amount\nO1,c,2024-01-01 00:00:00,\"\(amount)\"\n")
            #expect(result.purchases.net.first == MoneyParser.parse(amount)?.fen, "\(amount)")
            let plain = try read("order_id,customer_id,paid_at,amount\nO1,c,2024-01-01 00:00:00,\(amount.replacingOccurrences(of: ",", with: ""))\n")
            #expect(plain.purchases.net.first == MoneyParser.parse(amount.replacingOccurrences(of: ",", with: ""))?.fen, "\(amount)")
        }
        let dates = ["2024-11-11 20:01:33", "2024/11/11 20:01", "2024/1/5 8:03:00", "2024年11月11日 20:01:33", "2024-11-11",
                     "2024-11-11T20:01:33+08:00", "2024-11-11T12:01:33Z", "1731326493", "2024-02-29 23:59:60", "2024-11-11T20:01:33"]
        for date in dates {
            let result = try read("order_id,customer_id,paid_at,amount\nO1,c,\(date),1\n")
            guard case .instant(let instant)? = DateTimeParser.parse(date, calendar: .shanghai) else {
                Issue.record("\(date) does not parse")
                continue
            }
            #expect(result.purchases.localSeconds.first == LocalTime.seconds(instant, in: .shanghai), "\(date)")
        }
        let never = try read("order_id,customer_id,paid_at,created_at,amount,status\nO1,c,0001-01-01 00:00:00,2024-01-02 00:00:00,1,paid\n")
        #expect(never.purchases.localSeconds == [local(2024, 1, 2)], "JD's 0001-01-01 means never: the created time stands in")
        let bad = try read("order_id,customer_id,paid_at,amount\nO1,c,2024-13-01 00:00:00,1\nO2,c,2024-02-30 10:00:00,1\n")
        #expect(bad.rejections.map(\.line) == [2, 3])
    }

    @Test(arguments: [1, 2, 3])
    func ordersOnSeveralChannelsAreSeveralOrdersAndCustomers(parts: Int) throws {
        let text = """
            order_id,channel,customer_id,paid_at,amount
            1,tmall,u1,2024-01-01 00:00:00,10
            1,jd,u1,2024-01-02 00:00:00,20
            1,Tmall,u1,2024-01-01 00:00:00,10
            2,jd,u2,2024-01-03 00:00:00,30
            3,tmall,u1,2024-01-04 00:00:00,40
            """
        let result = try read(text, parts: parts)
        #expect(result.orders == 4)
        #expect(result.customers.count == 3)
        #expect(result.customers.channel(0) == "tmall")
        #expect(result.customers.channel(1) == "jd")
        #expect(result.purchases.net == [1000, 2000, 3000, 4000])
        #expect(result.purchases.customer == [0, 1, 2, 0])
    }

    @Test func aFileInAnotherEncodingIsNoticed() throws {
        var bytes = Array("order_id,customer_id,paid_at,amount\nO1,".utf8)
        bytes += [0xD5, 0xC5, 0xC8, 0xFD]  // 张三 in GB18030
        bytes += Array(",2024-01-01 00:00:00,1\n".utf8)
        let plan = try ImportPlan.make(bytes: bytes, file: "x.csv", kind: .orders, mapping: nil, channel: Channel(rawValue: "file"))
        let result = PurchaseFileReader(plan: plan, calendar: .shanghai).read(bytes, parts: 1)
        #expect(result.notUTF8Line == 2)
    }

    /// Rows of one order scattered through the file, quoted line breaks, CRLF and bad rows.
    static func scatteredFile(orders: Int, seed: UInt64) -> String {
        var state = seed
        func next(_ bound: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(bound))
        }
        let statuses = ["paid", "completed", "shipped", "partially_refunded", "refunded", "cancelled", "pending"]
        var rows: [String] = []
        for order in 0..<orders {
            let lines = 1 + next(3)
            let status = statuses[next(statuses.count)]
            let amount = 100 + next(10_000)
            let refund = status == "partially_refunded" ? 1 + next(amount - 1) : status == "refunded" ? amount : next(8) == 0 ? amount : 0
            let sameAmounts = next(2) == 0
            let customer = next(10) == 0 ? "" : "u\(next(orders / 3 + 1))"
            let day = 1 + next(28)
            for line in 0..<lines {
                let title = next(8) == 0 ? "\"礼盒\r\n限定,版\"" : "商品\(line)"
                var amountText = sameAmounts ? Money(fen: Int64(amount)).decimalString : Money(fen: Int64(amount / lines + line)).decimalString
                if next(60) == 0 { amountText = "abc" }
                let paid = status == "pending" || status == "cancelled" ? "" : "2024-05-\(day < 10 ? "0" : "")\(day) 1\(line):00:00"
                rows.append("O\(order),\(customer),\(paid),\(amountText),\(Money(fen: Int64(refund)).decimalString),\(status),S\(line),\(title)")
            }
        }
        for i in stride(from: rows.count - 1, to: 0, by: -1) { rows.swapAt(i, next(i + 1)) }
        let separator = seed % 2 == 0 ? "\n" : "\r\n"
        return "order_id,customer_id,paid_at,amount,refund_amount,status,sku,product_name" + separator
            + rows.joined(separator: separator) + separator
    }

    @Test(arguments: [UInt64(1), 2, 3, 4])
    func partsGiveTheSameResultAsOnePart(seed: UInt64) throws {
        let text = Self.scatteredFile(orders: 400, seed: seed)
        let whole = try read(text, parts: 1)
        #expect(!whole.rejections.isEmpty)
        #expect(whole.purchases.count > 100)
        for parts in [2, 3, 5, 8, 13] {
            let pieced = try read(text, parts: parts)
            #expect(pieced.rows == whole.rows)
            #expect(pieced.orders == whole.orders)
            #expect(pieced.purchaseOrders == whole.purchaseOrders)
            #expect(pieced.skipped == whole.skipped)
            #expect(pieced.withoutCustomer == whole.withoutCustomer)
            #expect(pieced.rejectedOrders == whole.rejectedOrders)
            #expect(pieced.rejections == whole.rejections)
            #expect(purchases(pieced) == purchases(whole), "\(parts) parts")
            #expect(pieced.purchases.customer == whole.purchases.customer, "customers numbered by first appearance")
        }
    }

    @Test func cutsInsideQuotedLineBreaksAreRepaired() throws {
        // Long quoted cells full of line breaks: most cuts land inside one.
        var text = "order_id,customer_id,paid_at,amount,note\n"
        for k in 0..<60 {
            let note = "\"" + String(repeating: "行\n", count: 1 + k % 7) + "\""
            text += "O\(k),c\(k % 9),2024-01-\(10 + k % 9) 00:00:00,\(k).00,\(note)\n"
        }
        let whole = try read(text, parts: 1)
        #expect(whole.rows == 60)
        for parts in 2...12 {
            let pieced = try read(text, parts: parts)
            #expect(pieced.rows == 60)
            #expect(purchases(pieced) == purchases(whole), "\(parts) parts")
        }
    }

    /// The same file through the import's reader: the same purchases (customer, local time, net), as a multiset.
    @Test(arguments: [UInt64(5), 6, 7])
    func agreesWithTheImportReader(seed: UInt64) throws {
        let text = Self.scatteredFile(orders: 300, seed: seed)
        let bytes = Array(text.utf8)
        let importPlan = try ImportPlan.make(bytes: bytes, file: "x.csv", kind: .orders, mapping: nil, channel: .tmall)
        let imported = OrderFileReader(plan: importPlan, calendar: .shanghai).read(bytes)
        var expected: [String] = []
        var anonymous = 0
        for order in imported.orders where order.status.isPurchase {
            guard let account = order.buyer.account else { anonymous += 1; continue }
            expected.append("\(account) \(LocalTime.seconds(order.paidAt!, in: .shanghai)) \((order.amount - order.refunded).fen)")
        }
        let result = try read(text, parts: 3)
        #expect(purchases(result).sorted() == expected.sorted())
        #expect(result.withoutCustomer == anonymous)
        #expect(result.skipped == imported.orders.filter { !$0.status.isPurchase }.count)
        // The import lists every row of a rejected order; the reader lists the bad rows themselves.
        #expect(Set(result.rejections.map(\.line)).isSubset(of: Set(imported.rejections.map(\.line))))
    }
}

@Suite("PurchaseFileReader: keys rewritten, tables grown")
struct PurchaseFileReaderEdgeTests {
    @Test func orderIdsWithQuotesInsideAreOneOrder() throws {
        let text = "order_id,customer_id,paid_at,amount,sku\n"
            + "\"O\"\"1\",c1,2024-01-01 00:00:00,10,S1\n"
            + "O2,c2,2024-01-02 00:00:00,20,S1\n"
            + "\"O\"\"1\",c1,2024-01-01 00:00:00,10,S2\n"
            + "\"O\"\"1\"x,c3,2024-01-03 00:00:00,30,S1\n"
        for parts in [1, 2, 3] {
            let result = try read(text, parts: parts)
            #expect(result.orders == 3, "\(parts) parts")
            #expect(purchases(result) == ["c1 \(local(2024, 1, 1)) 1000", "c2 \(local(2024, 1, 2)) 2000",
                                          "c3 \(local(2024, 1, 3)) 3000"])
        }
    }

    @Test func amountsBeyondFortyMillionYuan() throws {
        let text = """
            order_id,customer_id,paid_at,amount,refund_amount,status
            B1,c1,2024-01-01 00:00:00,50000000.00,0,paid
            B2,c1,2024-01-02 00:00:00,90000000.00,45000000.00,partially_refunded
            B3,c2,2024-01-03 00:00:00,1.00,0,paid
            """
        let result = try read(text)
        #expect(result.purchases.net == [5_000_000_000, 4_500_000_000, 100])
    }

    @Test func tablesGrowWhenTheFirstRowsMislead() throws {
        // Long first rows make the reader expect few orders; 30,000 short ones follow.
        var text = "order_id,customer_id,paid_at,amount,note\n"
        for k in 0..<200 { text += "L\(k),c\(k % 5000),2024-01-01 00:00:00,1.00,\(String(repeating: "x", count: 400))\n" }
        for k in 0..<30_000 { text += "S\(k),c\(k % 5000),2024-01-02 00:00:00,1.00,\n" }
        text += "S17,c17,2024-01-02 00:00:00,1.00,\n"  // a repeat, found after the tables grew
        for parts in [1, 2] {
            let result = try read(text, parts: parts)
            #expect(result.rows == 30_201)
            #expect(result.orders == 30_200)
            #expect(result.customers.count == 5000)
            #expect(result.purchases.count == 30_200)
            #expect(result.purchases.net.reduce(0, +) == 30_200 * 100)
        }
    }
}

@Suite("Segmentation engine on large inputs")
struct SegmentationEngineScaleTests {
    @Test func integerSortCountsAndRadixSortsLikeSorted() {
        var state: UInt64 = 7
        func next(_ bound: Int) -> Int64 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int64((state >> 33) % UInt64(bound))
        }
        let narrow = (0..<100_000).map { _ in 1_000_000 + next(50_000) }           // counting sort
        let negative = (0..<50_000).map { _ in next(3_000) - 1_500 }                // counting sort below zero
        let wide = (0..<80_000).map { _ in next(1 << 40) - (1 << 39) }               // three radix passes
        let extremes = (0..<10_000).map { _ in next(1000) } + [Int64.min, Int64.max]  // the whole range
        for values in [narrow, negative, wide, extremes] {
            #expect(IntegerSort.ascending(values) == values.sorted())
        }
    }

    @Test func aggregatesAndSegmentsOnAllCoresMatchOnePass() {
        var state: UInt64 = 11
        func next(_ bound: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(bound))
        }
        let customers = 250_000  // above the sizes at which the engine splits customers across cores
        var purchases = PurchaseColumns(customerCount: customers)
        let asOf = CivilDate(year: 2026, month: 11, day: 20).daysSinceEpoch * 86_400 + 86_399
        for _ in 0..<400_000 {
            purchases.append(customer: Int32(next(customers)), localSeconds: asOf - Int64(next(800 * 86_400)) + 86_400 * 3,
                             net: Int64(next(100_000)))
        }
        let aggregates = CustomerAggregates(purchases, asOfLocalSeconds: asOf, windowDays: 365)
        var first = [Int64](repeating: .max, count: customers), last = [Int64](repeating: .min, count: customers)
        var orders = [Int32](repeating: 0, count: customers), frequency = orders
        var spend = [Int64](repeating: 0, count: customers), monetary = spend
        let windowStart = LocalTime.day(asOf) - 364
        for k in 0..<purchases.count where purchases.localSeconds[k] <= asOf {
            let c = Int(purchases.customer[k]), day = LocalTime.day(purchases.localSeconds[k])
            first[c] = min(first[c], day)
            last[c] = max(last[c], day)
            orders[c] += 1
            spend[c] += purchases.net[k]
            if day >= windowStart {
                frequency[c] += 1
                monetary[c] += purchases.net[k]
            }
        }
        #expect(aggregates.firstDay == first)
        #expect(aggregates.lastDay == last)
        #expect(aggregates.orders == orders)
        #expect(aggregates.spend == spend)
        #expect(aggregates.frequency == frequency)
        #expect(aggregates.monetary == monetary)

        // The segment table's ranges on every core, against the rules applied one customer after another.
        let settings = SegmentationSettings()
        let table = SegmentTable(purchases: purchases, asOfLocalSeconds: asOf, settings: settings)
        var mismatches = 0
        for c in 0..<customers where aggregates.orders[c] > 0 {
            let recency = Int(aggregates.asOfDay - aggregates.lastDay[c]), tenure = Int(aggregates.asOfDay - aggregates.firstDay[c])
            var mScore: Int?
            if aggregates.frequency[c] > 0 {
                let scores = table.baseline.scores(recencyDays: recency, frequency: aggregates.frequency[c], monetary: aggregates.monetary[c])
                mScore = scores.m
                let rfmClass = table.baseline.rfmClass(recencyDays: recency, frequency: aggregates.frequency[c], monetary: aggregates.monetary[c])
                if (Int(table.rScore[c]), Int(table.fScore[c]), Int(table.mScore[c])) != (scores.r, scores.f, scores.m) || table.rfmClass[c] != rfmClass {
                    mismatches += 1
                }
            } else if table.rScore[c] != 0 || table.rfmClass[c] != nil {
                mismatches += 1
            }
            if table.pyramid[c] != SegmentRules.pyramid(recencyDays: recency, tenureDays: tenure, orders: Int(aggregates.orders[c]),
                                                        mScore: mScore, settings: settings)
                || table.lifecycle[c] != SegmentRules.lifecycle(recencyDays: recency, tenureDays: tenure, settings: settings)
                || table.sleepWarning[c] != SegmentRules.sleepWarning(recencyDays: recency, settings: settings) {
                mismatches += 1
            }
        }
        #expect(mismatches == 0)
        #expect(table.rfmClass.compactMap { $0 }.count == table.baseline.population)
    }
}

@Suite("PurchaseFileReader: order ids in order")
struct PurchaseFileReaderSortedTests {
    /// Orders with ids rising (or falling), each order's line rows together: ids need no table. `repeatAt` puts the
    /// rows of one earlier order again at that point (an id out of line).
    static func file(orders: Int, descending: Bool = false, repeatAt: Int? = nil, crlf: Bool = false) -> String {
        var state: UInt64 = 99
        func next(_ bound: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(bound))
        }
        var rows: [String] = []
        for k in 0..<orders {
            let id = descending ? orders - k : k + 1  // 1 … orders: the length grows (9 → 10), the order holds
            let lines = 1 + next(3)
            let amount = 100 + next(10_000)
            for line in 0..<lines {
                let note = next(10) == 0 ? "\"礼盒\r\n限定\"" : "n\(line)"
                rows.append("\(id),u\(id % 37),2024-05-\(10 + id % 9) 10:00:00,\(Money(fen: Int64(amount)).decimalString),S\(line),\(note)")
            }
            if k == repeatAt { rows.append("\(descending ? orders : 1),u1,2024-05-11 10:00:00,1.00,S9,late") }
        }
        let separator = crlf ? "\r\n" : "\n"
        return "order_id,customer_id,paid_at,amount,sku,note" + separator + rows.joined(separator: separator) + separator
    }

    func expectSameEverywhere(_ text: String, _ label: String) throws {
        let whole = try read(text, parts: 1)
        let bytes = Array(text.utf8)
        let importPlan = try ImportPlan.make(bytes: bytes, file: "x.csv", kind: .orders, mapping: nil, channel: .tmall)
        let imported = OrderFileReader(plan: importPlan, calendar: .shanghai).read(bytes)
        let expected = imported.orders.filter(\.status.isPurchase).map { order in
            "\(order.buyer.account!) \(LocalTime.seconds(order.paidAt!, in: .shanghai)) \((order.amount - order.refunded).fen)"
        }
        #expect(purchases(whole).sorted() == expected.sorted(), "\(label): as the import reads it")
        #expect(whole.orders == imported.orders.count, "\(label)")
        for parts in [2, 3, 5, 9, 16] {
            let pieced = try read(text, parts: parts)
            #expect(pieced.orders == whole.orders, "\(label), \(parts) parts")
            #expect(purchases(pieced) == purchases(whole), "\(label), \(parts) parts")
            #expect(pieced.rows == whole.rows, "\(label), \(parts) parts")
        }
    }

    @Test func risingIds() throws { try expectSameEverywhere(Self.file(orders: 300), "rising") }
    @Test func fallingIds() throws { try expectSameEverywhere(Self.file(orders: 300, descending: true, crlf: true), "falling") }
    @Test func anIdOutOfLineLate() throws { try expectSameEverywhere(Self.file(orders: 300, repeatAt: 250), "late repeat") }
    @Test func anIdOutOfLineEarly() throws { try expectSameEverywhere(Self.file(orders: 300, repeatAt: 3), "early repeat") }

    @Test func partsInOrderThatOverlap() throws {
        // Each half rises on its own, but the second starts below where the first ended: orders 40…60 are in both.
        var text = "order_id,customer_id,paid_at,amount\n"
        for id in 1...60 { text += "\(id),c\(id),2024-01-01 00:00:00,\(id).00\n" }
        for id in 40...100 { text += "\(id),c\(id),2024-01-01 00:00:00,\(id).00\n" }
        let whole = try read(text, parts: 1)
        #expect(whole.orders == 100)
        for parts in 2...6 {
            let pieced = try read(text, parts: parts)
            #expect(pieced.orders == 100, "\(parts) parts")
            #expect(purchases(pieced) == purchases(whole), "\(parts) parts")
        }
    }
}
