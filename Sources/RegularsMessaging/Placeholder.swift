// The delivery side of automation: channel adapters, the outbox worker and the scheduler.
