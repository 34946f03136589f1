import Foundation
import Regulars
import RegularsSpreadsheet
import RegularsStore
import RegularsTestSupport
import Testing

/// Each platform's export, built from its header list in PLATFORM_EXPORTS.md with its traps, imported end to end.
@Suite("Platform exports imported")
struct PlatformImportTests {
    func status(_ store: SQLiteStore, _ id: String) throws -> String? {
        try store.text("SELECT status FROM orders WHERE external_id = '\(id)'")
    }

    func refunded(_ store: SQLiteStore, _ id: String) throws -> Int64? {
        try store.scalar("SELECT refunded FROM orders WHERE external_id = '\(id)'")
    }

    /// JD: GBK CSV with a title row, one row per SKU with the order's amounts repeated, ids as ="…".
    @Test func jdOrders() async throws {
        let text = """
            京东商家后台 订单导出
            订单号 ,商品ID,商品名称,订购数量,支付方式,下单时间,京东价,订单金额,结算金额,余额支付,应付金额,订单状态,订单类型,下单帐号,客户姓名,客户地址,联系电话,订单备注,运费金额,付款确认时间,订单完成时间
            ="280012345678",100200,洗衣凝珠 52颗,2,在线支付,2024-11-11 00:01:00,39.90,119.70,119.70,0.00,¥119.70,完成,SOP,jd_zhang,张伟,上海 上海市 浦东新区,13812345678,,0.00,2024-11-11 00:01:30,2024-11-14 09:00:00
            ="280012345678",100300,柔顺剂 2L,1,在线支付,2024-11-11 00:01:00,39.90,119.70,119.70,0.00,¥119.70,完成,SOP,jd_zhang,张伟,上海 上海市 浦东新区,13812345678,,0.00,2024-11-11 00:01:30,2024-11-14 09:00:00
            ="280012345679",100200,洗衣凝珠 52颗,1,在线支付,2024-11-12 10:00:00,39.90,39.90,39.90,0.00,39.90,等待确认收货,SOP,jd_li,李娜,浙江 杭州市,13900001111,,0.00,2024-11-12 10:00:30,
            ="280012345680",100200,洗衣凝珠 52颗,1,在线支付,2024-11-12 11:00:00,39.90,39.90,39.90,0.00,--,取消,SOP,jd_li,李娜,浙江 杭州市,13900001111,,0.00,,
            """
        try await withTestStore { store, _ in
            let report = try await importFileBytes(gb18030(text), kind: .orders, into: store, name: "jd.csv")
            #expect(report.dialect == "jd-orders" && report.encoding == "GB18030" && report.headerLine == 2)
            #expect(report.rejections.isEmpty && report.records == 3)
            #expect(try status(store, "280012345678") == "completed")
            #expect(try status(store, "280012345679") == "shipped")
            #expect(try status(store, "280012345680") == "cancelled")
            #expect(try await store.shopOverview().purchases == 2)
            let again = try await importFileBytes(gb18030(text), kind: .orders, into: store, name: "jd.csv")
            #expect(again.counts.duplicate == 3 && again.counts.inserted == 0)
        }
    }

    static let douyinOrders = "主订单编号,子订单编号,选购商品,商品规格,商品数量,商品ID,商家编码,商品单价,订单应付金额,运费,收件人,收件人手机号,省,市,区,街道,详细地址,订单提交时间,支付完成时间,订单状态,售后状态\n"
        + "\"\t6917000000000000001\",\"\t6917000000000000101\",玫瑰面霜,50g,1,\"\t3600001\",SKU-A,129.00,\"1,129.00\",0,王芳,138****5678,广东省,深圳市,南山区,,****,2024/11/11 20:01:33,2024/11/11 20:01:40,已完成,-\n"
        + "\"\t6917000000000000001\",\"\t6917000000000000102\",丝绒口红,#316,2,\"\t3600002\",SKU-B,99.00,198.00,0,王芳,138****5678,广东省,深圳市,南山区,,****,2024/11/11 20:01:33,2024/11/11 20:01:40,已完成,-\n"
        + "\"\t6917000000000000003\",\"\t6917000000000000301\",丝绒口红,#316,1,\"\t3600002\",SKU-B,59.00,59.00,0,李雷,139****0000,广东省,广州市,天河区,,****,2024/11/12 09:00:00,2024/11/12 09:00:09,已发货,-\n"
        + "\"\t6917000000000000004\",\"\t6917000000000000401\",丝绒口红,#316,1,\"\t3600002\",SKU-B,59.00,59.00,0,李雷,139****0000,广东省,广州市,天河区,,****,2024/11/12 09:30:00,,已关闭,-\n"
    static let douyinAfterSales = "售后单号,订单号,商品单号,售后类型,售后状态,退商品金额（元）,售后申请时间\n"
        + "\"\t7100000000000000001\",\"\t6917000000000000001\",\"\t6917000000000000102\",仅退款,\"同意退款，退款成功\",198.00,2024-11-13 10:00:00\n"
        + "\"\t7100000000000000002\",\"\t6917000000000000003\",\"\t6917000000000000301\",退货退款,售后处理中,59.00,2024-11-13 11:00:00\n"

    /// Douyin: the after-sales file arrives first, then the orders, then the after-sales file again with a case settled.
    @Test func douyinOrdersAndAfterSales() async throws {
        try await withTestStore { store, _ in
            let cases = try await importCSV(Self.douyinAfterSales, kind: .afterSales, into: store, name: "售后单.csv")
            #expect(cases.dialect == "douyin-after-sales" && cases.counts.inserted == 2 && cases.counts.awaitingOrder == 2)

            let orders = try await importCSV(Self.douyinOrders, kind: .orders, into: store, name: "fxg_export.csv")
            #expect(orders.rejections.isEmpty && orders.records == 3)
            #expect(try status(store, "6917000000000000001") == "partially_refunded")
            #expect(try refunded(store, "6917000000000000001") == 19_800)
            #expect(try status(store, "6917000000000000003") == "shipped", "a case in progress refunds nothing yet")
            #expect(try status(store, "6917000000000000004") == "cancelled")
            // Masked phones: two orders of the same masked number are two anonymous orders, not one customer.
            #expect(try store.scalar("SELECT COUNT(*) FROM customers") == 0)

            let settled = Self.douyinAfterSales.replacingOccurrences(of: "售后处理中", with: "退款成功")
            let again = try await importCSV(settled, kind: .afterSales, into: store, name: "售后单2.csv")
            #expect(again.counts.duplicate == 1 && again.counts.updated == 1)
            #expect(try status(store, "6917000000000000003") == "refunded")
            #expect(try refunded(store, "6917000000000000003") == 5_900)
        }
    }

    /// Pinduoduo: ids with a leading tab, `元`, `--`, full- and half-width status punctuation, phones that are only
    /// a tab; its after-sales export read by the generic after-sales reader with --channel pdd.
    @Test func pinduoduoOrdersAndAfterSales() async throws {
        let orders = "商品,订单号,订单状态,商品总价(元),店铺优惠折扣(元),平台优惠折扣(元),邮费(元),用户实付金额(元),商品数量(件),身份证姓名,身份证号码,收货人,手机,是否异常,省,市,区,街道,支付时间,拼单成功时间,订单确认时间,承诺发货时间,发货时间,确认收货时间,商品id,商品规格,用户购买手机号,样式ID,商家编码-SKU维度,商家编码-商品维度,快递单号,快递公司,售后状态,商家实收金额(元)\n"
            + "纸巾 24包,\t260517-607198974342268,\"已发货，待签收\",59.90,5.00,5.00,0,49.90,1,,,赵敏,\t,否,****,****,****,****,2024-11-11 10:00:00,2024-11-11 10:00:00,,,,,9001,24包,\t,S1,PZ-24,PZ,,,无售后或售后取消,\"1,049.90\"\n"
            + "纸巾 24包,\t260517-607198974342269,\"已发货,退款成功\",59.90,5.00,5.00,0,49.90元,1,,,钱多,\t,否,浙江省,宁波市,鄞州区,,2024-11-11 11:00:00,2024-11-11 11:00:00,,,,,9001,24包,\t,S1,PZ-24,PZ,,,退款成功,0\n"
            + "纸巾 24包,\t260517-607198974342270,已签收,59.90,0,0,0,59.90,1,,,孙丽,\t,否,浙江省,宁波市,鄞州区,,2024-11-11 12:00:00,2024-11-11 12:00:00,,,,,9001,24包,\t,S1,PZ-24,PZ,,,售后处理中,59.90\n"
            + "纸巾 24包,\t260517-607198974342271,待支付,59.90,0,0,0,--,1,,,周末,\t,否,浙江省,宁波市,鄞州区,,,,,,,,9001,24包,\t,S1,PZ-24,PZ,,,无售后或售后取消,--\n"
        let afterSales = "售后单号,订单号,售后类型,售后状态,退款金额(元),申请时间\n"
            + "\tPDD-AS-1,\t260517-607198974342270,仅退款,退款成功,20.00,2024-11-13 10:00:00\n"
        try await withTestStore { store, _ in
            let report = try await importCSV(orders, kind: .orders, into: store, name: "pdd.csv")
            #expect(report.dialect == "pdd-orders")
            #expect(report.rejectionLines == ["pdd.csv:5: amount is empty and the lines carry no prices"])
            #expect(try status(store, "260517-607198974342268") == "shipped")
            #expect(try status(store, "260517-607198974342269") == "refunded")
            #expect(try status(store, "260517-607198974342270") == "completed")

            let cases = try await importCSV(afterSales, kind: .afterSales, into: store, name: "pdd售后.csv", channel: .pinduoduo)
            #expect(cases.dialect == "after-sales-generic" && cases.counts.inserted == 1 && cases.counts.awaitingOrder == 0)
            #expect(try status(store, "260517-607198974342270") == "partially_refunded")
            #expect(try refunded(store, "260517-607198974342270") == 2_000)
        }
    }

    /// Youzan: orders, lines and customers as .xlsx; the customer export's nickname is the account the orders name.
    @Test func youzanOrdersLinesAndCustomersInXLSX() async throws {
        let orders = try xlsx(textCells("""
            订单号,销售渠道,归属店铺,订单类型,订单状态,订单创建时间,买家付款时间,交易成功时间,商品金额合计,运费,订单实付金额,全部商品名称,收货人省份,收货人城市,收货人/提货人,收货人手机号/提货人手机号,买家昵称,买家手机号,订单退款状态,订单已退款金额
            E20241111000000001,微商城,总店,普通订单,交易完成,2024-11-11 09:00:00,2024-11-11 09:00:10,2024-11-15 09:00:00,88.00,0.00,88.00,面霜;口红,江苏省,南京市,小鱼,186******05,小鱼儿,186******05,退款成功,20.00
            E20241111000000002,微商城,总店,普通订单,已关闭,2024-11-11 09:05:00,,,88.00,0.00,88.00,面霜,江苏省,南京市,小鱼,186******05,小鱼儿,186******05,,
            E20241111000000003,微商城,总店,普通订单,待发货,2024-11-12 09:05:00,2024-11-12 09:05:30,,59.00,0.00,59.00,口红,江苏省,苏州市,阿花,186******05,阿花,186******05,,
            """))
        let lines = try xlsx(textCells("""
            订单号,外部订单号,订单商品状态,交易成功时间,商品名称,商品类型,商品类目,商品规格,规格编码,商品编码,商品单价,商品数量,商品金额小计,店铺优惠（分摊）,商品实际成交金额,商品发货物流单号,商品发货时间,商品退款状态,商品已退款金额,商家订单备注
            E20241111000000001,,交易完成,2024-11-15 09:00:00,玫瑰面霜,实物商品,护肤,50g,YZ-A,A,68.00,1,68.00,0,68.00,SF1,2024-11-12 10:00:00,,,
            E20241111000000001,,交易完成,2024-11-15 09:00:00,丝绒口红,实物商品,彩妆,#316,YZ-B,B,20.00,1,20.00,0,20.00,SF1,2024-11-12 10:00:00,退款成功,20.00,
            """), inlineStrings: true)
        let customers = try xlsx(textCells("""
            客户姓名,客户昵称,客户手机号,客户生日,客户性别,标签,是否会员,成长值,客户积分,客户储值余额,消费次数,消费金额,来源渠道,成为客户时间,成为会员时间
            余小鱼,小鱼儿,186******05,1992-05-17,女,高价值、复购,是,120,3500,0,2,176.00,微信,2023-01-05 10:00:00,2023-02-01 10:00:00
            花花,阿花,186******05,,男,新客,否,0,0,0,1,59.00,微信,2024-11-01 10:00:00,
            """))
        try await withTestStore { store, _ in
            let orderReport = try await importFileBytes(orders, kind: .orders, into: store, name: "有赞订单.xlsx")
            #expect(orderReport.dialect == "youzan-orders" && orderReport.rejections.isEmpty)
            let lineReport = try await importFileBytes(lines, kind: .lines, into: store, name: "有赞商品.xlsx")
            #expect(lineReport.dialect == "youzan-lines" && lineReport.counts.inserted == 1)
            let customerReport = try await importFileBytes(customers, kind: .customers, into: store, name: "有赞客户.xlsx")
            #expect(customerReport.dialect == "youzan-customers" && customerReport.rejections.isEmpty)

            #expect(try status(store, "E20241111000000001") == "partially_refunded")
            #expect(try status(store, "E20241111000000002") == "cancelled")
            #expect(try store.scalar("SELECT COUNT(*) FROM order_lines l JOIN orders o ON o.id = l.order_id WHERE o.external_id = 'E20241111000000001'") == 2)
            // Two buyers share the masked 186******05: two customers, never merged by it.
            #expect(try store.scalar("SELECT COUNT(*) FROM customers WHERE merged_into IS NULL") == 2)
            let profile = try #require(try await store.customerProfile(.account("小鱼儿"), recentLimit: 5))
            #expect(profile.name == "余小鱼" && profile.nickname == "小鱼儿" && profile.points == 3_500)
            #expect(profile.tags == ["复购", "高价值"])
            #expect(profile.birthday?.description == "1992-05-17" && profile.gender == .female)
            #expect(profile.orders.count == 1, "the closed order is not a purchase")
            let again = try await importFileBytes(customers, kind: .customers, into: store, name: "有赞客户.xlsx")
            #expect(again.counts.duplicate == 2)
        }
    }

    /// WeChat Shop: .xlsx with inline strings, one row per product line, line refunds and 商品售后.
    @Test func wechatShopOrdersInXLSX() async throws {
        let workbook = try xlsx(textCells("""
            订单号,订单下单时间,订单状态,发货方式,收件人姓名,收件人地址,省,市,区,收件人手机,买家备注,商家备注,订单实际支付金额,订单运费,支付方式,支付时间,交易单号,物流公司,快递单号,带货账号昵称,商品名称,商品编码(平台),商品编码(自定义),SKU编码(自定义),商品属性,商品价格,是否预售,商品数量,商品发货,商品售后,商品已退款金额
            3701234567890123456,2024-11-11 10:00:00,已完成,快递,周杰,广东省深圳市南山区科技园,广东省,深圳市,南山区,152****0000,,,300.00,0.00,微信支付,2024-11-11 10:00:09,4200001,顺丰,SF1,,面霜,1000001,,WX-A,50g,150.00,否,1,已发货,退款成功,150.00
            3701234567890123456,2024-11-11 10:00:00,已完成,快递,周杰,广东省深圳市南山区科技园,广东省,深圳市,南山区,152****0000,,,300.00,0.00,微信支付,2024-11-11 10:00:09,4200001,顺丰,SF1,,口红,1000002,,WX-B,#316,150.00,否,1,已发货,无,
            3701234567890123457,2024-11-12 10:00:00,已取消,快递,周杰,广东省深圳市南山区科技园,广东省,深圳市,南山区,152****0000,,,150.00,0.00,,,,,,,面霜,1000001,,WX-A,50g,150.00,否,1,,用户取消申请,
            """), inlineStrings: true)
        try await withTestStore { store, _ in
            let report = try await importFileBytes(workbook, kind: .orders, into: store, name: "微信小店.xlsx")
            #expect(report.dialect == "wechat-shop-orders" && report.rejections.isEmpty && report.records == 2)
            #expect(try status(store, "3701234567890123456") == "partially_refunded")
            #expect(try refunded(store, "3701234567890123456") == 15_000)
            #expect(try status(store, "3701234567890123457") == "cancelled")
            #expect(try store.text("SELECT channel FROM orders LIMIT 1") == "wechat_shop")
        }
    }

    /// Kuaishou (few columns known): 实付款(元), SKU编码, 交易关闭.
    @Test func kuaishouOrders() async throws {
        let text = "订单号,订单创建时间,支付时间,实付款(元),订单状态,SKU编码,商品名称,商品数量,收货人,收货人电话\n"
            + "\t2411110001,2024-11-11 10:00:00,2024-11-11 10:00:05,¥1,299.00,交易成功,KS-A,羽绒服,1,吴**,137****2222\n"
            + "\t2411110002,2024-11-11 11:00:00,,--,交易关闭,KS-A,羽绒服,1,吴**,137****2222\n"
        try await withTestStore { store, _ in
            let report = try await importCSV(text.replacingOccurrences(of: "¥1,299.00", with: "\"¥1,299.00\""), kind: .orders,
                                             into: store, name: "快手.csv")
            #expect(report.dialect == "kuaishou-orders" && report.rejections.isEmpty)
            #expect(try status(store, "2411110001") == "completed")
            #expect(try store.scalar("SELECT amount FROM orders WHERE external_id = '2411110001'") == 129_900)
            #expect(try status(store, "2411110002") == "cancelled")
        }
    }
}
