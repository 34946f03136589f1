import Testing
@testable import Regulars

private typealias F = TriggerFixtures

@Suite("Trigger: birthday")
struct TriggerBirthdayTests {
    func born(_ month: Int, _ day: Int) -> TriggerFacts {
        F.facts(birthday: CivilDate(year: 1990, month: month, day: day))
    }

    @Test func threeDaysBeforeAtLocalMidnightAtTheWindowsEdges() {
        let facts = born(5, 20)
        let moment = F.local(2026, 5, 17)
        #expect(moment == F.utc(2026, 5, 16, 16))
        let found = F.fire(.birthday(daysBefore: 3), facts, after: moment - 1, through: moment)
        #expect(found == [TriggerOccurrence(key: "birthday:2026", at: moment, variables: ["birthday": "05月20日"])])
        #expect(F.keys(.birthday(daysBefore: 3), facts, after: moment, through: moment + F.day).isEmpty)
    }

    @Test func leapDayBirthdayIsOnTheTwentyEighthInOtherYears() {
        let facts = born(2, 29)
        let year = (after: F.local(2027, 1, 1), through: F.local(2027, 12, 31))
        let common = F.fire(.birthday(daysBefore: 0), facts, after: year.after, through: year.through)
        #expect(common == [TriggerOccurrence(key: "birthday:2027", at: F.local(2027, 2, 28),
                                             variables: ["birthday": "02月28日"])])
        let leap = F.fire(.birthday(daysBefore: 0), facts, after: F.local(2028, 1, 1), through: F.local(2028, 12, 31))
        #expect(leap == [TriggerOccurrence(key: "birthday:2028", at: F.local(2028, 2, 29),
                                           variables: ["birthday": "02月29日"])])
        #expect(F.fire(.birthday(daysBefore: 3), facts, after: year.after, through: year.through).map(\.at)
            == [F.local(2027, 2, 25)])
        #expect(F.fire(.birthday(daysBefore: 3), facts, after: F.local(2028, 1, 1), through: F.local(2028, 12, 31))
            .map(\.at) == [F.local(2028, 2, 26)])
    }

    @Test func everyYearOfALongWindow() {
        let found = F.fire(.birthday(daysBefore: 0), born(2, 29), after: F.local(2024, 1, 1), through: F.local(2028, 12, 31))
        #expect(found.map(\.key) == ["birthday:2024", "birthday:2025", "birthday:2026", "birthday:2027", "birthday:2028"])
        #expect(found.map(\.at) == [F.local(2024, 2, 29), F.local(2025, 2, 28), F.local(2026, 2, 28),
                                    F.local(2027, 2, 28), F.local(2028, 2, 29)])
    }

    @Test func windowAcrossNewYearKeysTheBirthdaysYear() {
        let facts = born(1, 2)
        let found = F.fire(.birthday(daysBefore: 3), facts, after: F.local(2026, 12, 29, 12), through: F.local(2027, 1, 1))
        #expect(found == [TriggerOccurrence(key: "birthday:2027", at: F.local(2026, 12, 30),
                                            variables: ["birthday": "01月02日"])])
        // The window ending just before it has nothing, the one after has nothing until next year.
        #expect(F.keys(.birthday(daysBefore: 3), facts, after: F.local(2026, 12, 1), through: F.local(2026, 12, 30) - 1)
            .isEmpty)
        #expect(F.keys(.birthday(daysBefore: 3), facts, after: F.local(2026, 12, 30), through: F.local(2027, 12, 29))
            .isEmpty)
    }

    @Test func theShopsTimeZoneDecidesTheDay() {
        let facts = born(3, 5)
        // Midnight of 5 March is 16:00 UTC on 4 March in Shanghai and 08:00 UTC on 5 March in Los Angeles (PST).
        let shanghaiWindow = (after: F.utc(2026, 3, 4, 12), through: F.utc(2026, 3, 4, 20))
        #expect(F.fire(.birthday(daysBefore: 0), facts, after: shanghaiWindow.after, through: shanghaiWindow.through)
            .map(\.at) == [F.utc(2026, 3, 4, 16)])
        #expect(F.keys(.birthday(daysBefore: 0), facts, after: shanghaiWindow.after, through: shanghaiWindow.through,
                       calendar: F.losAngeles).isEmpty)
        let losAngelesWindow = (after: F.utc(2026, 3, 5), through: F.utc(2026, 3, 5, 8))
        #expect(F.fire(.birthday(daysBefore: 0), facts, after: losAngelesWindow.after, through: losAngelesWindow.through,
                       calendar: F.losAngeles).map(\.at) == [F.utc(2026, 3, 5, 8)])
        #expect(F.keys(.birthday(daysBefore: 0), facts, after: losAngelesWindow.after,
                       through: losAngelesWindow.through).isEmpty)
        // After the switch to summer time (8 March 2026) Los Angeles midnight is 07:00 UTC.
        #expect(F.fire(.birthday(daysBefore: 0), born(3, 10), after: F.utc(2026, 3, 9), through: F.utc(2026, 3, 11),
                       calendar: F.losAngeles).map(\.at) == [F.utc(2026, 3, 10, 7)])
    }

    @Test func daysAfterAndFarBefore() {
        #expect(F.fire(.birthday(daysBefore: -2), born(5, 20), after: F.local(2026, 1, 1), through: F.local(2026, 12, 31))
            .map(\.at) == [F.local(2026, 5, 22)])
        // 400 days before 20 May 2027 is 15 April 2026.
        let far = F.fire(.birthday(daysBefore: 400), born(5, 20), after: F.local(2026, 4, 1), through: F.local(2026, 4, 30))
        #expect(far.map(\.key) == ["birthday:2027"])
        #expect(far.map(\.at) == [F.local(2026, 4, 15)])
    }

    @Test func noOrImpossibleBirthdayNeverFires() {
        let window = (after: F.local(2026, 1, 1), through: F.local(2027, 1, 1))
        #expect(F.keys(.birthday(daysBefore: 3), F.facts(), after: window.after, through: window.through).isEmpty)
        #expect(F.keys(.birthday(daysBefore: 3), born(2, 30), after: window.after, through: window.through).isEmpty)
        #expect(F.keys(.birthday(daysBefore: 3), born(13, 1), after: window.after, through: window.through).isEmpty)
    }
}
