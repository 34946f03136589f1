import Testing
@testable import Regulars

@Suite("Field columns")
struct FieldColumnsTests {
    @Test func everyFieldHasItsOwnSlot() {
        var columns = FieldColumns()
        for (index, field) in ImportField.allCases.enumerated() { columns[field] = index * 3 }
        #expect(ImportField.allCases.enumerated().allSatisfy { columns[$1] == $0 * 3 })
        #expect(FieldColumns()[.orderID] == -1)
    }
}
