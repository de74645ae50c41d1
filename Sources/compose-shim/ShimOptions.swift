/// `compose-shim run --bundle B --runc-root R --id ID [--runc PATH] [--config B/shim.json]`.
struct ShimOptions {
    var bundle: String
    var runcRoot: String
    var id: String
    var runc = "/usr/sbin/runc"
    var config: String

    static let usage = "usage: compose-shim run --bundle DIR --runc-root DIR --id ID [--runc PATH] [--config FILE]"

    init(arguments: [String]) throws(UsageError) {
        guard arguments.first == "run" else { throw UsageError(message: Self.usage) }
        var values: [String: String] = [:]
        var index = 1
        while index < arguments.count {
            let flag = arguments[index]
            guard ["--bundle", "--runc-root", "--id", "--runc", "--config"].contains(flag), index + 1 < arguments.count else {
                throw UsageError(message: "unexpected argument \"\(flag)\"\n\(Self.usage)")
            }
            values[flag] = arguments[index + 1]
            index += 2
        }
        guard let bundle = values["--bundle"], let root = values["--runc-root"], let id = values["--id"] else {
            throw UsageError(message: Self.usage)
        }
        self.bundle = bundle
        runcRoot = root
        self.id = id
        if let runc = values["--runc"] { self.runc = runc }
        config = values["--config"] ?? "\(bundle)/\(ShimFiles.config)"
    }

    func file(_ name: String) -> String { "\(bundle)/\(name)" }

    /// `runc --root R <arguments>`.
    func runcCommand(_ arguments: [String]) -> [String] {
        [runc, "--root", runcRoot] + arguments
    }
}

struct UsageError: Error {
    var message: String
}
