import RegularsCLI

await RegularsCommand.execute()
