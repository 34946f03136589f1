import Foundation
@testable import RegularsServer
import Testing

@Suite("JSON parser")
struct JSONParserTests {
    @Test(arguments: [
        #"{"a":1,"b":[true,false,null],"c":"x\"y\\z\u00e9\ud83d\ude00","d":-1.5e3,"e":{},"f":[]}"#,
        #"  [1, -0, 2.25, "双11 满减", {"k": [ ] } ]  "#,
        #""plain""#, "9223372036854775807", "1e400e",
    ])
    func agreesWithFoundation(_ text: String) throws {
        let data = Data(text.utf8)
        let foundation = try? JSONDecoder().decode(JSONValue.self, from: data)
        let ours = try? JSONParser.parse(data)
        #expect(ours == foundation)
    }

    @Test(arguments: [
        "", "{", #"{"a" 1}"#, #"{"a":1,}"#, "[1,]", "01", "1.", "-", #""\x""#, #""\ud800""#, "tru", "[1] 2",
        #"{"a":1,"a":2}"#, "\"a\u{01}b\"", String(repeating: "[", count: 300) + String(repeating: "]", count: 300),
    ])
    func refusesWhatIsNotJSON(_ text: String) {
        #expect(throws: JSONParser.Failure.self) { try JSONParser.parse(Data(text.utf8)) }
    }
}

@Suite("Schema money check")
struct MoneyPatternTests {
    @Test(arguments: ["0", "29.90", "-5", "-5.5", "1234567890123.45", "12345678901234", "1.", ".5", "1.234", "--1", "", "１", "1e3", "29.9 "])
    func theHandCheckAgreesWithThePattern(_ text: String) {
        let byPattern = text.range(of: Schema.moneyPattern, options: .regularExpression) != nil
        #expect(SchemaValidator.isMoney(text) == byPattern)
    }
}
