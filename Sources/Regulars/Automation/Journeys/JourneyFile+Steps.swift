/// The `steps:` of a journey file, each one action, and the checks across steps (unique ids, branch targets,
/// no loop without a wait).
extension JourneyFile {
    /// The keys that name a step's action; a step has exactly one.
    static let actionKeys = ["send", "wait", "if", "coupon", "tag", "task", "exit"]

    /// Where a step's parts were written, to point at them when a check across steps fails.
    private struct StepPlaces {
        let whole: JourneyYAMLValue
        var id: JourneyYAMLValue?
        var then: JourneyYAMLValue?
        var otherwise: JourneyYAMLValue?
    }

    static func steps(_ value: JourneyYAMLValue) throws(JourneyFileError) -> [JourneyStep] {
        let items = try value.list("a list of steps")
        guard !items.isEmpty else { throw value.failure("a journey needs at least one step") }
        var steps: [JourneyStep] = []
        var places: [StepPlaces] = []
        for (index, item) in items.enumerated() {
            let (step, place) = try step(item, index: index)
            steps.append(step)
            places.append(place)
        }
        var indexOf: [String: Int] = [:]
        for (index, step) in steps.enumerated() {
            if let first = indexOf[step.id] {
                throw (places[index].id ?? places[index].whole).failure("step id '\(step.id)' is already used by steps[\(first)]")
            }
            indexOf[step.id] = index
        }
        for (index, step) in steps.enumerated() {
            guard case let .branch(_, then, otherwise) = step.action else { continue }
            for (target, place) in [(then, places[index].then), (otherwise, places[index].otherwise)] {
                guard let target, let place else { continue }
                guard let destination = indexOf[target] else {
                    throw place.failure("no step has the id '\(target)' (steps: \(steps.map(\.id).joined(separator: ", ")))")
                }
                if destination <= index, reachesWithoutWaiting(steps, from: destination, to: index, indexOf: indexOf) {
                    throw place.failure("going back to '\(target)' makes a loop without a wait, which would never end; "
                        + "put a wait step in the loop")
                }
            }
        }
        return steps
    }

    /// Whether step `to` can follow step `from` without passing a wait: a loop closed by a jump back from `to` to
    /// `from` would then run forever in one moment.
    private static func reachesWithoutWaiting(_ steps: [JourneyStep], from: Int, to: Int, indexOf: [String: Int]) -> Bool {
        var seen: Set<Int> = []
        var pending = [from]
        while let index = pending.popLast() {
            guard index < steps.count, seen.insert(index).inserted else { continue }
            switch steps[index].action {
            case .wait, .exit:
                continue
            case let .branch(_, then, otherwise):
                guard index != to else { return true }
                pending.append(indexOf[then] ?? steps.count)
                pending.append(otherwise.flatMap { indexOf[$0] } ?? index + 1)
            default:
                guard index != to else { return true }
                pending.append(index + 1)
            }
        }
        return false
    }

    private static func step(_ value: JourneyYAMLValue, index: Int) throws(JourneyFileError) -> (JourneyStep, StepPlaces) {
        let defaultID = "step-\(index + 1)"
        var place = StepPlaces(whole: value)
        if case .scalar = value.node {
            let word = try value.text("a step")
            guard word == "exit" else {
                throw value.failure("expected a step such as {wait: 2d} or the word exit, found '\(word)'")
            }
            return (JourneyStep(id: defaultID, action: .exit), place)
        }
        var object = try value.object("a step such as {wait: 2d} or the word exit")
        let actions = object.keys.filter(actionKeys.contains)
        guard let action = actions.first else {
            throw value.failure("a step needs one of \(actionKeys.joined(separator: ", ")) (found: \(object.keys.joined(separator: ", ")))")
        }
        guard actions.count == 1 else {
            throw object.keyFailure(actions[1], "a step does one thing: '\(actions[0])' and '\(actions[1])' go in separate steps")
        }
        place.id = object.take("id")
        let id = try place.id.map(stepID) ?? defaultID
        let parsed: JourneyAction
        switch action {
        case "send":
            parsed = .send(try send(try object.require("send", "a message such as {channels: [sms], body: \"…\"}")))
        case "wait":
            parsed = .wait(try wait(try object.require("wait", "a duration such as 2d, or {until: \"10:00\"}")))
        case "if":
            let condition = try audience(try object.require("if", "an audience-language condition"))
            place.then = try object.require("then", "the id of the step to go to when the condition holds")
            place.otherwise = object.take("else")
            parsed = .branch(condition: condition, then: try place.then!.text("a step id"),
                             otherwise: try place.otherwise?.text("a step id"))
        case "coupon":
            parsed = .issueCoupon(templateID: try object.require("coupon", "a coupon template id").text("a coupon template id"))
        case "tag":
            parsed = try tagChange(try object.require("tag", "{add: …} or {remove: …}"))
        case "task":
            parsed = try task(try object.require("task", "{title: …, due: 3d}"))
        default:
            if let flag = object.take("exit"), !(try flag.boolean()) {
                throw flag.failure("an exit step is written exit (or exit: true); remove the step instead of exit: false")
            }
            parsed = .exit
        }
        try object.finish()
        return (JourneyStep(id: id, action: parsed), place)
    }

    /// A step id: up to 64 characters without spaces (`survey`, `guide-sensitive`, `问卷`).
    private static func stepID(_ value: JourneyYAMLValue) throws(JourneyFileError) -> String {
        let id = try value.text("a step id")
        guard id.count <= 64, !id.contains(where: { $0.isWhitespace }) else {
            throw value.failure("a step id is up to 64 characters without spaces, found '\(id)'")
        }
        return id
    }

    /// `2d`, or `{days: 1, hours: 2, minutes: 30, seconds: 0, until: "10:00"}` with any of the parts.
    private static func wait(_ value: JourneyYAMLValue) throws(JourneyFileError) -> WaitSpec {
        if case .scalar = value.node { return WaitSpec(seconds: try duration(value)) }
        var object = try value.object("a duration such as 2d, or {days: 1, until: \"10:00\"}")
        var seconds: Int64 = 0
        for (key, size) in [("days", Int64(86_400)), ("hours", 3600), ("minutes", 60), ("seconds", 1)] {
            seconds += Int64(try object.take(key)?.integer(in: 0 ... 100_000, key) ?? 0) * size
        }
        let until = try object.take("until").map(clockTime)
        try object.finish()
        guard seconds > 0 || until != nil else {
            throw value.failure("a wait needs a duration longer than 0 or an until time, such as {until: \"10:00\"}")
        }
        return WaitSpec(seconds: seconds, until: until)
    }

    /// `"10:00"`: hours and minutes on the shop's clock.
    static func clockTime(_ value: JourneyYAMLValue) throws(JourneyFileError) -> ClockTime {
        let written = try value.text("a time such as \"10:00\"")
        guard let time = JourneyFileScalars.clockTime(written) else {
            throw value.failure("expected a time such as \"10:00\" (HH:mm), found '\(written)'")
        }
        return time
    }

    /// `{add: 新客培养中}` or `{remove: 新客培养中}`.
    private static func tagChange(_ value: JourneyYAMLValue) throws(JourneyFileError) -> JourneyAction {
        var object = try value.object("{add: …} or {remove: …}")
        let add = object.take("add"), remove = object.take("remove")
        try object.finish()
        guard (add == nil) != (remove == nil), let given = add ?? remove else {
            throw value.failure("expected one of {add: …} or {remove: …}")
        }
        let tag = try given.text("a tag")
        if let problem = TagName.problem(with: tag) { throw given.failure(problem) }
        return add != nil ? .addTag(tag) : .removeTag(tag)
    }

    /// `{title: 三天回访, due: 3d}`.
    private static func task(_ value: JourneyYAMLValue) throws(JourneyFileError) -> JourneyAction {
        var object = try value.object("{title: …, due: 3d}")
        let title = try object.require("title", "what the staff should do").text("a task title")
        let due = try duration(try object.require("due", "how long after the step the task is due, such as 3d"))
        try object.finish()
        return .task(title: title, dueInSeconds: due)
    }
}
