import RegularsSpreadsheet
import Testing

/// Sheets as other producers write them, XML written by hand.
@Suite("Hand-written sheet XML")
struct HandWrittenXMLTests {
    @Test func namespacePrefixesEverywhere() throws {
        let ns = HandMadeWorkbook.mainNamespace
        let workbook = HandMadeWorkbook(parts: [
            ("xl/workbook.xml", """
                <x:workbook xmlns:x="\(ns)" xmlns:rel="\(HandMadeWorkbook.relationshipsNamespace)">\
                <x:sheets><x:sheet name="订单 &amp; 退款" sheetId="1" rel:id="rId7"/></x:sheets></x:workbook>
                """),
            ("xl/_rels/workbook.xml.rels", HandMadeWorkbook.relationships([("rId7", "worksheets/orders.xml")])),
            ("xl/worksheets/orders.xml", """
                <?xml version="1.0" encoding="UTF-8"?>
                <x:worksheet xmlns:x="\(ns)">
                  <x:sheetData>
                    <x:row r="1"><x:c r="A1" t="s"><x:v>0</x:v></x:c><x:c r="B1" t="inlineStr"><x:is><x:t>状态</x:t></x:is></x:c></x:row>
                    <x:row r="2"><x:c r="A2"><x:v>7</x:v></x:c><x:c r="B2" t="s"><x:v>1</x:v></x:c></x:row>
                  </x:sheetData>
                </x:worksheet>
                """),
            ("xl/sharedStrings.xml", """
                <x:sst xmlns:x="\(ns)" count="2" uniqueCount="2"><x:si><x:t>数量</x:t></x:si>\
                <x:si><x:t>已发货</x:t></x:si></x:sst>
                """),
        ])
        let sheet = try XLSXReader.csvBytes(of: try workbook.zipped())
        #expect(sheet.name == "订单 & 退款")
        #expect(String(decoding: sheet.csv, as: UTF8.self) == "数量,状态\n7,已发货\n")
    }

    @Test func richTextPhoneticRunsAndEscapes() throws {
        let sharedStrings = """
            <sst xmlns="\(HandMadeWorkbook.mainNamespace)">
            <si><r><rPr><b/></rPr><t>买家</t></r><r><t xml:space="preserve"> 已付款</t></r></si>
            <si><t>東京</t><rPh sb="0" eb="2"><t>トウキョウ</t></rPh><phoneticPr fontId="1"/></si>
            <si><t>line 1_x000D_
            line 2</t></si>
            <si><t>&#20013;&#x6587; &lt;ok&gt; &quot;q&quot; &apos;a&apos; _x005F_x0041_</t></si>
            <si><t xml:space="preserve">  padded, with comma  </t></si>
            <si><t/></si>
            </sst>
            """
        let rows = """
            <row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c></row>
            <row r="2"><c r="A2" t="s"><v>3</v></c><c r="B2" t="s"><v>4</v></c><c r="C2" t="s"><v>5</v></c></row>
            <row r="3"><c r="A3" t="inlineStr"><is><r><t>a</t></r><r><t>_x000D__x000A_b</t></r><rPh><t>x</t></rPh></is></c></row>
            """
        let csv = try csvText(of: HandMadeWorkbook(rows: rows, sharedStrings: sharedStrings).zipped())
        let expected = [
            "买家 已付款,東京,line 1 line 2",
            #""中文 <ok> ""q"" 'a' _x0041_","  padded, with comma  ""#,
            "a b",
        ]
        #expect(csv == expected.joined(separator: "\n") + "\n")
    }

    @Test func missingReferencesCountSequentially() throws {
        let rows = """
            <row><c><v>1</v></c><c><v>2</v></c><c r="E1"><v>5</v></c><c><v>6</v></c></row>
            <row r="3"><c r="B3"><v>32</v></c></row>
            <row><c><v>41</v></c></row>
            """
        let sheet = try XLSXReader.csvBytes(of: HandMadeWorkbook(rows: rows).zipped())
        #expect(String(decoding: sheet.csv, as: UTF8.self) == "1,2,,,5,6\n\n,32\n41\n")
        #expect(sheet.rows == 4)
    }

    @Test func cellTypesAndFormulas() throws {
        let rows = """
            <row r="1"><c r="A1" t="b"><v>1</v></c><c r="B1" t="b"><v>0</v></c><c r="C1" t="e"><v>#N/A</v></c>\
            <c r="D1" t="str"><f>A1&amp;"x"</f><v>TRUEx</v></c><c r="E1" t="d"><v>2024-03-05T14:07:09</v></c>\
            <c r="F1"><f>1/3</f><v>0.33333333333333331</v></c><c r="G1" t="n"><v>1.5E-3</v></c>\
            <c r="H1"><v>3.456789012345679E+18</v></c><c r="I1"><v>34.0</v></c><c r="J1"><v>-0.50</v></c>\
            <c r="K1" s="0"/><c r="L1"><v>12345678901234567890</v></c></row>
            """
        #expect(try csvText(of: HandMadeWorkbook(rows: rows).zipped())
                == "TRUE,FALSE,#N/A,TRUEx,2024-03-05 14:07:09,0.3333333333333333,0.0015,3.456789012345679E+18,34,-0.5,,12345678901234567890\n")
    }

    static let styles = """
        <styleSheet xmlns="\(HandMadeWorkbook.mainNamespace)">
        <numFmts count="4"><numFmt numFmtId="164" formatCode="yyyy/mm/dd hh:mm:ss"/>\
        <numFmt numFmtId="165" formatCode="[$-F800]dddd\\,\\ mmmm\\ dd\\,\\ yyyy"/>\
        <numFmt numFmtId="166" formatCode="#,##0.00_);[Red]\\(#,##0.00\\)"/>\
        <numFmt numFmtId="167" formatCode="&quot;day&quot; 0"/></numFmts>
        <cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs>
        <cellXfs count="6"><xf numFmtId="0"/><xf numFmtId="164"/><xf numFmtId="165"/><xf numFmtId="166"/>\
        <xf numFmtId="167"/><xf numFmtId="14"/></cellXfs>
        </styleSheet>
        """

    @Test func customAndBuiltInDateFormats() throws {
        let rows = """
            <row r="1"><c r="A1" s="1"><v>45356.588298611111</v></c><c r="B1" s="2"><v>45356</v></c>\
            <c r="C1" s="3"><v>45356</v></c><c r="D1" s="4"><v>45356</v></c><c r="E1" s="5"><v>45356</v></c>\
            <c r="F1" s="5"><v>45356.5</v></c><c r="G1" s="1"><v>45356</v></c><c r="H1" s="0"><v>45356</v></c></row>
            """
        #expect(try csvText(of: HandMadeWorkbook(rows: rows, styles: Self.styles).zipped())
                == "2024-03-05 14:07:09,2024-03-05,45356,45356,2024-03-05,2024-03-05 12:00:00,2024-03-05 00:00:00,45356\n")
    }

    @Test func date1904System() throws {
        let rows = "<row r=\"1\"><c r=\"A1\" s=\"1\"><v>43894.588298611111</v></c><c r=\"B1\" s=\"5\"><v>0</v></c></row>"
        let workbook = HandMadeWorkbook(rows: rows, styles: Self.styles, workbookProperties: "<workbookPr date1904=\"1\"/>")
        #expect(try csvText(of: workbook.zipped()) == "2024-03-05 14:07:09,1904-01-01\n")
    }
}
