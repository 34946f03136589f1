/// Writes a journey in the format `JourneyFile` documents: every setting spelled out, steps in their shortest form.
enum JourneyFileRenderer {
    private typealias Entry = (key: String, value: Value)

    private enum Value {
        case inline(String)
        case block([String])
    }

    static func render(_ journey: JourneyDefinition) -> String {
        var lines = [
            "id: " + text(journey.id),
            "name: " + text(journey.name),
            "trigger: " + JourneyFile.render(journey.trigger),
        ]
        if let audience = journey.audience { lines.append("audience: " + text(audience)) }
        switch journey.goal {
        case nil: break
        case .order?: lines.append("goal: order")
        case let .audience(query)?: lines.append("goal: {audience: " + text(query) + "}")
        }
        switch journey.reentry {
        case .never: lines.append("reentry: never")
        case .always: lines.append("reentry: always")
        case let .after(seconds): lines.append("reentry: {after: " + JourneyFileScalars.duration(seconds: seconds) + "}")
        }
        lines.append("holdout: \(journey.holdoutPercent)%")
        lines.append("attribution_days: \(journey.attributionDays)")
        lines.append("steps:")
        for (index, step) in journey.steps.enumerated() {
            lines += self.step(step, index: index).map { "  " + $0 }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func text(_ value: String) -> String { JourneyYAMLWriter.scalar(value) }

    /// The step as a list item: `- wait: 2d`, or `- id: survey` followed by its action.
    private static func step(_ step: JourneyStep, index: Int) -> [String] {
        let named = step.id != "step-\(index + 1)"
        if step.action == .exit, !named { return ["- exit"] }
        var entries: [Entry] = named ? [("id", .inline(text(step.id)))] : []
        switch step.action {
        case let .wait(spec):
            entries.append(("wait", .inline(wait(spec))))
        case let .branch(condition, then, otherwise):
            entries.append(("if", .inline(text(condition))))
            entries.append(("then", .inline(text(then))))
            if let otherwise { entries.append(("else", .inline(text(otherwise)))) }
        case let .send(spec):
            entries.append(("send", .block(send(spec))))
        case let .issueCoupon(templateID):
            entries.append(("coupon", .inline(text(templateID))))
        case let .addTag(tag):
            entries.append(("tag", .inline("{add: " + text(tag) + "}")))
        case let .removeTag(tag):
            entries.append(("tag", .inline("{remove: " + text(tag) + "}")))
        case let .task(title, dueInSeconds):
            entries.append(("task", .inline("{title: " + text(title) + ", due: " + JourneyFileScalars.duration(seconds: dueInSeconds) + "}")))
        case .exit:
            entries.append(("exit", .inline("true")))
        }
        var lines: [String] = []
        for (position, entry) in entries.enumerated() {
            let lead = position == 0 ? "- " : "  "
            switch entry.value {
            case let .inline(value): lines.append(lead + entry.key + ": " + value)
            case let .block(block): lines.append(lead + entry.key + ":"); lines += block.map { "    " + $0 }
            }
        }
        return lines
    }

    /// `2d`, or `{days: 1, until: "10:00"}` with the duration in whole days, hours, minutes and seconds.
    private static func wait(_ spec: WaitSpec) -> String {
        guard let until = spec.until else { return JourneyFileScalars.duration(seconds: spec.seconds) }
        var parts: [String] = []
        var rest = spec.seconds
        for (key, size) in [("days", Int64(86_400)), ("hours", 3600), ("minutes", 60), ("seconds", 1)] where rest / size != 0 {
            parts.append("\(key): \(rest / size)")
            rest %= size
        }
        parts.append("until: " + text(JourneyFileScalars.clockTime(until)))
        return "{" + parts.joined(separator: ", ") + "}"
    }

    private static func send(_ spec: SendSpec) -> [String] {
        var lines = ["channels: [" + spec.channels.map(\.rawValue).joined(separator: ", ") + "]"]
        if !spec.marketing { lines.append("marketing: false") }
        if let link = spec.link { lines.append("link: " + text(link)) }
        if spec.variants.count == 1, let only = spec.variants.first, only.name == "A", only.weight == 1 {
            if let subject = only.subject { lines.append("subject: " + JourneyYAMLWriter.quoted(subject)) }
            lines.append("body: " + JourneyYAMLWriter.quoted(only.body))
            return lines
        }
        lines.append("variants:")
        for variant in spec.variants {
            var fields = ["name: " + text(variant.name), "weight: \(variant.weight)"]
            if let subject = variant.subject { fields.append("subject: " + JourneyYAMLWriter.quoted(subject)) }
            fields.append("body: " + JourneyYAMLWriter.quoted(variant.body))
            lines.append("  - {" + fields.joined(separator: ", ") + "}")
        }
        return lines
    }
}
