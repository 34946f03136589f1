import Testing
@testable import Regulars

private let t0 = Instant(secondsSinceEpoch: 1_700_000_000)
private let day: Int64 = 86_400

private func touch(_ id: Int64, customer: Int64, journey: String = "welcome", step: String = "s1", variant: String = "A",
                   at: Instant, delivered: Bool = true, opened: Bool = false, clicked: Bool = false) -> Touch {
    Touch(messageID: id, customerID: customer, journeyID: journey, stepID: step, channel: .sms, variant: variant, at: at,
          delivered: delivered, opened: opened, clicked: clicked)
}

private func order(_ id: String, customer: Int64, at: Instant, yuan: Int64) -> AttributableOrder {
    AttributableOrder(customerID: customer, externalID: id, at: at, amount: Money(yuan: yuan))
}

@Suite("Attribution: last touch")
struct AttributionLastTouchTests {
    private let touches = [
        touch(1, customer: 1, step: "s1", variant: "A", at: t0, opened: true, clicked: true),
        touch(2, customer: 1, step: "s2", variant: "B", at: t0 + 2 * day),
        touch(3, customer: 2, step: "s1", variant: "B", at: t0),
        touch(4, customer: 3, journey: "recall", at: t0, delivered: false),
        touch(5, customer: 5, journey: "birthday", at: t0),
        touch(6, customer: 5, journey: "recall", at: t0 + 10 * day),
    ]
    private let orders = [
        order("before", customer: 1, at: t0 - day, yuan: 50),        // no touch before it
        order("two-touches", customer: 1, at: t0 + 3 * day, yuan: 100),  // touches 1 and 2: the last (2) wins
        order("two-touches", customer: 1, at: t0 + 3 * day, yuan: 100),  // the same order twice counts once
        order("edge-in", customer: 2, at: t0 + 7 * day - 1, yuan: 20),
        order("edge-out", customer: 2, at: t0 + 7 * day, yuan: 30),    // exactly 7 days after: outside
        order("late", customer: 3, at: t0 + 4 * day, yuan: 70),        // recall's window is 3 days
        order("untouched", customer: 4, at: t0 + day, yuan: 90),
        order("fallback", customer: 5, at: t0 + 20 * day, yuan: 40),   // recall (10 d) has passed; birthday (30 d) has not
    ]
    private var report: AttributionReport {
        Attribution.report(touches: touches, entrants: [], orders: orders, windowDays: ["recall": 3, "birthday": 30])
    }

    @Test func eachOrderGoesToItsLastTouchInsideTheWindow() {
        let credited = Dictionary(uniqueKeysWithValues: report.attributions.map { ($0.orderExternalID, $0.messageID) })
        #expect(credited == ["two-touches": 2, "edge-in": 3, "fallback": 5])
        #expect(report.attributions.map(\.amount) == [Money(yuan: 100), Money(yuan: 20), Money(yuan: 40)])
    }

    @Test func stepsCountMessagesReceiptsAndConversions() {
        #expect(report.steps == [
            StepReport(journeyID: "birthday", stepID: "s1", variant: nil, sent: 1, delivered: 1, converted: 1, revenue: Money(yuan: 40)),
            StepReport(journeyID: "recall", stepID: "s1", variant: nil, sent: 2, delivered: 1),
            StepReport(journeyID: "welcome", stepID: "s1", variant: nil, sent: 2, delivered: 2, opened: 1, clicked: 1, converted: 1,
                       revenue: Money(yuan: 20)),
            StepReport(journeyID: "welcome", stepID: "s2", variant: nil, sent: 1, delivered: 1, converted: 1, revenue: Money(yuan: 100)),
        ])
    }

    @Test func variantsAreReportedApartForAB() {
        let welcome = report.variants.filter { $0.journeyID == "welcome" && $0.stepID == "s1" }
        #expect(welcome == [
            StepReport(journeyID: "welcome", stepID: "s1", variant: "A", sent: 1, delivered: 1, opened: 1, clicked: 1),
            StepReport(journeyID: "welcome", stepID: "s1", variant: "B", sent: 1, delivered: 1, converted: 1, revenue: Money(yuan: 20)),
        ])
    }

    @Test func aTouchWithSeveralOrdersConvertsOnceButEarnsAll() {
        let report = Attribution.report(touches: [touch(9, customer: 7, at: t0)], entrants: [],
                                        orders: [order("a", customer: 7, at: t0 + 60, yuan: 10), order("b", customer: 7, at: t0 + day, yuan: 15)],
                                        windowDays: [:])
        #expect(report.steps.first?.converted == 1)
        #expect(report.steps.first?.revenue == Money(yuan: 25))
    }

    @Test func equalTimesGoToTheLaterMessage() {
        let report = Attribution.report(touches: [touch(11, customer: 8, step: "x", at: t0), touch(10, customer: 8, step: "y", at: t0)],
                                        entrants: [], orders: [order("o", customer: 8, at: t0, yuan: 5)], windowDays: [:])
        #expect(report.attributions.map(\.messageID) == [11])
    }
}

@Suite("Attribution: holdout lift")
struct AttributionLiftTests {
    private let entrants = [
        Entrant(customerID: 1, journeyID: "welcome", enteredAt: t0, holdout: false),
        Entrant(customerID: 2, journeyID: "welcome", enteredAt: t0, holdout: false),
        Entrant(customerID: 6, journeyID: "welcome", enteredAt: t0, holdout: false),
        Entrant(customerID: 7, journeyID: "welcome", enteredAt: t0, holdout: true),
        Entrant(customerID: 8, journeyID: "welcome", enteredAt: t0, holdout: true),
        Entrant(customerID: 9, journeyID: "welcome", enteredAt: t0, holdout: true),
        Entrant(customerID: 1, journeyID: "solo", enteredAt: t0, holdout: false),
    ]
    private let orders = [
        order("before", customer: 1, at: t0 - day, yuan: 50),
        order("in", customer: 1, at: t0 + 3 * day, yuan: 100),
        order("edge-in", customer: 2, at: t0 + 7 * day - 1, yuan: 20),
        order("edge-out", customer: 2, at: t0 + 7 * day, yuan: 30),
        order("holdout-in", customer: 7, at: t0 + day, yuan: 80),
        order("holdout-before", customer: 9, at: t0 - 1, yuan: 60),
        order("holdout-after", customer: 9, at: t0 + 7 * day, yuan: 60),
    ]

    @Test func liftIsTreatedAgainstHoldout() throws {
        let report = Attribution.report(touches: [], entrants: entrants, orders: orders, windowDays: [:])
        let welcome = try #require(report.journeys.first { $0.journeyID == "welcome" })
        // Treated: 1 (100) and 2 (20) of 3 converted; holdout: 7 (80) of 3.
        #expect(welcome.treated == 3)
        #expect(welcome.treatedConverted == 2)
        #expect(welcome.treatedRevenue == Money(yuan: 120))
        #expect(welcome.holdout == 3)
        #expect(welcome.holdoutConverted == 1)
        #expect(welcome.holdoutRevenue == Money(yuan: 80))
        // 66.67% − 33.33% = 33.33 points; ×2 relative; 40.00 − 26.67 = 13.33 yuan a head.
        #expect(abs(try #require(welcome.conversionLift) - 100.0 / 3) < 1e-9)
        #expect(abs(try #require(welcome.relativeLift) - 1.0) < 1e-9)
        #expect(welcome.revenuePerCustomerLift == Money(fen: 1333))
    }

    @Test func withoutAHoldoutThereIsNoLift() throws {
        let report = Attribution.report(touches: [], entrants: entrants, orders: orders, windowDays: [:])
        #expect(report.journeys.map(\.journeyID) == ["solo", "welcome"])
        let solo = try #require(report.journeys.first)
        #expect(solo.treated == 1 && solo.treatedConverted == 1 && solo.holdout == 0)
        #expect(solo.conversionLift == nil && solo.relativeLift == nil && solo.revenuePerCustomerLift == nil)
    }

    @Test func aHoldoutThatNeverConvertedHasNoRelativeLift() {
        let lift = JourneyLift(journeyID: "j", treated: 4, treatedConverted: 1, treatedRevenue: Money(yuan: 10), holdout: 2,
                               holdoutConverted: 0, holdoutRevenue: .zero)
        #expect(lift.conversionLift == 25)
        #expect(lift.relativeLift == nil)
        #expect(lift.revenuePerCustomerLift == Money(fen: 250))
    }

    @Test func theJourneysWindowDecidesConversion() throws {
        let report = Attribution.report(touches: [], entrants: entrants, orders: orders, windowDays: ["welcome": 2])
        let welcome = try #require(report.journeys.first { $0.journeyID == "welcome" })
        #expect(welcome.treatedConverted == 0)
        #expect(welcome.holdoutConverted == 1)
        #expect(welcome.conversionLift.map { abs($0 + 100.0 / 3) < 1e-9 } == true)
    }
}
