import Foundation
import RegularsTestSupport
import Testing
@testable import Regulars

@Suite("Platform order exports")
struct PlatformDialectTests {
    func read(_ bytes: [UInt8]) throws -> (ImportPlan, OrderFileReader.Result) {
        let (utf8, _) = try TextDecoding.utf8Bytes(of: bytes)
        let plan = try ImportPlan.make(bytes: utf8, file: "export.csv", kind: nil, mapping: nil, channel: nil)
        return (plan, OrderFileReader(plan: plan, calendar: .shanghai).read(utf8))
    }

    @Test func jdLineRowsInGBKWithATitleRowAbove() throws {
        let text = """
            京东商家后台 订单导出 2024-11-12
            订单号 ,商品ID,商品名称,订购数量,支付方式,下单时间,京东价,订单金额,结算金额,余额支付,应付金额,订单状态,订单类型,下单帐号,客户姓名,客户地址,联系电话,订单备注,运费金额,付款确认时间
            ="280012345678",100200,洗衣凝珠 52颗,2,在线支付,2024-11-11 00:01:00,39.90,119.70,119.70,0.00,119.70,完成,SOP,jd_zhang,张伟,上海 上海市 浦东新区,13812345678,,0.00,2024-11-11 00:01:30
            ="280012345678",100300,柔顺剂 2L,1,在线支付,2024-11-11 00:01:00,39.90,119.70,119.70,0.00,119.70,完成,SOP,jd_zhang,张伟,上海 上海市 浦东新区,13812345678,,0.00,2024-11-11 00:01:30
            ="280012345679",100200,洗衣凝珠 52颗,1,在线支付,2024-11-12 10:00:00,39.90,39.90,39.90,0.00,39.90,等待付款,SOP,jd_li,李娜,浙江 杭州市,13900001111,,0.00,
            """
        let (plan, result) = try read(gb18030(text))
        #expect(plan.dialectName == "jd-orders")
        #expect(plan.headerLine == 2)
        #expect(result.rejections.isEmpty)
        let order = try #require(result.orders.first { $0.externalID == "280012345678" })
        #expect(order.channel == .jd)
        #expect(order.buyer.account == "jd_zhang" && order.buyer.phone == "13812345678")
        #expect(order.amount == Money(fen: 11_970))
        #expect(order.lines.map(\.quantity) == [2, 1])
        #expect(order.lines.reduce(Money.zero) { $0 + $1.amount } == order.amount)
        #expect(order.province == "上海市")
        #expect(result.orders.first { $0.externalID == "280012345679" }?.status == .pending)
    }

    @Test func douyinSubOrdersWithTabbedIdsAndLineAmounts() throws {
        let text = "主订单编号,子订单编号,选购商品,商品规格,商品数量,商品ID,商家编码,商品单价,订单应付金额,运费,收件人,收件人手机号,省,市,区,订单提交时间,支付完成时间,订单状态,售后状态\n"
            + "\"\t6917000000000000001\",\"\t6917000000000000101\",玫瑰面霜,50g,1,\"\t3600001\",SKU-A,129.00,\"1,129.00\",0,王芳,138****5678,广东省,深圳市,南山区,2024/11/11 20:01:33,2024/11/11 20:01:40,已完成,-\n"
            + "\"\t6917000000000000001\",\"\t6917000000000000102\",丝绒口红,#316,2,\"\t3600002\",SKU-B,99.00,198.00,0,王芳,138****5678,广东省,深圳市,南山区,2024/11/11 20:01:33,2024/11/11 20:01:40,已完成,-\n"
            + "\"\t6917000000000000002\",\"\t6917000000000000201\",玫瑰面霜,50g,1,\"\t3600001\",SKU-A,129.00,129.00,0,李雷,,广东省,广州市,天河区,2024/11/12 09:00:00,,已关闭,-\n"
        let (plan, result) = try read(Array(text.utf8))
        #expect(plan.dialectName == "douyin-orders")
        #expect(result.rejections.isEmpty)
        let paid = try #require(result.orders.first { $0.externalID == "6917000000000000001" })
        #expect(paid.amount == Money(fen: 132_700), "the order is the sum of its sub-orders")
        #expect(paid.lines.map(\.amount) == [Money(fen: 112_900), Money(fen: 19_800)])
        #expect(paid.buyer.phone == nil && paid.buyer.maskedPhone == "138****5678", "a masked phone is never a key")
        #expect(result.orders.first { $0.externalID == "6917000000000000002" }?.status == .cancelled)
    }

    @Test func pinduoduoStatusesInFullAndHalfWidthPunctuation() throws {
        let text = "商品,订单号,订单状态,商品总价(元),用户实付金额(元),商品数量(件),收货人,手机,省,市,支付时间,商品id,商家编码-SKU维度\n"
            + "纸巾 24包,260517-607198974342268,\"已发货，待签收\",59.90,49.90,1,赵敏,\t,****,****,2024-11-11 10:00:00,9001,PZ-24\n"
            + "纸巾 24包,260517-607198974342269,\"已发货,退款成功\",59.90,49.90元,1,钱多,\t,浙江省,宁波市,2024-11-11 11:00:00,9001,PZ-24\n"
            + "纸巾 24包,260517-607198974342270,待支付,59.90,--,1,孙丽,\t,浙江省,宁波市,,9001,PZ-24\n"
        let (plan, result) = try read(Array(text.utf8))
        #expect(plan.dialectName == "pdd-orders")
        let byID = Dictionary(uniqueKeysWithValues: result.orders.map { ($0.externalID, $0) })
        #expect(byID["260517-607198974342268"]?.status == .shipped)
        #expect(byID["260517-607198974342268"]?.province == nil, "**** is no province")
        #expect(byID["260517-607198974342269"]?.status == .refunded)
        #expect(byID["260517-607198974342269"]?.refunded == Money(fen: 4_990))
        #expect(result.rejections.map(\.line) == [4], "a pending order with no amount is reported, not guessed")
    }

    @Test func youzanOrdersWithRefundsAndClosedOrders() throws {
        let text = "订单号,销售渠道,订单类型,订单状态,订单创建时间,买家付款时间,订单实付金额,订单已退款金额,买家昵称,买家手机号,收货人省份,收货人城市\n"
            + "E20241111000000001,微商城,普通订单,交易成功,2024-11-11 09:00:00,2024-11-11 09:00:10,88.00,20.00,小鱼,13700001111,江苏省,南京市\n"
            + "E20241111000000002,微商城,普通订单,交易关闭,2024-11-11 09:05:00,,88.00,0.00,小鱼,13700001111,江苏省,南京市\n"
        let (plan, result) = try read(Array(text.utf8))
        #expect(plan.dialectName == "youzan-orders")
        #expect(result.rejections.isEmpty)
        let kept = try #require(result.orders.first)
        #expect(kept.channel == .youzan && kept.status == .partiallyRefunded && kept.refunded == Money(fen: 2_000))
        #expect(result.orders.last?.status == .cancelled, "a closed order is kept, not counted as paid")
    }
}

@Suite("Telling platforms apart")
struct PlatformSniffingTests {
    @Test func aTaobaoLineFileIsNotTakenForDouyin() throws {
        let taobaoLines = "子订单编号,主订单编号,商品标题,商品价格,购买数量,外部系统编号,商品属性,套餐信息,联系方式备注,订单状态,商家编码\n"
            + "1001,2001,玫瑰面霜,129.00,1,,,,,交易成功,SKU-A\n"
        let plan = try? ImportPlan.make(bytes: Array(taobaoLines.utf8), file: "lines.csv", kind: nil, mapping: nil, channel: nil)
        #expect(plan?.dialectName != "douyin-orders")
    }
}
