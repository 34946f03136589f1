import Foundation
import Testing
@testable import Regulars

private func readOrders(_ text: String, kind: ImportKind? = .orders, mapping: ImportMapping? = nil,
                        channel: Channel? = nil, calendar: ShopCalendar = .shanghai) throws -> (ImportPlan, OrderFileReader.Result) {
    let bytes = Array(text.utf8)
    let plan = try ImportPlan.make(bytes: bytes, file: "orders.csv", kind: kind, mapping: mapping, channel: channel)
    return (plan, OrderFileReader(plan: plan, calendar: calendar).read(bytes))
}

private func at(_ seconds: Int64) -> Instant { Instant(secondsSinceEpoch: seconds) }
private func yuan(_ fen: Int64) -> Money { Money(fen: fen) }

/// 2024-11-11 20:00:00 in Shanghai.
private let elevenEleven: Int64 = 1_731_326_400

@Suite("OrderFileReader: Tmall order report")
struct OrderFileReaderTmallTests {
    static let header = "订单编号,总金额,买家实际支付金额,收货地址 ,订单创建时间,订单付款时间 ,退款金额"

    @Test func perOrderRowsInTheRealFormat() throws {
        // Rows 1, 2 and 4 of the real file (CRLF, no buyer column, no status column).
        let text = Self.header + "\r\n"
            + "1,178.8,0.0,上海,2020-02-21 00:00:00,,0.0\r\n"
            + "2,21.0,21.0,内蒙古自治区,2020-02-20 23:59:54,2020-02-21 00:00:02,0.0\r\n"
            + "4,157.0,157.0,湖南省,2020-02-20 23:58:34,2020-02-20 23:58:44,0.0\r\n"
        let (plan, result) = try readOrders(text, kind: nil)
        #expect(plan.channel == .tmall)
        #expect(result.rowsRead == 3)
        #expect(result.rejections == [])
        #expect(result.orderLines == [2, 3, 4])
        try #require(result.orders.count == 3)

        let unpaid = result.orders[0]
        #expect(unpaid.channel == .tmall)
        #expect(unpaid.externalID == "1")
        #expect(unpaid.status == .cancelled)
        #expect(unpaid.paidAt == nil)
        #expect(unpaid.createdAt == at(1_582_214_400))  // 2020-02-20T16:00:00Z
        #expect(unpaid.amount == .zero)
        #expect(unpaid.province == "上海市")

        let paid = result.orders[1]
        #expect(paid.externalID == "2")
        #expect(paid.status == .paid)
        #expect(paid.amount == yuan(2_100))
        #expect(paid.refunded == .zero)
        #expect(paid.paidAt == at(1_582_214_402))  // 2020-02-20T16:00:02Z
        #expect(paid.createdAt == at(1_582_214_394))
        #expect(paid.province == "内蒙古自治区")
        #expect(paid.buyer == IdentityKeys(channel: .tmall))
        #expect(paid.lines == [])

        #expect(result.orders[2].amount == yuan(15_700))
        #expect(result.orders[2].paidAt == at(1_582_214_324))
    }

    /// In the real file 买家实际支付金额 is what stayed paid after refunds: 总金额 = 买家实际支付金额 + 退款金额 on all
    /// 5,646 refunded rows. The reader must take 总金额 as the amount paid there, or full refunds (0.0 paid, 64.8
    /// refunded) look like refunds larger than the payment and partial refunds are subtracted twice.
    @Test
    func refundsInTheRealFormat() throws {
        let text = Self.header + "\r\n"
            + "5,64.8,0.0,江苏省,2020-02-20 23:57:04,2020-02-20 23:57:11,64.8\r\n"
            + "35,102.0,64.0,海南省,2020-02-20 23:45:41,2020-02-20 23:45:45,38.0\r\n"
        let (_, result) = try readOrders(text)
        #expect(result.rejections == [])
        try #require(result.orders.count == 2)
        #expect(result.orders[0].status == .refunded)
        #expect(result.orders[0].amount == yuan(6_480))
        #expect(result.orders[0].refunded == yuan(6_480))
        #expect(result.orders[1].status == .partiallyRefunded)
        #expect(result.orders[1].amount == yuan(10_200))
        #expect(result.orders[1].refunded == yuan(3_800))
    }

    @Test func netAmountBesideATotal() throws {
        let text = """
            order_id,channel,paid_at,amount,total_amount,refund_amount
            T1,jd,2024-11-11 20:00:00,0.00,50.00,50.00
            T2,jd,2024-11-11 20:00:00,25.00,50.00,25.00
            T3,jd,2024-11-11 20:00:00,50.00,60.00,
            T4,jd,2024-11-11 20:00:00,40.00,50.00,20.00
            """
        let (_, result) = try readOrders(text)
        #expect(result.orders.map(\.status) == [.refunded, .partiallyRefunded, .paid, .partiallyRefunded])
        #expect(result.orders.map(\.amount) == [yuan(5_000), yuan(5_000), yuan(5_000), yuan(4_000)])
        #expect(result.orders.map(\.refunded) == [yuan(5_000), yuan(2_500), .zero, yuan(2_000)])
        // 40 + 20 is not the total: the amount is taken as paid, and 20 of it was refunded.
        #expect(result.rejections == [])
    }

    @Test func statusWordsIDsPhonesAndAddresses() throws {
        let text = """
            订单编号,买家会员名,买家实际支付金额,订单状态,联系手机,收货地址 ,订单付款时间 ,退款金额
            ="2020012345678",tb_alice,99.00,"买家已付款，等待卖家发货",'13812345678,浙江省 杭州市 西湖区,2024-11-11 20:00:00,0.00
            ="2020012345679",tb_bob,10.00,交易关闭,138****5678,广东省 广州市,,0
            ="2020012345680",tb_carol,50.00,等待买家付款,--,,,
            ="2020012345681",tb_dan,30.00,交易关闭,,北京,2024-11-11 20:00:00,30.00
            ="2020012345682",tb_eve,30.00,卖家已发货，等待买家确认,+86 139-0000-0000,上海 上海市 浦东新区,2024/11/11 20:00:00,10

            """
        let (plan, result) = try readOrders(text)
        #expect(plan.dialectName == "tmall-order-report")
        #expect(result.rejections == [])
        try #require(result.orders.count == 5)
        let (alice, bob, carol, dan, eve) = (result.orders[0], result.orders[1], result.orders[2], result.orders[3], result.orders[4])

        #expect(alice.externalID == "2020012345678")
        #expect(alice.buyer == IdentityKeys(channel: .tmall, account: "tb_alice", phone: "13812345678"))
        #expect(alice.status == .paid)
        #expect(alice.paidAt == at(elevenEleven))
        #expect(alice.province == "浙江省")
        #expect(alice.city == "杭州市")

        #expect(bob.status == .cancelled)
        #expect(bob.buyer.phone == nil)
        #expect(bob.buyer.maskedPhone == "138****5678")
        #expect(bob.city == "广州市")

        #expect(carol.status == .pending)
        #expect(carol.amount == yuan(5_000))
        #expect(carol.buyer.phone == nil && carol.buyer.maskedPhone == nil)

        // Closed after payment with the whole amount refunded: a refund, not a cancellation.
        #expect(dan.status == .refunded)
        #expect(dan.refunded == yuan(3_000))
        #expect(dan.province == "北京市")

        #expect(eve.status == .partiallyRefunded, "shipped, then ¥10 of it refunded")
        #expect(eve.refunded == yuan(1_000))
        #expect(eve.buyer.phone == "13900000000")
        #expect(eve.city == "上海市")
    }
}

@Suite("OrderFileReader: line-level rows")
struct OrderFileReaderLineTests {
    @Test func rowsOfOneOrderSpreadThroughTheFile() throws {
        let text = """
            order_id,channel,customer_id,status,paid_at,amount,sku,product_name,quantity,unit_price
            A1,tmall,alice,paid,2024-11-11 20:00:00,100.00,S1,Tea,1,30.00
            B1,tmall,bob,paid,2024-11-11 21:00:00,50.00,S9,Cup,1,50.00
            A1,tmall,alice,paid,2024-11-11 20:00:00,100.00,S2,Pot,2,40.00
            A1,jd,alice,paid,2024-11-11 20:00:00,7.00,S3,Lid,1,7.00

            """
        let (_, result) = try readOrders(text)
        #expect(result.rowsRead == 4)
        #expect(result.rejections == [])
        // The same id on another channel is another order.
        #expect(result.orders.map { "\($0.channel):\($0.externalID)" } == ["tmall:A1", "tmall:B1", "jd:A1"])
        #expect(result.orderLines == [2, 3, 5])

        let a1 = result.orders[0]
        #expect(a1.amount == yuan(10_000))
        #expect(a1.buyer.account == "alice")
        #expect(a1.lines.map(\.product.sku) == ["S1", "S2"])
        #expect(a1.lines.map(\.product.name) == ["Tea", "Pot"])
        #expect(a1.lines.map(\.quantity) == [1, 2])
        #expect(a1.lines.map(\.unitPrice) == [yuan(3_000), yuan(4_000)])
        // 100.00 shared 30:80 by list value → 27.27 and 72.72 with 1 fen left, to the larger remainder (8000 > 3000).
        #expect(a1.lines.map(\.amount) == [yuan(2_727), yuan(7_273)])
        #expect(a1.lines.reduce(Money.zero) { $0 + $1.amount } == a1.amount)
    }

    @Test func repeatedOrderAmountVersusLineAmounts() throws {
        let text = """
            order_id,channel,status,paid_at,amount,sku,quantity,unit_price
            C1,pos,paid,2024-11-11 20:00:00,30.00,S1,1,
            D1,pos,paid,2024-11-11 20:00:00,80.00,S1,1,50.00
            C1,pos,paid,2024-11-11 20:00:00,70.00,S2,2,
            D1,pos,paid,2024-11-11 20:00:00,80.00,S2,1,50.00
            """
        let (_, result) = try readOrders(text)
        #expect(result.rejections == [])
        try #require(result.orders.count == 2)
        // Differing amounts on the rows of one order are the lines' amounts; the order's amount is their sum.
        let c1 = result.orders[0]
        #expect(c1.amount == yuan(10_000))
        #expect(c1.lines.map(\.amount) == [yuan(3_000), yuan(7_000)])
        #expect(c1.lines.map(\.unitPrice) == [yuan(3_000), yuan(3_500)])
        // The same amount on every row is the order's amount, repeated.
        let d1 = result.orders[1]
        #expect(d1.amount == yuan(8_000))
        #expect(d1.lines.map(\.amount) == [yuan(4_000), yuan(4_000)])
    }

    @Test func prorationSumsExactlyToTheOrderAmount() throws {
        let text = """
            order_id,channel,status,paid_at,amount,sku,quantity,unit_price,line_amount
            E1,pos,paid,2024-11-11 20:00:00,100.00,S1,1,,60.00
            E1,pos,paid,2024-11-11 20:00:00,100.00,S2,1,10.00,
            E1,pos,paid,2024-11-11 20:00:00,100.00,S3,1,30.00,
            F1,pos,paid,2024-11-11 20:00:00,100.00,S1,1,10.00,
            F1,pos,paid,2024-11-11 20:00:00,100.00,S2,1,10.00,
            F1,pos,paid,2024-11-11 20:00:00,100.00,S3,1,10.00,
            G1,pos,paid,2024-11-11 20:00:00,10.00,S1,,,
            G1,pos,paid,2024-11-11 20:00:00,10.00,S2,,,
            G1,pos,paid,2024-11-11 20:00:00,10.00,S3,3,,
            H1,pos,paid,2024-11-11 20:00:00,,S1,2,3.50,
            H1,pos,paid,2024-11-11 20:00:00,,S2,1,,1.25
            """
        let (_, result) = try readOrders(text)
        #expect(result.rejections == [])
        let byID = Dictionary(uniqueKeysWithValues: result.orders.map { ($0.externalID, $0) })
        for order in result.orders {
            #expect(order.lines.reduce(Money.zero) { $0 + $1.amount } == order.amount, "\(order.externalID)")
        }
        // An explicit line amount is kept; the other 40.00 is shared 10:30.
        #expect(byID["E1"]?.lines.map(\.amount) == [yuan(6_000), yuan(1_000), yuan(3_000)])
        #expect(byID["E1"]?.lines.first?.unitPrice == yuan(6_000))
        // Equal list values: 33.33 each and the odd fen to the first line.
        #expect(byID["F1"]?.lines.map(\.amount) == [yuan(3_334), yuan(3_333), yuan(3_333)])
        // No prices at all: shared equally per line, whatever the quantity; unit price is amount / quantity.
        #expect(byID["G1"]?.lines.map(\.amount) == [yuan(334), yuan(333), yuan(333)])
        #expect(byID["G1"]?.lines.map(\.unitPrice) == [yuan(334), yuan(333), yuan(111)])
        // No order amount: it is the sum of the lines (2 × 3.50 + 1.25).
        #expect(byID["H1"]?.amount == yuan(825))
        #expect(byID["H1"]?.lines.map(\.amount) == [yuan(700), yuan(125)])
    }

    @Test func aBadRowRejectsItsWholeOrder() throws {
        let text = """
            order_id,channel,status,paid_at,amount,sku,product_name,quantity
            F1,tmall,paid,2024-11-11 20:00:00,10.00,S1,Tea,1
            G1,tmall,paid,2024-11-11 20:00:00,5.00,S1,Tea,1
            F1,tmall,paid,2024-11-11 20:00:00,abc,S2,Pot,1
            H1,tmall,paid,2024-11-11 20:00:00,5.00,S2,"Pot
            with a lid",1
            F1,tmall,paid,2024-11-11 20:00:00,10.00,S3,Cup,1
            K1,tmall,paid,yesterday,10.00,S1,Tea,1
            K1,tmall,paid,2024-11-11 20:00:00,10.00,S2,Pot,1
            ,tmall,paid,2024-11-11 20:00:00,10.00,S2,Pot,1
            """
        let (_, result) = try readOrders(text)
        #expect(result.rowsRead == 8)
        #expect(result.orders.map(\.externalID) == ["G1", "H1"])
        #expect(result.orderLines == [3, 5])
        #expect(result.orders[1].lines.first?.product.name == "Pot\nwith a lid")
        #expect(result.rejections.map(\.line) == [2, 4, 7, 8, 9, 10])
        let reasons = Dictionary(uniqueKeysWithValues: result.rejections.map { ($0.line, $0.reason) })
        #expect(reasons[4] == "amount: 'abc' is not an amount of money")
        #expect(reasons[2] == "order F1 rejected with its line 4")
        #expect(reasons[7] == "order F1 rejected with its line 4")
        #expect(reasons[8]?.hasPrefix("paid_at: 'yesterday' is not a date") == true)
        #expect(reasons[9] == "order K1 rejected with its line 8")
        #expect(reasons[10] == "order_id is empty")
    }

    @Test func unknownStatusIsRejectedWithItsLine() throws {
        let text = """
            order_id,channel,status,paid_at,amount
            A1,jd,paid,2024-11-11 20:00:00,1.00
            A2,jd,on hold,2024-11-11 20:00:00,1.00
            A3,jd,completed,2024-11-11 20:00:00,1.00
            """
        let (_, result) = try readOrders(text)
        #expect(result.orders.map(\.externalID) == ["A1", "A3"])
        try #require(result.rejections.count == 1)
        #expect(result.rejections[0].line == 3)
        #expect(result.rejections[0].reason.contains("unknown status 'on hold'"))

        // A mapping file can give the word a meaning (spaces do not matter).
        let mapping = try ImportMapping.parse("status.On Hold = pending", source: "m")
        let (plan, mapped) = try readOrders(text, mapping: mapping)
        #expect(plan.dialectName == "orders")
        #expect(mapped.rejections == [])
        #expect(mapped.orders.map(\.status) == [.paid, .pending, .completed])
    }

    @Test(arguments: [
        // status, paid_at, amount, refund → status, amount, refunded
        ("paid", true, "50", "", OrderStatus.paid, 5_000, 0),
        ("paid", true, "50", "50", .refunded, 5_000, 5_000),
        ("refunded", true, "50", "", .refunded, 5_000, 5_000),
        ("closed", true, "50", "50", .refunded, 5_000, 5_000),
        ("closed", true, "50", "20", .cancelled, 5_000, 2_000),
        ("cancelled", false, "", "", .cancelled, 0, 0),
        ("cancelled", false, "50", "", .cancelled, 5_000, 0),
        ("closed", false, "--", "", .cancelled, 0, 0),
        ("pending", false, "50", "", .pending, 5_000, 0),
        ("unpaid", false, "0", "", .pending, 0, 0),
        ("", false, "50", "", .cancelled, 5_000, 0),
        ("", true, "50", "", .paid, 5_000, 0),
        ("Shipped", true, "50", "", .shipped, 5_000, 0),
        ("Shipped", true, "50", "10", .partiallyRefunded, 5_000, 1_000),
        ("completed", true, "50", "", .completed, 5_000, 0),
        ("paid", true, "0", "0", .paid, 0, 0),
    ] as [(String, Bool, String, String, OrderStatus, Int64, Int64)])
    func statuses(status: String, paid: Bool, amount: String, refund: String,
                  expected: OrderStatus, fen: Int64, refunded: Int64) throws {
        let paidAt = paid ? "2024-11-11 20:00:00" : ""
        let text = "order_id,channel,status,paid_at,amount,refund_amount\nZ1,jd,\(status),\(paidAt),\(amount),\(refund)\n"
        let (_, result) = try readOrders(text)
        #expect(result.rejections == [])
        let order = try #require(result.orders.first)
        #expect(order.status == expected)
        #expect(order.amount == yuan(fen))
        #expect(order.refunded == yuan(refunded))
        #expect(order.paidAt == (paid ? at(elevenEleven) : nil))
    }

    @Test(arguments: [
        ("paid,,50,,,", "paid_at is empty for a paid order"),
        ("refunded,,50,,,", "paid_at is empty for a refunded order"),
        ("paid,2024-11-11 20:00:00,50,60,,", "refund_amount ¥60.00 is more than the amount paid ¥50.00"),
        ("paid,2024-11-11 20:00:00,-5,,,", "amount: -¥5.00 is negative"),
        ("paid,2024-11-11 20:00:00,50,-1,,", "refund_amount: -¥1.00 is negative"),
        ("paid,2024-11-11 20:00:00,,,,", "amount is empty and the lines carry no prices"),
        ("paid,2024-02-30 20:00:00,50,,,", "paid_at: '2024-02-30 20:00:00' is not a date and time"),
        ("paid,2024-11-11 20:00:00,50,,S1,0", "quantity: '0' is not a whole number of items ≥ 1"),
        ("paid,2024-11-11 20:00:00,50,,S1,2.5", "quantity: '2.5' is not a whole number"),
        ("paid,2024-11-11 20:00:00,12.345,,,", "amount: '12.345' is not an amount of money"),
    ])
    func rowProblems(cells: String, reason: String) throws {
        let text = "order_id,channel,status,paid_at,amount,refund_amount,sku,quantity\n\nZ1,jd,\(cells)\n"
        let (_, result) = try readOrders(text)
        #expect(result.orders == [])
        try #require(result.rejections.count == 1)
        #expect(result.rejections[0].line == 3)
        #expect(result.rejections[0].reason.hasPrefix(reason), "\(result.rejections[0].reason)")
    }

    @Test func contactsAndRegionColumns() throws {
        let text = """
            order_id,channel,customer_id,phone,email,union_id,name,province,city,address,status,paid_at,amount
            A1,miniapp,,="13812345678",Alice@Example.COM,o6_abc,张三,浙江,,浙江省 宁波市 海曙区,paid,2024-11-11 20:00:00,1.00
            A2,miniapp,u2,021-12345678,,,,,,上海市浦东新区,paid,2024-11-11 20:00:00,1.00
            A3,miniapp,u3,,not-an-email,,,,,,paid,2024-11-11 20:00:00,1.00
            """
        let (_, result) = try readOrders(text)
        try #require(result.orders.count == 2)
        let a1 = result.orders[0]
        #expect(a1.buyer == IdentityKeys(channel: .miniapp, phone: "13812345678", email: "alice@example.com", unionID: "o6_abc"))
        #expect(a1.buyerName == "张三")
        #expect(a1.province == "浙江省")  // the province cell, normalised
        #expect(a1.city == "宁波市")  // read from the address
        let a2 = result.orders[1]
        #expect(a2.buyer == IdentityKeys(channel: .miniapp, account: "u2"))  // a landline is no key
        #expect(a2.province == "上海市")
        #expect(result.rejections == [RowRejection(line: 4, reason: "email: 'not-an-email' is not an e-mail address")])
    }

    @Test func titleRowsAndMappingFile() throws {
        let mapping = try ImportMapping.parse("""
            kind = orders
            channel = jd
            order_id = 单号
            customer_id = 下单帐号
            amount = 实付
            paid_at = 付款时间
            status = 状态
            status.已完成 = paid
            status.已取消 = cancelled
            """, source: "jd.map")
        let text = "京东订单导出\n导出人：店长\n单号,下单帐号,实付,付款时间,状态\n"
            + "J1,jd_user,\"1,299.00\",2024/11/11 20:00:00,已完成\n"
            + "J2,jd_user,5.00,,已取消\n"
            + "J3,jd_user,5.00,,锁定\n"
        let (plan, result) = try readOrders(text, kind: nil, mapping: mapping)
        #expect(plan.headerLine == 3)
        #expect(result.rowsRead == 3)
        #expect(result.orders.map(\.externalID) == ["J1", "J2"])
        #expect(result.orders.map(\.status) == [.paid, .cancelled])
        #expect(result.orders.map(\.channel) == [.jd, .jd])
        #expect(result.orders[0].amount == yuan(129_900))
        #expect(result.orders[0].buyer.account == "jd_user")
        #expect(result.rejections.map(\.line) == [6])
    }

    /// An order-level row (no product) followed by its line rows, as 1688-style exports with merged cells write them.
    @Test
    func orderRowThenLineRows() throws {
        let text = """
            order_id,channel,paid_at,amount,sku
            L1,pos,2024-11-11 20:00:00,100.00,
            L1,pos,2024-11-11 20:00:00,30.00,S1
            L1,pos,2024-11-11 20:00:00,70.00,S2
            """
        let (_, result) = try readOrders(text)
        let order = try #require(result.orders.first)
        #expect(order.lines.map(\.product.sku) == ["S1", "S2"])
        #expect(order.lines.map(\.amount) == [yuan(3_000), yuan(7_000)])
        #expect(order.amount == yuan(10_000))
    }

    /// PDD writes 省 as `****` when it masks the address (PLATFORM_EXPORTS §0).
    @Test func maskedProvinceCell() throws {
        let text = "order_id,channel,paid_at,amount,province,city\nP1,pdd,2024-11-11 20:00:00,1,****,****\n"
        let (_, result) = try readOrders(text)
        let order = try #require(result.orders.first)
        #expect(order.province == nil)
        #expect(order.city == nil)
    }

    @Test func shopCalendarDecidesLocalTimes() throws {
        let newYork = ShopCalendar(timeZone: TimeZone(identifier: "America/New_York")!)
        let text = "order_id,channel,paid_at,amount\nN1,pos,2024-03-10 01:30:00,1\nN2,pos,2024-03-10 03:30:00,1\n"
        let (_, result) = try readOrders(text, calendar: newYork)
        #expect(result.orders.map(\.paidAt) == [at(1_710_052_200), at(1_710_055_800)])
    }
}

@Suite("OrderFileReader: proration")
struct OrderFileReaderProrationTests {
    @Test(arguments: [
        (100, [1, 1, 1], [34, 33, 33]),
        (10_000, [3_000, 8_000], [2_727, 7_273]),
        (1, [1, 1], [1, 0]),
        (1, [1, 2], [0, 1]),
        (0, [1, 2], [0, 0]),
        (7, [0, 1], [0, 7]),
        (5, [0, 0], [0, 0]),
        (99, [1], [99]),
    ] as [(Int64, [Int64], [Int64])])
    func splits(total: Int64, weights: [Int64], expected: [Int64]) {
        #expect(Proration.split(total, weights: weights) == expected)
    }

    @Test func partsAlwaysSumToTheWhole() {
        var seed: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next(_ bound: UInt64) -> Int64 {
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int64((seed >> 33) % bound)
        }
        for _ in 0..<500 {
            let total = next(10_000_000)
            let weights = (0..<Int(next(6) + 1)).map { _ in next(100_000) + 1 }
            let parts = Proration.split(total, weights: weights)
            #expect(parts.reduce(0, +) == total)
            #expect(parts.allSatisfy { $0 >= 0 })
        }
        // Huge amounts do not overflow the intermediate products.
        let big: Int64 = 1_000_000_000_000_000
        #expect(Proration.split(big, weights: [big, big, big]).reduce(0, +) == big)
    }
}

@Suite("OrderFileReader: real Tmall file")
struct OrderFileReaderRealFileTests {
    /// /work/main/Tests/RegularsTests/OrderFileReaderTests.swift → /work/shared/data/tmall_order_report.csv
    static let path = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("../shared/data/tmall_order_report.csv").standardizedFileURL.path

    static var present: Bool { FileManager.default.fileExists(atPath: path) }

    /// The 28,010 rows of the real file, one order each. What it holds (counted independently with Python's csv):
    /// 3,923 never paid (no 订单付款时间); 18,441 paid with no refund; 5,132 paid and refunded in full
    /// (买家实际支付金额 0.0); 514 paid with a partial refund. 总金额 = 买家实际支付金额 + 退款金额 on every refunded row.
    @Test(.enabled(if: OrderFileReaderRealFileTests.present, "tmall_order_report.csv is not in ../shared/data beside the repository"))
    func wholeFile() throws {
        let raw = try [UInt8](Data(contentsOf: URL(fileURLWithPath: Self.path)))
        let (bytes, encoding) = try TextDecoding.utf8Bytes(of: raw)
        #expect(encoding == .utf8)
        let plan = try ImportPlan.make(bytes: bytes, file: "tmall_order_report.csv", kind: nil, mapping: nil, channel: nil)
        #expect(plan.dialectName == "tmall-order-report")
        let result = OrderFileReader(plan: plan, calendar: .shanghai).read(bytes)

        #expect(result.rowsRead == 28_010)
        let paid = result.orders.filter { $0.status == .paid }.count
        let cancelled = result.orders.filter { $0.status == .cancelled }.count
        let refunded = result.orders.filter { $0.status == .refunded }.count
        let partly = result.orders.filter { $0.status == .partiallyRefunded }.count
        let pending = result.orders.filter { $0.status == .pending }.count
        #expect(pending == 0)
        #expect(paid + partly + cancelled + refunded == result.orders.count)
        // One row per order: every row is either an order or a rejection.
        #expect(result.orders.count + result.rejections.count == 28_010)
        #expect(Set(result.orders.map(\.externalID)).count == result.orders.count)
        #expect(cancelled == 3_923)
        #expect(result.orders.allSatisfy { $0.channel == .tmall && $0.province != nil })

        // 3,923 never paid + 18,441 paid + 514 partly refunded (still paid) + 5,132 refunded in full = 28,010.
        #expect(result.rejections == [], "\(result.rejections.prefix(5))")
        #expect(refunded == 5_132)
        #expect(paid == 18_441)
        #expect(partly == 514)
        // Money, summed independently (Python, Decimal): 退款金额 in total, and 总金额 on refunded rows plus
        // 买家实际支付金额 elsewhere (0.0 on the unpaid rows).
        #expect(result.orders.reduce(Int64(0)) { $0 + $1.refunded.fen } == 57_233_592)
        #expect(result.orders.reduce(Int64(0)) { $0 + $1.amount.fen } == 247_482_307)
        #expect(result.orders.allSatisfy { $0.refunded <= $0.amount })
    }
}
