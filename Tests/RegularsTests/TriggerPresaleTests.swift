import Testing
@testable import Regulars

private typealias F = TriggerFixtures

@Suite("Trigger: presale balance due")
struct TriggerPresaleTests {
    /// Balance due 2026-11-10 20:00 Shanghai; the reminder 24 hours before.
    let trigger = Trigger.presaleBalanceDue(
        deadline: LocalDateTime(date: CivilDate(year: 2026, month: 11, day: 10), time: ClockTime(hour: 20, minute: 0, second: 0)),
        hoursBefore: 24)
    let deadline = F.local(2026, 11, 10, 20)
    let reminder = F.local(2026, 11, 9, 20)

    func presale(_ id: String, _ at: Instant, _ status: OrderStatus = .pending,
                 deposit: Money? = Money(yuan: 50)) -> TriggerFacts.PaidOrder {
        F.order(id, at, status, items: [F.item("LIP-01", "口红")], deposit: deposit, balance: Money(yuan: 150))
    }

    @Test func earlyDepositFiresAtDeadlineMinusHoursExactly() {
        let facts = F.facts(orders: [presale("P1", F.local(2026, 10, 25, 21))])
        let found = F.fire(trigger, facts, after: reminder - 1, through: reminder)
        #expect(found == [TriggerOccurrence(key: "presale:P1", at: reminder, variables: [
            "order": "P1", "product": "口红", "deadline": "11月10日 20:00", "balance": "¥150.00",
        ])])
        #expect(reminder == F.utc(2026, 11, 9, 12))
        #expect(F.keys(trigger, facts, after: reminder, through: deadline + F.day).isEmpty)
    }

    @Test func lateDepositFiresAtTheDepositWhileBeforeTheDeadline() {
        let lateDeposit = F.local(2026, 11, 10, 10)
        let facts = F.facts(orders: [presale("P1", lateDeposit)])
        #expect(F.fire(trigger, facts, after: reminder, through: deadline).map(\.at) == [lateDeposit])
        let lastSecond = F.facts(orders: [presale("P2", deadline - 1)])
        #expect(F.fire(trigger, lastSecond, after: reminder, through: deadline).map(\.at) == [deadline - 1])
    }

    @Test func neverAtOrAfterTheDeadline() {
        let atDeadline = F.facts(orders: [presale("P1", deadline)])
        #expect(F.keys(trigger, atDeadline, after: reminder - F.day, through: deadline + F.day).isEmpty)
        let after = F.facts(orders: [presale("P1", deadline + F.hour)])
        #expect(F.keys(trigger, after, after: reminder - F.day, through: deadline + F.day).isEmpty)
    }

    @Test func onlyUnpaidOrdersWithADeposit() {
        let early = F.local(2026, 10, 25)
        let facts = F.facts(orders: [
            presale("paid", early, .paid), presale("zero", early, deposit: .zero), presale("none", early, deposit: nil),
            presale("cancelled", early, .cancelled), presale("due", early),
        ])
        #expect(F.keys(trigger, facts, after: early, through: deadline) == ["presale:due"])
    }

    @Test func deadlineIsTheShopsLocalTime() {
        let la = TriggerFixtures.losAngeles
        let facts = F.facts(orders: [presale("P1", F.utc(2026, 10, 1))])
        // 2026-11-10 20:00 in Los Angeles (PST, UTC−8) is 2026-11-11 04:00 UTC; 24 hours before is 11-10 04:00 UTC.
        let found = F.fire(trigger, facts, after: F.utc(2026, 11, 1), through: F.utc(2026, 11, 30), calendar: la)
        #expect(found.map(\.at) == [F.utc(2026, 11, 10, 4)])
        #expect(found.first?.variables["deadline"] == "11月10日 20:00")
    }

    @Test func deadlineTextHasTwoDigitParts() {
        let early = Trigger.presaleBalanceDue(
            deadline: LocalDateTime(date: CivilDate(year: 2026, month: 5, day: 1), time: ClockTime(hour: 9, minute: 5, second: 0)),
            hoursBefore: 2)
        let facts = F.facts(orders: [presale("P1", F.local(2026, 4, 20))])
        let found = F.fire(early, facts, after: F.local(2026, 4, 21), through: F.local(2026, 5, 2))
        #expect(found.map(\.at) == [F.local(2026, 5, 1, 7, 5)])
        #expect(found.first?.variables["deadline"] == "05月01日 09:05")
    }
}
