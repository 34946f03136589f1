@testable import RegularsSpreadsheet
import Testing

/// The tokenizer must give the same events wherever the decompressor happens to cut the XML.
@Suite("Chunk boundaries")
struct ChunkBoundaryTests {
    /// Writes every event as a line; adjacent text pieces are merged (as bytes: a piece may end inside a
    /// UTF-8 sequence), since text may come in pieces.
    struct EventRecorder: XMLEventHandler {
        var events: [String] = []
        var pendingText: [UInt8] = []

        var wantsText: Bool { true }

        mutating func startElement(_ tag: XMLStartTag) throws(XLSXError) {
            flushText()
            var line = "start \(tag.localName.decodedString)"
            tag.forEachAttribute { name, value in line += " \(name.decodedString)=[\(value.decodedString)]" }
            events.append(line)
        }

        mutating func endElement(_ localName: XMLByteSpan) throws(XLSXError) {
            flushText()
            events.append("end \(localName.decodedString)")
        }

        mutating func text(_ text: XMLByteSpan) throws(XLSXError) {
            pendingText.append(contentsOf: text.bytes)
        }

        mutating func flushText() {
            if !pendingText.isEmpty { events.append("text [\(String(decoding: pendingText, as: UTF8.self))]") }
            pendingText = []
        }
    }

    static let document = Array("""
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <!DOCTYPE worksheet [<!ENTITY nothing "">]>
        <x:worksheet xmlns:x="urn:x"><!-- a comment with > and <tags> -->
        <x:row r="1" spans='1:3' note="a > b &amp; c"><x:c r="A1" t="s"><x:v>12</x:v></x:c>
        <x:c r="B1" t="inlineStr"><x:is><x:t xml:space="preserve">中文 &#20013;&#x6587; &lt;&amp;&gt; &quot;&apos; &bogus;</x:t></x:is></x:c>
        <x:c r="C1" t="str"><x:v><![CDATA[raw <text> & ]]]></x:v></x:c><x:c r="D1" /></x:row >
        </x:worksheet>
        """.utf8)

    static func events(feeding chunks: [ArraySlice<UInt8>]) throws -> [String] {
        var tokenizer = XMLTokenizer(partName: "test.xml")
        var recorder = EventRecorder()
        for chunk in chunks {
            let bytes = Array(chunk)
            try bytes.withUnsafeBufferPointer { buffer throws(XLSXError) in try tokenizer.feed(buffer, to: &recorder) }
        }
        try tokenizer.finish(to: &recorder)
        recorder.flushText()
        return recorder.events
    }

    @Test func referenceEvents() throws {
        let events = try Self.events(feeding: [Self.document[...]])
        #expect(events.contains("start row r=[1] spans=[1:3] note=[a > b & c]"))
        #expect(events.contains("text [中文 中文 <&> \"' &bogus;]"))
        #expect(events.contains("text [raw <text> & ]]"))
        #expect(events.contains("end row"))
        #expect(events.filter { $0 == "end c" }.count == 4)
    }

    @Test func everySplitPosition() throws {
        let whole = try Self.events(feeding: [Self.document[...]])
        for split in 0...Self.document.count {
            let chunks = [Self.document[..<split], Self.document[split...]]
            #expect(try Self.events(feeding: chunks) == whole, "split at byte \(split)")
        }
    }

    @Test(arguments: [1, 2, 3, 5])
    func smallChunks(size: Int) throws {
        let chunks = stride(from: 0, to: Self.document.count, by: size).map {
            Self.document[$0..<min($0 + size, Self.document.count)]
        }
        #expect(try Self.events(feeding: chunks) == Self.events(feeding: [Self.document[...]]))
    }

    @Test(arguments: [1, 7, 100])
    func wholeReaderWithTinyDecompressionBuffers(chunkSize: Int) throws {
        let rows: [[XLSXCell]] = [
            [.text("订单编号"), .text("R&D <x> \"q\""), .number(1299.5)],
            [.text("a,b"), .date(year: 2024, month: 3, day: 5, hour: 14, minute: 7, second: 9), .text("第一行\n第二行")],
        ]
        for inline in [false, true] {
            let xlsx = try workbook(rows, inlineStrings: inline)
            let reference = try XLSXReader.csvBytes(of: xlsx)
            let chunked = try XLSXReader.csvBytes(of: xlsx, chunkSize: chunkSize)
            #expect(chunked.csv == reference.csv)
            #expect(chunked.rows == reference.rows)
        }
    }
}
