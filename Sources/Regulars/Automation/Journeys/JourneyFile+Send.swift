/// A `send:` step: the channels to try, whether it is marketing, and the message as one body or as A/B variants.
extension JourneyFile {
    static func send(_ value: JourneyYAMLValue) throws(JourneyFileError) -> SendSpec {
        var object = try value.object("a message such as {channels: [sms], body: \"…\"}")
        let channels = try channels(try object.require("channels", "the channels to try, such as [wechat_work, sms]"))
        let marketing = try object.take("marketing")?.boolean() ?? true
        let link = try object.take("link").map(link)
        let variantsValue = object.take("variants")
        let subject = object.take("subject"), body = object.take("body")
        try object.finish()
        let variants: [MessageVariant]
        if let variantsValue {
            if subject != nil || body != nil {
                throw object.keyFailure(body != nil ? "body" : "subject",
                                        "write the message either as variants or as subject and body, not both")
            }
            variants = try self.variants(variantsValue)
        } else {
            guard let body else { throw value.failure("missing 'body' (the message) or 'variants' (A/B versions of it)") }
            variants = [MessageVariant(name: "A", weight: 1, subject: try subject.map { v throws(JourneyFileError) in try template(v, "the subject") },
                                       body: try template(body, "the body"))]
        }
        return SendSpec(channels: channels, marketing: marketing, variants: variants, link: link)
    }

    /// `[wechat_work, sms]` (or one channel alone), each known and listed once.
    private static func channels(_ value: JourneyYAMLValue) throws(JourneyFileError) -> [ContactChannel] {
        let items: [JourneyYAMLValue]
        if case .scalar = value.node { items = [value] } else { items = try value.list("a list of channels such as [sms]") }
        guard !items.isEmpty else { throw value.failure("a message needs at least one channel") }
        var channels: [ContactChannel] = []
        for item in items {
            let written = try item.text("a channel")
            guard let channel = ContactChannel(parsing: written) else {
                let known = ContactChannel.allCases.map(\.rawValue).joined(separator: ", ")
                throw item.failure("unknown channel '\(written)' (known: \(known))")
            }
            guard !channels.contains(channel) else { throw item.failure("channel '\(channel.rawValue)' is listed twice") }
            channels.append(channel)
        }
        return channels
    }

    /// Where `{{short_link}}` leads: an http(s) address, or a path on the shop's site starting with `/`.
    private static func link(_ value: JourneyYAMLValue) throws(JourneyFileError) -> String {
        let link = try value.text("an address such as https://shop.example/item/1")
        let lower = link.lowercased()
        guard lower.hasPrefix("https://") || lower.hasPrefix("http://") || link.hasPrefix("/"),
              !link.contains(where: { $0.isWhitespace }) else {
            throw value.failure("expected an http(s) address or a path starting with /, found '\(link)'")
        }
        return link
    }

    /// `- {name: A, weight: 50, body: "…"}`: names default to A, B, C…, weights to 1; at least one weight is positive.
    private static func variants(_ value: JourneyYAMLValue) throws(JourneyFileError) -> [MessageVariant] {
        let items = try value.list("a list of variants such as [{name: A, body: \"…\"}]")
        guard !items.isEmpty else { throw value.failure("a message needs at least one variant") }
        var variants: [MessageVariant] = []
        for (index, item) in items.enumerated() {
            var object = try item.object("a variant such as {name: A, weight: 50, body: \"…\"}")
            let nameValue = object.take("name")
            let name = try nameValue?.text("a variant name") ?? defaultVariantName(index)
            guard name.count <= 32 else { throw (nameValue ?? item).failure("a variant name is at most 32 characters") }
            let weight = try object.take("weight")?.integer(in: 0 ... 10_000, "weight") ?? 1
            let subject = try object.take("subject").map { v throws(JourneyFileError) in try template(v, "the subject") }
            let body = try template(try object.require("body", "the message"), "the body")
            try object.finish()
            if let earlier = variants.firstIndex(where: { $0.name == name }) {
                throw (nameValue ?? item).failure("variant name '\(name)' is already used by variants[\(earlier)]")
            }
            variants.append(MessageVariant(name: name, weight: weight, subject: subject, body: body))
        }
        guard variants.contains(where: { $0.weight > 0 }) else {
            throw value.failure("at least one variant needs a weight above 0")
        }
        return variants
    }

    /// A, B, … Z, then V27, V28, …
    static func defaultVariantName(_ index: Int) -> String {
        index < 26 ? String(UnicodeScalar(UInt8(65 + index))) : "V\(index + 1)"
    }
}
