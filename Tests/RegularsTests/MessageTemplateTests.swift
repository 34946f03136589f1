import Testing
@testable import Regulars

private func render(_ body: String, subject: String? = nil, html: Bool = false, _ variables: MessageVariables) throws -> RenderedMessage {
    try MessageTemplate(MessageVariant(name: "A", subject: subject, body: body), html: html).render(variables)
}

private let lin = MessageVariables(name: "林小姐", lastProduct: "玻尿酸面膜", tier: "金卡", couponCode: "BACK20",
                                   shortLink: "https://s.example/c/x1", shop: "小鹿家",
                                   extra: ["product": "精华水", "order": "T1001", "deadline": "11月11日 23:59"])

@Suite("MessageTemplate: variables and fallbacks")
struct MessageTemplateVariableTests {
    @Test func everyStandardKeyRenders() throws {
        let message = try render("{{name}}您好，{{shop}}{{tier}}会员专享：您买的{{last_product}}用得好吗？券码{{coupon_code}} {{short_link}}",
                                 subject: "{{shop}}给{{name}}的礼物", lin)
        #expect(message.body == "林小姐您好，小鹿家金卡会员专享：您买的玻尿酸面膜用得好吗？券码BACK20 https://s.example/c/x1")
        #expect(message.subject == "小鹿家给林小姐的礼物")
        #expect(message.variant == "A")
    }

    @Test func triggerExtrasRender() throws {
        #expect(try render("订单{{order}}的{{product}}尾款请在{{deadline}}前支付", lin).body == "订单T1001的精华水尾款请在11月11日 23:59前支付")
    }

    @Test func missingValuesFallBack() throws {
        let body = "{{name}}，{{shop}}提醒：{{last_product}}该补货了{{tier}}{{coupon_code}}{{short_link}}{{product}}"
        #expect(try render(body, MessageVariables()).body == "亲，本店提醒：宝贝该补货了")
        let blank = MessageVariables(name: "", lastProduct: "", shop: "")
        #expect(try render(body, blank).body == "亲，本店提醒：宝贝该补货了")
    }

    @Test func textIsNotHTMLEscaped() throws {
        let odd = MessageVariables(name: "<Tom & 'Jerry'>", lastProduct: "\"A&B\"")
        #expect(try render("{{name}} {{{last_product}}} {{&name}}", odd).body == "<Tom & 'Jerry'> \"A&B\" <Tom & 'Jerry'>")
        #expect(try render("{{#name}}{{name}}{{/name}}", odd).body == "<Tom & 'Jerry'>")
    }

    @Test func htmlEscapesDoubleBracesOnly() throws {
        let odd = MessageVariables(name: "<b>&'\"")
        #expect(try render("<p>{{name}}|{{{name}}}|{{&name}}</p>", html: true, odd).body == "<p>&lt;b&gt;&amp;&#39;&quot;|<b>&'\"|<b>&'\"</p>")
        #expect(try render("{{#name}}{{name}}{{/name}}", html: true, odd).body == "&lt;b&gt;&amp;&#39;&quot;")
    }

    @Test func sectionsShowOnlyWhenAValueIsThere() throws {
        let body = "{{name}}，回购礼{{#coupon_code}}，券码{{coupon_code}}{{/coupon_code}}{{^coupon_code}}已放入账户{{/coupon_code}}"
        #expect(try render(body, lin).body == "林小姐，回购礼，券码BACK20")
        #expect(try render(body, MessageVariables()).body == "亲，回购礼已放入账户")
    }

    @Test func textRendersExactlyAsWrittenIncludingLeadingAndTrailingLines() throws {
        #expect(try render("\n{{name}}\n", lin).body == "\n林小姐\n")
        #expect(try render("  {{name}}  \n\n第二行 ", lin).body == "  林小姐  \n\n第二行 ")
        #expect(try render("单个{括号} }}", lin).body == "单个{括号} }}")
    }

    /// A comment forces the swift-mustache path; the concatenating path must give the same text.
    @Test(arguments: [
        "{{name}}", "您好{{ name }}！{{last_product}}\n{{shop}}", "  {{name}}\n", "{{{short_link}}} {{&coupon_code}}",
        "{{tier}}{{tier}}{{coupon_code}}", "\n\n{{name}}\r\n{{shop}}", "无变量的短信",
    ])
    func concatenationMatchesMustache(body: String) throws {
        for variables in [lin, MessageVariables(), MessageVariables(name: "a&b<c>")] {
            for html in [false, true] {
                #expect(try render(body, html: html, variables).body == render(body + "{{!same}}", html: html, variables).body)
            }
        }
    }

    @Test func aStepsVariantsRenderStablyPerSeed() throws {
        let templates = try MessageTemplates([MessageVariant(name: "A", body: "A:{{name}}"), MessageVariant(name: "B", body: "B:{{name}}")])
        let first = templates.render(lin, seed: "42:new-customer:coupon")
        #expect(first == templates.render(lin, seed: "42:new-customer:coupon"))
        #expect(first?.body == (first?.variant ?? "") + ":林小姐")
        #expect(try MessageTemplates([]).render(lin, seed: "x") == nil)
    }

    @Test func aThousandRendersStayFast() throws {
        let template = try MessageTemplate(MessageVariant(body: "【{{shop}}】{{name}}，您的{{last_product}}快用完了吧？回购立减20元：{{short_link}}"))
        var total = 0
        for index in 0..<1000 {
            var variables = lin
            variables.name = "客户\(index)"
            total += template.render(variables).body.count
        }
        #expect(total > 40_000)
    }
}

@Suite("MessageTemplate: errors")
struct MessageTemplateErrorTests {
    private func error(_ body: String, subject: String? = nil, allowedExtras: Set<String>? = MessageVariables.commonExtraKeys) -> TemplateError? {
        do {
            _ = try MessageTemplate(MessageVariant(name: "B", subject: subject, body: body), allowedExtras: allowedExtras)
            return nil
        } catch {
            return error
        }
    }

    @Test func anUnclosedSectionSaysWhereAndWhat() throws {
        let found = try #require(error("第一行\n{{#coupon_code}}券码"))
        #expect(found.variant == "B")
        #expect(found.part == .body)
        #expect(found.line == 2)
        guard case .syntax(let detail) = found.problem else { Issue.record("not a syntax error: \(found)"); return }
        #expect(detail.contains("never closed"))
        #expect(found.description.hasPrefix("variant B body, line 2"))
    }

    @Test func aMisspeltVariableIsRefused() throws {
        #expect(error("{{nmae}}你好")?.problem == .unknownVariable("nmae"))
        #expect(error("{{#cupon}}x{{/cupon}}")?.problem == .unknownVariable("cupon"))
        #expect(error("{{nmae}}", allowedExtras: nil) == nil)
        #expect(error("{{tracking_number}}", allowedExtras: ["tracking_number"]) == nil)
        #expect(error("{{name}}", subject: "{{titel}}")?.part == .subject)
        #expect(error("{{nmae}}")?.description.contains("unknown variable 'nmae'") == true)
    }

    @Test func aChineseKeyIsASyntaxError() {
        guard case .syntax? = error("{{名字}}你好")?.problem else { Issue.record("expected a syntax error"); return }
    }

    @Test func aMismatchedCloseIsASyntaxError() {
        guard case .syntax(let detail)? = error("{{#name}}x{{/shop}}")?.problem else { Issue.record("expected a syntax error"); return }
        #expect(detail.contains("closed with another name"))
    }

    @Test func partialsAndEmptyBodiesAreRefused() {
        guard case .syntax? = error("{{> footer}}")?.problem else { Issue.record("expected a syntax error"); return }
        #expect(error("  \n ")?.problem == .emptyBody)
        #expect(error("正文", subject: "")  == nil)
    }
}

@Suite("VariantChooser")
struct VariantChooserTests {
    private func share(_ variants: [MessageVariant], seeds: Int = 20_000) -> [Double] {
        var counts = Array(repeating: 0, count: variants.count)
        for customer in 0..<seeds { counts[VariantChooser.choose(variants, seed: "\(customer):journey:step")] += 1 }
        return counts.map { Double($0) / Double(seeds) }
    }

    @Test func evenWeightsSplitEvenly() {
        let split = share([MessageVariant(name: "A", body: "a"), MessageVariant(name: "B", body: "b")])
        #expect(abs(split[0] - 0.5) < 0.02)
    }

    @Test func weightsAreHonoured() {
        let split = share([MessageVariant(name: "A", weight: 3, body: "a"), MessageVariant(name: "B", weight: 1, body: "b"),
                           MessageVariant(name: "C", weight: 0, body: "c")])
        #expect(abs(split[0] - 0.75) < 0.02)
        #expect(abs(split[1] - 0.25) < 0.02)
        #expect(split[2] == 0)
    }

    @Test func theChoiceIsStablePerSeed() {
        let variants = (1...5).map { MessageVariant(name: "V\($0)", body: "x") }
        for seed in ["1:a:b", "2:a:b", "客户:旅程:步骤"] {
            #expect(VariantChooser.choose(variants, seed: seed) == VariantChooser.choose(variants, seed: seed))
        }
        #expect(Set((0..<200).map { VariantChooser.choose(variants, seed: "\($0)") }).count == 5)
    }

    @Test func degenerateListsChooseTheFirst() {
        #expect(VariantChooser.choose([], seed: "x") == 0)
        #expect(VariantChooser.choose([MessageVariant(weight: 0, body: "a"), MessageVariant(weight: 0, body: "b")], seed: "x") == 0)
        #expect(VariantChooser.choose([MessageVariant(weight: 0, body: "a"), MessageVariant(weight: 2, body: "b")], seed: "x") == 1)
    }
}

@Suite("OptOutSuffix")
struct OptOutSuffixTests {
    private let suffix = "拒收请回复R"

    @Test func marketingSMSEndWithTheWordsOnce() {
        let once = OptOutSuffix.apply("【小鹿家】回购立减20元", channel: .sms, marketing: true, suffix: suffix)
        #expect(once == "【小鹿家】回购立减20元 拒收请回复R")
        #expect(OptOutSuffix.apply(once, channel: .sms, marketing: true, suffix: suffix) == once)
        #expect(OptOutSuffix.apply("回购立减 \n", channel: .sms, marketing: true, suffix: suffix) == "回购立减 拒收请回复R")
    }

    @Test func otherMessagesAreUntouched() {
        #expect(OptOutSuffix.apply("您的包裹已发出", channel: .sms, marketing: false, suffix: suffix) == "您的包裹已发出")
        #expect(OptOutSuffix.apply("回购立减", channel: .email, marketing: true, suffix: suffix) == "回购立减")
        #expect(OptOutSuffix.apply("回购立减", channel: .push, marketing: true, suffix: suffix) == "回购立减")
        #expect(OptOutSuffix.apply("回购立减", channel: .sms, marketing: true, suffix: " ") == "回购立减")
    }
}
