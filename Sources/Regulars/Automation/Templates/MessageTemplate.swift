/// A message as sent: the subject (e-mail and push title) and body, and the variant it came from.
public struct RenderedMessage: Sendable, Equatable {
    public var subject: String?
    public var body: String
    public var variant: String

    public init(subject: String?, body: String, variant: String) {
        self.subject = subject
        self.body = body
        self.variant = variant
    }
}

/// One variant's subject and body, compiled once and rendered many times (Mustache; see `MessageVariables` for the
/// names and fallbacks). Text is not HTML-escaped unless `html` is set.
public struct MessageTemplate: Sendable {
    public let variant: String
    private let subject: CompiledText?
    private let body: CompiledText

    /// Checks the Mustache and that every variable is one messages have (`allowedExtras`: the extra keys besides
    /// the standard ones; nil: any name).
    public init(_ variant: MessageVariant, html: Bool = false,
                allowedExtras: Set<String>? = MessageVariables.commonExtraKeys) throws(TemplateError) {
        self.variant = variant.name
        if let subject = variant.subject {
            self.subject = try CompiledText(subject, variant: variant.name, part: .subject, html: html, allowedExtras: allowedExtras)
        } else {
            self.subject = nil
        }
        self.body = try CompiledText(variant.body, variant: variant.name, part: .body, html: html, allowedExtras: allowedExtras)
    }

    public func render(_ variables: MessageVariables) -> RenderedMessage {
        RenderedMessage(subject: subject?.render(variables), body: body.render(variables), variant: variant)
    }
}

/// A send step's variants compiled together, with the stable A/B choice.
public struct MessageTemplates: Sendable {
    public let variants: [MessageVariant]
    public let templates: [MessageTemplate]

    public init(_ variants: [MessageVariant], html: Bool = false,
                allowedExtras: Set<String>? = MessageVariables.commonExtraKeys) throws(TemplateError) {
        self.variants = variants
        var templates: [MessageTemplate] = []
        for variant in variants { templates.append(try MessageTemplate(variant, html: html, allowedExtras: allowedExtras)) }
        self.templates = templates
    }

    /// Renders the variant `VariantChooser` picks for `seed` (e.g. `"\(customerID):\(journeyID):\(stepID)"`).
    public func render(_ variables: MessageVariables, seed: String) -> RenderedMessage? {
        guard !templates.isEmpty else { return nil }
        return templates[VariantChooser.choose(variants, seed: seed)].render(variables)
    }
}
