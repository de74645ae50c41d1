import CSystemShims
import Glibc
import ShimJSON

extension Supervisor {
    /// `runc create` with fresh output pipes; afterwards the init is our child (we are its subreaper) and
    /// is watched through a pidfd.
    func create() -> Result<Void, SpawnError> {
        guard let out = System.pipe(), let err = System.pipe() else {
            return .failure(SpawnError(message: "pipe: \(System.errorText())"))
        }
        let null = open("/dev/null", O_RDONLY | O_CLOEXEC)
        let pidFile = options.file(ShimFiles.initPid)
        unlink(pidFile)
        let runcLog = options.file(ShimFiles.runcLog)
        let logStart = System.readFile(runcLog)?.count ?? 0
        let command = options.runcCommand(["--log", runcLog, "--log-format", "json", "create", "--bundle", options.bundle,
                                           "--pid-file", pidFile, options.id])
        let spawned = System.spawn(command, stdin: null, stdout: out.write, stderr: err.write)
        close(null)
        close(out.write)
        close(err.write)
        for fd in [out.read, err.read] { System.setNonBlocking(fd) }
        outputs = [(out.read, .stdout), (err.read, .stderr)]
        let pid: pid_t
        switch spawned {
        case .failure(let error):
            closeOutputs()
            return .failure(error)
        case .success(let spawnedPid): pid = spawnedPid
        }
        let code = System.waitFor(pid)
        guard code == 0 else {
            let stderr = drainOutputsText()
            closeOutputs()
            return .failure(SpawnError(message: "runc create \(options.id): "
                                       + (runcError(in: runcLog, from: logStart) ?? stderr ?? "exit status \(code)")))
        }
        guard let initPid = System.pid(inFile: pidFile) else {
            closeOutputs()
            return .failure(SpawnError(message: "runc create \(options.id): no pid in \(pidFile)"))
        }
        self.initPid = initPid
        initPidfd = csys_pidfd_open(initPid)
        if initPidfd < 0 { diagnose("pidfd_open \(initPid): \(System.errorText())") }
        runStartedMs = System.monotonicMs()
        state.initPid = initPid
        return .success(())
    }

    /// A short runc command (delete, start); its error message when it failed.
    func runc(_ arguments: [String]) -> String? {
        let runcLog = options.file(ShimFiles.runcLog)
        let logStart = System.readFile(runcLog)?.count ?? 0
        let null = open("/dev/null", O_RDWR | O_CLOEXEC)
        defer { close(null) }
        let command = options.runcCommand(["--log", runcLog, "--log-format", "json"] + arguments)
        switch System.spawn(command, stdin: null, stdout: null, stderr: null) {
        case .failure(let error): return error.message
        case .success(let pid):
            let code = System.waitFor(pid)
            guard code != 0 else { return nil }
            return "runc \(arguments.first ?? "") \(options.id): " + (runcError(in: runcLog, from: logStart) ?? "exit status \(code)")
        }
    }

    /// The last error runc logged after `offset` of its json log.
    private func runcError(in path: String, from offset: Int) -> String? {
        guard let bytes = System.readFile(path), bytes.count > offset else { return nil }
        var message: String?
        for line in bytes[offset...].split(separator: UInt8(ascii: "\n")) {
            guard let entry = try? JSONValue(parsing: Array(line)) else { continue }
            if entry["level"]?.stringValue == "error", let msg = entry["msg"]?.stringValue {
                message = msg
            }
        }
        return message
    }

    private func drainOutputsText() -> String? {
        var text: [UInt8] = []
        for output in outputs {
            var buffer = [UInt8](repeating: 0, count: 4096)
            let count = buffer.withUnsafeMutableBytes { read(output.fd, $0.baseAddress, $0.count) }
            if count > 0 { text += buffer[0..<count] }
        }
        let result = String(decoding: text, as: UTF8.self).split(separator: "\n").joined(separator: " ")
        return result.isEmpty ? nil : result
    }

    func closeOutputs() {
        for output in outputs { close(output.fd) }
        outputs = []
    }
}
