import Foundation

/// The journey step machine: what a step does for one customer at a moment. Pure; the caller keeps the enrolment's
/// state, checks the goal before every step, and carries the plan out.
public enum JourneyRunner {
    /// What the step at `index` does at `now`; `matches` answers an audience-language condition for this customer.
    /// An index past the last step finishes the journey as completed.
    public static func plan(_ journey: JourneyDefinition, step index: Int, now: Instant, calendar: ShopCalendar,
                            matches: (String) -> Bool) -> PlannedStep {
        guard index >= 0 else { return .finish(.missingStep) }
        guard index < journey.steps.count else { return .finish(.completed) }
        let next = index + 1
        switch journey.steps[index].action {
        case let .wait(spec):
            return .wait(until: waitEnd(spec, from: now, calendar: calendar), next: next)
        case let .branch(condition, then, otherwise):
            guard let target = matches(condition) ? then : otherwise else { return .jump(next: next) }
            guard let destination = journey.index(of: target) else { return .finish(.missingStep) }
            return .jump(next: destination)
        case let .send(spec):
            return .send(spec, next: next)
        case let .issueCoupon(templateID):
            return .issueCoupon(templateID: templateID, next: next)
        case let .addTag(tag):
            return .addTag(tag, next: next)
        case let .removeTag(tag):
            return .removeTag(tag, next: next)
        case let .task(title, dueInSeconds):
            return .task(title: title, due: now + dueInSeconds, next: next)
        case .exit:
            return .finish(.exitStep)
        }
    }

    /// When a wait that starts at `start` ends.
    ///
    /// Without `until`, after `seconds` of elapsed time. With `until`, the duration is counted on the shop's clock
    /// (so `{days: 1, until: "10:00"}` begun at 10:00 ends at 10:00 the next day even across a DST change), and the
    /// wait ends the first time the clock then shows `until`. `until` alone never ends at once: begun in the very
    /// minute it names (20:00 at 20:00:00 or 20:00:40), it waits for the next day's. A time the clock skips (02:30 on
    /// the night clocks go forward an hour) is taken as the same time after the jump (03:30); a time it shows twice
    /// (clocks going back), the first time that is late enough.
    public static func waitEnd(_ wait: WaitSpec, from start: Instant, calendar: ShopCalendar) -> Instant {
        guard let until = wait.until else { return start + wait.seconds }
        let clock = LocalClock(timeZone: calendar.timeZone)
        let startLocal = calendar.localSeconds(start)
        let earliest: Instant
        if wait.seconds > 0 {
            earliest = clock.instants(showing: startLocal + wait.seconds).first { $0 > start } ?? start + wait.seconds
        } else {
            earliest = start
        }
        let strict = wait.seconds <= 0
        let target = Int64(until.hour * 3600 + until.minute * 60 + until.second)
        let firstDay = LocalClock.day(of: calendar.localSeconds(earliest)) - 1
        for day in firstDay ... firstDay + 3 {
            for candidate in clock.instants(showing: day * 86_400 + target)
            where strict ? candidate > earliest : candidate >= earliest {
                return candidate
            }
        }
        return earliest + 86_400 // unreachable: every day shows every time, or jumps past it
    }
}

/// Which instants a zone's clock shows a given local time at (seconds since 1970-01-01 00:00 local).
struct LocalClock {
    let timeZone: TimeZone

    static func day(of localSeconds: Int64) -> Int64 {
        localSeconds >= 0 ? localSeconds / 86_400 : (localSeconds - 86_399) / 86_400
    }

    /// The instants, earliest first, at which the clock shows `local`: one, or two when clocks go back over it; when
    /// they go forward over it, the instant it would be had they not (02:30 in a 02:00→03:00 jump is 03:30).
    func instants(showing local: Int64) -> [Instant] {
        // Offsets a day either side cover every instant within ±14 h of `local` (one transition at most in between).
        let offsets = Set([local - 86_400, local, local + 86_400].map(offset))
        let valid = offsets.map { local - $0 }.filter { offset($0) == local - $0 }.sorted()
        if !valid.isEmpty { return valid.map(Instant.init(secondsSinceEpoch:)) }
        // In a gap: counted with the offset before the jump, it lands as far past the jump as it was into the gap.
        return [Instant(secondsSinceEpoch: local - (offsets.min() ?? 0))]
    }

    private func offset(_ utcSeconds: Int64) -> Int64 {
        Int64(timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(utcSeconds))))
    }
}
