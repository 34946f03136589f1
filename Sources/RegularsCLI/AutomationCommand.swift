import ArgumentParser
import Foundation
import Regulars
import RegularsMessaging
import RegularsStore

/// `regulars automation run --until T`: the scheduler as a batch — triggers, due steps and deliveries, pass after
/// pass through time up to T (catch-up after downtime, or a rehearsal over history).
struct AutomationCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "automation",
        abstract: "Run the automation scheduler as a batch up to a moment (what `regulars serve` does continuously).",
        subcommands: [Run.self])

    struct Run: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Pass after pass from --from (default: the earliest journey's last look) to --until: enrol, run due steps, deliver.")
        @Option(help: "The last moment: 2026-11-20 (end of that day) or 2026-11-20 18:00:00, shop time.") var until: String
        @Option(help: "The first moment (default: where the journeys left off).") var from: String?
        @Option(help: "Time between passes: 30m, 1h, 1d.") var step = "1h"
        @Option(help: "Write messages to this JSON-lines file instead of sending them through the configured channels.")
        var outboxFile: String?
        @OptionGroup var store: StoreOptions

        func run() async throws {
            let store = try store.open()
            let settings = try await store.loadSettings()
            let calendar = settings.calendar
            guard let end = AsOfOptions.parse(until, calendar: calendar) else { throw CommandFailure("--until '\(until)' is not a date") }
            guard let stride = DurationText.seconds(step), stride > 0 else { throw CommandFailure("--step '\(step)' is not like 30m, 1h or 1d") }
            let adapters = try AutomationChannels.adapters(settings: settings, outboxFile: outboxFile)
            let runner = AutomationRunner(store: store, adapters: adapters)
            var moment: Instant
            if let from {
                moment = try DayBoundary.start(from, calendar: calendar)
            } else {
                let journeys = try await store.journeys().filter { $0.status == .active }
                moment = journeys.map { $0.watermark ?? $0.createdAt }.min() ?? end
            }
            var total = TickReport()
            var passes = 0
            repeat {
                moment = min(moment + stride, end)
                total += try await runner.tick(at: moment)
                passes += 1
            } while moment < end
            print(AutomationText.summary(total, passes: passes, until: calendar.format(end)))
            if adapters.isEmpty {
                print("No channel is set up (settings smtp_url, sms_gateway_url, wechat_work_webhook, push_gateway_url), so every customer was unreachable and journey messages were held back; --outbox-file writes messages to a file instead.")
            }
        }
    }
}

enum AutomationChannels {
    static func adapters(settings: ShopSettings, outboxFile: String?) throws -> [ContactChannel: any ChannelAdapter] {
        if let outboxFile { return FileChannel.all(try FileSink(path: outboxFile)) }
        let set = try ChannelSet(endpoints: settings.automation.endpoints)
        return Dictionary(uniqueKeysWithValues: set.available.compactMap { channel in set.adapter(for: channel).map { (channel, $0) } })
    }
}

enum AutomationText {
    static func summary(_ report: TickReport, passes: Int, until: String) -> String {
        var text = "\(passes) passes up to \(until): entered 进入 \(report.entered), steps run 执行步骤 \(report.steps.stepsRun), "
            + "messages queued 写入发件箱 \(report.steps.messagesQueued), sent 发送 \(report.delivery.sent), "
            + "retrying 重试 \(report.delivery.retried), dead 死信 \(report.delivery.dead), coupons 发券 \(report.steps.couponsIssued), "
            + "tasks 任务 \(report.steps.tasksCreated)"
        if !report.steps.heldBack.isEmpty {
            text += "\nheld back 被策略拦下: " + report.steps.heldBack.sorted { $0.key.rawValue < $1.key.rawValue }
                .map { "\($0.key.rawValue) \($0.value)" }.joined(separator: ", ")
        }
        return text
    }
}

/// `30m`, `12h`, `2d` → seconds.
enum DurationText {
    static func seconds(_ text: String) -> Int64? {
        guard let unit = text.last, let number = Int64(text.dropLast()), number >= 0 else { return nil }
        switch unit {
        case "s": return number
        case "m": return number * 60
        case "h": return number * 3600
        case "d": return number * 86_400
        default: return nil
        }
    }
}
