import Testing
@testable import Regulars

@Suite("Audience prediction conditions: churn_risk, clv, p_alive, expected_purchases")
struct AudiencePredictionTests {
    let asOf = localSeconds("2024-06-30 18:00:00")

    /// c0 low risk, 1 200 yuan; c1 medium, exactly 500 yuan and P(alive) 0.3; c2 high, 500.01 yuan; c3 not scored;
    /// c4 high, nothing left to gain.
    private func predictions() -> CustomerPredictionColumns {
        var columns = CustomerPredictionColumns(count: 5)
        let rows: [(Int, Double, Double, Int64, Double, ChurnLevel)] = [
            (0, 0.95, 2.5, 120_000, 0.05, .low),
            (1, 0.3, 1.0, 50_000, 0.45, .medium),
            (2, 0.1, 0.29, 50_001, 0.85, .high),
            (4, 0.2999, 0.99, 0, 0.7, .high),
        ]
        for (c, pAlive, purchases, clv, churn, level) in rows {
            columns.scored[c] = true
            columns.pAlive[c] = pAlive
            columns.expectedPurchases[c] = purchases
            columns.expectedSpend[c] = 10_000
            columns.clv[c] = clv
            columns.churnScore[c] = churn
            columns.churnLevel[c] = level
        }
        return columns
    }

    private func context(predictions: CustomerPredictionColumns?) -> AudienceContext {
        let shop = AudienceShopBuilder(customers: 5)
        return AudienceContext(columns: shop.built, segments: shop.segments(asOf: asOf), asOfLocalSeconds: asOf,
                               predictions: predictions)
    }

    private func failure(_ text: String) -> AudienceSyntaxError? {
        do {
            _ = try AudienceQuery(parsing: text)
            return nil
        } catch {
            return error
        }
    }

    @Test func churnRiskLevelsInEnglishAndChinese() throws {
        let context = context(predictions: predictions())
        #expect(try context.members("churn_risk = high") == [2, 4])
        #expect(try context.members("churn_risk = 高") == [2, 4])
        #expect(try context.members("churn_risk = 高风险") == [2, 4])
        #expect(try context.members("CHURN_RISK = High") == [2, 4])
        #expect(try context.members("churn_risk = 低") == [0])
        #expect(try context.members("churn_risk in (medium, high)") == [1, 2, 4])
        #expect(try context.members("churn_risk in （中，高）") == [1, 2, 4])
        #expect(try context.members("churn_risk in (high, 高)") == [2, 4])
    }

    @Test func unscoredCustomersMatchNoPredictionCondition() throws {
        let context = context(predictions: predictions())
        #expect(try context.members("churn_risk != low") == [1, 2, 4], "c3 has no level to differ from low")
        #expect(try context.members("churn_risk not in (low, medium)") == [2, 4])
        #expect(try context.members("clv < 1") == [4])
        #expect(try context.members("p_alive >= 0") == [0, 1, 2, 4])
        #expect(try context.members("expected_purchases >= 0") == [0, 1, 2, 4])
        // `not` is still the complement: it takes in the unscored.
        #expect(try context.members("not churn_risk = low") == [1, 2, 3, 4])
        #expect(try context.members("not clv >= 0") == [3])
    }

    @Test func clvIsInYuan() throws {
        let context = context(predictions: predictions())
        #expect(try context.members("clv > 500") == [0, 2])
        #expect(try context.members("clv >= 500") == [0, 1, 2])
        #expect(try context.members("clv = 500.01") == [2])
        #expect(try context.members("clv between 500 and 1000") == [1, 2])
        #expect(try context.members("clv != 0") == [0, 1, 2])
    }

    @Test func pAliveIsAShareAndExpectedPurchasesTakeDecimals() throws {
        let context = context(predictions: predictions())
        #expect(try context.members("p_alive < 0.3") == [2, 4])
        #expect(try context.members("p_alive <= 30%") == [1, 2, 4])
        #expect(try context.members("p_alive = 0.2999") == [4])
        #expect(try context.members("p_alive >= 90%") == [0])
        #expect(try context.members("expected_purchases >= 1") == [0, 1])
        #expect(try context.members("expected_purchases < 1") == [2, 4])
        #expect(try context.members("expected_purchases = 2.5") == [0])
        // 0.29 × 100 is not 29 in binary floating point: the bound is divided back instead.
        #expect(try context.members("expected_purchases = 0.29") == [2])
        #expect(try context.members("expected_purchases between 0.29 and 0.99") == [2, 4])
    }

    @Test func predictionsCombineWithTheRestOfTheLanguage() throws {
        let context = context(predictions: predictions())
        #expect(try context.members("churn_risk = high and clv > 500") == [2])
        #expect(try context.members("churn_risk = low or p_alive < 0.2") == [0, 2])
        #expect(try context.members("orders = 0 and not churn_risk in (medium, high)") == [0, 3])
    }

    @Test func withoutStoredPredictionsNoOneMatches() throws {
        let context = context(predictions: nil)
        for query in ["churn_risk = high", "churn_risk != low", "churn_risk not in (low)", "clv >= 0", "p_alive <= 1",
                      "expected_purchases >= 0"] {
            #expect(try context.members(query) == [], "\(query)")
        }
        #expect(try context.members("not churn_risk = high") == [0, 1, 2, 3, 4])
        let notes = context.explain(try AudienceQuery(parsing: "churn_risk = high"))
        #expect(notes.first?.notes == ["no predictions stored yet: prediction conditions match no one until a fit is saved"])
        let scored = self.context(predictions: predictions()).explain(try AudienceQuery(parsing: "clv > 1"))
        #expect(scored.first?.notes == [])
    }

    @Test func canonicalTextReadsBackToTheSameQuery() throws {
        let cases = [
            ("CHURN_RISK in (高, Medium)", "churn_risk in (high, medium)"),
            ("churn_risk=中", "churn_risk = medium"),
            ("churn_risk ≠ 低风险", "churn_risk != low"),
            ("churn_risk not in (low)", "churn_risk != low"),
            ("churn_risk not in (low, 中)", "churn_risk not in (low, medium)"),
            ("clv > 500.00", "clv > 500"),
            ("clv between 99.9 and 1000", "clv between 99.9 and 1000"),
            ("p_alive < 0.3", "p_alive < 30%"),
            ("p_alive >= 12.5%", "p_alive >= 12.5%"),
            ("expected_purchases>=1.50", "expected_purchases >= 1.5"),
            ("expected_purchases < 2", "expected_purchases < 2"),
        ]
        for (written, canonical) in cases {
            let query = try AudienceQuery(parsing: written)
            #expect(query.canonical == canonical)
            #expect(try AudienceQuery(parsing: query.canonical) == query)
        }
        #expect(try AudienceQuery(parsing: "churn_risk = 高") == AudienceQuery(parsing: "churn_risk = high"))
        #expect(try AudienceQuery(parsing: "p_alive < 0.3") == AudienceQuery(parsing: "p_alive < 30%"))
    }

    @Test(arguments: [
        ("churn_risk = 很高", "column 14: unknown churn risk level '很高'; expected one of 低 low, 中 medium, 高 high"),
        ("churn_risk > high", "column 12: expected '=', '!=', 'in' or 'not in' after 'churn_risk', found '>'"),
        ("churn_risk in (low, )", "column 21: expected a churn risk level after ',', found ')'"),
        ("clv > lots", "column 7: expected an amount in yuan such as 199.90 after '>', found 'lots'"),
        ("clv like 5", "column 5: expected a comparison (=, !=, <, <=, >, >=) or 'between' after 'clv', found 'like'"),
        ("p_alive < 1.5", "column 11: expected a share such as 0.5 or 50% after '<', found '1.5'"),
        ("expected_purchases >= 1.234", "column 23: expected a number such as 1 or 1.5 after '>=', found '1.234'"),
        ("expected_purchases between 2 and 1.5", "column 34: expected an upper bound at least 2, found '1.5'"),
    ])
    func errorsNameTheField(_ text: String, _ message: String) {
        #expect(failure(text)?.description == message)
    }

    @Test func unknownConditionsListThePredictionFields() throws {
        let error = try #require(failure("churn = high"))
        #expect(error.problem == "unknown condition 'churn'")
        #expect(error.expected.contains("tag, churn_risk, clv, p_alive, expected_purchases, sleep_warning"))
    }

    @Test func explainSaysEachConditionInChinese() throws {
        let context = context(predictions: predictions())
        let query = try AudienceQuery(parsing: "churn_risk = high and clv > 500")
        #expect(context.explain(query) == [
            AudienceExplanation(depth: 0, description: "and — 且：同时满足以下 2 项", count: 1, notes: []),
            AudienceExplanation(depth: 1, description: "churn_risk = high — 流失风险是 高", count: 2, notes: []),
            AudienceExplanation(depth: 1, description: "clv > 500 — 预测客户价值CLV（元） > 500", count: 2, notes: []),
        ])
        let wording = [
            ("churn_risk in (medium, high)", "churn_risk in (medium, high) — 流失风险是 中、高 之一"),
            ("churn_risk != low", "churn_risk != low — 已评分且流失风险不是 低"),
            ("churn_risk not in (low, medium)", "churn_risk not in (low, medium) — 已评分且流失风险不是 低、中 之一"),
            ("p_alive < 0.3", "p_alive < 30% — 存活概率 < 30%"),
            ("expected_purchases >= 1", "expected_purchases >= 1 — 预计购买次数 ≥ 1"),
            ("clv between 100 and 200.5", "clv between 100 and 200.5 — 预测客户价值CLV（元） 在 100 至 200.5 之间"),
        ]
        for (text, description) in wording {
            #expect(context.explain(try AudienceQuery(parsing: text)).first?.description == description)
        }
    }
}
