import Foundation
import Testing
@testable import Regulars

@Suite("Reading an orders file in pieces")
struct PiecewiseReadingTests {
    /// Line rows of orders scattered through the file, a quoted field with a line break, and bad rows.
    static func scatteredFile(orders: Int, seed: UInt64) -> String {
        var state = seed
        func next(_ bound: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(bound))
        }
        var rows: [String] = []
        for order in 0..<orders {
            let lines = 1 + next(3)
            for line in 0..<lines {
                let title = next(10) == 0 ? "\"礼盒\n限定版\"" : "商品\(line)"
                let amount = next(40) == 0 ? "abc" : "\(10 + order % 50).00"
                rows.append("O\(order),\(order % 2 == 0 ? "tmall" : "jd"),u\(order % 17),2024-05-0\(1 + order % 9) 10:00:00,\(amount),S\(line),\(title)")
            }
        }
        // Shuffle so that rows of one order land in different pieces.
        for i in stride(from: rows.count - 1, to: 0, by: -1) { rows.swapAt(i, next(i + 1)) }
        return "order_id,channel,customer_id,paid_at,amount,sku,product_name\n" + rows.joined(separator: "\n") + "\n"
    }

    @Test(arguments: [UInt64(1), 2, 3])
    func piecesGiveTheSameOrdersAsOneRead(seed: UInt64) throws {
        let bytes = Array(Self.scatteredFile(orders: 300, seed: seed).utf8)
        let plan = try ImportPlan.make(bytes: bytes, file: "x.csv", kind: .orders, mapping: nil, channel: nil)
        let reader = OrderFileReader(plan: plan, calendar: .shanghai)
        let whole = reader.read(bytes, pieceSize: .max)
        #expect(reader.pieces(of: bytes, pieceSize: 512).count > 10)
        let pieced = reader.read(bytes, pieceSize: 512)
        #expect(pieced.rowsRead == whole.rowsRead)
        #expect(pieced.rejections == whole.rejections)
        #expect(!whole.rejections.isEmpty)
        let byKey = { (orders: [OrderRecord]) in Dictionary(uniqueKeysWithValues: orders.map { ($0.channel.rawValue + $0.externalID, $0) }) }
        #expect(byKey(pieced.orders) == byKey(whole.orders))
        #expect(pieced.orders.count == whole.orders.count)
    }

    @Test func splitPointsKeepLineNumbersAcrossQuotedLineBreaks() {
        let text = "a,b\n1,\"x\ny\"\n2,z\r\n3,\"p\r\nq\"\n4,w\n"
        let bytes = Array(text.utf8)
        var whole: [Int] = []
        CSVScanner.forEachRow(in: bytes, delimiter: UInt8(ascii: ",")) { row in whole.append(row.line); return true }
        for parts in 2...6 {
            var pieced: [Int] = []
            for piece in CSVScanner.split(bytes, parts: parts) {
                CSVScanner.forEachRow(in: bytes, range: piece.range, firstLine: piece.firstLine, delimiter: UInt8(ascii: ",")) { row in
                    pieced.append(row.line)
                    return true
                }
            }
            #expect(pieced == whole, "\(parts) parts")
        }
        #expect(whole == [1, 2, 4, 5, 7])
    }
}
