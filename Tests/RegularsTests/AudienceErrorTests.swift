import Testing
@testable import Regulars

@Suite("Audience syntax errors")
struct AudienceErrorTests {
    private func failure(_ text: String) -> AudienceSyntaxError? {
        do {
            _ = try AudienceQuery(parsing: text)
            return nil
        } catch {
            return error
        }
    }

    @Test(arguments: [
        ("bought sku:AB1 within days", "column 23: expected a duration such as 90d after 'within', found 'days'"),
        ("bought sku:A within 90 days", "column 21: expected a duration such as 90d after 'within', found '90'"),
        ("(orders > 1", "column 12: expected ')' to close '(' at column 1, found end of query"),
        ("tag = a and (tag = b or (tag = c)", "column 34: expected ')' to close '(' at column 13, found end of query"),
        ("tag = \"abc", "column 7: unterminated quote; expected a closing '\"' before the end of the query"),
        ("", "column 1: empty query; expected a condition such as bought sku:A within 90d"),
        ("   ", "column 1: empty query; expected a condition such as bought sku:A within 90d"),
        ("bought sku:A foo", "column 14: expected 'and', 'or' or the end of the query, found 'foo'"),
        ("bought sku:A)", "column 13: ')' without a matching '('; expected 'and', 'or' or the end of the query"),
        ("pyramid = 潜能",
         "column 11: unknown pyramid level '潜能'; expected one of 王者 champion, 潜力 potential, 新客 new, 瞌睡 dozing, 流失 lost"),
        ("lifecycle = sleepy",
         "column 13: unknown lifecycle stage 'sleepy'; expected one of 新客户 new, 活跃 active, 忠诚 loyal, 沉默 silent, 流失 churned"),
        ("bought sku:A and", "column 17: expected a condition after 'and', found end of query"),
        ("not", "column 4: expected a condition after 'not', found end of query"),
        ("orders >= many", "column 11: expected a whole number after '>=', found 'many'"),
        ("spend > 1.234", "column 9: expected an amount in yuan such as 199.90 after '>', found '1.234'"),
        ("coupon_share > 150%", "column 16: expected a share such as 0.5 or 50% after '>', found '150%'"),
        ("r_score = 6", "column 11: expected a score from 1 to 5 after '=', found '6'"),
        ("orders between 5 and 2", "column 22: expected an upper bound at least 5, found '2'"),
        ("orders like 5", "column 8: expected a comparison (=, !=, <, <=, >, >=) or 'between' after 'orders', found 'like'"),
        ("bought sku:A between 2024-03-01 and 2024-02-30",
         "column 37: '2024-02-30' is not a calendar date; expected a date such as 2024-01-31 after 'and'"),
        ("bought sku:A between 2024-03-01 and 2024-02-01",
         "column 37: expected a date on or after 2024-03-01, found '2024-02-01'"),
        ("bought sku:A between 2024-03-01", "column 32: expected 'and' after the first date, found end of query"),
        ("bought sku:A within 7d ever", "column 24: a second period for 'bought'; expected 'and', 'or' or the end of the query"),
        ("carted sku:A for 5m",
         "column 14: 'for' (how long a view lasted) applies to viewed only; expected 'and', 'or' or the end of the query"),
        ("viewed sku:A for 5d", "column 18: expected a duration such as 5m after 'for', found '5d'"),
        ("birthday within 24h", "column 17: expected a duration in days or weeks such as 7d after 'within', found '24h'"),
        ("birthday in 7d", "column 10: expected 'within' after 'birthday', found 'in'"),
        ("last_order within 0d", "column 19: expected a duration in days or weeks such as 30d after 'within', found '0d'"),
        ("last_order since 2024-01-01",
         "column 12: expected 'within', 'between' or a comparison (=, !=, <, <=, >, >=) after 'last_order', found 'since'"),
        ("bought within 90d",
         "column 8: expected a target (sku:VALUE, category:VALUE or anything) after 'bought', found 'within'"),
        ("bought sku:", "column 12: expected a SKU after 'sku:', found end of query"),
        ("tag = a #", "column 9: expected a condition, a value, an operator or a parenthesis, found '#'"),
        ("class in (重要价值 重要发展)", "column 16: expected ',' or ')' in the list of values, found '重要发展'"),
        ("class in 重要价值", "column 10: expected '(' after 'in', found '重要价值'"),
        ("tag = and", "column 7: expected a value after '=', found 'and'"),
        ("tag is a", "column 5: expected '=', '!=', 'in' or 'not in' after 'tag', found 'is'"),
        ("and tag = a", "column 1: expected a condition, found 'and'"),
        ("tag = a or or tag = b", "column 12: expected a condition after 'or', found 'or'"),
        ("()", "column 2: expected a condition after '(', found ')'"),
    ])
    func messages(_ text: String, _ message: String) {
        #expect(failure(text)?.description == message)
    }

    @Test func unknownConditionsListWhatIsKnown() throws {
        let error = try #require(failure("byed sku:A"))
        #expect(error.column == 1)
        #expect(error.problem == "unknown condition 'byed'")
        #expect(error.found == "'byed'")
        #expect(error.description.hasPrefix("column 1: unknown condition 'byed'; expected one of bought, viewed, carted, favorited, orders"))
        #expect(error.description.hasSuffix("sleep_warning, birthday, first_order, last_order"))
        let later = try #require(failure("orders > 1 and spent > 5"))
        #expect(later.column == 16)
    }

    @Test func unknownClassesListTheAcceptedValues() throws {
        let error = try #require(failure("tag = a and class = 重要客户"))
        #expect(error.column == 21)
        #expect(error.expected.hasPrefix("one of 重要价值 important-value, 重要发展 important-develop"))
    }

    @Test func theCaretSitsUnderTheColumnCountingWideCharactersTwice() throws {
        let text = "tag = 敏感 and byed"
        let error = try #require(failure(text))
        #expect(error.column == 14)
        let lines = error.annotating(text).split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 3)
        #expect(lines[0] == "tag = 敏感 and byed")
        #expect(lines[1] == String(repeating: " ", count: 15) + "^")
        #expect(lines[2].hasPrefix("column 14: unknown condition 'byed'"))
        let end = try #require(failure("(orders > 1"))
        #expect(end.annotating("(orders > 1").split(separator: "\n")[1] == String(repeating: " ", count: 11) + "^")
    }
}
