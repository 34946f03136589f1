import Mustache
import Yams

/// Reads and writes journey files: YAML a person can write by hand. `parse` checks everything it can without the
/// shop's data and says where a mistake is; `render` writes a file `parse` reads back to the same journey.
///
/// ```yaml
/// id: new-customer-7-day                 # a slug: a-z, 0-9 and '-', at most 64 characters
/// name: 新客7天培养
/// trigger: {type: first_order}           # the trigger and its settings (each has a default), see below
/// audience: "lifecycle = new"            # optional: only customers in this audience enter
/// goal: order                            # optional: order, or {audience: "…"}; reaching it ends the journey
/// reentry: never                         # never | always | {after: 30d}           (default never)
/// holdout: 10%                           # 0% to 50% enter but are never messaged  (default 10%)
/// attribution_days: 7                    # 1 to 90                                 (default 7)
/// steps:
///   - id: survey                         # optional; a step without one is step-N (N counted from 1)
///     send:
///       channels: [wechat_work, sms]     # tried in order, one touch per step (sms, email, wechat_work, push)
///       marketing: true                  # default true; false for service messages (shipping, balance due)
///       link: "https://shop.example/x"   # optional: where {{short_link}} leads
///       variants:                        # A/B: chosen by weight, stably per customer
///         - {name: A, weight: 50, body: "{{name}}您好，…"}
///         - {name: B, weight: 50, subject: "…", body: "…"}
///       # or simply  subject: "…"  and  body: "…"  (one variant named A)
///   - wait: 2d                           # 30m, 12h, 2d, 1w; or {days: 1, until: "10:00"}; or {until: "20:00"}
///   - if: "tag = 敏感肌"                   # an audience-language condition
///     then: guide-sensitive              # the step to go to when it holds
///     else: guide                        # optional; otherwise the next step
///   - {id: guide, send: {channels: [sms], body: "…"}}
///   - {if: "tag != 敏感肌", then: coupon}  # steps run on in order after a jump: skip the other arm
///   - {id: guide-sensitive, send: {channels: [sms], body: "…"}}
///   - id: coupon
///     coupon: second-order-10            # issue a coupon of this template; later messages show {{coupon_code}}
///   - tag: {add: 新客培养中}               # or {remove: …}
///   - task: {title: 三天回访, due: 3d}     # a follow-up task for service staff
///   - exit                               # or {id: stop, exit: true}
/// ```
///
/// Triggers (`trigger: first_order` is short for `{type: first_order}`): `order_paid`, `first_order`, `shipped`,
/// `delivered`, `cart_expired`, `{type: cart_abandoned, hours: 24}`,
/// `{type: product_viewed, minutes: 5, times: 3, within_hours: 24}`,
/// `{type: presale_balance_due, deadline: "2026-11-11 20:00", hours_before: 24}`, `{type: level_changed, to: champion}`
/// (`to` optional), `{type: audience_entered, audience: "…"}`, `{type: audience_left, audience: "…"}`,
/// `{type: birthday, days_before: 3}`, `{type: no_second_order, days: 7}`,
/// `{type: repurchase, days: 30, cycles: {面霜: 45}}` (`cycles` optional: a category or SKU and its own cycle),
/// `{type: silent, days: 30}`. The numbers shown are the defaults.
///
/// Waits count elapsed time; with `until` they end at the first time the shop's clock shows `until` once the
/// duration has passed on that clock (see `JourneyRunner.waitEnd`). A wait may also be written
/// `{days: 1, hours: 2, minutes: 30, seconds: 0, until: "10:00"}` with any of the parts.
///
/// Message subjects and bodies are Mustache: `{{name}}`, `{{last_product}}`, `{{tier}}`, `{{coupon_code}}`,
/// `{{short_link}}`, `{{shop}}`, and the trigger's `{{product}}`, `{{order}}`, `{{deadline}}`. Quote them, since YAML
/// reads a bare `{` as the start of a mapping. Unknown keys are errors, so a typo never passes silently; a jump back
/// that would loop without a wait is an error too. Error paths count steps and variants from 0 (`steps[0]` is the
/// first step, whose default id is `step-1`).
public enum JourneyFile {
    /// Reads a journey file, or says at which line, column and field it is wrong and why.
    public static func parse(_ yaml: String) throws(JourneyFileError) -> JourneyDefinition {
        let root: Node
        do {
            guard let node = try Yams.compose(yaml: yaml) else {
                throw JourneyFileError(line: 1, column: 1, path: "", message: "the file is empty; expected a journey (id, name, trigger, steps)")
            }
            root = node
        } catch let error as JourneyFileError {
            throw error
        } catch {
            throw yamlFailure(error)
        }
        return try journey(JourneyYAMLValue(node: root, path: ""))
    }

    /// Writes the journey as a file that `parse` reads back to an equal definition (for any journey `parse` accepts).
    public static func render(_ journey: JourneyDefinition) -> String {
        JourneyFileRenderer.render(journey)
    }

    private static func journey(_ value: JourneyYAMLValue) throws(JourneyFileError) -> JourneyDefinition {
        var object = try value.object("a journey: a mapping with id, name, trigger and steps")
        let idValue = try object.require("id", "a slug such as new-customer-7-day")
        let id = try idValue.text("a slug such as new-customer-7-day")
        guard isSlug(id) else {
            throw idValue.failure("'\(id)' is not a slug: use 1 to 64 of a-z, 0-9 and '-', such as new-customer-7-day")
        }
        let name = try object.require("name", "the name operators see").text("a name")
        let trigger = try trigger(try object.require("trigger", "a trigger such as first_order"))
        let audience = try object.take("audience").map(audience)
        let goal = try object.take("goal").map(goal)
        let reentry = try object.take("reentry").map(reentry) ?? .never
        let holdout = try object.take("holdout").map(holdout) ?? 10
        let attributionDays = try object.take("attribution_days")?.integer(in: 1 ... 90, "attribution_days") ?? 7
        let steps = try steps(try object.require("steps", "a list of steps"))
        try object.finish()
        return JourneyDefinition(id: id, name: name, trigger: trigger, audience: audience, steps: steps, goal: goal,
                                 reentry: reentry, holdoutPercent: holdout, attributionDays: attributionDays)
    }

    /// `[a-z0-9-]{1,64}`
    static func isSlug(_ text: String) -> Bool {
        (1 ... 64).contains(text.unicodeScalars.count)
            && text.unicodeScalars.allSatisfy { ("a" ... "z").contains($0) || ("0" ... "9").contains($0) || $0 == "-" }
    }

    /// `order` or `{audience: "…"}`.
    private static func goal(_ value: JourneyYAMLValue) throws(JourneyFileError) -> JourneyGoal {
        if case .scalar = value.node {
            let word = try value.text("order or {audience: \"…\"}")
            guard word == "order" else { throw value.failure("expected order or {audience: \"…\"}, found '\(word)'") }
            return .order
        }
        var object = try value.object("order or {audience: \"…\"}")
        let query = try audience(try object.require("audience", "an audience query"))
        try object.finish()
        return .audience(query)
    }

    /// `never`, `always` or `{after: 30d}`.
    private static func reentry(_ value: JourneyYAMLValue) throws(JourneyFileError) -> Reentry {
        if case .scalar = value.node {
            switch try value.text("never, always or {after: 30d}") {
            case "never": return .never
            case "always": return .always
            case let word: throw value.failure("expected never, always or {after: 30d}, found '\(word)'")
            }
        }
        var object = try value.object("never, always or {after: 30d}")
        let seconds = try duration(try object.require("after", "a duration such as 30d"))
        try object.finish()
        return .after(seconds: seconds)
    }

    /// `10%` or `10`, from 0 to 50.
    private static func holdout(_ value: JourneyYAMLValue) throws(JourneyFileError) -> Int {
        let written = try value.text("a share such as 10%")
        let digits = written.hasSuffix("%") ? String(written.dropLast()) : written
        guard let percent = Int(digits), digits.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            throw value.failure("expected a share such as 10%, found '\(written)'")
        }
        guard (0 ... 50).contains(percent) else { throw value.failure("holdout must be from 0% to 50%, found \(percent)%") }
        return percent
    }

    /// A positive duration: `30m`, `12h`, `2d`, `1w`, `45s`.
    static func duration(_ value: JourneyYAMLValue) throws(JourneyFileError) -> Int64 {
        let written = try value.text("a duration such as 30m, 12h or 2d")
        guard let seconds = JourneyFileScalars.duration(written) else {
            throw value.failure("expected a duration such as 30m, 12h or 2d, found '\(written)'")
        }
        guard seconds > 0 else { throw value.failure("the duration must be longer than 0, found '\(written)'") }
        return seconds
    }

    /// An audience-language query, kept as written once it is known to parse.
    static func audience(_ value: JourneyYAMLValue) throws(JourneyFileError) -> String {
        let text = try value.text("an audience query such as \"lifecycle = new\"")
        do {
            _ = try AudienceQuery(parsing: text)
        } catch {
            throw value.failure("not an audience query: \(error.description)")
        }
        return text
    }

    /// A Mustache template, kept as written once it compiles.
    static func template(_ value: JourneyYAMLValue, _ what: String) throws(JourneyFileError) -> String {
        let text = try value.message(what)
        guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { throw value.failure("\(what) is empty") }
        do {
            _ = try MustacheTemplate(string: text)
        } catch let error as MustacheTemplate.ParserError {
            throw value.failure("\(what) does not compile (its line \(error.context.lineNumber), column "
                + "\(error.context.columnNumber)): \(mustacheProblem(error.error))")
        } catch {
            throw value.failure("\(what) does not compile: \(error)")
        }
        return text
    }

    private static func mustacheProblem(_ error: any Error) -> String {
        switch error as? MustacheTemplate.Error {
        case .sectionCloseNameIncorrect?: return "a section is closed under another name than it was opened with"
        case .unfinishedName?: return "a tag is not closed with }}"
        case .expectedSectionEnd?: return "a section is opened but not closed"
        case .invalidSetDelimiter?: return "a delimiter change is badly written"
        default: return "\(error)"
        }
    }

    private static func yamlFailure(_ error: any Error) -> JourneyFileError {
        func failure(_ mark: Mark, _ problem: String, _ context: YamlError.Context?) -> JourneyFileError {
            let around = context.map { " (\($0.text))" } ?? ""
            return JourneyFileError(line: mark.line, column: mark.column, path: "", message: "not valid YAML: \(problem)\(around)")
        }
        switch error as? YamlError {
        case let .scanner(context, problem, mark, _)?: return failure(mark, problem, context)
        case let .parser(context, problem, mark, _)?: return failure(mark, problem, context)
        case let .composer(context, problem, mark, _)?: return failure(mark, problem, context)
        case let .duplicatedKeysInMapping(duplicates, context)?:
            return JourneyFileError(line: context.mark.line, column: context.mark.column, path: "",
                                    message: "duplicate key '\(duplicates.joined(separator: "', '"))'")
        case let .reader(problem, _, _, _)?:
            return JourneyFileError(line: 1, column: 1, path: "", message: "not readable text: \(problem)")
        default:
            return JourneyFileError(line: 1, column: 1, path: "", message: "not valid YAML: \(error)")
        }
    }
}
