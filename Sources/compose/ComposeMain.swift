import ComposeCommands

@main
enum ComposeMain {
    static func main() async {
        await ComposeCommand.main()
    }
}
