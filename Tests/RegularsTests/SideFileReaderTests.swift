import Testing
@testable import Regulars

@Suite("Line and after-sales files")
struct SideFileReaderTests {
    func makePlan(_ text: String, kind: ImportKind? = nil, channel: Channel? = nil, mapping: ImportMapping? = nil) throws -> ImportPlan {
        try ImportPlan.make(bytes: Array(text.utf8), file: "export.csv", kind: kind, mapping: mapping, channel: channel)
    }

    /// New Taobao 子订单 export, columns A–W as listed; 退款金额 holds the text 无退款申请 on lines never refunded.
    static let taobaoSubOrders = "子订单编号,主订单编号,商品标题,商品价格,购买数量,外部系统编号,商品属性,套餐信息,联系方式备注,订单状态,商家编码,买家应付货款,买家实付金额,退款状态,退款金额,订单创建时间,订单付款时间,商品ID,商家备注,主订单买家留言,发货时间,物流单号,物流公司\n"
        + "=\"4100000000000000101\",=\"4100000000000000001\",玫瑰面霜 50g,129.00,1,,商品规格:50g,,,交易成功,SKU-A,129.00,119.00,没有申请退款,无退款申请,2024-11-11 20:00:00,2024-11-11 20:00:05,600001,,,2024-11-12 10:00:00,YT001,圆通\n"
        + "=\"4100000000000000102\",=\"4100000000000000001\",丝绒口红,99.00,2,,商品规格:#316,,,交易成功,SKU-B,198.00,180.00,退款成功,,2024-11-11 20:00:00,2024-11-11 20:00:05,600002,,,2024-11-12 10:00:00,YT001,圆通\n"
        + "=\"4100000000000000201\",=\"4100000000000000002\",玫瑰面霜 50g,129.00,1,,商品规格:50g,,,交易成功,SKU-A,129.00,129.00,退款成功,30.00元,2024-11-11 21:00:00,2024-11-11 21:00:05,600001,,,,,\n"

    @Test func taobaoSubOrdersAreLinesWithTheirRefunds() throws {
        let plan = try makePlan(Self.taobaoSubOrders)
        #expect(plan.dialectName == "taobao-sub-orders" && plan.kind == .lines && plan.channel == .tmall)
        let result = LinesFileReader(plan: plan, calendar: .shanghai).read(Array(Self.taobaoSubOrders.utf8))
        #expect(result.rejections.isEmpty)
        #expect(result.orders.map(\.orderExternalID) == ["4100000000000000001", "4100000000000000002"])
        let first = result.orders[0]
        #expect(first.lines.map(\.product.sku) == ["SKU-A", "SKU-B"])
        #expect(first.lines.map(\.amount) == [Money(fen: 11_900), Money(fen: 18_000)])
        #expect(first.lines.map(\.refunded) == [.zero, Money(fen: 18_000)], "退款成功 without an amount: the whole line")
        #expect(first.lines.map(\.lineReference) == ["4100000000000000101", "4100000000000000102"])
        #expect(result.orders[1].lines[0].refunded == Money(fen: 3_000))
        let settled = first.settle(orderAmount: Money(fen: 29_900))
        #expect(settled.lines.map(\.amount).reduce(.zero, +) == Money(fen: 29_900))
        #expect(settled.refunded == Money(fen: 18_000))
    }

    @Test func legacyItemReportHasOnlyListPrices() throws {
        let text = "订单编号,标题,价格,购买数量,外部系统编号,商品属性,套餐信息,备注,订单状态,商家编码\n"
            + "=\"1001\",玫瑰面霜 50g,129.00,1,,,,,交易成功,SKU-A\n"
            + "=\"1001\",丝绒口红,99.00,2,,,,,交易成功,\n"
        let plan = try makePlan(text)
        #expect(plan.dialectName == "taobao-item-report" && plan.kind == .lines)
        let record = try #require(LinesFileReader(plan: plan, calendar: .shanghai).read(Array(text.utf8)).orders.first)
        #expect(record.lines[1].product.sku == ProductRecord.skuForTitle("丝绒口红"), "a product known only by its title")
        // Shared by list value: 129 : 198 of the order's ¥300.
        let settled = record.settle(orderAmount: Money(fen: 30_000))
        #expect(settled.lines.map(\.amount) == [Money(fen: 11_835), Money(fen: 18_165)])
    }

    @Test func aBadLineRejectsEveryLineOfItsOrder() throws {
        let text = Self.taobaoSubOrders.replacingOccurrences(of: ",99.00,2,", with: ",99.00,two,")
        let result = LinesFileReader(plan: try makePlan(text), calendar: .shanghai).read(Array(text.utf8))
        #expect(result.orders.map(\.orderExternalID) == ["4100000000000000002"])
        #expect(result.rejections.map(\.line) == [2, 3])
        #expect(result.rejections[1].reason.contains("quantity: 'two'"))
    }

    /// Douyin 售后单: keyed by 售后单号, 订单号, 商品单号; amounts in 退商品金额（元）with the full-width bracket.
    static let douyinAfterSales = "售后单号,订单号,商品单号,售后类型,售后状态,退商品金额（元）,售后申请时间\n"
        + "\"\t7100000000000000001\",\"\t6917000000000000001\",\"\t6917000000000000102\",仅退款,\"同意退款，退款成功\",198.00,2024-11-13 10:00:00\n"
        + "\"\t7100000000000000002\",\"\t6917000000000000003\",\"\t6917000000000000301\",退货退款,售后关闭,59.00,2024-11-13 11:00:00\n"
        + "\"\t7100000000000000003\",\"\t6917000000000000004\",\"\t6917000000000000401\",退货退款,等待外星人,59.00,2024-11-13 12:00:00\n"

    @Test func douyinAfterSalesCases() throws {
        let plan = try makePlan(Self.douyinAfterSales)
        #expect(plan.dialectName == "douyin-after-sales" && plan.kind == .afterSales && plan.channel == .douyin)
        let result = AfterSalesFileReader(plan: plan, calendar: .shanghai).read(Array(Self.douyinAfterSales.utf8))
        #expect(result.cases.map(\.outcome) == [.refunded, .closed])
        #expect(result.cases[0].externalID == "7100000000000000001" && result.cases[0].orderExternalID == "6917000000000000001")
        #expect(result.cases[0].amount == Money(fen: 19_800))
        #expect(result.cases[0].lineReference == "6917000000000000102")
        #expect(result.rejections.map(\.line) == [4])
        #expect(result.rejections[0].reason.contains("unknown after-sales status '等待外星人'"), "reported, not guessed")
    }

    @Test func anUnknownAfterSalesWordCanBeMapped() throws {
        let mapping = try ImportMapping.parse("after_sales.等待外星人 = in_progress", source: "m.txt")
        let result = AfterSalesFileReader(plan: try makePlan(Self.douyinAfterSales, mapping: mapping), calendar: .shanghai)
            .read(Array(Self.douyinAfterSales.utf8))
        #expect(result.rejections.isEmpty && result.cases.last?.outcome == .inProgress)
    }

    @Test func genericAfterSalesNeedsAChannel() throws {
        let text = "售后单号,订单编号,退款金额,售后状态\nK1,KS2024001,19.90,售后成功\n"
        #expect(throws: ImportError.noChannel(file: "export.csv")) { try makePlan(text) }
        let plan = try makePlan(text, channel: .kuaishou)
        #expect(plan.dialectName == "after-sales-generic")
        let result = AfterSalesFileReader(plan: plan, calendar: .shanghai).read(Array(text.utf8))
        #expect(result.cases.first?.channel == .kuaishou && result.cases.first?.outcome == .refunded)
    }

    @Test func douyinOrderRowsRefundedByTheirAfterSalesStatus() throws {
        let text = "主订单编号,子订单编号,选购商品,商品数量,商家编码,商品单价,订单应付金额,支付完成时间,订单状态,售后状态\n"
            + "\"\t691\",\"\t6911\",玫瑰面霜,1,SKU-A,129.00,129.00,2024-11-11 20:01:40,已完成,-\n"
            + "\"\t691\",\"\t6912\",丝绒口红,2,SKU-B,99.00,198.00,2024-11-11 20:01:40,已完成,已全额退款\n"
            + "\"\t692\",\"\t6921\",丝绒口红,1,SKU-B,99.00,99.00,2024-11-11 20:01:40,已发货,退款成功\n"
        let plan = try makePlan(text)
        let result = OrderFileReader(plan: plan, calendar: .shanghai).read(Array(text.utf8))
        #expect(result.rejections.isEmpty)
        #expect(result.orders[0].refunded == Money(fen: 19_800) && result.orders[0].status == .partiallyRefunded)
        #expect(result.orders[1].refunded == Money(fen: 9_900) && result.orders[1].status == .refunded)
    }

    @Test func wechatShopLineRefundsAddUp() throws {
        let text = "订单号,订单下单时间,订单状态,发货方式,收件人姓名,收件人地址,省,市,区,收件人手机,订单实际支付金额,订单运费,支付方式,支付时间,商品名称,商品编码(平台),商品编码(自定义),SKU编码(自定义),商品属性,商品价格,是否预售,商品数量,商品发货,商品售后,商品已退款金额\n"
            + "3701234567890123456,2024-11-11 10:00:00,已完成,快递,周杰,广东省深圳市南山区科技园,广东省,深圳市,南山区,152****0000,300.00,0.00,微信支付,2024-11-11 10:00:09,面霜,1000001,,WX-A,50g,150.00,否,1,已发货,退款成功,100.00\n"
            + "3701234567890123456,2024-11-11 10:00:00,已完成,快递,周杰,广东省深圳市南山区科技园,广东省,深圳市,南山区,152****0000,300.00,0.00,微信支付,2024-11-11 10:00:09,口红,1000002,,WX-B,#316,150.00,否,1,已发货,无,\n"
        let plan = try makePlan(text)
        #expect(plan.dialectName == "wechat-shop-orders" && plan.channel == .wechatShop)
        let result = OrderFileReader(plan: plan, calendar: .shanghai).read(Array(text.utf8))
        #expect(result.rejections.isEmpty)
        let order = try #require(result.orders.first)
        #expect(order.amount == Money(fen: 30_000) && order.lines.count == 2)
        // 退款成功 with 商品已退款金额 ¥100: ¥100 of the ¥150 line came back, not the whole line.
        #expect(order.refunded == Money(fen: 10_000) && order.status == .partiallyRefunded)
        #expect(order.buyer.isEmpty && order.buyer.maskedPhone == "152****0000")
    }
}
