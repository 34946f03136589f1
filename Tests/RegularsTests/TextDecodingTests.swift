import RegularsTestSupport
import Testing
@testable import Regulars

private let bom: [UInt8] = [0xEF, 0xBB, 0xBF]

private let sampleCSV = """
    订单编号,买家会员名,买家实际支付金额,收货地址 ,订单付款时间 \r
    ="2020012345678",张三,"¥1,299.00",浙江省 杭州市 西湖区,2024-11-11 20:01:33\r
    ="2020012345679",李四,34.00元,"广东省 广州市, 天河区",2024/11/11 20:02\r

    """

@Suite("TextDecoding")
struct TextDecodingTests {
    @Test func knownGBKBytes() throws {
        // 订单编号 in GBK (and GB18030), as Excel writes it for "ANSI".
        let raw: [UInt8] = [0xB6, 0xA9, 0xB5, 0xA5, 0xB1, 0xE0, 0xBA, 0xC5, 0x2C, 0x31, 0x0D, 0x0A]
        let (utf8, encoding) = try TextDecoding.utf8Bytes(of: raw)
        #expect(encoding == .gb18030)
        #expect(String(decoding: utf8, as: UTF8.self) == "订单编号,1\r\n")
    }

    @Test func ourEncoderAgreesWithKnownBytes() {
        #expect(gb18030("订单编号") == [0xB6, 0xA9, 0xB5, 0xA5, 0xB1, 0xE0, 0xBA, 0xC5])
        #expect(gb18030("金额") == [0xBD, 0xF0, 0xB6, 0xEE])
        // ¥ (U+00A5) is not in GBK: GB18030 writes it as a four-byte sequence.
        #expect(gb18030("¥") == [0x81, 0x30, 0x84, 0x36])
    }

    @Test func fourByteGB18030Sequences() throws {
        let raw: [UInt8] = [0x81, 0x30, 0x84, 0x36, 0x31, 0x32, 0x0A]  // ¥12
        let (utf8, encoding) = try TextDecoding.utf8Bytes(of: raw)
        #expect(encoding == .gb18030)
        #expect(utf8 == Array("¥12\n".utf8))
    }

    @Test(arguments: [TextEncoding.utf8, .utf8BOM, .gb18030])
    func sameTextInEveryEncoding(encoding: TextEncoding) throws {
        let raw: [UInt8]
        switch encoding {
        case .utf8: raw = Array(sampleCSV.utf8)
        case .utf8BOM: raw = bom + Array(sampleCSV.utf8)
        case .gb18030: raw = gb18030(sampleCSV)
        }
        #expect(raw.count > 0)
        let (utf8, detected) = try TextDecoding.utf8Bytes(of: raw)
        #expect(detected == encoding)
        #expect(utf8 == Array(sampleCSV.utf8))

        // The decoded file reads the same whatever it was written in.
        let plan = try ImportPlan.make(bytes: utf8, file: "x.csv", kind: nil, mapping: nil, channel: nil)
        #expect(plan.dialectName == "tmall-order-report")
        let result = OrderFileReader(plan: plan, calendar: .shanghai).read(utf8)
        #expect(result.rejections == [])
        #expect(result.orders.map(\.externalID) == ["2020012345678", "2020012345679"])
        #expect(result.orders.map(\.amount) == [Money(fen: 129_900), Money(fen: 3_400)])
        #expect(result.orders.map(\.buyer.account) == ["张三", "李四"])
        #expect(result.orders.map(\.province) == ["浙江省", "广东省"])
    }

    @Test(arguments: [TextEncoding.utf8, .utf8BOM, .gb18030])
    func forcedEncodingSkipsDetection(encoding: TextEncoding) throws {
        let gb = gb18030("金额,1\n")
        switch encoding {
        case .gb18030:
            #expect(try TextDecoding.utf8Bytes(of: gb, forced: .gb18030) == (Array("金额,1\n".utf8), .gb18030))
            // ASCII is the same in both.
            #expect(try TextDecoding.utf8Bytes(of: Array("a,b\n".utf8), forced: .gb18030).0 == Array("a,b\n".utf8))
        case .utf8, .utf8BOM:
            #expect(try TextDecoding.utf8Bytes(of: bom + Array("金额".utf8), forced: encoding) == (Array("金额".utf8), .utf8BOM))
            #expect(try TextDecoding.utf8Bytes(of: Array("金额".utf8), forced: encoding) == (Array("金额".utf8), .utf8))
        }
    }

    @Test func emptyAndBOMOnlyFiles() throws {
        #expect(try TextDecoding.utf8Bytes(of: []) == ([], .utf8))
        #expect(try TextDecoding.utf8Bytes(of: bom) == ([], .utf8BOM))
        #expect(try TextDecoding.utf8Bytes(of: [], forced: .gb18030) == ([], .gb18030))
    }

    @Test func invalidBytesNameTheirLine() {
        // 0xFF is neither UTF-8 nor a GB18030 lead byte; it sits on line 3.
        let raw = gb18030("订单编号,金额\n1,2\n") + [0x33, 0x2C, 0xFF, 0x0A] + Array("4,5\n".utf8)
        #expect(throws: TextDecodingError(line: 3)) { try TextDecoding.utf8Bytes(of: raw) }
        #expect(throws: TextDecodingError(line: 3)) { try TextDecoding.utf8Bytes(of: raw, forced: .gb18030) }
    }

    @Test func invalidByteOnTheFirstLineAndTruncatedLeadByte() {
        #expect(throws: TextDecodingError(line: 1)) { try TextDecoding.utf8Bytes(of: [0x61, 0x80, 0x0A, 0x62]) }
        // A GBK lead byte cut off at the very end of the file (line 2, after a CRLF).
        #expect(throws: TextDecodingError(line: 2)) { try TextDecoding.utf8Bytes(of: [0x61, 0x0D, 0x0A, 0xB6]) }
        // A lead byte followed by a line break is not a pair.
        #expect(throws: TextDecodingError(line: 1)) { try TextDecoding.utf8Bytes(of: [0xB6, 0x0A, 0x61]) }
    }

    @Test func bomPromisesUTF8() {
        // With a BOM the file claims UTF-8; invalid bytes after it are an error on their line, not replacement characters.
        let raw = bom + Array("a,b\n".utf8) + [0xB6, 0xA9, 0x0A]
        #expect(throws: TextDecodingError(line: 2)) { try TextDecoding.utf8Bytes(of: raw) }
        #expect(throws: TextDecodingError(line: 2)) { try TextDecoding.utf8Bytes(of: Array(raw.dropFirst(3)), forced: .utf8) }
    }

    @Test(arguments: [
        ([], true),
        (Array("plain ascii text that is longer than eight bytes".utf8), true),
        (Array("订单编号 😀 ¥".utf8), true),
        ([0xC0, 0x80], false),  // overlong NUL
        ([0xE0, 0x80, 0x80], false),  // overlong
        ([0xED, 0xA0, 0x80], false),  // surrogate
        ([0xF4, 0x90, 0x80, 0x80], false),  // above U+10FFFF
        ([0xE4, 0xB8], false),  // truncated
        ([0x80], false),  // stray continuation
        (Array("12345678".utf8) + [0xB6, 0xA9] + Array("12345678".utf8), false),  // after an ASCII run
        (Array("1234567".utf8) + [0xB6] + Array("12345678".utf8), false),  // inside an eight-byte word
        ([0xF0, 0x9F, 0x98, 0x80], true),
    ] as [([UInt8], Bool)])
    func utf8Validation(bytes: [UInt8], valid: Bool) {
        #expect(TextDecoding.isValidUTF8(bytes) == valid)
    }
}
