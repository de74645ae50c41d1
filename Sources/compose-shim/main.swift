import Glibc

// compose-shim: the supervisor of one container (recipes §4.3). It forks once, while still
// single-threaded: the parent reports the child's "created" result on stdout and exits, the child stays
// behind in its own session as the container's subreaper, log writer, restarter and health prober.

let arguments = Array(CommandLine.arguments.dropFirst())
let options: ShimOptions
do {
    options = try ShimOptions(arguments: arguments)
} catch {
    System.writeAll(2, Array("compose-shim: \(error.message)\n".utf8))
    exit(2)
}

guard let sync = System.pipe() else {
    print("error compose-shim: pipe: \(System.errorText())")
    exit(1)
}

let child = fork()
if child < 0 {
    print("error compose-shim: fork: \(System.errorText())")
    exit(1)
}
if child > 0 {
    // The launcher's side: one line from the supervisor, then exit at once.
    close(sync.write)
    var message: [UInt8] = []
    var byte: UInt8 = 0
    while true {
        let count = read(sync.read, &byte, 1)
        if count < 0 && errno == EINTR { continue }
        if count <= 0 || byte == UInt8(ascii: "\n") { break }
        message.append(byte)
    }
    var status: Int32 = 0
    _ = waitpid(child, &status, WNOHANG)
    let line = message.isEmpty ? "error compose-shim exited before reporting" : String(decoding: message, as: UTF8.self)
    print(line)
    exit(line.hasPrefix("ok ") ? 0 : 1)
}

close(sync.read)
Supervisor.detach(options: options, keep: sync.write)
let supervisor = Supervisor(options: options, report: sync.write)
supervisor.start()
