import Testing
@testable import Regulars

@Suite("Journey files: errors")
struct JourneyFileErrorTests {
    private func failure(_ yaml: String) -> JourneyFileError? {
        do {
            _ = try JourneyFile.parse(yaml)
            return nil
        } catch {
            return error
        }
    }

    /// Four lines of header, then the steps from line 5.
    private func steps(_ steps: String, trigger: String = "first_order") -> String {
        "id: t\nname: 测试\ntrigger: \(trigger)\nsteps:\n" + steps + "\n"
    }

    @Test(arguments: [
        // Keys.
        ("id: t\nname: n\ntrigger: first_order\nstpes: [exit]\n", "line 4, column 1: unknown key 'stpes'; did you mean 'steps'?"),
        ("id: t\nname: n\ntrigger: first_order\nsteps: [exit]\ncolour: red\n",
         "line 5, column 1: unknown key 'colour' (known here: id, name, trigger, audience, goal, reentry, holdout, attribution_days, steps)"),
        ("id: t\nname: n\ntrigger: first_order\nsteps: [exit]\nholdot: 5%\n",
         "line 5, column 1: unknown key 'holdot'; did you mean 'holdout'? (known here: id, name, trigger, audience, goal, reentry, holdout, attribution_days, steps)"),
        ("name: n\ntrigger: first_order\nsteps: [exit]\n", "line 1, column 1: missing 'id' (a slug such as new-customer-7-day)"),
        ("id: t\nname:\ntrigger: first_order\nsteps: [exit]\n", "line 2, column 6: name: expected the name operators see, found nothing"),
        // The whole file.
        ("", "line 1, column 1: the file is empty; expected a journey (id, name, trigger, steps)"),
        ("- exit\n", "line 1, column 1: expected a journey: a mapping with id, name, trigger and steps, found a list"),
        // Top-level values.
        ("id: New Journey\nname: n\ntrigger: first_order\nsteps: [exit]\n",
         "line 1, column 5: id: 'New Journey' is not a slug: use 1 to 64 of a-z, 0-9 and '-', such as new-customer-7-day"),
        ("id: t\nname: n\ntrigger: first_order\nholdout: 60%\nsteps: [exit]\n",
         "line 4, column 10: holdout: holdout must be from 0% to 50%, found 60%"),
        ("id: t\nname: n\ntrigger: first_order\nholdout: lots\nsteps: [exit]\n",
         "line 4, column 10: holdout: expected a share such as 10%, found 'lots'"),
        ("id: t\nname: n\ntrigger: first_order\nattribution_days: 0\nsteps: [exit]\n",
         "line 4, column 19: attribution_days: attribution_days must be from 1 to 90, found 0"),
        ("id: t\nname: n\ntrigger: first_order\nattribution_days: 91\nsteps: [exit]\n",
         "line 4, column 19: attribution_days: attribution_days must be from 1 to 90, found 91"),
        ("id: t\nname: n\ntrigger: first_order\nreentry: sometimes\nsteps: [exit]\n",
         "line 4, column 10: reentry: expected never, always or {after: 30d}, found 'sometimes'"),
        ("id: t\nname: n\ntrigger: first_order\ngoal: revenue\nsteps: [exit]\n",
         "line 4, column 7: goal: expected order or {audience: \"…\"}, found 'revenue'"),
        ("id: t\nname: n\ntrigger: first_order\nsteps: []\n", "line 4, column 8: steps: a journey needs at least one step"),
        // Triggers.
        ("id: t\nname: n\ntrigger: fax_sent\nsteps: [exit]\n",
         "line 3, column 10: trigger: unknown trigger 'fax_sent' (known: order_paid, first_order, shipped, delivered, cart_abandoned, cart_expired, product_viewed, presale_balance_due, level_changed, audience_entered, audience_left, birthday, no_second_order, repurchase, silent)"),
        ("id: t\nname: n\ntrigger: {type: cart_abandoned, hour: 4}\nsteps: [exit]\n",
         "line 3, column 33: trigger: unknown key 'hour'; did you mean 'hours'? (known here: type, hours)"),
        ("id: t\nname: n\ntrigger: {type: silent, days: 0}\nsteps: [exit]\n",
         "line 3, column 31: trigger.days: days must be from 1 to 3650, found 0"),
        ("id: t\nname: n\ntrigger: audience_entered\nsteps: [exit]\n",
         "line 3, column 10: trigger: missing 'audience' (an audience query); write the trigger as {type: …, audience: …}"),
        ("id: t\nname: n\ntrigger: {type: presale_balance_due, deadline: \"2026-02-30 20:00\"}\nsteps: [exit]\n",
         "line 3, column 48: trigger.deadline: expected a local date and time such as \"2026-11-11 20:00\", found '2026-02-30 20:00'"),
        ("id: t\nname: n\ntrigger: {type: level_changed, to: 钻石}\nsteps: [exit]\n",
         "line 3, column 36: trigger.to: unknown pyramid level '钻石' (known: champion 王者, potential 潜力, new 新客, dozing 瞌睡, lost 流失)"),
        ("id: t\nname: n\ntrigger: {type: repurchase, cycles: {面霜: 0}}\nsteps: [exit]\n",
         "line 3, column 42: trigger.cycles.面霜: a cycle in days must be from 1 to 3650, found 0"),
    ])
    func topLevelMistakes(yaml: String, message: String) {
        #expect(failure(yaml)?.description == message)
    }

    @Test(arguments: [
        // Sending.
        ("  - send: {channels: [fax], body: hi}",
         "line 5, column 23: steps[0].send.channels[0]: unknown channel 'fax' (known: sms, email, wechat_work, push)"),
        ("  - send: {channels: [sms, 短信], body: hi}", "line 5, column 28: steps[0].send.channels[1]: channel 'sms' is listed twice"),
        ("  - send: {channels: [], body: hi}", "line 5, column 22: steps[0].send.channels: a message needs at least one channel"),
        ("  - send: {chanels: [sms], body: hi}", "line 5, column 12: steps[0].send: unknown key 'chanels'; did you mean 'channels'?"),
        ("  - send: {channels: [sms], body: hi, colour: red}",
         "line 5, column 39: steps[0].send: unknown key 'colour' (known here: channels, marketing, link, variants, subject, body)"),
        ("  - send: {channels: [sms]}", "line 5, column 11: steps[0].send: missing 'body' (the message) or 'variants' (A/B versions of it)"),
        ("  - send: {channels: [sms], marketing: maybe, body: hi}",
         "line 5, column 40: steps[0].send.marketing: expected true or false, found 'maybe'"),
        ("  - send: {channels: [sms], link: \"ftp://x\", body: hi}",
         "line 5, column 35: steps[0].send.link: expected an http(s) address or a path starting with /, found 'ftp://x'"),
        ("  - send: {channels: [sms], body: hi, variants: [{body: a}]}",
         "line 5, column 29: steps[0].send.body: write the message either as variants or as subject and body, not both"),
        ("  - send:\n      channels: [sms]\n      variants: [{name: A, body: a}, {name: A, body: b}]",
         "line 7, column 45: steps[0].send.variants[1].name: variant name 'A' is already used by variants[0]"),
        ("  - send:\n      channels: [sms]\n      variants: [{weight: 0, body: a}, {weight: 0, body: b}]",
         "line 7, column 17: steps[0].send.variants: at least one variant needs a weight above 0"),
        ("  - send:\n      channels: [sms]\n      variants: [{weight: -1, body: a}]",
         "line 7, column 27: steps[0].send.variants[0].weight: weight must be from 0 to 10000, found -1"),
        ("  - send:\n      channels: [sms]\n      variants: []", "line 7, column 17: steps[0].send.variants: a message needs at least one variant"),
        ("  - send: {channels: [sms], body: \"  \"}", "line 5, column 35: steps[0].send.body: the body is empty"),
        // Waiting.
        ("  - wait: 0d", "line 5, column 11: steps[0].wait: the duration must be longer than 0, found '0d'"),
        ("  - wait: 2 days", "line 5, column 11: steps[0].wait: expected a duration such as 30m, 12h or 2d, found '2 days'"),
        ("  - wait: {days: 0}",
         "line 5, column 11: steps[0].wait: a wait needs a duration longer than 0 or an until time, such as {until: \"10:00\"}"),
        ("  - wait: {until: \"25:00\"}", "line 5, column 19: steps[0].wait.until: expected a time such as \"10:00\" (HH:mm), found '25:00'"),
        ("  - wait: {until: \"10:0\"}", "line 5, column 19: steps[0].wait.until: expected a time such as \"10:00\" (HH:mm), found '10:0'"),
        ("  - wait: {days: -1, until: \"10:00\"}", "line 5, column 18: steps[0].wait.days: days must be from 0 to 100000, found -1"),
        // Branches and ids.
        ("  - if: \"tag = x\"\n    then: nowhere\n  - exit",
         "line 6, column 11: steps[0].then: no step has the id 'nowhere' (steps: step-1, step-2)"),
        ("  - if: \"tag = x\"\n    then: step-2\n    else: gone\n  - exit",
         "line 7, column 11: steps[0].else: no step has the id 'gone' (steps: step-1, step-2)"),
        ("  - if: \"tag = x\"\n  - exit", "line 5, column 5: steps[0]: missing 'then' (the id of the step to go to when the condition holds)"),
        ("  - {id: a, coupon: c}\n  - {id: a, exit: true}", "line 6, column 10: steps[1].id: step id 'a' is already used by steps[0]"),
        ("  - {id: step-2, coupon: c}\n  - exit", "line 6, column 5: steps[1]: step id 'step-2' is already used by steps[0]"),
        ("  - {id: two words, coupon: c}", "line 5, column 10: steps[0].id: a step id is up to 64 characters without spaces, found 'two words'"),
        ("  - id: a\n    if: \"tag = x\"\n    then: a",
         "line 7, column 11: steps[0].then: going back to 'a' makes a loop without a wait, which would never end; put a wait step in the loop"),
        ("  - id: a\n    coupon: c\n  - if: \"tag = x\"\n    then: c\n  - id: c\n    if: \"tag = y\"\n    then: a",
         "line 11, column 11: steps[2].then: going back to 'a' makes a loop without a wait, which would never end; put a wait step in the loop"),
        // Step shapes.
        ("  - {wait: 1d, exit: true}", "line 5, column 16: steps[0].exit: a step does one thing: 'wait' and 'exit' go in separate steps"),
        ("  - {id: x}", "line 5, column 5: steps[0]: a step needs one of send, wait, if, coupon, tag, task, exit (found: id)"),
        ("  - stop", "line 5, column 5: steps[0]: expected a step such as {wait: 2d} or the word exit, found 'stop'"),
        ("  - {exit: false}", "line 5, column 12: steps[0].exit: an exit step is written exit (or exit: true); remove the step instead of exit: false"),
        ("  - {coupon: c, then: x}", "line 5, column 17: steps[0]: unknown key 'then' (known here: id, coupon)"),
        // Tags and tasks.
        ("  - tag: {add: a, remove: b}", "line 5, column 10: steps[0].tag: expected one of {add: …} or {remove: …}"),
        ("  - tag: {add: \"\"}", "line 5, column 16: steps[0].tag.add: expected a tag, found empty text"),
        ("  - tag: {add: \"" + String(repeating: "长", count: 41) + "\"}",
         "line 5, column 16: steps[0].tag.add: a tag is 1 to 40 characters without leading or trailing spaces"),
        ("  - task: {title: 回访, due: 0m}", "line 5, column 28: steps[0].task.due: the duration must be longer than 0, found '0m'"),
        ("  - task: {title: 回访}", "line 5, column 11: steps[0].task: missing 'due' (how long after the step the task is due, such as 3d)"),
    ])
    func stepMistakes(steps: String, message: String) {
        #expect(failure(self.steps(steps))?.description == message)
    }

    @Test func aBadConditionSaysWhyInTheAudienceLanguage() throws {
        let error = try #require(failure(steps("  - if: \"tagg = x\"\n    then: step-2\n  - exit")))
        #expect(error.line == 5 && error.column == 9 && error.path == "steps[0].if")
        #expect(error.message.hasPrefix("not an audience query: column 1: unknown condition 'tagg'"))
    }

    @Test func aBadAudienceSaysWhyInTheAudienceLanguage() throws {
        let error = try #require(failure("id: t\nname: n\ntrigger: first_order\naudience: \"pyramid = 潜能\"\nsteps: [exit]\n"))
        #expect(error.description.hasPrefix("line 4, column 11: audience: not an audience query: column 11: unknown pyramid level '潜能'"))
    }

    @Test func aTemplateThatDoesNotCompileIsNamed() throws {
        let error = try #require(failure(steps("  - send: {channels: [email], subject: \"{{#a}}open\", body: hi}")))
        #expect(error.path == "steps[0].send.subject")
        #expect(error.message.hasPrefix("the subject does not compile"))
        #expect(error.message.hasSuffix("a section is opened but not closed"))
        let body = try #require(failure(steps("  - send: {channels: [sms], body: \"{{name\"}")))
        #expect(body.path == "steps[0].send.body" && body.message.contains("does not compile"))
    }

    @Test func notYAMLSaysWhere() throws {
        let error = try #require(failure("id: t\nname: [a, b\ntrigger: first_order\n"))
        #expect(error.path.isEmpty)
        #expect(error.message.hasPrefix("not valid YAML"))
        #expect(error.line >= 2)
    }

    @Test func aDuplicateKeyIsAnError() throws {
        let error = try #require(failure("id: t\nname: a\nname: b\ntrigger: first_order\nsteps: [exit]\n"))
        #expect(error.message == "duplicate key 'name'")
    }
}
