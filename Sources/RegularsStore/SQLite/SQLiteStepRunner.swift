import Foundation
import GRDB
import Regulars

/// Runs one enrolment's due steps inside the caller's write transaction.
struct SQLiteStepRunner {
    let db: Database
    let journey: JourneyDefinition
    let context: StepContext
    let now: Instant

    func run(_ enrolment: inout Enrolment) throws -> AdvanceReport {
        var report = AdvanceReport()
        guard let root = try SQLiteCustomerTree.root(of: enrolment.customerID, in: db) else {
            finish(&enrolment, "customer_gone")
            return report
        }
        // A branch loop without a wait stops here and goes on at the next pass.
        var budget = journey.steps.count + 1
        while enrolment.active && enrolment.dueAt <= now {
            if try goalReached(root, enrolment) {
                finish(&enrolment, JourneyExit.goal.rawValue)
                report.exited = JourneyExit.goal.rawValue
                break
            }
            guard budget > 0 else { enrolment.dueAt = now + 60; break }
            budget -= 1
            guard enrolment.step < journey.steps.count else {
                finish(&enrolment, JourneyExit.completed.rawValue)
                report.exited = JourneyExit.completed.rawValue
                break
            }
            let stepID = journey.steps[enrolment.step].id
            // Waits and task due dates count from when the step was due, so a late pass (catch-up) keeps the plan.
            let scheduled = enrolment.dueAt
            let plan = JourneyRunner.plan(journey, step: enrolment.step, now: scheduled, calendar: context.calendar,
                                          matches: { context.matches($0, root) })
            let outcome: String
            switch plan {
            case .wait(let until, let next):
                enrolment.step = next
                enrolment.dueAt = until
                outcome = "wait until \(until)"
            case .jump(let next):
                enrolment.step = next
                outcome = "branch to \(next < journey.steps.count ? journey.steps[next].id : "end")"
            case .send(let spec, let next):
                outcome = try send(spec, stepID: stepID, customer: root, enrolment, &report)
                enrolment.step = next
            case .issueCoupon(let templateID, let next):
                if enrolment.holdout {
                    outcome = "holdout: no coupon"
                } else {
                    // A missing or ended template costs this step its coupon, not every journey its pass.
                    let issued: IssueReport
                    do {
                        issued = try SQLiteCouponIssue.issue(templateID, to: [root], db, at: now)
                    } catch let error as StoreError {
                        issued = IssueReport(templateID: templateID, issued: [], refused: [IssueRefusal(customer: root, reason: error.description)])
                    } catch let error as PromotionError {
                        issued = IssueReport(templateID: templateID, issued: [], refused: [IssueRefusal(customer: root, reason: "\(error)")])
                    }
                    if let coupon = issued.issued.first {
                        enrolment.variables["coupon_code"] = coupon.code
                        report.couponsIssued += 1
                        outcome = "coupon \(coupon.code)"
                    } else {
                        outcome = "no coupon: " + (issued.refused.first?.reason ?? "refused")
                    }
                }
                enrolment.step = next
            case .addTag(let tag, let next):
                _ = try SQLiteStore.addTag(tag, to: root, db, at: now)
                enrolment.step = next
                outcome = "tag +\(tag)"
            case .removeTag(let tag, let next):
                _ = try SQLiteStore.removeTag(tag, from: root, db, at: now)
                enrolment.step = next
                outcome = "tag -\(tag)"
            case .task(let title, let due, let next):
                if enrolment.holdout {
                    outcome = "holdout: no task"
                } else {
                    try db.execute(sql: """
                        INSERT INTO staff_tasks(customer_id, journey_id, enrolment_id, title, due_at, status, created_at)
                        VALUES (?, ?, ?, ?, ?, 'open', ?)
                        """, arguments: [root, journey.id, enrolment.id, title, due.secondsSinceEpoch, now.secondsSinceEpoch])
                    report.tasksCreated += 1
                    outcome = "task \(title)"
                }
                enrolment.step = next
            case .finish(let exit):
                finish(&enrolment, exit.rawValue)
                report.exited = exit.rawValue
                outcome = "exit \(exit.rawValue)"
            }
            enrolment.runs += 1
            try db.execute(sql: "INSERT INTO step_runs(enrolment_id, run, step_id, outcome, at) VALUES (?, ?, ?, ?, ?)",
                           arguments: [enrolment.id, enrolment.runs, stepID, outcome, now.secondsSinceEpoch])
            report.stepsRun += 1
        }
        return report
    }

    private func finish(_ enrolment: inout Enrolment, _ reason: String) {
        enrolment.active = false
        enrolment.exitedAt = now
        enrolment.exitReason = reason
    }

    private func goalReached(_ customer: Int64, _ enrolment: Enrolment) throws -> Bool {
        switch journey.goal {
        case nil:
            return false
        case .order:
            let members = try SQLiteCustomerTree.members(of: customer, in: db)
            return try Bool.fetchOne(db.cachedStatement(sql: """
                SELECT EXISTS (SELECT 1 FROM orders WHERE customer_id IN (\(databaseQuestionMarks(count: members.count)))
                    AND paid_at > ? AND paid_at <= ?)
                """), arguments: StatementArguments(members) + [enrolment.enteredAt.secondsSinceEpoch, now.secondsSinceEpoch]) ?? false
        case .audience(let condition):
            return context.matches(condition, customer)
        }
    }

    /// One touch for the step: the first channel the contact policy allows, rendered and written to the outbox.
    private func send(_ spec: SendSpec, stepID: String, customer: Int64, _ enrolment: Enrolment,
                      _ report: inout AdvanceReport) throws -> String {
        let origin = MessageOrigin(journeyID: journey.id, stepID: stepID, enrolmentID: enrolment.id, campaign: nil,
                                   dedupKey: "e\(enrolment.id):\(enrolment.runs + 1)")
        if enrolment.holdout {
            try SQLiteOutboxWriter.holdBack(.holdout, channel: nil, customer: customer, origin: origin, db, at: now)
            report.heldBack[.holdout, default: 0] += 1
            return "holdout: not sent"
        }
        let contact = try SQLiteContactState.load(customer, channels: context.channels, policy: context.settings.policy, db, at: now)
        let decision = context.settings.policy.decide(channels: spec.channels, marketing: spec.marketing, state: contact.state,
                                                      now: now, calendar: context.calendar)
        switch decision {
        case .heldBack(let reason, let channel):
            try SQLiteOutboxWriter.holdBack(reason, channel: channel, customer: customer, origin: origin, db, at: now)
            report.heldBack[reason, default: 0] += 1
            return "held back: \(reason.rawValue)"
        case .send(let channel, let at):
            let chosen = VariantChooser.choose(spec.variants, seed: "\(journey.id):\(stepID):\(customer)")
            let variant = spec.variants[chosen]
            let template = try context.templates.template(variant, key: "\(journey.id)/\(stepID)/\(variant.name)/\(StableHash.hex(of: (variant.subject ?? "") + "\u{1F}" + variant.body))")
            let token = SQLiteOutboxWriter.newToken()
            var variables = try SQLiteContactState.variables(customer, db)
            variables.couponCode = enrolment.variables["coupon_code"]
            variables.shop = context.settings.shopName
            variables.shortLink = SQLiteOutboxWriter.shortLink(token, base: context.settings.endpoints.linkBaseURL)
            variables.extra = enrolment.variables
            let rendered = template.render(variables)
            let body = OptOutSuffix.apply(rendered.body, channel: channel, marketing: spec.marketing,
                                          suffix: context.settings.smsOptOutSuffix)
            let id = try SQLiteOutboxWriter.queue(
                QueuedMessage(customer: customer, channel: channel, recipient: contact.addresses[channel] ?? "",
                              subject: rendered.subject, body: body, variant: variant.name, marketing: spec.marketing,
                              link: spec.link, token: token, sendAt: at),
                origin: origin, db, at: now)
            report.messagesQueued += 1
            return "message \(id) by \(channel.rawValue) (\(variant.name))"
        }
    }
}
