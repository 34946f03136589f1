/// What one step of a journey does for one customer, decided by `JourneyRunner.plan`; the caller carries it out and
/// goes on at `next` (an index into the journey's steps; the step count means "past the last step").
public enum PlannedStep: Sendable, Equatable {
    case wait(until: Instant, next: Int)
    /// A branch decided.
    case jump(next: Int)
    case send(SendSpec, next: Int)
    case issueCoupon(templateID: String, next: Int)
    case addTag(String, next: Int)
    case removeTag(String, next: Int)
    case task(title: String, due: Instant, next: Int)
    /// The enrolment ends.
    case finish(JourneyExit)
}

/// Why an enrolment ended.
public enum JourneyExit: String, Sendable, Codable, CaseIterable {
    /// It ran past the last step.
    case completed
    /// It reached an exit step.
    case exitStep = "exit_step"
    /// The customer reached the journey's goal (checked by the caller before every step).
    case goal
    /// A branch names a step the journey no longer has (it was edited while the customer was in it).
    case missingStep = "missing_step"
    /// An operator ended it (the journey was archived or the customer taken out).
    case stopped

    /// How operators see it.
    public var label: String {
        switch self {
        case .completed: return "走完全部步骤"
        case .exitStep: return "到达退出步骤"
        case .goal: return "达成目标"
        case .missingStep: return "步骤已不存在"
        case .stopped: return "人工结束"
        }
    }
}
