import ComposeCommands
import Foundation

@main
enum ComposeMain {
    static func main() async {
        let status = await ComposeCommand.execute(Array(CommandLine.arguments.dropFirst()))
        exit(status)
    }
}
