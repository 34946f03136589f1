import Foundation
import Hummingbird
import Regulars
import RegularsStore

/// Customer tags (SEG-5): the tags with their counts and rules, a tag given or taken by hand, and rule tags —
/// a tag given to whoever an audience-language definition matches, re-evaluated at every segment computation.
enum TagRoutes {
    static let tagParameter = APIParameter.path("tag", .string(minLength: 1, maxLength: TagName.maximumLength), "The tag")

    static let routes: [APIRoute] = [
        APIRoute(.get, "/v1/tags", .read, operation: "tags.list", summary: "Every tag with how many customers hold it, and the tag rules",
                 responses: [APIResponseDoc(200, "Tags and rules", .ref("Tags"))]) { call in
            let rules = try await call.store.tagRules()
            let definitions = Dictionary(uniqueKeysWithValues: rules.map { ($0.tag, $0.definition) })
            let counts = try await call.store.tagCounts()
            let held = Set(counts.map(\.tag))
            // A rule that matches nobody yet still names a tag.
            let tags = counts.map { TagsBody.Tag(tag: $0.tag, customers: $0.customers, rule: definitions[$0.tag]) }
                + rules.filter { !held.contains($0.tag) }.map { TagsBody.Tag(tag: $0.tag, customers: 0, rule: $0.definition) }
            return try .json(TagsBody(tags: tags.sorted { $0.tag < $1.tag }, rules: rules))
        },
        APIRoute(.post, "/v1/customers/:id/tags", .write, operation: "tags.add", summary: "Gives a customer a tag by hand",
                 parameters: [.path("id", .int(min: 1), "The customer's id")],
                 body: .object(["tag": .string(minLength: 1, maxLength: TagName.maximumLength, "e.g. 敏感肌")], required: ["tag"]),
                 responses: [APIResponseDoc(201, "The tag was given", .ref("CustomerTag")),
                             APIResponseDoc(200, "The customer already had the tag", .ref("CustomerTag"))]) { call in
            let id = try call.pathID("id")
            let tag = try call.decode(TagRequest.self).tag
            if let problem = TagName.problem(with: tag) { throw Problem.invalid(at: "/tag", problem) }
            let added = try await call.store.addTag(tag, to: id, at: call.now)
            return try .json(CustomerTagBody(customerID: id, tag: tag, added: added), status: added ? .created : .ok,
                             target: "customer:\(id)")
        },
        APIRoute(.delete, "/v1/customers/:id/tags/:tag", .write, operation: "tags.remove",
                 summary: "Takes a tag from a customer, whatever gave it (a rule gives it back if it still matches)",
                 parameters: [.path("id", .int(min: 1), "The customer's id"), tagParameter],
                 responses: [APIResponseDoc(204, "Taken", nil)]) { call in
            let id = try call.pathID("id")
            let tag = try call.path("tag")
            guard try await call.store.removeTag(tag, from: id, at: call.now) else {
                throw Problem.notFound("customer \(id) has no tag '\(tag)'")
            }
            return .noContent(target: "customer:\(id)")
        },
        APIRoute(.get, "/v1/tags/rules/:tag", .read, operation: "tags.getRule", summary: "A tag's rule",
                 parameters: [tagParameter], responses: [APIResponseDoc(200, "The rule", .ref("TagRule"))]) { call in
            let tag = try call.path("tag")
            guard let rule = try await call.store.tagRules().first(where: { $0.tag == tag }) else {
                throw Problem.notFound("no rule for tag '\(tag)'")
            }
            return try .json(rule)
        },
        APIRoute(.put, "/v1/tags/rules/:tag", .write, operation: "tags.saveRule",
                 summary: "Defines or replaces a tag's rule and gives the tag to exactly the customers it matches now",
                 parameters: [tagParameter],
                 body: .object(["definition": .string(minLength: 1, maxLength: 4_000, "In the audience language, e.g. coupon_share > 0.5")],
                               required: ["definition"]),
                 responses: [APIResponseDoc(201, "A new rule", .ref("TagRuleApplied")),
                             APIResponseDoc(200, "A rule replaced", .ref("TagRuleApplied"))]) { call in
            let tag = try call.path("tag")
            if let problem = TagName.problem(with: tag) { throw Problem.invalid(at: "tag", problem) }
            let query = try AudienceDefinition.parse(try call.decode(AudienceDefinitionRequest.self).definition)
            let existing = try await call.store.tagRules().first { $0.tag == tag }
            let rule = TagRule(tag: tag, definition: query.canonical, createdAt: existing?.createdAt ?? call.now)
            let (added, removed) = try await RuleTags.define(rule, store: call.store, settings: try await call.settings(), now: call.now)
            return try .json(TagRuleAppliedBody(rule: rule, added: added, removed: removed),
                             status: existing == nil ? .created : .ok, target: "tag-rule:\(tag)")
        },
        APIRoute(.delete, "/v1/tags/rules/:tag", .write, operation: "tags.deleteRule",
                 summary: "Deletes a tag's rule and the tags it gave (tags given by hand or by an import stay)",
                 parameters: [tagParameter], responses: [APIResponseDoc(204, "Deleted", nil)]) { call in
            let tag = try call.path("tag")
            guard try await call.store.deleteTagRule(tag, at: call.now) else { throw Problem.notFound("no rule for tag '\(tag)'") }
            return .noContent(target: "tag-rule:\(tag)")
        },
    ]

    static let schemas: [String: Schema] = [
        "Tags": .object([
            "tags": .array(.object(["tag": .string(), "customers": .int(min: 0), "rule": .string("The rule's definition, if a rule gives it")],
                                   required: ["tag", "customers"])),
            "rules": .array(.ref("TagRule")),
        ], required: ["tags", "rules"]),
        "TagRule": .object(["tag": .string(), "definition": .string("As understood (normalised)"), "createdAt": .instant],
                           required: ["tag", "definition", "createdAt"]),
        "TagRuleApplied": .object(["rule": .ref("TagRule"), "added": .int(min: 0), "removed": .int(min: 0)],
                                  required: ["rule", "added", "removed"]),
        "CustomerTag": .object(["customerID": .int(min: 1), "tag": .string(), "added": .boolean],
                               required: ["customerID", "tag", "added"]),
    ]

    struct TagRequest: Decodable {
        var tag: String
    }

    struct TagsBody: Encodable {
        struct Tag: Encodable {
            var tag: String
            var customers: Int
            var rule: String?
        }
        var tags: [Tag]
        var rules: [TagRule]
    }

    struct CustomerTagBody: Encodable {
        var customerID: Int64
        var tag: String
        var added: Bool
    }

    struct TagRuleAppliedBody: Encodable {
        var rule: TagRule
        var added: Int
        var removed: Int
    }
}
